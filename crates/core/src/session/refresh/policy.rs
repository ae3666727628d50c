//! When a token set is refreshed, and how failed refreshes back off.

/// Timing of a [`RefreshPlanner`](super::RefreshPlanner). Durations in
/// milliseconds, fractions in `[0, 1]` (out-of-range values are clamped).
///
/// | field                            | default | why |
/// |----------------------------------|---------|-----|
/// | `refresh_fraction`               | 0.75    | refresh at 75% of the lifetime ...                                       |
/// | `min_margin_ms`                  | 60 s    | ... or 60 s before expiry, whichever is earlier                          |
/// | `min_fraction`                   | 0.5     | but never before half the lifetime: a 30 s token is not refreshed in a loop |
/// | `jitter_fraction`                | 0.05    | the caller's jitter moves the point earlier by up to 5% of the lifetime ... |
/// | `jitter_max_ms`                  | 30 s    | ... capped, so tabs and users do not refresh in lockstep                  |
/// | `backoff_initial_ms`             | 2 s     | first retry delay; doubles per consecutive failure                        |
/// | `backoff_max_ms`                 | 60 s    | cap of the doubling: a 30 s token keeps being retried                     |
/// | `backoff_jitter_fraction`        | 0.25    | the caller's jitter shortens a delay by up to 25% (no retry stampede)     |
/// | `retry_after_max_ms`             | 10 min  | a server's `Retry-After` is honoured up to this                          |
/// | `max_attempts`                   | 8       | consecutive failed refreshes before re-authentication is required        |
/// | `refresh_timeout_ms`             | 15 s    | a refresh without an answer after this counts as a network failure       |
/// | `refresh_token_max_lifetime_ms`  | none    | absolute session length from sign-in, when the provider does not say it |
/// | `assumed_lifetime_ms`            | 5 min   | lifetime when the response has neither `expires_in` nor a JWT `exp`      |
/// | `expiring_notice_ms`             | 10 s    | `Expiring` is raised this long before expiry if no refresh has landed    |
/// | `skew_dead_band_ms`              | 1 s     | smaller clock differences are noise (`Date` has one-second resolution)  |
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlannerPolicy {
    /// Fraction of the lifetime at which to refresh.
    pub refresh_fraction: f64,
    /// Refresh at least this long before expiry (if that is earlier).
    pub min_margin_ms: u64,
    /// Never plan a refresh before this fraction of the lifetime.
    pub min_fraction: f64,
    /// Largest jitter, as a fraction of the lifetime.
    pub jitter_fraction: f64,
    /// Largest jitter, in milliseconds.
    pub jitter_max_ms: u64,
    /// Retry delay after the first failure.
    pub backoff_initial_ms: u64,
    /// Largest retry delay.
    pub backoff_max_ms: u64,
    /// Largest share of a retry delay the jitter removes.
    pub backoff_jitter_fraction: f64,
    /// Largest delay taken from `Retry-After`.
    pub retry_after_max_ms: u64,
    /// Consecutive failures after which re-authentication is required.
    pub max_attempts: u32,
    /// An unanswered refresh is abandoned after this long.
    pub refresh_timeout_ms: u64,
    /// Absolute refresh-token lifetime counted from sign-in, if known.
    pub refresh_token_max_lifetime_ms: Option<u64>,
    /// Lifetime assumed when the token response gives none.
    pub assumed_lifetime_ms: u64,
    /// How long before expiry `Expiring` is raised (if still unrefreshed).
    pub expiring_notice_ms: u64,
    /// Clock differences below this are treated as no skew.
    pub skew_dead_band_ms: u64,
}

const SECOND: u64 = 1_000;
const MINUTE: u64 = 60 * SECOND;

impl Default for PlannerPolicy {
    fn default() -> Self {
        PlannerPolicy {
            refresh_fraction: 0.75,
            min_margin_ms: MINUTE,
            min_fraction: 0.5,
            jitter_fraction: 0.05,
            jitter_max_ms: 30 * SECOND,
            backoff_initial_ms: 2 * SECOND,
            backoff_max_ms: MINUTE,
            backoff_jitter_fraction: 0.25,
            retry_after_max_ms: 10 * MINUTE,
            max_attempts: 8,
            refresh_timeout_ms: 15 * SECOND,
            refresh_token_max_lifetime_ms: None,
            assumed_lifetime_ms: 5 * MINUTE,
            expiring_notice_ms: 10 * SECOND,
            skew_dead_band_ms: SECOND,
        }
    }
}

/// Clamps to `[0, 1]`; NaN counts as 0 (a caller's bad jitter must not panic
/// or push a refresh past expiry).
pub(crate) fn unit(x: f64) -> f64 {
    if x.is_nan() || x < 0.0 {
        0.0
    } else if x > 1.0 {
        1.0
    } else {
        x
    }
}

/// `ms * fraction`, truncated (float-to-int `as` saturates, never panics).
pub(crate) fn part(ms: u64, fraction: f64) -> u64 {
    (ms as f64 * unit(fraction)) as u64
}

impl PlannerPolicy {
    /// Delay before retry after `failures` consecutive failures (1 for the
    /// first), shortened by jitter, raised to `Retry-After` if larger.
    pub(crate) fn backoff_ms(
        &self,
        failures: u32,
        retry_after_secs: Option<u64>,
        jitter: f64,
    ) -> u64 {
        let doubling = 2u64.saturating_pow(failures.saturating_sub(1));
        let exponential = self
            .backoff_initial_ms
            .saturating_mul(doubling)
            .min(self.backoff_max_ms);
        let spread = part(exponential, self.backoff_jitter_fraction);
        let delay = exponential.saturating_sub(part(spread, jitter));
        match retry_after_secs {
            Some(secs) => delay.max(secs.saturating_mul(SECOND).min(self.retry_after_max_ms)),
            None => delay,
        }
    }
}
