//! A provider configured by `discovery`, natively with the mock host:
//! several VMs, one fetch of the metadata document and one of the key set
//! per refresh, the key set fetched from the `jwks_uri` the document names
//! (its `:authority` and `:path`, through `jwks_cluster`), and a moved
//! `jwks_uri` followed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::{JWKS, MockHost, answer, ok, tick};
use crate::filter::Filter;

const CONFIG: &str = r#"{
  "providers": {"main": {"issuer": "https://issuer.example",
    "discovery": {"cluster": "idp", "jwks_cluster": "keys", "cache_duration_seconds": 10,
                  "timeout_ms": 1000}}},
  "rules": [{"match": {"prefix": "/"}, "requires": {"provider_name": "main"}}]
}"#;

fn vm() -> Filter {
    Filter::from_json(CONFIG.as_bytes()).expect("valid configuration")
}

fn metadata(jwks_uri: &str) -> String {
    format!(r#"{{"issuer":"https://issuer.example","jwks_uri":"{jwks_uri}"}}"#)
}

#[test]
fn the_metadata_document_then_its_key_set_once_for_every_vm() {
    let host = MockHost::default();
    host.now.set(1_000_000);
    let (mut a, mut b) = (vm(), vm());
    tick(&host, &mut a);
    tick(&host, &mut b);
    assert_eq!(
        *host.calls.borrow(),
        ["idp issuer.example/.well-known/openid-configuration"],
        "no key set before the document"
    );
    answer(
        &host,
        &mut a,
        1,
        &ok(&metadata("https://keys.example/v1/jwks")),
    );
    host.now.set(1_000_200);
    tick(&host, &mut b);
    tick(&host, &mut a);
    assert_eq!(
        host.calls.borrow().len(),
        2,
        "one key set fetch for both VMs"
    );
    assert_eq!(host.calls.borrow()[1], "keys keys.example/v1/jwks");
    answer(&host, &mut b, 2, &ok(JWKS));
    host.now.set(1_000_400);
    tick(&host, &mut a);
    assert!(
        a.sources.keys(0, 0, host.now.get()).is_ok(),
        "a adopted b's keys"
    );
    // The document refreshes after 10 s and names a new jwks_uri.
    host.now.set(1_010_500);
    tick(&host, &mut a);
    tick(&host, &mut b);
    assert_eq!(host.calls.borrow().len(), 3);
    answer(
        &host,
        &mut a,
        3,
        &ok(&metadata("https://keys.example/v2/jwks")),
    );
    host.now.set(1_010_700);
    tick(&host, &mut b);
    tick(&host, &mut a);
    assert_eq!(host.calls.borrow().len(), 4, "the moved key set, once");
    assert_eq!(host.calls.borrow()[3], "keys keys.example/v2/jwks");
    assert!(
        b.sources.keys(0, 0, host.now.get()).is_ok(),
        "old keys until then"
    );
}

#[test]
fn a_document_naming_another_issuer_fetches_no_keys() {
    let host = MockHost::default();
    host.now.set(2_000_000);
    let mut a = vm();
    tick(&host, &mut a);
    let other = r#"{"issuer":"https://evil.example","jwks_uri":"https://evil.example/jwks"}"#;
    answer(&host, &mut a, 1, &ok(other));
    host.now.set(2_000_200);
    tick(&host, &mut a);
    assert_eq!(host.calls.borrow().len(), 1, "no key set fetched");
    assert_eq!(host.metric("tokenward.main.discovery.jwks_fetch_failed"), 1);
    assert!(a.sources.keys(0, 0, host.now.get()).is_err());
}

#[test]
fn discovery_needs_a_cluster_in_envoy() {
    let config = CONFIG.replace(r#""cluster": "idp", "jwks_cluster": "keys", "#, "");
    let error = Filter::from_json(config.as_bytes()).unwrap_err();
    assert!(format!("{error}").contains("main.discovery"), "{error}");
}
