//! The seam between the rules and the signature primitive.
//!
//! Hosts with faster native crypto (WebCrypto in browsers and workers) verify
//! the signature themselves; everything before and after stays in the core.
//! A [`SignedPayload`] can only come from a signature check, so the claims
//! of an unchecked token cannot be reached by mistake.

use crate::alg::Algorithm;
use crate::error::Error;
use crate::header::Header;
use crate::json::JsonObject;
use crate::jwk::Jwk;
use alloc::vec::Vec;

/// A token that passed every check before the signature; the key is chosen.
#[derive(Debug)]
pub struct SignatureCheck<'t, 'k> {
    pub(super) header: Header,
    pub(super) key: &'k Jwk,
    pub(super) signing_input: &'t str,
    pub(super) signature: Vec<u8>,
    pub(super) payload: Vec<u8>,
}

/// A payload whose signature held, ready for [`super::Verifier::finish`].
#[derive(Debug)]
pub struct SignedPayload {
    pub(super) header: Header,
    pub(super) payload: Vec<u8>,
}

impl SignedPayload {
    /// The payload bytes (a DPoP proof's claims, [`crate::dpop`]).
    pub(crate) fn into_payload(self) -> Vec<u8> {
        self.payload
    }
}

/// A token whose signature held and whose payload parsed as a JSON object,
/// before any claim rule. This is what the verified-token cache keeps: the
/// result of the expensive steps, never a verdict on the claims.
#[derive(Debug, Clone, PartialEq)]
pub struct SignedToken {
    pub(super) header: Header,
    pub(super) claims: JsonObject,
}

impl<'t, 'k> SignatureCheck<'t, 'k> {
    /// A check of `signature` over `signing_input` with `key` (the DPoP
    /// proof's own key, [`crate::dpop`]), under the same seam as a token's.
    pub(crate) fn new(
        header: Header,
        key: &'k Jwk,
        signing_input: &'t str,
        signature: Vec<u8>,
        payload: Vec<u8>,
    ) -> Self {
        SignatureCheck {
            header,
            key,
            signing_input,
            signature,
            payload,
        }
    }

    /// The algorithm, from the allowlist and fitting the key.
    pub fn alg(&self) -> Algorithm {
        self.header.alg
    }

    /// The key selected for this token.
    pub fn key(&self) -> &'k Jwk {
        self.key
    }

    /// The bytes that were signed (ASCII `header.payload`).
    pub fn signing_input(&self) -> &'t [u8] {
        self.signing_input.as_bytes()
    }

    /// The decoded signature.
    pub fn signature(&self) -> &[u8] {
        &self.signature
    }

    /// Checks the signature with the core's own primitives.
    ///
    /// # Errors
    /// `bad_signature` (opaque), or a key mismatch error.
    pub fn verify(self) -> Result<SignedPayload, Error> {
        self.key
            .verify(self.header.alg, self.signing_input(), &self.signature)?;
        Ok(self.signed())
    }

    /// Whether the host may check this signature in place of the core
    /// ([`Algorithm::host_may_verify`]: RSA and ECDSA with a key the core
    /// can export as a public JWK; never EdDSA / Ed25519 or HMAC). Every
    /// adapter asks this, so the npm package and the edge worker hand the
    /// same signatures to their host.
    pub fn host_may_verify(&self) -> bool {
        self.header.alg.host_may_verify() && self.key.has_public_jwk()
    }

    /// Takes the host's verdict on [`Self::signature`] over
    /// [`Self::signing_input`] with [`Self::key`] and [`Self::alg`]. The host
    /// must apply the same encoding rules (raw `R || S`, exact RSA length);
    /// the core re-checks the lengths here so a lenient host cannot widen
    /// what is accepted. For a signature the host may not check
    /// ([`Self::host_may_verify`] is false) the host's answer is not
    /// consulted: the core verifies, as [`Self::verify`] does.
    ///
    /// # Errors
    /// `bad_signature` when the host said no or the length is wrong.
    pub fn host_verified(self, valid: bool) -> Result<SignedPayload, Error> {
        if !self.host_may_verify() {
            return self.verify();
        }
        let length_ok = self
            .key
            .signature_length(self.header.alg)
            .is_none_or(|expected| expected == self.signature.len());
        if valid && length_ok {
            Ok(self.signed())
        } else {
            Err(Error::BadSignature)
        }
    }

    fn signed(self) -> SignedPayload {
        SignedPayload {
            header: self.header,
            payload: self.payload,
        }
    }
}
