//! `tokenward/edge`'s engine (feature `edge`): one [`Edge`] per gateway
//! configuration, held by the JS `createGateway`. It owns the core's
//! `Gateway` (rules and the verified-token cache) and `Sources` (the
//! fetch machines); the JS side only carries fetches out and answers back.
//!
//! Requests arrive as line text (see [`wire`]) in the package's input
//! buffer ([`crate::input`]), the way tokens do. Times cross the boundary
//! as `f64` Unix milliseconds (JS numbers, not BigInt); ids are small
//! counters, exact in an `f64`.

// A trap would fail the request that hit it and leave the gateway's state
// in the isolate poisoned: no panicking shortcuts in the edge engine.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod decision;
mod introspect;
mod slots;
mod step;
mod wire;

use crate::input::with_input;
use crate::output::set_error;
use crate::remote::driver::{outcome_name, request_json, with_headers};
use crate::verifier::INVALID_OPTIONS;
use slots::{Slot, SlotInfo};
pub use step::EdgeStep;
use tokenward_core::edge::{
    CertificateThumbprint, Connection, Decision, EdgeConfig, Gateway, Request, Sources,
    Step as CoreStep,
};
use wasm_bindgen::prelude::*;

/// Largest request text accepted (method, path and every header): the JS
/// side answers 431 before encoding a larger one; the engine refuses one
/// that reaches it anyway.
const MAX_INPUT_BYTES: usize = 256 * 1024;

/// The edge gateway and its key and revocation sources.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Edge {
    gateway: Gateway,
    sources: Sources,
    slots: Vec<(Slot, SlotInfo)>,
    /// Requests waiting for each slot's refetch (see [`Edge::park`]).
    parked: Vec<usize>,
    /// The connection of the requests decided next
    /// ([`Edge::set_client_certificate`]).
    connection: Connection,
}

#[wasm_bindgen]
impl Edge {
    /// Parses the shared edge configuration (the Envoy filter's schema);
    /// `undefined` with the last error set (`invalid_options`, naming the
    /// JSON path at fault) for one the core refuses.
    pub fn create(config_json: &str) -> Option<Edge> {
        let config = match EdgeConfig::from_json(config_json.as_bytes()) {
            Ok(config) => config,
            Err(error) => {
                set_error(INVALID_OPTIONS, format!("tokenward configuration: {error}"));
                return None;
            }
        };
        let sources = Sources::new(&config);
        let slots = slots::slots(&config);
        Some(Edge {
            gateway: Gateway::new(config),
            sources,
            parked: vec![0; slots.len()],
            connection: Connection::default(),
            slots,
        })
    }

    /// Whether a provider checks certificate-bound tokens
    /// (`certificate_bound_tokens`): only then does a request's client
    /// certificate mean anything.
    #[wasm_bindgen(js_name = checksCertificates)]
    pub fn checks_certificates(&self) -> bool {
        let providers = &self.gateway.config().providers;
        providers
            .iter()
            .any(|p| p.certificate_bound_tokens.is_some())
    }

    /// The client certificate of the requests decided next: the SHA-256 of
    /// its DER in hex (`:` separators allowed), or `None` for a connection
    /// without one. `false` (nothing changed) for a value that is not 32
    /// bytes of hex.
    #[wasm_bindgen(js_name = setClientCertificate)]
    pub fn set_client_certificate(&mut self, sha256_hex: Option<String>) -> bool {
        let client_certificate = match sha256_hex {
            None => None,
            Some(hex) => match CertificateThumbprint::from_hex(&hex) {
                Some(thumbprint) => Some(thumbprint),
                None => return false,
            },
        };
        self.connection = Connection { client_certificate };
        true
    }

    /// The largest request text [`decide`](Self::decide) takes.
    #[wasm_bindgen(js_name = maxInput)]
    pub fn max_input() -> usize {
        MAX_INPUT_BYTES
    }

    /// Decides on the request text the JS side wrote as `len` (see `wire`
    /// and [`crate::input`]) at `now_ms`, checking signatures in wasm.
    /// Returns the decision JSON (see `decision`).
    pub fn decide(&mut self, len: usize, now_ms: f64) -> String {
        with_input(len, |text| {
            let Some(text) = request_text(text) else {
                return decision::internal_error();
            };
            let request = Request {
                method: text.method,
                path: text.path,
                headers: &text.headers,
            };
            let decision = self.gateway.decide_with_connection(
                &request,
                &self.connection,
                &mut self.sources,
                now_ms as u64,
            );
            self.decision_json(&decision)
        })
    }

