//! A provider's `discovery` member (tokenward's own): its keys are found
//! from its issuer alone, through the issuer's metadata document (OpenID
//! Connect Discovery, or RFC 8414 with `"kind": "oauth"`), whose
//! `jwks_uri` is then followed. One kind of key source beside
//! `local_jwks` and `remote_jwks`, attached to the provider's issuer.
//!
//! ```json
//! "discovery": {"kind": "oidc", "cluster": "idp", "jwks_cluster": "idp-keys",
//!   "timeout_ms": 5000, "cache_duration_seconds": 600,
//!   "jwks_cache_duration_seconds": 300, "cooldown_seconds": 30,
//!   "max_waiting_requests": 256, "allow_insecure_http": false}
//! ```
//!
//! Every member is optional (`"discovery": {}` or `"discovery": "oidc"`
//! discover with the defaults); `cluster` and `jwks_cluster` are Envoy's.

use super::config::RemoteSource;
use super::error::ConfigError;
use super::fields::{Fields, join, refuse};
use super::wire::saturate;
use crate::discovery::{DiscoveryDocument, DiscoveryKind, discovery_url};
use crate::fetch_url::{UrlError, check_fetch_url};
use crate::remote::FetchPolicy;
use alloc::borrow::ToOwned;
use alloc::string::String;
use serde_json::Value;

/// The `discovery` member as written.
pub(crate) struct Discovery {
    kind: DiscoveryKind,
    cluster: Option<String>,
    jwks_cluster: Option<String>,
    timeout_ms: Option<u64>,
    cache_duration_ms: Option<u64>,
    jwks_cache_duration_ms: Option<u64>,
    cooldown_seconds: Option<u64>,
    max_waiting_requests: Option<usize>,
    allow_insecure_http: bool,
}

/// Where a discovered provider's documents come from, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscoverySource {
    /// The issuer the metadata document must name exactly.
    pub issuer: String,
    /// OpenID Connect Discovery or RFC 8414.
    pub kind: DiscoveryKind,
    /// The metadata document's URL, Envoy cluster and fetch policy.
    pub document: RemoteSource,
    /// The Envoy cluster the key set is fetched through (`jwks_cluster`,
    /// else `cluster`); the `:authority` is the `jwks_uri`'s.
    pub jwks_cluster: Option<String>,
    /// The key set's fetch policy.
    pub jwks_policy: FetchPolicy,
    /// The opt-in for `http://` that is not loopback, for the document and
    /// every endpoint it names.
    pub allow_insecure_http: bool,
}

/// Reads `discovery`: `"oidc"`, `"oauth"`, or an object.
pub(super) fn discovery(value: &Value, path: &str) -> Result<Discovery, ConfigError> {
    if let Value::String(name) = value {
        return Ok(Discovery::of_kind(kind(name, path)?));
    }
    let mut d = Fields::of(value, path)?;
    let kind = match d.string("kind")? {
        Some(name) => kind(&name, &join(path, "kind"))?,
        None => DiscoveryKind::Oidc,
    };
    let cluster = d.string("cluster")?;
    let jwks_cluster = d.string("jwks_cluster")?;
    let timeout_ms = d.integer("timeout_ms")?;
    let cache_duration_ms = seconds(&mut d, "cache_duration_seconds")?;
    let jwks_cache_duration_ms = seconds(&mut d, "jwks_cache_duration_seconds")?;
    let cooldown_seconds = d.integer("cooldown_seconds")?;
    let max_waiting_requests = d.integer("max_waiting_requests")?.map(saturate);
    let allow_insecure_http = d.flag("allow_insecure_http")?;
    d.finish()?;
    Ok(Discovery {
        kind,
        cluster,
        jwks_cluster,
        timeout_ms,
        cache_duration_ms,
        jwks_cache_duration_ms,
        cooldown_seconds,
        max_waiting_requests,
        allow_insecure_http,
    })
}

impl Discovery {
    fn of_kind(kind: DiscoveryKind) -> Discovery {
        Discovery {
            kind,
            cluster: None,
            jwks_cluster: None,
            timeout_ms: None,
            cache_duration_ms: None,
            jwks_cache_duration_ms: None,
            cooldown_seconds: None,
            max_waiting_requests: None,
            allow_insecure_http: false,
        }
    }

    /// The checked source for the provider `owner` of `issuer`.
    pub(super) fn source(self, owner: &str, issuer: &str) -> Result<DiscoverySource, ConfigError> {
        let uri = discovery_url(issuer, self.kind);
        let url = check_fetch_url(&uri, self.allow_insecure_http).map_err(|reason| {
            let owner = owner.to_owned();
            match reason {
                UrlError::InsecureHttp => ConfigError::InsecureUri {
                    owner,
                    uri: uri.clone(),
                },
                reason => ConfigError::BadUri {
                    owner,
                    uri: uri.clone(),
                    reason,
                },
            }
        })?;
        let (authority, path) = (url.authority.to_owned(), url.path);
        let tune = |mut policy: FetchPolicy, every: Option<u64>| {
            if let Some(ms) = self.timeout_ms {
                policy.timeout_ms = ms.max(1);
            }
            if let Some(ms) = every {
                policy = policy.fetching_every(ms);
            }
            policy
        };
        let mut jwks_policy = tune(FetchPolicy::default(), self.jwks_cache_duration_ms);
        if let Some(s) = self.cooldown_seconds {
            jwks_policy.cooldown_ms = s.saturating_mul(1_000);
        }
        if let Some(n) = self.max_waiting_requests {
            jwks_policy.max_waiters = n;
        }
        let document_policy = tune(DiscoveryDocument::fetch_policy(), self.cache_duration_ms);
        Ok(DiscoverySource {
            issuer: issuer.to_owned(),
            kind: self.kind,
            document: RemoteSource {
                uri,
                authority,
                path,
                cluster: self.cluster.clone(),
                policy: document_policy,
            },
            jwks_cluster: self.jwks_cluster.or(self.cluster),
            jwks_policy,
            allow_insecure_http: self.allow_insecure_http,
        })
    }
}

fn kind(name: &str, path: &str) -> Result<DiscoveryKind, ConfigError> {
    DiscoveryKind::from_name(name).ok_or_else(|| {
        refuse(
            path,
            "expected \"oidc\" (OpenID Connect Discovery) or \"oauth\" (RFC 8414)",
        )
    })
}

/// A whole number of seconds, in milliseconds.
fn seconds(d: &mut Fields<'_>, snake: &str) -> Result<Option<u64>, ConfigError> {
    Ok(d.integer(snake)?.map(|s| s.saturating_mul(1_000)))
}
