//! Crafted EMSA-PSS encodings (RFC 8017 §9.1), each breaking one rule (one
//! is correct, as a control). tokenward, like ring, allows exactly one salt
//! length: the hash length (RFC 7518 §3.5).

use super::super::alg::Hash;
use super::super::encoding::{Pss, to_modulus_len};
use super::super::keys::RsaKey;
use super::super::prng::Prng;
use super::Craft;

pub const KINDS: &[(&str, Craft)] = &[
    ("pss_crafted_valid", |key, hash, message, rng| {
        encode(key, hash, message, hash.output_len(), rng, |_, _| {})
    }),
    ("pss_trailer_not_bc", |key, hash, message, rng| {
        let mut em = encode(key, hash, message, hash.output_len(), rng, |_, _| {})?;
        let last = em.len() - 1;
        em[last] = rng.byte_except(0xbc);
        Some(em)
    }),
    ("pss_top_bit_set", |key, hash, message, rng| {
        // The lowest bit that must be zero (bit emBits = modBits - 1); the
        // integer may reach n, then the kind is skipped.
        let mut em = encode(key, hash, message, hash.output_len(), rng, |_, _| {})?;
        let bit = key.bits - 1;
        let index = em.len() - 1 - bit / 8;
        em[index] |= 1 << (bit % 8);
        Some(em)
    }),
    ("pss_salt_short", |key, hash, message, rng| {
        encode(key, hash, message, hash.output_len() - 1, rng, |_, _| {})
    }),
    ("pss_salt_long", |key, hash, message, rng| {
        encode(key, hash, message, hash.output_len() + 1, rng, |_, _| {})
    }),
    ("pss_salt_empty", |key, hash, message, rng| {
        encode(key, hash, message, 0, rng, |_, _| {})
    }),
    ("pss_separator_zero", |key, hash, message, rng| {
        encode(key, hash, message, hash.output_len(), rng, |db, at| {
            db[at] = 0
        })
    }),
    ("pss_separator_02", |key, hash, message, rng| {
        encode(key, hash, message, hash.output_len(), rng, |db, at| {
            db[at] = 2
        })
    }),
    ("pss_separator_early", |key, hash, message, rng| {
        // 01 one byte to the left: the salt read as 00 || salt.
        encode(key, hash, message, hash.output_len(), rng, |db, at| {
            db[at - 1] = 1;
            db[at] = 0;
        })
    }),
    ("pss_separator_late", |key, hash, message, rng| {
        // 01 one byte to the right, over the first salt byte.
        encode(key, hash, message, hash.output_len(), rng, |db, at| {
            db[at] = 0;
            db[at + 1] = 1;
        })
    }),
    ("pss_nonzero_padding", |key, hash, message, rng| {
        let (index, byte) = (rng.next_u64() as usize, 1 + rng.below(255) as u8);
        encode(key, hash, message, hash.output_len(), rng, |db, at| {
            db[index % at] = byte;
        })
    }),
    ("pss_other_message", |key, hash, message, rng| {
        let other = [message, &[rng.byte()]].concat();
        encode(key, hash, &other, hash.output_len(), rng, |_, _| {})
    }),
    ("pss_other_hash", |key, hash, message, rng| {
        let others: Vec<Hash> = hash.others().collect();
        let other = others[rng.below(others.len())];
        encode_with(
            key,
            other,
            other,
            message,
            other.output_len(),
            rng,
            |_, _| {},
        )
    }),
    ("pss_mgf_other_hash", |key, hash, message, rng| {
        let others: Vec<Hash> = hash.others().collect();
        let other = others[rng.below(others.len())];
        encode_with(key, hash, other, message, hash.output_len(), rng, |_, _| {})
    }),
    ("pss_h_bit_flip", |key, hash, message, rng| {
        let mut em = encode(key, hash, message, hash.output_len(), rng, |_, _| {})?;
        let bit = rng.below(hash.output_len() * 8);
        let h_start = em.len() - 1 - hash.output_len();
        em[h_start + bit / 8] ^= 1 << (bit % 8);
        Some(em)
    }),
    ("pss_masked_db_bit_flip", |key, hash, message, rng| {
        // Anywhere in maskedDB below its first byte (whose top bits are the
        // separate pss_top_bit_set).
        let mut em = encode(key, hash, message, hash.output_len(), rng, |_, _| {})?;
        let db_end = em.len() - 1 - hash.output_len();
        let db_start = key.modulus_len() - (key.bits - 1).div_ceil(8) + 1;
        let bit = rng.below((db_end - db_start) * 8);
        em[db_start + bit / 8] ^= 1 << (bit % 8);
        Some(em)
    }),
];

fn encode(
    key: &RsaKey,
    hash: Hash,
    message: &[u8],
    salt_len: usize,
    rng: &mut Prng,
    tamper_db: impl FnOnce(&mut [u8], usize),
) -> Option<Vec<u8>> {
    encode_with(key, hash, hash, message, salt_len, rng, tamper_db)
}

fn encode_with(
    key: &RsaKey,
    hash: Hash,
    mgf_hash: Hash,
    message: &[u8],
    salt_len: usize,
    rng: &mut Prng,
    tamper_db: impl FnOnce(&mut [u8], usize),
) -> Option<Vec<u8>> {
    let em = Pss {
        mod_bits: key.bits,
        hash,
        mgf_hash,
        m_hash: &hash.digest(message),
        salt: &rng.bytes(salt_len),
    }
    .encode(tamper_db);
    Some(to_modulus_len(&em, key.modulus_len()))
}
