//! `cors` (tokenward's member): CORS headers on the edge's refusals, so a
//! browser app calling the API cross-origin sees the 401 / 403 / 400 / 503
//! and its `WWW-Authenticate` instead of an opaque network error. The
//! origin's own responses keep their CORS handling; only refusals, which
//! never reach the origin, get these headers.
//!
//! ```json
//! "cors": { "allow_origins": ["https://app.example.com"], "allow_credentials": true }
//! ```
//!
//! The rule: a request whose `Origin` header equals a configured origin
//! (byte for byte: browsers send the serialized origin, lower-case scheme
//! and host, no path) gets `Access-Control-Allow-Origin` echoing it, with
//! `Vary: Origin`; `*` allows any origin and is sent as `*` (never with
//! credentials: the Fetch standard refuses that pair). Any other origin,
//! or no `Origin` header, gets nothing added.

use super::error::ConfigError;
use super::fields::{Fields, join, refuse};
use super::request::Request;
use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;

/// Response headers a page may read on a refusal (the challenge, and when
/// to retry a 503).
const EXPOSED: &str = "www-authenticate, retry-after";

/// The configured CORS rule for refusals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cors {
    /// Serialized origins (`https://app.example.com`), or `*`.
    pub allow_origins: Vec<String>,
    /// Send `Access-Control-Allow-Credentials: true` (pages calling with
    /// `credentials: 'include'` need it to read the refusal).
    pub allow_credentials: bool,
}

impl Cors {
    /// The headers to add to a refusal of `request`: none unless its
    /// `Origin` is allowed.
    pub fn refusal_headers(&self, request: &Request<'_>) -> Vec<(String, String)> {
        let Some((_, origin)) = request.header_entry("origin") else {
            return Vec::new();
        };
        let echoed = if self.allow_origins.iter().any(|o| o == origin) {
            origin
        } else if self.allow_origins.iter().any(|o| o == "*") {
            "*"
        } else {
            return Vec::new();
        };
        let mut headers = alloc::vec![
            ("access-control-allow-origin".to_owned(), echoed.to_owned()),
            ("vary".to_owned(), "origin".to_owned()),
            (
                "access-control-expose-headers".to_owned(),
                EXPOSED.to_owned()
            ),
        ];
        if self.allow_credentials {
            headers.push((
                "access-control-allow-credentials".to_owned(),
                "true".to_owned(),
            ));
        }
        headers
    }
}

/// Reads the `cors` member.
pub(crate) fn parse(mut fields: Fields<'_>) -> Result<Cors, ConfigError> {
    let path = join(fields.path(), "allow_origins");
    let Some(origins) = fields.strings("allow_origins")? else {
        return Err(refuse(
            &path,
            "required: the origins whose pages may read a refusal",
        ));
    };
    if origins.is_empty() {
        return Err(refuse(&path, "list at least one origin, or leave out cors"));
    }
    for origin in &origins {
        if origin != "*" && !is_serialized_origin(origin) {
            return Err(refuse(
                &path,
                alloc::format!(
                    "{origin:?} is not an origin as browsers send it: scheme://host[:port], lower case, no path"
                ),
            ));
        }
    }
    let allow_credentials = fields.flag("allow_credentials")?;
    if allow_credentials && origins.iter().any(|o| o == "*") {
        return Err(refuse(
            &path,
            "\"*\" cannot go with allow_credentials (browsers refuse that pair): list the origins",
        ));
    }
    fields.finish()?;
    Ok(Cors {
        allow_origins: origins,
        allow_credentials,
    })
}

/// `scheme://host[:port]` in lower case, without path, query or user
/// information: the only form an `Origin` header holds.
fn is_serialized_origin(origin: &str) -> bool {
    let Some((scheme, rest)) = origin.split_once("://") else {
        return false;
    };
    let scheme_ok = !scheme.is_empty()
        && scheme.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'+' || b == b'-' || b == b'.'
        });
    let host_ok = !rest.is_empty()
        && rest.bytes().all(|b| {
            b.is_ascii_lowercase()
                || b.is_ascii_digit()
                || matches!(b, b'.' | b'-' | b':' | b'[' | b']')
        });
    scheme_ok && host_ok
}
