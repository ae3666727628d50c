//! The client's side of DPoP (RFC 9449 §4.2): what a proof for one request
//! says, before it is signed.
//!
//! A browser signs with a non-extractable WebCrypto key, so the signature is
//! the host's; the rules are here, next to the ones [`super::DpopRules`]
//! checks, so that the two cannot drift: the header (`typ: dpop+jwt`, the
//! algorithm of the key, the public key alone), `htm`, `htu` in the form the
//! server compares (no query, no fragment, [`super::normalise_htu`]), `iat`,
//! `jti`, `ath` for a resource request and `nonce` when the server gave one.
//! [`proof_signing_input`] gives the JWS signing input; the caller appends
//! `.` and the base64url signature (for ES256 the raw `r || s`, which is
//! what WebCrypto's ECDSA produces).

use super::htu;
use super::proof_claims::access_token_hash;
use super::thumbprint::jwk_thumbprint;
use crate::base64url;
use crate::json::JsonObject;
use alloc::string::{String, ToString};
use serde_json::{Map, Value};

/// The longest `jti` a proof is built with (the checker's default limit).
const MAX_JTI_LENGTH: usize = super::DEFAULT_MAX_JTI_LENGTH;

/// One request a proof is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProofFor<'a> {
    /// The HTTP method, as sent (`GET`, `POST`).
    pub method: &'a str,
    /// The absolute `http(s)` URL of the request (query and fragment are
    /// dropped from `htu`).
    pub url: &'a str,
    /// The access token sent with the request (resource requests): gives
    /// `ath`. `None` at the token endpoint.
    pub access_token: Option<&'a str>,
    /// The latest `DPoP-Nonce` the server sent, if any.
    pub nonce: Option<&'a str>,
    /// A unique identifier for this proof (random, from the host).
    pub jti: &'a str,
    /// The time of signing, Unix seconds.
    pub iat: i64,
}

/// A proof ready to sign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsignedProof {
    /// The JOSE header: `typ`, `alg`, `jwk` (public members only).
    pub header: JsonObject,
    /// The claims: `htm`, `htu`, `iat`, `jti`, and `ath` / `nonce` when given.
    pub claims: JsonObject,
    /// `base64url(header) . base64url(claims)`: what the key signs.
    pub signing_input: String,
    /// The RFC 7638 thumbprint of the key: the `cnf.jkt` a bound token carries.
    pub thumbprint: String,
}

/// Why a proof cannot be built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientProofError {
    /// The method is empty or not an HTTP token.
    Method,
    /// The URL is not an absolute `http(s)` URL the checker accepts.
    Url,
    /// The `jti` is empty or longer than a checker accepts.
    Jti,
    /// The nonce or access token is empty or not printable ASCII.
    Value,
    /// The key is not a public key of a kind a proof can carry, or holds
    /// private members.
    Key,
}

impl core::fmt::Display for ClientProofError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            ClientProofError::Method => "the method must be an HTTP method token (GET, POST, ...)",
            ClientProofError::Url => "the URL must be an absolute http(s) URL without userinfo",
            ClientProofError::Jti => "jti must be 1 to 256 bytes",
            ClientProofError::Value => {
                "the nonce and the access token must be non-empty printable ASCII"
            }
            ClientProofError::Key => {
                "the key must be a public EC P-256, P-384 or Ed25519 JWK without private members"
            }
        })
    }
}

/// The header, claims and signing input of the proof for `request`, signed
/// later by the private half of `public_jwk`.
///
/// # Errors
/// [`ClientProofError`] naming the part that cannot go into a proof.
pub fn proof_signing_input(
    request: &ProofFor<'_>,
    public_jwk: &JsonObject,
) -> Result<UnsignedProof, ClientProofError> {
    let header = proof_header(public_jwk)?;
    let claims = proof_claims(request)?;
    let thumbprint = jwk_thumbprint(public_jwk).ok_or(ClientProofError::Key)?;
    let signing_input = [&header, &claims]
        .map(|part| base64url::encode(Value::Object(part.clone()).to_string().as_bytes()))
        .join(".");
    Ok(UnsignedProof {
        header,
        claims,
        signing_input,
        thumbprint,
    })
}

/// `typ`, `alg` (from the key) and `jwk` with the public members only.
fn proof_header(jwk: &JsonObject) -> Result<JsonObject, ClientProofError> {
    let text = |name: &str| jwk.get(name).and_then(Value::as_str);
    if ["d", "p", "q", "dp", "dq", "qi", "k"]
        .iter()
        .any(|private| jwk.contains_key(*private))
    {
        return Err(ClientProofError::Key);
    }
    let (alg, members): (&str, &[&str]) = match (text("kty"), text("crv")) {
        (Some("EC"), Some("P-256")) => ("ES256", &["crv", "kty", "x", "y"]),
        (Some("EC"), Some("P-384")) => ("ES384", &["crv", "kty", "x", "y"]),
        (Some("OKP"), Some("Ed25519")) => ("EdDSA", &["crv", "kty", "x"]),
        _ => return Err(ClientProofError::Key),
    };
    let mut public = Map::new();
    for name in members {
        let value = text(name).filter(|value| !value.is_empty());
        public.insert((*name).into(), value.ok_or(ClientProofError::Key)?.into());
    }
    let mut header = Map::new();
    header.insert("typ".into(), "dpop+jwt".into());
    header.insert("alg".into(), alg.into());
    header.insert("jwk".into(), Value::Object(public));
    Ok(header)
}

/// An RFC 9110 method token: visible ASCII without separators.
fn is_method(method: &str) -> bool {
    !method.is_empty()
        && method
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte))
}

fn printable(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_graphic())
}

fn proof_claims(request: &ProofFor<'_>) -> Result<JsonObject, ClientProofError> {
    if !is_method(request.method) {
        return Err(ClientProofError::Method);
    }
    let htu = htu::normalise(request.url).ok_or(ClientProofError::Url)?;
    if request.jti.is_empty() || request.jti.len() > MAX_JTI_LENGTH {
        return Err(ClientProofError::Jti);
    }
    let mut claims = Map::new();
    claims.insert("htm".into(), request.method.into());
    claims.insert("htu".into(), htu.into());
    claims.insert("iat".into(), request.iat.into());
    claims.insert("jti".into(), request.jti.into());
    if let Some(token) = request.access_token {
        if !printable(token) {
            return Err(ClientProofError::Value);
        }
        claims.insert("ath".into(), access_token_hash(token).into());
    }
    if let Some(nonce) = request.nonce {
        if !printable(nonce) {
            return Err(ClientProofError::Value);
        }
        claims.insert("nonce".into(), nonce.into());
    }
    Ok(claims)
}
