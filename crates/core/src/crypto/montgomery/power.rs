//! `x -> x^e mod n` for a fixed modulus and exponent, prepared once.

use super::convert::{compare, double_mod, from_be_bytes, reduce_once, to_be_bytes};
use super::form::{Mont, Plain};
use super::multiply::Modulus;
use super::{MAX_MODULUS_BITS, NARROW, NARROW_MAX_LIMBS, WIDE, WIDE_MAX_LIMBS, limb_mask};
use alloc::vec;
use alloc::vec::Vec;
use core::cmp::Ordering;
use core::mem::swap;

/// A public modulus and exponent with everything the exponentiation needs
/// precomputed, in the widest limbs the modulus length allows.
#[derive(Debug, Clone)]
pub(crate) enum FixedPower {
    Wide(Power<WIDE>),
    Narrow(Power<NARROW>),
}

impl FixedPower {
    /// Prepares `n` (big-endian octets) and `e`: `None` unless
    /// [`FixedPower::accepts`] them.
    pub(crate) fn new(modulus: &[u8], exponent: u64) -> Option<Self> {
        let (modulus, bits) = checked(modulus, exponent)?;
        if limb_count(bits, WIDE) <= WIDE_MAX_LIMBS {
            Some(Self::Wide(Power::new(modulus, bits, exponent)?))
        } else {
            Some(Self::Narrow(Power::new(modulus, bits, exponent)?))
        }
    }

    /// Whether [`FixedPower::new`] takes `n` and `e`, without its
    /// precomputation: `n` odd, above 1 and at most [`MAX_MODULUS_BITS`]
    /// bits, and `e >= 1`.
    pub(crate) fn accepts(modulus: &[u8], exponent: u64) -> bool {
        checked(modulus, exponent).is_some()
    }

    /// `base^e mod n` as exactly as many big-endian octets as `n` has, or
    /// `None` when `base >= n`.
    pub(crate) fn apply(&self, base: &[u8]) -> Option<Vec<u8>> {
        match self {
            Self::Wide(power) => power.apply(base),
            Self::Narrow(power) => power.apply(base),
        }
    }
}

/// `n` without leading zero octets and its bit length, if [`FixedPower`]
/// takes `n` and `e`. 27-bit limbs hold every such modulus.
fn checked(modulus: &[u8], exponent: u64) -> Option<(&[u8], usize)> {
    let zeros = modulus.iter().take_while(|&&byte| byte == 0).count();
    let modulus = &modulus[zeros..];
    let bits = modulus.len() * 8 - modulus.first()?.leading_zeros() as usize;
    let odd = modulus[modulus.len() - 1] & 1 == 1;
    let fits = limb_count(bits, NARROW) <= NARROW_MAX_LIMBS;
    ((2..=MAX_MODULUS_BITS).contains(&bits) && odd && fits && exponent >= 1)
        .then_some((modulus, bits))
}

/// Limbs for a modulus of `bits` bits, with two spare bits: `4n <= R` lets
/// products stay below `2n` unreduced.
fn limb_count(bits: usize, limb_bits: u32) -> usize {
    (bits + 2).div_ceil(limb_bits as usize)
}

/// [`FixedPower`] in `B`-bit limbs.
#[derive(Debug, Clone)]
pub(crate) struct Power<const B: u32> {
    modulus: Modulus<B>,
    exponent: u64,
    /// `R^e mod n`: one multiplication by it at the end turns the result of
    /// running the ladder on the plain base (whose Montgomery reading is
    /// `x / R`) into `x^e`, replacing both conversions into and out of
    /// Montgomery form.
    correction: Plain<B>,
    modulus_len: usize,
}

impl<const B: u32> Power<B> {
    /// `modulus` is odd, has no leading zero octet and `bits` bits.
    fn new(modulus: &[u8], bits: usize, exponent: u64) -> Option<Self> {
        let limbs = from_be_bytes::<B>(modulus, limb_count(bits, B))?;
        let neg_inverse = negative_inverse::<B>(limbs[0]);
        let prepared = Modulus::new(limbs, neg_inverse);
        let r_squared = r_squared(&prepared, bits);
        let correction = power_of_r(&prepared, &r_squared, exponent);
        Some(Self {
            modulus: prepared,
            exponent,
            correction,
            modulus_len: modulus.len(),
        })
    }

