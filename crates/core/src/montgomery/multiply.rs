//! Montgomery multiplication and squaring by product scanning (Comba).
//!
//! Each output column sums its limb products in one `u64` and only then
//! carries: with 27-bit limbs a product is below 2^54, and a column holds
//! at most `2 * len + 1` products plus a carry below 2^37, which stays
//! below 2^64 for `len <= 304` (an 8192-bit modulus needs 304 limbs). That
//! spares the carry handling per product that saturated 32-bit limbs need.
//!
//! Inputs below `2n` give an output below `2n` (`4n <= R`, see
//! [`super::power`]), so no subtraction is needed between products: only
//! the final result is reduced.

use super::{LIMB_BITS, LIMB_MASK};

/// The modulus and `-n^-1 mod 2^27`.
#[derive(Debug, Clone)]
pub(super) struct Modulus {
    pub(super) limbs: alloc::vec::Vec<u64>,
    pub(super) neg_inverse: u64,
}

impl Modulus {
    /// `out = a * b / R mod n` (up to one `n` more), for `a, b < 2n`.
    /// `scratch` receives the quotient digits. All slices have `n`'s length.
    pub(super) fn multiply(&self, out: &mut [u64], a: &[u64], b: &[u64], scratch: &mut [u64]) {
        let n = &self.limbs[..];
        let len = n.len();
        let (a, b, q, out) = (&a[..len], &b[..len], &mut scratch[..len], &mut out[..len]);
        let mut acc = 0u64;
        for k in 0..len {
            for (x, y) in a[..=k].iter().zip(b[..=k].iter().rev()) {
                acc += x * y;
            }
            for (x, y) in q[..k].iter().zip(n[1..=k].iter().rev()) {
                acc += x * y;
            }
            acc = self.eliminate_low_limb(acc, &mut q[k]);
        }
        for k in len..2 * len - 1 {
            let low = k + 1 - len;
            for (x, y) in a[low..].iter().zip(b[low..].iter().rev()) {
                acc += x * y;
            }
            for (x, y) in q[low..].iter().zip(n[low..].iter().rev()) {
                acc += x * y;
            }
            out[k - len] = acc & LIMB_MASK;
            acc >>= LIMB_BITS;
        }
        out[len - 1] = acc;
    }

    /// `out = a * a / R mod n` (up to one `n` more), for `a < 2n`: each
    /// cross product `a[i] * a[j]` is taken once and doubled.
    pub(super) fn square(&self, out: &mut [u64], a: &[u64], scratch: &mut [u64]) {
        let n = &self.limbs[..];
        let len = n.len();
        let (a, q, out) = (&a[..len], &mut scratch[..len], &mut out[..len]);
        let mut acc = 0u64;
        for k in 0..len {
            let half = k.div_ceil(2);
            let mut cross = 0u64;
            for (x, y) in a[..half].iter().zip(a[k + 1 - half..=k].iter().rev()) {
                cross += x * y;
            }
            acc += 2 * cross;
            if k % 2 == 0 {
                acc += a[k / 2] * a[k / 2];
            }
            for (x, y) in q[..k].iter().zip(n[1..=k].iter().rev()) {
                acc += x * y;
            }
            acc = self.eliminate_low_limb(acc, &mut q[k]);
        }
        for k in len..2 * len - 1 {
            let low = k + 1 - len;
            let half = k.div_ceil(2);
            let mut cross = 0u64;
            for (x, y) in a[low..half].iter().zip(a[k + 1 - half..].iter().rev()) {
                cross += x * y;
            }
            acc += 2 * cross;
            if k % 2 == 0 {
                acc += a[k / 2] * a[k / 2];
            }
            for (x, y) in q[low..].iter().zip(n[low..].iter().rev()) {
                acc += x * y;
            }
            out[k - len] = acc & LIMB_MASK;
            acc >>= LIMB_BITS;
        }
        out[len - 1] = acc;
    }

    /// Picks the quotient digit that zeroes the column's low limb, adds its
    /// product with `n[0]`, and returns the carry into the next column.
    #[inline(always)]
    fn eliminate_low_limb(&self, acc: u64, digit: &mut u64) -> u64 {
        let q = acc.wrapping_mul(self.neg_inverse) & LIMB_MASK;
        *digit = q;
        (acc + q * self.limbs[0]) >> LIMB_BITS
    }
}
