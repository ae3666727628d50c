//! A provider configured with its issuer alone: the `discovery` member,
//! the metadata document followed to the key set, and refusals.

use super::{NOW_MS, claims, config_json, jwks, token};
use crate::edge::*;
use crate::remote::Outcome;
use alloc::format;
use alloc::string::{String, ToString};

const ISS: &str = "https://issuer.example";

fn metadata(issuer: &str, jwks_uri: &str) -> String {
    format!(r#"{{"issuer":"{issuer}","jwks_uri":"{jwks_uri}"}}"#)
}

fn discovered(discovery: &str) -> (Gateway, Sources, usize) {
    let json = config_json(&format!(r#""discovery": {discovery}"#));
    let config = EdgeConfig::from_json(json.as_bytes()).expect("valid config");
    let main = config.provider_index("main").unwrap();
    let sources = Sources::new(&config);
    (Gateway::new(config), sources, main)
}

fn answer_discovery(src: &mut Sources, main: usize, now: u64, body: &str) -> Outcome {
    let machine = src.discovery_mut(main, 0).unwrap();
    let fetch = machine.poll(now).expect("discovery due");
    let outcome = machine.on_response(now, fetch.id, 200, &[], body.as_bytes());
    src.follow_discovery(now);
    outcome
}

fn answer_keys(src: &mut Sources, main: usize, now: u64, body: &str) -> Outcome {
    let machine = src.jwks_mut(main, 0).unwrap();
    let fetch = machine.poll(now).expect("keys due");
    machine.on_response(now, fetch.id, 200, &[], body.as_bytes())
}

fn verdict(gw: &mut Gateway, src: &mut Sources, kid: &str, now: u64) -> Option<&'static str> {
    let bearer = format!("Bearer {}", token(kid, &claims("")));
    let headers = [("authorization", bearer.as_str())];
    let request = Request {
        method: "GET",
        path: "/",
        headers: &headers,
    };
    gw.decide(&request, src, now).report.denied()
}

#[test]
fn the_configuration_names_the_metadata_url() {
    let json = config_json(
        r#""discovery": {"kind": "oauth", "cluster": "idp", "jwks_cluster": "keys", "cache_duration_seconds": 60, "jwks_cache_duration_seconds": 5}"#,
    )
    .replace(ISS, "https://issuer.example/tenant");
    let config = EdgeConfig::from_json(json.as_bytes()).expect("valid config");
    let KeySource::Discovered(source) = &config.providers[0].issuers[0].keys else {
        panic!("discovered")
    };
    assert_eq!(
        source.document.uri,
        "https://issuer.example/.well-known/oauth-authorization-server/tenant"
    );
    assert_eq!(source.document.cluster.as_deref(), Some("idp"));
    assert_eq!(source.jwks_cluster.as_deref(), Some("keys"));
    assert_eq!(source.document.policy.max_age_ms, 60_000);
    assert_eq!(source.jwks_policy.max_age_ms, 5_000);
    for shorthand in [r#"{}"#, r#""oidc""#] {
        let json = config_json(&format!(r#""discovery": {shorthand}"#));
        let config = EdgeConfig::from_json(json.as_bytes()).expect("valid config");
        let KeySource::Discovered(source) = &config.providers[0].issuers[0].keys else {
            panic!("discovered")
        };
        assert_eq!(
            source.document.uri,
            "https://issuer.example/.well-known/openid-configuration"
        );
    }
}

#[test]
fn configuration_mistakes_name_their_path() {
    let cases = [
        (
            format!(r#""discovery": {{}}, "local_jwks": {}"#, jwks("k1")),
            "providers.main: set exactly one of local_jwks, remote_jwks and discovery",
        ),
        (
            r#""discovery": {}, "remote_jwks": {"uri": "https://k.example/jwks"}"#.into(),
            "providers.main: set exactly one of local_jwks, remote_jwks and discovery",
        ),
        (
            r#""discovery": "openid""#.into(),
            "providers.main.discovery: expected \"oidc\"",
        ),
        (
            r#""discovery": {"kind": "saml"}"#.into(),
            "providers.main.discovery.kind: expected \"oidc\"",
        ),
        (
            r#""discovery": {"uri": "https://k.example"}"#.into(),
            "providers.main.discovery.uri: unknown field",
        ),
    ];
    for (keys, expected) in cases {
        let json = config_json(&keys);
        let error = EdgeConfig::from_json(json.as_bytes())
            .unwrap_err()
            .to_string();
        assert!(error.contains(expected), "{error}");
    }
    let insecure = config_json(r#""discovery": {}"#).replace(ISS, "http://issuer.example");
    let error = EdgeConfig::from_json(insecure.as_bytes()).unwrap_err();
    assert!(matches!(error, ConfigError::InsecureUri { .. }), "{error}");
}

#[test]
fn keys_come_from_the_discovered_jwks_uri() {
    let (mut gw, mut src, main) = discovered("{}");
    assert_eq!(
        verdict(&mut gw, &mut src, "k1", NOW_MS),
        Some("jwks_unavailable")
    );
    assert!(src.discovered(main, 0).unwrap().jwks_uri().is_none());
    let outcome = answer_discovery(
        &mut src,
        main,
        NOW_MS,
        &metadata(ISS, "https://keys.example/a"),
    );
    assert_eq!(outcome, Outcome::Updated);
    assert_eq!(
        src.discovered(main, 0).unwrap().jwks_uri(),
        Some("https://keys.example/a")
    );
    answer_keys(&mut src, main, NOW_MS, &jwks("k1"));
    assert_eq!(verdict(&mut gw, &mut src, "k1", NOW_MS), None);
}

#[test]
fn a_moved_jwks_uri_is_followed_and_old_keys_serve_until_the_new_set() {
    let (mut gw, mut src, main) = discovered(r#"{"cache_duration_seconds": 60}"#);
    answer_discovery(
        &mut src,
        main,
        NOW_MS,
        &metadata(ISS, "https://keys.example/a"),
    );
    answer_keys(&mut src, main, NOW_MS, &jwks("k1"));
    let later = NOW_MS + 61_000;
    answer_discovery(
        &mut src,
        main,
        later,
        &metadata(ISS, "https://keys.example/b"),
    );
    let discovered = src.discovered(main, 0).unwrap();
    assert_eq!(discovered.jwks_uri(), Some("https://keys.example/b"));
    assert_eq!(
        verdict(&mut gw, &mut src, "k1", later),
        None,
        "old keys still verify"
    );
    answer_keys(&mut src, main, later, &jwks("k2"));
    assert_eq!(verdict(&mut gw, &mut src, "k2", later), None);
    assert_eq!(verdict(&mut gw, &mut src, "k1", later), Some("unknown_kid"));
}

#[test]
fn a_document_naming_another_issuer_fetches_no_keys() {
    let (mut gw, mut src, main) = discovered("{}");
    let outcome = answer_discovery(
        &mut src,
        main,
        NOW_MS,
        &metadata("https://evil.example", "https://evil.example/keys"),
    );
    assert_eq!(
        outcome,
        Outcome::Failed(crate::Error::DiscoveryIssuerMismatch)
    );
    assert!(src.discovered(main, 0).unwrap().jwks_uri().is_none());
    assert_eq!(
        verdict(&mut gw, &mut src, "k1", NOW_MS),
        Some("jwks_unavailable")
    );
}

#[test]
fn the_document_exposes_the_endpoints() {
    let (_, mut src, main) = discovered("{}");
    let body = format!(
        r#"{{"issuer":"{ISS}","jwks_uri":"https://keys.example/a","introspection_endpoint":"https://issuer.example/introspect","revocation_endpoint":"https://issuer.example/revoke"}}"#
    );
    answer_discovery(&mut src, main, NOW_MS, &body);
    let document = src.discovered(main, 0).unwrap().document(NOW_MS).unwrap();
    assert_eq!(
        document.introspection_endpoint(),
        Some("https://issuer.example/introspect")
    );
    assert_eq!(
        document.revocation_endpoint(),
        Some("https://issuer.example/revoke")
    );
}
