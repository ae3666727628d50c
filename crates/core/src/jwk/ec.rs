//! NIST curve public keys (`"kty":"EC"`, RFC 7518 §6.2.1).
//!
//! The keys are checked here, once, by the signature backend
//! ([`crate::signature::backend`]): range and on-curve checks, whichever
//! arithmetic the core was built with. P-521 keys always use tokenward's
//! own arithmetic.

use super::PublicKey;
use super::members::{Members, required_bytes, required_str};
use crate::alg::Algorithm;
use crate::base64url;
use crate::error::Error;
use crate::signature::backend::{
    P256Verifier, P384Verifier, P521Verifier, p256_verifier, p384_verifier, p521_verifier,
};
use alloc::boxed::Box;
use alloc::vec::Vec;
use core::fmt;

/// A P-256 public key (ES256), checked to lie on the curve.
#[derive(Clone)]
pub struct P256Key {
    /// `X || Y`, 32 bytes each: the JWK members, kept for export.
    coordinates: Box<[u8]>,
    pub(crate) verifier: P256Verifier,
}

/// A P-384 public key (ES384), checked to lie on the curve.
#[derive(Clone)]
pub struct P384Key {
    /// `X || Y`, 48 bytes each: the JWK members, kept for export.
    coordinates: Box<[u8]>,
    pub(crate) verifier: P384Verifier,
}

/// A P-521 public key (ES512), checked to lie on the curve.
#[derive(Clone)]
pub struct P521Key {
    /// `X || Y`, 66 bytes each: the JWK members, kept for export.
    coordinates: Box<[u8]>,
    pub(crate) verifier: P521Verifier,
}

impl P256Key {
    /// `X || Y` of the point, 32 bytes each (big-endian).
    pub fn coordinates(&self) -> &[u8] {
        &self.coordinates
    }
}

impl P384Key {
    /// `X || Y` of the point, 48 bytes each (big-endian).
    pub fn coordinates(&self) -> &[u8] {
        &self.coordinates
    }
}

impl P521Key {
    /// `X || Y` of the point, 66 bytes each (big-endian).
    pub fn coordinates(&self) -> &[u8] {
        &self.coordinates
    }
}

impl fmt::Debug for P256Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_point(f, "P256Key", &self.coordinates)
    }
}

impl fmt::Debug for P384Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_point(f, "P384Key", &self.coordinates)
    }
}

impl fmt::Debug for P521Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_point(f, "P521Key", &self.coordinates)
    }
}

/// The coordinates only: the key's table is large and says nothing new.
fn debug_point(f: &mut fmt::Formatter<'_>, name: &str, coordinates: &[u8]) -> fmt::Result {
    let (x, y) = coordinates.split_at(coordinates.len() / 2);
    f.debug_struct(name)
        .field("x", &base64url::encode(x))
        .field("y", &base64url::encode(y))
        .finish()
}

/// Parses `crv`, `x`, `y` of a P-256, P-384 or P-521 key, checked to lie on its
/// curve here, once. Returns the key and its uncompressed SEC1 point (the
/// fingerprint's canonical bytes).
pub(crate) fn parse(members: &Members) -> Result<(PublicKey, Vec<u8>), Error> {
    let field_len = match required_str(members, "crv")? {
        "P-256" if Algorithm::ES256.is_available() => 32,
        "P-384" if Algorithm::ES384.is_available() => 48,
        // 521 bits in whole octets (RFC 7518 §6.2.1.2: "66 octets").
        "P-521" if Algorithm::ES512.is_available() => 66,
        // secp256k1 (ES256K) and anything else: not supported.
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
    let coordinates: Box<[u8]> = point[1..].into();
    // Both backends reject coordinates >= p and points off the curve.
    let key = if field_len == 32 && Algorithm::ES256.is_available() {
        p256_verifier(&point).map(|verifier| {
            PublicKey::P256(P256Key {
                coordinates,
                verifier,
            })
        })
    } else if field_len == 48 && Algorithm::ES384.is_available() {
        p384_verifier(&point).map(|verifier| {
            PublicKey::P384(P384Key {
                coordinates,
                verifier,
            })
        })
    } else if field_len == 66 && Algorithm::ES512.is_available() {
        p521_verifier(&point).map(|verifier| {
            PublicKey::P521(P521Key {
                coordinates,
                verifier,
            })
        })
    } else {
        return Err(Error::JwksInvalid("unsupported EC curve"));
    }
    .ok_or(Error::JwksInvalid("EC point is not on the curve"))?;
    Ok((key, point))
}
