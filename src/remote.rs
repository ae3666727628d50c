//! `RemoteKeySet`'s engine: the core's JWKS refresh machine in wasm.
//!
//! The machine decides everything (when to fetch, freshness, cooldown,
//! backoff, stale-if-error, merging concurrent needs); the JS side only
//! performs the fetches it asks for and reports the answers. Times are Unix
//! milliseconds from the JS clock.

#[cfg(feature = "remote-key-set")]
mod exports;

use tokenward_core::Error;
use tokenward_core::key_set::KeySet;
use tokenward_core::remote::JwksRefresh;
use wasm_bindgen::prelude::*;

/// The JWKS refresh machine; the JS side performs its fetches.
#[wasm_bindgen]
#[derive(Debug)]
pub struct WasmKeySetRefresh {
    machine: JwksRefresh,
}

pub(crate) fn ms(clock_ms: f64) -> u64 {
    // `as` saturates (negative -> 0); the JS clock is never NaN.
    clock_ms as u64
}

impl WasmKeySetRefresh {
    /// The key set to verify with at `clock_ms`, and its generation.
    ///
    /// # Errors
    /// `jwks_unavailable` when there is no usable document.
    pub fn key_set(&self, clock_ms: f64) -> Result<(&KeySet, u64), Error> {
        let keys = self.machine.document(ms(clock_ms))?;
        Ok((keys, self.machine.generation()))
    }
}
