//! The JOSE header rules (RFC 7515 §4, RFC 8725 §3.1 and §3.11).
//!
//! `jwk`, `jku`, `x5u` and `x5c` are never used: a key named by the token
//! itself proves nothing, and fetching it would be a request forgery vector.

use crate::alg::Algorithm;
use crate::error::{Error, Malformed};
use crate::json::JsonObject;
use alloc::string::String;
use serde_json::Value;

/// The header members tokenward acts on, plus the whole header for callers.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// The algorithm, already checked against the allowlist.
    pub alg: Algorithm,
    /// The key id, when present.
    pub kid: Option<String>,
    /// The media type of the token, when present.
    pub typ: Option<String>,
    /// Every member, as sent.
    pub members: JsonObject,
}

impl Header {
    /// Applies the header rules to a parsed header.
    ///
    /// # Errors
    /// `alg_not_allowed` (absent from `allowed`, unknown, or `none` in any
    /// spelling), `crit_unsupported`, `malformed` for a non-string `alg`,
    /// `kid` or `typ`.
    pub fn from_members(members: JsonObject, allowed: &[Algorithm]) -> Result<Header, Error> {
        let alg = match members.get("alg") {
            Some(Value::String(name)) => Algorithm::from_name(name)
                .filter(|alg| allowed.contains(alg))
                .ok_or(Error::AlgNotAllowed)?,
            Some(_) | None => return Err(Error::Malformed(Malformed::Header)),
        };
        // No extension is understood, so any `crit` makes the token unusable
        // (RFC 7515 §4.1.11); this also refuses unencoded payloads (b64=false).
        if members.contains_key("crit") {
            return Err(Error::CritUnsupported);
        }
        let kid = optional_string(&members, "kid")?;
        let typ = optional_string(&members, "typ")?;
        Ok(Header {
            alg,
            kid,
            typ,
            members,
        })
    }
}

fn optional_string(members: &JsonObject, name: &str) -> Result<Option<String>, Error> {
    match members.get(name) {
        None => Ok(None),
        Some(Value::String(value)) => Ok(Some(value.clone())),
        Some(_) => Err(Error::Malformed(Malformed::Header)),
    }
}

/// Compares media types as RFC 7515 §4.1.9 says: case-insensitively, with
/// the `application/` prefix optional on either side.
pub fn typ_matches(actual: &str, expected: &str) -> bool {
    strip_application(actual).eq_ignore_ascii_case(strip_application(expected))
}

fn strip_application(media_type: &str) -> &str {
    const PREFIX: &str = "application/";
    match media_type.get(..PREFIX.len()) {
        Some(head) if head.eq_ignore_ascii_case(PREFIX) => &media_type[PREFIX.len()..],
        _ => media_type,
    }
}

#[cfg(test)]
mod tests;
