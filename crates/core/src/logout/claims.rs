//! The logout rules of §2.4 / §2.6 on claims the verifier already accepted
//! (signature, `iss`, `aud`, `exp`, `iat` age, claim types).

use super::{BACKCHANNEL_LOGOUT_EVENT, LogoutRule, LogoutRules, LogoutToken};
use crate::claims::{missing, numeric_date, string_claim};
use crate::error::Error;
use crate::json::JsonObject;
use alloc::string::String;
use serde_json::Value;

/// Applies the logout rules and extracts what the token says.
pub(super) fn check(
    claims: &JsonObject,
    now: i64,
    rules: &LogoutRules,
) -> Result<LogoutToken, Error> {
    let invalid = |rule| Err(Error::LogoutTokenInvalid(rule));
    if claims.contains_key("nonce") {
        return invalid(LogoutRule::Nonce);
    }
    if !has_logout_event(claims) {
        return invalid(LogoutRule::Events);
    }
    let jti = string_claim(claims, "jti")?.ok_or_else(|| missing("jti"))?;
    if jti.is_empty() {
        return invalid(LogoutRule::EmptyJti);
    }
    let sid = non_empty(string_claim(claims, "sid")?);
    let sub = non_empty(string_claim(claims, "sub")?);
    let named = |claim: &str| claims.contains_key(claim);
    // An empty `sid` next to a good `sub` would still revoke nothing by
    // that `sid`: refused rather than read as absent.
    if (sid.is_none() && sub.is_none())
        || (named("sid") && sid.is_none())
        || (named("sub") && sub.is_none())
    {
        return invalid(LogoutRule::SidOrSub);
    }
    let iat = numeric_date(claims, "iat")?.ok_or_else(|| missing("iat"))?;
    let tolerance = rules.clock_tolerance as f64;
    if iat > now as f64 + tolerance {
        return invalid(LogoutRule::IatInFuture);
    }
    Ok(LogoutToken {
        jti: String::from(jti),
        sid: sid.map(String::from),
        sub: sub.map(String::from),
        iat,
        remember_until: remember_until(claims, iat, rules)?,
    })
}

/// `events` holds the back-channel logout member, and its value is an object.
fn has_logout_event(claims: &JsonObject) -> bool {
    match claims.get("events") {
        Some(Value::Object(events)) => {
            matches!(events.get(BACKCHANNEL_LOGOUT_EVENT), Some(Value::Object(_)))
        }
        _ => false,
    }
}

fn non_empty(value: Option<&str>) -> Option<&str> {
    value.filter(|value| !value.is_empty())
}

/// The last second the verifier would still accept the token: `iat` plus
/// the maximum age, or `exp` when that comes first, each with the tolerance.
fn remember_until(claims: &JsonObject, iat: f64, rules: &LogoutRules) -> Result<i64, Error> {
    let tolerance = rules.clock_tolerance as f64;
    let by_age = iat + rules.max_age as f64 + tolerance;
    let until = match numeric_date(claims, "exp")? {
        Some(exp) => by_age.min(exp + tolerance),
        None => by_age,
    };
    Ok(ceil_seconds(until))
}

/// `value` rounded up to whole seconds (no `f64::ceil` without std). `as`
/// saturates; the JSON parser admits finite numbers only.
fn ceil_seconds(value: f64) -> i64 {
    let whole = value as i64;
    if (whole as f64) < value {
        whole.saturating_add(1)
    } else {
        whole
    }
}
