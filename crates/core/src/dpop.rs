//! DPoP (RFC 9449): checking the proof of possession that comes with a
//! DPoP-bound access token, sans I/O.
//!
//! A request under DPoP carries `Authorization: DPoP <token>` and one
//! `DPoP: <proof>` header. The proof is a JWS signed by the client's key,
//! holding that public key, the request's method and URL, a time, a unique
//! id and the hash of the token; the token's `cnf.jkt` is the thumbprint of
//! that key. [`DpopRules`] checks a request in three steps, so that an
//! adapter can run the token's signature where it likes (host crypto, the
//! verified-token cache):
//!
//! 1. [`DpopRules::check_proof`]: the proof alone (RFC 9449 §4.3), before
//!    the token; gives the proof key's thumbprint;
//! 2. the token, through [`Verifier::finish_confirmed`] (or
//!    [`Verifier::cached_confirmed`] / [`Verifier::remember_confirmed`])
//!    with [`DpopRules::confirmation`]: `cnf.jkt` must be the thumbprint;
//! 3. [`DpopRules::accept`]: a proof beside an unbound token, then the
//!    replay cache, last, so only proofs that passed every rule use room.
//!
//! [`DpopRules::verify`] runs the three with the core's own signature
//! check. Every refusal maps to a `WWW-Authenticate: DPoP` challenge
//! ([`DpopChallenge::of`]).
//!
//! The client's side, a proof for a request before it is signed, is
//! [`proof_signing_input`]: the browser session signs it with WebCrypto.

mod challenge;
mod client_proof;
mod htu;
mod nonce;
mod options;
mod problem;
mod proof;
mod proof_claims;
mod replay;
mod request;
mod thumbprint;

pub use challenge::DpopChallenge;
pub use client_proof::{ClientProofError, ProofFor, UnsignedProof, proof_signing_input};
pub use htu::normalise as normalise_htu;
pub use nonce::{DEFAULT_NONCE_PERIOD, MIN_SECRET_LENGTH, ServerNonces};
pub use options::{
    DEFAULT_MAX_AGE, DEFAULT_MAX_FUTURE, DEFAULT_MAX_JTI_LENGTH, DpopOptions, DpopOptionsError,
};
pub use problem::DpopProblem;
pub use proof::MAX_PROOF_LENGTH;
pub use proof_claims::access_token_hash;
pub use replay::{DEFAULT_REPLAY_CAPACITY, ReplayCache, ReplayKey};
pub use request::{AuthScheme, DpopRequest, authorization};
pub use thumbprint::{canonical_json as thumbprint_input, jwk_thumbprint};

use crate::error::Error;
use crate::json::JsonObject;
use crate::key_set::KeySet;
use crate::oidc::IdTokenBinding;
use crate::verifier::{Confirmation, SignatureCheck, SignedPayload, VerifiedToken, Verifier};
use alloc::string::String;
use sha2::{Digest, Sha256};

/// A DPoP proof that passed every rule of its own, not yet recorded in the
/// replay cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedProof {
    thumbprint: String,
    replay_key: ReplayKey,
    acceptable_until: i64,
}

impl CheckedProof {
    /// The RFC 7638 thumbprint of the proof key: what `cnf.jkt` must hold.
    pub fn thumbprint(&self) -> &str {
        &self.thumbprint
    }

    /// The last second (Unix) at which the `iat` window accepts the proof.
    pub fn acceptable_until(&self) -> i64 {
        self.acceptable_until
    }

    /// The proof's identity for a replay record: SHA-256 of the key's
    /// thumbprint and the `jti`.
    pub fn replay_key(&self) -> ReplayKey {
        self.replay_key
    }
}

/// Checks DPoP proofs under one set of [`DpopOptions`].
#[derive(Debug, Clone)]
pub struct DpopRules {
    options: DpopOptions,
}

impl DpopRules {
    /// Rules after checking the options.
    ///
    /// # Errors
    /// [`DpopOptionsError`] for a configuration that cannot be safe.
    pub fn new(options: DpopOptions) -> Result<DpopRules, DpopOptionsError> {
        options.validate()?;
        Ok(DpopRules { options })
    }

    /// The options these rules apply.
    pub fn options(&self) -> &DpopOptions {
        &self.options
    }

    /// Step 1: the request's proof, at `now` (Unix seconds). `Ok(None)`
    /// when the request has no proof (step 2 then refuses a bound token).
    ///
    /// # Errors
    /// `invalid_dpop_proof` (with the [`DpopProblem`]), `use_dpop_nonce`.
    pub fn check_proof(
        &self,
        request: &DpopRequest<'_>,
        now: i64,
    ) -> Result<Option<CheckedProof>, Error> {
        self.check_proof_with(request, now, |check| check.verify())
    }

