//! JWK thumbprints (RFC 7638): what `cnf.jkt` holds (RFC 9449 §6.1).
//!
//! The hash input is a JSON object of the key type's required members only
//! (RFC 7638 §3.2: `crv`, `kty`, `x`, `y` for EC; `e`, `kty`, `n` for RSA;
//! `crv`, `kty`, `x` for OKP; `k`, `kty` for oct), in lexicographic order,
//! without whitespace, each value the string as the JWK has it.

use crate::base64url;
use crate::json::JsonObject;
use alloc::string::String;
use sha2::{Digest, Sha256};

/// The required members of each key type, in lexicographic order.
fn required_members(kty: &str) -> Option<&'static [&'static str]> {
    Some(match kty {
        "EC" => &["crv", "kty", "x", "y"],
        "RSA" => &["e", "kty", "n"],
        "OKP" => &["crv", "kty", "x"],
        "oct" => &["k", "kty"],
        _ => return None,
    })
}

/// The RFC 7638 input: `{"crv":"P-256","kty":"EC","x":"…","y":"…"}`.
/// `None` for an unknown `kty` or a required member that is absent or not
/// a string.
pub fn canonical_json(jwk: &JsonObject) -> Option<String> {
    let kty = jwk.get("kty")?.as_str()?;
    let mut json = String::from("{");
    for (index, name) in required_members(kty)?.iter().enumerate() {
        let value = jwk.get(*name)?.as_str()?;
        if index > 0 {
            json.push(',');
        }
        // serde_json escapes exactly as RFC 8259 asks; the names need none.
        json.push('"');
        json.push_str(name);
        json.push_str("\":");
        json.push_str(&serde_json::to_string(value).ok()?);
    }
    json.push('}');
    Some(json)
}

/// base64url(SHA-256(canonical JSON)): the `jkt` of a key.
pub fn jwk_thumbprint(jwk: &JsonObject) -> Option<String> {
    let json = canonical_json(jwk)?;
    Some(base64url::encode(&Sha256::digest(json.as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::{canonical_json, jwk_thumbprint};
    use crate::json::JsonObject;
    use serde_json::json;

    fn object(value: serde_json::Value) -> JsonObject {
        value.as_object().cloned().unwrap_or_default()
    }

    /// RFC 7638 §3.1: the example RSA key and its thumbprint.
    #[test]
    fn rfc_7638_example() {
        let jwk = object(json!({
            "kty": "RSA",
            "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
            "e": "AQAB",
            "alg": "RS256",
            "kid": "2011-04-29"
        }));
        assert_eq!(
            jwk_thumbprint(&jwk).as_deref(),
            Some("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
        );
    }

    /// RFC 9449 §6.1: the jkt of the key of its example proofs.
    #[test]
    fn rfc_9449_example_key() {
        let jwk = object(json!({
            "kty": "EC",
            "x": "l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs",
            "y": "9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA",
            "crv": "P-256"
        }));
        assert_eq!(
            jwk_thumbprint(&jwk).as_deref(),
            Some("0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I")
        );
    }

    #[test]
    fn only_required_members_in_order_without_whitespace() {
        let jwk = object(json!({"x": "AA", "kty": "OKP", "use": "sig", "crv": "Ed25519"}));
        assert_eq!(
            canonical_json(&jwk).as_deref(),
            Some(r#"{"crv":"Ed25519","kty":"OKP","x":"AA"}"#)
        );
    }

    #[test]
    fn unknown_types_and_missing_members_have_none() {
        assert_eq!(canonical_json(&object(json!({"kty": "XYZ"}))), None);
        assert_eq!(
            canonical_json(&object(json!({"kty": "EC", "crv": "P-256", "x": "AA"}))),
            None
        );
        assert_eq!(
            canonical_json(&object(json!({"kty": "OKP", "crv": "Ed25519", "x": 1}))),
            None
        );
    }
}
