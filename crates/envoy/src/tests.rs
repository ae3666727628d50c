//! The adapter's logic natively, with a mock host: several VMs sharing one
//! shared-data store, a settable clock, recorded outgoing calls.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::filter::{Filter, Next};
use crate::host::{CallResponse, Host, OutgoingGet, OutgoingPost, RequestHost};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use tokenward_core::edge::CertificateThumbprint;

mod discovery;
mod introspection;
mod waiting;

pub(crate) const JWKS: &str = r#"{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"k1","x":"G2EhtuNPhKpPsmDvIaLtTRhl6Cs4z_lr3rmLgMknn4A"}]}"#;

const CONFIG: &str = r#"{
  "providers": {"main": {"issuer": "https://issuer.example",
    "remote_jwks": {"uri": "https://keys.local/jwks.json", "cluster": "keys",
                    "cache_duration_seconds": 10, "timeout_ms": 1000}}},
  "rules": [{"match": {"prefix": "/"}, "requires": {"provider_name": "main"}}]
}"#;

#[derive(Default)]
pub(crate) struct MockHost {
    pub(crate) now: Cell<u64>,
    shared: RefCell<BTreeMap<String, (Vec<u8>, u32)>>,
    pub(crate) calls: RefCell<Vec<String>>,
    next_token: Cell<u32>,
    metrics: RefCell<BTreeMap<String, u64>>,
}

impl Host for MockHost {
    fn now_ms(&self) -> u64 {
        self.now.get()
    }
    fn shared_get(&self, key: &str) -> (Option<Vec<u8>>, Option<u32>) {
        match self.shared.borrow().get(key) {
            Some((value, cas)) => (Some(value.clone()), Some(*cas)),
            None => (None, None),
        }
    }
    fn shared_set(&self, key: &str, value: &[u8], cas: Option<u32>) -> bool {
        let mut shared = self.shared.borrow_mut();
        let current = shared.get(key).map(|(_, c)| *c);
        // Strict like ngx_wasm_module: the CAS read must match, absent = None.
        if current != cas {
            return false;
        }
        shared.insert(key.to_owned(), (value.to_vec(), current.unwrap_or(0) + 1));
        true
    }
    fn http_get(&self, call: &OutgoingGet<'_>) -> Option<u32> {
        self.calls
            .borrow_mut()
            .push(format!("{} {}{}", call.cluster, call.authority, call.path));
        self.next_token.set(self.next_token.get() + 1);
        Some(self.next_token.get())
    }
    fn http_post(&self, call: &OutgoingPost<'_>) -> Option<u32> {
        self.calls.borrow_mut().push(format!(
            "POST {} {}{} {}",
            call.cluster,
            call.authority,
            call.path,
            String::from_utf8_lossy(call.body)
        ));
        self.next_token.set(self.next_token.get() + 1);
        Some(self.next_token.get())
    }
    fn count(&self, name: &str, by: u64) {
        *self
            .metrics
            .borrow_mut()
            .entry(name.to_owned())
            .or_default() += by;
    }
    fn warn(&self, _: &str) {}
    fn info(&self, _: &str) {}
}

impl MockHost {
    pub(crate) fn metric(&self, name: &str) -> u64 {
        self.metrics.borrow().get(name).copied().unwrap_or(0)
    }
}

pub(crate) fn ok(body: &str) -> CallResponse {
    CallResponse {
        status: Some(200),
        headers: vec![],
        body: body.as_bytes().to_vec(),
    }
}

pub(crate) fn vm() -> Filter {
    Filter::from_json(CONFIG.as_bytes()).expect("valid configuration")
}

pub(crate) fn tick(host: &MockHost, filter: &mut Filter) {
    let Filter {
        fetcher, sources, ..
    } = filter;
    fetcher.tick(host, sources);
}

pub(crate) fn answer(host: &MockHost, filter: &mut Filter, token: u32, response: &CallResponse) {
    let Filter {
        fetcher, sources, ..
    } = filter;
    fetcher.on_response(host, sources, token, response);
}

fn has_keys(host: &MockHost, filter: &Filter) -> bool {
    filter.sources.keys(0, 0, host.now_ms()).is_ok()
}

#[test]
fn one_fetch_serves_every_vm() {
    let host = MockHost::default();
    host.now.set(1_000_000);
    let (mut a, mut b, mut c) = (vm(), vm(), vm());
    for filter in [&mut a, &mut b, &mut c] {
        tick(&host, filter);
    }
    assert_eq!(
        host.calls.borrow().len(),
        1,
        "one initial fetch for three VMs"
    );
    assert_eq!(host.calls.borrow()[0], "keys keys.local/jwks.json");
    answer(&host, &mut a, 1, &ok(JWKS));
    host.now.set(1_000_200);
    for filter in [&mut b, &mut c] {
        tick(&host, filter);
    }
    assert!([&a, &b, &c].iter().all(|f| has_keys(&host, f)));
    assert_eq!(host.metric("tokenward.main.jwks_fetch_success"), 1);
    // Refetch after the 10 s interval: again one fetch, whoever ticks first.
    host.now.set(1_010_500);
    for filter in [&mut c, &mut a, &mut b] {
        tick(&host, filter);
    }
    assert_eq!(host.calls.borrow().len(), 2);
}

