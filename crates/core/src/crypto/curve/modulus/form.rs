//! The two forms a residue modulo `m` takes, as distinct types: [`Plain`]
//! (`x` itself) and [`Mont`] (Montgomery form, `x R mod m`). Both are the
//! bare limbs underneath (`#[repr(transparent)]`, no runtime cost); the
//! limbs are reachable only from `super` (the modulus's arithmetic), so
//! every conversion goes through a function that does the math, and
//! passing one form where the other is meant does not compile.
//!
//! The modulus a value belongs to is not in its type (p and n of a curve
//! have the same limb count): the code keeps to one per value, and a
//! value moves to another modulus only through [`super::Modulus::residue`],
//! which checks it is below that modulus too.

use super::super::limbs::{self, Limbs};

/// A residue `x < m` as itself: a scalar, a coordinate read off the wire,
/// a constant of the curve.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(transparent)]
pub(crate) struct Plain<const N: usize>(pub(super) Limbs<N>);

/// A residue `x < m` in Montgomery form, `x R mod m` (`R = 2^(32N)`):
/// what the field arithmetic works on. Fully reduced, so equal residues
/// have equal limbs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(transparent)]
pub(crate) struct Mont<const N: usize>(pub(super) Limbs<N>);

impl<const N: usize> Plain<N> {
    /// The limbs, to read (a scalar's bits, a comparison with a constant).
    pub(crate) fn limbs(&self) -> &Limbs<N> {
        &self.0
    }

    pub(crate) fn is_zero(&self) -> bool {
        limbs::is_zero(&self.0)
    }
}

impl<const N: usize> Mont<N> {
    /// Zero, the same limbs in both forms (`0 R = 0`).
    pub(crate) const ZERO: Self = Mont([0; N]);

    pub(crate) fn is_zero(&self) -> bool {
        limbs::is_zero(&self.0)
    }
}
