//! RSA: boundary values of the signature integer, the other algorithms over
//! the same key, and crafted encoded messages.

use super::super::bigint;
use super::super::case::{Case, Cases};
use super::super::encoding;
use super::super::keys::RsaKey;
use super::super::prng::Prng;
use super::{Craft, Mix, base, pkcs1, pss};

pub fn corruptions(cases: &mut Cases, key: &RsaKey, mix: Mix, rng: &mut Prng) {
    for alg in cases.alg.rsa_siblings() {
        cases.case(Case {
            kind: "other_rsa_algorithm",
            alg,
            ..base(cases)
        });
    }
    boundary_values(cases, key, rng);
    let crafted: &[(&str, Craft)] = if cases.alg.is_pss() {
        pss::KINDS
    } else {
        pkcs1::KINDS
    };
    // Consecutive kinds from a random start: every kind comes up often.
    let start = rng.below(crafted.len());
    for i in 0..crafted_count(key, mix, rng) {
        let (kind, craft) = crafted[(start + i) % crafted.len()];
        // `None`: the encoding is not below n, so no signature encodes it.
        let Some(em) = craft(key, cases.alg.hash(), cases.message, rng) else {
            continue;
        };
        if let Some(signature) = encoding::raw_sign(key, &em) {
            cases.signature(kind, signature);
        }
    }
}

/// s = 0, 1, n - 1, n, n + 1, above n, all ones: each exactly k bytes.
fn boundary_values(cases: &mut Cases, key: &RsaKey, rng: &mut Prng) {
    let k = key.modulus_len();
    let n = bigint::widen(&key.n, k).expect("n is k bytes");
    cases.signature("s_zero", vec![0; k]);
    cases.signature("s_one", bigint::small(1, k));
    cases.signature("s_n_minus_1", bigint::sub(&n, &[1]).expect("n > 1"));
    cases.signature("s_n", n.clone());
    if let Some(above) = bigint::add(&n, &[1]) {
        cases.signature("s_n_plus_1", above);
    }
    if let Some(above) = bigint::add(&n, &rng.next_u64().to_be_bytes()) {
        cases.signature("s_above_n", above);
    }
    cases.signature("s_all_ones", vec![0xff; k]);
}

/// `mix.crafted_encodings` for keys up to 2048 bits, fewer for bigger keys,
/// in proportion to (2048 / bits)^2 (rounded at random): a private operation
/// costs about bits^3, so crafted signatures cost about the same time per
/// key bit for every size, instead of 8192-bit keys taking most of a run.
fn crafted_count(key: &RsaKey, mix: Mix, rng: &mut Prng) -> usize {
    let scale = (2048.0 / key.bits as f64).powi(2).min(1.0);
    let expected = mix.crafted_encodings as f64 * scale;
    let whole = expected.floor();
    let extra = (rng.below(1 << 20) as f64) < (expected - whole) * f64::from(1 << 20);
    whole as usize + usize::from(extra)
}