#[test]
fn failures_keep_the_last_good_keys() {
    let host = MockHost::default();
    host.now.set(5_000_000);
    let (mut a, mut b) = (vm(), vm());
    tick(&host, &mut a);
    answer(&host, &mut a, 1, &ok(JWKS));
    host.now.set(5_011_000);
    tick(&host, &mut b);
    assert_eq!(host.calls.borrow().len(), 2, "b refetches");
    let failures = [
        CallResponse::default(),
        ok("garbage"),
        CallResponse {
            status: Some(500),
            ..CallResponse::default()
        },
    ];
    for (token, failure) in (2u32..).zip(failures) {
        answer(&host, &mut b, token, &failure);
        assert!(has_keys(&host, &b));
        // The backoff is shared: a does not retry at once.
        tick(&host, &mut a);
        assert_eq!(host.calls.borrow().len() as u32, token);
        host.now.set(host.now.get() + 60_000);
        tick(&host, &mut b);
    }
    assert_eq!(host.metric("tokenward.main.jwks_fetch_failed"), 3);
    assert!(has_keys(&host, &a) && has_keys(&host, &b));
}

#[test]
fn envoy_timeout_answer_counts_as_a_failure() {
    // Envoy answers a call past its timeout (the same `timeout_ms` as the
    // machine's) with a 504 at, or a millisecond after, the deadline; by
    // then the machine has abandoned the fetch and ignores the answer.
    let timeout_504 = CallResponse {
        status: Some(504),
        body: b"upstream request timeout".to_vec(),
        ..CallResponse::default()
    };
    for (token, (late_ms, response)) in (2u32..).zip([
        (1_000, timeout_504.clone()),
        (1_003, timeout_504),
        (1_000, CallResponse::default()),
        (1_200, ok(JWKS)),
    ]) {
        let host = MockHost::default();
        host.next_token.set(token - 1);
        host.now.set(2_000_000);
        let (mut a, mut b) = (vm(), vm());
        tick(&host, &mut a);
        answer(&host, &mut a, token, &ok(JWKS));
        host.now.set(2_011_000);
        tick(&host, &mut a);
        assert_eq!(host.calls.borrow().len(), 2, "a refetches");
        host.now.set(2_011_000 + late_ms);
        answer(&host, &mut a, token + 1, &response);
        assert_eq!(
            host.metric("tokenward.main.jwks_fetch_failed"),
            1,
            "answer {late_ms} ms late: {response:?}"
        );
        assert_eq!(host.metric("tokenward.main.jwks_fetch_success"), 1);
        assert!(has_keys(&host, &a));
        // The machine's backoff is shared: b does not retry at once.
        tick(&host, &mut b);
        assert_eq!(host.calls.borrow().len(), 2, "b waits for the backoff");
    }
}

pub(crate) struct MockRequest {
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) edits: RefCell<Vec<String>>,
    pub(crate) status: Cell<u16>,
    pub(crate) certificate: Option<CertificateThumbprint>,
}

impl RequestHost for MockRequest {
    fn request_headers(&self) -> Option<Vec<(String, String)>> {
        Some(self.headers.clone())
    }
    fn remove_header(&self, name: &str) -> bool {
        self.edits.borrow_mut().push(format!("-{name}"));
        true
    }
    fn set_header(&self, name: &str, value: &str) -> bool {
        self.edits.borrow_mut().push(format!("+{name}={value}"));
        true
    }
    fn respond(&self, status: u16, _: &[(String, String)], _: &[u8]) {
        self.status.set(status);
    }
    fn client_certificate(&self) -> Option<CertificateThumbprint> {
        self.certificate
    }
}

#[test]
fn requests_before_keys_wait_then_fail_closed() {
    let host = MockHost::default();
    host.now.set(1_000);
    let mut filter = vm();
    let request = MockRequest {
        headers: vec![
            (":path".into(), "/".into()),
            ("authorization".into(), "Bearer a.b.c".into()),
            ("x-tokenward-sub".into(), "spoof".into()),
        ],
        edits: RefCell::default(),
        status: Cell::new(0),
        certificate: None,
    };
    // The first request waits for the fetch in progress ...
    tick(&host, &mut filter);
    assert_eq!(filter.handle(&host, &request, 7, true), Next::Wait);
    assert_eq!(filter.ready_waiters(1_000), Vec::<u32>::new());
    // ... and is refused once its deadline passes without keys.
    host.now.set(10_000);
    assert_eq!(filter.ready_waiters(10_000), vec![7]);
    assert_eq!(filter.handle(&host, &request, 7, false), Next::Stop);
    assert_eq!(request.status.get(), 503);
    assert_eq!(host.metric("tokenward.main.denied.jwks_unavailable"), 1);
    // jwt_authn's name for every refusal, beside tokenward's per-code one.
    assert_eq!(host.metric("tokenward.main.denied"), 1);
}

#[test]
fn a_bypassed_cors_preflight_is_counted_under_jwt_authn_s_name() {
    let host = MockHost::default();
    host.now.set(1_000);
    let config = CONFIG.replace(r#""rules""#, r#""bypass_cors_preflight": true, "rules""#);
    let mut filter = Filter::from_json(config.as_bytes()).expect("valid configuration");
    let request = MockRequest {
        headers: vec![
            (":method".into(), "OPTIONS".into()),
            (":path".into(), "/".into()),
            ("origin".into(), "https://app.example".into()),
            ("access-control-request-method".into(), "GET".into()),
        ],
        edits: RefCell::default(),
        status: Cell::new(0),
        certificate: None,
    };
    assert_eq!(filter.handle(&host, &request, 1, true), Next::Continue);
    assert_eq!(host.metric("tokenward.cors_preflight_bypassed"), 1);
}
