//! ECDSA (`R || S`, RFC 7518 §3.4) and Ed25519 (`R || S`, RFC 8032)
//! corruptions: range boundaries of r and s, their symmetries, and values
//! no signer produces.

use super::super::bigint;
use super::super::case::Cases;
use super::super::prng::Prng;

/// The constants of a prime-order curve that bound r and s.
#[derive(Debug)]
pub struct Curve {
    width: usize,
    order: &'static str,
    prime: &'static str,
}

pub const P256: Curve = Curve {
    width: 32,
    order: "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551",
    prime: "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
};

pub const P384: Curve = Curve {
    width: 48,
    order: "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
    prime: "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff",
};

/// Ed25519's group order L, little-endian (RFC 8032 §5.1).
const ED25519_ORDER_LE: &str = "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010";

pub fn ecdsa(cases: &mut Cases, curve: &Curve, rng: &mut Prng) {
    let w = curve.width;
    let (n, p) = (hex(curve.order), hex(curve.prime));
    let (r, s) = cases.signature.split_at(w);
    let (r, s) = (r.to_vec(), s.to_vec());
    let one = [1u8];
    let values: [(&str, &str, Vec<u8>); 5] = [
        ("r_zero", "s_zero", vec![0; w]),
        ("r_n", "s_n", n.clone()),
        (
            "r_n_minus_1",
            "s_n_minus_1",
            bigint::sub(&n, &one).expect("n > 1"),
        ),
        (
            "r_n_plus_1",
            "s_n_plus_1",
            bigint::add(&n, &one).expect("fits"),
        ),
        (
            "r_p_minus_1",
            "s_p_minus_1",
            bigint::sub(&p, &one).expect("p > 1"),
        ),
    ];
    for (r_kind, s_kind, value) in values {
        cases.signature(r_kind, [&value[..], &s].concat());
        cases.signature(s_kind, [&r[..], &value].concat());
    }
    cases.signature("r_s_swapped", [&s[..], &r].concat());
    // Still valid: ECDSA over P-256/P-384 does not normalise s.
    let negated = bigint::sub(&n, &s).expect("s < n");
    cases.signature("s_negated", [&r[..], &negated].concat());
    if let Some(r_plus_n) = bigint::add(&r, &n) {
        cases.signature("r_plus_n", [&r_plus_n[..], &s].concat());
    }
    if let Some(s_plus_n) = bigint::add(&s, &n) {
        cases.signature("s_plus_n", [&r[..], &s_plus_n].concat());
    }
    cases.signature("random_r", [&rng.bytes(w)[..], &s].concat());
    cases.signature("random_s", [&r[..], &rng.bytes(w)].concat());
    cases.signature("random_r_s", rng.bytes(2 * w));
    cases.signature("r_equals_s", [&r[..], &r].concat());
    cases.signature("all_ones", vec![0xff; 2 * w]);
    cases.signature("der_encoded", der(&r, &s));
}

pub fn ed25519(cases: &mut Cases, rng: &mut Prng) {
    let (r, s) = cases.signature.split_at(32);
    let (r, s) = (r.to_vec(), s.to_vec());
    let order = hex(ED25519_ORDER_LE);
    // S + L: the same scalar mod L, refused as non-canonical by both.
    let s_plus_l = bigint::add_le(&s, &order).expect("S + L < 2^256");
    cases.signature("s_plus_l", [&r[..], &s_plus_l].concat());
    cases.signature("s_l", [&r[..], &order].concat());
    cases.signature("s_zero", [&r[..], &[0; 32]].concat());
    cases.signature("r_zero", [&[0; 32], &s[..]].concat());
    cases.signature("r_s_swapped", [&s[..], &r].concat());
    cases.signature("random_r", [&rng.bytes(32)[..], &s].concat());
    cases.signature("random_s", [&r[..], &rng.bytes(32)].concat());
    cases.signature("random_r_s", rng.bytes(64));
    cases.signature("all_ones", vec![0xff; 64]);
}

/// The DER `SEQUENCE { INTEGER r, INTEGER s }` some libraries emit: never a
/// JWS signature.
fn der(r: &[u8], s: &[u8]) -> Vec<u8> {
    let integer = |value: &[u8]| {
        let zeros = value.iter().take_while(|&&b| b == 0).count();
        let mut digits = value[zeros.min(value.len() - 1)..].to_vec();
        if digits[0] & 0x80 != 0 {
            digits.insert(0, 0);
        }
        [vec![0x02, digits.len() as u8], digits].concat()
    };
    let body = [integer(r), integer(s)].concat();
    let mut out = vec![0x30];
    if body.len() >= 0x80 {
        out.push(0x81);
    }
    out.push(body.len() as u8);
    out.extend(body);
    out
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex constant"))
        .collect()
}