    fn apply(&self, base: &[u8]) -> Option<Vec<u8>> {
        let n = &self.modulus.limbs;
        let base = Plain::<B>(from_be_bytes::<B>(base, n.len())?);
        if compare(&base.0, n) != Ordering::Less {
            return None;
        }
        // The ladder on `x / R` (free, see `Plain::divided_by_r`) gives
        // `(x / R)^e` in Montgomery form; times `R^e` that is `x^e`, plain.
        let x = ladder(&self.modulus, &base.divided_by_r(), self.exponent);
        let mut scratch = vec![0; 2 * n.len()];
        let mut out = Plain::zeros(n.len());
        self.modulus
            .multiply_plain(&mut out, &x, &self.correction, &mut scratch);
        reduce_once::<B>(&mut out.0, n);
        Some(to_be_bytes::<B>(&out.0, self.modulus_len))
    }
}

/// Left-to-right square-and-multiply in Montgomery arithmetic: `base^e`,
/// in Montgomery form (below `2n`).
fn ladder<const B: u32>(modulus: &Modulus<B>, base: &Mont<B>, exponent: u64) -> Mont<B> {
    let len = base.0.len();
    let mut x = base.clone();
    let mut out = Mont::zeros(len);
    let mut scratch = vec![0; 2 * len];
    let top = 63 - exponent.leading_zeros();
    for bit in (0..top).rev() {
        modulus.square(&mut out, &x, &mut scratch);
        swap(&mut x, &mut out);
        if (exponent >> bit) & 1 == 1 {
            modulus.multiply(&mut out, &x, base, &mut scratch);
            swap(&mut x, &mut out);
        }
    }
    x
}

/// `-n^-1 mod 2^B` for odd `n0`, by Newton's iteration (each step doubles
/// the number of correct low bits: 3 -> 6 -> 12 -> 24 -> 48).
fn negative_inverse<const B: u32>(n0: u64) -> u64 {
    let mut inverse = n0; // correct to 3 bits: n * n = 1 mod 8 for odd n
    for _ in 0..4 {
        inverse = inverse.wrapping_mul(2u64.wrapping_sub(n0.wrapping_mul(inverse)));
    }
    inverse.wrapping_neg() & limb_mask(B)
}

/// `R` in Montgomery form (its limbs are `R^2 mod n`, `R = 2^(B len)`).
fn r_squared<const B: u32>(modulus: &Modulus<B>, bits: usize) -> Mont<B> {
    let n = &modulus.limbs;
    let len = n.len();
    let r_bits = len * B as usize;
    // R mod n, doubling from 2^(bits-1) (< n: n is odd and has `bits` bits):
    // that is 1 in Montgomery form.
    let mut one = Mont::zeros(len);
    one.0[(bits - 1) / B as usize] = 1 << ((bits - 1) % B as usize);
    for _ in bits - 1..r_bits {
        double_mod::<B>(&mut one.0, n);
    }
    // Raise 2 (doubling commutes with the form: `2R`) to the power
    // `r_bits`: `2^r_bits = R`, in Montgomery form.
    let mut two = one;
    double_mod::<B>(&mut two.0, n);
    let mut x = two.clone();
    let mut out = Mont::zeros(len);
    let mut scratch = vec![0; 2 * len];
    let top = usize::BITS - 1 - r_bits.leading_zeros();
    for bit in (0..top).rev() {
        modulus.square(&mut out, &x, &mut scratch);
        swap(&mut x, &mut out);
        reduce_once::<B>(&mut x.0, n);
        if (r_bits >> bit) & 1 == 1 {
            double_mod::<B>(&mut x.0, n);
        }
    }
    x
}

/// `R^e mod n`, plain: the ladder on `R` (Montgomery form) gives `R^e` in
/// Montgomery form, and one product with a plain 1 leaves that form.
fn power_of_r<const B: u32>(modulus: &Modulus<B>, r: &Mont<B>, exponent: u64) -> Plain<B> {
    let len = r.0.len();
    let x = ladder(modulus, r, exponent);
    let mut unit = Plain::zeros(len);
    unit.0[0] = 1;
    let mut out = Plain::zeros(len);
    let mut scratch = vec![0; 2 * len];
    modulus.multiply_plain(&mut out, &x, &unit, &mut scratch);
    reduce_once::<B>(&mut out.0, &modulus.limbs);
    out
}
