//! `dpopProofInput`: the core's client-side proof builder for the browser
//! session, in every build (the browser, spa and slim builds leave out the
//! server's proof checker, not this). JSON in, JSON out; the signature is
//! WebCrypto's, in `src/js/session-dpop.js`.

use crate::output::set_error;
use crate::verifier::INVALID_OPTIONS;
use serde_json::Value;
use tokenward_core::dpop::{ProofFor, proof_signing_input};
use tokenward_core::json::JsonObject;
use wasm_bindgen::prelude::*;

/// The members of the request: `{ method, url, accessToken?, nonce?, jti, iat, jwk }`.
const MEMBERS: &[&str] = &["method", "url", "accessToken", "nonce", "jti", "iat", "jwk"];
/// The members of `jwk`: a public key's (a private one is refused).
const JWK_MEMBERS: &[&str] = &["kty", "crv", "x", "y"];

fn refuse(message: String) -> String {
    set_error(INVALID_OPTIONS, format!("DPoP proof: {message}"));
    String::new()
}

/// `object` when it has only `known` members, or the first unknown one.
fn only<'o>(object: &'o JsonObject, known: &[&str]) -> Result<&'o JsonObject, String> {
    match object.keys().find(|name| !known.contains(&name.as_str())) {
        Some(name) => Err(format!("unknown member {name:?}")),
        None => Ok(object),
    }
}

/// A string member; `None` when absent.
fn text<'o>(object: &'o JsonObject, name: &str) -> Result<Option<&'o str>, String> {
    match object.get(name) {
        None => Ok(None),
        Some(Value::String(value)) => Ok(Some(value)),
        Some(_) => Err(format!("{name} must be a string")),
    }
}

/// A proof ready to sign, as JSON (`header`, `claims`, `signingInput`,
/// `thumbprint`), or an empty string with the last error set
/// (`invalid_options`, naming what cannot go into a proof). Parsed through
/// `serde_json::Value`, which the binding has anyway (a derived parser
/// would add its own code to every browser build).
#[wasm_bindgen(js_name = dpopProofInput)]
pub fn dpop_proof_input(request: &str) -> String {
    let value = match serde_json::from_str::<Value>(request) {
        Ok(value) => value,
        Err(error) => return refuse(error.to_string()),
    };
    let parts = value
        .as_object()
        .ok_or_else(|| String::from("the request must be an object"))
        .and_then(|object| only(object, MEMBERS))
        .and_then(|object| {
            let jwk = object
                .get("jwk")
                .and_then(Value::as_object)
                .ok_or_else(|| String::from("jwk must be an object"))
                .and_then(|jwk| only(jwk, JWK_MEMBERS))?;
            let required =
                |name: &str| text(object, name)?.ok_or_else(|| format!("{name} is required"));
            let iat = object
                .get("iat")
                .and_then(Value::as_i64)
                .ok_or_else(|| String::from("iat must be a whole number of seconds"))?;
            let request = ProofFor {
                method: required("method")?,
                url: required("url")?,
                access_token: text(object, "accessToken")?,
                nonce: text(object, "nonce")?,
                jti: required("jti")?,
                iat,
            };
            proof_signing_input(&request, jwk).map_err(|error| error.to_string())
        });
    match parts {
        // Header and claims are JSON text already (the core writes them);
        // the signing input and the thumbprint are base64url.
        Ok(unsigned) => format!(
            r#"{{"header":{},"claims":{},"signingInput":"{}","thumbprint":"{}"}}"#,
            unsigned.header, unsigned.claims, unsigned.signing_input, unsigned.thumbprint
        ),
        Err(message) => refuse(message),
    }
}

#[cfg(test)]
mod tests {
    use super::dpop_proof_input;

    const JWK: &str = r#"{"kty":"EC","crv":"P-256","x":"l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs","y":"9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA"}"#;

    #[test]
    fn dpop_proof_input_for_a_token_request() {
        let json = dpop_proof_input(&format!(
            r#"{{"method":"POST","url":"https://server.example.com/token?x=1","jti":"j","iat":1562262616,"jwk":{JWK}}}"#
        ));
        let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(value["claims"]["htu"], "https://server.example.com/token");
        assert_eq!(value["header"]["typ"], "dpop+jwt");
        assert_eq!(
            value["thumbprint"],
            "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"
        );
    }

    #[test]
    fn dpop_proof_input_refuses_unknown_members_and_bad_parts() {
        let bad_url = format!(r#"{{"method":"GET","url":"/x","jti":"j","iat":1,"jwk":{JWK}}}"#);
        assert_eq!(dpop_proof_input(&bad_url), "");
        let unknown = format!(
            r#"{{"method":"GET","url":"https://a/","jti":"j","iat":1,"jwk":{JWK},"htu":"x"}}"#
        );
        assert_eq!(dpop_proof_input(&unknown), "");
    }
}
