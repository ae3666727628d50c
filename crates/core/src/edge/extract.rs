//! Finding a token in a request: headers, cookies, query, every occurrence.
//!
//! RFC 6750 §2: a client sends its token one way, once. The edge reads
//! every place the rule's providers take a token from and counts the
//! occurrences; more than one (two `Authorization` fields, a header and a
//! cookie, a parameter repeated) is [`Tokens::Several`], refused with 400
//! `invalid_request`, so the gateway and the upstream can never disagree
//! on which token the request carried.
//!
//! How each place is read, deliberately as leniently as any upstream:
//! - a header by name, case-insensitively and with `_` read as `-` (see
//!   [`same_header_name`]), every field line; a value is split on `,`
//!   (hosts join repeated fields with it; a JWS never contains one) and,
//!   once one element carries the prefix, every element counts;
//! - cookies from every `Cookie` field, pairs split on `;` and `,` (the
//!   latter joins repeated fields; RFC 6265 cookie values exclude it);
//! - query parameters split on `&` and `;` (older servers split on both).
//!
//! Cookie and parameter names are compared after percent-decoding (and
//! `+` as space in the query), as frameworks decode them. A token must
//! look like a compact JWS or the verifier says `malformed`.

use super::config::TokenSource;
use super::names::same_header_name;
use super::request::Request;
use alloc::vec::Vec;

/// A token found in a request, and the source that found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundToken<'r, 's> {
    /// The token text (not yet verified).
    pub token: &'r str,
    /// The configured source it came from.
    pub source: &'s TokenSource,
}

/// What a request carries for a set of token sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tokens<'r, 's> {
    /// No token.
    None,
    /// Exactly one token.
    One(FoundToken<'r, 's>),
    /// More than one token, or one place holding a token beside other
    /// values: refused (RFC 6750 §2).
    Several,
}

/// Where one occurrence sits: the same place found through two sources
/// (two providers reading `Authorization`) is one token, not two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Spot {
    Header { line: usize, element: usize },
    Cookie { line: usize, pair: usize },
    Query { segment: usize },
}

/// Every token in `request` for `sources` (all the sources of every
/// provider a rule accepts).
pub fn find_tokens<'r, 's>(
    request: &Request<'r>,
    sources: impl IntoIterator<Item = &'s TokenSource>,
) -> Tokens<'r, 's> {
    let mut found: Option<(Spot, FoundToken<'r, 's>)> = None;
    let mut several = false;
    for source in sources {
        for_each_occurrence(request, source, |spot, token| match &found {
            None => found = Some((spot, FoundToken { token, source })),
            Some((first, _)) if *first == spot => {}
            Some(_) => several = true,
        });
    }
    match (several, found) {
        (true, _) => Tokens::Several,
        (false, Some((_, token))) => Tokens::One(token),
        (false, None) => Tokens::None,
    }
}

fn for_each_occurrence<'r>(
    request: &Request<'r>,
    source: &TokenSource,
    mut visit: impl FnMut(Spot, &'r str),
) {
    match source {
        TokenSource::Header { name, prefix } => {
            let elements: Vec<(usize, usize, &'r str)> = request
                .headers
                .iter()
                .enumerate()
                .filter(|(_, (header, _))| same_header_name(header, name))
                .flat_map(|(line, (_, value))| {
                    list_elements(value).map(move |(element, text)| (line, element, text))
                })
                .collect();
            let carries_token = |text: &str| token_after_prefix(text, prefix).is_some();
            if elements.iter().any(|(_, _, text)| carries_token(text)) {
                for (line, element, text) in elements {
                    let token = token_after_prefix(text, prefix).unwrap_or(text);
                    visit(Spot::Header { line, element }, token);
                }
            }
        }
        TokenSource::Cookie(name) => {
            for (line, pair, key, value) in cookie_pairs(request) {
                if !value.is_empty() && decoded_name_is(key, name, false) {
                    visit(Spot::Cookie { line, pair }, value.trim_matches('"'));
                }
            }
        }
        TokenSource::Query(name) => {
            for (segment, key, value) in query_params(request.query()) {
                if !value.is_empty() && decoded_name_is(key, name, true) {
                    visit(Spot::Query { segment }, value);
                }
            }
        }
    }
}

/// The non-empty, trimmed elements of a (possibly joined) field value.
fn list_elements(value: &str) -> impl Iterator<Item = (usize, &str)> {
    value
        .split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .enumerate()
}

/// The token in `element` after `prefix` (case-insensitive, `bearer x`
/// works); `None` when the prefix is absent or nothing follows it.
fn token_after_prefix<'v>(element: &'v str, prefix: &str) -> Option<&'v str> {
    let head = element.get(..prefix.len())?;
    let token = head
        .eq_ignore_ascii_case(prefix)
        .then(|| element.get(prefix.len()..))
        .flatten()?
        .trim();
    (!token.is_empty()).then_some(token)
}

/// Every cookie pair of every `Cookie` field: (line, pair, name, value),
/// name and value trimmed.
fn cookie_pairs<'r>(
    request: &Request<'r>,
) -> impl Iterator<Item = (usize, usize, &'r str, &'r str)> {
    request
        .headers
        .iter()
        .enumerate()
        .filter(|(_, (header, _))| header.eq_ignore_ascii_case("cookie"))
        .flat_map(|(line, (_, value))| {
            value
                .split([';', ','])
                .enumerate()
                .filter_map(move |(pair, text)| {
                    let (key, value) = text.split_once('=')?;
                    Some((line, pair, key.trim(), value.trim()))
                })
        })
}

/// Every `name=value` segment of a query string: (segment, name, value).
fn query_params(query: &str) -> impl Iterator<Item = (usize, &str, &str)> {
    query.split(['&', ';']).enumerate().map(|(segment, text)| {
        let (key, value) = text.split_once('=').unwrap_or((text, ""));
        (segment, key, value)
    })
}

/// Whether `raw`, percent-decoded (and with `+` as space in a query),
/// is `name`.
pub(super) fn decoded_name_is(raw: &str, name: &str, plus_is_space: bool) -> bool {
    if !raw.contains(['%', '+']) {
        return raw == name;
    }
    let bytes = raw.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        let hex = |i: usize| bytes.get(i).and_then(|b| (*b as char).to_digit(16));
        match (byte, hex(at + 1), hex(at + 2)) {
            (b'%', Some(high), Some(low)) => {
                decoded.push((high * 16 + low) as u8);
                at += 3;
            }
            (b'+', _, _) if plus_is_space => {
                decoded.push(b' ');
                at += 1;
            }
            _ => {
                decoded.push(byte);
                at += 1;
            }
        }
    }
    decoded == name.as_bytes()
}
