//! The benchmark's keys and signatures (fixtures/signatures.json, made by
//! fixtures/generate.mjs), decoded once before anything is timed.

use serde_json::Value;
use tokenward_core::{Algorithm, base64url};

const FIXTURE: &str = include_str!("../fixtures/signatures.json");

/// One algorithm with one key: the JWK for tokenward, the same key as raw
/// bytes for the RustCrypto crates, and distinct signed messages (so no side
/// can answer from a cache).
#[derive(Debug)]
pub struct Case {
    /// The row label (`RS256`, `RS256-4096`, ...).
    pub name: String,
    pub alg: Algorithm,
    pub jwk: Value,
    pub raw: RawKey,
    pub messages: Vec<Message>,
}

/// A JWS signing input and its valid signature.
#[derive(Debug, Clone)]
pub struct Message {
    pub signing_input: Vec<u8>,
    pub signature: Vec<u8>,
}

/// The key material in the form each crate's constructor takes.
#[derive(Debug)]
pub enum RawKey {
    /// Big-endian modulus and exponent, for `rsa::RsaPublicKey::new`.
    Rsa { n: Vec<u8>, e: Vec<u8> },
    /// The uncompressed SEC1 point, for `p256`/`p384` `from_sec1_bytes`.
    Sec1(Vec<u8>),
    /// The 32-byte Ed25519 public key.
    Ed25519([u8; 32]),
}

/// Every case of the fixture, in file order.
pub fn load() -> Vec<Case> {
    let document: Value = serde_json::from_str(FIXTURE).expect("fixture is JSON");
    document["cases"]
        .as_array()
        .expect("fixture has cases")
        .iter()
        .map(case)
        .collect()
}

fn case(value: &Value) -> Case {
    let name = text(&value["name"]).to_string();
    let alg = Algorithm::from_name(text(&value["alg"])).expect("fixture alg is known");
    let messages = value["messages"]
        .as_array()
        .expect("case has messages")
        .iter()
        .map(|message| Message {
            signing_input: text(&message["signing_input"]).as_bytes().to_vec(),
            signature: bytes(&message["signature"]),
        })
        .collect();
    Case {
        name,
        alg,
        jwk: value["jwk"].clone(),
        raw: raw_key(&value["raw"]),
        messages,
    }
}

fn raw_key(raw: &Value) -> RawKey {
    if let Some(sec1) = raw.get("sec1") {
        RawKey::Sec1(bytes(sec1))
    } else if let Some(ed25519) = raw.get("ed25519") {
        RawKey::Ed25519(bytes(ed25519).try_into().expect("Ed25519 key is 32 bytes"))
    } else {
        RawKey::Rsa {
            n: bytes(&raw["n"]),
            e: bytes(&raw["e"]),
        }
    }
}

fn text(value: &Value) -> &str {
    value.as_str().expect("fixture string")
}

fn bytes(value: &Value) -> Vec<u8> {
    base64url::decode(text(value).as_bytes()).expect("fixture base64url")
}
