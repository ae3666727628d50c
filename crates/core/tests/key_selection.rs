//! Key selection and the signature-format rules,
//! one test per rule.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use p256::ecdsa::signature::Signer;
use serde_json::{Value, json};
use tokenward_core::jwk::PublicKey;
use tokenward_core::key_set::KeySetOptions;
use tokenward_core::{Algorithm, Error, Jwk, KeySet};

const RFC7515: &str = include_str!("vectors/rfc7515.json");

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn set(keys: &[Value]) -> KeySet {
    let document = json!({ "keys": keys }).to_string();
    KeySet::from_json(document.as_bytes()).expect("key set parses")
}

fn set_with_symmetric(keys: &[Value]) -> KeySet {
    let options = KeySetOptions {
        allow_symmetric: true,
        ..KeySetOptions::default()
    };
    let document = json!({ "keys": keys }).to_string();
    KeySet::from_json_with(document.as_bytes(), &options).expect("key set parses")
}

/// The RFC 7515 A.2 RSA key (2048 bits) and its RS256 token.
fn rfc_rsa() -> (Value, String) {
    let document: Value = serde_json::from_str(RFC7515).expect("JSON");
    let case = &document["cases"][1];
    assert_eq!(case["alg"], "RS256");
    (
        case["jwk"].clone(),
        case["token"].as_str().expect("token").to_string(),
    )
}

fn rsa(extra: Value) -> Value {
    let (mut jwk, _) = rfc_rsa();
    merge(&mut jwk, extra);
    jwk
}

fn merge(jwk: &mut Value, extra: Value) {
    if let (Some(target), Value::Object(extra)) = (jwk.as_object_mut(), extra) {
        target.extend(extra);
    }
}

/// A 1024-bit modulus: only its size matters for `weak_key`.
fn weak_rsa(kid: &str) -> Value {
    let (jwk, _) = rfc_rsa();
    let n = URL_SAFE_NO_PAD
        .decode(jwk["n"].as_str().expect("n"))
        .expect("n");
    let mut short = n[..128].to_vec();
    short[127] |= 1;
    json!({ "kty": "RSA", "kid": kid, "n": b64(&short), "e": "AQAB" })
}

/// A deterministic P-256 key (RFC 6979 signing, no RNG).
fn p256_key(seed: u8) -> p256::ecdsa::SigningKey {
    p256::ecdsa::SigningKey::from_slice(&[seed; 32]).expect("valid scalar")
}

fn p256_jwk(key: &p256::ecdsa::SigningKey, extra: Value) -> Value {
    let point = key.verifying_key().to_sec1_point(false);
    let bytes = point.as_bytes();
    let mut jwk = json!({
        "kty": "EC", "crv": "P-256", "x": b64(&bytes[1..33]), "y": b64(&bytes[33..65]),
    });
    merge(&mut jwk, extra);
    jwk
}

fn p384_jwk(kid: &str) -> Value {
    let key = p384::ecdsa::SigningKey::from_slice(&[7; 48]).expect("valid scalar");
    let point = key.verifying_key().to_sec1_point(false);
    let bytes = point.as_bytes();
    json!({
        "kty": "EC", "crv": "P-384", "kid": kid,
        "x": b64(&bytes[1..49]), "y": b64(&bytes[49..97]),
    })
}

fn es256(key: &p256::ecdsa::SigningKey, input: &[u8]) -> Vec<u8> {
    let signature: p256::ecdsa::Signature = key.sign(input);
    signature.to_bytes().to_vec()
}

fn kid_of(key: &Jwk) -> Option<&str> {
    key.kid.as_deref()
}

#[test]
fn kid_selects_the_exact_key() {
    let keys = set(&[
        p256_jwk(&p256_key(1), json!({"kid": "a"})),
        p256_jwk(&p256_key(2), json!({"kid": "b"})),
    ]);
    assert_eq!(
        keys.select(Algorithm::ES256, Some("b")).map(kid_of),
        Ok(Some("b"))
    );
    assert_eq!(
        keys.select(Algorithm::ES256, Some("a")).map(kid_of),
        Ok(Some("a"))
    );
    // Exact, case-sensitive match only.
    assert_eq!(
        keys.select(Algorithm::ES256, Some("A")).err(),
        Some(Error::UnknownKid)
    );
}

#[test]
fn unknown_kid() {
    let keys = set(&[p256_jwk(&p256_key(1), json!({"kid": "a"}))]);
    assert_eq!(
        keys.select(Algorithm::ES256, Some("z")).err(),
        Some(Error::UnknownKid)
    );
}

