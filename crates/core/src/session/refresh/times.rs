//! A token set's times on the local clock: skew estimate, expiry, refresh point.

use super::events::{LifetimeSource, SkewSource, TokenResponse};
use super::policy::{PlannerPolicy, part, unit};

/// The planned times of one token set (local clock, Unix ms).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TokenTimes {
    pub received_at_ms: u64,
    pub issued_at_ms: u64,
    pub expires_at_ms: u64,
    pub fraction_point_ms: u64,
    pub margin_point_ms: u64,
    pub refresh_at_ms: u64,
    pub skew_ms: i64,
    pub skew_source: SkewSource,
    pub lifetime_source: LifetimeSource,
}

/// Seconds (a JSON number from a JWT) to milliseconds; `None` if not finite.
/// Clamped to ±`u64::MAX` so later sums and differences cannot overflow.
fn seconds_to_ms(secs: Option<f64>) -> Option<i128> {
    let limit = i128::from(u64::MAX);
    secs.filter(|s| s.is_finite())
        .map(|s| ((s * 1000.0) as i128).clamp(-limit, limit))
}

fn to_u64(ms: i128) -> u64 {
    u64::try_from(ms.max(0)).unwrap_or(u64::MAX)
}

/// Server clock minus local clock. The `Date` header is the endpoint's clock
/// when it answered, as close to "now" as we get; `iat` is the issuer's
/// clock at issue (usually the same server, moments earlier).
fn skew(now_ms: u64, response: &TokenResponse, policy: &PlannerPolicy) -> (i128, SkewSource) {
    let (server_ms, source) = match (
        response.server_date_ms,
        seconds_to_ms(response.access_token_iat),
    ) {
        (Some(date), _) => (i128::from(date), SkewSource::DateHeader),
        (None, Some(iat)) => (iat, SkewSource::IssuedAt),
        (None, None) => return (0, SkewSource::None),
    };
    let raw = server_ms - i128::from(now_ms);
    if raw.unsigned_abs() < u128::from(policy.skew_dead_band_ms) {
        (0, source)
    } else {
        (raw, source)
    }
}

impl TokenTimes {
    /// Plans a token set received at `now_ms`. `jitter` in `[0, 1)` moves
    /// the refresh point earlier by up to the policy's spread.
    pub(crate) fn plan(
        now_ms: u64,
        response: &TokenResponse,
        policy: &PlannerPolicy,
        jitter: f64,
    ) -> Self {
        let (skew_ms, skew_source) = skew(now_ms, response, policy);
        let now = i128::from(now_ms);
        let from_expires_in = response.expires_in.map(|s| now + i128::from(s) * 1000);
        let from_exp = seconds_to_ms(response.access_token_exp).map(|exp| exp - skew_ms);
        // Both given: trust the earlier (a stale `expires_in` or a wrong skew
        // estimate must not make us use an expired token).
        let (expires_at, lifetime_source) = match (from_expires_in, from_exp) {
            (Some(a), Some(b)) if b < a => (b, LifetimeSource::ExpClaim),
            (Some(a), _) => (a, LifetimeSource::ExpiresIn),
            (None, Some(b)) => (b, LifetimeSource::ExpClaim),
            (None, None) => (
                now + i128::from(policy.assumed_lifetime_ms),
                LifetimeSource::Assumed,
            ),
        };
        let issued_at = match (lifetime_source, seconds_to_ms(response.access_token_iat)) {
            (LifetimeSource::ExpClaim, Some(iat)) => (iat - skew_ms).min(now),
            _ => now,
        };
        let expires_at_ms = to_u64(expires_at);
        let issued_at_ms = to_u64(issued_at).min(expires_at_ms);
        let lifetime = expires_at_ms - issued_at_ms;

        let fraction_point_ms =
            issued_at_ms.saturating_add(part(lifetime, policy.refresh_fraction));
        let margin_point_ms = expires_at_ms.saturating_sub(policy.min_margin_ms);
        let floor_ms = issued_at_ms.saturating_add(part(lifetime, policy.min_fraction));
        let planned = fraction_point_ms.min(margin_point_ms).max(floor_ms);
        let spread = part(lifetime, policy.jitter_fraction).min(policy.jitter_max_ms);
        let refresh_at_ms = planned
            .saturating_sub(part(spread, unit(jitter)))
            .max(issued_at_ms);
        TokenTimes {
            received_at_ms: now_ms,
            issued_at_ms,
            expires_at_ms,
            fraction_point_ms,
            margin_point_ms,
            refresh_at_ms,
            skew_ms: i64::try_from(skew_ms).unwrap_or(if skew_ms < 0 {
                i64::MIN
            } else {
                i64::MAX
            }),
            skew_source,
            lifetime_source,
        }
    }
}
