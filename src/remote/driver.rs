//! What every fetch machine's exports share: the fetch request and the
//! outcome as the JS driver (`src/js/machine-fetch.js`) reads and sends them; `RemoteKeySet`,
//! `RemoteRevocationList` and `tokenward/edge` share them.

use crate::output::set_core_error;
use tokenward_core::remote::{FetchCounters, FetchReason, FetchRequest, FetchState, Outcome};

/// A fetch the machine asks for, as the JS driver reads it:
/// `{"id":…,"ifNoneMatch":…,"reason":…}` (shared by every machine's exports).
pub(crate) fn request_json(request: FetchRequest) -> String {
    let reason = match request.reason {
        FetchReason::Initial => "initial",
        FetchReason::Expired => "expired",
        FetchReason::UnknownKid => "unknown_kid",
        FetchReason::Retry => "retry",
    };
    serde_json::json!({
        "id": request.id,
        "ifNoneMatch": request.if_none_match,
        "reason": reason,
    })
    .to_string()
}

/// The response headers the JS driver sends (`[name, value]` pairs as JSON;
/// none when the text is not that), lent to `answer` as the machines take
/// them.
pub(crate) fn with_headers<R>(headers_json: &str, answer: impl FnOnce(&[(&str, &str)]) -> R) -> R {
    let pairs: Vec<(String, String)> = serde_json::from_str(headers_json).unwrap_or_default();
    let headers: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    answer(&headers)
}

/// A machine's state as the JS side names it.
pub(crate) fn state_name(state: FetchState) -> String {
    match state {
        FetchState::Empty => "empty",
        FetchState::Fresh => "fresh",
        FetchState::Stale => "stale",
        FetchState::AwaitingResponse => "awaiting_response",
        FetchState::BackingOff => "backing_off",
    }
    .to_owned()
}

/// A machine's counters as JSON (camelCase), the same for every document.
pub(crate) fn counters_json(c: FetchCounters) -> String {
    serde_json::json!({
        "fetchesStarted": c.fetches_started,
        "fetchesUpdated": c.fetches_updated,
        "fetchesNotModified": c.fetches_not_modified,
        "fetchesFailed": c.fetches_failed,
        "fetchesTimedOut": c.fetches_timed_out,
        "answersIgnored": c.answers_ignored,
    })
    .to_string()
}

/// An outcome's name for the JS driver; `failed` sets the last error.
pub(crate) fn outcome_name(outcome: Outcome) -> String {
    match outcome {
        Outcome::Updated => "updated",
        Outcome::Unchanged => "unchanged",
        Outcome::Ignored => "ignored",
        Outcome::Failed(error) => {
            set_core_error(&error);
            "failed"
        }
    }
    .to_owned()
}

/// The exports every fetch machine's wasm wrapper shares with the JS
/// driver (`timeoutMs`, `maxBodyBytes`, `poll`, `onResponse`, `onFailure`,
/// `nextWakeup`, `state`, `generation`, `counters`),
/// for a wrapper struct whose `machine` field is a core `RemoteDocument`.
macro_rules! machine_driver_exports {
    ($wrapper:ty) => {
        #[wasm_bindgen::prelude::wasm_bindgen]
        impl $wrapper {
            /// The fetch timeout of the policy (milliseconds): the JS side
            /// arms its timer with it, whichever name the option came under.
            #[wasm_bindgen(js_name = timeoutMs)]
            pub fn timeout_ms(&self) -> f64 {
                self.machine.policy().timeout_ms as f64
            }

            /// The body cap of the policy (bytes): the JS side stops reading
            /// one byte past it, so the machine can say `too_large` without
            /// the process holding a hostile body.
            #[wasm_bindgen(js_name = maxBodyBytes)]
            pub fn max_body_bytes(&self) -> f64 {
                self.machine.policy().max_body_bytes as f64
            }

            /// The fetch to start now, as JSON
            /// `{"id":…,"ifNoneMatch":…,"reason":…}`, or `undefined` (fresh,
            /// in flight, backing off).
            pub fn poll(&mut self, clock_ms: f64) -> Option<String> {
                self.machine
                    .poll($crate::remote::ms(clock_ms))
                    .map($crate::remote::driver::request_json)
            }

            /// Reports the HTTP answer to fetch `id`. `headers` are the
            /// response's `[name, value]` pairs as JSON. Returns `"updated"`,
            /// `"unchanged"`, `"ignored"` or `"failed"` (then the last error
            /// says why).
            #[wasm_bindgen(js_name = onResponse)]
            pub fn on_response(
                &mut self,
                clock_ms: f64,
                id: f64,
                status: u16,
                headers_json: &str,
                body: &[u8],
            ) -> String {
                let outcome = $crate::remote::driver::with_headers(headers_json, |headers| {
                    self.machine.on_response(
                        $crate::remote::ms(clock_ms),
                        id as u64,
                        status,
                        headers,
                        body,
                    )
                });
                $crate::remote::driver::outcome_name(outcome)
            }

            /// Reports that fetch `id` failed without an answer (network,
            /// timeout).
            #[wasm_bindgen(js_name = onFailure)]
            pub fn on_failure(&mut self, clock_ms: f64, id: f64) -> String {
                $crate::remote::driver::outcome_name(
                    self.machine
                        .on_failure($crate::remote::ms(clock_ms), id as u64),
                )
            }

            /// When to poll next (Unix ms; at or before now: poll now).
            #[wasm_bindgen(js_name = nextWakeup)]
            pub fn next_wakeup(&self) -> f64 {
                self.machine.next_wakeup() as f64
            }

            /// `"empty"`, `"fresh"`, `"stale"`, `"awaiting_response"` or
            /// `"backing_off"`.
            pub fn state(&self, clock_ms: f64) -> String {
                $crate::remote::driver::state_name(self.machine.state($crate::remote::ms(clock_ms)))
            }

            /// Increments whenever the document's content changes.
            pub fn generation(&self) -> f64 {
                self.machine.generation() as f64
            }

            /// Counters as JSON (camelCase).
            pub fn counters(&self) -> String {
                $crate::remote::driver::counters_json(self.machine.counters())
            }
        }
    };
}
pub(crate) use machine_driver_exports;
