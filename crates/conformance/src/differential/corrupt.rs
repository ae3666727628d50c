//! Corruptions of one valid signature, per family. Every corruption has a
//! kind name, counted separately in the report, so the report shows what
//! was tested and how often.

mod pkcs1;
mod point;
mod pss;
mod rsa;

use super::alg::{Alg, Family, Hash};
use super::case::{Case, Cases};
use super::keys::{Keys, RsaKey};
use super::prng::Prng;

/// Builds one crafted RSA encoded message (k bytes) for a key, the hash of
/// the algorithm and the message; `None` when the kind does not apply.
type Craft = fn(&RsaKey, Hash, &[u8], &mut Prng) -> Option<Vec<u8>>;

/// How many of the cheap random corruptions to derive per valid signature.
#[derive(Debug, Clone, Copy)]
pub struct Mix {
    pub signature_bit_flips: usize,
    pub message_bit_flips: usize,
    /// Crafted RSA encodings (one raw private operation each) per valid
    /// signature, picked at random from the kinds of its padding.
    pub crafted_encodings: usize,
}

/// The valid case and every corruption of it.
pub fn cases(
    keys: &Keys,
    alg: Alg,
    key: usize,
    message: &[u8],
    signature: &[u8],
    mix: Mix,
    rng: &mut Prng,
) -> Vec<Case> {
    let mut cases = Cases::new(alg, key, message, signature);
    cases.signature("valid", signature.to_vec());
    common(&mut cases, keys, mix, rng);
    match alg.family() {
        Family::Rsa => rsa::corruptions(&mut cases, &keys.rsa[key], mix, rng),
        Family::P256 => point::ecdsa(&mut cases, &point::P256, rng),
        Family::P384 => point::ecdsa(&mut cases, &point::P384, rng),
        Family::Ed25519 => point::ed25519(&mut cases, rng),
    }
    cases.out
}

/// Bit flips, lengths off by one, and the signature of another key.
fn common(cases: &mut Cases, keys: &Keys, mix: Mix, rng: &mut Prng) {
    let signature = cases.signature;
    for _ in 0..mix.signature_bit_flips {
        cases.signature("signature_bit_flip", flip_bit(signature, rng));
    }
    for _ in 0..mix.message_bit_flips {
        let message = if cases.message.is_empty() {
            vec![rng.byte()]
        } else {
            flip_bit(cases.message, rng)
        };
        cases.case(Case {
            kind: "message_bit_flip",
            message,
            ..base(cases)
        });
    }
    cases.signature(
        "signature_truncated",
        signature[..signature.len() - 1].to_vec(),
    );
    cases.signature("signature_extended", [signature, &[rng.byte()]].concat());
    cases.signature("signature_leading_zero", [&[0], signature].concat());
    cases.signature("signature_empty", Vec::new());
    let count = match cases.alg.family() {
        Family::Rsa => keys.rsa.len(),
        Family::P256 => keys.p256.len(),
        Family::P384 => keys.p384.len(),
        Family::Ed25519 => keys.ed25519.len(),
    };
    let other = (cases.key + 1 + rng.below(count - 1)) % count;
    cases.case(Case {
        kind: "other_key",
        key: other,
        ..base(cases)
    });
}

/// The valid case, to change one field of.
fn base(cases: &Cases) -> Case {
    Case {
        kind: "valid",
        alg: cases.alg,
        key: cases.key,
        message: cases.message.to_vec(),
        signature: cases.signature.to_vec(),
    }
}

pub(super) fn flip_bit(bytes: &[u8], rng: &mut Prng) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let bit = rng.below(bytes.len() * 8);
    out[bit / 8] ^= 1 << (bit % 8);
    out
}
