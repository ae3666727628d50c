//! Octet key pairs (`"kty":"OKP"`, RFC 8037 §2): Ed25519 only.

use super::members::{Members, required_bytes, required_str};
use crate::error::Error;
use alloc::vec::Vec;

/// Parses `crv` and `x` of an Ed25519 key; X25519 (key agreement) and Ed448
/// are not supported. Returns the key and its 32 encoded bytes.
pub(crate) fn parse(members: &Members) -> Result<(ed25519_dalek::VerifyingKey, Vec<u8>), Error> {
    if required_str(members, "crv")? != "Ed25519" {
        return Err(Error::JwksInvalid("unsupported OKP curve"));
    }
    let x = required_bytes(members, "x")?;
    let bytes: &[u8; 32] = x
        .as_slice()
        .try_into()
        .map_err(|_| Error::JwksInvalid("Ed25519 key has the wrong length"))?;
    // Decompression happens here, once, not per signature.
    let key = ed25519_dalek::VerifyingKey::from_bytes(bytes)
        .map_err(|_| Error::JwksInvalid("Ed25519 key is not a curve point"))?;
    Ok((key, x))
}
