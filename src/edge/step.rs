//! A decision in steps for the host-crypto path: [`EdgeStep`] is what
//! `Edge::begin` and `Edge::finish` return — a decision (as the JSON of
//! `decision`), or a signature for the script to check with
//! `crypto.subtle.verify` before it calls `Edge::finish`.
//!
//! The script learns the algorithm, the key (as a public JWK, asked for
//! only when its `CryptoKey` is not cached), the signed bytes and the
//! signature; it answers yes or no. Every rule stays in the core.

use tokenward_core::edge::PendingSignature;
use wasm_bindgen::prelude::*;

/// A decision, or a signature the script checks first.
#[wasm_bindgen]
#[derive(Debug)]
pub struct EdgeStep {
    inner: Inner,
}

#[derive(Debug)]
enum Inner {
    Done(String),
    Pending(Box<PendingSignature>),
}

impl EdgeStep {
    /// A finished decision, as its JSON.
    pub(crate) fn done(json: String) -> EdgeStep {
        EdgeStep {
            inner: Inner::Done(json),
        }
    }

    /// A signature to check.
    pub(crate) fn pending(pending: PendingSignature) -> EdgeStep {
        EdgeStep {
            inner: Inner::Pending(Box::new(pending)),
        }
    }

    /// The pending signature, when there is one.
    pub(crate) fn into_pending(self) -> Option<PendingSignature> {
        match self.inner {
            Inner::Pending(pending) => Some(*pending),
            Inner::Done(_) => None,
        }
    }

    fn signature_check(&self) -> Option<&PendingSignature> {
        match &self.inner {
            Inner::Pending(pending) => Some(pending),
            Inner::Done(_) => None,
        }
    }
}

#[wasm_bindgen]
impl EdgeStep {
    /// The decision JSON (see `decision`), or nothing while a signature
    /// waits to be checked.
    pub fn decision(&self) -> Option<String> {
        match &self.inner {
            Inner::Done(json) => Some(json.clone()),
            Inner::Pending(_) => None,
        }
    }

    /// The JWS algorithm to verify with (`ES256`, `RS256`, `PS256`, ...):
    /// only those the core lets a host check (RSA and ECDSA; EdDSA and
    /// HMAC never reach the script).
    pub fn alg(&self) -> Option<String> {
        self.signature_check().map(|p| p.alg().name().to_owned())
    }

    /// Where the host caches the imported key: the key's fingerprint
    /// (hex), as `verifyAsync`'s seam names keys.
    #[wasm_bindgen(js_name = keyId)]
    pub fn key_id(&self) -> Option<String> {
        Some(crate::verifier::fingerprint_hex(
            &self.signature_check()?.key_fingerprint(),
        ))
    }

    /// The provider whose key set the key is from.
    pub fn provider(&self) -> Option<usize> {
        self.signature_check().map(|p| p.provider())
    }

    /// The generation of that key set (a change means new keys).
    #[wasm_bindgen(js_name = keyGeneration)]
    pub fn key_generation(&self) -> Option<f64> {
        self.signature_check().map(|p| p.key_generation() as f64)
    }

    /// The selected key as a public JWK JSON (for `importKey("jwk", ...)`).
    #[wasm_bindgen(js_name = publicJwk)]
    pub fn public_jwk(&self) -> Option<String> {
        self.signature_check()?.public_jwk()
    }

    /// The signed bytes (`header.payload`).
    #[wasm_bindgen(js_name = signingInput)]
    pub fn signing_input(&self) -> Vec<u8> {
        self.signature_check()
            .map(|p| p.signing_input().to_vec())
            .unwrap_or_default()
    }

    /// The signature bytes (raw `R || S` for ECDSA, as WebCrypto takes).
    pub fn signature(&self) -> Vec<u8> {
        self.signature_check()
            .map(|p| p.signature().to_vec())
            .unwrap_or_default()
    }
}
