//! The Montgomery exponentiation against a schoolbook reference (shift
//! and add, one bit at a time) that shares no code with it.

use super::FixedPower;
use super::convert::{from_be_bytes, to_be_bytes};
use alloc::vec;
use alloc::vec::Vec;

/// xorshift64*: reproducible test numbers without a dependency.
struct Numbers(u64);

impl Numbers {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number of exactly `bits` bits, as big-endian octets.
    fn with_bits(&mut self, bits: usize) -> Vec<u8> {
        let mut bytes: Vec<u8> = (0..bits.div_ceil(8)).map(|_| self.next() as u8).collect();
        let spare = bytes.len() * 8 - bits;
        bytes[0] &= 0xff >> spare;
        bytes[0] |= 0x80 >> spare;
        bytes
    }

    /// A number below `n` (big-endian), same length.
    fn below(&mut self, n: &[u8]) -> Vec<u8> {
        loop {
            let mut candidate: Vec<u8> = n.iter().map(|_| self.next() as u8).collect();
            candidate[0] &= n[0];
            if candidate < n.to_vec() {
                return candidate;
            }
        }
    }
}

/// Big-endian octets as big-endian bits.
fn bits_of(bytes: &[u8]) -> impl Iterator<Item = bool> + '_ {
    bytes
        .iter()
        .flat_map(|&byte| (0..8).rev().map(move |bit| (byte >> bit) & 1 == 1))
}

/// `(a + b) mod n` on equal-length big-endian octets, `a, b < n`.
fn add_mod(a: &[u8], b: &[u8], n: &[u8]) -> Vec<u8> {
    let mut sum = vec![0u8; a.len() + 1];
    let mut carry = 0u16;
    for i in (0..a.len()).rev() {
        let s = u16::from(a[i]) + u16::from(b[i]) + carry;
        sum[i + 1] = s as u8;
        carry = s >> 8;
    }
    sum[0] = carry as u8;
    let mut wide_n = vec![0u8];
    wide_n.extend_from_slice(n);
    if sum >= wide_n {
        let mut borrow = 0i16;
        for i in (0..sum.len()).rev() {
            let d = i16::from(sum[i]) - i16::from(wide_n[i]) - borrow;
            sum[i] = d.rem_euclid(256) as u8;
            borrow = i16::from(d < 0);
        }
    }
    sum[1..].to_vec()
}

fn mul_mod(a: &[u8], b: &[u8], n: &[u8]) -> Vec<u8> {
    let mut result = vec![0u8; n.len()];
    for bit in bits_of(b) {
        result = add_mod(&result, &result, n);
        if bit {
            result = add_mod(&result, a, n);
        }
    }
    result
}

fn reference_power(base: &[u8], exponent: u64, n: &[u8]) -> Vec<u8> {
    let mut one = vec![0u8; n.len()];
    one[n.len() - 1] = 1;
    let mut result = one;
    let top = 64 - exponent.leading_zeros();
    for bit in (0..top).rev().map(|bit| (exponent >> bit) & 1 == 1) {
        result = mul_mod(&result, &result, n);
        if bit {
            result = mul_mod(&result, base, n);
        }
    }
    result
}

fn check(n: &[u8], base: &[u8], exponent: u64) {
    let power = FixedPower::new(n, exponent).expect("odd modulus");
    let got = power.apply(base).expect("base below n");
    assert_eq!(
        got,
        reference_power(base, exponent, n),
        "n={n:02x?} e={exponent}"
    );
}

#[test]
fn random_odd_moduli_of_many_lengths() {
    let mut numbers = Numbers(0x9E37_79B9_7F4A_7C15);
    for bits in [
        2, 3, 8, 26, 27, 28, 53, 54, 55, 64, 100, 1023, 1024, 2047, 2048, 2049, 3071,
    ] {
        // The reference costs bits^2 per multiplication: long exponents
        // only on short moduli.
        let long = [(1 << 33) - 1, numbers.next() >> 31 | 1];
        let exponents = [1, 3, 65537]
            .iter()
            .chain(if bits <= 1024 { &long[..] } else { &[] });
        for &exponent in exponents {
            let mut n = numbers.with_bits(bits);
            *n.last_mut().expect("non-empty") |= 1;
            let base = numbers.below(&n);
            check(&n, &base, exponent);
        }
    }
}

