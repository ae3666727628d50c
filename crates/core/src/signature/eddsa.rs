//! EdDSA with Ed25519 (RFC 8032 §5.1.7, RFC 8037).

use crate::error::Error;
use ed25519_dalek::Verifier as _;

/// The canonical encodings of the 8 small-order points of edwards25519
/// (orders 1, 2, 4, 4, 8, 8, 8, 8); `tests` derives each from the curve.
const SMALL_ORDER_R: [[u8; 32]; 8] = [
    hex("0100000000000000000000000000000000000000000000000000000000000000"),
    hex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
    hex("0000000000000000000000000000000000000000000000000000000000000000"),
    hex("0000000000000000000000000000000000000000000000000000000000000080"),
    hex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
    hex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa"),
    hex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
    hex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85"),
];

/// Verifies a 64-byte Ed25519 signature with the rules of ed25519-dalek's
/// `verify_strict`: a non-canonical `S` (>= L) is refused, and so are
/// small-order `R` and small-order keys, which make forged "valid"
/// signatures possible.
///
/// Why not call `verify_strict`: it decodes `R` to a point (a square root,
/// ~10 % of a verification in wasm) only to test its order. `verify`
/// (the same equation, `S` canonical) accepts only an `R` equal to the
/// canonical encoding of the point it computes, so once it holds, `R` has
/// small order exactly when it is one of the 8 encodings above: the same
/// verdict for every input, checked against `verify_strict` in `tests`.
pub(super) fn verify(
    key: &ed25519_dalek::VerifyingKey,
    signing_input: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    let bytes: &[u8; 64] = signature.try_into().map_err(|_| Error::BadSignature)?;
    let small_order_r = SMALL_ORDER_R.iter().any(|r| bytes[..32] == r[..]);
    if small_order_r || key.is_weak() {
        return Err(Error::BadSignature);
    }
    let signature = ed25519_dalek::Signature::from_bytes(bytes);
    key.verify(signing_input, &signature)
        .map_err(|_| Error::BadSignature)
}

const fn hex(text: &str) -> [u8; 32] {
    const fn nibble(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            _ => c - b'a' + 10,
        }
    }
    let text = text.as_bytes();
    let mut out = [0; 32];
    let mut i = 0;
    while i < 32 {
        out[i] = nibble(text[2 * i]) << 4 | nibble(text[2 * i + 1]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests;
