//! RS* and PS* with tokenward's own modular exponentiation
//! ([`crate::crypto::montgomery`]).

mod pkcs1v15;
mod pss;

use crate::alg::HashAlg;
use crate::crypto::built_once::get_or_build;
use crate::crypto::montgomery::FixedPower;
use crate::error::Error;
use crate::jwk::RsaKey;
use crate::signature::rsa::check_length;
use alloc::sync::Arc;
use alloc::vec::Vec;
use once_cell::race::OnceBox;

/// The largest public exponent accepted, `2^33 - 1`, as the rsa crate
/// does (a guard against exponents chosen to make verification slow).
const MAX_EXPONENT: u64 = (1 << 33) - 1;

/// `e`, and `s -> s^e mod n` with its Montgomery constants (~150 us in
/// wasm for 2048 bits), computed on the key's first verification and
/// shared by every copy of the key.
#[derive(Debug, Clone)]
pub(crate) struct RsaPrepared {
    exponent: u64,
    power: Arc<OnceBox<FixedPower>>,
}

impl RsaPrepared {
    /// `s -> s^e mod n` for the key's modulus `n`, prepared now if this is
    /// the key's first use. `None` is impossible: [`prepare_rsa`] checked
    /// what `FixedPower` needs.
    fn power(&self, modulus: &[u8]) -> Option<&FixedPower> {
        get_or_build(&self.power, || FixedPower::new(modulus, self.exponent))
    }
}

/// Checks n odd, e odd, 3 <= e < 2^33 and e < n; the Montgomery constants
/// wait for the key's first verification. `n` has 2048 to 8192 bits, `e` 1
/// to 8 octets (both big-endian without leading zeros).
pub(crate) fn prepare_rsa(n: &[u8], e: &[u8]) -> Result<RsaPrepared, Error> {
    let exponent = e
        .iter()
        .fold(0u64, |acc, &byte| (acc << 8) | u64::from(byte));
    if !(3..=MAX_EXPONENT).contains(&exponent) {
        return Err(Error::JwksInvalid("RSA exponent out of range"));
    }
    // e < 2^33 <= n holds for every modulus of more than 33 bits (the JWK
    // module refuses any under 2048 first); n odd is checked by
    // `FixedPower::accepts`.
    let modulus_bits = n
        .first()
        .map_or(0, |&top| n.len() * 8 - top.leading_zeros() as usize);
    if exponent % 2 == 0 || modulus_bits <= 33 || !FixedPower::accepts(n, exponent) {
        return Err(Error::JwksInvalid("invalid RSA public key"));
    }
    Ok(RsaPrepared {
        exponent,
        power: Default::default(),
    })
}

/// RSASSA-PKCS1-v1_5 (RFC 8017 §8.2.2): the expected encoded message is
/// built from the hash and compared whole with `s^e mod n`.
pub(crate) fn verify_pkcs1v15(
    key: &RsaKey,
    hash: HashAlg,
    signing_input: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    let computed = public_operation(key, signature)?;
    let expected = pkcs1v15::encode(hash, &hash.digest(&[signing_input]), computed.len());
    if computed == expected {
        Ok(())
    } else {
        Err(Error::BadSignature)
    }
}

/// RSASSA-PSS (RFC 8017 §8.1.2) with MGF1 over the same hash and a salt as
/// long as the hash output (RFC 7518 §3.5).
pub(crate) fn verify_pss(
    key: &RsaKey,
    hash: HashAlg,
    signing_input: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    let computed = public_operation(key, signature)?;
    let message_hash = hash.digest(&[signing_input]);
    if pss::verify(hash, &message_hash, &computed, key.bits()) {
        Ok(())
    } else {
        Err(Error::BadSignature)
    }
}

/// RSAVP1 (RFC 8017 §5.2.2) after the length check: `s < n`, then
/// `s^e mod n` as `k` octets.
fn public_operation(key: &RsaKey, signature: &[u8]) -> Result<Vec<u8>, Error> {
    check_length(key, signature)?;
    key.prepared()
        .power(key.modulus())
        .and_then(|power| power.apply(signature))
        .ok_or(Error::BadSignature)
}
