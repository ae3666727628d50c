//! `certificate_bound_tokens` at the edge: the configuration member, and
//! the binding checked against the connection the adapter reports.

use super::{NOW_MS, claims, config_json, jwks, token};
use crate::ErrorCode;
use crate::edge::*;
use alloc::format;
use alloc::string::String;

fn gateway(member: &str) -> (Gateway, Sources) {
    let keys = format!(r#""local_jwks": {}{member}"#, jwks("k1"));
    let config = EdgeConfig::from_json(config_json(&keys).as_bytes()).expect("valid config");
    let sources = Sources::new(&config);
    (Gateway::new(config), sources)
}

fn alice() -> CertificateThumbprint {
    CertificateThumbprint::of_der(b"alice")
}

fn bob() -> CertificateThumbprint {
    CertificateThumbprint::of_der(b"bob")
}

fn bound_to(certificate: CertificateThumbprint) -> String {
    let x5t = certificate.to_base64url();
    token("k1", &claims(&format!(r#","cnf":{{"x5t#S256":"{x5t}"}}"#)))
}

/// The denial code (`None`: allowed with identity).
fn verdict(
    (gateway, sources): &mut (Gateway, Sources),
    token: &str,
    certificate: Option<CertificateThumbprint>,
    extra_headers: &[(&str, &str)],
) -> Option<&'static str> {
    let authorization = format!("Bearer {token}");
    let mut headers = alloc::vec![("authorization", authorization.as_str())];
    headers.extend_from_slice(extra_headers);
    let request = Request {
        method: "GET",
        path: "/",
        headers: &headers,
    };
    let connection = Connection {
        client_certificate: certificate,
    };
    let decision = gateway.decide_with_connection(&request, &connection, sources, NOW_MS);
    match decision.report.denial {
        None => {
            assert!(decision.report.allowed);
            None
        }
        Some(denial) => Some(denial.as_str()),
    }
}

#[test]
fn the_connection_certificate_decides() {
    let mut edge = gateway(r#", "certificate_bound_tokens": {}"#);
    let bound = bound_to(alice());
    assert_eq!(verdict(&mut edge, &bound, Some(alice()), &[]), None);
    assert_eq!(
        verdict(&mut edge, &bound, Some(bob()), &[]),
        Some("certificate_mismatch")
    );
    assert_eq!(
        verdict(&mut edge, &bound, None, &[]),
        Some("certificate_required")
    );
    // A cache hit gives the same verdicts: the binding is per request.
    assert_eq!(verdict(&mut edge, &bound, Some(alice()), &[]), None);
    assert_eq!(
        verdict(&mut edge, &bound, Some(bob()), &[]),
        Some("certificate_mismatch")
    );
    // An unbound token passes, as without the member.
    assert_eq!(
        verdict(&mut edge, &token("k1", &claims("")), None, &[]),
        None
    );
}

#[test]
fn a_header_never_stands_for_the_certificate() {
    let mut edge = gateway(r#", "certificate_bound_tokens": {}"#);
    let bound = bound_to(alice());
    let hash = alice()
        .0
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>();
    let xfcc = format!("Hash={hash};Subject=\"CN=alice\"");
    for certificate in [None, Some(bob())] {
        let denied = verdict(
            &mut edge,
            &bound,
            certificate,
            &[("x-forwarded-client-cert", xfcc.as_str())],
        );
        assert!(denied.is_some_and(|code| code.starts_with("certificate_")));
    }
}

#[test]
fn decide_without_a_connection_has_no_certificate() {
    let (mut gateway, mut sources) = gateway(r#", "certificate_bound_tokens": {}"#);
    let authorization = format!("Bearer {}", bound_to(alice()));
    let headers = [("authorization", authorization.as_str())];
    let request = Request {
        method: "GET",
        path: "/",
        headers: &headers,
    };
    let decision = gateway.decide(&request, &mut sources, NOW_MS);
    assert_eq!(
        decision.report.denial,
        Some(Denial::Token(ErrorCode::CertificateRequired))
    );
}

#[test]
fn without_the_member_a_bound_token_is_not_verified() {
    let mut edge = gateway("");
    assert_eq!(
        verdict(&mut edge, &bound_to(alice()), Some(alice()), &[]),
        Some("binding_not_verified")
    );
}

#[test]
fn required_refuses_unbound_tokens() {
    let mut edge = gateway(r#", "certificate_bound_tokens": {"required": true}"#);
    assert_eq!(
        verdict(&mut edge, &token("k1", &claims("")), Some(alice()), &[]),
        Some("certificate_token_unbound")
    );
    assert_eq!(
        verdict(&mut edge, &bound_to(alice()), Some(alice()), &[]),
        None
    );
}

#[test]
fn the_member_is_checked_with_its_path() {
    for (member, path) in [
        (
            r#", "certificate_bound_tokens": {"require": true}"#,
            "providers.main.certificate_bound_tokens.require",
        ),
        (
            r#", "certificate_bound_tokens": {"required": "yes"}"#,
            "providers.main.certificate_bound_tokens.required",
        ),
        (
            r#", "certificate_bound_tokens": true"#,
            "providers.main.certificate_bound_tokens",
        ),
    ] {
        let keys = format!(r#""local_jwks": {}{member}"#, jwks("k1"));
        match EdgeConfig::from_json(config_json(&keys).as_bytes()) {
            Err(ConfigError::Field { path: at, .. }) => assert_eq!(at, path, "{member}"),
            other => panic!("{member}: {other:?}"),
        }
    }
}
