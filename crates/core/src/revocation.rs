//! A revocation list: by `jti`, and by `sub` or `sid` with a revoked-before
//! time ("sign out everywhere").
//!
//! # Format
//!
//! A JSON object; every member is optional, unknown members are rejected:
//!
//! ```json
//! {
//!   "jti": ["4f1c0a", "b7e2d9"],
//!   "sub": { "alice": 1767225600 },
//!   "sid": { "s-81f3": 1767225600.5 }
//! }
//! ```
//!
//! - `jti`: array of strings; a token whose `jti` is listed is revoked.
//! - `sub`, `sid`: object mapping an identifier to a revoked-before time in
//!   Unix seconds (finite, non-negative; fractions allowed). A token with
//!   that `sub` (or `sid`) is revoked when its `iat <= revoked_before`: a
//!   token issued at the very second of the revocation is revoked too.
//!   `iat` has one-second resolution, so a token minted before "sign out
//!   everywhere" within the same second carries the same `iat` as the
//!   published time; keeping it would leave a stolen token valid. The cost
//!   is that a sign-in in that same second must be repeated. A token with
//!   a listed `sub`/`sid` but no numeric `iat` is revoked (conservative).
//!   A repeated key keeps its latest time.
//!
//! Caps: 4 MiB per document, 100 000 entries per member, identifiers up
//! to 1 KiB. Lookups are `O(log n)`.
//!
//! Claim types: with a list configured, a `jti`, `sub` or `sid` that is
//! present but not a string is refused `bad_claim_type` (RFC 7519 §4.1.2,
//! §4.1.7; OpenID Connect Front- and Back-Channel Logout: `sid` is a
//! string), whether or not the list names anything of that kind: a lookup
//! that only matches strings must never let `["s1"]` or `1` pass for `"s1"`.
//!
//! The list is refetched with `ETag` through the same machine as a JWKS:
//! [`RevocationFetch`].

mod format;

#[allow(deprecated)]
pub use crate::remote::renamed::RevocationRefresh;

use crate::claims::string_claim;
use crate::error::Error;
use crate::remote::{Document, FetchPolicy, RemoteDocument};
use alloc::collections::{BTreeMap, BTreeSet};
use alloc::string::String;
use serde_json::{Map, Value};

/// Largest accepted revocation list document, in bytes.
pub const MAX_DOCUMENT_BYTES: usize = 4 * 1024 * 1024;

/// The revocation list fetch machine.
pub type RevocationFetch = RemoteDocument<RevocationList>;

/// A parsed revocation list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RevocationList {
    jti: BTreeSet<String>,
    sub: BTreeMap<String, f64>,
    sid: BTreeMap<String, f64>,
}

impl RevocationList {
    /// Parses a revocation list document (format in the module docs).
    ///
    /// # Errors
    /// `too_large` over [`MAX_DOCUMENT_BYTES`]; `revocation_list_invalid` for
    /// anything else that is not exactly the documented format: not an
    /// object, unknown member, wrong type, too many entries, too long an
    /// identifier, negative time, duplicate member.
    pub fn from_json(document: &[u8]) -> Result<Self, Error> {
        if document.len() > MAX_DOCUMENT_BYTES {
            return Err(Error::TooLarge {
                limit: MAX_DOCUMENT_BYTES,
            });
        }
        // serde's derived struct also accepts an array; we only take an object.
        let starts_with_object = document
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|b| *b == b'{');
        if !starts_with_object {
            return Err(Error::RevocationListInvalid);
        }
        let wire: format::Wire =
            serde_json::from_slice(document).map_err(|_| Error::RevocationListInvalid)?;
        Ok(RevocationList {
            jti: wire.jti.0,
            sub: wire.sub.0,
            sid: wire.sid.0,
        })
    }

    /// Checks a token's claims against the list.
    ///
    /// # Errors
    /// `bad_claim_type` when `jti`, `sub` or `sid` is present but not a
    /// string; `revoked` when the `jti` is listed, or the `sub` or `sid` is
    /// listed and the token's `iat` is at or before its revoked-before time
    /// (or the token has no numeric `iat`).
    pub fn check(&self, claims: &Map<String, Value>) -> Result<(), Error> {
        let jti = string_claim(claims, "jti")?;
        let sub = string_claim(claims, "sub")?;
        let sid = string_claim(claims, "sid")?;
        if jti.is_some_and(|jti| self.jti.contains(jti)) {
            return Err(Error::Revoked);
        }
        let issued_at = claims.get("iat").and_then(Value::as_f64);
        for (id, revoked) in [(sub, &self.sub), (sid, &self.sid)] {
            if let Some(&before) = id.and_then(|id| revoked.get(id))
                && issued_at.is_none_or(|iat| iat <= before)
            {
                return Err(Error::Revoked);
            }
        }
        Ok(())
    }

    /// Number of entries (`jti` + `sub` + `sid`).
    pub fn len(&self) -> usize {
        self.jti
            .len()
            .saturating_add(self.sub.len())
            .saturating_add(self.sid.len())
    }

    /// Whether the list revokes nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A fetch policy suited to revocation lists: the default one with a
    /// 1 minute max age and a server `max-age` capped at 15 minutes
    /// (revocations should apply quickly), and a body cap of
    /// [`MAX_DOCUMENT_BYTES`].
    pub fn fetch_policy() -> FetchPolicy {
        FetchPolicy {
            max_age_ms: 60_000,
            max_max_age_ms: 15 * 60_000,
            max_body_bytes: MAX_DOCUMENT_BYTES,
            ..FetchPolicy::default()
        }
    }

    /// [`fetch_policy`](Self::fetch_policy) fetching every
    /// `interval_ms` ([`FetchPolicy::fetching_every`]): the Envoy
    /// filter's and the worker's `cache_duration`, the npm
    /// `RemoteRevocationList`'s `interval`.
    pub fn fetch_policy_every(interval_ms: u64) -> FetchPolicy {
        Self::fetch_policy().fetching_every(interval_ms)
    }
}

/// What a verification checks a token against, when its revocation list
/// comes from a [`RevocationFetch`] machine.
impl RevocationFetch {
    /// The list to check at `now_ms`: the machine's document while it is
    /// usable (fresh, or expired for at most the policy's
    /// `stale_if_error_ms`). Without one, `fail_open` decides: `Ok(None)`
    /// checks no list (the caller's explicit trade-off), otherwise every
    /// token is refused.
    ///
    /// # Errors
    /// `revocation_unavailable` when no list is usable and `fail_open` is
    /// false: an unchecked token may be a revoked one.
    pub fn list_to_check(
        &self,
        now_ms: u64,
        fail_open: bool,
    ) -> Result<Option<&RevocationList>, Error> {
        match self.document(now_ms) {
            Ok(list) => Ok(Some(list)),
            Err(_) if fail_open => Ok(None),
            Err(_) => Err(Error::RevocationUnavailable),
        }
    }
}

impl Document for RevocationList {
    fn parse(body: &[u8]) -> Result<Self, Error> {
        RevocationList::from_json(body)
    }
}
