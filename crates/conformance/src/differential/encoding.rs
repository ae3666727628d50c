//! RSA encoded messages built by hand (RFC 8017 §9.1.1 EMSA-PSS, §9.2
//! EMSA-PKCS1-v1_5), with knobs to break them one rule at a time, and the
//! raw private operation that turns any encoded message into the signature a
//! verifier will decrypt back to exactly it.

use super::alg::Hash;
use super::keys::RsaKey;
use super::prng::Prng;
use rsa::BoxedUint;
use rsa::traits::PublicKeyParts;

/// `00 || block_type || FF.. || 00 || t`, `k` bytes in all (`t` must leave
/// at least one padding byte).
pub fn pkcs1(k: usize, block_type: u8, t: &[u8]) -> Vec<u8> {
    let mut em = vec![0xff; k];
    em[0] = 0;
    em[1] = block_type;
    let separator = k - t.len() - 1;
    em[separator] = 0;
    em[separator + 1..].copy_from_slice(t);
    em
}

/// The DigestInfo of `hash` over `message`: what PKCS#1 v1.5 signs.
pub fn digest_info(hash: Hash, message: &[u8]) -> Vec<u8> {
    [hash.digest_info_prefix(), hash.digest(message)].concat()
}

/// One EMSA-PSS encoding; `mgf_hash` differs from `hash` only to break it.
#[derive(Debug, Clone)]
pub struct Pss<'a> {
    pub mod_bits: usize,
    pub hash: Hash,
    pub mgf_hash: Hash,
    /// The hash of the message (`mHash`).
    pub m_hash: &'a [u8],
    pub salt: &'a [u8],
}

impl Pss<'_> {
    /// The encoded message, `emLen = ceil((modBits - 1) / 8)` bytes.
    /// `tamper_db` may change the data block before it is masked; it gets
    /// the index of the `0x01` separator.
    pub fn encode(&self, tamper_db: impl FnOnce(&mut [u8], usize)) -> Vec<u8> {
        let em_bits = self.mod_bits - 1;
        let em_len = em_bits.div_ceil(8);
        let h_len = self.hash.output_len();
        let m_prime = [&[0u8; 8][..], self.m_hash, self.salt].concat();
        let h = self.hash.digest(&m_prime);
        let db_len = em_len - h_len - 1;
        let separator = db_len - self.salt.len() - 1;
        let mut db = vec![0u8; db_len];
        db[separator] = 0x01;
        db[separator + 1..].copy_from_slice(self.salt);
        tamper_db(&mut db, separator);
        for (byte, mask) in db.iter_mut().zip(mgf1(self.mgf_hash, &h, db_len)) {
            *byte ^= mask;
        }
        db[0] &= 0xff >> (8 * em_len - em_bits);
        [db, h, vec![0xbc]].concat()
    }
}

/// MGF1 (RFC 8017 B.2.1).
pub fn mgf1(hash: Hash, seed: &[u8], len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + hash.output_len());
    let mut counter = 0u32;
    while out.len() < len {
        out.extend(hash.digest(&[seed, &counter.to_be_bytes()].concat()));
        counter += 1;
    }
    out.truncate(len);
    out
}

/// Left-pads an encoded message to the modulus length `k`.
pub fn to_modulus_len(em: &[u8], k: usize) -> Vec<u8> {
    let mut out = vec![0; k - em.len()];
    out.extend_from_slice(em);
    out
}

/// `em^d mod n`: the signature whose public operation gives back `em`
/// (`k` bytes). `None` when `em >= n`, which no signature can encode.
pub fn raw_sign(key: &RsaKey, em: &[u8]) -> Option<Vec<u8>> {
    let k = key.modulus_len();
    assert_eq!(em.len(), k, "an encoded message is k bytes");
    let c = BoxedUint::from_be_slice(em, key.private.n_bits_precision()).ok()?;
    // No blinding: this is a test key, and blinding does not change `m`.
    let m = rsa::hazmat::rsa_decrypt(None::<&mut Prng>, &key.private, &c).ok()?;
    let bytes = m.to_be_bytes();
    Some(bytes[bytes.len() - k..].to_vec())
}
