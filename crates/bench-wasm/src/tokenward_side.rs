//! tokenward's side: the key parsed from its JWK, checked through
//! `Jwk::verify` (the verifier's own path minus base64, JSON and claims, and
//! never its token cache).

use crate::fixture::Case;
use tokenward_core::{Algorithm, Jwk};

/// Parses the JWK: base64url, member checks, fingerprint and whatever
/// per-key precomputation the signature code does.
pub fn prepare(case: &Case) -> Jwk {
    Jwk::from_json_value(&case.jwk, false).expect("tokenward parses the fixture JWK")
}

pub fn verify(key: &Jwk, alg: Algorithm, signing_input: &[u8], signature: &[u8]) -> bool {
    key.verify(alg, signing_input, signature).is_ok()
}
