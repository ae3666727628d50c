//! Fixed-width unsigned integers as little-endian 32-bit limbs.
//!
//! 32-bit limbs because wasm has a native 32x32->64 multiply and nothing
//! wider: a 64-bit limb product would be a software 128-bit multiply.
//! The helpers are `const fn` so the curve constants are built at compile
//! time from their hex spelling (no hand-transcribed limbs).

/// `N` little-endian 32-bit limbs.
pub(crate) type Limbs<const N: usize> = [u32; N];

/// Parses a big-endian hex constant of exactly `8 * N` digits.
pub(crate) const fn from_hex<const N: usize>(hex: &str) -> Limbs<N> {
    let digits = hex.as_bytes();
    assert!(digits.len() == 8 * N, "constant has the wrong width");
    let mut out = [0u32; N];
    let mut i = 0;
    while i < digits.len() {
        let value = match digits[i] {
            b'0'..=b'9' => digits[i] - b'0',
            b'a'..=b'f' => digits[i] - b'a' + 10,
            _ => panic!("not a lowercase hex digit"),
        };
        // Digit i counts from the most significant end.
        let position = digits.len() - 1 - i;
        out[position / 8] |= (value as u32) << ((position % 8) * 4);
        i += 1;
    }
    out
}

/// Parses big-endian bytes of exactly `4 * N` bytes.
pub(crate) fn from_be_bytes<const N: usize>(bytes: &[u8]) -> Option<Limbs<N>> {
    if bytes.len() != 4 * N {
        return None;
    }
    let mut out = [0u32; N];
    for (limb, chunk) in out.iter_mut().zip(bytes.rchunks_exact(4)) {
        *limb = u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
    }
    Some(out)
}

/// Parses big-endian bytes of exactly `len` bytes, `len <= 4 * N`, into
/// `N` limbs (zero above): P-521 numbers are 66 bytes in 17 limbs (68).
pub(crate) fn from_be_bytes_exact<const N: usize>(bytes: &[u8], len: usize) -> Option<Limbs<N>> {
    if bytes.len() != len || len > 4 * N {
        return None;
    }
    let mut padded = [0u8; 256];
    let padded = padded.get_mut(..4 * N)?;
    padded[4 * N - len..].copy_from_slice(bytes);
    from_be_bytes(padded)
}

/// The position of the highest set bit plus one (0 for zero).
pub(crate) const fn bit_length<const N: usize>(a: &Limbs<N>) -> usize {
    let mut i = N;
    while i > 0 {
        i -= 1;
        if a[i] != 0 {
            return 32 * i + 32 - a[i].leading_zeros() as usize;
        }
    }
    0
}

/// `a + b` and the carry out (0 or 1).
pub(crate) const fn add<const N: usize>(a: &Limbs<N>, b: &Limbs<N>) -> (Limbs<N>, u32) {
    let mut out = [0u32; N];
    let mut carry = 0u64;
    let mut i = 0;
    while i < N {
        let sum = a[i] as u64 + b[i] as u64 + carry;
        out[i] = sum as u32;
        carry = sum >> 32;
        i += 1;
    }
    (out, carry as u32)
}

/// `a - b` and the borrow out (0 or 1).
pub(crate) const fn sub<const N: usize>(a: &Limbs<N>, b: &Limbs<N>) -> (Limbs<N>, u32) {
    let mut out = [0u32; N];
    let mut borrow = 0u32;
    let mut i = 0;
    while i < N {
        let (difference, under_a) = a[i].overflowing_sub(b[i]);
        let (difference, under_b) = difference.overflowing_sub(borrow);
        out[i] = difference;
        borrow = (under_a | under_b) as u32;
        i += 1;
    }
    (out, borrow)
}

/// `a < b`.
pub(crate) const fn less_than<const N: usize>(a: &Limbs<N>, b: &Limbs<N>) -> bool {
    let mut i = N;
    while i > 0 {
        i -= 1;
        if a[i] != b[i] {
            return a[i] < b[i];
        }
    }
    false
}

pub(crate) const fn is_zero<const N: usize>(a: &Limbs<N>) -> bool {
    let mut i = 0;
    while i < N {
        if a[i] != 0 {
            return false;
        }
        i += 1;
    }
    true
}

/// `a >> 1`, with `top` shifted in as the new most significant bit.
pub(crate) fn shift_right_one<const N: usize>(a: &mut Limbs<N>, top: u32) {
    for i in 0..N - 1 {
        a[i] = (a[i] >> 1) | (a[i + 1] << 31);
    }
    a[N - 1] = (a[N - 1] >> 1) | (top << 31);
}

/// The number `1`.
pub(crate) const fn one<const N: usize>() -> Limbs<N> {
    from_small(1)
}

/// A number below `2^32`.
pub(crate) const fn from_small<const N: usize>(value: u32) -> Limbs<N> {
    let mut out = [0u32; N];
    out[0] = value;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_and_bytes_agree() {
        let hex: Limbs<2> = from_hex("0123456789abcdef");
        assert_eq!(hex, [0x89ab_cdef, 0x0123_4567]);
        let bytes = from_be_bytes::<2>(&[1, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef]);
        assert_eq!(bytes, Some(hex));
        assert_eq!(from_be_bytes::<2>(&[0; 7]), None);
        let short = from_be_bytes_exact::<2>(&[0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef], 7);
        assert_eq!(short, Some([0x89ab_cdef, 0x0023_4567]));
        assert_eq!(from_be_bytes_exact::<2>(&[0; 6], 7), None);
        assert_eq!(from_be_bytes_exact::<2>(&[0; 9], 9), None);
        assert_eq!(bit_length(&hex), 57);
        assert_eq!(bit_length(&[0u32, 0]), 0);
        assert_eq!(bit_length(&[1u32, 0]), 1);
    }

    #[test]
    fn carries_and_borrows() {
        assert_eq!(add(&[u32::MAX, u32::MAX], &[1, 0]), ([0, 0], 1));
        assert_eq!(sub(&[0, 0], &[1, 0]), ([u32::MAX, u32::MAX], 1));
        assert_eq!(sub(&[0, 1], &[1, 0]), ([u32::MAX, 0], 0));
        assert!(less_than(&[5, 1], &[0, 2]));
        assert!(!less_than(&[0, 2], &[0, 2]));
        let mut a = [0, 3];
        shift_right_one(&mut a, 1);
        assert_eq!(a, [0x8000_0000, 0x8000_0001]);
    }
}
