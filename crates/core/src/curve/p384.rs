//! NIST P-384 (secp384r1) for ES384.

use super::ecdsa::{self, CurveKey};
use super::limbs::Limbs;
use super::modulus::Modulus;
use super::point::Curve;
use super::table::FixedBaseTable;
use crate::built_once::get_or_build;
use once_cell::race::OnceBox;

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

/// Checks the key `(x, y)`, 48 bytes each. The shared `G` table is
/// built here, with the first key (once per process), so that only a
/// key's first verification pays for a table: its own.
pub(crate) fn checked_key(x: &[u8], y: &[u8]) -> Option<Key> {
    generator_table()?;
    CurveKey::new(&CURVE, x, y)
}

/// Verifies a 96-byte `r || s` over a SHA-384 `hash`.
pub(crate) fn verify(key: &Key, hash: &[u8], signature: &[u8]) -> bool {
    generator_table()
        .is_some_and(|generator| ecdsa::verify(&CURVE, generator, key, hash, signature))
}

/// `G`'s table, built on first use and shared by every key. Built at most
/// a few times if threads race (`race::OnceBox`: a lost race drops its copy).
pub(crate) fn generator_table() -> Option<&'static FixedBaseTable<LIMBS, GENERATOR_WINDOW>> {
    static TABLE: OnceBox<FixedBaseTable<LIMBS, GENERATOR_WINDOW>> = OnceBox::new();
    get_or_build(&TABLE, || FixedBaseTable::new(&CURVE, &CURVE.generator()?))
}
