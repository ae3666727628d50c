//! `make demo` (until the browser demo exists): sign a sample access token
//! with a fixed Ed25519 key, verify it, print what was verified, show a few
//! tokens being refused with their stable codes, and lint the sample.

use ed25519_dalek::{Signer, SigningKey};
use std::time::{SystemTime, UNIX_EPOCH};
use tokenward_core::base64url::encode;
use tokenward_core::oidc::IdTokenBinding;
use tokenward_core::verifier::{Profile, ValidationOptions, Verifier};
use tokenward_core::{KeySet, lint};

const ISSUER: &str = "https://login.example.com";
const AUDIENCE: &str = "https://api.example.com";

fn main() {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs() as i64)
        .unwrap_or_default();
    let signing_key = SigningKey::from_bytes(&[7; 32]);
    let jwks = format!(
        r#"{{"keys":[{{"kty":"OKP","crv":"Ed25519","kid":"demo-1","use":"sig","alg":"EdDSA","x":"{}"}}]}}"#,
        encode(signing_key.verifying_key().as_bytes())
    );
    let keys = KeySet::from_json(jwks.as_bytes()).expect("the demo key set parses");
    let verifier = Verifier::new(ValidationOptions {
        issuer: Some(ISSUER.into()),
        audiences: Some(vec![AUDIENCE.into()]),
        clock_tolerance: 30,
        profile: Profile::AccessToken,
        ..ValidationOptions::default()
    })
    .expect("the demo options are valid");

    let claims = format!(
        r#"{{"iss":"{ISSUER}","sub":"alice","aud":"{AUDIENCE}","client_id":"spa","iat":{now},"exp":{},"jti":"demo-{now}","scope":"orders:read","email":"alice@example.com"}}"#,
        now + 300
    );
    let token = sign(
        &signing_key,
        r#"{"alg":"EdDSA","typ":"at+jwt","kid":"demo-1"}"#,
        &claims,
    );
    println!("token ({} bytes):\n  {token}\n", token.len());

    let binding = IdTokenBinding::default();
    match verifier.verify(&token, &keys, now, &binding) {
        Ok(verified) => {
            println!(
                "verified: alg {}, kind {}",
                verified.header.alg,
                verified.kind.as_str()
            );
            for (name, value) in &verified.claims {
                println!("  {name:<10} {value}");
            }
        }
        Err(error) => println!("refused: {error}"),
    }

    println!("\nrefused, with their stable codes:");
    let (head, rest) = token.split_once('.').unwrap_or_default();
    let refusals = [
        (
            "expired (checked 10 minutes later)",
            token.clone(),
            now + 600,
        ),
        ("payload swapped", format!("{head}.{}", tamper(rest)), now),
        ("alg none", unsigned(r#"{"alg":"none"}"#, &claims), now),
        ("not a JWS", String::from("not.a.token.at.all"), now),
    ];
    for (what, bad_token, at) in refusals {
        let code = match verifier.verify(&bad_token, &keys, at, &binding) {
            Ok(_) => "accepted (!)",
            Err(error) => error.code(),
        };
        println!("  {what:<36} -> {code}");
    }

    println!("\nlint report for the sample token:");
    for finding in lint::lint(&token).findings {
        println!("  {finding}");
    }
}

fn sign(key: &SigningKey, header: &str, claims: &str) -> String {
    let signing_input = format!(
        "{}.{}",
        encode(header.as_bytes()),
        encode(claims.as_bytes())
    );
    let signature = key.sign(signing_input.as_bytes());
    format!("{signing_input}.{}", encode(&signature.to_bytes()))
}

fn unsigned(header: &str, claims: &str) -> String {
    format!(
        "{}.{}.",
        encode(header.as_bytes()),
        encode(claims.as_bytes())
    )
}

/// Replaces the payload with one granting more, keeping the signature.
fn tamper(payload_and_signature: &str) -> String {
    let (_, signature) = payload_and_signature.split_once('.').unwrap_or_default();
    let forged = r#"{"sub":"admin","exp":9999999999}"#;
    format!("{}.{signature}", encode(forged.as_bytes()))
}
