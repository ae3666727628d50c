use super::*;
use crate::error::Error;
use crate::remote::{FetchPolicy, Outcome};
use alloc::format;
use alloc::string::String;

const ISSUER: &str = "https://login.example/tenant";

fn document(issuer: &str, jwks_uri: &str) -> String {
    format!(r#"{{"issuer":"{issuer}","jwks_uri":"{jwks_uri}","scopes_supported":["openid"]}}"#)
}

fn answer(machine: &mut DiscoveryFetch, now: u64, body: &[u8]) -> Outcome {
    let fetch = machine.poll(now).expect("a fetch is due");
    machine.on_response(now, fetch.id, 200, &[], body)
}

#[test]
fn oidc_url_appends_the_well_known_path() {
    assert_eq!(
        discovery_url("https://a.example", DiscoveryKind::Oidc),
        "https://a.example/.well-known/openid-configuration"
    );
    assert_eq!(
        discovery_url("https://a.example/t/", DiscoveryKind::Oidc),
        "https://a.example/t/.well-known/openid-configuration"
    );
}

#[test]
fn oauth_url_inserts_the_well_known_path_before_the_issuer_path() {
    assert_eq!(
        discovery_url("https://a.example", DiscoveryKind::OAuth),
        "https://a.example/.well-known/oauth-authorization-server"
    );
    assert_eq!(
        discovery_url("https://a.example:8443/issuer1", DiscoveryKind::OAuth),
        "https://a.example:8443/.well-known/oauth-authorization-server/issuer1"
    );
}

#[test]
fn accepts_the_configured_issuer_and_keeps_the_endpoints() {
    let mut machine = DiscoveryFetch::for_issuer(ISSUER, false);
    let body = format!(
        r#"{{"issuer":"{ISSUER}","jwks_uri":"https://login.example/keys",
        "introspection_endpoint":"https://login.example/introspect",
        "revocation_endpoint":"https://login.example/revoke",
        "mtls_endpoint_aliases":{{"token_endpoint":"https://mtls.example/token"}}}}"#
    );
    assert_eq!(answer(&mut machine, 0, body.as_bytes()), Outcome::Updated);
    let doc = machine.document(0).unwrap();
    assert_eq!(doc.issuer(), ISSUER);
    assert_eq!(doc.jwks_uri(), "https://login.example/keys");
    assert_eq!(
        doc.introspection_endpoint(),
        Some("https://login.example/introspect")
    );
    assert_eq!(
        doc.revocation_endpoint(),
        Some("https://login.example/revoke")
    );
}

#[test]
fn refuses_another_issuer_exactly() {
    for other in [
        "https://evil.example/tenant",
        "https://login.example/tenant/",
        "https://LOGIN.example/tenant",
        "https://login.example/tenant2",
    ] {
        let mut machine = DiscoveryFetch::for_issuer(ISSUER, false);
        let body = document(other, "https://login.example/keys");
        assert_eq!(
            answer(&mut machine, 0, body.as_bytes()),
            Outcome::Failed(Error::DiscoveryIssuerMismatch),
            "{other}"
        );
        assert!(machine.document(0).is_err(), "nothing to fetch keys from");
    }
}

#[test]
fn a_mismatch_keeps_the_last_good_document() {
    let mut machine = DiscoveryFetch::for_issuer(ISSUER, false);
    let good = document(ISSUER, "https://login.example/keys");
    assert_eq!(answer(&mut machine, 0, good.as_bytes()), Outcome::Updated);
    let later = 11 * 60 * 1000;
    let bad = document("https://evil.example", "https://evil.example/keys");
    assert_eq!(
        answer(&mut machine, later, bad.as_bytes()),
        Outcome::Failed(Error::DiscoveryIssuerMismatch)
    );
    assert_eq!(
        machine.document(later).unwrap().jwks_uri(),
        "https://login.example/keys"
    );
}

#[test]
fn refuses_a_jwks_uri_downgraded_to_http() {
    let mut machine = DiscoveryFetch::for_issuer(ISSUER, false);
    let body = document(ISSUER, "http://login.example/keys");
    assert!(matches!(
        answer(&mut machine, 0, body.as_bytes()),
        Outcome::Failed(Error::DiscoveryInvalid(_))
    ));
    let mut opted_in = DiscoveryFetch::for_issuer(ISSUER, true);
    assert_eq!(answer(&mut opted_in, 0, body.as_bytes()), Outcome::Updated);
}

#[test]
fn loopback_http_is_allowed_as_for_key_sets() {
    let issuer = "http://127.0.0.1:9000";
    let mut machine = DiscoveryFetch::for_issuer(issuer, false);
    let body = document(issuer, "http://127.0.0.1:9000/jwks");
    assert_eq!(answer(&mut machine, 0, body.as_bytes()), Outcome::Updated);
}

