//! The parsed metadata document and its fetch machine.

use crate::error::Error;
use crate::fetch_url::check_fetch_url;
use crate::json;
use crate::remote::{Document, FetchPolicy, RemoteDocument, Requirements};
use alloc::borrow::ToOwned;
use alloc::string::String;
use serde_json::{Map, Value};

/// JSON nesting cap: document -> `mtls_endpoint_aliases` or a
/// `*_supported` array -> their members. Deeper is not metadata.
const MAX_DEPTH: usize = 4;

/// Largest metadata document accepted: real ones are a few KiB.
pub const MAX_DOCUMENT_BYTES: usize = 64 * 1024;

/// The members of a provider's metadata tokenward uses; the rest is
/// ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscoveryDocument {
    issuer: String,
    jwks_uri: String,
    introspection_endpoint: Option<String>,
    revocation_endpoint: Option<String>,
}

impl DiscoveryDocument {
    /// Parses a metadata document: strict JSON (unique members, nesting
    /// capped), `issuer` and `jwks_uri` strings, the optional endpoints
    /// strings when present. The issuer and the URLs are checked against
    /// the configuration by [`Document::meets`].
    ///
    /// # Errors
    /// `too_large` over [`MAX_DOCUMENT_BYTES`]; `discovery_invalid` for
    /// anything else that is not such a document.
    pub fn from_json(body: &[u8]) -> Result<DiscoveryDocument, Error> {
        if body.len() > MAX_DOCUMENT_BYTES {
            return Err(Error::TooLarge {
                limit: MAX_DOCUMENT_BYTES,
            });
        }
        let object = json::parse_object(body, MAX_DEPTH).map_err(|_| {
            Error::DiscoveryInvalid("not a JSON object with unique members, nested at most 4 deep")
        })?;
        Ok(DiscoveryDocument {
            issuer: required(&object, "issuer", "the document has no issuer string")?,
            jwks_uri: required(&object, "jwks_uri", "the document has no jwks_uri string")?,
            introspection_endpoint: optional(
                &object,
                "introspection_endpoint",
                "introspection_endpoint is not a string",
            )?,
            revocation_endpoint: optional(
                &object,
                "revocation_endpoint",
                "revocation_endpoint is not a string",
            )?,
        })
    }

    /// The fetch policy of a metadata document: the key sets' default
    /// timing (10 minutes without `max-age`, a server's `max-age` bounded
    /// to 30 s .. 24 h), the body capped at [`MAX_DOCUMENT_BYTES`].
    pub fn fetch_policy() -> FetchPolicy {
        FetchPolicy {
            max_body_bytes: MAX_DOCUMENT_BYTES,
            ..FetchPolicy::default()
        }
    }

    /// The issuer the document names (equal to the configured one once
    /// accepted).
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The key set's URL (`jwks_uri`), checked by the fetch-URL rule.
    pub fn jwks_uri(&self) -> &str {
        &self.jwks_uri
    }

    /// RFC 7662's `introspection_endpoint`, checked by the fetch-URL rule,
    /// when the provider publishes one.
    pub fn introspection_endpoint(&self) -> Option<&str> {
        self.introspection_endpoint.as_deref()
    }

    /// RFC 7009's `revocation_endpoint`, checked by the fetch-URL rule,
    /// when the provider publishes one.
    pub fn revocation_endpoint(&self) -> Option<&str> {
        self.revocation_endpoint.as_deref()
    }
}

impl Document for DiscoveryDocument {
    fn parse(body: &[u8]) -> Result<Self, Error> {
        DiscoveryDocument::from_json(body)
    }

    /// The configured issuer exactly (no normalisation: a trailing `/` or
    /// a case change is another issuer), and every endpoint kept fetchable
    /// under the fetch-URL rule: a document must not downgrade the key
    /// set to plain `http://`.
    fn meets(&self, required: &Requirements) -> Result<(), Error> {
        if let Some(issuer) = &required.issuer
            && *issuer != self.issuer
        {
            return Err(Error::DiscoveryIssuerMismatch);
        }
        let endpoints = [
            Some(("jwks_uri", self.jwks_uri.as_str())),
            self.introspection_endpoint
                .as_deref()
                .map(|url| ("introspection_endpoint", url)),
            self.revocation_endpoint
                .as_deref()
                .map(|url| ("revocation_endpoint", url)),
        ];
        for (member, url) in endpoints.into_iter().flatten() {
            if check_fetch_url(url, required.allow_insecure_http).is_err() {
                return Err(Error::DiscoveryInvalid(match member {
                    "jwks_uri" => "jwks_uri is not https:// (or http:// to loopback)",
                    "introspection_endpoint" => {
                        "introspection_endpoint is not https:// (or http:// to loopback)"
                    }
                    _ => "revocation_endpoint is not https:// (or http:// to loopback)",
                }));
            }
        }
        Ok(())
    }
}

fn required(object: &Map<String, Value>, member: &str, why: &'static str) -> Result<String, Error> {
    match object.get(member) {
        Some(Value::String(text)) => Ok(text.clone()),
        _ => Err(Error::DiscoveryInvalid(why)),
    }
}

fn optional(
    object: &Map<String, Value>,
    member: &str,
    why: &'static str,
) -> Result<Option<String>, Error> {
    match object.get(member) {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.to_owned())),
        Some(_) => Err(Error::DiscoveryInvalid(why)),
    }
}

/// The fetch machine of one issuer's metadata document.
pub type DiscoveryFetch = RemoteDocument<DiscoveryDocument>;

impl DiscoveryFetch {
    /// A machine for `issuer`'s document with
    /// [`DiscoveryDocument::fetch_policy`]: it refuses a document naming
    /// another issuer, or an endpoint the fetch-URL rule refuses
    /// (`allow_insecure_http` is the caller's opt-in for plain `http://`).
    pub fn for_issuer(issuer: &str, allow_insecure_http: bool) -> DiscoveryFetch {
        DiscoveryFetch::with_policy(
            issuer,
            allow_insecure_http,
            DiscoveryDocument::fetch_policy(),
        )
    }

    /// As [`for_issuer`](Self::for_issuer), with a tuned policy.
    pub fn with_policy(
        issuer: &str,
        allow_insecure_http: bool,
        policy: FetchPolicy,
    ) -> DiscoveryFetch {
        RemoteDocument::requiring(
            policy,
            Requirements {
                issuer: Some(issuer.to_owned()),
                allow_insecure_http,
            },
        )
    }
}
