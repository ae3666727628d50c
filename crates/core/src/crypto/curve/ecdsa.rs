//! ECDSA verification (SEC1 v2 §4.1.4) over a checked public key, with the
//! JWS signature format (RFC 7518 §3.4): raw `R || S`, never DER.

use super::limbs;
use super::modulus::{Mont, Plain};
use super::point::{Affine, Curve};
use super::table::FixedBaseTable;
use crate::crypto::built_once::get_or_build;
use once_cell::race::OnceBox;

/// A checked public key `Q` of one curve, and its fixed-base table once the
/// key has verified a signature.
#[derive(Debug)]
pub(crate) struct CurveKey<const N: usize, const W: usize> {
    point: Affine<N>,
    /// Built on the key's first verification: tens of kilobytes and up to
    /// a few milliseconds per key, which keys that never verify skip.
    table: OnceBox<FixedBaseTable<N, W>>,
}

impl<const N: usize, const W: usize> CurveKey<N, W> {
    /// Decodes `x`, `y` (big-endian, exactly the field's byte length each:
    /// 32, 48 or 66) and
    /// checks `x, y < p` and `y^2 = x^3 - 3x + b`. On the curve also rules
    /// out the point at infinity (it has no affine form), and the cofactor
    /// is 1, so any such point generates the whole group.
    pub(crate) fn new(curve: &Curve<N>, x: &[u8], y: &[u8]) -> Option<Self> {
        let x = limbs::from_be_bytes_exact::<N>(x, curve.field_bytes)?;
        let y = limbs::from_be_bytes_exact::<N>(y, curve.field_bytes)?;
        Some(CurveKey {
            point: curve.point(&x, &y)?,
            table: OnceBox::new(),
        })
    }

    /// The key's table, built now if this is its first use. `None` is
    /// impossible for a point of prime order (see `FixedBaseTable::new`).
    pub(crate) fn table(&self, curve: &Curve<N>) -> Option<&FixedBaseTable<N, W>> {
        get_or_build(&self.table, || FixedBaseTable::new(curve, &self.point))
    }

    #[cfg(test)]
    pub(crate) fn has_table(&self) -> bool {
        self.table.get().is_some()
    }
}

/// ECDSA over one curve: its constants, and its generator's table (window
/// `WG`) built once per process, with the first key checked; keys get
/// tables of window `WQ`.
#[derive(Debug)]
pub(crate) struct Ecdsa<const N: usize, const WG: usize, const WQ: usize> {
    curve: &'static Curve<N>,
    /// Built at most a few times if threads race (`race::OnceBox`: a lost
    /// race drops its copy).
    generator: OnceBox<FixedBaseTable<N, WG>>,
}

impl<const N: usize, const WG: usize, const WQ: usize> Ecdsa<N, WG, WQ> {
    pub(crate) const fn new(curve: &'static Curve<N>) -> Self {
        Ecdsa {
            curve,
            generator: OnceBox::new(),
        }
    }

    /// Checks the key `(x, y)` (see [`CurveKey::new`]). `G`'s table is
    /// built here, with the first key, so that only a key's first
    /// verification pays for a table: its own.
    pub(crate) fn checked_key(&self, x: &[u8], y: &[u8]) -> Option<CurveKey<N, WQ>> {
        self.generator_table()?;
        CurveKey::new(self.curve, x, y)
    }

    /// Verifies `r || s` (twice the field's byte length) over `hash` (no
    /// longer in bits than `n`).
    pub(crate) fn verify(&self, key: &CurveKey<N, WQ>, hash: &[u8], signature: &[u8]) -> bool {
        self.generator_table()
            .is_some_and(|generator| verify(self.curve, generator, key, hash, signature))
    }

    fn generator_table(&self) -> Option<&FixedBaseTable<N, WG>> {
        get_or_build(&self.generator, || {
            FixedBaseTable::new(self.curve, &self.curve.generator()?)
        })
    }
}

/// Whether `signature` (`r || s`) is valid for `hash` (the message digest:
/// SHA-256 for P-256, SHA-384 for P-384, SHA-512 for P-521) under `key`.
/// SEC1 keeps the leftmost `bits(n)` bits of the hash; every JWS pairing
/// has a hash no longer than `n` (256 / 384 / 512 bits against 256 / 384 /
/// 521), so the whole hash is the integer `e`, and a longer one is refused
/// rather than truncated.
fn verify<const N: usize, const WG: usize, const WQ: usize>(
    curve: &Curve<N>,
    generator: &FixedBaseTable<N, WG>,
    key: &CurveKey<N, WQ>,
    hash: &[u8],
    signature: &[u8],
) -> bool {
    let n = &curve.n;
    let width = curve.field_bytes;
    if signature.len() != 2 * width || 8 * hash.len() > limbs::bit_length(n.value()) {
        return false;
    }
    let (r, s) = signature.split_at(width);
    let (Some(r), Some(s), Some(e)) = (
        limbs::from_be_bytes_exact::<N>(r, width),
        limbs::from_be_bytes_exact::<N>(s, width),
        limbs::from_be_bytes_exact::<N>(hash, hash.len()),
    ) else {
        return false;
    };
    // 1 <= r, s < n.
    let (Some(r), Some(s)) = (n.residue(r), n.residue(s)) else {
        return false;
    };
    if r.is_zero() || s.is_zero() {
        return false;
    }
    // The hash is at most as long as n, so e < 2^bits(n) < 2n: one
    // subtraction reduces it (P-521's 512-bit hash is already below n).
    let e = n.reduce(e);
    let (Some(w), Some(key_table)) = (n.invert(&s), key.table(curve)) else {
        return false;
    };
    // (x R) * w * R^-1 = x w: one conversion, one product, all plain.
    let u1 = n.mul_plain(&n.to_montgomery(&e), &w);
    let u2 = n.mul_plain(&n.to_montgomery(&r), &w);
    let sum = generator.add_multiple(curve, super::point::Jacobian::INFINITY, u1.limbs());
    let sum = key_table.add_multiple(curve, sum, u2.limbs());
    if sum.is_infinity() {
        return false;
    }
    x_matches(curve, &sum.x, &sum.z, &r)
}

/// Whether `X / Z^2 mod n == r` for a finite `(X, Y, Z)`, without inverting
/// `Z`: the affine x is below p, so `x mod n == r` means `x == r` or
/// `x == r + n` (possible only when `r + n < p`), tested as `r Z^2 == X`.
fn x_matches<const N: usize>(curve: &Curve<N>, x: &Mont<N>, z: &Mont<N>, r: &Plain<N>) -> bool {
    let p = &curve.p;
    let z_squared = p.square(z);
    // r < n < p, so r is a field element as it is.
    if p.residue_to_montgomery(r.limbs())
        .is_some_and(|r| p.mul(&r, &z_squared) == *x)
    {
        return true;
    }
    let (r_plus_n, carry) = limbs::add(r.limbs(), curve.n.value());
    carry == 0
        && p.residue_to_montgomery(&r_plus_n)
            .is_some_and(|r_plus_n| p.mul(&r_plus_n, &z_squared) == *x)
}
