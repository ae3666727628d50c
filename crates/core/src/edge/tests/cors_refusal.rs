//! `cors`: which refusals carry `Access-Control-Allow-Origin`, on every
//! path to a refusal (decided at once, or after the host's signature
//! check), and which configurations are refused.

use super::step::{es_token, step_config_json, step_jwks};
use super::{NOW_MS, claims};
use crate::edge::*;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

const APP: &str = "https://app.example";

fn gateway(cors: &str) -> (Gateway, Sources) {
    let json = step_config_json(&format!(r#""local_jwks": {}"#, step_jwks("k1")))
        .replace("\"rules\"", &format!("\"cors\": {cors}, \"rules\""));
    let config = EdgeConfig::from_json(json.as_bytes()).expect("valid config");
    let sources = Sources::new(&config);
    (Gateway::new(config), sources)
}

fn refusal_headers(decision: Decision) -> Vec<(String, String)> {
    match decision.verdict {
        Verdict::Deny(response) => response.headers,
        Verdict::Allow { .. } => panic!("expected a refusal"),
    }
}

fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

fn decide(gw: &mut Gateway, src: &mut Sources, headers: &[(&str, &str)]) -> Decision {
    let request = Request {
        method: "GET",
        path: "/orders",
        headers,
    };
    gw.decide(&request, src, NOW_MS)
}

#[test]
fn an_allowed_origin_is_echoed_on_a_refusal() {
    let (mut gw, mut src) = gateway(&format!(r#"{{"allow_origins": ["{APP}"]}}"#));
    let headers = refusal_headers(decide(&mut gw, &mut src, &[("Origin", APP)]));
    assert_eq!(header(&headers, "access-control-allow-origin"), Some(APP));
    assert_eq!(header(&headers, "vary"), Some("origin"));
    assert_eq!(
        header(&headers, "access-control-expose-headers"),
        Some("www-authenticate, retry-after")
    );
    assert_eq!(header(&headers, "access-control-allow-credentials"), None);
    // The challenge is still there.
    assert!(header(&headers, "www-authenticate").is_some());
}

#[test]
fn another_origin_or_none_gets_nothing() {
    let (mut gw, mut src) = gateway(&format!(r#"{{"allow_origins": ["{APP}"]}}"#));
    for headers in [
        &[("origin", "https://evil.example")][..],
        &[("origin", "https://app.example.evil")][..],
        &[("origin", "null")][..],
        &[][..],
    ] {
        let sent = refusal_headers(decide(&mut gw, &mut src, headers));
        assert_eq!(
            header(&sent, "access-control-allow-origin"),
            None,
            "{headers:?}"
        );
        assert_eq!(header(&sent, "vary"), None);
    }
}

#[test]
fn a_wildcard_sends_a_wildcard_and_credentials_need_listed_origins() {
    let (mut gw, mut src) = gateway(r#"{"allow_origins": ["*"]}"#);
    let headers = refusal_headers(decide(
        &mut gw,
        &mut src,
        &[("origin", "https://any.example")],
    ));
    assert_eq!(header(&headers, "access-control-allow-origin"), Some("*"));

    let (mut gw, mut src) = gateway(&format!(
        r#"{{"allow_origins": ["{APP}"], "allow_credentials": true}}"#
    ));
    let headers = refusal_headers(decide(&mut gw, &mut src, &[("origin", APP)]));
    assert_eq!(
        header(&headers, "access-control-allow-credentials"),
        Some("true")
    );
}

#[test]
fn a_refusal_after_the_host_signature_check_carries_it_too() {
    let (mut gw, mut src) = gateway(&format!(r#"{{"allow_origins": ["{APP}"]}}"#));
    let bearer = format!("Bearer {}", es_token("k1", &claims("")));
    let headers = [("origin", APP), ("authorization", bearer.as_str())];
    let request = Request {
        method: "GET",
        path: "/orders",
        headers: &headers,
    };
    let Step::NeedsSignature(pending) = gw.begin(&request, &mut src, NOW_MS) else {
        panic!("an ES256 token goes to the host");
    };
    // The host says no: the resumed refusal still gets the CORS headers.
    let Step::Done(decision) = gw.finish(pending, false, &mut src, NOW_MS) else {
        panic!("decided");
    };
    let sent = refusal_headers(decision);
    assert_eq!(header(&sent, "access-control-allow-origin"), Some(APP));
}

#[test]
fn a_forwarded_request_is_left_to_the_origin() {
    let (mut gw, mut src) = gateway(&format!(r#"{{"allow_origins": ["{APP}"]}}"#));
    let bearer = format!("Bearer {}", es_token("k1", &claims("")));
    let decision = decide(
        &mut gw,
        &mut src,
        &[("origin", APP), ("authorization", &bearer)],
    );
    let Verdict::Allow { set, .. } = decision.verdict else {
        panic!("a valid token passes");
    };
    assert!(
        set.iter()
            .all(|(name, _)| !name.starts_with("access-control-"))
    );
}

#[test]
fn configurations_refused_with_their_path() {
    for (cors, path) in [
        (r#"{}"#, "cors.allow_origins"),
        (r#"{"allow_origins": []}"#, "cors.allow_origins"),
        (
            r#"{"allow_origins": ["https://app.example/"]}"#,
            "cors.allow_origins",
        ),
        (
            r#"{"allow_origins": ["https://App.example"]}"#,
            "cors.allow_origins",
        ),
        (
            r#"{"allow_origins": ["*"], "allow_credentials": true}"#,
            "cors.allow_origins",
        ),
        (
            r#"{"allow_origins": ["*"], "allow_methods": ["GET"]}"#,
            "cors.allow_methods",
        ),
    ] {
        let json = step_config_json(&format!(r#""local_jwks": {}"#, step_jwks("k1")))
            .replace("\"rules\"", &format!("\"cors\": {cors}, \"rules\""));
        match EdgeConfig::from_json(json.as_bytes()) {
            Err(ConfigError::Field { path: at, .. }) => assert_eq!(at, path, "{cors}"),
            other => panic!("{cors}: {other:?}"),
        }
    }
}
