//! EMSA-PSS verification (RFC 8017 §9.1.2) with MGF1 over the same hash
//! and a salt exactly as long as the hash output (RFC 7518 §3.5).

use super::digest::{digest, output_len};
use crate::alg::HashAlg;
use alloc::vec::Vec;

/// Whether `computed` (`s^e mod n`, as many octets as the modulus of
/// `modulus_bits` bits) is a PSS encoding of `message_hash`.
pub(super) fn verify(
    hash: HashAlg,
    message_hash: &[u8],
    computed: &[u8],
    modulus_bits: usize,
) -> bool {
    // emBits = modBits - 1. When that is a multiple of 8, the modulus
    // length exceeds emLen by one octet, which must be zero (§8.1.2 step 3).
    let em_bits = modulus_bits - 1;
    let em_len = em_bits.div_ceil(8);
    let encoded = match computed.split_at_checked(computed.len() - em_len) {
        Some(([], encoded)) => encoded,
        Some(([0], encoded)) => encoded,
        _ => return false,
    };
    let h_len = output_len(hash);
    let salt_len = h_len;
    // §9.1.2 step 3 (always true for 2048-bit moduli and more).
    if em_len < h_len + salt_len + 2 {
        return false;
    }
    // Step 4: the trailer field.
    let Some((&0xbc, rest)) = encoded.split_last() else {
        return false;
    };
    // Step 5: maskedDB || H.
    let (masked_db, h) = rest.split_at(em_len - h_len - 1);
    // Step 6: the bits above emBits are zero.
    let unused_bits = 8 * em_len - em_bits;
    let top_mask = 0xffu8 >> unused_bits;
    if masked_db[0] & !top_mask != 0 {
        return false;
    }
    // Steps 7-9: DB = maskedDB xor MGF1(H), top bits cleared.
    let mut db = mgf1(hash, h, masked_db.len());
    for (d, m) in db.iter_mut().zip(masked_db) {
        *d ^= m;
    }
    db[0] &= top_mask;
    // Step 10: DB = PS (zeros) || 0x01 || salt, every position checked.
    let (padding, rest) = db.split_at(em_len - h_len - salt_len - 2);
    let Some((&0x01, salt)) = rest.split_first() else {
        return false;
    };
    if padding.iter().any(|&byte| byte != 0) {
        return false;
    }
    // Steps 11-14: H' = Hash(0x00 * 8 || mHash || salt) must equal H.
    digest(hash, &[&[0u8; 8], message_hash, salt]) == h
}

/// MGF1 (RFC 8017 B.2.1): `Hash(seed || C)` for C = 0, 1, ... concatenated
/// and cut to `len` octets.
fn mgf1(hash: HashAlg, seed: &[u8], len: usize) -> Vec<u8> {
    let mut mask = Vec::with_capacity(len + output_len(hash));
    let mut counter = 0u32;
    while mask.len() < len {
        mask.extend_from_slice(&digest(hash, &[seed, &counter.to_be_bytes()]));
        counter += 1;
    }
    mask.truncate(len);
    mask
}
