//! ES256 / ES384 / ES512: ECDSA with the JWS signature format (RFC 7518
//! §3.4): raw `R || S` (never DER), exactly twice the field length (32, 48,
//! 66 bytes), with `1 <= r, s < n`. High-S stays valid: the NIST curves do
//! not normalise S (only secp256k1 conventions would).

use crate::error::Error;
use crate::jwk::{P256Key, P384Key, P521Key};

/// ES256: `R || S`, 32 bytes each.
pub(super) fn verify_p256(
    key: &P256Key,
    signing_input: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    backend::verify_p256(key, signing_input, signature)
        .then_some(())
        .ok_or(Error::BadSignature)
}

/// ES384: `R || S`, 48 bytes each.
pub(super) fn verify_p384(
    key: &P384Key,
    signing_input: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    backend::verify_p384(key, signing_input, signature)
        .then_some(())
        .ok_or(Error::BadSignature)
}

/// ES512: `R || S`, 66 bytes each, over SHA-512. Always tokenward's own
/// arithmetic: `rustcrypto-signatures` has no P-521 crate behind it.
pub(super) fn verify_p521(
    key: &P521Key,
    signing_input: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    use sha2::{Digest, Sha512};
    crate::curve::p521::ES512
        .verify(&key.verifier, &Sha512::digest(signing_input), signature)
        .then_some(())
        .ok_or(Error::BadSignature)
}

/// tokenward's own arithmetic (`crate::curve`), the default.
#[cfg(not(feature = "rustcrypto-signatures"))]
mod backend {
    use crate::curve::{p256, p384};
    use crate::jwk::{P256Key, P384Key};
    use sha2::{Digest, Sha256, Sha384};

    pub(super) fn verify_p256(key: &P256Key, signing_input: &[u8], signature: &[u8]) -> bool {
        p256::ES256.verify(&key.verifier, &Sha256::digest(signing_input), signature)
    }

    pub(super) fn verify_p384(key: &P384Key, signing_input: &[u8], signature: &[u8]) -> bool {
        p384::ES384.verify(&key.verifier, &Sha384::digest(signing_input), signature)
    }
}

/// The `p256` / `p384` crates (feature `rustcrypto-signatures`).
#[cfg(feature = "rustcrypto-signatures")]
mod backend {
    use crate::jwk::{P256Key, P384Key};
    use p256::ecdsa::signature::Verifier as _;

    // `from_slice` insists on exactly 2 x the field length and on
    // 1 <= r, s < n.
    pub(super) fn verify_p256(key: &P256Key, signing_input: &[u8], signature: &[u8]) -> bool {
        p256::ecdsa::Signature::from_slice(signature)
            .is_ok_and(|signature| key.verifier.verify(signing_input, &signature).is_ok())
    }

    pub(super) fn verify_p384(key: &P384Key, signing_input: &[u8], signature: &[u8]) -> bool {
        p384::ecdsa::Signature::from_slice(signature)
            .is_ok_and(|signature| key.verifier.verify(signing_input, &signature).is_ok())
    }
}
