//! NIST P-256 (secp256r1) for ES256.

use super::ecdsa::{CurveKey, Ecdsa};
use super::limbs::Limbs;
use super::modulus::Modulus;
use super::point::Curve;

/// 8 limbs of 32 bits.
pub(crate) const LIMBS: usize = 8;
/// Window width of the generator's shared table: 44 windows x 32 points x 64
/// bytes = 90 KB, built once per process; 6 bits rather than 4 cut ES256 verify
/// by ~10% in wasm (152 -> 136 us).
const GENERATOR_WINDOW: usize = 6;
/// Window width of each key's table: 65 windows x 8 points x 64 bytes = 33,280
/// bytes per key (a wider window would cost memory and first-use time for every
/// key that verifies).
pub(crate) const KEY_WINDOW: usize = 4;

/// The curve constants (SEC 2 / NIST SP 800-186 §G.1.2).
pub(crate) static CURVE: Curve<LIMBS> = Curve {
    p: Modulus::from_hex(P_HEX, field_product),
    n: Modulus::from_hex(N_HEX, order_product),
    field_bytes: 32,
    b: super::limbs::from_hex("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b"),
    generator: (
        super::limbs::from_hex("6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"),
        super::limbs::from_hex("4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5"),
    ),
};

const P_HEX: &str = "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff";
const N_HEX: &str = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";

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

/// A P-256 public key (its table built on first use).
pub(crate) type Key = CurveKey<LIMBS, KEY_WINDOW>;

/// ES256: checks keys and verifies 64-byte `r || s` over a SHA-256 hash.
pub(crate) static ES256: Ecdsa<LIMBS, GENERATOR_WINDOW, KEY_WINDOW> = Ecdsa::new(&CURVE);
