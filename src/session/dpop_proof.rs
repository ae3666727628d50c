//! `dpopProofInput`: the core's client-side proof builder for the browser
//! session, in every build (the browser, spa and slim builds leave out the
//! server's proof checker, not this). JSON in, JSON out; the signature is
//! WebCrypto's, in `src/js/session-dpop.js`.

use crate::output::set_error;
use crate::verifier::INVALID_OPTIONS;
use serde::{Deserialize, Serialize};
use tokenward_core::dpop::{ProofFor, proof_signing_input};
use tokenward_core::json::JsonObject;
use wasm_bindgen::prelude::*;

/// The JS request: `{ method, url, accessToken?, nonce?, jti, iat, jwk }`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct JsProofFor {
    method: String,
    url: String,
    access_token: Option<String>,
    nonce: Option<String>,
    jti: String,
    /// Unix seconds.
    iat: i64,
    /// The public JWK (WebCrypto's `exportKey('jwk', publicKey)`).
    jwk: JsonObject,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsUnsignedProof {
    header: JsonObject,
    claims: JsonObject,
    signing_input: String,
    thumbprint: String,
}

/// A proof ready to sign, as JSON (`header`, `claims`, `signingInput`,
/// `thumbprint`), or an empty string with the last error set
/// (`invalid_options`, naming what cannot go into a proof).
#[wasm_bindgen(js_name = dpopProofInput)]
pub fn dpop_proof_input(request: &str) -> String {
    let js = match serde_json::from_str::<JsProofFor>(request) {
        Ok(js) => js,
        Err(error) => {
            set_error(INVALID_OPTIONS, format!("DPoP proof: {error}"));
            return String::new();
        }
    };
    let request = ProofFor {
        method: &js.method,
        url: &js.url,
        access_token: js.access_token.as_deref(),
        nonce: js.nonce.as_deref(),
        jti: &js.jti,
        iat: js.iat,
    };
    match proof_signing_input(&request, &js.jwk) {
        Ok(unsigned) => serde_json::to_string(&JsUnsignedProof {
            header: unsigned.header,
            claims: unsigned.claims,
            signing_input: unsigned.signing_input,
            thumbprint: unsigned.thumbprint,
        })
        .unwrap_or_default(),
        Err(error) => {
            set_error(INVALID_OPTIONS, format!("DPoP proof: {error}"));
            String::new()
        }
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