#[test]
fn refuses_an_insecure_introspection_endpoint() {
    let mut machine = DiscoveryFetch::for_issuer(ISSUER, false);
    let body = format!(
        r#"{{"issuer":"{ISSUER}","jwks_uri":"https://login.example/keys","introspection_endpoint":"http://login.example/i"}}"#
    );
    assert!(matches!(
        answer(&mut machine, 0, body.as_bytes()),
        Outcome::Failed(Error::DiscoveryInvalid(_))
    ));
}

#[test]
fn refuses_documents_without_the_members() {
    for body in [
        r#"{"jwks_uri":"https://login.example/keys"}"#,
        r#"{"issuer":"https://login.example/tenant"}"#,
        r#"{"issuer":"https://login.example/tenant","jwks_uri":7}"#,
        r#"{"issuer":"https://login.example/tenant","jwks_uri":"https://k.example","revocation_endpoint":[]}"#,
        r#"{"issuer":"https://login.example/tenant","issuer":"https://login.example/tenant","jwks_uri":"https://k.example"}"#,
        r#"["not an object"]"#,
    ] {
        let error = DiscoveryDocument::from_json(body.as_bytes()).unwrap_err();
        assert_eq!(error.code(), "discovery_invalid", "{body}");
    }
}

#[test]
fn caps_depth_and_size() {
    let deep = format!(r#"{{"issuer":"{ISSUER}","jwks_uri":"https://k.example","x":[[[[1]]]]}}"#);
    assert_eq!(
        DiscoveryDocument::from_json(deep.as_bytes())
            .unwrap_err()
            .code(),
        "discovery_invalid"
    );
    let padding = "a".repeat(MAX_DOCUMENT_BYTES);
    let big = format!(r#"{{"issuer":"{ISSUER}","jwks_uri":"https://k.example","x":"{padding}"}}"#);
    assert_eq!(
        DiscoveryDocument::from_json(big.as_bytes())
            .unwrap_err()
            .code(),
        "too_large"
    );
    let mut machine = DiscoveryFetch::for_issuer(ISSUER, false);
    assert_eq!(
        answer(&mut machine, 0, big.as_bytes()),
        Outcome::Failed(Error::TooLarge {
            limit: MAX_DOCUMENT_BYTES
        })
    );
}

#[test]
fn a_snapshot_is_checked_as_a_response() {
    let mut sharing = DiscoveryFetch::for_issuer("https://evil.example", false);
    let body = document("https://evil.example", "https://evil.example/keys");
    assert_eq!(answer(&mut sharing, 0, body.as_bytes()), Outcome::Updated);
    let snapshot = sharing.export().unwrap();
    let mut machine = DiscoveryFetch::for_issuer(ISSUER, false);
    assert_eq!(
        machine.import(0, &snapshot),
        Err(Error::DiscoveryIssuerMismatch)
    );
}

#[test]
fn its_own_max_age_bounds() {
    let mut machine = DiscoveryFetch::with_policy(
        ISSUER,
        false,
        DiscoveryDocument::fetch_policy().fetching_every(5_000),
    );
    let fetch = machine.poll(0).unwrap();
    let body = document(ISSUER, "https://login.example/keys");
    let headers = [("cache-control", "max-age=1")];
    machine.on_response(0, fetch.id, 200, &headers, body.as_bytes());
    assert_eq!(
        machine.next_wakeup(),
        5_000,
        "a max-age under the floor is raised"
    );
    let refetch = machine.poll(5_000).unwrap();
    let headers = [("cache-control", "max-age=60")];
    machine.on_response(5_000, refetch.id, 200, &headers, body.as_bytes());
    assert_eq!(
        machine.next_wakeup(),
        65_000,
        "the server's max-age above the floor"
    );
    assert_eq!(
        FetchPolicy::default().max_body_bytes / 4,
        DiscoveryDocument::fetch_policy().max_body_bytes
    );
}

#[test]
fn a_moved_document_is_refetched_at_once_and_served_until_then() {
    let mut keys = crate::remote::JwksFetch::new(FetchPolicy::default());
    let fetch = keys.poll(0).unwrap();
    let headers = [("etag", "\"old\"")];
    keys.on_response(0, fetch.id, 200, &headers, br#"{"keys":[]}"#);
    assert!(keys.poll(1_000).is_none(), "fresh");
    keys.moved(1_000);
    let refetch = keys.poll(1_000).expect("due at once after a move");
    assert_eq!(refetch.if_none_match, None, "no ETag of the old URL");
    assert!(
        keys.document(1_000).is_ok(),
        "old keys serve until the new set"
    );
}
