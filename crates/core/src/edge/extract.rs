//! Finding a provider's token in a request: headers, cookies, query.
//!
//! Only the first occurrence of each location is read; a token must look
//! like a compact JWS's character set or it is treated as absent-but-sent
//! (the verifier then says `malformed`).

use super::config::TokenSource;
use super::request::Request;

/// A token found in a request, and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundToken<'r> {
    /// The token text (not yet verified).
    pub token: &'r str,
    /// The header it came from, when it came from a header.
    pub header: Option<&'r str>,
}

/// The first token of `sources` present in `request`.
pub fn find_token<'r>(request: &Request<'r>, sources: &[TokenSource]) -> Option<FoundToken<'r>> {
    sources.iter().find_map(|source| match source {
        TokenSource::Header { name, prefix } => {
            let (header, value) = request.header_entry(name)?;
            let token = strip_prefix_ignore_case(value.trim(), prefix)?.trim();
            (!token.is_empty()).then_some(FoundToken {
                token,
                header: Some(header),
            })
        }
        TokenSource::Cookie(name) => request
            .headers
            .iter()
            .filter(|(h, _)| h.eq_ignore_ascii_case("cookie"))
            .find_map(|(_, value)| cookie(value, name))
            .map(|token| FoundToken {
                token,
                header: None,
            }),
        TokenSource::Query(name) => query_param(request.query(), name).map(|token| FoundToken {
            token,
            header: None,
        }),
    })
}

/// `value` without `prefix`, compared case-insensitively (`bearer x` works).
fn strip_prefix_ignore_case<'v>(value: &'v str, prefix: &str) -> Option<&'v str> {
    let head = value.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| value.get(prefix.len()..))
        .flatten()
}

/// The value of cookie `name` in one `Cookie` header.
fn cookie<'v>(header: &'v str, name: &str) -> Option<&'v str> {
    header.split(';').find_map(|pair| {
        let (key, value) = pair.trim().split_once('=')?;
        (key.trim() == name && !value.is_empty()).then_some(value.trim_matches('"'))
    })
}

/// The raw value of query parameter `name`. Tokens are base64url and dots,
/// which need no percent-decoding; an encoded token stays encoded and fails
/// as `malformed`.
fn query_param<'q>(query: &'q str, name: &str) -> Option<&'q str> {
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == name && !value.is_empty()).then_some(value)
    })
}
