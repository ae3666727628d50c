//! Registered-claim rules (RFC 7519 §4.1): time, issuer, audience, presence.
//!
//! Times are JSON numbers of seconds, fractions allowed, compared as reals.
//! `now` is an argument: the core never reads a clock.

use crate::error::Error;
use crate::json::JsonObject;
use crate::verifier::Issuers;
use alloc::string::{String, ToString};
use serde_json::Value;

/// The time-related expectations, all in seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeRules {
    /// Allowed clock skew, applied in the token's favour.
    pub leeway: u64,
    /// Whether `exp` must be present.
    pub require_exp: bool,
    /// Upper bound on `now - iat`, when set (requires `iat`).
    pub max_token_age: Option<u64>,
}

/// Reads a numeric date claim (`exp`, `nbf`, `iat`, `auth_time`).
///
/// # Errors
/// `bad_claim_type` when present but not a number.
pub fn numeric_date(claims: &JsonObject, name: &str) -> Result<Option<f64>, Error> {
    match claims.get(name) {
        None => Ok(None),
        // The JSON parser admits finite numbers only.
        Some(Value::Number(number)) => Ok(number.as_f64()),
        Some(_) => Err(bad_type(name)),
    }
}

/// Reads a claim that must be a string when present (`iss`, `sub`, `jti`...).
///
/// # Errors
/// `bad_claim_type` when present but not a string.
pub fn string_claim<'a>(claims: &'a JsonObject, name: &str) -> Result<Option<&'a str>, Error> {
    match claims.get(name) {
        None => Ok(None),
        Some(Value::String(value)) => Ok(Some(value)),
        Some(_) => Err(bad_type(name)),
    }
}

/// Checks `exp`, `nbf`, `iat` (and the type of `auth_time`) against `now`.
///
/// Valid when `now < exp + leeway`, `nbf <= now + leeway`, and, with a
/// maximum age, `now - iat <= max_token_age + leeway`. A future `iat` alone
/// does not reject: clocks drift, and `nbf` is the claim for that.
///
/// # Errors
/// `bad_claim_type`, `missing_claim`, `expired`, `not_yet_valid`,
/// `token_too_old`.
pub fn check_times(claims: &JsonObject, now: i64, rules: &TimeRules) -> Result<(), Error> {
    let now = now as f64;
    let leeway = rules.leeway as f64;
    let exp = numeric_date(claims, "exp")?;
    let nbf = numeric_date(claims, "nbf")?;
    let iat = numeric_date(claims, "iat")?;
    numeric_date(claims, "auth_time")?;
    match exp {
        Some(exp) if now >= exp + leeway => return Err(Error::Expired),
        None if rules.require_exp => return Err(missing("exp")),
        _ => {}
    }
    if nbf.is_some_and(|nbf| nbf > now + leeway) {
        return Err(Error::NotYetValid);
    }
    if let Some(max_age) = rules.max_token_age {
        let iat = iat.ok_or_else(|| missing("iat"))?;
        if now - iat > max_age as f64 + leeway {
            return Err(Error::TokenTooOld);
        }
    }
    Ok(())
}

/// Checks `iss` equals one of `expected` exactly.
///
/// # Errors
/// `missing_claim`, `bad_claim_type`, `bad_issuer`.
pub fn check_issuer(claims: &JsonObject, expected: &Issuers) -> Result<(), Error> {
    match string_claim(claims, "iss")? {
        None => Err(missing("iss")),
        Some(iss) if expected.accepts(iss) => Ok(()),
        Some(_) => Err(Error::BadIssuer),
    }
}

/// Checks `sub` equals `expected` exactly.
///
/// # Errors
/// `missing_claim`, `bad_claim_type`, `bad_subject`.
pub fn check_subject(claims: &JsonObject, expected: &str) -> Result<(), Error> {
    match string_claim(claims, "sub")? {
        None => Err(missing("sub")),
        Some(sub) if sub == expected => Ok(()),
        Some(_) => Err(Error::BadSubject),
    }
}

/// The `aud` claim as a list of strings (a single string is a list of one).
///
/// # Errors
/// `bad_claim_type` when `aud` is neither a string nor an array of strings.
pub fn audiences(claims: &JsonObject) -> Result<Option<alloc::vec::Vec<&str>>, Error> {
    match claims.get("aud") {
        None => Ok(None),
        Some(Value::String(aud)) => Ok(Some(alloc::vec![aud.as_str()])),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| item.as_str().ok_or_else(|| bad_type("aud")))
            .collect::<Result<_, _>>()
            .map(Some),
        Some(_) => Err(bad_type("aud")),
    }
}

/// Checks that `aud` contains at least one of `expected`.
///
/// # Errors
/// `missing_claim`, `bad_claim_type`, `bad_audience`.
pub fn check_audience(claims: &JsonObject, expected: &[String]) -> Result<(), Error> {
    let actual = audiences(claims)?.ok_or_else(|| missing("aud"))?;
    if actual
        .iter()
        .any(|aud| expected.iter().any(|want| want == aud))
    {
        Ok(())
    } else {
        Err(Error::BadAudience)
    }
}

/// Checks that every name in `required` is present.
///
/// # Errors
/// `missing_claim` naming the first absent claim.
pub fn check_present<S: AsRef<str>>(claims: &JsonObject, required: &[S]) -> Result<(), Error> {
    match required
        .iter()
        .find(|name| !claims.contains_key(name.as_ref()))
    {
        Some(name) => Err(missing(name.as_ref())),
        None => Ok(()),
    }
}

/// Checks the types RFC 7519 gives `iss`, `sub` and `jti`, and OpenID
/// Connect gives `sid` (strings): a claim of another type never reaches a
/// rule (revocation, logout) that looks it up by value.
///
/// # Errors
/// `bad_claim_type`.
pub fn check_string_types(claims: &JsonObject) -> Result<(), Error> {
    for name in ["iss", "sub", "jti", "sid"] {
        string_claim(claims, name)?;
    }
    Ok(())
}

pub(crate) fn missing(name: &str) -> Error {
    Error::MissingClaim {
        claim: name.to_string(),
    }
}

pub(crate) fn bad_type(name: &str) -> Error {
    Error::BadClaimType {
        claim: name.to_string(),
    }
}

#[cfg(test)]
mod tests;
