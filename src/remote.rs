//! `RemoteKeySet`'s engine: the core's JWKS fetch machine in wasm.
//!
//! The machine decides everything (when to fetch, freshness, cooldown,
//! backoff, stale-if-error, merging concurrent needs); the JS side only
//! performs the fetches it asks for and reports the answers. Times are Unix
//! milliseconds from the JS clock.

#[cfg(feature = "remote-key-set")]
mod discovery;
#[cfg(any(feature = "remote-key-set", feature = "revocation-list"))]
pub(crate) mod driver;
#[cfg(feature = "remote-key-set")]
mod exports;
use tokenward_core::Error;
use tokenward_core::fetch_url::{UrlError, check_fetch_url};
use tokenward_core::key_set::KeySet;
use tokenward_core::remote::JwksFetch;
use wasm_bindgen::prelude::*;

/// The JWKS fetch machine; the JS side performs its fetches.
#[wasm_bindgen]
#[derive(Debug)]
pub struct WasmKeySetFetch {
    machine: JwksFetch,
}

pub(crate) fn ms(clock_ms: f64) -> u64 {
    // `as` saturates (negative -> 0); the JS clock is never NaN.
    clock_ms as u64
}

impl WasmKeySetFetch {
    /// The key set to verify with at `clock_ms`, and its generation.
    ///
    /// # Errors
    /// `jwks_unavailable` when there is no usable document.
    pub fn key_set(&self, clock_ms: f64) -> Result<(&KeySet, u64), Error> {
        let keys = self.machine.document(ms(clock_ms))?;
        Ok((keys, self.machine.generation()))
    }
}

/// Whether the package may send requests to `url` (the core's fetch URL
/// rule: `https://`, or `http://` to loopback or with `allowInsecureHttp`).
/// `subject` names the option in the message (`RemoteKeySet url`,
/// `TokenSession tokenEndpoint`, ...). `false` with the last error set
/// (`invalid_options`, naming the option).
#[wasm_bindgen(js_name = checkFetchUrl)]
pub fn check_remote_url(url: &str, allow_insecure_http: bool, subject: &str) -> bool {
    match check_fetch_url(url, allow_insecure_http) {
        Ok(_) => true,
        Err(reason) => {
            let hint = match reason {
                UrlError::InsecureHttp => {
                    "; use https://, or pass allowInsecureHttp: true to fetch it anyway"
                }
                _ => "",
            };
            crate::output::set_error(
                crate::verifier::INVALID_OPTIONS,
                format!("{subject} {url}: {reason}{hint}"),
            );
            false
        }
    }
}
