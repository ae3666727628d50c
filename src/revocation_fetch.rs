//! `RemoteRevocationList`'s engine: the core's revocation-list fetch
//! machine (`RevocationFetch`) in wasm, with the policy of the Envoy
//! filter's and the worker's `revocation` source.
//!
//! As for `RemoteKeySet`, the machine decides when to fetch, how long a
//! list stays fresh (the server's `max-age` within the policy's bounds),
//! the backoff and how long the last good list serves while fetches fail;
//! the JS side only performs the fetches it asks for. Times are Unix
//! milliseconds from the JS clock.

use crate::js_object::{JsObject, OptionError};
use crate::remote::driver::machine_driver_exports;
use crate::remote::ms;
use tokenward_core::Error;
use tokenward_core::remote::MIN_FETCH_INTERVAL_MS;
use tokenward_core::revocation::{RevocationFetch, RevocationList};
use wasm_bindgen::prelude::*;

/// `RemoteRevocationList` options the engine reads (the JS side reads
/// `fetch`, `headers` and `allowInsecureHttp`).
const OPTIONS: &[&str] = &["interval", "timeout", "staleIfError", "failOpen"];

/// `setTimeout` fires at once for a delay above this.
const MAX_TIMER_MS: u64 = (1 << 31) - 1;

/// The revocation-list fetch machine and whether a missing list lets
/// tokens through.
#[wasm_bindgen]
#[derive(Debug)]
pub struct WasmRevocationFetch {
    machine: RevocationFetch,
    fail_open: bool,
}

impl WasmRevocationFetch {
    /// The list a verification checks at `clock_ms`
    /// ([`RevocationFetch::list_to_check`]) and its generation.
    ///
    /// # Errors
    /// `revocation_unavailable`: no usable list, and not `failOpen`.
    pub fn list_to_check(&self, clock_ms: f64) -> Result<Option<(&RevocationList, u64)>, Error> {
        let list = self.machine.list_to_check(ms(clock_ms), self.fail_open)?;
        Ok(list.map(|list| (list, self.machine.generation())))
    }
}

/// The machine and `failOpen` from the JSON text of the options.
fn from_json(options_json: &str) -> Result<WasmRevocationFetch, OptionError> {
    let mut js = JsObject::parse(options_json, "RemoteRevocationList options", OPTIONS)?;
    let interval = js.whole("interval", "milliseconds", MIN_FETCH_INTERVAL_MS)?;
    let timeout = js.whole("timeout", "milliseconds", 1)?;
    let stale_if_error = js.whole("staleIfError", "milliseconds", 0)?;
    let fail_open = js.boolean("failOpen")?.unwrap_or(false);
    for (name, value) in [("interval", interval), ("timeout", timeout)] {
        if value.is_some_and(|ms| ms > MAX_TIMER_MS) {
            return Err(OptionError(format!(
                "{name} must be at most {MAX_TIMER_MS} milliseconds (got {})",
                value.unwrap_or_default()
            )));
        }
    }
    let mut policy = match interval {
        Some(ms) => RevocationList::fetch_policy_every(ms),
        None => RevocationList::fetch_policy(),
    };
    if let Some(ms) = timeout {
        policy.timeout_ms = ms;
    }
    if let Some(ms) = stale_if_error {
        policy.stale_if_error_ms = ms;
    }
    Ok(WasmRevocationFetch {
        machine: RevocationFetch::new(policy),
        fail_open,
    })
}

machine_driver_exports!(WasmRevocationFetch);

#[wasm_bindgen]
impl WasmRevocationFetch {
    /// A machine from the JSON text of `{ interval, timeout, staleIfError,
    /// failOpen }` (all optional; milliseconds, a boolean); `undefined` with
    /// the last error set (`invalid_options`, naming the option).
    pub fn create(options_json: &str) -> Option<WasmRevocationFetch> {
        match from_json(options_json) {
            Ok(machine) => Some(machine),
            Err(error) => {
                crate::output::set_error(crate::verifier::INVALID_OPTIONS, error.to_string());
                None
            }
        }
    }

    /// Whether tokens pass unchecked while no list is usable.
    #[wasm_bindgen(getter, js_name = failOpen)]
    pub fn fail_open(&self) -> bool {
        self.fail_open
    }

    /// Whether a list is usable at `clock_ms` (fresh or within
    /// stale-if-error), whatever `failOpen` says.
    pub fn usable(&self, clock_ms: f64) -> bool {
        self.machine.document(ms(clock_ms)).is_ok()
    }

    /// The number of entries of the usable list, or `undefined`.
    pub fn size(&self, clock_ms: f64) -> Option<usize> {
        self.machine
            .document(ms(clock_ms))
            .ok()
            .map(RevocationList::len)
    }
}
