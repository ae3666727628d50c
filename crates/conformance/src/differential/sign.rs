//! Valid signatures: made by ring wherever ring will sign (RSA 2048/3072/4096
//! with e = 65537, ECDSA, Ed25519), otherwise by the harness's own encoding
//! and the raw private operation (odd RSA sizes, e = 3). Either way ring is
//! the judge of validity: the engine counts how many ring accepts.

use super::alg::{Alg, Family, Hash};
use super::encoding::{self, Pss};
use super::keys::{Keys, PointSigner, RsaKey};
use super::prng::Prng;
use ring::signature::{self, RsaEncoding};

/// A signature of `message` by key `key` of `alg`'s family.
pub fn sign(keys: &Keys, alg: Alg, key: usize, message: &[u8], rng: &mut Prng) -> Vec<u8> {
    let point_key = match alg.family() {
        Family::Rsa => return sign_rsa(&keys.rsa[key], alg, message, rng),
        Family::P256 => &keys.p256[key],
        Family::P384 => &keys.p384[key],
        Family::Ed25519 => &keys.ed25519[key],
    };
    match &point_key.signer {
        PointSigner::Ecdsa(pair) => {
            // ring mixes this byte with the key and the message into the
            // nonce: deterministic per seed, different per message.
            #[allow(deprecated)]
            let nonce = ring::test::rand::FixedByteRandom { byte: rng.byte() };
            pair.sign(&nonce, message)
                .expect("ring signs")
                .as_ref()
                .to_vec()
        }
        PointSigner::Ed25519(pair) => pair.sign(message).as_ref().to_vec(),
    }
}

fn sign_rsa(key: &RsaKey, alg: Alg, message: &[u8], rng: &mut Prng) -> Vec<u8> {
    let hash = alg.hash();
    let salt = rng.bytes(hash.output_len());
    if let Some(pair) = &key.ring_signer {
        let mut out = vec![0; key.modulus_len()];
        #[allow(deprecated)] // ring's fixed-output RNG: the salt from the seed.
        let salt_source = ring::test::rand::FixedSliceRandom { bytes: &salt };
        pair.sign(ring_padding(alg), &salt_source, message, &mut out)
            .expect("ring signs");
        return out;
    }
    let em = if alg.is_pss() {
        pss_em(key, hash, message, &salt)
    } else {
        encoding::pkcs1(key.modulus_len(), 1, &encoding::digest_info(hash, message))
    };
    encoding::raw_sign(key, &em).expect("a valid encoding is below n")
}

/// A correct PSS encoding at the modulus length.
pub fn pss_em(key: &RsaKey, hash: Hash, message: &[u8], salt: &[u8]) -> Vec<u8> {
    let em = Pss {
        mod_bits: key.bits,
        hash,
        mgf_hash: hash,
        m_hash: &hash.digest(message),
        salt,
    }
    .encode(|_, _| {});
    encoding::to_modulus_len(&em, key.modulus_len())
}

fn ring_padding(alg: Alg) -> &'static dyn RsaEncoding {
    match alg {
        Alg::RS256 => &signature::RSA_PKCS1_SHA256,
        Alg::RS384 => &signature::RSA_PKCS1_SHA384,
        Alg::RS512 => &signature::RSA_PKCS1_SHA512,
        Alg::PS256 => &signature::RSA_PSS_SHA256,
        Alg::PS384 => &signature::RSA_PSS_SHA384,
        Alg::PS512 => &signature::RSA_PSS_SHA512,
        _ => unreachable!("only RSA algorithms reach RSA signing"),
    }
}