    /// Like [`decide`](Self::decide), but stops at a signature the script
    /// can check with WebCrypto: the [`EdgeStep`] is a decision or that
    /// signature (then answer with [`finish`](Self::finish)).
    pub fn begin(&mut self, len: usize, now_ms: f64) -> EdgeStep {
        with_input(len, |text| {
            let Some(text) = request_text(text) else {
                return EdgeStep::done(decision::internal_error());
            };
            let request = Request {
                method: text.method,
                path: text.path,
                headers: &text.headers,
            };
            let step = self.gateway.begin_with_connection(
                &request,
                &self.connection,
                &mut self.sources,
                now_ms as u64,
            );
            self.step(step)
        })
    }

    /// The script's verdict on the signature of `step`: `valid` only when
    /// `crypto.subtle.verify` returned true. The core re-checks the
    /// signature length, then applies the claim rules, the cache and
    /// revocation. Consumes `step`.
    pub fn finish(&mut self, step: EdgeStep, valid: bool, now_ms: f64) -> EdgeStep {
        let Some(pending) = step.into_pending() else {
            return EdgeStep::done(decision::internal_error());
        };
        let step = self
            .gateway
            .finish(pending, valid, &mut self.sources, now_ms as u64);
        self.step(step)
    }

    /// For a signature the script cannot check (the runtime refused to
    /// import the key): the core checks it. Consumes `step`.
    #[wasm_bindgen(js_name = finishInCore)]
    pub fn finish_in_core(&mut self, step: EdgeStep, now_ms: f64) -> EdgeStep {
        let Some(pending) = step.into_pending() else {
            return EdgeStep::done(decision::internal_error());
        };
        let step = self
            .gateway
            .finish_in_core(pending, &mut self.sources, now_ms as u64);
        self.step(step)
    }

    /// The remote documents as JSON: `[{key, uri, timeout_ms, max_body_bytes}]`,
    /// indexed by slot number.
    pub fn slots(&self) -> String {
        let infos: Vec<&SlotInfo> = self.slots.iter().map(|(_, info)| info).collect();
        serde_json::to_string(&infos).unwrap_or_else(|_| "[]".to_owned())
    }

    /// The fetch slot `slot` needs now, as `RemoteKeySet`'s machine gives
    /// it (JSON `{id, ifNoneMatch, reason}`), or nothing (fresh, in flight,
    /// backing off).
    pub fn poll(&mut self, slot: usize, now_ms: f64) -> Option<String> {
        let request = self.machine(slot)?.poll(now_ms as u64)?;
        Some(request_json(request))
    }

    /// The answer to fetch `id`: status, response headers as JSON
    /// `[name, value]` pairs and the body. Returns the outcome as
    /// `RemoteKeySet`'s machine does (`updated`, `unchanged`, `ignored`,
    /// or `failed` with the last error set).
    #[wasm_bindgen(js_name = onResponse)]
    pub fn on_response(
        &mut self,
        slot: usize,
        now_ms: f64,
        id: f64,
        status: u16,
        headers_json: &str,
        body: &[u8],
    ) -> String {
        let outcome = match self.machine(slot) {
            Some(m) => outcome_name(with_headers(headers_json, |headers| {
                m.on_response(now_ms as u64, id as u64, status, headers, body)
            })),
            None => "ignored".to_owned(),
        };
        // A new metadata document may move a key set's URL.
        self.sources.follow_discovery(now_ms as u64);
        outcome
    }

    /// The URL slot `slot` fetches now: its configured one, or for a
    /// discovered key set the `jwks_uri` of the last accepted metadata
    /// document (`undefined` before one).
    pub fn uri(&self, slot: usize) -> Option<String> {
        let (kind, info) = self.slots.get(slot)?;
        match (kind, info.discovery) {
            (Slot::Jwks(provider, issuer), Some(_)) => self
                .sources
                .discovered(*provider, *issuer)?
                .jwks_uri()
                .map(str::to_owned),
            _ => Some(info.uri.clone()),
        }
    }

    /// Fetch `id` failed without an answer (network error, timeout).
    #[wasm_bindgen(js_name = onFailure)]
    pub fn on_failure(&mut self, slot: usize, now_ms: f64, id: f64) -> String {
        match self.machine(slot) {
            Some(m) => outcome_name(m.on_failure(now_ms as u64, id as u64)),
            None => "ignored".to_owned(),
        }
    }

    /// When slot `slot` wants its next `poll` (Unix ms; 0 = now).
    #[wasm_bindgen(js_name = nextWakeup)]
    pub fn next_wakeup(&mut self, slot: usize) -> f64 {
        self.machine(slot).map_or(0.0, |m| m.next_wakeup() as f64)
    }

    /// Whether slot `slot` has a document to decide with at `now_ms`
    /// (fresh, or stale within its stale-if-error window).
    pub fn usable(&mut self, slot: usize, now_ms: f64) -> bool {
        self.machine(slot).is_some_and(|m| m.usable(now_ms as u64))
    }

