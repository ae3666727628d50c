//! Symmetric keys (`"kty":"oct"`, RFC 7518 §6.4), only with an opt-in.

use super::members::{Members, required_bytes};
use crate::error::Error;
use alloc::vec::Vec;
use core::fmt;

/// An HMAC secret. `Debug` never shows it.
#[derive(Clone)]
pub struct HmacKey {
    secret: Vec<u8>,
}

impl HmacKey {
    /// Wraps a secret (for keys that do not come from a JWK).
    pub fn new(secret: Vec<u8>) -> HmacKey {
        HmacKey { secret }
    }

    /// The secret's length in bits, compared with the hash size (RFC 7518 §3.2).
    pub fn bits(&self) -> usize {
        self.secret.len() * 8
    }

    pub(crate) fn secret(&self) -> &[u8] {
        &self.secret
    }
}

impl fmt::Debug for HmacKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HmacKey")
            .field("bits", &self.bits())
            .finish()
    }
}

/// Parses `k`. An empty secret is refused outright.
pub(crate) fn parse(members: &Members) -> Result<HmacKey, Error> {
    let secret = required_bytes(members, "k")?;
    if secret.is_empty() {
        return Err(Error::JwksInvalid("empty symmetric key"));
    }
    Ok(HmacKey { secret })
}
