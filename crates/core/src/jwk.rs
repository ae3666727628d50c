//! One JSON Web Key (RFC 7517), parsed once into a ready-to-use verifying key.

use crate::alg::Algorithm;
use crate::error::Error;
use alloc::string::String;
use alloc::vec::Vec;

/// A parsed public (or, with opt-in, symmetric) key with its JWK metadata.
#[derive(Debug, Clone)]
pub struct Jwk {
    /// The `kid`, when the JWK has one.
    pub kid: Option<String>,
    /// The JWK `alg`, when present: the only algorithm this key may verify.
    pub alg: Option<String>,
    /// The JWK `use`, when present.
    pub key_use: Option<String>,
    /// The JWK `key_ops`, when present.
    pub key_ops: Option<Vec<String>>,
}

impl Jwk {
    /// Checks that this key may verify `alg` (type, curve, `alg`, `use`,
    /// `key_ops`, strength).
    ///
    /// # Errors
    /// `key_alg_mismatch`, `key_use_mismatch` or `weak_key`.
    pub fn check_usable_for(&self, _alg: Algorithm) -> Result<(), Error> {
        Err(Error::KeyAlgMismatch)
    }

    /// Verifies `signature` over `signing_input` with `alg`.
    ///
    /// # Errors
    /// `bad_signature` (opaque), or the errors of [`Jwk::check_usable_for`].
    pub fn verify(
        &self,
        alg: Algorithm,
        _signing_input: &[u8],
        _signature: &[u8],
    ) -> Result<(), Error> {
        self.check_usable_for(alg)?;
        Err(Error::BadSignature)
    }
}
