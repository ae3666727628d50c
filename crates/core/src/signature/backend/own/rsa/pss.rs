//! EMSA-PSS verification (RFC 8017 §9.1.2) with MGF1 over the same hash
//! and a salt exactly as long as the hash output (RFC 7518 §3.5).

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
    // length k exceeds emLen by one octet, which must be zero (§8.1.2
    // step 3: I2OSP(m, emLen) fails otherwise).
    let em_bits = modulus_bits - 1;
    let em_len = em_bits.div_ceil(8);
    if computed.len() != modulus_bits.div_ceil(8) {
        return false;
    }
    let (leading, encoded) = computed.split_at(computed.len() - em_len);
    if leading.iter().any(|&byte| byte != 0) {
        return false;
    }
    let h_len = hash.output_len();
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
    hash.digest(&[&[0u8; 8], message_hash, salt]) == h
}

/// MGF1 (RFC 8017 B.2.1): `Hash(seed || C)` for C = 0, 1, ... concatenated
/// and cut to `len` octets.
fn mgf1(hash: HashAlg, seed: &[u8], len: usize) -> Vec<u8> {
    let mut mask = Vec::with_capacity(len + hash.output_len());
    let mut counter = 0u32;
    while mask.len() < len {
        mask.extend_from_slice(&hash.digest(&[seed, &counter.to_be_bytes()]));
        counter += 1;
    }
    mask.truncate(len);
    mask
}

#[cfg(test)]
mod tests {
    use super::{mgf1, verify};
    use crate::alg::HashAlg;
    use alloc::vec;
    use alloc::vec::Vec;

    /// EMSA-PSS-ENCODE (RFC 8017 §9.1.1) with a fixed salt, as `k` octets
    /// (with the leading zero octet when `modulus_bits - 1` is a multiple
    /// of 8), written from the RFC independently of `verify`.
    fn encode(hash: HashAlg, message_hash: &[u8], modulus_bits: usize) -> Vec<u8> {
        let h_len = hash.output_len();
        let salt: Vec<u8> = (0..h_len).map(|i| (i * 7 + 1) as u8).collect();
        let em_bits = modulus_bits - 1;
        let em_len = em_bits.div_ceil(8);
        let h = hash.digest(&[&[0u8; 8], message_hash, &salt]);
        let mut db = vec![0u8; em_len - 2 * h_len - 2];
        db.push(0x01);
        db.extend_from_slice(&salt);
        for (d, m) in db.iter_mut().zip(mgf1(hash, &h, em_len - h_len - 1)) {
            *d ^= m;
        }
        db[0] &= 0xff >> (8 * em_len - em_bits);
        let mut block = vec![0u8; modulus_bits.div_ceil(8) - em_len];
        block.extend_from_slice(&db);
        block.extend_from_slice(&h);
        block.push(0xbc);
        block
    }

    const SIZES: [usize; 7] = [2048, 2049, 2050, 2055, 2056, 2057, 3071];
    const HASHES: [HashAlg; 3] = [HashAlg::Sha256, HashAlg::Sha384, HashAlg::Sha512];

    #[test]
    fn accepts_encodings_of_every_length() {
        for bits in SIZES {
            for hash in HASHES {
                let message_hash = hash.digest(&[b"payload"]);
                let block = encode(hash, &message_hash, bits);
                assert_eq!(block.len(), bits.div_ceil(8));
                assert!(verify(hash, &message_hash, &block, bits), "{bits} {hash:?}");
                let other = hash.digest(&[b"other"]);
                assert!(!verify(hash, &other, &block, bits));
                // The same block read against another hash fails.
                for wrong in HASHES.iter().filter(|&&wrong| wrong != hash) {
                    assert!(!verify(*wrong, &message_hash, &block, bits));
                }
            }
        }
    }

    #[test]
    fn refuses_any_flipped_bit_in_the_block() {
        for bits in [2049, 2050, 2056] {
            let hash = HashAlg::Sha256;
            let message_hash = hash.digest(&[b"payload"]);
            let block = encode(hash, &message_hash, bits);
            for position in 0..block.len() {
                for bit in 0..8 {
                    let mut changed = block.clone();
                    changed[position] ^= 1 << bit;
                    assert!(
                        !verify(hash, &message_hash, &changed, bits),
                        "{bits}: octet {position} bit {bit}"
                    );
                }
            }
        }
    }

    #[test]
    fn checks_the_fixed_positions_of_db() {
        // Rebuild DB with a wrong fixed octet and mask it again: only the
        // checks of step 10 can catch these.
        let hash = HashAlg::Sha256;
        let bits = 2049;
        let message_hash = hash.digest(&[b"payload"]);
        let block = encode(hash, &message_hash, bits);
        let em = &block[1..];
        let h_len = hash.output_len();
        let (masked_db, rest) = em.split_at(em.len() - h_len - 1);
        let h = &rest[..h_len];
        let mask = mgf1(hash, h, masked_db.len());
        let separator = masked_db.len() - h_len - 1;
        for (position, flip) in [
            (0, 0x01),
            (1, 0x80),
            (separator - 1, 0x01),
            (separator, 0x03),
        ] {
            let mut db: Vec<u8> = masked_db.iter().zip(&mask).map(|(m, k)| m ^ k).collect();
            db[position] ^= flip;
            let mut changed = vec![0u8];
            changed.extend(db.iter().zip(&mask).map(|(d, k)| d ^ k));
            changed.extend_from_slice(rest);
            assert!(
                !verify(hash, &message_hash, &changed, bits),
                "octet {position}"
            );
        }
    }

    #[test]
    fn refuses_wrong_lengths() {
        let hash = HashAlg::Sha256;
        let message_hash = hash.digest(&[b"payload"]);
        let block = encode(hash, &message_hash, 2049);
        // Without the leading zero octet, or with one more.
        assert!(!verify(hash, &message_hash, &block[1..], 2049));
        let mut longer = vec![0u8];
        longer.extend_from_slice(&block);
        assert!(!verify(hash, &message_hash, &longer, 2049));
        assert!(!verify(hash, &message_hash, &[], 2049));
    }
}
