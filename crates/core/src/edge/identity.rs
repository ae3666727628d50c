//! The verified identity as request headers: subject, kind, provider,
//! configured claims (nested paths, arrays joined) and the payload header.

use super::config::{KIND_HEADER, PROVIDER_HEADER, Provider, SUBJECT_HEADER};
use crate::verifier::VerifiedToken;
use alloc::borrow::ToOwned;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

/// Longest header value we set; a longer claim is left out rather than cut.
const MAX_VALUE_BYTES: usize = 8 * 1024;

/// The headers to set for a token `provider` verified.
pub fn identity_headers(provider: &Provider, verified: &VerifiedToken) -> Vec<(String, String)> {
    let mut headers = Vec::new();
    let mut push = |name: &str, value: Option<String>| {
        if let Some(value) = value.filter(|v| safe_value(v)) {
            headers.push((name.to_owned(), value));
        }
    };
    push(SUBJECT_HEADER, verified.subject().map(str::to_owned));
    push(KIND_HEADER, Some(verified.kind.as_str().to_owned()));
    push(PROVIDER_HEADER, Some(provider.name.clone()));
    for mapping in &provider.claim_headers {
        push(&mapping.header, claim_text(verified, &mapping.claim));
    }
    if let Some(name) = &provider.payload_header {
        let json = serde_json::to_vec(&verified.claims).ok();
        push(name, json.map(|j| URL_SAFE_NO_PAD.encode(j)));
    }
    headers
}

/// A claim by exact name, else by dotted path, as header text: strings as
/// is, numbers and booleans printed, arrays of those joined with `,`.
fn claim_text(verified: &VerifiedToken, path: &str) -> Option<String> {
    let value = match verified.claims.get(path) {
        Some(value) => value,
        None => {
            let mut parts = path.split('.');
            let first = verified.claims.get(parts.next()?)?;
            parts.try_fold(first, |value, part| value.as_object()?.get(part))?
        }
    };
    match value {
        Value::Array(items) => {
            let texts: Option<Vec<String>> = items.iter().map(scalar_text).collect();
            texts.map(|t| t.join(","))
        }
        other => scalar_text(other),
    }
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// No control characters (header injection), bounded length.
fn safe_value(value: &str) -> bool {
    value.len() <= MAX_VALUE_BYTES && !value.bytes().any(|b| b.is_ascii_control())
}
