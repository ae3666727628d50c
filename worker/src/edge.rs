//! The wasm-bindgen surface: one [`Edge`] per configuration, held in module
//! scope by the worker script. It owns the core's `Gateway` (rules and the
//! verified-token cache) and `Sources` (the refresh machines); the script
//! only carries fetches out and answers back.
//!
//! Times cross the boundary as `f64` Unix milliseconds (JS numbers, not
//! BigInt); ids are small counters, exact in an `f64`.

use crate::decision;
use crate::remote::{self, Slot, SlotInfo};
use crate::step::Step;
use crate::wire;
use serde::Serialize;
use tokenward_core::edge::{Decision, EdgeConfig, Gateway, Request, Sources, Step as CoreStep};
use wasm_bindgen::prelude::*;

/// Largest request text accepted (method, path and every header): larger
/// requests are refused by the script before they reach the core.
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
    /// Where the script encodes each request (`TextEncoder.encodeInto`).
    input: Vec<u8>,
}

#[derive(Serialize)]
struct Fetch<'f> {
    id: u64,
    if_none_match: Option<&'f str>,
    reason: &'static str,
}

#[wasm_bindgen]
impl Edge {
    /// Parses the shared edge configuration (the Envoy filter's schema).
    ///
    /// # Errors
    /// The configuration error, as text naming what to fix.
    #[wasm_bindgen(constructor)]
    pub fn new(config_json: &str) -> Result<Edge, JsError> {
        let config = EdgeConfig::from_json(config_json.as_bytes())
            .map_err(|error| JsError::new(&format!("tokenward configuration: {error}")))?;
        let sources = Sources::new(&config);
        let slots = remote::slots(&config);
        Ok(Edge {
            gateway: Gateway::new(config),
            sources,
            parked: vec![0; slots.len()],
            slots,
            input: Vec::new(),
        })
    }

    /// The largest request text [`decide`](Self::decide) takes.
    #[wasm_bindgen(js_name = maxInput)]
    pub fn max_input() -> usize {
        MAX_INPUT_BYTES
    }

    /// A buffer of `capacity` bytes in wasm memory for the next request
    /// text; returns its address. The address changes when the buffer
    /// grows, and any view on it dies when the memory grows.
    pub fn input(&mut self, capacity: usize) -> usize {
        let capacity = capacity.min(MAX_INPUT_BYTES);
        if self.input.len() < capacity {
            self.input.resize(capacity, 0);
        }
        self.input.as_mut_ptr() as usize
    }

    /// Decides on the request text in the first `len` bytes of the input
    /// buffer (see `wire`) at `now_ms`, checking signatures in wasm.
    /// Returns the decision JSON (see `decision`).
    pub fn decide(&mut self, len: usize, now_ms: f64) -> String {
        let Some(text) = request_text(&self.input, len) else {
            return decision::internal_error();
        };
        let request = Request {
            method: text.method,
            path: text.path,
            headers: &text.headers,
        };
        let decision = self
            .gateway
            .decide(&request, &mut self.sources, now_ms as u64);
        self.decision_json(&decision)
    }

    /// Like [`decide`](Self::decide), but stops at a signature the script
    /// can check with WebCrypto: the [`Step`] is a decision or that
    /// signature (then answer with [`finish`](Self::finish)).
    pub fn begin(&mut self, len: usize, now_ms: f64) -> Step {
        let Some(text) = request_text(&self.input, len) else {
            return Step::done(decision::internal_error());
        };
        let request = Request {
            method: text.method,
            path: text.path,
            headers: &text.headers,
        };
        let step = self
            .gateway
            .begin(&request, &mut self.sources, now_ms as u64);
        self.step(step)
    }

    /// The script's verdict on the signature of `step`: `valid` only when
    /// `crypto.subtle.verify` returned true. The core re-checks the
    /// signature length, then applies the claim rules, the cache and
    /// revocation. Consumes `step`.
    pub fn finish(&mut self, step: Step, valid: bool, now_ms: f64) -> Step {
        let Some(pending) = step.into_pending() else {
            return Step::done(decision::internal_error());
        };
        let step = self
            .gateway
            .finish(pending, valid, &mut self.sources, now_ms as u64);
        self.step(step)
    }

