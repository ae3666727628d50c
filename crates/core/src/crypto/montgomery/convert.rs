//! Big-endian octets <-> limbs, and the few operations on fully carried
//! (normalised, every limb below 2^B) numbers that the Montgomery loop
//! does not need: comparison, subtraction, doubling.

use super::limb_mask;
use alloc::vec;
use alloc::vec::Vec;
use core::cmp::Ordering;

/// `bytes` (big-endian, any leading zeros) as `len` limbs, or `None` if the
/// value needs more.
pub(super) fn from_be_bytes<const B: u32>(bytes: &[u8], len: usize) -> Option<Vec<u64>> {
    let mut limbs = Vec::with_capacity(len + 1);
    let mut acc = 0u64;
    let mut bits = 0;
    for &byte in bytes.iter().rev() {
        acc |= u64::from(byte) << bits;
        bits += 8;
        if bits >= B {
            limbs.push(acc & limb_mask(B));
            acc >>= B;
            bits -= B;
        }
    }
    limbs.push(acc);
    if limbs.iter().skip(len).any(|&limb| limb != 0) {
        return None;
    }
    limbs.resize(len, 0);
    Some(limbs)
}

/// `limbs` (normalised) as exactly `len` big-endian octets; the value must
/// fit (it is below the modulus, which has `len` octets).
pub(super) fn to_be_bytes<const B: u32>(limbs: &[u64], len: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; len];
    let mut acc = 0u64;
    let mut bits = 0;
    let mut out = bytes.iter_mut().rev();
    for &limb in limbs {
        acc |= limb << bits;
        bits += B;
        while bits >= 8 {
            if let Some(byte) = out.next() {
                *byte = acc as u8;
            }
            acc >>= 8;
            bits -= 8;
        }
    }
    if let Some(byte) = out.next() {
        *byte = acc as u8;
    }
    bytes
}

/// Compares two normalised numbers of the same limb count.
pub(super) fn compare(a: &[u64], b: &[u64]) -> Ordering {
    a.iter().rev().cmp(b.iter().rev())
}

/// `a -= b` for normalised `a >= b`.
pub(super) fn subtract<const B: u32>(a: &mut [u64], b: &[u64]) {
    let mut borrow = 0u64;
    for (x, &y) in a.iter_mut().zip(b) {
        let difference = x.wrapping_sub(y).wrapping_sub(borrow);
        *x = difference & limb_mask(B);
        borrow = difference >> 63;
    }
}

/// `a = a mod n` for normalised `a < 2n`.
pub(super) fn reduce_once<const B: u32>(a: &mut [u64], n: &[u64]) {
    if compare(a, n) != Ordering::Less {
        subtract::<B>(a, n);
    }
}

/// `a = 2a mod n` for normalised `a < n`.
pub(super) fn double_mod<const B: u32>(a: &mut [u64], n: &[u64]) {
    let mut carry = 0;
    for x in a.iter_mut() {
        let doubled = (*x << 1) | carry;
        *x = doubled & limb_mask(B);
        carry = doubled >> B;
    }
    // `2a < 2n <= R`, so nothing is carried out of the top limb.
    reduce_once::<B>(a, n);
}
