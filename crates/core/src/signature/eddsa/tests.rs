//! The Ed25519 check against ed25519-dalek's `verify_strict`: the same
//! verdict on valid, tampered and forged signatures, small-order keys and
//! small-order `R` included.

use super::{SMALL_ORDER_R, verify};
use alloc::vec::Vec;
use ed25519_dalek::{Signature, Signer as _, SigningKey, Verifier as _, VerifyingKey};
use proptest::prelude::*;
use sha2::{Digest as _, Sha512};

/// The group order L = 2^252 + 27742317777372353535851937790883648493, as
/// four little-endian 64-bit limbs.
const L: [u64; 4] = [
    0x5812_631a_5cf5_d3ed,
    0x14de_f9de_a2f7_9cd6,
    0,
    0x1000_0000_0000_0000,
];

fn strict(key: &VerifyingKey, message: &[u8], signature: &[u8; 64]) -> bool {
    key.verify_strict(message, &Signature::from_bytes(signature))
        .is_ok()
}

fn ours(key: &VerifyingKey, message: &[u8], signature: &[u8; 64]) -> bool {
    verify(key, message, signature).is_ok()
}

#[test]
fn the_list_is_the_eight_small_order_points() {
    for (i, encoding) in SMALL_ORDER_R.iter().enumerate() {
        let point = VerifyingKey::from_bytes(encoding).expect("a curve point");
        assert!(point.is_weak(), "entry {i} has small order");
        assert_eq!(
            point.to_edwards().compress().to_bytes(),
            *encoding,
            "entry {i} is canonical"
        );
        assert!(!SMALL_ORDER_R[..i].contains(encoding), "entry {i} is new");
    }
}

/// `value mod L`, by binary long division (test arithmetic, not fast).
fn reduce(value_le: &[u8]) -> [u64; 4] {
    let mut r = [0u64; 4];
    for byte in value_le.iter().rev() {
        for bit in (0..8).rev() {
            // r = 2r + bit; r < 2L < 2^254 fits in four limbs.
            let mut carry = u64::from(byte >> bit & 1);
            for limb in &mut r {
                let next = *limb >> 63;
                *limb = *limb << 1 | carry;
                carry = next;
            }
            if !less_than(&r, &L) {
                let mut borrow = 0u64;
                for (limb, l) in r.iter_mut().zip(L) {
                    let (d1, b1) = limb.overflowing_sub(l);
                    let (d2, b2) = d1.overflowing_sub(borrow);
                    *limb = d2;
                    borrow = u64::from(b1 || b2);
                }
            }
        }
    }
    r
}

fn less_than(a: &[u64; 4], b: &[u64; 4]) -> bool {
    a.iter().rev().cmp(b.iter().rev()).is_lt()
}

fn to_bytes(limbs: &[u64; 4]) -> [u8; 32] {
    let mut out = [0; 32];
    for (chunk, limb) in out.chunks_mut(8).zip(limbs) {
        chunk.copy_from_slice(&limb.to_le_bytes());
    }
    out
}

/// `a * b mod L` for `a`, `b` below 2^256.
fn mul_mod_l(a: &[u8; 32], b: &[u8; 32]) -> [u8; 32] {
    let mut product = [0u8; 64];
    let mut acc: Vec<u128> = alloc::vec![0; 64];
    for (i, x) in a.iter().enumerate() {
        for (j, y) in b.iter().enumerate() {
            acc[i + j] += u128::from(*x) * u128::from(*y);
        }
    }
    let mut carry = 0u128;
    for (byte, sum) in product.iter_mut().zip(acc) {
        let total = sum + carry;
        *byte = total as u8;
        carry = total >> 8;
    }
    to_bytes(&reduce(&product))
}

