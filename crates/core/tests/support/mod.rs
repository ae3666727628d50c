//! Test-only token minting: fixed keys, deterministic signatures.
#![allow(dead_code)]

use ed25519_dalek::Signer as _;
use tokenward_core::KeySet;
use tokenward_core::base64url::encode;

pub const ISSUER: &str = "https://issuer.example";
pub const AUDIENCE: &str = "api";
pub const NOW: i64 = 1_767_225_600;

pub fn ed25519_key() -> ed25519_dalek::SigningKey {
    ed25519_dalek::SigningKey::from_bytes(&[42; 32])
}

pub fn p256_key() -> p256::ecdsa::SigningKey {
    p256::ecdsa::SigningKey::from_slice(&[7; 32]).expect("valid scalar")
}

/// A JWK Set with the Ed25519 key as `ed` and the P-256 key as `ec`.
pub fn jwks_json() -> String {
    let ed = encode(ed25519_key().verifying_key().as_bytes());
    let point = p256_key().verifying_key().to_sec1_point(false);
    let (x, y) = (encode(point.x().expect("x")), encode(point.y().expect("y")));
    format!(
        r#"{{"keys":[{{"kty":"OKP","crv":"Ed25519","kid":"ed","x":"{ed}"}},{{"kty":"EC","crv":"P-256","kid":"ec","x":"{x}","y":"{y}"}}]}}"#
    )
}

pub fn keys() -> KeySet {
    KeySet::from_json(jwks_json().as_bytes()).expect("test JWKS parses")
}

/// Signs raw header and payload JSON text (so tests can send any bytes).
pub fn sign_ed(header: &str, payload: &str) -> String {
    let input = signing_input(header, payload);
    let signature = ed25519_key().sign(input.as_bytes());
    format!("{input}.{}", encode(&signature.to_bytes()))
}

pub fn sign_es256(header: &str, payload: &str) -> String {
    let input = signing_input(header, payload);
    let signature: p256::ecdsa::Signature =
        p256::ecdsa::signature::Signer::sign(&p256_key(), input.as_bytes());
    format!("{input}.{}", encode(&signature.to_bytes()))
}

pub fn signing_input(header: &str, payload: &str) -> String {
    format!(
        "{}.{}",
        encode(header.as_bytes()),
        encode(payload.as_bytes())
    )
}

/// Claims valid at `NOW` for `ISSUER` / `AUDIENCE`, plus `extra` members.
pub fn claims(extra: &str) -> String {
    let separator = if extra.is_empty() { "" } else { "," };
    format!(
        r#"{{"iss":"{ISSUER}","aud":"{AUDIENCE}","sub":"alice","iat":{},"exp":{}{separator}{extra}}}"#,
        NOW - 10,
        NOW + 300
    )
}