#[test]
fn largest_modulus() {
    let mut numbers = Numbers(7);
    let mut n = numbers.with_bits(8192);
    *n.last_mut().expect("non-empty") |= 1;
    // The all-ones modulus maximises every column sum.
    let all_ones = vec![0xffu8; 1024];
    for modulus in [n, all_ones] {
        let base = numbers.below(&modulus);
        check(&modulus, &base, 3);
        let mut top = modulus.clone();
        *top.last_mut().expect("non-empty") -= 1;
        check(&modulus, &top, 3);
    }
}

#[test]
fn edge_bases() {
    let mut numbers = Numbers(42);
    for bits in [2048, 2056, 3071, 3526, 3527] {
        let mut n = numbers.with_bits(bits);
        *n.last_mut().expect("non-empty") |= 1;
        let power = FixedPower::new(&n, 65537).expect("odd modulus");
        let len = n.len();
        let zero = vec![0u8; len];
        let mut one = zero.clone();
        one[len - 1] = 1;
        assert_eq!(power.apply(&zero), Some(zero.clone()));
        assert_eq!(power.apply(&one), Some(one.clone()));
        // (n - 1)^odd = n - 1 (that is, -1).
        let mut minus_one = n.clone();
        minus_one[len - 1] -= 1;
        assert_eq!(power.apply(&minus_one), Some(minus_one.clone()));
        // n itself and anything above are refused, as is an overlong base.
        assert_eq!(power.apply(&n), None);
        assert_eq!(power.apply(&vec![0xff; len]), None);
        let mut longer = vec![1u8];
        longer.extend_from_slice(&zero);
        assert_eq!(power.apply(&longer), None);
        // Leading zero octets in a base are just the same number.
        let mut padded = vec![0u8];
        padded.extend_from_slice(&one);
        assert_eq!(power.apply(&padded), Some(one));
    }
}

#[test]
fn limb_width_follows_the_column_bound() {
    use super::{NARROW, NARROW_MAX_LIMBS, WIDE, WIDE_MAX_LIMBS};
    // Largest column: 2 * len + 2 products of two limbs, plus a carry
    // (a bound with a little slack: a column has at most 2 * len).
    let column = |limbs: usize, bits: u32| {
        let largest = (1u128 << bits) - 1;
        (2 * limbs as u128 + 2) * largest * largest + (1u128 << (64 - bits))
    };
    assert!(column(WIDE_MAX_LIMBS, WIDE) < 1 << 64);
    assert!(column(NARROW_MAX_LIMBS, NARROW) < 1 << 64);
    assert_eq!(NARROW_MAX_LIMBS, (8192 + 2usize).div_ceil(27));
    let mut numbers = Numbers(5);
    for (bits, wide) in [(2048, true), (3526, true), (3527, false), (8192, false)] {
        let mut n = numbers.with_bits(bits);
        *n.last_mut().expect("non-empty") |= 1;
        let power = FixedPower::new(&n, 3).expect("odd modulus");
        assert_eq!(matches!(power, FixedPower::Wide(_)), wide, "{bits}");
    }
}

#[test]
fn refuses_unusable_moduli() {
    let odd_8192_bits = {
        let mut n = vec![0xff; 1024];
        n[1023] = 0xfd;
        n
    };
    let cases: [(&[u8], u64, bool); 8] = [
        (&[], 3, false),
        (&[0, 0], 3, false),
        (&[1], 3, false),
        (&[0x10, 0x00], 3, false),
        (&[0x10, 0x01], 0, false),
        (&[0xff; 1025], 3, false),
        (&[0, 0x10, 0x01], 3, true),
        (&odd_8192_bits, 65537, true),
    ];
    for (modulus, exponent, usable) in cases {
        // `accepts` (the check at key load) and `new` (the precomputation
        // on first use) must agree, or a loaded key could never verify.
        assert_eq!(FixedPower::accepts(modulus, exponent), usable);
        assert_eq!(FixedPower::new(modulus, exponent).is_some(), usable);
    }
}

#[test]
fn octets_round_trip_through_limbs() {
    let mut numbers = Numbers(3);
    for len in [1usize, 3, 4, 27, 256, 257] {
        let bytes: Vec<u8> = (0..len).map(|_| numbers.next() as u8).collect();
        let limbs = from_be_bytes::<27>(&bytes, (len * 8).div_ceil(27)).expect("fits");
        assert_eq!(to_be_bytes::<27>(&limbs, len), bytes);
        let limbs = from_be_bytes::<28>(&bytes, (len * 8).div_ceil(28)).expect("fits");
        assert_eq!(to_be_bytes::<28>(&limbs, len), bytes);
    }
}
