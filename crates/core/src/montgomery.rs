//! Modular exponentiation by a fixed public exponent modulo a public odd
//! modulus: the RSA public operation `m = s^e mod n`, done for verification
//! only (all inputs are public, so nothing here is constant time).
//!
//! Numbers are little-endian vectors of [`LIMB_BITS`]-bit limbs held in
//! `u64`s. wasm has a native 32x32->64 multiply but no 64x64->128, so a
//! limb product must fit in 64 bits; keeping the limbs 27 bits wide leaves
//! 10 bits of headroom, so a Montgomery product accumulates every column
//! (up to 2 x 304 products for an 8192-bit modulus) without a carry per
//! product (see [`multiply`]).

mod convert;
mod multiply;
mod power;
#[cfg(test)]
mod tests;

pub(crate) use power::FixedPower;

/// Bits per limb. Products are below 2^54: a `u64` column holds 1024 of them.
const LIMB_BITS: u32 = 27;
const LIMB_MASK: u64 = (1 << LIMB_BITS) - 1;

/// The largest modulus handled: the column bound above assumes it.
pub(crate) const MAX_MODULUS_BITS: usize = 8192;
