//! RSA public keys (`"kty":"RSA"`, RFC 7518 §6.3.1).

use super::members::{Members, required_bytes};
use crate::error::Error;
use alloc::vec::Vec;

/// The smallest modulus tokenward verifies with (RFC 7518 §3.3, §3.5).
pub const MIN_RSA_BITS: usize = 2048;

/// The largest modulus accepted at all: bigger keys only cost CPU time.
const MAX_RSA_BITS: usize = 8192;

/// The largest public exponent accepted, `2^33 - 1`, as the rsa crate
/// does (a guard against exponents chosen to make verification slow).
#[cfg(not(feature = "rustcrypto-signatures"))]
const MAX_EXPONENT: u64 = (1 << 33) - 1;

/// An RSA public key, checked at load.
#[derive(Debug, Clone)]
pub struct RsaKey {
    prepared: Prepared,
    /// `n` and `e`, big-endian without leading zeros: what export writes.
    n: Vec<u8>,
    e: Vec<u8>,
    bits: usize,
}

/// The RustCrypto key, kept behind `rustcrypto-signatures` as the fallback.
#[cfg(feature = "rustcrypto-signatures")]
type Prepared = rsa::PublicKey;

/// tokenward's own: `e`, and `s -> s^e mod n` with its Montgomery constants
/// (~150 us in wasm for 2048 bits), computed on the key's first
/// verification and shared by every copy of the key.
#[cfg(not(feature = "rustcrypto-signatures"))]
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    exponent: u64,
    power: alloc::sync::Arc<once_cell::race::OnceBox<crate::montgomery::FixedPower>>,
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

    /// The prepared key, for the signature module.
    #[cfg(feature = "rustcrypto-signatures")]
    pub(crate) fn prepared(&self) -> &Prepared {
        &self.prepared
    }

    /// `s -> s^e mod n`, prepared now if this is the key's first use.
    /// `None` is impossible: `parse` checked what `FixedPower` needs.
    #[cfg(not(feature = "rustcrypto-signatures"))]
    pub(crate) fn power(&self) -> Option<&crate::montgomery::FixedPower> {
        let Prepared { exponent, power } = &self.prepared;
        crate::built_once::get_or_build(power, || {
            crate::montgomery::FixedPower::new(&self.n, *exponent)
        })
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
    let prepared = prepare(&n, &e)?;
    let key = RsaKey {
        prepared,
        n: n.clone(),
        e: e.clone(),
        bits,
    };
    Ok((ParsedRsa::Usable(key), n, e))
}

/// Checks n odd, e odd, 3 <= e < 2^33 and e < n, and precomputes the
/// Montgomery parameters once. `n` has 2048 to 8192 bits, `e` 1 to 8 octets.
#[cfg(feature = "rustcrypto-signatures")]
fn prepare(n: &[u8], e: &[u8]) -> Result<Prepared, Error> {
    let modulus = rsa::BoxedUint::from_be_slice_vartime(n);
    let exponent = rsa::BoxedUint::from_be_slice(e, 64)
        .map_err(|_| Error::JwksInvalid("RSA exponent out of range"))?;
    rsa::PublicKey::new(modulus, exponent).map_err(|_| Error::JwksInvalid("invalid RSA public key"))
}

/// Checks n odd, e odd, 3 <= e < 2^33 and e < n; the Montgomery constants
/// wait for the key's first verification. `n` has 2048 to 8192 bits, `e` 1
/// to 8 octets.
#[cfg(not(feature = "rustcrypto-signatures"))]
fn prepare(n: &[u8], e: &[u8]) -> Result<Prepared, Error> {
    let exponent = e
        .iter()
        .fold(0u64, |acc, &byte| (acc << 8) | u64::from(byte));
    if !(3..=MAX_EXPONENT).contains(&exponent) {
        return Err(Error::JwksInvalid("RSA exponent out of range"));
    }
    // e < 2^33 <= n holds for every modulus of 2048 bits or more; n odd is
    // checked by `FixedPower::accepts`.
    if exponent % 2 == 0
        || bit_length(n) <= 33
        || !crate::montgomery::FixedPower::accepts(n, exponent)
    {
        return Err(Error::JwksInvalid("invalid RSA public key"));
    }
    Ok(Prepared {
        exponent,
        power: Default::default(),
    })
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
