//! The one rule for the URLs tokenward fetches: a remote JWK Set and a
//! revocation list.
//!
//! Both documents decide which tokens are accepted, so they must come over
//! TLS: over plain `http://` anyone on the path could serve their own keys.
//! [`check_fetch_url`] therefore takes `https://` URLs, `http://` only to a
//! loopback host (`127.0.0.0/8`, `[::1]`, `localhost`: the traffic never
//! leaves the machine; tests and sidecars use it) or with an explicit opt-in
//! of the caller (`allowInsecureHttp` in npm, `allow_insecure_http` in the
//! edge configuration).
//!
//! Parsing is strict where URL parsers disagree, so that the host checked
//! here is the host every fetcher connects to: no user information
//! (`https://127.0.0.1@evil.example` connects to `evil.example`), no
//! backslash, no whitespace or non-ASCII, no fragment, no numeric host that
//! is not a plain dotted quad (`127.1`, `0x7f.0.0.1`), a port from 1 to
//! 65535. The scheme is case-insensitive (RFC 3986 §3.1).

use alloc::borrow::ToOwned;
use alloc::string::String;
use core::fmt;

/// The scheme of an accepted URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// `https://`.
    Https,
    /// `http://`: to loopback, or with the caller's opt-in.
    Http,
}

/// An accepted fetch URL, in parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchUrl<'a> {
    /// `https` or `http`.
    pub scheme: Scheme,
    /// `host[:port]` as written (IPv6 hosts in brackets).
    pub authority: &'a str,
    /// The host as written, without the brackets of an IPv6 address.
    pub host: &'a str,
    /// Path and query; `/` when the URL has neither.
    pub path: String,
    /// Whether the host is loopback (see [`is_loopback`]).(see [`is_loopback`]).
    pub loopback: bool,
}

/// Why a URL is not fetched.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlError {
    /// Not `https://` or `http://`.
    NotHttp,
    /// A character that is not visible ASCII, or a backslash.
    BadCharacter,
    /// `user:password@` before the host.
    UserInfo,
    /// A `#fragment`.
    Fragment,
    /// No host, or one that is not a DNS name, a dotted-quad IPv4 address
    /// or a bracketed IPv6 address.
    BadHost,
    /// A port that is not a number from 1 to 65535.
    BadPort,
    /// `http://` to a host that is not loopback, without the opt-in.
    InsecureHttp,
}

impl fmt::Display for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UrlError::NotHttp => "the URL must start with https:// (or http:// to loopback)",
            UrlError::BadCharacter => {
                "the URL holds whitespace, a backslash or a character that is not ASCII"
            }
            UrlError::UserInfo => "the URL must not carry user information (user:password@)",
            UrlError::Fragment => "the URL must not have a #fragment",
            UrlError::BadHost => {
                "the URL's host is not a DNS name, a dotted-quad IPv4 address or a bracketed IPv6 address"
            }
            UrlError::BadPort => "the URL's port is not a number from 1 to 65535",
            UrlError::InsecureHttp => {
                "plain http:// is allowed only to loopback (127.0.0.0/8, [::1], localhost)"
            }
        })
    }
}

/// Checks `url` for a fetch of a key set or revocation list (see the
/// module documentation for the rule).
///
/// # Errors
/// The first [`UrlError`] found; [`UrlError::InsecureHttp`] for `http://`
/// to a host that is not loopback when `allow_insecure_http` is false.
pub fn check_fetch_url(url: &str, allow_insecure_http: bool) -> Result<FetchUrl<'_>, UrlError> {
    if !url.bytes().all(|b| b.is_ascii_graphic() && b != b'\\') {
        return Err(UrlError::BadCharacter);
    }
    if url.contains('#') {
        return Err(UrlError::Fragment);
    }
    let (scheme, rest) = url.split_once("://").ok_or(UrlError::NotHttp)?;
    let scheme = if scheme.eq_ignore_ascii_case("https") {
        Scheme::Https
    } else if scheme.eq_ignore_ascii_case("http") {
        Scheme::Http
    } else {
        return Err(UrlError::NotHttp);
    };
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(end);
    if authority.contains('@') {
        return Err(UrlError::UserInfo);
    }
    let host = host_of(authority)?;
    let loopback = is_loopback(host);
    if scheme == Scheme::Http && !loopback && !allow_insecure_http {
        return Err(UrlError::InsecureHttp);
    }
    let path = match path.as_bytes().first() {
        None => "/".to_owned(),
        Some(b'?') => alloc::format!("/{path}"),
        Some(_) => path.to_owned(),
    };
    Ok(FetchUrl {
        scheme,
        authority,
        host,
        path,
        loopback,
    })
}

/// Whether `host` (as [`FetchUrl::host`]: IPv6 without brackets) is
/// loopback: `localhost`, a dotted quad in `127.0.0.0/8`, or `::1` (the
/// form URL parsers serialise it to; longer spellings are not loopback).
pub fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host == "::1"
        || dotted_quad(host).is_some_and(|[first, ..]| first == 127)
}

/// A strict IPv4 dotted quad: four decimal numbers up to 255, no leading
/// zeros (which some parsers read as octal).
fn dotted_quad(host: &str) -> Option<[u8; 4]> {
    let mut octets = [0u8; 4];
    let mut parts = host.split('.');
    for octet in &mut octets {
        let part = parts.next()?;
        let canonical = !part.is_empty()
            && part.len() <= 3
            && part.bytes().all(|b| b.is_ascii_digit())
            && (part == "0" || !part.starts_with('0'));
        if !canonical {
            return None;
        }
        *octet = part.parse().ok()?;
    }
    parts.next().is_none().then_some(octets)
}

/// What may stand between the brackets of an IPv6 host: hex digits and
/// colons (and dots, for an embedded IPv4 tail). The fetcher parses it.
fn is_ipv6_text(host: &str) -> bool {
    host.contains(':')
        && host
            .bytes()
            .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
}

/// The host of `host[:port]`, checked, port checked too.
fn host_of(authority: &str) -> Result<&str, UrlError> {
    let (host, port) = if let Some(bracketed) = authority.strip_prefix('[') {
        let (host, after) = bracketed.split_once(']').ok_or(UrlError::BadHost)?;
        if !is_ipv6_text(host) {
            return Err(UrlError::BadHost);
        }
        match after {
            "" => (host, None),
            _ => (
                host,
                Some(after.strip_prefix(':').ok_or(UrlError::BadPort)?),
            ),
        }
    } else {
        let (host, port) = match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        };
        if !is_dns_name_or_ipv4(host) {
            return Err(UrlError::BadHost);
        }
        (host, port)
    };
    if let Some(port) = port {
        let digits =
            !port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit());
        if !digits || !port.parse::<u16>().is_ok_and(|port| port != 0) {
            return Err(UrlError::BadPort);
        }
    }
    Ok(host)
}

/// Letters, digits, `-`, `_` and dots in non-empty labels; a name whose last
/// label looks numeric must be a plain dotted-quad IPv4 address (URL parsers
/// read `127.1` or `0x7f.1` as addresses, each in its own way).
fn is_dns_name_or_ipv4(host: &str) -> bool {
    let labels_ok = !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        });
    if !labels_ok {
        return false;
    }
    let last = host.rsplit('.').next().unwrap_or(host);
    let numeric = last.bytes().all(|b| b.is_ascii_digit())
        || last.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("0x"));
    !numeric || dotted_quad(host).is_some()
}

#[cfg(test)]
mod tests;
