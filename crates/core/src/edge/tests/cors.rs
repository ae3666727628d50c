//! `bypass_cors_preflight`: which requests count as a preflight, and that
//! the bypass changes nothing else.

use super::{NOW_MS, claims, config_json, jwks, token};
use crate::edge::*;
use alloc::format;

fn gateway(bypass: bool) -> (Gateway, Sources) {
    let json = config_json(&format!(r#""local_jwks": {}"#, jwks("k1"))).replace(
        "\"rules\"",
        &format!("\"bypass_cors_preflight\": {bypass}, \"rules\""),
    );
    let config = EdgeConfig::from_json(json.as_bytes()).expect("valid config");
    let sources = Sources::new(&config);
    (Gateway::new(config), sources)
}

fn decide(gw: &mut Gateway, src: &mut Sources, method: &str, headers: &[(&str, &str)]) -> Decision {
    let request = Request {
        method,
        path: "/orders",
        headers,
    };
    gw.decide(&request, src, NOW_MS)
}

const PREFLIGHT: [(&str, &str); 3] = [
    ("Origin", "https://app.example"),
    ("Access-Control-Request-Method", "POST"),
    ("x-tokenward-sub", "root"),
];

#[test]
fn a_preflight_passes_without_a_token_and_without_identity() {
    let (mut gw, mut src) = gateway(true);
    let decision = decide(&mut gw, &mut src, "OPTIONS", &PREFLIGHT);
    let Verdict::Allow { set, remove } = decision.verdict else {
        panic!("a preflight passes")
    };
    assert!(set.is_empty());
    assert!(remove.iter().any(|h| h == "x-tokenward-sub"));
    // Not counted as a verified request.
    assert!(!decision.report.allowed);
    assert_eq!(decision.report.provider, None);
}

#[test]
fn without_the_option_a_preflight_needs_a_token() {
    let (mut gw, mut src) = gateway(false);
    let decision = decide(&mut gw, &mut src, "OPTIONS", &PREFLIGHT);
    assert!(matches!(decision.verdict, Verdict::Deny(ref r) if r.status == 401));
}

#[test]
fn only_a_real_preflight_is_bypassed() {
    let (mut gw, mut src) = gateway(true);
    let origin = ("origin", "https://app.example");
    let method = ("access-control-request-method", "POST");
    for (verb, headers) in [
        ("OPTIONS", alloc::vec![origin]),
        ("OPTIONS", alloc::vec![method]),
        ("OPTIONS", alloc::vec![]),
        ("options", alloc::vec![origin, method]),
        ("GET", alloc::vec![origin, method]),
        ("POST", alloc::vec![origin, method]),
    ] {
        let decision = decide(&mut gw, &mut src, verb, &headers);
        assert!(
            matches!(decision.verdict, Verdict::Deny(ref r) if r.status == 401),
            "{verb} {headers:?} must still need a token"
        );
    }
}

#[test]
fn a_token_on_a_preflight_is_not_checked() {
    // The bypass comes before the rules: even an expired token passes
    // through unread, and no identity is set from it.
    let (mut gw, mut src) = gateway(true);
    let expired = token("k1", &claims("").replace("\"exp\":", "\"exp\":1,\"x\":"));
    let bearer = format!("Bearer {expired}");
    let mut headers = PREFLIGHT.to_vec();
    headers.push(("authorization", bearer.as_str()));
    let decision = decide(&mut gw, &mut src, "OPTIONS", &headers);
    let Verdict::Allow { set, .. } = decision.verdict else {
        panic!("a preflight passes")
    };
    assert!(set.is_empty());
}
