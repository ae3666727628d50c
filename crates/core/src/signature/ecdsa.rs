//! ES256 / ES384 / ES512: ECDSA with the JWS signature format (RFC 7518
//! §3.4): raw `R || S` (never DER), exactly twice the field length (32, 48,
//! 66 bytes), with `1 <= r, s < n`. High-S stays valid: the NIST curves do
//! not normalise S (only secp256k1 conventions would).

use super::backend;
use crate::error::Error;
use crate::jwk::{P256Key, P384Key, P521Key};

/// ES256: `R || S`, 32 bytes each.
pub(super) fn verify_p256(
    key: &P256Key,
    signing_input: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    verdict(backend::verify_p256(
        &key.verifier,
        signing_input,
        signature,
    ))
}

/// ES384: `R || S`, 48 bytes each.
pub(super) fn verify_p384(
    key: &P384Key,
    signing_input: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    verdict(backend::verify_p384(
        &key.verifier,
        signing_input,
        signature,
    ))
}

/// ES512: `R || S`, 66 bytes each, over SHA-512. Always tokenward's own
/// arithmetic: `rustcrypto-signatures` has no P-521 crate behind it.
pub(super) fn verify_p521(
    key: &P521Key,
    signing_input: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    verdict(backend::verify_p521(
        &key.verifier,
        signing_input,
        signature,
    ))
}

#[inline(always)]
fn verdict(valid: bool) -> Result<(), Error> {
    valid.then_some(()).ok_or(Error::BadSignature)
}
