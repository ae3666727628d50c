//! Parsing a key set: limits, skipped entries, fingerprints.

use super::{KeySet, KeySetOptions};
use crate::error::Error;
use crate::jwk::PublicKey;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

const RFC7515: &str = include_str!("../../tests/vectors/rfc7515.json");

fn rfc_keys() -> Vec<Value> {
    let document: Value = serde_json::from_str(RFC7515).expect("JSON");
    document["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|case| case["jwk"].clone())
        .collect()
}

fn ec_key() -> Value {
    rfc_keys()[2].clone()
}

fn rsa_key() -> Value {
    rfc_keys()[1].clone()
}

fn parse(keys: Value) -> Result<KeySet, Error> {
    KeySet::from_json(json!({ "keys": keys }).to_string().as_bytes())
}

#[test]
fn document_must_be_an_object_with_a_keys_array() {
    for document in [
        "[]",
        "{}",
        r#"{"keys":{}}"#,
        "null",
        "not json",
        r#"{"keys":[]"#,
    ] {
        assert!(
            matches!(
                KeySet::from_json(document.as_bytes()),
                Err(Error::JwksInvalid(_))
            ),
            "{document}"
        );
    }
    let empty = KeySet::from_json(br#"{"keys":[]}"#).expect("empty set");
    assert!(empty.is_empty());
}

#[test]
fn size_and_count_limits() {
    let options = KeySetOptions {
        max_document_bytes: 16,
        ..KeySetOptions::default()
    };
    assert_eq!(
        KeySet::from_json_with(br#"{"keys":[],"x":"........"}"#, &options).err(),
        Some(Error::TooLarge { limit: 16 })
    );
    let options = KeySetOptions {
        max_keys: 2,
        ..KeySetOptions::default()
    };
    let three = json!({ "keys": [ec_key(), ec_key(), ec_key()] }).to_string();
    assert!(matches!(
        KeySet::from_json_with(three.as_bytes(), &options),
        Err(Error::JwksInvalid(_))
    ));
    let defaults = KeySetOptions::default();
    assert_eq!(defaults.max_document_bytes, 256 * 1024);
    assert_eq!(defaults.max_keys, 100);
    assert!(!defaults.allow_symmetric);
}

fn with(mut key: Value, member: &str, value: Value) -> Value {
    key[member] = value;
    key
}

#[test]
fn unusable_keys_are_skipped_not_fatal() {
    let x = ec_key()["x"].as_str().expect("x").to_string();
    let y = ec_key()["y"].as_str().expect("y").to_string();
    let skipped = [
        with(ec_key(), "x", json!(format!("{x}="))), // padding
        with(ec_key(), "y", json!(y.replace('_', "/"))), // standard alphabet
        with(ec_key(), "x", json!(&x[..42])),        // short coordinate
        with(
            ec_key(),
            "x",
            json!("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
        ), // off curve
        with(ec_key(), "x", json!(42)),              // wrong type
        with(ec_key(), "crv", json!("secp256k1")),
        json!({"kty": "OKP", "crv": "X25519", "x": "hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo"}),
        json!({"kty": "OKP", "crv": "Ed25519", "x": "AAAA"}),
        json!({"kty": "RSA", "n": "AQAB"}), // no e
        json!({"kty": "unknown"}),
        json!({"n": "AQAB", "e": "AQAB"}), // no kty
        json!("not an object"),
    ];
    let count = skipped.len();
    let mut keys = skipped.to_vec();
    keys.push(ec_key());
    keys.push(with(rsa_key(), "use", json!("enc")));
    let set = parse(Value::Array(keys)).expect("set parses");
    assert_eq!(set.skipped(), count);
    assert_eq!(set.len(), 2);
    assert!(matches!(
        set.iter().next().map(|k| &k.key),
        Some(PublicKey::P256(_))
    ));
}

#[test]
fn rsa_leading_zero_octet_is_tolerated() {
    let n = rsa_key()["n"].as_str().expect("n").to_string();
    let plain = parse(json!([rsa_key()])).expect("set");
    // n re-encoded with one leading zero octet.
    let bytes = URL_SAFE_NO_PAD.decode(&n).expect("n");
    let mut padded = alloc::vec![0u8];
    padded.extend(bytes);
    let padded = URL_SAFE_NO_PAD.encode(&padded);
    let zero = parse(json!([with(rsa_key(), "n", json!(padded))])).expect("set");
    assert_eq!(zero.len(), 1);
    assert_eq!(plain.fingerprint(), zero.fingerprint());
}

#[test]
fn fingerprint_ignores_order_and_formatting() {
    let a = parse(json!([ec_key(), rsa_key()])).expect("set");
    let b = parse(json!([rsa_key(), ec_key()])).expect("set");
    assert_eq!(a.fingerprint(), b.fingerprint());
    let pretty: String = serde_json::to_string_pretty(&json!({ "keys": [rsa_key(), ec_key()] }))
        .expect("serialises");
    let c = KeySet::from_json(pretty.as_bytes()).expect("set");
    assert_eq!(a.fingerprint(), c.fingerprint());
    // A skipped key does not change the fingerprint.
    let d = parse(json!([ec_key(), rsa_key(), {"kty": "unknown"}])).expect("set");
    assert_eq!(a.fingerprint(), d.fingerprint());
}

#[test]
fn fingerprint_changes_with_keys_and_metadata() {
    let base = parse(json!([ec_key(), rsa_key()]))
        .expect("set")
        .fingerprint();
    let fewer = parse(json!([ec_key()])).expect("set").fingerprint();
    let kid = parse(json!([with(ec_key(), "kid", json!("k")), rsa_key()])).expect("set");
    let alg = parse(json!([with(ec_key(), "alg", json!("ES256")), rsa_key()])).expect("set");
    assert_ne!(base, fewer);
    assert_ne!(base, kid.fingerprint());
    assert_ne!(base, alg.fingerprint());
    assert_ne!(kid.fingerprint(), alg.fingerprint());
    assert_ne!(KeySet::default().fingerprint(), fewer);
}

#[test]
fn from_keys_matches_from_json() {
    let parsed = parse(json!([ec_key(), rsa_key()])).expect("set");
    let rebuilt = KeySet::from_keys(parsed.iter().cloned().collect());
    assert_eq!(parsed.fingerprint(), rebuilt.fingerprint());
    assert_eq!(rebuilt.len(), 2);
}

#[test]
fn a_private_member_refuses_the_whole_set() {
    for member in ["d", "p", "q", "dp", "dq", "qi", "oth"] {
        let leaked = with(
            with(rsa_key(), "kid", json!("2026-01")),
            member,
            json!("AQAB"),
        );
        let refused = parse(json!([ec_key(), leaked])).err();
        assert_eq!(
            refused,
            Some(Error::JwksPrivateKey {
                index: 1,
                kid: Some("2026-01".into()),
                member,
            }),
            "{member}"
        );
        let message = refused.map(|e| e.to_string()).unwrap_or_default();
        assert!(
            message.starts_with("jwks_invalid: ")
                && message.contains("key 1 (kid \"2026-01\")")
                && message.contains("private key material"),
            "{message}"
        );
    }
}

#[test]
fn a_private_key_of_a_type_we_would_skip_still_refuses_the_set() {
    // An EC key on a curve we do not support is skipped; with `d` it is a
    // leak all the same.
    let secp256k1 = json!({"kty": "EC", "crv": "secp256k1", "x": "AA", "y": "AA", "d": "AA"});
    assert_eq!(
        parse(json!([secp256k1, ec_key()])).err(),
        Some(Error::JwksPrivateKey {
            index: 0,
            kid: None,
            member: "d"
        })
    );
    // Same for an EC / OKP key whose public part is fine.
    assert!(parse(json!([with(ec_key(), "d", json!("AA"))])).is_err());
}

#[test]
fn a_secret_refuses_the_set_unless_symmetric_keys_are_allowed() {
    let oct = json!({"kty": "oct", "kid": "h", "k": "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0"});
    let document = json!({ "keys": [ec_key(), oct] }).to_string();
    assert_eq!(
        KeySet::from_json(document.as_bytes()).err(),
        Some(Error::JwksPrivateKey {
            index: 1,
            kid: Some("h".into()),
            member: "k"
        })
    );
    let opted = KeySetOptions {
        allow_symmetric: true,
        ..KeySetOptions::default()
    };
    let set = KeySet::from_json_with(document.as_bytes(), &opted).expect("opted in");
    assert_eq!(set.len(), 2);
    // Opting in to secrets does not make an RSA private key acceptable.
    let rsa = json!({ "keys": [with(rsa_key(), "d", json!("AQAB"))] }).to_string();
    assert!(KeySet::from_json_with(rsa.as_bytes(), &opted).is_err());
}