#[test]
fn key_without_kid_never_matches_a_token_with_kid() {
    let keys = set(&[p256_jwk(&p256_key(1), json!({}))]);
    assert_eq!(
        keys.select(Algorithm::ES256, Some("a")).err(),
        Some(Error::UnknownKid)
    );
    assert!(keys.select(Algorithm::ES256, None).is_ok());
}

#[test]
fn no_kid_with_exactly_one_fitting_key() {
    let keys = set(&[
        rsa(json!({"kid": "r"})),
        p256_jwk(&p256_key(1), json!({"kid": "e"})),
    ]);
    assert_eq!(
        keys.select(Algorithm::ES256, None).map(kid_of),
        Ok(Some("e"))
    );
    assert_eq!(
        keys.select(Algorithm::RS256, None).map(kid_of),
        Ok(Some("r"))
    );
}

#[test]
fn no_kid_with_two_fitting_keys_is_ambiguous() {
    let keys = set(&[
        p256_jwk(&p256_key(1), json!({"kid": "a"})),
        p256_jwk(&p256_key(2), json!({"kid": "b"})),
    ]);
    assert_eq!(
        keys.select(Algorithm::ES256, None).err(),
        Some(Error::AmbiguousKey)
    );
}

#[test]
fn same_kid_twice() {
    // Two usable keys with one kid: ambiguous. Different types: the one that fits.
    let twins = set(&[
        p256_jwk(&p256_key(1), json!({"kid": "k"})),
        p256_jwk(&p256_key(2), json!({"kid": "k"})),
    ]);
    assert_eq!(
        twins.select(Algorithm::ES256, Some("k")).err(),
        Some(Error::AmbiguousKey)
    );
    let mixed = set(&[
        rsa(json!({"kid": "k"})),
        p256_jwk(&p256_key(1), json!({"kid": "k"})),
    ]);
    assert!(matches!(
        mixed.select(Algorithm::ES256, Some("k")).map(|k| &k.key),
        Ok(PublicKey::P256(_))
    ));
    assert!(matches!(
        mixed.select(Algorithm::PS256, Some("k")).map(|k| &k.key),
        Ok(PublicKey::Rsa(_))
    ));
}

#[test]
fn jwk_alg_must_equal_header_alg() {
    let keys = set(&[rsa(json!({"kid": "r", "alg": "RS384"}))]);
    assert_eq!(
        keys.select(Algorithm::RS256, Some("r")).err(),
        Some(Error::KeyAlgMismatch)
    );
    assert_eq!(
        keys.select(Algorithm::RS256, None).err(),
        Some(Error::KeyAlgMismatch)
    );
    assert!(keys.select(Algorithm::RS384, Some("r")).is_ok());
}

#[test]
fn use_enc_is_refused() {
    let keys = set(&[rsa(json!({"kid": "r", "use": "enc"}))]);
    assert_eq!(
        keys.len(),
        1,
        "encryption keys are kept, as non-signing keys"
    );
    assert_eq!(
        keys.select(Algorithm::RS256, Some("r")).err(),
        Some(Error::KeyUseMismatch)
    );
    assert_eq!(
        keys.select(Algorithm::RS256, None).err(),
        Some(Error::KeyUseMismatch)
    );
    let sig = set(&[rsa(json!({"kid": "r", "use": "sig"}))]);
    assert!(sig.select(Algorithm::RS256, Some("r")).is_ok());
}

#[test]
fn key_ops_must_include_verify() {
    let keys = set(&[rsa(json!({"kid": "r", "key_ops": ["sign", "encrypt"]}))]);
    assert_eq!(
        keys.select(Algorithm::RS256, Some("r")).err(),
        Some(Error::KeyUseMismatch)
    );
    let ok = set(&[rsa(json!({"kid": "r", "key_ops": ["sign", "verify"]}))]);
    assert!(ok.select(Algorithm::RS256, Some("r")).is_ok());
}

#[test]
fn weak_rsa_is_kept_and_reports_weak_key() {
    let keys = set(&[weak_rsa("w")]);
    assert_eq!(keys.len(), 1);
    assert_eq!(
        keys.select(Algorithm::RS256, Some("w")).err(),
        Some(Error::WeakKey { bits: 1024 })
    );
    assert_eq!(
        keys.select(Algorithm::RS256, None).err(),
        Some(Error::WeakKey { bits: 1024 })
    );
}

