//! OpenID Connect rules (OIDC Core 1.0 §3.1.3.7, §3.3.2.11).
//!
//! Issuer, expiry and signature are the general rules. This module adds the
//! ID-token profile (the client as audience, `azp`) and the checks a caller
//! asks for with a value of their own: `nonce`, `at_hash` for an access
//! token, `c_hash` for a code, `auth_time` for a `max_age`. Those apply in
//! every profile whenever the caller supplies the value: a caller who passes
//! a nonce has asked for the nonce check, whatever the token claims to be.

use crate::alg::Algorithm;
use crate::base64url;
use crate::claims::{self, missing, string_claim};
use crate::error::Error;
use crate::json::JsonObject;
use alloc::string::String;
use subtle::ConstantTimeEq;

/// What the relying party expects of an ID token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdTokenRules {
    /// The client id: must be in `aud`, and equal `azp` when present.
    pub client_id: String,
}

/// Per-call values that bind a token to one authentication response. Each
/// one given is checked, in every profile; each one absent is not.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IdTokenBinding<'a> {
    /// The nonce sent in the authentication request: `nonce` must equal it.
    pub nonce: Option<&'a str>,
    /// The access token returned beside the token: `at_hash` must be
    /// present and match it.
    pub access_token: Option<&'a str>,
    /// The authorization code returned beside it: `c_hash` must be present
    /// and match it.
    pub code: Option<&'a str>,
}

/// Applies the ID-token profile's own rules: required claims, the client
/// id in `aud`, `azp`.
///
/// # Errors
/// `missing_claim`, `bad_claim_type`, `bad_audience`, `bad_azp`.
pub fn check_id_token(claims: &JsonObject, rules: &IdTokenRules) -> Result<(), Error> {
    claims::check_present(claims, &["iss", "sub", "aud", "exp", "iat"])?;
    let audiences = claims::audiences(claims)?.ok_or_else(|| missing("aud"))?;
    if !audiences.contains(&rules.client_id.as_str()) {
        return Err(Error::BadAudience);
    }
    match string_claim(claims, "azp")? {
        Some(azp) if azp != rules.client_id => Err(Error::BadAzp),
        None if audiences.len() > 1 => Err(Error::BadAzp),
        _ => Ok(()),
    }
}

/// Checks every value of `binding` the caller supplied (any profile).
///
/// # Errors
/// `nonce_mismatch` (a missing or non-string `nonce` included);
/// `missing_claim` / `bad_claim_type` / `at_hash_mismatch` for `at_hash`
/// and `c_hash`.
pub fn check_binding(
    claims: &JsonObject,
    alg: Algorithm,
    binding: &IdTokenBinding<'_>,
) -> Result<(), Error> {
    if let Some(expected) = binding.nonce {
        match string_claim(claims, "nonce") {
            Ok(Some(nonce)) if nonce == expected => {}
            _ => return Err(Error::NonceMismatch),
        }
    }
    if let Some(access_token) = binding.access_token {
        check_half_hash(claims, "at_hash", alg, access_token)?;
    }
    if let Some(code) = binding.code {
        check_half_hash(claims, "c_hash", alg, code)?;
    }
    Ok(())
}

/// `max_age`: the authentication (`auth_time`) is at most `max_age` seconds
/// old, with `leeway`: refused when `now - auth_time > max_age + leeway`.
/// Computed in `f64`, where sums cannot wrap and rounding is monotone: a
/// larger `max_age` or `leeway` never refuses what a smaller one accepts.
///
/// # Errors
/// `missing_claim` / `bad_claim_type` for `auth_time`, `auth_time_too_old`.
pub fn check_auth_time(
    claims: &JsonObject,
    now: i64,
    max_age: u64,
    leeway: u64,
) -> Result<(), Error> {
    let auth_time =
        claims::numeric_date(claims, "auth_time")?.ok_or_else(|| missing("auth_time"))?;
    if now as f64 - auth_time > max_age as f64 + leeway as f64 {
        Err(Error::AuthTimeTooOld)
    } else {
        Ok(())
    }
}

/// `at_hash` / `c_hash`: base64url of the left half of the alg's hash of the
/// ASCII value. The caller supplied the value, so the claim must be there.
fn check_half_hash(
    claims: &JsonObject,
    claim: &'static str,
    alg: Algorithm,
    value: &str,
) -> Result<(), Error> {
    let expected = string_claim(claims, claim)?.ok_or_else(|| missing(claim))?;
    let actual = half_hash(alg, value);
    if actual.as_bytes().ct_eq(expected.as_bytes()).into() {
        Ok(())
    } else {
        Err(Error::AtHashMismatch { claim })
    }
}

/// Computes the `at_hash` / `c_hash` value of `value` for `alg`.
pub fn half_hash(alg: Algorithm, value: &str) -> String {
    left_half(&alg.hash().digest(&[value.as_bytes()]))
}

fn left_half(digest: &[u8]) -> String {
    base64url::encode(&digest[..digest.len() / 2])
}

#[cfg(test)]
mod tests;
