//! DPoP at the edge: the proof check of one candidate, and the refusal a
//! DPoP provider answers with (RFC 9449 §7.1, §12.2).

use super::config::Provider;
use super::progress::Candidate;
use super::response::DenyResponse;
use crate::dpop::{CheckedProof, DpopChallenge, ProofKeyCache};
use crate::error::Error;
use alloc::borrow::ToOwned;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// The proof of `candidate` checked at `now` (Unix seconds) under its
/// provider's rules, the proof key from `keys` when it holds it; `Ok(None)` for a provider without DPoP, or a token
/// sent as `Bearer` (its binding rule then says `dpop_proof_required`).
///
/// # Errors
/// `invalid_dpop_proof`, `use_dpop_nonce`; `dpop_proof_required` for the
/// `DPoP` scheme without a proof.
pub(super) fn check_proof(
    provider: &Provider,
    candidate: &Candidate,
    now: i64,
    keys: &mut ProofKeyCache,
) -> Result<Option<CheckedProof>, Error> {
    let (Some(dpop), Some(input)) = (&provider.dpop, &candidate.proof) else {
        return Ok(None);
    };
    let proofs = input.proofs();
    let request = input.with(&candidate.token, &proofs);
    dpop.rules
        .check_proof_under(input.scheme(), &request, now, keys, |check| check.verify())
}

/// Whether `error` is about the proof or the binding, so the challenge is
/// `DPoP` rather than `Bearer`.
pub(super) fn is_dpop_refusal(error: &Error) -> bool {
    matches!(
        error,
        Error::InvalidDpopProof(_)
            | Error::UseDpopNonce { .. }
            | Error::DpopReplay
            | Error::DpopReplayCacheFull
            | Error::DpopProofRequired
            | Error::DpopKeyMismatch
            | Error::DpopTokenUnbound
    )
}

/// 401 with `WWW-Authenticate: DPoP realm, error, error_description (the
/// stable code), algs` and, for `use_dpop_nonce`, `DPoP-Nonce`.
pub(super) fn dpop_refusal(realm: &str, algs: &str, error: &Error) -> DenyResponse {
    let challenge = DpopChallenge::of(error);
    let (kind, code) = (challenge.error(), error.code());
    let mut headers: Vec<(String, String)> = alloc::vec![
        (
            "www-authenticate".to_owned(),
            format!(
                "DPoP realm=\"{realm}\", error=\"{kind}\", error_description=\"{code}\", algs=\"{algs}\""
            ),
        ),
        ("content-type".to_owned(), "application/json".to_owned()),
        ("cache-control".to_owned(), "no-store".to_owned()),
    ];
    if let Some(nonce) = challenge.nonce() {
        headers.push(("dpop-nonce".to_owned(), nonce.to_owned()));
    }
    DenyResponse {
        status: 401,
        headers,
        body: format!("{{\"error\":\"{kind}\",\"error_description\":\"{code}\"}}"),
    }
}