    /// [`Self::check_proof`] with the proof's signature checked by
    /// `verify_signature`: [`SignatureCheck::verify`] (the core), or the
    /// host's crypto through [`SignatureCheck::host_verified`] where
    /// [`SignatureCheck::host_may_verify`] allows it, as for a token.
    ///
    /// # Errors
    /// As [`Self::check_proof`]; any error of `verify_signature` is
    /// `invalid_dpop_proof` (`signature` for `bad_signature`).
    pub fn check_proof_with(
        &self,
        request: &DpopRequest<'_>,
        now: i64,
        verify_signature: impl FnOnce(SignatureCheck<'_, '_>) -> Result<SignedPayload, Error>,
    ) -> Result<Option<CheckedProof>, Error> {
        let proof = match request.proofs {
            [] => return Ok(None),
            [proof] => *proof,
            _ => return Err(Error::InvalidDpopProof(DpopProblem::Count)),
        };
        let signed = proof::verify(proof, &self.options.algorithms, verify_signature)?;
        let claims = proof_claims::check(&signed.claims, request, &self.options, now)?;
        let replay_key = replay_key(&signed.thumbprint, claims.jti);
        Ok(Some(CheckedProof {
            replay_key,
            acceptable_until: claims.acceptable_until,
            thumbprint: signed.thumbprint,
        }))
    }

    /// Step 2's input: what the token's sender-constraint rule is told.
    pub fn confirmation<'p>(&self, proof: Option<&'p CheckedProof>) -> Confirmation<'p> {
        match proof {
            Some(proof) => Confirmation::Dpop {
                thumbprint: &proof.thumbprint,
            },
            None => Confirmation::DpopMissing,
        }
    }

    /// Step 3, once the token verified: refuses a proof beside an unbound
    /// token (unless allowed), then records the proof in `replay`.
    ///
    /// # Errors
    /// `dpop_token_unbound`, `dpop_replay`, `dpop_replay_cache_full`.
    pub fn accept(
        &self,
        claims: &JsonObject,
        proof: Option<&CheckedProof>,
        replay: &mut ReplayCache,
        now: i64,
    ) -> Result<(), Error> {
        self.accept_with(claims, proof, |key, until| replay.record(key, until, now))
    }

    /// [`Self::accept`] with the proof recorded by `record` (its replay key
    /// and the last second it is acceptable): for a record shared beyond
    /// one [`ReplayCache`], such as an Envoy proxy's threads.
    ///
    /// # Errors
    /// `dpop_token_unbound`, or any error of `record`.
    pub fn accept_with(
        &self,
        claims: &JsonObject,
        proof: Option<&CheckedProof>,
        record: impl FnOnce(ReplayKey, i64) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let Some(proof) = proof else {
            return Ok(());
        };
        if !self.options.allow_unbound_tokens && !has_jkt(claims) {
            return Err(Error::DpopTokenUnbound);
        }
        record(proof.replay_key, proof.acceptable_until)
    }

    /// The three steps with the core's signature check: `token` is the
    /// request's access token (`request.access_token` should be the same).
    ///
    /// # Errors
    /// Any error of the three steps, or of the token.
    pub fn verify(
        &self,
        verifier: &Verifier,
        token: &str,
        keys: &KeySet,
        request: &DpopRequest<'_>,
        replay: &mut ReplayCache,
        now: i64,
    ) -> Result<VerifiedToken, Error> {
        let proof = self.check_proof(request, now)?;
        let signed = verifier.prepare(token, keys)?.verify()?;
        let binding = IdTokenBinding::default();
        let confirmation = self.confirmation(proof.as_ref());
        let verified = verifier.finish_confirmed(signed, now, &binding, confirmation)?;
        self.accept(&verified.claims, proof.as_ref(), replay, now)?;
        Ok(verified)
    }

    /// A fresh nonce for a `DPoP-Nonce` response header, when nonces are
    /// configured (servers may send one on any response, RFC 9449 §8.2).
    pub fn fresh_nonce(&self, now: i64) -> Option<String> {
        self.options.nonces.as_ref().map(|nonces| nonces.issue(now))
    }
}

/// True when the token's `cnf` holds a `jkt`.
fn has_jkt(claims: &JsonObject) -> bool {
    claims.get("cnf").and_then(|cnf| cnf.get("jkt")).is_some()
}

/// One proof, for the replay cache: the key's thumbprint and the `jti`.
fn replay_key(thumbprint: &str, jti: &str) -> ReplayKey {
    let mut hasher = Sha256::new();
    hasher.update(thumbprint.as_bytes());
    hasher.update([0]);
    hasher.update(jti.as_bytes());
    hasher.finalize().into()
}
