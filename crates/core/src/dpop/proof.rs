//! The proof as a JWS (RFC 9449 §4.3 items 2–7): a compact JWS typed
//! `dpop+jwt`, an allowed asymmetric `alg`, a public key in the header
//! `jwk`, and a signature that verifies with that key.
//!
//! The key goes through the core's JWK parser ([`Jwk::from_json_value`]),
//! so a proof key obeys the rules a key-set key obeys (points on the curve,
//! small-order and non-canonical Ed25519 keys refused, RSA ≥ 2048 bits,
//! its own `alg` / `use` / `key_ops`), and the signature goes through the
//! same seam as a token's ([`SignatureCheck`]): the core's backends, or the
//! host's where [`SignatureCheck::host_may_verify`] allows it, with the
//! same length re-checks.

use super::key_cache::ProofKeyCache;
use super::problem::DpopProblem;
use super::thumbprint::jwk_thumbprint;
use crate::alg::Algorithm;
use crate::error::Error;
use crate::header::{Header, typ_matches};
use crate::json::{self, DEFAULT_MAX_DEPTH, JsonObject};
use crate::jwk::{Jwk, private_member};
use crate::jws::CompactJws;
use crate::verifier::{SignatureCheck, SignedPayload};
use alloc::string::{String, ToString};
use serde_json::Value;

/// Cap on a proof, in bytes: a header with an RSA-4096 key and the claims
/// fit in well under half of it.
pub const MAX_PROOF_LENGTH: usize = 8 * 1024;
/// The media type of a proof (RFC 9449 §4.2).
const DPOP_TYP: &str = "dpop+jwt";

/// A proof whose signature held: its claims and its key's thumbprint.
#[derive(Debug)]
pub(crate) struct SignedProof {
    pub claims: JsonObject,
    pub thumbprint: String,
}

fn invalid(problem: DpopProblem) -> Error {
    Error::InvalidDpopProof(problem)
}

/// Checks everything about `proof` but its claims; `verify_signature`
/// checks the signature ([`SignatureCheck::verify`], or the host's seam).
/// The key comes from `keys` when it holds it (see [`ProofKeyCache`]).
///
/// # Errors
/// `invalid_dpop_proof` with the problem of the first rule that failed.
pub(crate) fn verify(
    proof: &str,
    algorithms: &[Algorithm],
    keys: Option<&mut ProofKeyCache>,
    verify_signature: impl FnOnce(SignatureCheck<'_, '_>) -> Result<SignedPayload, Error>,
) -> Result<SignedProof, Error> {
    let malformed = |_| invalid(DpopProblem::Malformed);
    let jws = CompactJws::decode(proof, MAX_PROOF_LENGTH).map_err(malformed)?;
    let members = json::parse_object(&jws.header, DEFAULT_MAX_DEPTH).map_err(malformed)?;
    let header = Header::from_members(members, algorithms).map_err(|error| match error {
        Error::AlgNotAllowed => invalid(DpopProblem::Alg),
        _ => invalid(DpopProblem::Malformed),
    })?;
    if !header
        .typ
        .as_deref()
        .is_some_and(|typ| typ_matches(typ, DPOP_TYP))
    {
        return Err(invalid(DpopProblem::Typ));
    }
    let Some(Value::Object(jwk_members)) = header.members.get("jwk") else {
        return Err(invalid(DpopProblem::Jwk));
    };
    // `k` counts too: a proof key is never symmetric.
    if private_member(jwk_members, false).is_some() {
        return Err(invalid(DpopProblem::PrivateKey));
    }
    let thumbprint = jwk_thumbprint(jwk_members).ok_or(invalid(DpopProblem::Jwk))?;
    let parse = || {
        let jwk_value = Value::Object(jwk_members.clone());
        Jwk::from_json_value(&jwk_value, false).map_err(|_| invalid(DpopProblem::Jwk))
    };
    let parsed;
    let key = match keys {
        Some(keys) => keys.get_or_parse(Value::Object(jwk_members.clone()).to_string(), parse)?,
        None => {
            parsed = parse()?;
            &parsed
        }
    };
    key.check_usable_for(header.alg)
        .map_err(|_| invalid(DpopProblem::Jwk))?;
    let check = SignatureCheck::new(header, key, jws.signing_input, jws.signature, jws.payload);
    let signed = verify_signature(check).map_err(|error| match error {
        Error::BadSignature => invalid(DpopProblem::Signature),
        _ => invalid(DpopProblem::Jwk),
    })?;
    let claims =
        json::parse_object(&signed.into_payload(), DEFAULT_MAX_DEPTH).map_err(malformed)?;
    Ok(SignedProof { claims, thumbprint })
}