/// A signature with `R` = `r` that plain (cofactorless) verification
/// accepts for `key`: S = k·a with k = H(R || A || M), so [S]B = [k]A and
/// R must be the identity. With `r` the identity's encoding, only the
/// small-order rule refuses it.
fn forged_with_identity_r(key: &SigningKey, message: &[u8]) -> [u8; 64] {
    let r = SMALL_ORDER_R[0];
    let mut hash = Sha512::new();
    hash.update(r);
    hash.update(key.verifying_key().as_bytes());
    hash.update(message);
    let k = to_bytes(&reduce(&hash.finalize()));
    let s = mul_mod_l(&k, &key.to_scalar().to_bytes());
    let mut signature = [0; 64];
    signature[..32].copy_from_slice(&r);
    signature[32..].copy_from_slice(&s);
    signature
}

#[test]
fn a_small_order_r_that_the_equation_accepts_is_refused() {
    let key = SigningKey::from_bytes(&[9; 32]);
    let message = b"eyJhbGciOiJFZERTQSJ9.e30";
    let forged = forged_with_identity_r(&key, message);
    let plain = key
        .verifying_key()
        .verify(message, &Signature::from_bytes(&forged));
    assert!(
        plain.is_ok(),
        "the forgery passes the cofactorless equation"
    );
    assert!(!strict(&key.verifying_key(), message, &forged));
    assert!(!ours(&key.verifying_key(), message, &forged));
}

#[test]
fn a_small_order_key_is_refused_on_every_signature() {
    // Identity key, identity R, S = 0: the equation holds for any message.
    let mut signature = [0; 64];
    signature[..32].copy_from_slice(&SMALL_ORDER_R[0]);
    for encoding in &SMALL_ORDER_R {
        let key = VerifyingKey::from_bytes(encoding).expect("a curve point");
        assert!(!strict(&key, b"any", &signature));
        assert!(!ours(&key, b"any", &signature));
    }
}

/// One way to change a valid signature or its message.
#[derive(Debug, Clone)]
enum Change {
    None,
    FlipBit(usize),
    SmallOrderR(usize),
    RandomR([u8; 32]),
    /// S + L: the same value mod L, not canonical.
    SPlusL,
    RandomS([u8; 32]),
    Message(Vec<u8>),
    IdentityRForgery,
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        Just(Change::None),
        (0usize..512).prop_map(Change::FlipBit),
        (0usize..8).prop_map(Change::SmallOrderR),
        any::<[u8; 32]>().prop_map(Change::RandomR),
        Just(Change::SPlusL),
        any::<[u8; 32]>().prop_map(Change::RandomS),
        proptest::collection::vec(any::<u8>(), 0..64).prop_map(Change::Message),
        Just(Change::IdentityRForgery),
    ]
}

fn s_plus_l(signature: &mut [u8; 64]) {
    let mut carry = 0u16;
    for (i, byte) in signature[32..].iter_mut().enumerate() {
        let l = to_bytes(&L)[i];
        let sum = u16::from(*byte) + u16::from(l) + carry;
        *byte = sum as u8;
        carry = sum >> 8;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn same_verdict_as_verify_strict(
        seed in any::<[u8; 32]>(),
        message in proptest::collection::vec(any::<u8>(), 0..200),
        change in change(),
    ) {
        let key = SigningKey::from_bytes(&seed);
        let mut signature = key.sign(&message).to_bytes();
        let mut signed = message.clone();
        match &change {
            Change::None => {}
            Change::FlipBit(bit) => signature[bit / 8] ^= 1 << (bit % 8),
            Change::SmallOrderR(i) => signature[..32].copy_from_slice(&SMALL_ORDER_R[*i]),
            Change::RandomR(r) => signature[..32].copy_from_slice(r),
            Change::SPlusL => s_plus_l(&mut signature),
            Change::RandomS(s) => signature[32..].copy_from_slice(s),
            Change::Message(other) => signed = other.clone(),
            Change::IdentityRForgery => signature = forged_with_identity_r(&key, &message),
        }
        let verifying = key.verifying_key();
        prop_assert_eq!(
            ours(&verifying, &signed, &signature),
            strict(&verifying, &signed, &signature),
            "{:?}", change
        );
        if matches!(change, Change::None) {
            prop_assert!(ours(&verifying, &signed, &signature));
        }
    }
}