    /// A token named an unknown `kid`: asks slot `slot` for an early refetch
    /// (the core applies the cooldown). Returns whether a fetch is due or in
    /// flight, so waiting for it may help.
    #[wasm_bindgen(js_name = onUnknownKid)]
    pub fn on_unknown_kid(&mut self, slot: usize, now_ms: f64) -> bool {
        self.machine(slot)
            .is_some_and(|m| m.on_unknown_kid(now_ms as u64))
    }

    /// Whether a request whose token named an unknown `kid` may wait for
    /// slot `slot`'s refetch: the core says yes only when a fetch will end
    /// soon (never in the cooldown or a backoff) and fewer than the slot's
    /// `max_waiting_requests` already wait. A `true` must be paired with
    /// one [`unpark`](Self::unpark) when the wait ends.
    pub fn park(&mut self, slot: usize, now_ms: f64) -> bool {
        let parked = self.parked.get(slot).copied().unwrap_or(usize::MAX);
        let Some((Slot::Jwks(provider, issuer), _)) = self.slots.get(slot) else {
            return false;
        };
        let allowed = self
            .sources
            .jwks_mut(*provider, *issuer)
            .is_some_and(|m| m.park(now_ms as u64, parked).is_ok());
        if allowed && let Some(count) = self.parked.get_mut(slot) {
            *count = count.saturating_add(1);
        }
        allowed
    }

    /// A request that [`park`](Self::park) let wait is done waiting.
    pub fn unpark(&mut self, slot: usize) {
        if let Some(count) = self.parked.get_mut(slot) {
            *count = count.saturating_sub(1);
        }
    }

    /// The slot's document as a snapshot for the Cache API, if exportable.
    pub fn export(&mut self, slot: usize) -> Option<String> {
        self.machine(slot)?.export()
    }

    /// Records the introspection endpoint's answer on `token` for
    /// `provider`, received at `fetched_ms`: `status` 0 when the call
    /// failed without one. Returns until when (Unix ms) the verdict stands.
    #[wasm_bindgen(js_name = recordIntrospection)]
    pub fn record_introspection(
        &mut self,
        provider: usize,
        token: &str,
        status: u16,
        body: &[u8],
        fetched_ms: f64,
    ) -> f64 {
        let answer = match status {
            0 => tokenward_core::introspection::EndpointAnswer::Failed,
            status => tokenward_core::introspection::EndpointAnswer::Response { status, body },
        };
        self.gateway
            .record_introspection(provider, token, answer, fetched_ms as u64) as f64
    }

    /// The largest introspection answer read (one byte more is refused).
    #[wasm_bindgen(js_name = maxIntrospectionBytes)]
    pub fn max_introspection_bytes() -> usize {
        tokenward_core::introspection::MAX_RESPONSE_BYTES
    }

    /// Restores a snapshot another isolate exported. Returns whether it
    /// replaced the document (an invalid or older snapshot is ignored).
    pub fn import(&mut self, slot: usize, now_ms: f64, snapshot: &str) -> bool {
        let imported = self
            .machine(slot)
            .is_some_and(|m| m.import(now_ms as u64, snapshot).unwrap_or(false));
        self.sources.follow_discovery(now_ms as u64);
        imported
    }
}

impl Edge {
    fn decision_json(&self, decision: &Decision) -> String {
        let refetch = match decision.report {
            r if r.refetch_due => r
                .provider
                .zip(r.issuer)
                .and_then(|(p, i)| self.jwks_slot(p, i)),
            _ => None,
        };
        let due = decision.introspect.as_ref();
        let introspect = due.map(|due| introspect::introspect(&self.gateway, due));
        decision::to_json(decision, refetch, introspect)
    }

    fn step(&self, step: CoreStep) -> EdgeStep {
        match step {
            CoreStep::Done(decision) => EdgeStep::done(self.decision_json(&decision)),
            CoreStep::NeedsSignature(pending) => EdgeStep::pending(pending),
        }
    }

    fn jwks_slot(&self, provider: usize, issuer: usize) -> Option<usize> {
        self.slots
            .iter()
            .position(|(slot, _)| *slot == Slot::Jwks(provider, issuer))
    }

    fn machine(&mut self, slot: usize) -> Option<&mut dyn slots::Machine> {
        let (slot, _) = self.slots.get(slot)?;
        slots::machine(&mut self.sources, *slot)
    }
}

/// The request text's parts (a free function: it borrows only the text,
/// leaving the gateway usable).
fn request_text(text: &str) -> Option<wire::RequestText<'_>> {
    wire::request(text)
}
