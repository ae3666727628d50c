//! Published JWS examples: RFC 7515 appendix A, RFC 7520 §4, RFC 8037 A.4.
//!
//! Each key goes through a `KeySet` (symmetric keys opted in), each token is
//! split on '.', and its signature is verified over the ASCII signing
//! input; a one-bit change to the signature or the input must then fail.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use tokenward_core::key_set::KeySetOptions;
use tokenward_core::{Algorithm, Error, KeySet};

const FILES: [(&str, &str); 3] = [
    ("rfc7515.json", include_str!("vectors/rfc7515.json")),
    ("rfc7520.json", include_str!("vectors/rfc7520.json")),
    ("rfc8037.json", include_str!("vectors/rfc8037.json")),
];

fn opted_in() -> KeySetOptions {
    KeySetOptions {
        allow_symmetric: true,
        ..KeySetOptions::default()
    }
}

fn key_set(jwk: &Value) -> KeySet {
    let document = json!({ "keys": [jwk] }).to_string();
    KeySet::from_json_with(document.as_bytes(), &opted_in()).expect("a valid key set document")
}

fn check_case(case: &Value) {
    let name = case["name"].as_str().expect("name");
    let alg_name = case["alg"].as_str().expect("alg");
    let token = case["token"].as_str().expect("token");
    let set = key_set(&case["jwk"]);

    let (signing_input, signature) = token.rsplit_once('.').expect("three segments");
    assert_eq!(token.split('.').count(), 3, "{name}");
    let signature = URL_SAFE_NO_PAD
        .decode(signature)
        .expect("base64url signature");

    let alg = Algorithm::from_name(alg_name).expect("supported alg");
    let kid = case["jwk"]["kid"].as_str();
    let key = set.select(alg, kid).expect("key selected");
    key.verify(alg, signing_input.as_bytes(), &signature)
        .unwrap_or_else(|error| panic!("{name}: {error}"));

    // One flipped bit anywhere must fail, in the signature or the input.
    let mut flipped = signature.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 1;
    assert_eq!(
        key.verify(alg, signing_input.as_bytes(), &flipped),
        Err(Error::BadSignature),
        "{name}: flipped signature bit"
    );
    flipped = signature.clone();
    flipped[0] ^= 0x80;
    assert_eq!(
        key.verify(alg, signing_input.as_bytes(), &flipped),
        Err(Error::BadSignature),
        "{name}: flipped first signature bit"
    );
    let mut input = signing_input.as_bytes().to_vec();
    input[5] ^= 1;
    assert_eq!(
        key.verify(alg, &input, &signature),
        Err(Error::BadSignature),
        "{name}: flipped input bit"
    );
}

#[test]
fn published_examples_verify() {
    let mut verified = 0;
    for (file, text) in FILES {
        let document: Value = serde_json::from_str(text).expect("vector file is JSON");
        for case in document["cases"].as_array().expect("cases") {
            check_case(case);
            println!("{file}: {}: verified", case["name"].as_str().unwrap_or("?"));
            verified += 1;
        }
    }
    // 7515 A.1-A.4, 7520 4.1-4.4, 8037 A.4: every published example,
    // ES512 (A.4, 4.3) included.
    assert_eq!(verified, 9);
}

#[test]
fn hmac_examples_need_the_opt_in() {
    let document: Value = serde_json::from_str(FILES[0].1).expect("JSON");
    let jwk = &document["cases"][0]["jwk"];
    // Without the opt-in the secret is a leak: the whole set is refused.
    let refused = KeySet::from_json(json!({ "keys": [jwk] }).to_string().as_bytes()).err();
    assert!(
        matches!(refused, Some(Error::JwksPrivateKey { member: "k", .. })),
        "{refused:?}"
    );
}
