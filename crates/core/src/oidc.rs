//! OpenID Connect ID token rules (OIDC Core 1.0 §3.1.3.7, §3.3.2.11).
//!
//! Issuer, expiry and signature are the general rules; this module adds what
//! only ID tokens have: the client as audience, `azp`, `nonce`, `auth_time`
//! with `max_age`, and the `at_hash` / `c_hash` bindings.

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
    /// The `max_age` the authentication request carried, in seconds.
    pub max_age: Option<u64>,
}

/// Per-call inputs that bind an ID token to one authentication response.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IdTokenBinding<'a> {
    /// The nonce sent in the authentication request.
    pub nonce: Option<&'a str>,
    /// The access token returned beside the ID token (checked by `at_hash`).
    pub access_token: Option<&'a str>,
    /// The authorization code returned beside it (checked by `c_hash`).
    pub code: Option<&'a str>,
}

/// Applies the ID-token-only rules.
///
/// # Errors
/// `missing_claim`, `bad_claim_type`, `bad_audience`, `bad_azp`,
/// `nonce_mismatch`, `auth_time_too_old`, `at_hash_mismatch`.
pub fn check_id_token(
    claims: &JsonObject,
    alg: Algorithm,
    rules: &IdTokenRules,
    binding: &IdTokenBinding<'_>,
    now: i64,
    leeway: u64,
) -> Result<(), Error> {
    claims::check_present(claims, &["iss", "sub", "aud", "exp", "iat"])?;
    let audiences = claims::audiences(claims)?.ok_or_else(|| missing("aud"))?;
    if !audiences.contains(&rules.client_id.as_str()) {
        return Err(Error::BadAudience);
    }
    match string_claim(claims, "azp")? {
        Some(azp) if azp != rules.client_id => return Err(Error::BadAzp),
        None if audiences.len() > 1 => return Err(Error::BadAzp),
        _ => {}
    }
    if let Some(expected) = binding.nonce {
        match string_claim(claims, "nonce") {
            Ok(Some(nonce)) if nonce == expected => {}
            _ => return Err(Error::NonceMismatch),
        }
    }
    if let Some(max_age) = rules.max_age {
        let auth_time =
            claims::numeric_date(claims, "auth_time")?.ok_or_else(|| missing("auth_time"))?;
        if now as f64 - auth_time > (max_age + leeway) as f64 {
            return Err(Error::AuthTimeTooOld);
        }
    }
    check_half_hash(claims, "at_hash", alg, binding.access_token)?;
    check_half_hash(claims, "c_hash", alg, binding.code)
}

/// `at_hash` / `c_hash`: base64url of the left half of the alg's hash of the
/// ASCII value. Checked when both the claim and the value are present.
fn check_half_hash(
    claims: &JsonObject,
    claim: &'static str,
    alg: Algorithm,
    value: Option<&str>,
) -> Result<(), Error> {
    let (Some(expected), Some(value)) = (string_claim(claims, claim)?, value) else {
        return Ok(());
    };
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
#[path = "oidc_tests.rs"]
mod tests;
