//! ES256 / ES384: ECDSA with the JWS signature format (RFC 7518 §3.4).

use crate::error::Error;
use p256::ecdsa::signature::Verifier as _;

/// ES256: `R || S`, 32 bytes each, never DER.
pub(super) fn verify_p256(
    key: &p256::ecdsa::VerifyingKey,
    signing_input: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    // `from_slice` insists on exactly 64 bytes and on 1 <= r, s < n. High-S
    // stays valid: P-256 does not normalise S (only secp256k1 would).
    let signature =
        p256::ecdsa::Signature::from_slice(signature).map_err(|_| Error::BadSignature)?;
    key.verify(signing_input, &signature)
        .map_err(|_| Error::BadSignature)
}

/// ES384: `R || S`, 48 bytes each, never DER.
pub(super) fn verify_p384(
    key: &p384::ecdsa::VerifyingKey,
    signing_input: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    let signature =
        p384::ecdsa::Signature::from_slice(signature).map_err(|_| Error::BadSignature)?;
    key.verify(signing_input, &signature)
        .map_err(|_| Error::BadSignature)
}