    /// For a signature the script cannot check (the runtime refused to
    /// import the key): the core checks it. Consumes `step`.
    #[wasm_bindgen(js_name = finishInCore)]
    pub fn finish_in_core(&mut self, step: Step, now_ms: f64) -> Step {
        let Some(pending) = step.into_pending() else {
            return Step::done(decision::internal_error());
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

    /// The fetch slot `slot` needs now, as JSON `{id, if_none_match, reason}`,
    /// or nothing (fresh, in flight, backing off).
    pub fn poll(&mut self, slot: usize, now_ms: f64) -> Option<String> {
        let request = self.machine(slot)?.poll(now_ms as u64)?;
        let fetch = Fetch {
            id: request.id,
            if_none_match: request.if_none_match.as_deref(),
            reason: reason_text(request.reason),
        };
        serde_json::to_string(&fetch).ok()
    }

    /// The answer to fetch `id`: status, response headers as `name:value`
    /// lines and the body. Returns the outcome (`updated`, `unchanged`,
    /// `failed:<code>`, `ignored`).
    #[wasm_bindgen(js_name = onResponse)]
    pub fn on_response(
        &mut self,
        slot: usize,
        now_ms: f64,
        id: f64,
        status: u16,
        headers: &str,
        body: &[u8],
    ) -> String {
        let headers = wire::headers(headers);
        match self.machine(slot) {
            Some(m) => {
                let outcome = m.on_response(now_ms as u64, id as u64, status, &headers, body);
                remote::outcome_text(&outcome)
            }
            None => "ignored".to_owned(),
        }
    }

    /// Fetch `id` failed without an answer (network error, timeout).
    #[wasm_bindgen(js_name = onFailure)]
    pub fn on_failure(&mut self, slot: usize, now_ms: f64, id: f64) -> String {
        match self.machine(slot) {
            Some(m) => remote::outcome_text(&m.on_failure(now_ms as u64, id as u64)),
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
        let Some((Slot::Jwks(provider), _)) = self.slots.get(slot) else {
            return false;
        };
        let allowed = self
            .sources
            .jwks_mut(*provider)
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

    /// Restores a snapshot another isolate exported. Returns whether it
    /// replaced the document (an invalid or older snapshot is ignored).
    pub fn import(&mut self, slot: usize, now_ms: f64, snapshot: &str) -> bool {
        self.machine(slot)
            .is_some_and(|m| m.import(now_ms as u64, snapshot).unwrap_or(false))
    }
}

impl Edge {
    fn decision_json(&self, decision: &Decision) -> String {
        let refetch = match decision.report {
            r if r.refetch_due => r.provider.and_then(|p| self.jwks_slot(p)),
            _ => None,
        };
        decision::to_json(decision, refetch)
    }

    fn step(&self, step: CoreStep) -> Step {
        match step {
            CoreStep::Done(decision) => Step::done(self.decision_json(&decision)),
            CoreStep::NeedsSignature(pending) => Step::pending(pending),
        }
    }

    fn jwks_slot(&self, provider: usize) -> Option<usize> {
        self.slots
            .iter()
            .position(|(slot, _)| *slot == Slot::Jwks(provider))
    }

    fn machine(&mut self, slot: usize) -> Option<&mut dyn remote::Machine> {
        let (slot, _) = self.slots.get(slot)?;
        remote::machine(&mut self.sources, *slot)
    }
}

/// The request text in the first `len` bytes of the input buffer (a free
/// function: it borrows only the buffer, leaving the gateway usable).
fn request_text(input: &[u8], len: usize) -> Option<wire::RequestText<'_>> {
    let bytes = input.get(..len)?;
    core::str::from_utf8(bytes).ok().and_then(wire::request)
}

fn reason_text(reason: tokenward_core::remote::FetchReason) -> &'static str {
    use tokenward_core::remote::FetchReason;
    match reason {
        FetchReason::Initial => "initial",
        FetchReason::Expired => "expired",
        FetchReason::UnknownKid => "unknown_kid",
        FetchReason::Retry => "retry",
    }
}
