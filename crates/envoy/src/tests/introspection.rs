//! Introspection across VMs with a mock host: one call per token for every
//! worker thread, held requests released by the answer, failures refused.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::{MockHost, MockRequest, ok};
use crate::filter::{Filter, Next};
use crate::host::{CallResponse, Host};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

const CONFIG: &str = r#"{
  "providers": {"main": {"issuer": "https://issuer.example",
    "introspection": {"endpoint": "https://issuer.example/token/introspection",
      "cluster": "op", "client_id": "edge", "client_secret": "pw", "timeout": "1s"}}},
  "rules": [{"match": {"prefix": "/"}, "requires": {"provider_name": "main"}}]
}"#;

fn vm(host: &Rc<MockHost>) -> Filter {
    let mut filter = Filter::from_json(CONFIG.as_bytes()).expect("valid configuration");
    let shared: Rc<dyn Host> = host.clone();
    filter.share_introspection(shared);
    filter
}

fn request(token: &str) -> MockRequest {
    MockRequest {
        headers: vec![
            (":path".into(), "/".into()),
            ("authorization".into(), format!("Bearer {token}")),
        ],
        edits: RefCell::new(Vec::new()),
        status: Cell::new(0),
        certificate: None,
    }
}

fn answer(host: &MockHost, filter: &mut Filter, call: u32, response: &CallResponse) {
    let Filter {
        introspector,
        gateway,
        ..
    } = filter;
    let introspector = introspector.as_mut().expect("introspecting");
    assert!(introspector.owns(call));
    introspector.on_response(host, gateway, call, response);
}

#[test]
fn introspection_one_call_serves_every_vm() {
    let host = Rc::new(MockHost::default());
    host.now.set(1_000_000);
    let (mut a, mut b) = (vm(&host), vm(&host));
    let (first, second) = (request("opaque-1"), request("opaque-1"));
    assert_eq!(a.handle(host.as_ref(), &first, 1, true), Next::Wait);
    assert_eq!(b.handle(host.as_ref(), &second, 2, true), Next::Wait);
    assert_eq!(host.calls.borrow().len(), 1, "b waits for a's call");
    assert!(
        host.calls.borrow()[0]
            .starts_with("POST op issuer.example/token/introspection token=opaque-1&")
    );
    host.now.set(1_000_100);
    answer(
        &host,
        &mut a,
        1,
        &ok(r#"{"active":true,"sub":"alice","client_id":"spa"}"#),
    );
    assert_eq!(a.ready_waiters(host.now_ms()), vec![1]);
    assert_eq!(b.ready_waiters(host.now_ms()), vec![2]);
    assert_eq!(a.handle(host.as_ref(), &first, 1, false), Next::Continue);
    assert_eq!(b.handle(host.as_ref(), &second, 2, false), Next::Continue);
    assert!(
        second
            .edits
            .borrow()
            .contains(&"+x-tokenward-sub=alice".to_owned())
    );
    // Later requests on either VM: no new call within cache_duration.
    host.now.set(1_020_000);
    assert_eq!(
        b.handle(host.as_ref(), &request("opaque-1"), 3, true),
        Next::Continue
    );
    assert_eq!(host.calls.borrow().len(), 1);
}

#[test]
fn introspection_failures_refuse_and_a_held_request_gives_up_at_the_deadline() {
    let host = Rc::new(MockHost::default());
    host.now.set(2_000_000);
    let (mut a, mut b) = (vm(&host), vm(&host));
    let (first, second) = (request("opaque-2"), request("opaque-2"));
    assert_eq!(a.handle(host.as_ref(), &first, 1, true), Next::Wait);
    assert_eq!(b.handle(host.as_ref(), &second, 2, true), Next::Wait);
    // a's call never answers: b is released at the marker's deadline.
    host.now.set(2_002_000);
    assert_eq!(b.ready_waiters(host.now_ms()), vec![2]);
    assert_eq!(b.handle(host.as_ref(), &second, 2, false), Next::Stop);
    assert_eq!(second.status.get(), 503);
    // A 401 from the endpoint (wrong secret): 503, never allowed.
    answer(
        &host,
        &mut a,
        1,
        &CallResponse {
            status: Some(401),
            ..CallResponse::default()
        },
    );
    assert_eq!(a.handle(host.as_ref(), &first, 1, false), Next::Stop);
    assert_eq!(first.status.get(), 503);
}
