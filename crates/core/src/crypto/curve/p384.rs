//! NIST P-384 (secp384r1) for ES384.

use super::ecdsa::{CurveKey, Ecdsa};
use super::limbs::Limbs;
use super::modulus::Modulus;
use super::point::Curve;

/// 12 limbs of 32 bits.
pub(crate) const LIMBS: usize = 12;
/// Window width of the generator's shared table: 78 windows x 16 points x 96
/// bytes = 120 KB, built once per process; 5 bits rather than 4 cut ES384
/// verify by ~8% in wasm.
const GENERATOR_WINDOW: usize = 5;
/// Window width of each key's table: 97 windows x 8 points x 96 bytes = 74,496
/// bytes per key (a wider window would cost memory and first-use time for every
/// key that verifies).
pub(crate) const KEY_WINDOW: usize = 4;

/// The curve constants (SEC 2 / NIST SP 800-186 §G.1.3).
pub(crate) static CURVE: Curve<LIMBS> = Curve {
    p: Modulus::from_hex(P_HEX, field_product),
    n: Modulus::from_hex(N_HEX, order_product),
    field_bytes: 48,
    b: super::limbs::from_hex(
        "b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef",
    ),
    generator: (
        super::limbs::from_hex(
            "aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7",
        ),
        super::limbs::from_hex(
            "3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f",
        ),
    ),
};

const P_HEX: &str = "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff";
const N_HEX: &str = "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973";

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

/// A P-384 public key (its table built on first use).
pub(crate) type Key = CurveKey<LIMBS, KEY_WINDOW>;

/// ES384: checks keys and verifies 96-byte `r || s` over a SHA-384 hash.
pub(crate) static ES384: Ecdsa<LIMBS, GENERATOR_WINDOW, KEY_WINDOW> = Ecdsa::new(&CURVE);
