//! Removes authorization-response parameters from a URL (for
//! `history.replaceState` after a redirect), leaving the rest byte for byte.

use super::looks_like_jwt;
use alloc::string::String;
use alloc::vec::Vec;

/// Parameters that are always removed: codes, tokens, state.
const ALWAYS: &[&str] = &[
    "code",
    "state",
    "access_token",
    "id_token",
    "refresh_token",
    "token",
    "session_state",
    "code_verifier",
    "client_secret",
];

/// Removed only next to an authorization response parameter (`code`,
/// `access_token`, `id_token`, `error`): on their own they are ordinary
/// application parameters.
const WITH_RESPONSE: &[&str] = &[
    "iss",
    "scope",
    "expires_in",
    "token_type",
    "error",
    "error_description",
    "error_uri",
    "authuser",
    "prompt",
    "hd",
];

/// Parameters that mark an authorization response.
const RESPONSE_MARKERS: &[&str] = &["code", "access_token", "id_token", "error"];

/// The URL without codes, tokens, `state` and the authorization response's
/// companions, in both its query and its fragment (also a hash router's
/// `#/route?query`); parameters holding a JWT are removed whatever their
/// name. Everything else, order and encoding included, is kept exactly.
/// `None` when there is nothing to remove.
pub fn scrub_url(url: &str) -> Option<String> {
    let (before_fragment, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    let (base, query) = match before_fragment.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (before_fragment, None),
    };
    let mut changed = false;
    let mut out = String::with_capacity(url.len());
    out.push_str(base);
    if let Some(query) = query {
        let kept = scrub_params(query, &mut changed);
        if !kept.is_empty() || query.is_empty() {
            out.push('?');
            out.push_str(&kept);
        }
    }
    if let Some(fragment) = fragment {
        let scrubbed = scrub_fragment(fragment, &mut changed);
        if !scrubbed.is_empty() || fragment.is_empty() {
            out.push('#');
            out.push_str(&scrubbed);
        }
    }
    changed.then_some(out)
}

/// A fragment is a parameter list (`#access_token=...`), a hash route with a
/// query (`#/cb?code=...`), or anything else (kept).
fn scrub_fragment(fragment: &str, changed: &mut bool) -> String {
    if let Some((route, query)) = fragment.split_once('?') {
        let kept = scrub_params(query, changed);
        let mut out = String::from(route);
        if !kept.is_empty() || query.is_empty() {
            out.push('?');
            out.push_str(&kept);
        }
        return out;
    }
    if fragment.contains('=') {
        return scrub_params(fragment, changed);
    }
    String::from(fragment)
}

/// `a=1&code=x&b=2` -> `a=1&b=2`.
fn scrub_params(params: &str, changed: &mut bool) -> String {
    let pairs: Vec<(&str, String, &str)> = params
        .split('&')
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (pair, decode_name(name), value)
        })
        .collect();
    let is_response = pairs
        .iter()
        .any(|(_, name, _)| RESPONSE_MARKERS.contains(&name.as_str()));
    let mut out = String::with_capacity(params.len());
    for (pair, name, value) in &pairs {
        let remove = ALWAYS.contains(&name.as_str())
            || (is_response && WITH_RESPONSE.contains(&name.as_str()))
            || looks_like_jwt(value);
        if remove {
            *changed = true;
            continue;
        }
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(pair);
    }
    out
}

/// A parameter name with `%XX` escapes and `+` decoded, lowercased for
/// comparison (an attacker-shaped `Code=` or `%63ode=` still counts).
fn decode_name(name: &str) -> String {
    let bytes = name.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .filter(|hex| hex.iter().all(u8::is_ascii_hexdigit))
            .and_then(|hex| core::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (escaped, bytes[i]) {
            (Some(b), _) => {
                out.push(b);
                i += 3;
            }
            (None, b'+') => {
                out.push(b' ');
                i += 1;
            }
            (None, b) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).to_ascii_lowercase()
}
