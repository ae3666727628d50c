//! The gateway's introspection step: opaque tokens asked for, verdicts
//! recorded and reused, fail-closed on every failure.

use super::{NOW, NOW_MS, claims, jwks, token};
use crate::ErrorCode;
use crate::edge::*;
use crate::introspection::EndpointAnswer;
use alloc::format;
use alloc::string::{String, ToString};

const ISS: &str = "https://issuer.example";

fn gateway(extra: &str, keys: &str) -> (Gateway, Sources) {
    let json = format!(
        r#"{{"providers": {{"main": {{
      "issuer": "{ISS}", "algorithms": ["EdDSA"] {keys},
      "claim_to_headers": [{{"header_name": "x-scope", "claim_name": "scope"}}],
      "introspection": {{"endpoint": "https://issuer.example/token/introspection",
        "client_id": "edge", "client_secret": {{"inline_string": "pw"}} {extra}}}}}}},
      "rules": [{{"match": {{"prefix": "/"}}, "requires": {{"provider_name": "main"}}}}]}}"#
    );
    let config = EdgeConfig::from_json(json.as_bytes()).expect("valid config");
    let sources = Sources::new(&config);
    (Gateway::new(config), sources)
}

fn decide(gw: &mut Gateway, src: &mut Sources, bearer: &str, now_ms: u64) -> Decision {
    let value = format!("Bearer {bearer}");
    let headers = [("authorization", value.as_str())];
    let request = Request {
        method: "GET",
        path: "/api",
        headers: &headers,
    };
    gw.decide(&request, src, now_ms)
}

fn answer(body: &str) -> EndpointAnswer<'_> {
    EndpointAnswer::Response {
        status: 200,
        body: body.as_bytes(),
    }
}

fn set_headers(decision: &Decision) -> alloc::vec::Vec<(String, String)> {
    match &decision.verdict {
        Verdict::Allow { set, .. } => set.clone(),
        Verdict::Deny(response) => panic!("denied: {}", response.body),
    }
}

#[test]
fn introspection_an_opaque_token_is_asked_for_then_allowed_from_the_verdict() {
    let (mut gw, mut src) = gateway("", "");
    let first = decide(&mut gw, &mut src, "opaque-1", NOW_MS);
    let Verdict::Deny(response) = &first.verdict else {
        panic!("allowed before introspection");
    };
    assert_eq!(response.status, 503);
    let due = first.introspect.clone().expect("introspection due");
    assert_eq!((due.provider, due.token.as_str()), (0, "opaque-1"));
    let request = gw.introspection_request(&due).expect("endpoint known");
    assert!(request.body.starts_with("token=opaque-1&"));
    let body = format!(
        r#"{{"active":true,"client_id":"cron","scope":"read","exp":{},"iss":"{ISS}"}}"#,
        NOW + 600
    );
    let until = gw.record_introspection(0, "opaque-1", answer(&body), NOW_MS);
    assert_eq!(until, NOW_MS + 30_000);
    let allowed = decide(&mut gw, &mut src, "opaque-1", NOW_MS + 1);
    assert_eq!(allowed.introspect, None);
    let headers = set_headers(&allowed);
    assert!(headers.contains(&("x-tokenward-kind".into(), "service".into())));
    assert!(headers.contains(&("x-scope".into(), "read".into())));
    // Another token is never served this verdict.
    assert!(
        decide(&mut gw, &mut src, "opaque-", NOW_MS + 1)
            .introspect
            .is_some()
    );
    // Past cache_duration it is asked for again.
    assert!(
        decide(&mut gw, &mut src, "opaque-1", until)
            .introspect
            .is_some()
    );
}

