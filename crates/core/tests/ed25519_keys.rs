//! Ed25519 keys a key set refuses (small-order points, non-canonical
//! encodings), the RFC 9864 name `Ed25519` beside `EdDSA`, and the one rule
//! on which signatures a host may check.

mod support;

use ed25519_dalek::{Signature, VerifyingKey};
use support::*;
use tokenward_core::base64url::encode;
use tokenward_core::oidc::IdTokenBinding;
use tokenward_core::verifier::{ValidationOptions, Verifier};
use tokenward_core::{Algorithm, Error, KeySet};

/// An order-8 point of edwards25519 (canonical encoding); its multiples
/// are the 8 small-order points.
const ORDER_8: &str = "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a";

/// The small-order key of the forged token: the identity point (y = 1).
const IDENTITY_X: &str = "AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/// p = 2^255 - 19, little-endian.
const P: [u8; 32] = {
    let mut p = [0xff; 32];
    p[0] = 0xed;
    p[31] = 0x7f;
    p
};

fn hex32(text: &str) -> [u8; 32] {
    let mut out = [0; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).expect("hex");
    }
    out
}

fn okp_set(x: &[u8]) -> String {
    format!(
        r#"{{"keys":[{{"kty":"OKP","crv":"Ed25519","kid":"weak","x":"{}"}}]}}"#,
        encode(x)
    )
}

/// The JWKS refusal for `x`, or `None` when the set loads.
fn refusal(x: &[u8]) -> Option<Error> {
    KeySet::from_json(okp_set(x).as_bytes()).err()
}

/// The 8 small-order points, canonically encoded, from multiples of
/// [`ORDER_8`] (so the list is computed, not copied).
fn small_order_points() -> Vec<[u8; 32]> {
    let generator = VerifyingKey::from_bytes(&hex32(ORDER_8))
        .expect("a curve point")
        .to_edwards();
    let mut point = generator;
    let mut points = Vec::new();
    for _ in 0..8 {
        points.push(point.compress().to_bytes());
        point += generator;
    }
    points.sort_unstable();
    points.dedup();
    points
}

/// Every other encoding that decodes to the same point: `y + p` when it
/// still fits in 255 bits (y = 0, 1), and the sign bit set where x = 0.
fn other_encodings(canonical: &[u8; 32]) -> Vec<[u8; 32]> {
    let point = VerifyingKey::from_bytes(canonical)
        .expect("a curve point")
        .to_edwards();
    let mut out = Vec::new();
    let mut candidates = vec![*canonical];
    let y = {
        let mut y = *canonical;
        y[31] &= 0x7f;
        y
    };
    if y[1..] == [0; 31] && y[0] < 19 {
        let mut plus_p = P;
        plus_p[0] += y[0];
        candidates.push(plus_p);
    }
    for candidate in candidates {
        for sign in [0x00, 0x80] {
            let mut bytes = candidate;
            bytes[31] = (bytes[31] & 0x7f) | sign;
            let decoded = VerifyingKey::from_bytes(&bytes).map(|k| k.to_edwards());
            if bytes != *canonical && decoded.is_ok_and(|d| d == point) {
                out.push(bytes);
            }
        }
    }
    out
}

#[test]
fn every_small_order_point_in_every_encoding_refuses_the_set() {
    let points = small_order_points();
    assert_eq!(points.len(), 8, "the 8-torsion subgroup");
    let mut encodings = 0;
    for canonical in &points {
        let key = VerifyingKey::from_bytes(canonical).expect("decodes");
        assert!(key.is_weak());
        for bytes in [vec![*canonical], other_encodings(canonical)].concat() {
            let error = refusal(&bytes).expect("a small-order key refuses the set");
            assert_eq!(error.code(), "jwks_invalid");
            assert!(error.to_string().contains("small-order"), "{error}");
            encodings += 1;
        }
    }
    // 8 canonical; y = 0 and y = 1 also as y + p (each sign); the two
    // x = 0 points also with the sign bit set.
    assert!(encodings >= 14, "{encodings} encodings");
}

