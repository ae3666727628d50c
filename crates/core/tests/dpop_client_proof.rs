//! The client's proof builder (`proof_signing_input`) against the core's
//! own proof checker: what a browser signs is what a server accepts, and
//! every part that could not be checked is refused before signing.

mod dpop_support;
mod support;

use dpop_support::{client_jkt, client_key, public_jwk};
use serde_json::{Value, json};
use tokenward_core::dpop::{
    ClientProofError, DpopOptions, DpopRequest, DpopRules, ProofFor, access_token_hash,
    proof_signing_input,
};
use tokenward_core::json::JsonObject;

const NOW: i64 = support::NOW;
const TOKEN: &str = "an-access-token";

fn object(value: Value) -> JsonObject {
    value.as_object().cloned().unwrap_or_default()
}

fn resource_request<'a>(url: &'a str, nonce: Option<&'a str>) -> ProofFor<'a> {
    ProofFor {
        method: "GET",
        url,
        access_token: Some(TOKEN),
        nonce,
        jti: "jti-1",
        iat: NOW,
    }
}

/// The built proof, signed here as WebCrypto would (raw r || s).
fn signed(request: &ProofFor<'_>) -> String {
    let key = client_key();
    let unsigned = proof_signing_input(request, &object(public_jwk(&key))).expect("buildable");
    let signature: p256::ecdsa::Signature =
        p256::ecdsa::signature::Signer::sign(&key, unsigned.signing_input.as_bytes());
    let encoded = tokenward_core::base64url::encode(&signature.to_bytes());
    format!("{}.{encoded}", unsigned.signing_input)
}

#[test]
fn dpop_built_proof_passes_the_checker() {
    let proof = signed(&resource_request(
        "HTTPS://API.example.com:443/orders?id=7#top",
        None,
    ));
    let proofs = [proof.as_str()];
    let request = DpopRequest {
        method: "GET",
        url: "https://api.example.com/orders",
        proofs: &proofs,
        access_token: Some(TOKEN),
        nonce: None,
    };
    let rules = DpopRules::new(DpopOptions::default()).expect("valid options");
    let checked = rules.check_proof(&request, NOW).expect("accepted");
    assert_eq!(
        checked.map(|c| c.thumbprint().to_owned()),
        Some(client_jkt())
    );
}

#[test]
fn dpop_built_proof_claims_and_header() {
    let key = client_key();
    let unsigned = proof_signing_input(
        &resource_request("https://api.example.com/orders?secret=1", Some("n-1")),
        &object(public_jwk(&key)),
    )
    .expect("buildable");
    let claims: Value = serde_json::from_str(&unsigned.claims).expect("JSON");
    let header: Value = serde_json::from_str(&unsigned.header).expect("JSON");
    assert_eq!(
        claims,
        json!({
            "htm": "GET",
            "htu": "https://api.example.com/orders",
            "iat": NOW,
            "jti": "jti-1",
            "ath": access_token_hash(TOKEN),
            "nonce": "n-1",
        })
    );
    assert_eq!(
        header,
        json!({"typ": "dpop+jwt", "alg": "ES256", "jwk": public_jwk(&key)})
    );
    assert_eq!(unsigned.thumbprint, client_jkt());
}

#[test]
fn dpop_token_request_proof_has_no_ath() {
    let request = ProofFor {
        method: "POST",
        access_token: None,
        ..resource_request("https://op.example.com/token", None)
    };
    let unsigned =
        proof_signing_input(&request, &object(public_jwk(&client_key()))).expect("buildable");
    let claims: JsonObject = serde_json::from_str(&unsigned.claims).expect("JSON");
    assert!(!claims.contains_key("ath"));
    assert!(!claims.contains_key("nonce"));
}

#[test]
fn dpop_builder_refuses_what_a_checker_would() {
    let jwk = object(public_jwk(&client_key()));
    let build = |request: ProofFor<'_>| proof_signing_input(&request, &jwk).err();
    let base = resource_request("https://api.example.com/", None);
    assert_eq!(
        build(ProofFor { method: "", ..base }),
        Some(ClientProofError::Method)
    );
    assert_eq!(
        build(ProofFor {
            method: "G T",
            ..base
        }),
        Some(ClientProofError::Method)
    );
    for url in ["/relative", "ftp://x/", "https://user@host/", ""] {
        assert_eq!(build(ProofFor { url, ..base }), Some(ClientProofError::Url));
    }
    let long = "j".repeat(257);
    assert_eq!(
        build(ProofFor { jti: "", ..base }),
        Some(ClientProofError::Jti)
    );
    assert_eq!(
        build(ProofFor { jti: &long, ..base }),
        Some(ClientProofError::Jti)
    );
    assert_eq!(
        build(ProofFor {
            nonce: Some(""),
            ..base
        }),
        Some(ClientProofError::Value)
    );
    assert_eq!(
        build(ProofFor {
            access_token: Some("a b"),
            ..base
        }),
        Some(ClientProofError::Value)
    );
}

#[test]
fn dpop_builder_refuses_private_or_unknown_keys() {
    let mut private = object(public_jwk(&client_key()));
    private.insert("d".into(), "c2VjcmV0".into());
    let request = resource_request("https://api.example.com/", None);
    assert_eq!(
        proof_signing_input(&request, &private).err(),
        Some(ClientProofError::Key)
    );
    for jwk in [
        json!({"kty": "RSA", "n": "AQAB", "e": "AQAB"}),
        json!({"kty": "EC", "crv": "P-521", "x": "AA", "y": "AA"}),
        json!({"kty": "EC", "crv": "P-256", "x": "AA"}),
    ] {
        assert_eq!(
            proof_signing_input(&request, &object(jwk)).err(),
            Some(ClientProofError::Key)
        );
    }
    // Only the public members go into the header.
    let mut extra = object(public_jwk(&client_key()));
    extra.insert("kid".into(), "k1".into());
    extra.insert("key_ops".into(), json!(["verify"]));
    let unsigned = proof_signing_input(&request, &extra).expect("buildable");
    let header: Value = serde_json::from_str(&unsigned.header).expect("JSON");
    assert_eq!(header["jwk"].as_object().map(|jwk| jwk.len()), Some(4));
}
