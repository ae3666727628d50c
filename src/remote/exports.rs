//! The machine's exports (feature `remote-key-set`): left out of builds
//! without `RemoteKeySet`, so the fetch machine is not linked there.

use super::driver::machine_driver_exports;
use super::{WasmKeySetFetch, ms};
use crate::js_object::{JsObject, OptionError};
use crate::output::set_core_error;
use tokenward_core::remote::{FetchPolicy, JwksFetch};
use wasm_bindgen::prelude::*;

/// `RemoteKeySet` options that tune the policy (milliseconds, as jose).
/// `cooldownDuration` and `timeoutDuration` are jose's names for
/// `cooldown` and `timeout` (see [`JOSE_NAMES`]).
const POLICY_OPTIONS: &[&str] = &[
    "cacheMaxAge",
    "cooldown",
    "cooldownDuration",
    "timeout",
    "timeoutDuration",
    "staleIfError",
    "maxWaitingRequests",
];

/// Our duration names and jose's (`createRemoteJWKSet`) for the same
/// setting: either is accepted, both at once is refused, since which
/// one wins would be a guess.
const JOSE_NAMES: &[(&str, &str)] = &[
    ("cooldown", "cooldownDuration"),
    ("timeout", "timeoutDuration"),
];

/// `setTimeout` fires at once for a delay above this (the JS side arms its
/// fetch timeout with it).
const MAX_TIMER_MS: u64 = (1 << 31) - 1;

/// The policy from the JSON text of `{ cacheMaxAge, cooldown, timeout,
/// staleIfError }` (all optional, whole milliseconds; `timeout` from 1 to
/// `setTimeout`'s limit, since 0 would abandon every fetch at once).
fn policy_from_json(options_json: &str) -> Result<FetchPolicy, OptionError> {
    let mut js = JsObject::parse(options_json, "RemoteKeySet options", POLICY_OPTIONS)?;
    let defaults = FetchPolicy::default();
    let mut millis = |name, min| js.whole(name, "milliseconds", min);
    let max_age_ms = millis("cacheMaxAge", 0)?.unwrap_or(defaults.max_age_ms);
    let cooldown_ms =
        either_name(&mut millis, JOSE_NAMES[0], 0)?.map_or(defaults.cooldown_ms, |(_, ms)| ms);
    let (timeout_name, timeout_ms) =
        either_name(&mut millis, JOSE_NAMES[1], 1)?.unwrap_or(("timeout", defaults.timeout_ms));
    let stale_if_error_ms = millis("staleIfError", 0)?.unwrap_or(defaults.stale_if_error_ms);
    let max_waiters = match js.whole("maxWaitingRequests", "requests", 0)? {
        Some(count) => usize::try_from(count).unwrap_or(usize::MAX),
        None => defaults.max_waiters,
    };
    if timeout_ms > MAX_TIMER_MS {
        return Err(OptionError(format!(
            "{timeout_name} must be at most {MAX_TIMER_MS} milliseconds (got {timeout_ms})"
        )));
    }
    Ok(FetchPolicy {
        max_age_ms,
        cooldown_ms,
        timeout_ms,
        stale_if_error_ms,
        max_waiters,
        ..defaults
    })
}

/// The duration given under our name or jose's, with the name used (for
/// messages), refusing both at once.
fn either_name(
    millis: &mut impl FnMut(&'static str, u64) -> Result<Option<u64>, OptionError>,
    (ours, jose): (&'static str, &'static str),
    min: u64,
) -> Result<Option<(&'static str, u64)>, OptionError> {
    match (millis(ours, min)?, millis(jose, min)?) {
        (Some(_), Some(_)) => Err(OptionError(format!(
            "{ours} and {jose} are the same option (jose's name and ours): pass only one"
        ))),
        (Some(ms), None) => Ok(Some((ours, ms))),
        (None, Some(ms)) => Ok(Some((jose, ms))),
        (None, None) => Ok(None),
    }
}

machine_driver_exports!(WasmKeySetFetch);

#[wasm_bindgen]
impl WasmKeySetFetch {
    /// A machine from the JSON text of `{ cacheMaxAge, cooldown, timeout,
    /// staleIfError }` (all optional, milliseconds); `undefined` with the
    /// last error set (`invalid_options`, naming the option) for anything
    /// else.
    pub fn create(options_json: &str) -> Option<WasmKeySetFetch> {
        match policy_from_json(options_json) {
            Ok(policy) => Some(WasmKeySetFetch {
                machine: JwksFetch::new(policy),
            }),
            Err(error) => {
                crate::output::set_error(crate::verifier::INVALID_OPTIONS, error.to_string());
                None
            }
        }
    }

    /// A token named an unknown `kid`: whether a refetch is in flight or due
    /// (the cooldown and backoff decide).
    #[wasm_bindgen(js_name = onUnknownKid)]
    pub fn on_unknown_kid(&mut self, clock_ms: f64) -> bool {
        self.machine.on_unknown_kid(ms(clock_ms))
    }

    /// When to poll next (Unix ms).
    /// Whether a caller with an unknown `kid` may wait for the refetch,
    /// `waiting` callers already waiting: only when a fetch is in flight or
    /// due, and below `maxWaitingRequests` (the core's rule). Call after
    /// `onUnknownKid` and after starting the due fetch.
    pub fn park(&mut self, clock_ms: f64, waiting: u32) -> bool {
        let waiting = usize::try_from(waiting).unwrap_or(usize::MAX);
        self.machine.park(ms(clock_ms), waiting).is_ok()
    }

    /// Whether a key set can be used at `clock_ms` (fresh or within
    /// stale-if-error).
    #[wasm_bindgen(js_name = hasKeys)]
    pub fn has_keys(&self, clock_ms: f64) -> bool {
        self.machine.document(ms(clock_ms)).is_ok()
    }

    /// The cache as a JSON snapshot, or `undefined` (nothing cached, or the
    /// server said `no-store`).
    pub fn export(&self) -> Option<String> {
        self.machine.export()
    }

    /// Restores a snapshot from [`Self::export`]: `1` restored, `0` kept the
    /// newer document already held, `-1` refused (the last error says why).
    pub fn import(&mut self, clock_ms: f64, snapshot: &str) -> i32 {
        match self.machine.import(ms(clock_ms), snapshot) {
            Ok(true) => 1,
            Ok(false) => 0,
            Err(error) => {
                set_core_error(&error);
                -1
            }
        }
    }
}
