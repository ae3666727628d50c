//! ES256 / ES384 through the `p256` / `p384` crates: SEC1 decoding checks
//! the key at load.

use p256::ecdsa::signature::Verifier as _;

pub(crate) type P256Verifier = p256::ecdsa::VerifyingKey;
pub(crate) type P384Verifier = p384::ecdsa::VerifyingKey;

pub(crate) fn p256_verifier(sec1: &[u8]) -> Option<P256Verifier> {
    p256::ecdsa::VerifyingKey::from_sec1_bytes(sec1).ok()
}

pub(crate) fn p384_verifier(sec1: &[u8]) -> Option<P384Verifier> {
    p384::ecdsa::VerifyingKey::from_sec1_bytes(sec1).ok()
}

// `from_slice` insists on exactly 2 x the field length and on
// 1 <= r, s < n.

pub(crate) fn verify_p256(key: &P256Verifier, signing_input: &[u8], signature: &[u8]) -> bool {
    p256::ecdsa::Signature::from_slice(signature)
        .is_ok_and(|signature| key.verify(signing_input, &signature).is_ok())
}

pub(crate) fn verify_p384(key: &P384Verifier, signing_input: &[u8], signature: &[u8]) -> bool {
    p384::ecdsa::Signature::from_slice(signature)
        .is_ok_and(|signature| key.verify(signing_input, &signature).is_ok())
}
