//! ES256 / ES384 over tokenward's own curves ([`crate::crypto::curve`]):
//! a key is checked at load (range and on-curve); its fixed-base table
//! follows on its first verification.

use crate::crypto::curve::{p256, p384};
use alloc::sync::Arc;
use sha2::{Digest, Sha256, Sha384};

/// A checked P-256 key, shared by every copy of the JWK.
pub(crate) type P256Verifier = Arc<p256::Key>;
/// A checked P-384 key, shared by every copy of the JWK.
pub(crate) type P384Verifier = Arc<p384::Key>;

// `sec1` is `04 || X || Y` with full-length coordinates (the JWK module
// checked the lengths).

pub(crate) fn p256_verifier(sec1: &[u8]) -> Option<P256Verifier> {
    let (x, y) = sec1[1..].split_at(32);
    p256::ES256.checked_key(x, y).map(Arc::new)
}

pub(crate) fn p384_verifier(sec1: &[u8]) -> Option<P384Verifier> {
    let (x, y) = sec1[1..].split_at(48);
    p384::ES384.checked_key(x, y).map(Arc::new)
}

pub(crate) fn verify_p256(key: &P256Verifier, signing_input: &[u8], signature: &[u8]) -> bool {
    p256::ES256.verify(key, &Sha256::digest(signing_input), signature)
}

pub(crate) fn verify_p384(key: &P384Verifier, signing_input: &[u8], signature: &[u8]) -> bool {
    p384::ES384.verify(key, &Sha384::digest(signing_input), signature)
}
