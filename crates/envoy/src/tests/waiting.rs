//! Requests with an unknown `kid` across worker threads (VMs sharing one
//! shared-data store): they wait only for a refetch that will happen, every
//! thread releases them when it ends, and only up to the cap.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::{JWKS, MockHost, MockRequest, answer, ok, tick};
use crate::filter::{Filter, Next};
use crate::host::{CallResponse, Host};
use core::cell::{Cell, RefCell};

/// Cooldown 5 s, fetch timeout 1 s, at most 2 waiting requests per thread.
const CONFIG: &str = r#"{
  "providers": {"main": {"issuer": "https://issuer.example",
    "remote_jwks": {"uri": "https://keys.local/jwks.json", "cluster": "keys",
                    "cache_duration_seconds": 600, "timeout_ms": 1000,
                    "cooldown_seconds": 5, "max_waiting_requests": 2}}},
  "rules": [{"match": {"prefix": "/"}, "requires": {"provider_name": "main"}}]
}"#;

/// EdDSA header with `"kid":"nope"`, empty claims, a 64-byte signature.
const UNKNOWN_KID: &str = "eyJhbGciOiJFZERTQSIsImtpZCI6Im5vcGUifQ.e30.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

const T0: u64 = 1_767_225_600_000;

fn vm() -> Filter {
    Filter::from_json(CONFIG.as_bytes()).expect("valid configuration")
}

fn unknown_kid() -> MockRequest {
    MockRequest {
        headers: vec![
            (":path".into(), "/".into()),
            ("authorization".into(), format!("Bearer {UNKNOWN_KID}")),
        ],
        edits: RefCell::default(),
        status: Cell::new(0),
        certificate: None,
    }
}

/// Two VMs holding the first key set, fetched by `a` at `T0`.
fn two_threads(host: &MockHost) -> (Filter, Filter) {
    host.now.set(T0);
    let (mut a, mut b) = (vm(), vm());
    tick(host, &mut a);
    answer(host, &mut a, 1, &ok(JWKS));
    tick(host, &mut b);
    (a, b)
}

/// Decides a released request again, as the root does, and returns its status.
fn decide_again(host: &MockHost, filter: &mut Filter, request: &MockRequest, id: u32) -> u16 {
    assert_eq!(filter.handle(host, request, id, false), Next::Stop);
    request.status.get()
}

#[test]
fn during_the_cooldown_an_unknown_kid_is_refused_at_once() {
    let host = MockHost::default();
    let (mut a, mut b) = two_threads(&host);
    host.now.set(T0 + 1_000);
    for filter in [&mut a, &mut b] {
        let request = unknown_kid();
        assert_eq!(filter.handle(&host, &request, 7, true), Next::Stop);
        assert_eq!(request.status.get(), 401);
        assert!(filter.waiters.is_empty());
    }
    assert_eq!(host.metric("tokenward.main.denied.unknown_kid"), 2);
}

/// Drives one refetch that `a` performs while both threads hold a request,
/// answered with `response`; returns the statuses both requests get.
fn refetch_with_waiters(response: &CallResponse) -> (u16, u16) {
    let host = MockHost::default();
    let (mut a, mut b) = two_threads(&host);
    let at = T0 + 6_000;
    host.now.set(at);
    let (on_a, on_b) = (unknown_kid(), unknown_kid());
    assert_eq!(a.handle(&host, &on_a, 7, true), Next::Wait);
    tick(&host, &mut a);
    assert_eq!(host.calls.borrow().len(), 2, "a refetches");
    host.now.set(at + 50);
    assert_eq!(
        b.handle(&host, &on_b, 8, true),
        Next::Wait,
        "b waits for a's fetch"
    );
    tick(&host, &mut b);
    assert_eq!(host.calls.borrow().len(), 2, "b does not fetch too");
    host.now.set(at + 170);
    answer(&host, &mut a, 2, response);
    assert_eq!(a.ready_waiters(host.now_ms()), vec![7], "a at once");
    assert_eq!(b.ready_waiters(host.now_ms()), Vec::<u32>::new());
    // b learns of the end on its next tick (200 ms).
    host.now.set(at + 370);
    tick(&host, &mut b);
    assert_eq!(b.ready_waiters(host.now_ms()), vec![8], "b on its tick");
    (
        decide_again(&host, &mut a, &on_a, 7),
        decide_again(&host, &mut b, &on_b, 8),
    )
}

#[test]
fn a_refetch_with_the_same_keys_releases_waiters_on_every_thread() {
    assert_eq!(refetch_with_waiters(&ok(JWKS)), (401, 401));
}

#[test]
fn a_failed_refetch_releases_waiters_with_the_last_good_keys() {
    let down = CallResponse {
        status: Some(500),
        ..CallResponse::default()
    };
    assert_eq!(refetch_with_waiters(&down), (401, 401));
    assert_eq!(refetch_with_waiters(&CallResponse::default()), (401, 401));
}

#[test]
fn beyond_the_cap_requests_are_refused_at_once() {
    let host = MockHost::default();
    let (mut a, _) = two_threads(&host);
    host.now.set(T0 + 6_000);
    let held: Vec<MockRequest> = (0..2).map(|_| unknown_kid()).collect();
    for (id, request) in (10u32..).zip(&held) {
        assert_eq!(a.handle(&host, request, id, true), Next::Wait);
    }
    let over = unknown_kid();
    assert_eq!(a.handle(&host, &over, 12, true), Next::Stop);
    assert_eq!(over.status.get(), 401);
    assert_eq!(a.waiters.len(), 2);
    // A request that ends while waiting frees its place.
    a.forget(10);
    assert_eq!(a.handle(&host, &unknown_kid(), 13, true), Next::Wait);
}