#[test]
fn non_canonical_encodings_of_ordinary_points_refuse_the_set() {
    let mut found = 0;
    for y in 2u8..19 {
        let mut canonical = [0; 32];
        canonical[0] = y;
        let Ok(key) = VerifyingKey::from_bytes(&canonical) else {
            continue; // not the y of a curve point
        };
        assert!(!key.is_weak());
        for sign in [0x00, 0x80] {
            let mut small = canonical;
            small[31] |= sign;
            let mut plus_p = P;
            plus_p[0] += y;
            plus_p[31] |= sign;
            // The canonical encoding loads; y + p of the same point does not.
            assert_eq!(refusal(&small), None, "y = {y}");
            let error = refusal(&plus_p).expect("y >= p refuses the set");
            assert_eq!(error.code(), "jwks_invalid");
            assert!(
                error.to_string().contains("not canonically encoded"),
                "{error}"
            );
            found += 1;
        }
    }
    assert!(found > 0, "some y < 19 is on the curve");
}

#[test]
fn one_weak_key_refuses_the_whole_set_not_just_itself() {
    let good = jwks_json();
    let with_weak = good.replace(
        r#"{"keys":["#,
        &format!(r#"{{"keys":[{{"kty":"OKP","crv":"Ed25519","kid":"weak","x":"{IDENTITY_X}"}},"#),
    );
    assert!(KeySet::from_json(good.as_bytes()).is_ok());
    let error = KeySet::from_json(with_weak.as_bytes()).expect_err("refused");
    assert_eq!(error.code(), "jwks_invalid");
    // Keys we cannot use are still skipped, not refused.
    let x448 = good.replace(
        r#"{"keys":["#,
        r#"{"keys":[{"kty":"OKP","crv":"Ed448","kid":"x","x":"AQ"},"#,
    );
    let set = KeySet::from_json(x448.as_bytes()).expect("loads");
    assert_eq!((set.len(), set.skipped()), (2, 1));
}

/// The finding: `x` = identity, signature R = identity, S = 0, no private
/// key. A lenient (cofactorless, non-strict) verifier accepts it for any
/// message; the key set carrying the key no longer loads.
#[test]
fn the_forged_token_under_a_small_order_key_is_refused_at_load() {
    let identity = hex32("0100000000000000000000000000000000000000000000000000000000000000");
    assert_eq!(encode(&identity), IDENTITY_X);
    let header = r#"{"alg":"EdDSA","kid":"weak"}"#;
    let input = signing_input(header, &claims(""));
    let mut forged = [0; 64];
    forged[..32].copy_from_slice(&identity);
    let token = format!("{input}.{}", encode(&forged));
    // What a lenient host does with it: "valid".
    let key = VerifyingKey::from_bytes(&identity).expect("decodes");
    let signature = Signature::from_bytes(&forged);
    assert!(key.verify_strict(input.as_bytes(), &signature).is_err());
    assert!(
        ed25519_dalek::Verifier::verify(&key, input.as_bytes(), &signature).is_ok(),
        "the lenient check accepts the forgery"
    );
    // tokenward: the set is refused, so no verifier ever holds the key.
    let error = KeySet::from_json(okp_set(&identity).as_bytes()).expect_err("refused");
    assert_eq!(error.code(), "jwks_invalid");
    assert!(token.ends_with(&encode(&forged)));
}

fn options(algorithms: Vec<Algorithm>) -> ValidationOptions {
    ValidationOptions {
        issuer: Some(ISSUER.into()),
        audiences: Some(vec![AUDIENCE.into()]),
        algorithms,
        ..ValidationOptions::default()
    }
}

fn verify_in(algorithms: Vec<Algorithm>, keys: &KeySet, token: &str) -> Result<(), Error> {
    Verifier::new(options(algorithms))
        .expect("valid options")
        .verify(token, keys, NOW, &IdTokenBinding::default())
        .map(|_| ())
}

/// The tests' Ed25519 key as the only key, with `alg` `jwk_alg` if any.
fn ed_keys(jwk_alg: Option<&str>) -> KeySet {
    let x = encode(ed25519_key().verifying_key().as_bytes());
    let alg = jwk_alg.map_or(String::new(), |alg| format!(r#","alg":"{alg}""#));
    let json = format!(r#"{{"keys":[{{"kty":"OKP","crv":"Ed25519","kid":"ed","x":"{x}"{alg}}}]}}"#);
    KeySet::from_json(json.as_bytes()).expect("loads")
}

#[test]
fn ed25519_is_the_fully_specified_name_of_eddsa() {
    assert_eq!(Algorithm::from_name("Ed25519"), Some(Algorithm::Ed25519));
    assert_eq!(Algorithm::Ed25519.name(), "Ed25519");
    assert!(
        Algorithm::ASYMMETRIC.contains(&Algorithm::Ed25519),
        "allowed by default"
    );
    let eddsa = sign_ed(r#"{"alg":"EdDSA","kid":"ed"}"#, &claims(""));
    let ed25519 = sign_ed(r#"{"alg":"Ed25519","kid":"ed"}"#, &claims(""));
    // Each name is its own allowlist entry.
    let only_eddsa = vec![Algorithm::EdDSA];
    let only_ed25519 = vec![Algorithm::Ed25519];
    let keys = ed_keys(None);
    assert_eq!(verify_in(only_eddsa.clone(), &keys, &eddsa), Ok(()));
    assert_eq!(verify_in(only_ed25519.clone(), &keys, &ed25519), Ok(()));
    assert_eq!(
        verify_in(only_eddsa, &keys, &ed25519),
        Err(Error::AlgNotAllowed)
    );
    assert_eq!(
        verify_in(only_ed25519, &keys, &eddsa),
        Err(Error::AlgNotAllowed)
    );
    // A JWK `alg` of either name fits a token of either name...
    let both = vec![Algorithm::EdDSA, Algorithm::Ed25519];
    for jwk_alg in ["EdDSA", "Ed25519"] {
        for token in [&eddsa, &ed25519] {
            assert_eq!(
                verify_in(both.clone(), &ed_keys(Some(jwk_alg)), token),
                Ok(())
            );
        }
    }
    // ... and nothing else does.
    for jwk_alg in ["ES256", "ed25519", "Ed448", "none"] {
        assert_eq!(
            verify_in(both.clone(), &ed_keys(Some(jwk_alg)), &ed25519),
            Err(Error::KeyAlgMismatch),
            "{jwk_alg}"
        );
    }
    // The same strict check: a tampered signature fails under either name.
    let (input, _) = ed25519.rsplit_once('.').expect("three segments");
    let tampered = format!("{input}.{}", encode(&[7; 64]));
    assert_eq!(verify_in(both, &keys, &tampered), Err(Error::BadSignature));
    // An Ed25519 token never selects a P-256 key.
    let es_kid = sign_ed(r#"{"alg":"Ed25519","kid":"ec"}"#, &claims(""));
    let all = Algorithm::ASYMMETRIC.to_vec();
    assert_eq!(
        verify_in(all, &support::keys(), &es_kid),
        Err(Error::KeyAlgMismatch)
    );
}

#[test]
fn only_rsa_and_ecdsa_signatures_may_be_checked_by_a_host() {
    use Algorithm::*;
    let delegated: Vec<Algorithm> = Algorithm::ALL
        .into_iter()
        .filter(|alg| alg.host_may_verify())
        .collect();
    assert_eq!(
        delegated,
        [
            RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512
        ]
    );
}

#[test]
fn a_host_verdict_on_an_ed25519_signature_is_not_consulted() {
    let verifier = Verifier::new(options(Algorithm::ASYMMETRIC.to_vec())).expect("valid");
    let keys = keys();
    let good = sign_ed(r#"{"alg":"Ed25519","kid":"ed"}"#, &claims(""));
    let (input, _) = good.rsplit_once('.').expect("three segments");
    let tampered = format!("{input}.{}", encode(&[7; 64]));
    for (token, valid) in [(&good, true), (&tampered, false)] {
        for host_says in [true, false] {
            let check = verifier.prepare(token, &keys).expect("prepared");
            assert!(!check.host_may_verify());
            assert_eq!(
                check.host_verified(host_says).is_ok(),
                valid,
                "host said {host_says}"
            );
        }
    }
    // ES256 is the host's to check.
    let es = sign_es256(r#"{"alg":"ES256","kid":"ec"}"#, &claims(""));
    assert!(
        verifier
            .prepare(&es, &keys)
            .expect("prepared")
            .host_may_verify()
    );
}
