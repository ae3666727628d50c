//! ES512 (P-521): always tokenward's own arithmetic
//! ([`crate::crypto::curve::p521`]), whichever backend is chosen: there is
//! no RustCrypto P-521 crate behind `rustcrypto-signatures`.

use crate::crypto::curve::p521;
use alloc::sync::Arc;
use sha2::{Digest, Sha512};

/// A checked P-521 key, shared by every copy of the JWK.
pub(crate) type P521Verifier = Arc<p521::Key>;

/// `sec1` is `04 || X || Y`, 66 bytes each (the JWK module checked the
/// lengths): 521 bits, so the top 7 bits of the first byte must be zero,
/// which `x, y < p` checks.
pub(crate) fn p521_verifier(sec1: &[u8]) -> Option<P521Verifier> {
    let (x, y) = sec1[1..].split_at(66);
    p521::ES512.checked_key(x, y).map(Arc::new)
}

pub(crate) fn verify_p521(key: &P521Verifier, signing_input: &[u8], signature: &[u8]) -> bool {
    p521::ES512.verify(key, &Sha512::digest(signing_input), signature)
}
