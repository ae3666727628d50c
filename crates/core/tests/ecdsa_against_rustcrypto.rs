//! ES256 / ES384 through the JWK path against the RustCrypto `p256` /
//! `p384` signers: genuine signatures verify (high-S too), every corruption
//! is refused, and keys off the curve or out of range never parse. Runs in
//! both builds (own arithmetic by default, RustCrypto with
//! `rustcrypto-signatures`).

use p256::ecdsa::signature::Signer as _;
use serde_json::{Value, json};
use tokenward_core::base64url::encode;
use tokenward_core::{Algorithm, Jwk};

const P256_P: &str = "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff";
const P256_N: &str = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
const P384_P: &str = "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff";
const P384_N: &str = "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973";

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect()
}

/// `a - b` for big-endian numbers of equal length, `a >= b`.
fn minus(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; a.len()];
    let mut borrow = 0i16;
    for i in (0..a.len()).rev() {
        let mut digit = i16::from(a[i]) - i16::from(b[i]) - borrow;
        borrow = i16::from(digit < 0);
        if digit < 0 {
            digit += 256;
        }
        out[i] = digit as u8;
    }
    out
}

fn ec_jwk(curve: &str, x: &[u8], y: &[u8]) -> Value {
    json!({"kty": "EC", "crv": curve, "x": encode(x), "y": encode(y)})
}

fn parse(value: &Value) -> Option<Jwk> {
    Jwk::from_json_value(value, false).ok()
}

/// Signs a message, returning raw `r || s`.
type Signer = Box<dyn Fn(&[u8]) -> Vec<u8>>;

struct Case {
    alg: Algorithm,
    curve: &'static str,
    order: Vec<u8>,
    prime: Vec<u8>,
    /// The public point (x, y) and a signer over any message.
    keys: Vec<(Vec<u8>, Vec<u8>, Signer)>,
}

fn p256_case() -> Case {
    let keys = (1u8..=4)
        .map(|seed| {
            let key = p256::ecdsa::SigningKey::from_slice(&[seed; 32]).expect("scalar");
            let point = key.verifying_key().to_sec1_point(false);
            let bytes = point.as_bytes();
            let sign = move |message: &[u8]| -> Vec<u8> {
                let signature: p256::ecdsa::Signature = key.sign(message);
                signature.to_bytes().to_vec()
            };
            let signer: Signer = Box::new(sign);
            (bytes[1..33].to_vec(), bytes[33..].to_vec(), signer)
        })
        .collect();
    Case {
        alg: Algorithm::ES256,
        curve: "P-256",
        order: hex(P256_N),
        prime: hex(P256_P),
        keys,
    }
}

fn p384_case() -> Case {
    let keys = (1u8..=3)
        .map(|seed| {
            let key = p384::ecdsa::SigningKey::from_slice(&[seed; 48]).expect("scalar");
            let point = key.verifying_key().to_sec1_point(false);
            let bytes = point.as_bytes();
            let sign = move |message: &[u8]| -> Vec<u8> {
                let signature: p384::ecdsa::Signature = key.sign(message);
                signature.to_bytes().to_vec()
            };
            let signer: Signer = Box::new(sign);
            (bytes[1..49].to_vec(), bytes[49..].to_vec(), signer)
        })
        .collect();
    Case {
        alg: Algorithm::ES384,
        curve: "P-384",
        order: hex(P384_N),
        prime: hex(P384_P),
        keys,
    }
}

fn check_signatures(case: &Case) {
    let half = case.order.len();
    let jwks: Vec<Jwk> = case
        .keys
        .iter()
        .map(|(x, y, _)| parse(&ec_jwk(case.curve, x, y)).expect("genuine key parses"))
        .collect();
    for (index, (_, _, sign)) in case.keys.iter().enumerate() {
        let key = &jwks[index];
        let other = &jwks[(index + 1) % jwks.len()];
        for message_index in 0..6u8 {
            let message = format!(
                "header.payload-{message_index}-{}",
                "x".repeat(usize::from(message_index) * 40)
            );
            let message = message.as_bytes();
            let signature = sign(message);
            let verifies = |signature: &[u8]| key.verify(case.alg, message, signature).is_ok();
            assert!(verifies(&signature), "{} genuine signature", case.curve);
            // High-S: (r, n - s) is valid too.
            let mut high_s = signature[..half].to_vec();
            high_s.extend(minus(&case.order, &signature[half..]));
            assert!(verifies(&high_s), "{} high-S", case.curve);
            // Another key, another message, flipped bits.
            assert!(other.verify(case.alg, message, &signature).is_err());
            assert!(key.verify(case.alg, b"header.other", &signature).is_err());
            for bit in [0, 7, 8 * half - 1, 8 * half, 8 * half + 9, 16 * half - 1] {
                let mut flipped = signature.clone();
                flipped[bit / 8] ^= 1 << (bit % 8);
                assert!(!verifies(&flipped), "{} bit {bit} flipped", case.curve);
            }
            // Lengths other than exactly 2 x the field length.
            assert!(!verifies(&signature[1..]));
            let mut longer = signature.clone();
            longer.push(0);
            assert!(!verifies(&longer));
            // Out of range: r or s = 0, = n, and r + n (the same residue).
            let zero = vec![0u8; half];
            for (r, s) in [
                (&zero[..], &signature[half..]),
                (&signature[..half], &zero[..]),
                (&case.order[..], &signature[half..]),
                (&signature[..half], &case.order[..]),
            ] {
                assert!(
                    !verifies(&[r, s].concat()),
                    "{} r or s out of range",
                    case.curve
                );
            }
        }
    }
}

fn check_key_rules(case: &Case) {
    let (x, y, _) = &case.keys[0];
    let good = ec_jwk(case.curve, x, y);
    let key = parse(&good).expect("genuine key parses");
    // Export gives back the same members.
    let exported: Value =
        serde_json::from_str(&key.to_public_jwk().expect("exportable")).expect("JSON");
    assert_eq!(exported, good);
    // Off the curve: y + 1 (flipping the lowest bit).
    let mut y_off = y.clone();
    *y_off.last_mut().expect("non-empty") ^= 1;
    assert!(parse(&ec_jwk(case.curve, x, &y_off)).is_none());
    // Coordinates >= p, (0, 0), all ones.
    let ones = vec![0xff; x.len()];
    let zero = vec![0; x.len()];
    for (bad_x, bad_y) in [
        (&case.prime, y),
        (x, &case.prime),
        (&ones, y),
        (x, &ones),
        (&zero, &zero),
    ] {
        assert!(parse(&ec_jwk(case.curve, bad_x, bad_y)).is_none());
    }
    // The negated point, p - y, is a valid key.
    assert!(parse(&ec_jwk(case.curve, x, &minus(&case.prime, y))).is_some());
}

#[test]
fn es256_agrees_with_the_p256_signer() {
    let case = p256_case();
    check_signatures(&case);
    check_key_rules(&case);
}

#[test]
fn es384_agrees_with_the_p384_signer() {
    let case = p384_case();
    check_signatures(&case);
    check_key_rules(&case);
}
