//! tokenward's own elliptic-curve arithmetic for ES256 / ES384 / ES512
//! verification (the default; `rustcrypto-signatures` swaps in the `p256`
//! / `p384` crates for ES256 / ES384; ES512 always runs here).
//!
//! Built for wasm: 32-bit limbs (wasm multiplies 32x32->64 natively, 64x64
//! ->128 only in software), one generic Montgomery implementation for all
//! six moduli (8, 12 and 17 limbs), and fixed-base tables for both `G` (shared, built once) and
//! each public key `Q` (built on the key's first verification), so
//! `u1 G + u2 Q` costs only mixed additions, no doublings. Verification
//! handles public data only: nothing here is constant time.
//!
//! Points use incomplete Jacobian formulas with every exceptional case
//! handled explicitly (`point.rs`); the final check compares `r Z^2` with
//! `X` instead of inverting `Z`. Measured under Node 20 (V8), best of
//! interleaved batches on a loaded 2-core machine, against `p256` /
//! `p384` 0.14 in the same wasm binary: ES256 ~110 us vs ~880 us (8x),
//! ES384 ~375 us vs ~4,000 us (10x). A key's table costs ~0.7 ms (P-256)
//! / ~2.2 ms (P-384) and 33,280 / 74,496 bytes, once, on its first
//! verification; the shared `G` tables (90 KB / 120 KB) are built with
//! the first key loaded. P-521 (`p521.rs`, 17 limbs): ~2 ms per ES512
//! verify in the npm package under Node on a loaded machine (jose: ~2.3
//! ms), a 149,056-byte table per key and a 239 KB shared `G` table.

mod ecdsa;
mod limbs;
mod modulus;
mod point;
mod table;

pub(crate) mod p256;
pub(crate) mod p384;
pub(crate) mod p521;

#[cfg(test)]
mod tests;
