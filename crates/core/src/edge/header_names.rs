//! Checks on the header names a configuration reads tokens from and sets
//! claims into, so the edge never overwrites a header that frames, routes
//! or authenticates the request, never sets one header twice, and never
//! reads a token from a header it writes.

use super::config::{KIND_HEADER, PROVIDER_HEADER, Provider, SUBJECT_HEADER, TokenSource};
use super::error::ConfigError;
use super::names::same_header_name;
use alloc::borrow::ToOwned;
use alloc::vec::Vec;

/// Headers a claim may never be written into: message framing and
/// connection handling (request smuggling), routing, credentials, and
/// the identity headers the edge sets itself.
const RESERVED: &[&str] = &[
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "upgrade",
    "expect",
    "cookie",
    "authorization",
    "proxy-authorization",
    SUBJECT_HEADER,
    KIND_HEADER,
    PROVIDER_HEADER,
];

/// Refuses a provider that names the same token source twice (usually a
/// typo for another one) and, across providers, a claim or payload header
/// that is reserved, set twice by one provider, or a token source.
pub(super) fn check(providers: &[Provider]) -> Result<(), ConfigError> {
    let token_headers: Vec<&str> = providers
        .iter()
        .flat_map(|p| &p.sources)
        .filter_map(|source| match source {
            TokenSource::Header { name, .. } => Some(name.as_str()),
            _ => None,
        })
        .collect();
    for provider in providers {
        check_sources(provider)?;
        let set: Vec<&str> = provider
            .claim_headers
            .iter()
            .map(|c| c.header.as_str())
            .chain(provider.payload_header.as_deref())
            .collect();
        for (at, name) in set.iter().enumerate() {
            let clash = |other: &&str| same_header_name(name, other);
            let taken = RESERVED.iter().any(clash)
                || token_headers.iter().any(clash)
                || set.iter().take(at).any(clash);
            if taken {
                return Err(ConfigError::HeaderClash {
                    provider: provider.name.clone(),
                    header: (*name).to_owned(),
                });
            }
        }
    }
    Ok(())
}

fn check_sources(provider: &Provider) -> Result<(), ConfigError> {
    for (at, source) in provider.sources.iter().enumerate() {
        if provider
            .sources
            .iter()
            .take(at)
            .any(|s| same_source(s, source))
        {
            return Err(ConfigError::DuplicateSource {
                provider: provider.name.clone(),
                source: describe(source),
            });
        }
    }
    Ok(())
}

fn same_source(a: &TokenSource, b: &TokenSource) -> bool {
    match (a, b) {
        (
            TokenSource::Header { name, prefix },
            TokenSource::Header {
                name: other,
                prefix: other_prefix,
            },
        ) => same_header_name(name, other) && prefix.eq_ignore_ascii_case(other_prefix),
        (TokenSource::Cookie(a), TokenSource::Cookie(b)) => a == b,
        (TokenSource::Query(a), TokenSource::Query(b)) => a == b,
        _ => false,
    }
}

fn describe(source: &TokenSource) -> alloc::string::String {
    match source {
        TokenSource::Header { name, .. } => alloc::format!("header {name:?}"),
        TokenSource::Cookie(name) => alloc::format!("cookie {name:?}"),
        TokenSource::Query(name) => alloc::format!("parameter {name:?}"),
    }
}
