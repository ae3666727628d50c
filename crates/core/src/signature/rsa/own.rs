//! RS* and PS* with tokenward's own modular exponentiation.

mod pkcs1v15;
mod pss;

use super::check_length;
use crate::alg::HashAlg;
use crate::error::Error;
use crate::jwk::RsaKey;
use alloc::vec::Vec;

/// RSASSA-PKCS1-v1_5 (RFC 8017 §8.2.2): the expected encoded message is
/// built from the hash and compared whole with `s^e mod n`.
pub(in crate::signature) fn verify_pkcs1v15(
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
pub(in crate::signature) fn verify_pss(
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
    key.power()
        .and_then(|power| power.apply(signature))
        .ok_or(Error::BadSignature)
}
