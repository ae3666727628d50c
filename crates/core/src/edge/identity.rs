//! The verified identity as request headers: subject, kind, provider,
//! configured claims (nested paths; encoded as `header_value` describes)
//! and the payload header.

use super::config::{KIND_HEADER, PROVIDER_HEADER, Provider, SUBJECT_HEADER};
use super::header_value::{claim_header_value, is_header_safe, string_value};
use crate::json::JsonObject;
use crate::verifier::{IdentityKind, VerifiedToken};
use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// Longest header value we set; a longer claim is left out rather than cut.
const MAX_VALUE_BYTES: usize = 8 * 1024;

/// The headers to set for a token `provider` verified.
pub fn identity_headers(provider: &Provider, verified: &VerifiedToken) -> Vec<(String, String)> {
    identity_headers_of(provider, &verified.claims, verified.kind)
}

/// The headers to set for an identity `provider` vouched for: a verified
/// token's claims, or an introspection answer's members.
pub fn identity_headers_of(
    provider: &Provider,
    claims: &JsonObject,
    kind: IdentityKind,
) -> Vec<(String, String)> {
    let mut headers = Vec::new();
    let mut push = |name: &str, value: Option<String>| {
        // Every value is printable ASCII by construction; the check keeps
        // it so whatever changes upstream of it.
        if let Some(value) = value.filter(|v| v.len() <= MAX_VALUE_BYTES && is_header_safe(v)) {
            headers.push((name.to_owned(), value));
        }
    };
    let subject = claims.get("sub").and_then(|sub| sub.as_str());
    push(SUBJECT_HEADER, subject.map(string_value));
    push(KIND_HEADER, Some(kind.as_str().to_owned()));
    push(PROVIDER_HEADER, Some(provider.name.clone()));
    for mapping in &provider.claim_headers {
        push(&mapping.header, claim_text(claims, &mapping.claim));
    }
    if let Some(name) = &provider.payload_header {
        let json = serde_json::to_vec(claims).ok();
        push(name, json.map(|j| URL_SAFE_NO_PAD.encode(j)));
    }
    headers
}

/// A claim by exact name, else by dotted path, as header text.
fn claim_text(claims: &JsonObject, path: &str) -> Option<String> {
    let value = match claims.get(path) {
        Some(value) => value,
        None => {
            let mut parts = path.split('.');
            let first = claims.get(parts.next()?)?;
            parts.try_fold(first, |value, part| value.as_object()?.get(part))?
        }
    };
    claim_header_value(value)
}
