//! NIST curve public keys (`"kty":"EC"`, RFC 7518 §6.2.1).

use super::PublicKey;
use super::members::{Members, required_bytes, required_str};
use crate::alg::Algorithm;
use crate::error::Error;
use alloc::vec::Vec;

/// Parses `crv`, `x`, `y` of a P-256 or P-384 key, checked to lie on its
/// curve here, once. Returns the key and its uncompressed SEC1 point (the
/// fingerprint's canonical bytes).
pub(crate) fn parse(members: &Members) -> Result<(PublicKey, Vec<u8>), Error> {
    let field_len = match required_str(members, "crv")? {
        "P-256" if Algorithm::ES256.is_available() => 32,
        "P-384" if Algorithm::ES384.is_available() => 48,
        // P-521 (ES512), secp256k1 (ES256K) and anything else: not supported.
        _ => return Err(Error::JwksInvalid("unsupported EC curve")),
    };
    let x = required_bytes(members, "x")?;
    let y = required_bytes(members, "y")?;
    // RFC 7518 §6.2.1.2/3: full length, never shortened.
    if x.len() != field_len || y.len() != field_len {
        return Err(Error::JwksInvalid("EC coordinate has the wrong length"));
    }
    let mut point = Vec::with_capacity(1 + 2 * field_len);
    point.push(0x04);
    point.extend_from_slice(&x);
    point.extend_from_slice(&y);
    // SEC1 decoding rejects coordinates >= p and points off the curve.
    let key = if field_len == 32 && Algorithm::ES256.is_available() {
        p256::ecdsa::VerifyingKey::from_sec1_bytes(&point).map(PublicKey::P256)
    } else if field_len == 48 && Algorithm::ES384.is_available() {
        p384::ecdsa::VerifyingKey::from_sec1_bytes(&point).map(PublicKey::P384)
    } else {
        return Err(Error::JwksInvalid("unsupported EC curve"));
    }
    .map_err(|_| Error::JwksInvalid("EC point is not on the curve"))?;
    Ok((key, point))
}
