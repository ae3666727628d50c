//! A key as a minimal public JWK, for hosts that import keys into their own
//! crypto (WebCrypto `importKey("jwk", ...)` in browsers and workers).
//!
//! Only the key material is written (`kty` and its members), never `kid`,
//! `alg`, `use` or `key_ops`: the core has already applied those rules when
//! it selected the key, and a host that re-checks them could only disagree.
//! Symmetric secrets are never exported: HMAC stays in the core.

use super::{Jwk, PublicKey};
use crate::base64url;
use alloc::format;
use alloc::string::String;

impl Jwk {
    /// Whether [`Jwk::to_public_jwk`] exports this key (without building
    /// the JSON).
    pub fn has_public_jwk(&self) -> bool {
        matches!(
            self.key,
            PublicKey::Rsa(_)
                | PublicKey::P256(_)
                | PublicKey::P384(_)
                | PublicKey::P521(_)
                | PublicKey::Ed25519(_)
        )
    }

    /// The public key material as a JWK JSON object, e.g.
    /// `{"kty":"EC","crv":"P-256","x":"...","y":"..."}`.
    ///
    /// `None` for keys a host must not or cannot verify with: HMAC secrets
    /// and RSA keys under 2048 bits.
    pub fn to_public_jwk(&self) -> Option<String> {
        match &self.key {
            PublicKey::Rsa(key) => Some(format!(
                r#"{{"kty":"RSA","n":"{}","e":"{}"}}"#,
                base64url::encode(key.modulus()),
                base64url::encode(key.exponent()),
            )),
            PublicKey::P256(key) => Some(ec_jwk("P-256", key.coordinates())),
            PublicKey::P384(key) => Some(ec_jwk("P-384", key.coordinates())),
            PublicKey::P521(key) => Some(ec_jwk("P-521", key.coordinates())),
            PublicKey::Ed25519(key) => Some(format!(
                r#"{{"kty":"OKP","crv":"Ed25519","x":"{}"}}"#,
                base64url::encode(key.as_bytes())
            )),
            PublicKey::WeakRsa { .. } | PublicKey::Hmac(_) => None,
        }
    }
}

/// `coordinates` is `X || Y` of an uncompressed point, each half full length.
fn ec_jwk(curve: &str, coordinates: &[u8]) -> String {
    let (x, y) = coordinates.split_at(coordinates.len() / 2);
    format!(
        r#"{{"kty":"EC","crv":"{curve}","x":"{}","y":"{}"}}"#,
        base64url::encode(x),
        base64url::encode(y)
    )
}

#[cfg(test)]
mod tests {
    use super::super::Jwk;
    use serde_json::Value;

    fn parse(json: &str) -> Jwk {
        let value: Value = serde_json::from_str(json).expect("test JWK is JSON");
        Jwk::from_json_value(&value, true).expect("test JWK parses")
    }

    #[test]
    fn ec_and_okp_keys_round_trip_to_the_same_fingerprint() {
        // RFC 7515 A.3 (P-256) and RFC 8037 A.2 (Ed25519) public keys.
        for json in [
            r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#,
            r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#,
        ] {
            let key = parse(json);
            let exported = key.to_public_jwk().expect("exportable");
            assert_eq!(exported, json.replace(' ', ""));
            assert_eq!(parse(&exported).fingerprint(), key.fingerprint());
        }
    }

    #[test]
    fn hmac_secrets_are_never_exported() {
        let key = parse(
            r#"{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}"#,
        );
        assert_eq!(key.to_public_jwk(), None);
    }
}
