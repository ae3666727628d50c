//! Test-only DPoP proofs: a client key, proofs over any header and claims.
#![allow(dead_code)]

use ed25519_dalek::Signer as _;
use serde_json::{Value, json};
use tokenward_core::base64url::encode;
use tokenward_core::dpop::{DpopRequest, access_token_hash};

pub const METHOD: &str = "POST";
pub const URL: &str = "https://api.example.com/orders";

/// The client's P-256 key (not the issuer's).
pub fn client_key() -> p256::ecdsa::SigningKey {
    p256::ecdsa::SigningKey::from_slice(&[11; 32]).expect("valid scalar")
}

/// Another client's P-256 key.
pub fn other_key() -> p256::ecdsa::SigningKey {
    p256::ecdsa::SigningKey::from_slice(&[12; 32]).expect("valid scalar")
}

pub fn client_ed_key() -> ed25519_dalek::SigningKey {
    ed25519_dalek::SigningKey::from_bytes(&[13; 32])
}

/// The public JWK of a P-256 key.
pub fn public_jwk(key: &p256::ecdsa::SigningKey) -> Value {
    let point = key.verifying_key().to_sec1_point(false);
    json!({
        "kty": "EC",
        "crv": "P-256",
        "x": encode(point.x().expect("x")),
        "y": encode(point.y().expect("y")),
    })
}

pub fn public_ed_jwk(key: &ed25519_dalek::SigningKey) -> Value {
    json!({"kty": "OKP", "crv": "Ed25519", "x": encode(key.verifying_key().as_bytes())})
}

/// The RFC 7638 thumbprint of the client key, computed by the core.
pub fn client_jkt() -> String {
    let jwk = public_jwk(&client_key());
    tokenward_core::dpop::jwk_thumbprint(jwk.as_object().expect("object")).expect("thumbprint")
}

pub fn es256_header(jwk: Value) -> Value {
    json!({"typ": "dpop+jwt", "alg": "ES256", "jwk": jwk})
}

/// Claims valid for `METHOD` `URL` at `now`, with `ath` of `token`.
pub fn claims(now: i64, jti: &str, token: &str) -> Value {
    json!({"htm": METHOD, "htu": URL, "iat": now, "jti": jti, "ath": access_token_hash(token)})
}

fn signing_input(header: &Value, claims: &Value) -> String {
    format!(
        "{}.{}",
        encode(header.to_string().as_bytes()),
        encode(claims.to_string().as_bytes())
    )
}

/// A proof over `header` and `claims`, signed ES256 by `key`.
pub fn sign_p256(key: &p256::ecdsa::SigningKey, header: &Value, claims: &Value) -> String {
    let input = signing_input(header, claims);
    let signature: p256::ecdsa::Signature =
        p256::ecdsa::signature::Signer::sign(key, input.as_bytes());
    format!("{input}.{}", encode(&signature.to_bytes()))
}

pub fn sign_ed(key: &ed25519_dalek::SigningKey, header: &Value, claims: &Value) -> String {
    let input = signing_input(header, claims);
    format!("{input}.{}", encode(&key.sign(input.as_bytes()).to_bytes()))
}

/// A valid proof by the client key for `token` at `now`.
pub fn proof(now: i64, jti: &str, token: &str) -> String {
    let key = client_key();
    sign_p256(
        &key,
        &es256_header(public_jwk(&key)),
        &claims(now, jti, token),
    )
}

pub fn request<'a>(proofs: &'a [&'a str], token: &'a str) -> DpopRequest<'a> {
    DpopRequest {
        method: METHOD,
        url: URL,
        proofs,
        access_token: Some(token),
        nonce: None,
    }
}
