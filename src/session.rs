//! Browser session logic for JS: the core's refresh planner, storage
//! decision, hygiene helpers and DPoP proof builder, translated. The JS `TokenSession`
//! (`src/js/session*.js`) drives these with timers, Web Locks and
//! BroadcastChannel; every rule stays in `tokenward_core::session`.
//!
//! Times cross as JS numbers in Unix milliseconds (`Date.now()`); jitter is
//! a number the JS side drew with `Math.random()`. Structured results come
//! back as JSON text for `JSON.parse`, as elsewhere in this binding.

pub mod dpop_proof;
pub mod hygiene;
pub mod refresh;
pub mod storage;

/// A JS time (Unix ms, possibly fractional or out of range) as the core's
/// `u64`: negative and NaN become 0, huge values saturate.
fn to_ms(now: f64) -> u64 {
    // Float-to-int `as` saturates and maps NaN to 0, never panics.
    now as u64
}

#[cfg(test)]
mod tests {
    use super::to_ms;

    #[test]
    fn js_times_saturate() {
        assert_eq!(to_ms(1_700_000_000_123.9), 1_700_000_000_123);
        assert_eq!(to_ms(-5.0), 0);
        assert_eq!(to_ms(f64::NAN), 0);
        assert_eq!(to_ms(f64::INFINITY), u64::MAX);
    }
}
