//! Fixed-base tables: for a base point `B`, window width `W` and every
//! window `i`, the affine multiples `1..=2^(W-1)` of `2^(W i) B`. A scalar
//! recoded into signed base-`2^W` digits `d_i` (`|d_i| <= 2^(W-1)`) then
//! costs one mixed addition per non-zero digit, `k B = sum d_i 2^(W i) B`,
//! and no doubling at all.

use super::limbs::Limbs;
use super::point::{Affine, Curve, Jacobian};
use alloc::vec::Vec;

/// The multiples of one base point, `W` bits per window.
#[derive(Debug)]
pub(crate) struct FixedBaseTable<const N: usize, const W: usize> {
    /// Window `i`, multiple `j` (1-based) at `i * ENTRIES + j - 1`.
    points: Vec<Affine<N>>,
}

impl<const N: usize, const W: usize> FixedBaseTable<N, W> {
    /// Multiples per window: digits run over `-2^(W-1)..=2^(W-1)`.
    const ENTRIES: usize = 1 << (W - 1);
    /// Enough windows for any `32 N`-bit scalar, plus one for the carry out
    /// of the top digit.
    pub(crate) const WINDOWS: usize = (32 * N).div_ceil(W) + 1;

    /// Builds the table for `base`: per window a doubling, co-Z additions
    /// of the window base (5M + 2S each instead of 12M + 4S) and a doubling
    /// to the next window, then one batch inversion for all points.
    /// `None` only if a multiple met an exceptional case, impossible for a
    /// point of prime order (`k B = +-B` needs `n | k -+ 1`, `k <= 2^(W-1)`).
    pub(crate) fn new(curve: &Curve<N>, base: &Affine<N>) -> Option<Self> {
        let mut multiples = Vec::with_capacity(Self::WINDOWS * Self::ENTRIES);
        let mut window_base = curve.to_jacobian(base);
        for _ in 0..Self::WINDOWS {
            multiples.push(window_base);
            // `multiple` and `rescaled_base` always share one Z.
            let (mut multiple, mut rescaled_base) = curve.double_co_z(&window_base);
            multiples.push(multiple);
            for _ in 3..=Self::ENTRIES {
                (multiple, rescaled_base) = curve.add_co_z(&rescaled_base, &multiple)?;
                multiples.push(multiple);
            }
            // 2^W times the window base: the next window's base.
            window_base = curve.double(&multiple);
        }
        let points = curve.to_affine_batch(&multiples)?;
        Some(FixedBaseTable { points })
    }

    /// `accumulator + k B` for a scalar `k < 2^(32N)`.
    pub(crate) fn add_multiple(
        &self,
        curve: &Curve<N>,
        mut accumulator: Jacobian<N>,
        scalar: &Limbs<N>,
    ) -> Jacobian<N> {
        let mut carry = 0i32;
        for window in 0..Self::WINDOWS {
            let digit = window_bits::<N, W>(scalar, window) as i32 + carry;
            // Signed digits: above half, borrow from the next window.
            let (digit, next_carry) = if digit > Self::ENTRIES as i32 {
                (digit - (1 << W), 1)
            } else {
                (digit, 0)
            };
            carry = next_carry;
            if digit != 0 {
                let entry =
                    &self.points[window * Self::ENTRIES + digit.unsigned_abs() as usize - 1];
                accumulator = if digit > 0 {
                    curve.add_affine(&accumulator, entry)
                } else {
                    curve.add_affine(&accumulator, &curve.negate(entry))
                };
            }
        }
        accumulator
    }

    /// How many bytes the points take (for reporting).
    #[cfg(test)]
    pub(crate) fn bytes(&self) -> usize {
        self.points.len() * size_of::<Affine<N>>()
    }

    #[cfg(test)]
    pub(crate) fn entry(&self, window: usize, multiple: usize) -> Affine<N> {
        self.points[window * Self::ENTRIES + multiple - 1]
    }
}

/// Bits `W i .. W i + W` of `scalar` (zero past its top).
fn window_bits<const N: usize, const W: usize>(scalar: &Limbs<N>, window: usize) -> u32 {
    let start = W * window;
    let limb = start / 32;
    if limb >= N {
        return 0;
    }
    let shift = start % 32;
    let mut bits = scalar[limb] >> shift;
    if shift + W > 32 && limb + 1 < N {
        bits |= scalar[limb + 1] << (32 - shift);
    }
    bits & ((1 << W) - 1)
}
