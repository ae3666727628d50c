//! The proof's claims (RFC 9449 §4.3 items 8–12, §8): `htm`, `htu`, `iat`,
//! `jti`, `ath`, `nonce`; and `exp` / `nbf` when the client set them: a
//! proof is a JWT, and RFC 7519 §4.1.4–4.1.5 forbid accepting one outside
//! the lifetime it states.

use super::htu;
use super::options::DpopOptions;
use super::problem::DpopProblem;
use super::request::DpopRequest;
use crate::base64url;
use crate::error::Error;
use crate::json::JsonObject;
use alloc::string::String;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The claims that passed: what the replay cache needs.
#[derive(Debug)]
pub(crate) struct ProofClaims<'c> {
    pub jti: &'c str,
    /// The last second (Unix) the `iat` window accepts this proof.
    pub acceptable_until: i64,
}

fn invalid(problem: DpopProblem) -> Error {
    Error::InvalidDpopProof(problem)
}

fn string<'c>(claims: &'c JsonObject, name: &str, problem: DpopProblem) -> Result<&'c str, Error> {
    claims
        .get(name)
        .and_then(Value::as_str)
        .ok_or(invalid(problem))
}

/// Applies every claim rule, in the RFC's order; the nonce last, so that
/// only an otherwise valid proof is answered with a fresh nonce.
///
/// # Errors
/// `invalid_dpop_proof` with the first problem; `use_dpop_nonce` when
/// nonces are required and the proof lacks a current one.
pub(crate) fn check<'c>(
    claims: &'c JsonObject,
    request: &DpopRequest<'_>,
    options: &DpopOptions,
    now: i64,
) -> Result<ProofClaims<'c>, Error> {
    if string(claims, "htm", DpopProblem::Htm)? != request.method {
        return Err(invalid(DpopProblem::Htm));
    }
    let proof_url = htu::normalise(string(claims, "htu", DpopProblem::Htu)?);
    if proof_url.is_none() || proof_url != htu::normalise(request.url) {
        return Err(invalid(DpopProblem::Htu));
    }
    let acceptable_until = check_iat(claims, options, now)?;
    check_lifetime(claims, options, now)?;
    let jti = string(claims, "jti", DpopProblem::Jti)?;
    if jti.is_empty() || jti.len() > options.max_jti_length {
        return Err(invalid(DpopProblem::Jti));
    }
    if let Some(token) = request.access_token {
        let ath = string(claims, "ath", DpopProblem::Ath)?;
        if ath != access_token_hash(token) {
            return Err(invalid(DpopProblem::Ath));
        }
    }
    let nonce = claims.get("nonce").and_then(Value::as_str);
    if let Some(expected) = request.nonce
        && nonce != Some(expected)
    {
        return Err(Error::UseDpopNonce {
            nonce: String::from(expected),
        });
    }
    if let Some(nonces) = &options.nonces
        && !nonce.is_some_and(|nonce| nonces.accepts(nonce, now))
    {
        return Err(Error::UseDpopNonce {
            nonce: nonces.issue(now),
        });
    }
    Ok(ProofClaims {
        jti,
        acceptable_until,
    })
}

/// `now - max_age ≤ iat ≤ now + max_future`; returns the last second at
/// which the proof passes this rule.
fn check_iat(claims: &JsonObject, options: &DpopOptions, now: i64) -> Result<i64, Error> {
    let iat = claims
        .get("iat")
        .and_then(Value::as_f64)
        .ok_or(invalid(DpopProblem::Iat))?;
    let now_f = now as f64;
    let too_old = now_f - iat > options.max_age as f64;
    let too_new = iat - now_f > options.max_future as f64;
    if too_old || too_new || !iat.is_finite() {
        return Err(invalid(DpopProblem::Iat));
    }
    // Within the window, so `iat` is near an i64 `now` and the cast is
    // exact up to the fraction; `as` truncates toward zero, hence the floor
    // by hand (no `f64::floor` without std).
    let whole = iat as i64;
    let floor = if (whole as f64) > iat {
        whole - 1
    } else {
        whole
    };
    let max_age = i64::try_from(options.max_age).unwrap_or(i64::MAX);
    Ok(floor.saturating_add(max_age))
}

/// `exp` and `nbf`, optional in a proof but binding when present (RFC 7519
/// §4.1.4–4.1.5): a number each, `now < exp + max_future` and
/// `nbf ≤ now + max_future`, the clock skew the `iat` rule already allows.
fn check_lifetime(claims: &JsonObject, options: &DpopOptions, now: i64) -> Result<(), Error> {
    let skew = options.max_future as f64;
    let now = now as f64;
    let number = |name: &str, problem: DpopProblem| match claims.get(name) {
        None => Ok(None),
        Some(value) => value
            .as_f64()
            .filter(|n| n.is_finite())
            .map(Some)
            .ok_or(invalid(problem)),
    };
    if let Some(exp) = number("exp", DpopProblem::Exp)?
        && now >= exp + skew
    {
        return Err(invalid(DpopProblem::Exp));
    }
    if let Some(nbf) = number("nbf", DpopProblem::Nbf)?
        && nbf > now + skew
    {
        return Err(invalid(DpopProblem::Nbf));
    }
    Ok(())
}

/// `ath`: base64url(SHA-256(ASCII access token)) (RFC 9449 §4.2).
pub fn access_token_hash(access_token: &str) -> String {
    base64url::encode(&Sha256::digest(access_token.as_bytes()))
}
