//! A decision in steps, for hosts that check signatures with their own
//! crypto (WebCrypto in the edge worker): [`super::Gateway::begin`] runs
//! every rule up to the signature and either decides or returns a
//! [`PendingSignature`]; the host checks it and hands its verdict to
//! [`super::Gateway::finish`], which applies the rest. The host only says
//! yes or no: the core picked the key and algorithm, and re-checks the
//! signature length. Only signatures the host may check are handed out
//! (`SignatureCheck::host_may_verify`, the rule the npm package follows
//! too): RSA and ECDSA. EdDSA / Ed25519 and HMAC are checked by the core
//! within `begin`, so no host's Ed25519 leniency can change a verdict.

use super::gateway::Decision;
use super::progress::{Candidate, Progress};
use crate::alg::Algorithm;
use crate::jwk::Jwk;
use alloc::boxed::Box;
use alloc::string::String;

/// Where a decision stands after [`super::Gateway::begin`] or
/// [`super::Gateway::finish`].
#[derive(Debug)]
pub enum Step {
    /// Decided (cache hit, no token, keys unavailable, a failed rule...).
    Done(Decision),
    /// One signature to check before the decision can go on.
    NeedsSignature(PendingSignature),
}

/// A token waiting for the host's signature check, and the state to
/// resume the decision with.
#[derive(Debug)]
pub struct PendingSignature {
    /// Boxed: a decision's state is large, and `Step` is passed by value.
    pub(super) progress: Box<Progress>,
    /// Position of the candidate being verified in `progress`.
    pub(super) position: usize,
    pub(super) key_generation: u64,
    pub(super) alg: Algorithm,
    pub(super) key: Box<Jwk>,
    pub(super) signing_input_len: usize,
    pub(super) signature: Box<[u8]>,
}

impl PendingSignature {
    /// The algorithm to verify with (from the allowlist, fitting the key):
    /// an RSA or ECDSA one, as `Algorithm::host_may_verify` allows.
    pub fn alg(&self) -> Algorithm {
        self.alg
    }

    /// The selected key as a public JWK (`kty` and key members only), for
    /// WebCrypto `importKey("jwk", ...)`. Always `Some`: the core only
    /// asks the host about keys it can export.
    pub fn public_jwk(&self) -> Option<String> {
        self.key.to_public_jwk()
    }

    /// A stable identity of the selected key (SHA-256 over its material
    /// and metadata), to cache the host's imported key under.
    pub fn key_fingerprint(&self) -> [u8; 32] {
        self.key.fingerprint()
    }

    /// The provider whose key set the key comes from.
    pub fn provider(&self) -> usize {
        self.candidate().map_or(0, |c| c.provider)
    }

    /// The generation of that key set (changes when the set does).
    pub fn key_generation(&self) -> u64 {
        self.key_generation
    }

    /// The bytes that were signed (ASCII `header.payload`).
    pub fn signing_input(&self) -> &[u8] {
        self.candidate()
            .and_then(|c| c.token.as_bytes().get(..self.signing_input_len))
            .unwrap_or_default()
    }

    /// The decoded signature.
    pub fn signature(&self) -> &[u8] {
        &self.signature
    }

    fn candidate(&self) -> Option<&Candidate> {
        self.progress.candidates.get(self.position)
    }
}