#[test]
fn introspection_inactive_and_failed_answers_refuse() {
    let (mut gw, mut src) = gateway(r#", "inactive_cache_duration": "2s""#, "");
    gw.record_introspection(0, "gone", answer(r#"{"active":false}"#), NOW_MS);
    let refused = decide(&mut gw, &mut src, "gone", NOW_MS + 1_999);
    assert_eq!(
        refused.report.denial,
        Some(Denial::Token(ErrorCode::TokenInactive))
    );
    let Verdict::Deny(response) = refused.verdict else {
        panic!("allowed")
    };
    assert_eq!(response.status, 401);
    assert!(
        decide(&mut gw, &mut src, "gone", NOW_MS + 2_000)
            .introspect
            .is_some()
    );
    for failure in [
        EndpointAnswer::Failed,
        EndpointAnswer::Response {
            status: 401,
            body: b"{}",
        },
    ] {
        gw.record_introspection(0, "down", failure, NOW_MS);
        let refused = decide(&mut gw, &mut src, "down", NOW_MS + 1);
        assert_eq!(
            refused.report.denial,
            Some(Denial::Token(ErrorCode::IntrospectionUnavailable))
        );
        assert_eq!(refused.introspect, None, "failure verdict reused briefly");
        let Verdict::Deny(response) = refused.verdict else {
            panic!("allowed")
        };
        assert_eq!(response.status, 503);
    }
}

#[test]
fn introspection_jwts_keep_their_path_unless_introspect_jwts() {
    let keys = format!(r#", "local_jwks": {}"#, jwks("k1"));
    let jwt = token("k1", &claims(""));
    let (mut gw, mut src) = gateway("", &keys);
    assert_eq!(decide(&mut gw, &mut src, &jwt, NOW_MS).introspect, None);
    assert!(matches!(
        decide(&mut gw, &mut src, &jwt, NOW_MS).verdict,
        Verdict::Allow { .. }
    ));
    let (mut gw, mut src) = gateway(r#", "introspect_jwts": true"#, &keys);
    assert!(decide(&mut gw, &mut src, &jwt, NOW_MS).introspect.is_some());
    gw.record_introspection(0, &jwt, answer(r#"{"active":false}"#), NOW_MS);
    let refused = decide(&mut gw, &mut src, &jwt, NOW_MS);
    assert_eq!(
        refused.report.denial,
        Some(Denial::Token(ErrorCode::TokenInactive))
    );
    let (mut gw, mut src) = gateway(r#", "introspect_jwts": true"#, &keys);
    gw.record_introspection(0, &jwt, answer(r#"{"active":true}"#), NOW_MS);
    let headers = set_headers(&decide(&mut gw, &mut src, &jwt, NOW_MS));
    assert!(headers.contains(&("x-tokenward-sub".into(), "alice".into())));
}

#[test]
fn introspection_a_jwt_only_provider_still_refuses_opaque_tokens_malformed() {
    let json = format!(
        r#"{{"providers": {{"main": {{"issuer": "{ISS}", "local_jwks": {}}}}},
          "rules": [{{"match": {{"prefix": "/"}}, "requires": {{"provider_name": "main"}}}}]}}"#,
        jwks("k1")
    );
    let config = EdgeConfig::from_json(json.as_bytes()).expect("valid config");
    let mut src = Sources::new(&config);
    let mut gw = Gateway::new(config);
    let refused = decide(&mut gw, &mut src, "opaque-1", NOW_MS);
    assert_eq!(refused.introspect, None);
    assert_eq!(
        refused.report.denial,
        Some(Denial::Token(ErrorCode::Malformed))
    );
}

#[test]
fn introspection_without_an_endpoint_needs_discovery() {
    let json = format!(
        r#"{{"providers": {{"main": {{"issuer": "{ISS}",
          "introspection": {{"client_id": "edge", "client_secret": "pw"}}}}}},
          "rules": [{{"match": {{"prefix": "/"}}, "requires": {{"provider_name": "main"}}}}]}}"#
    );
    let error = EdgeConfig::from_json(json.as_bytes())
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("providers.main.introspection.endpoint: required without discovery"),
        "{error}"
    );
}

/// A provider with `discovery` and an `endpoint`-less `introspection`, and
/// a metadata document answered at `now`.
fn discovered_introspection() -> (Gateway, Sources) {
    let json = format!(
        r#"{{"providers": {{"main": {{"issuer": "{ISS}",
          "discovery": {{"cache_duration_seconds": 60}},
          "introspection": {{"client_id": "edge", "client_secret": "pw",
            "client_auth": "client_secret_post"}}}}}},
          "rules": [{{"match": {{"prefix": "/"}}, "requires": {{"provider_name": "main"}}}}]}}"#
    );
    let config = EdgeConfig::from_json(json.as_bytes()).expect("valid config");
    let sources = Sources::new(&config);
    (Gateway::new(config), sources)
}

