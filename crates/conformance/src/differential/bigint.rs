//! Fixed-width unsigned integers as big-endian bytes: just enough arithmetic
//! to build boundary values (n - 1, n + 1, n - s, r + n) for the corruptions.

use core::cmp::Ordering;

/// `a + b` at the width of `a` (`b` is left-padded); `None` on overflow.
pub fn add(a: &[u8], b: &[u8]) -> Option<Vec<u8>> {
    let b = widen(b, a.len())?;
    let mut out = vec![0; a.len()];
    let mut carry = 0u16;
    for i in (0..a.len()).rev() {
        let sum = u16::from(a[i]) + u16::from(b[i]) + carry;
        out[i] = sum as u8;
        carry = sum >> 8;
    }
    (carry == 0).then_some(out)
}

/// `a - b` at the width of `a`; `None` when `b > a`.
pub fn sub(a: &[u8], b: &[u8]) -> Option<Vec<u8>> {
    let b = widen(b, a.len())?;
    let mut out = vec![0; a.len()];
    let mut borrow = 0i16;
    for i in (0..a.len()).rev() {
        let mut diff = i16::from(a[i]) - i16::from(b[i]) - borrow;
        borrow = i16::from(diff < 0);
        if diff < 0 {
            diff += 256;
        }
        out[i] = diff as u8;
    }
    (borrow == 0).then_some(out)
}

/// `value` as `width` big-endian bytes.
pub fn small(value: u64, width: usize) -> Vec<u8> {
    widen(&value.to_be_bytes()[8 - width.min(8)..], width).unwrap_or_default()
}

/// Left-pads (or strips leading zeros) to exactly `width` bytes; `None` when
/// the value does not fit.
pub fn widen(bytes: &[u8], width: usize) -> Option<Vec<u8>> {
    let zeros = bytes.iter().take_while(|&&b| b == 0).count();
    let digits = &bytes[zeros..];
    if digits.len() > width {
        return None;
    }
    let mut out = vec![0; width - digits.len()];
    out.extend_from_slice(digits);
    Some(out)
}

/// Compares two big-endian integers of any widths.
pub fn compare(a: &[u8], b: &[u8]) -> Ordering {
    let width = a.len().max(b.len());
    let (a, b) = (widen(a, width), widen(b, width));
    a.cmp(&b)
}

/// `a + b` for little-endian values of the width of `a` (Ed25519's S).
pub fn add_le(a: &[u8], b: &[u8]) -> Option<Vec<u8>> {
    let reversed = |x: &[u8]| x.iter().rev().copied().collect::<Vec<u8>>();
    add(&reversed(a), &reversed(b)).map(|sum| reversed(&sum))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_at_the_edges() {
        assert_eq!(add(&[0x00, 0xff], &[1]), Some(vec![1, 0]));
        assert_eq!(add(&[0xff, 0xff], &[1]), None);
        assert_eq!(sub(&[1, 0], &[1]), Some(vec![0, 0xff]));
        assert_eq!(sub(&[0, 0], &[1]), None);
        assert_eq!(small(5, 3), vec![0, 0, 5]);
        assert_eq!(small(0x0102, 1), vec![2]);
        assert_eq!(widen(&[0, 0, 7], 1), Some(vec![7]));
        assert_eq!(widen(&[1, 7], 1), None);
        assert_eq!(compare(&[0, 2], &[1]), Ordering::Greater);
        assert_eq!(add_le(&[0xff, 0x00], &[0x01]), Some(vec![0x00, 0x01]));
    }
}
