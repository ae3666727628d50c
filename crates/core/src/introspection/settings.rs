//! A provider's introspection settings, checked, and the request they make.

use super::client_auth::ClientAuth;
use super::form::form_urlencode;
use super::judge::Introspected;
use crate::error::Error;
use crate::fetch_url::{UrlError, check_fetch_url};
use alloc::borrow::ToOwned;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// Default `cache_duration`: an active answer is reused this long at most
/// (and never past the token's `exp`). It is the longest a revocation at
/// the provider goes unnoticed by the edge.
pub const DEFAULT_CACHE_DURATION_MS: u64 = 30_000;
/// Default `inactive_cache_duration`: a negative answer is reused this long.
pub const DEFAULT_INACTIVE_CACHE_MS: u64 = 5_000;
/// A failed call's verdict (`introspection_unavailable`) is reused this
/// long, so a flood of requests does not become a flood of calls to a
/// failing endpoint; requests after it try again.
pub const FAILURE_CACHE_MS: u64 = 1_000;
/// Default entry cap of the introspection cache, per provider.
pub const DEFAULT_CACHE_SIZE: usize = 1_000;
/// Default call timeout.
pub const DEFAULT_TIMEOUT_MS: u64 = 5_000;

/// The introspection endpoint, split as the adapters need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The full URL (the worker fetches it).
    pub uri: String,
    /// `host[:port]`, sent as `:authority` by Envoy.
    pub authority: String,
    /// Path and query.
    pub path: String,
}

impl Endpoint {
    /// Checks `uri` as key-set URLs are checked (https, or http to
    /// loopback unless `allow_insecure_http`).
    ///
    /// # Errors
    /// The URL's [`UrlError`].
    pub fn new(uri: &str, allow_insecure_http: bool) -> Result<Endpoint, UrlError> {
        let url = check_fetch_url(uri, allow_insecure_http)?;
        Ok(Endpoint {
            uri: uri.to_owned(),
            authority: url.authority.to_owned(),
            path: url.path,
        })
    }
}

/// One provider's introspection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Introspection {
    /// Where to send requests; `None` until set (by configuration, or by
    /// discovery through [`Introspection::set_endpoint`]). Without one,
    /// every token this provider would introspect is refused
    /// `introspection_unavailable`.
    pub endpoint: Option<Endpoint>,
    /// The Envoy cluster to call (Envoy only).
    pub cluster: Option<String>,
    /// The call's timeout.
    pub timeout_ms: u64,
    /// How the edge authenticates.
    pub client: ClientAuth,
    /// An active answer is reused at most this long.
    pub cache_duration_ms: u64,
    /// A negative answer is reused this long.
    pub inactive_cache_ms: u64,
    /// Entries of the introspection cache (at least 1).
    pub cache_size: usize,
    /// JWTs are introspected too (after their own checks; both must pass).
    pub introspect_jwts: bool,
    /// The provider has no key set: every token is introspected.
    pub without_keys: bool,
    /// Whether `http://` to a host that is not loopback is allowed.
    pub allow_insecure_http: bool,
}

/// The POST the adapter sends (RFC 7662 §2.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntrospectionRequest {
    /// The endpoint.
    pub endpoint: Endpoint,
    /// Headers beside `:method`, `:path`, `:authority`: content type,
    /// accept, and `authorization` for `client_secret_basic`.
    pub headers: Vec<(String, String)>,
    /// The form body.
    pub body: String,
}

impl Introspection {
    /// Sets the endpoint (discovery's `introspection_endpoint`).
    ///
    /// # Errors
    /// The URL's [`UrlError`]; the endpoint is left as it was.
    pub fn set_endpoint(&mut self, uri: &str) -> Result<(), UrlError> {
        self.endpoint = Some(Endpoint::new(uri, self.allow_insecure_http)?);
        Ok(())
    }

    /// Whether `token` goes to the endpoint: an opaque token always; a
    /// compact JWS with `introspect_jwts`, or when there are no keys.
    pub fn applies_to(&self, token: &str) -> bool {
        self.introspect_jwts || self.without_keys || !is_jws_compact(token)
    }

    /// The request for `token`, `None` while no endpoint is known.
    pub fn request(&self, token: &str) -> Option<IntrospectionRequest> {
        let endpoint = self.endpoint.clone()?;
        let mut body = format!(
            "token={}&token_type_hint=access_token",
            form_urlencode(token)
        );
        body.extend(self.client.form_members());
        let mut headers = alloc::vec![
            (
                "content-type".to_owned(),
                "application/x-www-form-urlencoded".to_owned(),
            ),
            ("accept".to_owned(), "application/json".to_owned()),
        ];
        if let Some(authorization) = self.client.authorization() {
            headers.push(("authorization".to_owned(), authorization));
        }
        Some(IntrospectionRequest {
            endpoint,
            headers,
            body,
        })
    }

    /// Until when (Unix ms) a verdict reached from an answer received at
    /// `fetched_ms` may be reused: an active one for `cache_duration` and
    /// never past `exp`; a failure for [`FAILURE_CACHE_MS`]; any other
    /// refusal for `inactive_cache_duration`.
    pub fn cache_until_ms(&self, verdict: &Result<Introspected, Error>, fetched_ms: u64) -> u64 {
        match verdict {
            Ok(active) => {
                let until = fetched_ms.saturating_add(self.cache_duration_ms);
                let exp = active.claims.get("exp").and_then(serde_json::Value::as_f64);
                match exp {
                    // `exp` is seconds; a fraction rounds down (earlier).
                    Some(exp) if exp >= 0.0 => until.min((exp * 1_000.0) as u64),
                    Some(_) => fetched_ms,
                    None => until,
                }
            }
            Err(Error::IntrospectionUnavailable) => fetched_ms.saturating_add(FAILURE_CACHE_MS),
            Err(_) => fetched_ms.saturating_add(self.inactive_cache_ms),
        }
    }
}

/// Whether `token` has the shape of a compact JWS (three base64url
/// segments, the first starting a JSON object: `eyJ`). Anything else is
/// opaque to the edge.
pub fn is_jws_compact(token: &str) -> bool {
    let base64url = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    let mut parts = token.split('.');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(header), Some(payload), Some(signature), None) => {
            header.starts_with("eyJ")
                && base64url(header)
                && base64url(payload)
                && base64url(signature)
        }
        _ => false,
    }
}
