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
use super::thumbprint::{canonical_json, jwk_thumbprint};
use crate::base64url;
use crate::json::JsonObject;
use alloc::format;
use alloc::string::String;
use serde_json::Value;

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
    /// The JOSE header as JSON text: `typ`, `alg`, `jwk` (public members
    /// only, in RFC 7638 order).
    pub header: String,
    /// The claims as JSON text: `htm`, `htu`, `iat`, `jti`, and `ath` /
    /// `nonce` when given.
    pub claims: String,
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
/// later by the private half of `public_jwk`. The JSON is written here, not
/// through `serde_json::Value`: strings escaped as RFC 8259 asks, `iat` an
/// integer, so the browser builds carry no float formatting for it.
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
    let signing_input = format!(
        "{}.{}",
        base64url::encode(header.as_bytes()),
        base64url::encode(claims.as_bytes())
    );
    Ok(UnsignedProof {
        header,
        claims,
        signing_input,
        thumbprint,
    })
}

/// A JSON string literal.
fn quoted(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// `typ`, `alg` (from the key) and `jwk`: the key type's required members
/// only (the RFC 7638 input, which holds no private member).
fn proof_header(jwk: &JsonObject) -> Result<String, ClientProofError> {
    if ["d", "p", "q", "dp", "dq", "qi", "k"]
        .iter()
        .any(|private| jwk.contains_key(*private))
    {
        return Err(ClientProofError::Key);
    }
    let text = |name: &str| jwk.get(name).and_then(Value::as_str);
    let alg = match (text("kty"), text("crv")) {
        (Some("EC"), Some("P-256")) => "ES256",
        (Some("EC"), Some("P-384")) => "ES384",
        (Some("OKP"), Some("Ed25519")) => "EdDSA",
        _ => return Err(ClientProofError::Key),
    };
    let members: &[&str] = if alg == "EdDSA" { &["x"] } else { &["x", "y"] };
    if members
        .iter()
        .any(|name| text(name).is_none_or(str::is_empty))
    {
        return Err(ClientProofError::Key);
    }
    let public = canonical_json(jwk).ok_or(ClientProofError::Key)?;
    Ok(format!(
        r#"{{"typ":"dpop+jwt","alg":"{alg}","jwk":{public}}}"#
    ))
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

fn proof_claims(request: &ProofFor<'_>) -> Result<String, ClientProofError> {
    if !is_method(request.method) {
        return Err(ClientProofError::Method);
    }
    let htu = htu::normalise(request.url).ok_or(ClientProofError::Url)?;
    if request.jti.is_empty() || request.jti.len() > MAX_JTI_LENGTH {
        return Err(ClientProofError::Jti);
    }
    let mut claims = format!(
        r#"{{"htm":{},"htu":{},"iat":{},"jti":{}"#,
        quoted(request.method),
        quoted(&htu),
        request.iat,
        quoted(request.jti)
    );
    if let Some(token) = request.access_token {
        if !printable(token) {
            return Err(ClientProofError::Value);
        }
        claims.push_str(&format!(r#","ath":{}"#, quoted(&access_token_hash(token))));
    }
    if let Some(nonce) = request.nonce {
        if !printable(nonce) {
            return Err(ClientProofError::Value);
        }
        claims.push_str(&format!(r#","nonce":{}"#, quoted(nonce)));
    }
    claims.push('}');
    Ok(claims)
}
