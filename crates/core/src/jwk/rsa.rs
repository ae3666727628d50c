//! RSA public keys (`"kty":"RSA"`, RFC 7518 §6.3.1).

use super::members::{Members, required_bytes};
use crate::error::Error;
use crate::signature::backend::{RsaPrepared, prepare_rsa};
use alloc::vec::Vec;

/// The smallest modulus tokenward verifies with (RFC 7518 §3.3, §3.5).
pub const MIN_RSA_BITS: usize = 2048;

/// The largest modulus accepted at all: bigger keys only cost CPU time.
const MAX_RSA_BITS: usize = 8192;

/// An RSA public key, checked at load.
#[derive(Debug, Clone)]
pub struct RsaKey {
    /// What the signature backend needs, prepared at load.
    prepared: RsaPrepared,
    /// `n` and `e`, big-endian without leading zeros: what export writes.
    n: Vec<u8>,
    e: Vec<u8>,
    bits: usize,
}

impl RsaKey {
    /// The modulus size in bits.
    pub fn bits(&self) -> usize {
        self.bits
    }

    /// The modulus size in bytes: the exact length of every signature.
    pub fn modulus_len(&self) -> usize {
        self.bits.div_ceil(8)
    }

    /// The modulus, big-endian without leading zeros.
    pub(crate) fn modulus(&self) -> &[u8] {
        &self.n
    }

    /// The public exponent, big-endian without leading zeros.
    pub(crate) fn exponent(&self) -> &[u8] {
        &self.e
    }

    /// The prepared key, for the signature backend.
    pub(crate) fn prepared(&self) -> &RsaPrepared {
        &self.prepared
    }
}

/// What an RSA JWK turned into: a usable key, or a weak one kept only so
/// that selecting it can report `weak_key`.
#[derive(Debug)]
pub(crate) enum ParsedRsa {
    Usable(RsaKey),
    Weak { bits: usize },
}

/// Parses `n` and `e`. Returns the key and the canonical bytes (`n`, `e`
/// without leading zeros) that feed the key-set fingerprint.
pub(crate) fn parse(members: &Members) -> Result<(ParsedRsa, Vec<u8>, Vec<u8>), Error> {
    let n = strip_leading_zeros(required_bytes(members, "n")?);
    let e = strip_leading_zeros(required_bytes(members, "e")?);
    let bits = bit_length(&n);
    if bits > MAX_RSA_BITS {
        return Err(Error::JwksInvalid("RSA modulus is too large"));
    }
    if e.is_empty() || e.len() > 8 {
        return Err(Error::JwksInvalid("RSA exponent out of range"));
    }
    if bits < MIN_RSA_BITS {
        return Ok((ParsedRsa::Weak { bits }, n, e));
    }
    let prepared = prepare_rsa(&n, &e)?;
    let key = RsaKey {
        prepared,
        n: n.clone(),
        e: e.clone(),
        bits,
    };
    Ok((ParsedRsa::Usable(key), n, e))
}

/// RFC 7518 asks for the minimal encoding; some providers still prepend a
/// zero octet (DER habit), which changes nothing about the integer.
fn strip_leading_zeros(mut bytes: Vec<u8>) -> Vec<u8> {
    let zeros = bytes.iter().take_while(|&&b| b == 0).count();
    bytes.drain(..zeros);
    bytes
}

fn bit_length(big_endian: &[u8]) -> usize {
    match big_endian.first() {
        None => 0,
        Some(&top) => big_endian.len() * 8 - top.leading_zeros() as usize,
    }
}

#[cfg(test)]
mod tests {
    use super::{bit_length, strip_leading_zeros};
    use alloc::vec;

    #[test]
    fn bit_lengths() {
        assert_eq!(bit_length(&[]), 0);
        assert_eq!(bit_length(&[1]), 1);
        assert_eq!(bit_length(&[0x80, 0]), 16);
        assert_eq!(strip_leading_zeros(vec![0, 0, 5, 0]), vec![5, 0]);
    }
}
