//! EdDSA with Ed25519 (RFC 8032 §5.1.7, RFC 8037).

use crate::error::Error;

/// Verifies a 64-byte Ed25519 signature.
///
/// `verify_strict`: a non-canonical `S` (>= L) is refused, and so are
/// small-order `R` and small-order keys, which make forged "valid"
/// signatures possible. Wycheproof's Ed25519 vectors pass with both
/// `verify` and `verify_strict`; the strict one is the safer of the two.
pub(super) fn verify(
    key: &ed25519_dalek::VerifyingKey,
    signing_input: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    let bytes: &[u8; 64] = signature.try_into().map_err(|_| Error::BadSignature)?;
    let signature = ed25519_dalek::Signature::from_bytes(bytes);
    key.verify_strict(signing_input, &signature)
        .map_err(|_| Error::BadSignature)
}