#[test]
fn without_kid_the_most_specific_reason_wins() {
    // weak_key > key_use_mismatch > key_alg_mismatch.
    let keys = set(&[
        rsa(json!({"alg": "RS512"})),
        rsa(json!({"use": "enc"})),
        weak_rsa("w"),
    ]);
    assert_eq!(
        keys.select(Algorithm::RS256, None).err(),
        Some(Error::WeakKey { bits: 1024 })
    );
    let keys = set(&[rsa(json!({"alg": "RS512"})), rsa(json!({"use": "enc"}))]);
    assert_eq!(
        keys.select(Algorithm::RS256, None).err(),
        Some(Error::KeyUseMismatch)
    );
    // No key of the right type at all.
    let keys = set(&[p256_jwk(&p256_key(1), json!({}))]);
    assert_eq!(
        keys.select(Algorithm::RS256, None).err(),
        Some(Error::KeyAlgMismatch)
    );
    // Empty set.
    assert_eq!(
        set(&[]).select(Algorithm::RS256, None).err(),
        Some(Error::UnknownKid)
    );
}

#[test]
fn oct_keys_refuse_the_set_without_opt_in() {
    // Without the opt-in a secret in the set is a leak, not a key to skip.
    let oct = json!({"kty": "oct", "kid": "h", "k": b64(&[7; 32])});
    let document = json!({ "keys": [&oct] }).to_string();
    let refused = KeySet::from_json(document.as_bytes()).err();
    assert_eq!(refused.as_ref().map(Error::code), Some("jwks_invalid"));
    let opted = set_with_symmetric(&[oct]);
    assert!(opted.select(Algorithm::HS256, Some("h")).is_ok());
}

#[test]
fn short_hmac_secret_is_weak() {
    let keys = set_with_symmetric(&[json!({"kty": "oct", "kid": "h", "k": b64(&[7; 32])})]);
    assert!(keys.select(Algorithm::HS256, Some("h")).is_ok());
    assert_eq!(
        keys.select(Algorithm::HS384, Some("h")).err(),
        Some(Error::WeakKey { bits: 256 })
    );
    assert_eq!(
        keys.select(Algorithm::HS512, Some("h")).err(),
        Some(Error::WeakKey { bits: 256 })
    );
}

#[test]
fn rsa_key_bytes_never_verify_hs256() {
    // The classic HS/RS confusion: sign HS256 with the RSA public key as
    // the HMAC secret. No oct key exists, and an RSA key cannot do HS256.
    use hmac::{Hmac, KeyInit, Mac};
    let (jwk, _) = rfc_rsa();
    let secret = jwk.to_string();
    let input = b"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0";
    let mut mac =
        <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).expect("any length");
    mac.update(input);
    let tag = mac.finalize().into_bytes();

    for keys in [set(std::slice::from_ref(&jwk)), set_with_symmetric(&[jwk])] {
        assert_eq!(
            keys.select(Algorithm::HS256, None).err(),
            Some(Error::KeyAlgMismatch)
        );
        let key = keys.iter().next().expect("the RSA key");
        assert_eq!(
            key.verify(Algorithm::HS256, input, &tag),
            Err(Error::KeyAlgMismatch)
        );
    }
}

#[test]
fn ec_key_on_the_wrong_curve() {
    let keys = set(&[
        p384_jwk("p384"),
        p256_jwk(&p256_key(1), json!({"kid": "p256"})),
    ]);
    assert_eq!(
        keys.select(Algorithm::ES256, Some("p384")).err(),
        Some(Error::KeyAlgMismatch)
    );
    assert_eq!(
        keys.select(Algorithm::ES384, Some("p256")).err(),
        Some(Error::KeyAlgMismatch)
    );
    assert!(keys.select(Algorithm::ES384, Some("p384")).is_ok());
}

fn der_integer(bytes: &[u8]) -> Vec<u8> {
    let trimmed: Vec<u8> = bytes.iter().copied().skip_while(|&b| b == 0).collect();
    let mut value = if trimmed.first().is_some_and(|&b| b & 0x80 != 0) {
        vec![0]
    } else {
        vec![]
    };
    value.extend(trimmed);
    let mut out = vec![0x02, value.len() as u8];
    out.extend(value);
    out
}

