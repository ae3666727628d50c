//! The two forms of a number modulo the RSA modulus `n`, as distinct
//! types over the same `B`-bit limbs: [`Plain`] (`x` itself) and [`Mont`]
//! (Montgomery form, `x R mod n`, `R = 2^(B len)`). Both are the bare limb
//! vector underneath (`#[repr(transparent)]`, no runtime cost). Between
//! products a value may be up to one `n` above its residue (below `2n`,
//! see `multiply.rs`); only a result leaving the arithmetic is fully
//! reduced. The limbs are visible to this module's arithmetic only, whose
//! products are the conversions: passing one form where the other is
//! meant does not compile.

use alloc::vec;
use alloc::vec::Vec;

/// `x` itself: the signature read off the wire, `s^e` on the way out, the
/// constant `R^e` the exponentiation ends with.
#[derive(Debug, Clone)]
#[repr(transparent)]
pub(super) struct Plain<const B: u32>(pub(super) Vec<u64>);

/// `x R mod n`: what the Montgomery products work on.
#[derive(Debug, Clone)]
#[repr(transparent)]
pub(super) struct Mont<const B: u32>(pub(super) Vec<u64>);

impl<const B: u32> Plain<B> {
    /// `len` zero limbs: an output for a product.
    pub(super) fn zeros(len: usize) -> Self {
        Plain(vec![0; len])
    }

    /// The Montgomery form of `x / R`, for free: its limbs are `x`'s. The
    /// exponentiation starts from it and corrects by `R^e` at the end
    /// instead of converting `x` in and `x^e` out.
    pub(super) fn divided_by_r(self) -> Mont<B> {
        Mont(self.0)
    }
}

impl<const B: u32> Mont<B> {
    /// `len` zero limbs: an output for a product.
    pub(super) fn zeros(len: usize) -> Self {
        Mont(vec![0; len])
    }
}
