//! The benchmark tokens (fixtures/tokens.json, made by fixtures/generate.mjs)
//! and the same checks done with ring for reference.

use ring::signature::{self, RsaPublicKeyComponents, UnparsedPublicKey};
use serde_json::Value;
use tokenward_core::{Algorithm, KeySet, base64url};

const FIXTURE: &str = include_str!("../fixtures/tokens.json");

pub struct Fixture {
    pub keys: KeySet,
    pub cases: Vec<Case>,
    pub now: i64,
    pub issuer: String,
    pub audience: String,
}

pub struct Case {
    pub alg: String,
    pub token: String,
    signing_input: Vec<u8>,
    signature: Vec<u8>,
    reference_key: ReferenceKey,
    /// `{"keys":[<this case's JWK>]}`, for the check that parses its key
    /// on every call, as ring does.
    key_set_json: String,
}

enum ReferenceKey {
    Rsa { n: Vec<u8>, e: Vec<u8> },
    Ecdsa(Vec<u8>),
    Ed25519(Vec<u8>),
}

impl Fixture {
    pub fn load() -> Fixture {
        let document: Value = serde_json::from_str(FIXTURE).expect("fixture is JSON");
        let jwks = document["jwks"].to_string();
        let keys = KeySet::from_json(jwks.as_bytes()).expect("fixture JWKS parses");
        let tokens = document["tokens"].as_object().expect("tokens object");
        let cases = tokens
            .iter()
            .map(|(alg, token)| {
                let token = token.as_str().expect("token string").to_string();
                let jwk = document["jwks"]["keys"]
                    .as_array()
                    .and_then(|keys| keys.iter().find(|key| key["alg"] == alg.as_str()))
                    .expect("a key per algorithm");
                Case::new(alg, token, jwk)
            })
            .collect();
        let first_token = tokens.values().next().and_then(Value::as_str).unwrap_or("");
        let claims = tokenward_core::unverified::decode(first_token, 16 * 1024)
            .expect("fixture token decodes")
            .claims;
        Fixture {
            keys,
            cases,
            now: document["now"].as_i64().expect("now"),
            issuer: claims["iss"].as_str().unwrap_or_default().to_string(),
            audience: claims["aud"].as_str().unwrap_or_default().to_string(),
        }
    }
}

impl Case {
    fn new(alg: &str, token: String, jwk: &Value) -> Case {
        let member = |name: &str| {
            base64url::decode(jwk[name].as_str().expect("JWK member").as_bytes())
                .expect("JWK member is base64url")
        };
        let reference_key = match alg {
            "RS256" => ReferenceKey::Rsa {
                n: member("n"),
                e: member("e"),
            },
            "ES256" => ReferenceKey::Ecdsa([vec![4], member("x"), member("y")].concat()),
            "EdDSA" => ReferenceKey::Ed25519(member("x")),
            other => panic!("no reference for {other}"),
        };
        let (signing_input, signature) = token.rsplit_once('.').expect("three segments");
        let key_set_json = serde_json::json!({ "keys": [jwk] }).to_string();
        Case {
            key_set_json,
            alg: alg.to_string(),
            signing_input: signing_input.as_bytes().to_vec(),
            signature: base64url::decode(signature.as_bytes()).expect("signature decodes"),
            token,
            reference_key,
        }
    }

    /// The signature check alone, with tokenward-core's key (parsed once).
    pub fn verify_signature_with_core(&self, keys: &KeySet) -> Result<(), tokenward_core::Error> {
        let alg = Algorithm::from_name(&self.alg).ok_or(tokenward_core::Error::AlgNotAllowed)?;
        let key = keys.select(alg, None)?;
        key.verify(alg, &self.signing_input, &self.signature)
    }

    /// The signature check alone with a key parsed from its JWK on this
    /// call (and its per-key tables built for this call): the same work as
    /// [`Case::verify_with_ring`], whose API parses its key on every call,
    /// plus the JSON and base64url decoding ring's raw key bytes skip.
    pub fn verify_signature_with_new_core_key(&self) -> Result<(), tokenward_core::Error> {
        let keys = KeySet::from_json(self.key_set_json.as_bytes())?;
        self.verify_signature_with_core(&keys)
    }

    /// The signature check alone, with ring: the floor for any verifier.
    /// ring's public-key API takes raw key bytes and parses them on every
    /// call; it has no key prepared once.
    pub fn verify_with_ring(&self) -> bool {
        let message = &self.signing_input;
        match &self.reference_key {
            ReferenceKey::Rsa { n, e } => RsaPublicKeyComponents { n, e }
                .verify(
                    &signature::RSA_PKCS1_2048_8192_SHA256,
                    message,
                    &self.signature,
                )
                .is_ok(),
            ReferenceKey::Ecdsa(point) => {
                UnparsedPublicKey::new(&signature::ECDSA_P256_SHA256_FIXED, point)
                    .verify(message, &self.signature)
                    .is_ok()
            }
            ReferenceKey::Ed25519(point) => UnparsedPublicKey::new(&signature::ED25519, point)
                .verify(message, &self.signature)
                .is_ok(),
        }
    }
}
