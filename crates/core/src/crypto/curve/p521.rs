//! NIST P-521 (secp521r1) for ES512.
//!
//! The same generic Montgomery code as P-256 / P-384, with 17 limbs: 544
//! bits for a 521-bit prime. Montgomery multiplication only needs an odd
//! modulus below `R = 2^544`; a small top limb (`0x1ff`) changes nothing
//! but leaves the top 23 bits of every value zero. `p = 2^521 - 1` makes
//! `-p^-1 mod 2^32 = 1`, folded into the compiled product like P-256's.
//! Numbers are 66 bytes on the wire (coordinates, `r`, `s`), not 68.

use super::ecdsa::{CurveKey, Ecdsa};
use super::limbs::Limbs;
use super::modulus::Modulus;
use super::point::Curve;

/// 17 limbs of 32 bits (544 bits for 521).
pub(crate) const LIMBS: usize = 17;
/// Window width of the generator's shared table: 110 windows x 16 points x
/// 136 bytes = 239 KB, built once per process.
const GENERATOR_WINDOW: usize = 5;
/// Window width of each key's table: 137 windows x 8 points x 136 bytes =
/// 149,056 bytes per key, built on the key's first verification.
pub(crate) const KEY_WINDOW: usize = 4;

/// The curve constants (SEC 2 / NIST SP 800-186 §G.1.4), zero-padded to
/// the limbs' width.
pub(crate) static CURVE: Curve<LIMBS> = Curve {
    p: Modulus::from_hex(P_HEX, field_product),
    n: Modulus::from_hex(N_HEX, order_product),
    field_bytes: 66,
    b: super::limbs::from_hex(
        "00000051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00",
    ),
    generator: (
        super::limbs::from_hex(
            "000000c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66",
        ),
        super::limbs::from_hex(
            "0000011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650",
        ),
    ),
};

/// `2^521 - 1`.
const P_HEX: &str = "000001ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
const N_HEX: &str = "000001fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409";

/// The Montgomery product mod p, compiled for p (see `Modulus::product`).
fn field_product(a: &Limbs<LIMBS>, b: &Limbs<LIMBS>) -> Limbs<LIMBS> {
    const P: Modulus<LIMBS> = Modulus::from_hex(P_HEX, field_product);
    P.montgomery_product(a, b)
}

/// The Montgomery product mod n, compiled for n.
fn order_product(a: &Limbs<LIMBS>, b: &Limbs<LIMBS>) -> Limbs<LIMBS> {
    const N: Modulus<LIMBS> = Modulus::from_hex(N_HEX, order_product);
    N.montgomery_product(a, b)
}

/// A P-521 public key (its table built on first use).
pub(crate) type Key = CurveKey<LIMBS, KEY_WINDOW>;

/// ES512: checks keys and verifies 132-byte `r || s` over a SHA-512 hash.
pub(crate) static ES512: Ecdsa<LIMBS, GENERATOR_WINDOW, KEY_WINDOW> = Ecdsa::new(&CURVE);
