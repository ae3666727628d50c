//! Octet key pairs (`"kty":"OKP"`, RFC 8037 §2): Ed25519 only.

use super::members::{Members, required_bytes, required_str};
use crate::error::Error;
use alloc::vec::Vec;

/// Why a key set holding a small-order Ed25519 key is refused whole.
pub(crate) const SMALL_ORDER: &str = "an Ed25519 key is a small-order point: it verifies \
     signatures forged without any private key, so the whole set is refused";

/// Why a key set holding a non-canonically encoded Ed25519 key is refused whole.
pub(crate) const NON_CANONICAL: &str = "an Ed25519 key is not canonically encoded \
     (y >= p, or the sign of x = 0 set): hosts disagree on such keys, so the whole set is refused";

/// Parses `crv` and `x` of an Ed25519 key; X25519 (key agreement) and Ed448
/// are not supported. Returns the key and its 32 encoded bytes.
///
/// A small-order point (one of the 8 points of order 1, 2, 4 or 8, in any
/// encoding) is refused with [`SMALL_ORDER`]: with it, `R` = identity and
/// `S` = 0 "verify" any message under a non-strict verifier. An encoding
/// other than the canonical one (RFC 8032 §5.1.3 says decoding fails for
/// `y ≥ p`; the sign bit of `x = 0` must be clear) is refused with
/// [`NON_CANONICAL`]: ed25519-dalek decodes it, other libraries do not, and
/// the signature hashes the encoding as given. Both are a publisher's
/// error no honest key produces, like a published private key.
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
    if key.is_weak() {
        return Err(Error::JwksInvalid(SMALL_ORDER));
    }
    // dalek reduces `y` mod p and keeps the bytes as given: re-encoding
    // the decoded point shows whether they were the canonical encoding.
    if key.to_edwards().compress().to_bytes() != *bytes {
        return Err(Error::JwksInvalid(NON_CANONICAL));
    }
    Ok((key, x))
}

/// True for the refusals that make a whole key set unusable (see
/// [`SMALL_ORDER`], [`NON_CANONICAL`]), unlike an unsupported key, which is
/// skipped.
pub(crate) fn refuses_set(error: &Error) -> bool {
    matches!(error, Error::JwksInvalid(why) if [SMALL_ORDER, NON_CANONICAL].contains(why))
}