fn answer_document(src: &mut Sources, now: u64, introspection_endpoint: Option<&str>) {
    let named = introspection_endpoint
        .map(|uri| format!(r#","introspection_endpoint":"{uri}""#))
        .unwrap_or_default();
    let body = format!(r#"{{"issuer":"{ISS}","jwks_uri":"{ISS}/jwks"{named}}}"#);
    let machine = src.discovery_mut(0, 0).expect("discovered");
    let fetch = machine.poll(now).expect("discovery due");
    machine.on_response(now, fetch.id, 200, &[], body.as_bytes());
    src.follow_discovery(now);
}

/// The endpoint `token`'s introspection goes to at `now`, `None` with none.
fn endpoint_of(gw: &mut Gateway, src: &mut Sources, now: u64) -> Option<String> {
    let decision = decide(gw, src, "opaque", now);
    let due = decision.introspect.expect("due");
    gw.introspection_request(&due).map(|r| r.endpoint.uri)
}

#[test]
fn introspection_without_an_endpoint_is_unavailable_until_a_document_is_accepted() {
    let (mut gw, mut src) = discovered_introspection();
    let decision = decide(&mut gw, &mut src, "opaque", NOW_MS);
    assert_eq!(
        decision.report.denied(),
        Some(INTROSPECTION_UNAVAILABLE),
        "503 meanwhile"
    );
    let due = decision.introspect.expect("due");
    assert_eq!(gw.introspection_request(&due), None, "no endpoint yet");
    gw.record_introspection(0, "opaque", EndpointAnswer::Failed, NOW_MS);
    assert_eq!(
        decide(&mut gw, &mut src, "opaque", NOW_MS).report.denied(),
        Some(INTROSPECTION_UNAVAILABLE)
    );

    answer_document(
        &mut src,
        NOW_MS,
        Some("https://issuer.example/token/introspection"),
    );
    let later = NOW_MS + 2_000; // past the failure's second
    let decision = decide(&mut gw, &mut src, "opaque", later);
    let request = gw
        .introspection_request(&decision.introspect.expect("due"))
        .expect("the document's endpoint");
    assert_eq!(
        request.endpoint.uri,
        "https://issuer.example/token/introspection"
    );
    assert_eq!(request.endpoint.authority, "issuer.example");
    assert!(request.body.ends_with("&client_id=edge&client_secret=pw"));
    gw.record_introspection(
        0,
        "opaque",
        answer(&format!(
            r#"{{"active": true, "iss": "{ISS}", "sub": "u1"}}"#
        )),
        later,
    );
    assert_eq!(
        decide(&mut gw, &mut src, "opaque", later).report.denied(),
        None
    );
}

#[test]
fn introspection_endpoint_follows_the_refreshed_document() {
    let (mut gw, mut src) = discovered_introspection();
    answer_document(
        &mut src,
        NOW_MS,
        Some("https://issuer.example/a/introspect"),
    );
    assert_eq!(
        endpoint_of(&mut gw, &mut src, NOW_MS).as_deref(),
        Some("https://issuer.example/a/introspect")
    );
    let refreshed = NOW_MS + 61_000;
    answer_document(
        &mut src,
        refreshed,
        Some("https://issuer.example/b/introspect"),
    );
    assert_eq!(
        endpoint_of(&mut gw, &mut src, refreshed).as_deref(),
        Some("https://issuer.example/b/introspect"),
        "moved with the document"
    );
    let again = refreshed + 61_000;
    answer_document(&mut src, again, None);
    assert_eq!(
        endpoint_of(&mut gw, &mut src, again),
        None,
        "a document naming none leaves none"
    );
}

#[test]
fn a_configured_introspection_endpoint_is_kept_beside_discovery() {
    let json = format!(
        r#"{{"providers": {{"main": {{"issuer": "{ISS}", "discovery": {{}},
          "introspection": {{"endpoint": "https://issuer.example/configured",
            "client_id": "edge", "client_secret": "pw"}}}}}},
          "rules": [{{"match": {{"prefix": "/"}}, "requires": {{"provider_name": "main"}}}}]}}"#
    );
    let config = EdgeConfig::from_json(json.as_bytes()).expect("valid config");
    let mut src = Sources::new(&config);
    let mut gw = Gateway::new(config);
    answer_document(&mut src, NOW_MS, Some("https://issuer.example/discovered"));
    assert_eq!(
        endpoint_of(&mut gw, &mut src, NOW_MS).as_deref(),
        Some("https://issuer.example/configured")
    );
}

#[test]
fn introspection_configuration_refuses_what_it_cannot_apply() {
    let provider = |introspection: &str, extra: &str| {
        format!(
            r#"{{"providers": {{"main": {{"issuer": "{ISS}" {extra},
              "introspection": {introspection}}}}}}}"#
        )
    };
    let cases = [
        (
            provider(
                r#"{"client_id": "e", "client_secret": "s", "client_auth": "private_key_jwt"}"#,
                "",
            ),
            "private_key_jwt",
        ),
        (
            provider(
                r#"{"client_id": "e", "client_secret": {"filename": "/s"}}"#,
                "",
            ),
            "client_secret.filename",
        ),
        (provider(r#"{"client_id": "e"}"#, ""), "client_secret"),
        (
            provider(
                r#"{"client_id": "e", "client_secret": "s", "cache_size": 0}"#,
                "",
            ),
            "cache_size",
        ),
        (
            provider(
                r#"{"client_id": "e", "client_secret": "s", "endpoint": "http://op.example/i"}"#,
                "",
            ),
            "endpoint",
        ),
        (
            provider(
                r#"{"client_id": "e", "client_secret": "s", "ttl": "1s"}"#,
                "",
            ),
            "ttl",
        ),
        (
            provider(
                r#"{"client_id": "e", "client_secret": "s"}"#,
                r#", "dpop": {}"#,
            ),
            "introspection",
        ),
    ];
    for (json, named) in cases {
        let error = EdgeConfig::from_json(json.as_bytes()).expect_err(&json);
        let message = format!("{error}");
        assert!(message.contains(named), "{message} should name {named}");
        assert!(!message.contains("\"s\""), "{message}");
    }
}