#[test]
fn der_encoded_ecdsa_signature_is_rejected() {
    let signer = p256_key(3);
    let keys = set(&[p256_jwk(&signer, json!({}))]);
    let key = keys.select(Algorithm::ES256, None).expect("key");
    let input = b"header.payload";
    let raw = es256(&signer, input);
    assert_eq!(key.verify(Algorithm::ES256, input, &raw), Ok(()));
    let mut body = der_integer(&raw[..32]);
    body.extend(der_integer(&raw[32..]));
    let mut der = vec![0x30, body.len() as u8];
    der.extend(body);
    assert_eq!(
        key.verify(Algorithm::ES256, input, &der),
        Err(Error::BadSignature)
    );
}

#[test]
fn ecdsa_zero_or_out_of_range_scalars_are_rejected() {
    let signer = p256_key(3);
    let keys = set(&[p256_jwk(&signer, json!({}))]);
    let key = keys.select(Algorithm::ES256, None).expect("key");
    let input = b"header.payload";
    assert_eq!(
        key.verify(Algorithm::ES256, input, &[0; 64]),
        Err(Error::BadSignature)
    );
    // r = n (the group order) is out of range; s from a real signature.
    let order = hex32("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
    let mut sig = order.clone();
    sig.extend_from_slice(&es256(&signer, input)[32..]);
    assert_eq!(
        key.verify(Algorithm::ES256, input, &sig),
        Err(Error::BadSignature)
    );
    // Wrong lengths.
    let good = es256(&signer, input);
    assert_eq!(
        key.verify(Algorithm::ES256, input, &good[..63]),
        Err(Error::BadSignature)
    );
    let mut long = good.clone();
    long.push(0);
    assert_eq!(
        key.verify(Algorithm::ES256, input, &long),
        Err(Error::BadSignature)
    );
}

fn hex32(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect()
}

#[test]
fn high_s_ecdsa_is_accepted() {
    let signer = p256_key(5);
    let keys = set(&[p256_jwk(&signer, json!({}))]);
    let key = keys.select(Algorithm::ES256, None).expect("key");
    let input = b"header.payload";
    let signature: p256::ecdsa::Signature = signer.sign(input);
    let (r, s) = signature.split_scalars();
    // Exactly one of s and n - s is "high": both must verify.
    let flipped =
        p256::ecdsa::Signature::from_scalars(r.to_bytes(), (-*s).to_bytes()).expect("valid");
    for candidate in [signature, flipped] {
        assert_eq!(
            key.verify(Algorithm::ES256, input, &candidate.to_bytes()),
            Ok(())
        );
    }
}

#[test]
fn rsa_signature_must_have_the_modulus_length() {
    let (jwk, token) = rfc_rsa();
    let keys = set(&[jwk]);
    let key = keys.select(Algorithm::RS256, None).expect("key");
    let (input, signature) = token.rsplit_once('.').expect("token");
    let signature = URL_SAFE_NO_PAD.decode(signature).expect("b64");
    assert_eq!(signature.len(), 256);
    assert_eq!(
        key.verify(Algorithm::RS256, input.as_bytes(), &signature),
        Ok(())
    );
    assert_eq!(
        key.verify(Algorithm::RS256, input.as_bytes(), &signature[1..]),
        Err(Error::BadSignature)
    );
    let mut prefixed = vec![0];
    prefixed.extend_from_slice(&signature);
    assert_eq!(
        key.verify(Algorithm::RS256, input.as_bytes(), &prefixed),
        Err(Error::BadSignature)
    );
    let mut long = signature.clone();
    long.push(0);
    assert_eq!(
        key.verify(Algorithm::RS256, input.as_bytes(), &long),
        Err(Error::BadSignature)
    );
    // The same key cannot be used for PS256 with an RS256 signature.
    assert_eq!(
        key.verify(Algorithm::PS256, input.as_bytes(), &signature),
        Err(Error::BadSignature)
    );
}

#[test]
fn ed25519_wrong_length_is_bad_signature() {
    let signer = ed25519_dalek::SigningKey::from_bytes(&[9; 32]);
    let public = signer.verifying_key();
    let keys = set(&[json!({"kty": "OKP", "crv": "Ed25519", "x": b64(public.as_bytes())})]);
    let key = keys.select(Algorithm::EdDSA, None).expect("key");
    let input = b"header.payload";
    let signature = signer.sign(input).to_bytes();
    assert_eq!(key.verify(Algorithm::EdDSA, input, &signature), Ok(()));
    assert_eq!(
        key.verify(Algorithm::EdDSA, input, &signature[..63]),
        Err(Error::BadSignature)
    );
    assert_eq!(
        key.check_usable_for(Algorithm::ES256),
        Err(Error::KeyAlgMismatch)
    );
}
