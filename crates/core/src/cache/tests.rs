//! Tokens that share a hash slot: the cache tells them apart by their
//! bytes, so a collision (which anyone can build for this hash) costs a
//! miss, never a hit for the wrong token.

use super::{VerifiedCache, slot};

const GEN: u64 = 1;

/// Two 16-byte tokens with one slot: the second word of `b` cancels the
/// difference its first word made (each step is `h -> f(h ^ word)`).
fn colliding_pair() -> ([u8; 16], [u8; 16]) {
    let step = |hash: u64, word: u64| {
        (hash ^ word)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(29)
    };
    let (a1, a2) = (
        u64::from_le_bytes(*b"eyJhbGci"),
        u64::from_le_bytes(*b"OiJSUzI1"),
    );
    let b1 = u64::from_le_bytes(*b"eyJhbGcj");
    let b2 = step(16, a1) ^ a2 ^ step(16, b1);
    let join = |x: u64, y: u64| {
        let mut token = [0u8; 16];
        token[..8].copy_from_slice(&x.to_le_bytes());
        token[8..].copy_from_slice(&y.to_le_bytes());
        token
    };
    (join(a1, a2), join(b1, b2))
}

#[test]
fn the_pair_collides() {
    let (a, b) = colliding_pair();
    assert_ne!(a, b);
    assert_eq!(slot(&a), slot(&b));
}

#[test]
fn a_token_sharing_a_slot_is_a_miss_not_a_hit() {
    let (a, b) = colliding_pair();
    let mut cache = VerifiedCache::new(4);
    assert!(cache.insert(&a, "a", Some(100.0), 0.0, GEN));
    assert_eq!(cache.get(&b, 1.0, GEN), None);
    // The miss left `a`'s entry alone.
    assert_eq!(cache.get(&a, 1.0, GEN), Some(&"a"));
    assert_eq!(cache.counters().misses, 1);
    assert_eq!(cache.counters().hits, 1);
}

#[test]
fn the_later_of_two_colliding_tokens_takes_the_slot() {
    let (a, b) = colliding_pair();
    let mut cache = VerifiedCache::new(4);
    assert!(cache.insert(&a, "a", Some(100.0), 0.0, GEN));
    assert!(cache.insert(&b, "b", Some(100.0), 0.0, GEN));
    assert_eq!(cache.len(), 1);
    assert_eq!(cache.get(&b, 1.0, GEN), Some(&"b"));
    assert_eq!(cache.get(&a, 1.0, GEN), None);
}

#[test]
fn slots_differ_for_prefixes_and_lengths() {
    // The length is hashed: a token and itself with a zero byte appended
    // (equal zero-padded tails) land apart.
    assert_ne!(slot(b"abc"), slot(b"abc\0"));
    assert_ne!(slot(b""), slot(b"\0"));
    assert_ne!(slot(b"header.payload.sig1"), slot(b"header.payload.sig2"));
}
