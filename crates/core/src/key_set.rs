//! A JWK Set (RFC 7517 §5), parsed once, and key selection for a token.

use crate::alg::Algorithm;
use crate::error::Error;
use crate::jwk::Jwk;
use alloc::vec::Vec;

/// A parsed JWK Set.
#[derive(Debug, Clone, Default)]
pub struct KeySet {
    keys: Vec<Jwk>,
}

impl KeySet {
    /// Parses a JWK Set document (`{"keys": [...]}`).
    ///
    /// # Errors
    /// `jwks_invalid` or `too_large`.
    pub fn from_json(_document: &[u8]) -> Result<KeySet, Error> {
        Err(Error::JwksInvalid("not implemented yet"))
    }

    /// Selects the key that verifies a token with this `alg` and `kid`.
    ///
    /// # Errors
    /// `unknown_kid`, `ambiguous_key`, or the key's own mismatch error.
    pub fn select(&self, _alg: Algorithm, _kid: Option<&str>) -> Result<&Jwk, Error> {
        self.keys.first().ok_or(Error::UnknownKid)
    }
}
