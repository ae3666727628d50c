//! Modular exponentiation by a fixed public exponent modulo a public odd
//! modulus: the RSA public operation `m = s^e mod n`, done for verification
//! only (all inputs are public, so nothing here is constant time).
//!
//! Numbers are little-endian vectors of `B`-bit limbs held in `u64`s. wasm
//! has a native 32x32->64 multiply but no 64x64->128, so a limb product
//! must fit in 64 bits; limbs narrower than 32 bits leave headroom, so a
//! Montgomery product accumulates a whole column without a carry per
//! product (see [`multiply`]). The fewer limbs the faster, and the column
//! bound decides how wide they can be: 28 bits up to [`WIDE_MAX_LIMBS`]
//! limbs (moduli up to 3526 bits, so 2048 and 3072), 27 bits beyond (up to
//! 8192 bits). 28-bit limbs measured 8% faster than 27 for 2048 bits.
//! Numbers are typed by form (`form.rs`: plain or Montgomery), so the
//! exponentiation's shortcuts between the two are written out where they
//! happen.

mod convert;
mod form;
mod multiply;
mod power;
#[cfg(test)]
mod tests;

pub(crate) use power::FixedPower;

/// The largest modulus handled: the column bound of 27-bit limbs assumes it.
pub(crate) const MAX_MODULUS_BITS: usize = 8192;

/// Limb widths: `WIDE` while the modulus needs at most `WIDE_MAX_LIMBS`
/// limbs, `NARROW` (up to [`MAX_MODULUS_BITS`]) otherwise.
const WIDE: u32 = 28;
const NARROW: u32 = 27;

/// A column sums at most `2 * len + 2` products below `2^(2B)` and a carry
/// below `2^(64-B)` (see [`multiply`]); that must stay below 2^64. For
/// 28-bit limbs: 254 * 2^56 + 2^36 < 2^64, so 126 limbs.
const WIDE_MAX_LIMBS: usize = 126;
/// The same bound for 27-bit limbs allows 510 limbs; 8192 bits need 304.
const NARROW_MAX_LIMBS: usize = 304;

/// The mask of a `B`-bit limb.
const fn limb_mask(bits: u32) -> u64 {
    (1 << bits) - 1
}
