//! tokenward's own elliptic-curve arithmetic for ES256 / ES384 verification
//! (the default; `rustcrypto-signatures` swaps in the `p256` / `p384`
//! crates instead).
//!
//! Built for wasm: 32-bit limbs (wasm multiplies 32x32->64 natively, 64x64
//! ->128 only in software), one generic Montgomery implementation for all
//! four moduli, and fixed-base tables for both `G` (shared, built once) and
//! each public key `Q` (built when the key is parsed), so `u1 G + u2 Q`
//! costs only mixed additions, no doublings. Verification handles public
//! data only: nothing here is constant time.

mod ecdsa;
mod limbs;
mod modulus;
mod point;
mod table;

pub(crate) mod p256;
pub(crate) mod p384;

#[cfg(test)]
mod tests;
