//! How often a remote document is refetched, and how failures back off.

/// Timing and size limits of a [`RemoteDocument`](super::RemoteDocument).
///
/// Every duration is in milliseconds. The defaults suit a JWKS endpoint:
///
/// | field                | default  | why                                                      |
/// |----------------------|----------|----------------------------------------------------------|
/// | `max_age_ms`         | 10 min   | used when the response has no `Cache-Control: max-age`   |
/// | `min_max_age_ms`     | 30 s     | floor for a server's `max-age` (also `no-cache`/`no-store`) so a bad header cannot make us hammer it |
/// | `max_max_age_ms`     | 24 h     | ceiling for `max-age`: key rotation is noticed within a day |
/// | `cooldown_ms`        | 30 s     | tokens with an unknown `kid` cannot force more than one refetch per 30 s |
/// | `timeout_ms`         | 5 s      | a fetch without an answer after this is abandoned and counts as failed |
/// | `stale_if_error_ms`  | 1 h      | an expired document is still served this long while refetches fail; after that, keys are unavailable (fail closed) so a removed key cannot stay trusted indefinitely |
/// | `backoff_initial_ms` | 1 s      | first retry delay after a failure; doubles on each consecutive failure |
/// | `backoff_max_ms`     | 5 min    | cap of the doubling: well inside `stale_if_error_ms`, so an outage is retried several times before keys run out |
/// | `retry_after_max_ms` | 15 min   | cap on a server's `Retry-After` (429/503): honoured, but not beyond this |
/// | `max_body_bytes`     | 256 KiB  | larger bodies are refused (`too_large`); a JWKS is a few KiB |
/// | `max_waiters`        | 256      | requests held for one refetch at a time (see [`park`](super::RemoteDocument::park)); beyond it they are answered at once, so a flood of unknown-`kid` tokens cannot hold requests or memory hostage |
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FetchPolicy {
    /// Freshness lifetime when the response carries no usable `max-age`.
    pub max_age_ms: u64,
    /// Lower bound applied to a server-provided `max-age`.
    pub min_max_age_ms: u64,
    /// Upper bound applied to a server-provided `max-age`.
    pub max_max_age_ms: u64,
    /// Minimum gap between the start of the last fetch and an unknown-`kid` refetch.
    pub cooldown_ms: u64,
    /// A fetch still unanswered after this long is abandoned (a failure).
    pub timeout_ms: u64,
    /// How long after expiry the last good document is still served.
    pub stale_if_error_ms: u64,
    /// Retry delay after the first failure.
    pub backoff_initial_ms: u64,
    /// Maximum retry delay after consecutive failures.
    pub backoff_max_ms: u64,
    /// Maximum delay taken from a `Retry-After` header.
    pub retry_after_max_ms: u64,
    /// Largest accepted response body, in bytes.
    pub max_body_bytes: usize,
    /// Most requests that may wait for a refetch at once (0: none waits).
    pub max_waiters: usize,
}

const SECOND: u64 = 1_000;
const MINUTE: u64 = 60 * SECOND;
const HOUR: u64 = 60 * MINUTE;

impl Default for FetchPolicy {
    fn default() -> Self {
        FetchPolicy {
            max_age_ms: 10 * MINUTE,
            min_max_age_ms: 30 * SECOND,
            max_max_age_ms: 24 * HOUR,
            cooldown_ms: 30 * SECOND,
            timeout_ms: 5 * SECOND,
            stale_if_error_ms: HOUR,
            backoff_initial_ms: SECOND,
            backoff_max_ms: 5 * MINUTE,
            retry_after_max_ms: 15 * MINUTE,
            max_body_bytes: 256 * 1024,
            max_waiters: 256,
        }
    }
}

/// Shortest interval of [`FetchPolicy::fetching_every`]: every instance
/// of a fleet polls the document, so a shorter one would turn a typo into
/// load on its server.
pub const MIN_FETCH_INTERVAL_MS: u64 = SECOND;

impl FetchPolicy {
    /// This policy fetching every `interval_ms` (at least
    /// [`MIN_FETCH_INTERVAL_MS`]): the period when the server sends no
    /// `max-age`, and the floor for one it sends, which can then shorten
    /// the period down to it, or lengthen it up to `max_max_age_ms`.
    #[must_use]
    pub fn fetching_every(self, interval_ms: u64) -> Self {
        let interval_ms = interval_ms.max(MIN_FETCH_INTERVAL_MS);
        FetchPolicy {
            max_age_ms: interval_ms,
            min_max_age_ms: self.min_max_age_ms.min(interval_ms),
            ..self
        }
    }

    /// Freshness lifetime for a response: its `max-age` (less its `Age`)
    /// clamped to `[min_max_age_ms, max_max_age_ms]`, or `max_age_ms`.
    pub(crate) fn lifetime_ms(&self, max_age_ms: Option<u64>) -> u64 {
        match max_age_ms {
            // No `clamp`: it panics when a caller configures min > max.
            Some(ms) => ms.max(self.min_max_age_ms).min(self.max_max_age_ms),
            None => self.max_age_ms,
        }
    }

    /// Delay before the next attempt after `failures` consecutive failures
    /// (1 for the first), raised to the server's `Retry-After` if larger.
    pub(crate) fn backoff_ms(&self, failures: u32, retry_after_ms: Option<u64>) -> u64 {
        let doubling = 2u64.saturating_pow(failures.saturating_sub(1));
        let exponential = self
            .backoff_initial_ms
            .saturating_mul(doubling)
            .min(self.backoff_max_ms);
        match retry_after_ms {
            Some(ms) => exponential.max(ms.min(self.retry_after_max_ms)),
            None => exponential,
        }
    }
}
