//! Crafted EMSA-PKCS1-v1_5 encodings (RFC 8017 §9.2), each breaking one rule
//! (one is correct, as a control). A verifier that parses the decrypted block
//! instead of comparing it whole with the expected encoding tends to accept
//! some of these.

use super::super::alg::Hash;
use super::super::encoding::{digest_info, pkcs1};
use super::super::keys::RsaKey;
use super::super::prng::Prng;
use super::{Craft, flip_bit};

pub const KINDS: &[(&str, Craft)] = &[
    ("pkcs1_crafted_valid", valid),
    ("pkcs1_block_type_00", |key, hash, message, _| {
        Some(pkcs1(key.modulus_len(), 0, &digest_info(hash, message)))
    }),
    ("pkcs1_block_type_02", |key, hash, message, _| {
        Some(pkcs1(key.modulus_len(), 2, &digest_info(hash, message)))
    }),
    ("pkcs1_zero_in_padding", |key, hash, message, rng| {
        set_padding_byte(valid(key, hash, message, rng)?, hash, 0, rng)
    }),
    ("pkcs1_other_byte_in_padding", |key, hash, message, rng| {
        let byte = 1 + rng.below(0xfe) as u8;
        set_padding_byte(valid(key, hash, message, rng)?, hash, byte, rng)
    }),
    ("pkcs1_short_padding", |key, hash, message, _| {
        // One padding byte fewer, the integer unchanged by a leading zero:
        // the encoding for a modulus one byte shorter.
        let shorter = pkcs1(key.modulus_len() - 1, 1, &digest_info(hash, message));
        Some([&[0], &shorter[..]].concat())
    }),
    ("pkcs1_padding_7_bytes", |key, hash, message, _| {
        // Below the 8-byte minimum of PS, zeros in front.
        let t = digest_info(hash, message);
        let short = pkcs1(2 + 7 + 1 + t.len(), 1, &t);
        let mut em = vec![0; key.modulus_len() - short.len()];
        em.extend(short);
        Some(em)
    }),
    ("pkcs1_no_separator", |key, hash, message, rng| {
        let mut em = valid(key, hash, message, rng)?;
        let separator = em.len() - digest_info(hash, message).len() - 1;
        em[separator] = 0xff;
        Some(em)
    }),
    ("pkcs1_leading_byte_01", |key, hash, message, rng| {
        // Not below n for every key: then skipped.
        let mut em = valid(key, hash, message, rng)?;
        em[0] = 1;
        Some(em)
    }),
    ("pkcs1_other_hash_digest_info", |key, hash, message, rng| {
        let others: Vec<Hash> = hash.others().collect();
        let other = others[rng.below(others.len())];
        Some(pkcs1(key.modulus_len(), 1, &digest_info(other, message)))
    }),
    ("pkcs1_other_hash_oid", |key, hash, message, rng| {
        // This hash's value under another hash's OID (lengths kept right).
        let others: Vec<Hash> = hash.others().collect();
        let mut prefix = others[rng.below(others.len())].digest_info_prefix();
        prefix[1] = hash.digest_info_prefix()[1];
        prefix[18] = hash.output_len() as u8;
        let t = [prefix, hash.digest(message)].concat();
        Some(pkcs1(key.modulus_len(), 1, &t))
    }),
    ("pkcs1_digest_info_without_null", |key, hash, message, _| {
        let t = [hash.digest_info_prefix_without_null(), hash.digest(message)].concat();
        Some(pkcs1(key.modulus_len(), 1, &t))
    }),
    ("pkcs1_other_message", |key, hash, message, rng| {
        let other = [message, &[rng.byte()]].concat();
        Some(pkcs1(key.modulus_len(), 1, &digest_info(hash, &other)))
    }),
    ("pkcs1_trailing_bytes", |key, hash, message, rng| {
        let junk_len = 1 + rng.below(8);
        let junk = rng.bytes(junk_len);
        let t = [digest_info(hash, message), junk].concat();
        Some(pkcs1(key.modulus_len(), 1, &t))
    }),
    ("pkcs1_bare_hash", |key, hash, message, _| {
        Some(pkcs1(key.modulus_len(), 1, &hash.digest(message)))
    }),
    ("pkcs1_hash_truncated", |key, hash, message, _| {
        let mut t = digest_info(hash, message);
        t.pop();
        Some(pkcs1(key.modulus_len(), 1, &t))
    }),
    ("pkcs1_digest_info_bit_flip", |key, hash, message, rng| {
        let prefix = flip_bit(&hash.digest_info_prefix(), rng);
        let t = [prefix, hash.digest(message)].concat();
        Some(pkcs1(key.modulus_len(), 1, &t))
    }),
];

fn valid(key: &RsaKey, hash: Hash, message: &[u8], _: &mut Prng) -> Option<Vec<u8>> {
    Some(pkcs1(key.modulus_len(), 1, &digest_info(hash, message)))
}

/// Sets one byte of the FF padding (between `00 01` and the separator).
fn set_padding_byte(mut em: Vec<u8>, hash: Hash, byte: u8, rng: &mut Prng) -> Option<Vec<u8>> {
    let padding_len = em.len() - 3 - hash.digest_info_prefix().len() - hash.output_len();
    em[2 + rng.below(padding_len)] = byte;
    Some(em)
}
