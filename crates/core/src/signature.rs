//! Signature verification per algorithm family, over keys checked at load.
//!
//! Every failure is the opaque [`Error::BadSignature`], wrong lengths
//! included: the caller learns nothing about why a signature was refused.

pub(crate) mod backend;
mod ecdsa;
mod eddsa;
mod hmac;
mod rsa;

use crate::alg::Algorithm;
use crate::error::Error;
use crate::jwk::PublicKey;

/// Verifies `signature` over `signing_input` (the ASCII
/// `BASE64URL(header) || '.' || BASE64URL(payload)`) with `key` and `alg`.
///
/// This checks only the cryptography; [`crate::Jwk::verify`] also applies
/// the JWK's `alg`, `use`, `key_ops` and strength rules and is what
/// verification should call.
///
/// # Errors
/// `bad_signature` for any signature that does not verify (including a
/// wrong length or encoding); `key_alg_mismatch` when the key cannot do
/// `alg` at all; `weak_key` for an RSA key under 2048 bits.
pub fn verify(
    key: &PublicKey,
    alg: Algorithm,
    signing_input: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    use Algorithm::*;
    match (key, alg) {
        (PublicKey::Rsa(key), RS256 | RS384 | RS512) if RS256.is_available() => {
            rsa::verify_pkcs1v15(key, alg.hash(), signing_input, signature)
        }
        (PublicKey::Rsa(key), PS256 | PS384 | PS512) if PS256.is_available() => {
            rsa::verify_pss(key, alg.hash(), signing_input, signature)
        }
        (PublicKey::WeakRsa { bits }, _) => Err(Error::WeakKey { bits: *bits }),
        (PublicKey::P256(key), ES256) if ES256.is_available() => {
            ecdsa::verify_p256(key, signing_input, signature)
        }
        (PublicKey::P384(key), ES384) if ES384.is_available() => {
            ecdsa::verify_p384(key, signing_input, signature)
        }
        (PublicKey::P521(key), ES512) if ES512.is_available() => {
            ecdsa::verify_p521(key, signing_input, signature)
        }
        (PublicKey::Ed25519(key), EdDSA | Ed25519) if EdDSA.is_available() => {
            eddsa::verify(key, signing_input, signature)
        }
        (PublicKey::Hmac(key), HS256 | HS384 | HS512) if HS256.is_available() => {
            hmac::verify(key, alg.hash(), signing_input, signature)
        }
        _ => Err(Error::KeyAlgMismatch),
    }
}
