//! The validated edge configuration: what [`super::Gateway`] runs on.
//!
//! Parsed from JSON ([`EdgeConfig::from_json`]; the schema is in
//! `crates/envoy/README.md`) and checked once, so request handling never
//! meets an inconsistent configuration.

use super::error::ConfigError;
use super::fields::{join, refuse};
use super::header_names;
pub use super::issuers::IssuerEntry;
use super::subjects::SubjectMatch;
use super::wire;
use crate::alg::Algorithm;
use crate::fetch_url::{UrlError, check_fetch_url};
use crate::key_set::KeySet;
use crate::remote::FetchPolicy;
use crate::revocation::RevocationList;
use crate::verifier::{IssuerChoice, Profile, ValidationOptions};
use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;

/// The subject header set on every allowed request with a verified token.
pub const SUBJECT_HEADER: &str = "x-tokenward-sub";
/// `user` or `service`, from [`crate::verifier::IdentityKind`].
pub const KIND_HEADER: &str = "x-tokenward-kind";
/// The name of the provider that verified the token.
pub const PROVIDER_HEADER: &str = "x-tokenward-provider";

/// The `Authorization` prefix of a DPoP-bound token (RFC 9449 §7.1).
pub(crate) const DPOP_PREFIX: &str = "DPoP ";

const DEFAULT_REALM: &str = "tokenward";
const DEFAULT_CACHE_SIZE: usize = 1_000;
/// `jwt_authn`'s default skew, so migrated configurations behave the same.
const DEFAULT_CLOCK_SKEW: u64 = 60;

/// Where a token may be found in a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenSource {
    /// A header (lower-case name), with a prefix matched case-insensitively.
    Header {
        /// Lower-case header name.
        name: String,
        /// Prefix before the token (`"Bearer "`), empty for none.
        prefix: String,
    },
    /// A cookie by name.
    Cookie(String),
    /// A query parameter by name.
    Query(String),
}

/// One claim copied into one request header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimHeader {
    /// Lower-case header name.
    pub header: String,
    /// Claim name, or a dotted path into nested objects (`org.id`).
    pub claim: String,
}

/// Where and how often to fetch a remote document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteSource {
    /// The full URL (the worker fetches it).
    pub uri: String,
    /// `host[:port]` of the URL, sent as `:authority` by Envoy.
    pub authority: String,
    /// Path and query of the URL.
    pub path: String,
    /// Envoy cluster to send the fetch to (Envoy only).
    pub cluster: Option<String>,
    /// Timing of the fetch machine.
    pub policy: FetchPolicy,
}

/// Where a provider's keys come from.
#[derive(Debug, Clone)]
pub enum KeySource {
    /// A key set written into the configuration.
    Inline(KeySet),
    /// A JWKS endpoint, fetched by the adapter with a [`crate::remote::JwksFetch`].
    Remote(RemoteSource),
    /// The issuer's metadata document, then the key set it names (see
    /// [`super::DiscoverySource`]).
    Discovered(super::DiscoverySource),
}

/// A token provider: its issuers (each with its checks and key source),
/// and where tokens are found and what headers they set.
#[derive(Debug, Clone)]
pub struct Provider {
    /// Configuration name; also the metrics prefix.
    pub name: String,
    /// Its issuers, in configuration order (one for `jwt_authn`'s single
    /// `issuer`); a token is verified by the one its `iss` names
    /// ([`Provider::choose_issuer`]).
    pub issuers: Vec<IssuerEntry>,
    /// The choice among `issuers`, checked not to be ambiguous.
    pub(super) choice: IssuerChoice,
    /// Token locations, tried in order.
    pub sources: Vec<TokenSource>,
    /// Claims copied into request headers.
    pub claim_headers: Vec<ClaimHeader>,
    /// Header receiving the base64url claims JSON, if any.
    pub payload_header: Option<String>,
    /// `subjects.prefix` / `suffix` (an exact `sub` is the verifier's).
    pub subject_match: Option<SubjectMatch>,
    /// Verified-token cache capacity (`jwt_cache_config.jwt_cache_size`,
    /// else the configuration's `cache_size`; 0 disables it).
    pub cache_size: usize,
    /// Keep the token where it was found (header, cookie or query
    /// parameter) for the upstream; by default it is removed (as
    /// `jwt_authn`'s `forward`).
    pub forward: bool,
    /// DPoP (tokenward's `dpop` member): `Authorization: DPoP` tokens with
    /// their proof, checked against the request; `None` refuses bound tokens
    /// (`binding_not_verified`) as before.
    pub dpop: Option<super::EdgeDpop>,
    /// Token introspection (tokenward's `introspection` member, RFC 7662):
    /// opaque tokens (and JWTs with `introspect_jwts`) are checked at the
    /// provider's endpoint. `None`: an opaque token is `malformed`.
    pub introspection: Option<crate::introspection::Introspection>,
    /// Certificate binding (tokenward's `certificate_bound_tokens` member):
    /// `cnf["x5t#S256"]` checked against the connection's client
    /// certificate; `None` refuses such tokens (`binding_not_verified`).
    pub certificate_bound_tokens: Option<super::EdgeCertificates>,
}

/// What a matching rule requires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requirement {
    /// No verification: pass.
    None,
    /// A valid token from any of these providers (indices). With
    /// `allow_missing`, a request with no token at all passes too (an
    /// invalid token is still refused); with `allow_failed`, every request
    /// passes, and only a valid token adds identity headers (as
    /// `jwt_authn`'s `allow_missing_or_failed`).
    Providers {
        /// Indices into [`EdgeConfig::providers`].
        providers: Vec<usize>,
        /// Whether the absence of any token is acceptable.
        allow_missing: bool,
        /// Whether a missing or invalid token is acceptable.
        allow_failed: bool,
    },
}

/// Which request paths a rule applies to (query excluded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathMatch {
    /// Paths starting with this (`match.prefix`).
    Prefix(String),
    /// This path exactly (`match.path`).
    Exact(String),
}

impl PathMatch {
    /// Whether `path` (without query) is matched.
    pub fn matches(&self, path: &str) -> bool {
        match self {
            PathMatch::Prefix(prefix) => path.starts_with(prefix.as_str()),
            PathMatch::Exact(exact) => path == exact,
        }
    }
}

/// A path rule; the first matching rule applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The paths it applies to.
    pub matcher: PathMatch,
    /// What the rule requires.
    pub requirement: Requirement,
}

/// The revocation list source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevocationSource {
    /// Where to fetch it.
    pub remote: RemoteSource,
    /// Serve requests when no list is available (default: refuse them).
    pub fail_open: bool,
}

/// A complete, checked edge configuration.
#[derive(Debug, Clone)]
pub struct EdgeConfig {
    /// `realm` of `WWW-Authenticate`.
    pub realm: String,
    /// The providers, in name order.
    pub providers: Vec<Provider>,
    /// The rules, in configuration order.
    pub rules: Vec<Rule>,
    /// Pass requests without identity while a provider has no keys yet.
    pub fail_open_before_keys: bool,
    /// The revocation list, if any.
    pub revocation: Option<RevocationSource>,
    /// Verified-token cache capacity per provider (0 disables it).
    pub cache_size: usize,
    /// Every header the edge may set; stripped from client requests.
    pub identity_headers: Vec<String>,
    /// Pass CORS preflights whatever the rules say (as `jwt_authn`'s
    /// option of the same name): browsers never send credentials on one,
    /// so requiring a token would break every cross-origin call.
    pub bypass_cors_preflight: bool,
    /// CORS headers on refusals (tokenward's `cors` member; see
    /// [`super::Cors`]).
    pub cors: Option<super::Cors>,
}

impl EdgeConfig {
    /// Parses and checks a JSON configuration.
    ///
    /// # Errors
    /// The first [`ConfigError`] found, naming the provider or rule at fault.
    pub fn from_json(json: &[u8]) -> Result<EdgeConfig, ConfigError> {
        let wire = wire::parse(json)?;
        if wire.providers.is_empty() {
            return Err(ConfigError::NoProviders);
        }
        let realm = wire.realm.unwrap_or_else(|| DEFAULT_REALM.to_owned());
        let quotable = |b: u8| (b.is_ascii_graphic() || b == b' ') && b != b'"' && b != b'\\';
        if !realm.bytes().all(quotable) {
            return Err(ConfigError::BadRealm);
        }
        let cache_size = wire.cache_size.unwrap_or(DEFAULT_CACHE_SIZE);
        let mut providers = Vec::with_capacity(wire.providers.len());
        for (name, provider) in wire.providers {
            providers.push(provider_from_wire(name, provider, cache_size)?);
        }
        let mut rules = Vec::with_capacity(wire.rules.len());
        for (path, rule) in wire.rules {
            rules.push(rule_from_wire(&path, rule, &providers)?);
        }
        let revocation = match wire.revocation {
            None => None,
            Some(r) => {
                let base = RevocationList::fetch_policy();
                Some(RevocationSource {
                    remote: remote_from_wire("revocation", r.remote, base)?,
                    fail_open: r.fail_open,
                })
            }
        };
        header_names::check(&providers)?;
        let identity_headers = identity_headers(&providers);
        Ok(EdgeConfig {
            realm,
            providers,
            rules,
            fail_open_before_keys: wire.fail_open_before_keys,
            revocation,
            cache_size,
            identity_headers,
            bypass_cors_preflight: wire.bypass_cors_preflight,
            cors: wire.cors,
        })
    }

    /// The index of the provider called `name`.
    pub fn provider_index(&self, name: &str) -> Option<usize> {
        self.providers.iter().position(|p| p.name == name)
    }
}

fn provider_from_wire(
    name: String,
    p: wire::Provider,
    default_cache_size: usize,
) -> Result<Provider, ConfigError> {
    let valid_name = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !valid_name {
        return Err(ConfigError::BadProviderName { name });
    }
    let algorithms = match &p.algorithms {
        None => Algorithm::ASYMMETRIC.to_vec(),
        Some(names) => {
            let mut algs = Vec::with_capacity(names.len());
            for alg in names {
                algs.push(
                    Algorithm::from_name(alg).ok_or_else(|| ConfigError::BadAlgorithm {
                        provider: name.clone(),
                        algorithm: alg.clone(),
                    })?,
                );
            }
            algs
        }
    };
    let profile = match p.profile.as_deref() {
        None | Some("jwt") => Profile::Jwt,
        Some("access_token") => Profile::AccessToken,
        Some(other) => {
            return Err(ConfigError::BadProfile {
                provider: name,
                profile: other.to_owned(),
            });
        }
    };
    let options = ValidationOptions {
        algorithms,
        subject: match &p.subject {
            Some(wire::Subject::Exact(sub)) => Some(sub.clone()),
            _ => None,
        },
        audiences: p.audiences,
        clock_tolerance: p.clock_skew_seconds.unwrap_or(DEFAULT_CLOCK_SKEW),
        typ: p.typ,
        required_claims: p.required_claims,
        max_token_age: p.max_token_age_seconds,
        profile,
        accept_sender_constrained_as_bearer: p.accept_sender_constrained_as_bearer,
        ..ValidationOptions::default()
    };
    let (issuers, choice) = super::issuers::entries_from_wire(&name, p.issuers, &options)?;
    let mut sources = Vec::new();
    // As `jwt_authn`: `Authorization: Bearer` only when no source at all is
    // listed (its implicit `access_token` parameter is left out: a token
    // in a URL ends up in logs and `Referer`, RFC 6750 §2.3).
    let no_source =
        p.from_headers.is_none() && p.from_cookies.is_empty() && p.from_params.is_empty();
    let headers = p.from_headers.unwrap_or_else(|| {
        if !no_source {
            return Vec::new();
        }
        alloc::vec![wire::HeaderSource {
            name: "authorization".to_owned(),
            value_prefix: Some("Bearer ".to_owned()),
        }]
    });
    for h in headers {
        sources.push(TokenSource::Header {
            name: header_name(&name, &h.name)?,
            prefix: h.value_prefix.unwrap_or_default(),
        });
    }
    if p.dpop.is_some() {
        // RFC 9449 §7.1: the `DPoP` scheme beside `Bearer`.
        let dpop_source = TokenSource::Header {
            name: "authorization".to_owned(),
            prefix: DPOP_PREFIX.to_owned(),
        };
        if !sources.contains(&dpop_source) {
            sources.push(dpop_source);
        }
    }
    sources.extend(p.from_cookies.into_iter().map(TokenSource::Cookie));
    sources.extend(p.from_params.into_iter().map(TokenSource::Query));
    let mut claim_headers = Vec::with_capacity(p.claim_to_headers.len());
    for c in p.claim_to_headers {
        claim_headers.push(ClaimHeader {
            header: header_name(&name, &c.header_name)?,
            claim: c.claim_name,
        });
    }
    let payload_header = match p.forward_payload_header {
        Some(h) => Some(header_name(&name, &h)?),
        None => None,
    };
    Ok(Provider {
        name,
        issuers,
        choice,
        sources,
        claim_headers,
        payload_header,
        forward: p.forward,
        subject_match: match p.subject {
            Some(wire::Subject::Prefix(prefix)) => Some(SubjectMatch::Prefix(prefix)),
            Some(wire::Subject::Suffix(suffix)) => Some(SubjectMatch::Suffix(suffix)),
            _ => None,
        },
        cache_size: p.cache_size.unwrap_or(default_cache_size),
        dpop: p.dpop,
        introspection: p.introspection,
        certificate_bound_tokens: p.certificate_bound_tokens,
    })
}

/// A header name we may set: an HTTP token, lower-cased, not pseudo.
fn header_name(provider: &str, name: &str) -> Result<String, ConfigError> {
    const TCHAR: &[u8] = b"!#$%&'*+-.^_`|~";
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || TCHAR.contains(&b));
    if valid {
        Ok(name.to_ascii_lowercase())
    } else {
        Err(ConfigError::BadHeaderName {
            provider: provider.to_owned(),
            header: name.to_owned(),
        })
    }
}

pub(super) fn remote_from_wire(
    owner: &str,
    remote: wire::Remote,
    base: FetchPolicy,
) -> Result<RemoteSource, ConfigError> {
    let url = check_fetch_url(&remote.uri, remote.allow_insecure_http).map_err(|reason| {
        let (owner, uri) = (owner.to_owned(), remote.uri.clone());
        match reason {
            UrlError::InsecureHttp => ConfigError::InsecureUri { owner, uri },
            reason => ConfigError::BadUri { owner, uri, reason },
        }
    })?;
    let (authority, path) = (url.authority.to_owned(), url.path);
    let mut policy = base;
    if let Some(ms) = remote.timeout_ms {
        policy.timeout_ms = ms.max(1);
    }
    if let Some(ms) = remote.cache_duration_ms {
        policy = policy.fetching_every(ms);
    }
    if let Some(s) = remote.cooldown_seconds {
        policy.cooldown_ms = s.saturating_mul(1_000);
    }
    if let Some(n) = remote.max_waiting_requests {
        policy.max_waiters = n;
    }
    Ok(RemoteSource {
        authority,
        path,
        uri: remote.uri,
        cluster: remote.cluster,
        policy,
    })
}

fn rule_from_wire(
    path: &str,
    rule: wire::Rule,
    providers: &[Provider],
) -> Result<Rule, ConfigError> {
    let matcher = match rule.matcher {
        wire::PathMatch::Prefix(p) => PathMatch::Prefix(p),
        wire::PathMatch::Exact(p) => PathMatch::Exact(p),
    };
    let (PathMatch::Prefix(p) | PathMatch::Exact(p)) = &matcher;
    if !p.starts_with('/') {
        return Err(refuse(&join(path, "match"), "the path must start with /"));
    }
    let requirement = match rule.requires {
        None => Requirement::None,
        Some(tree) => {
            let mut flat = Flat::default();
            flat.add(&join(path, "requires"), tree, providers)?;
            if flat.providers.is_empty() {
                // `allow_missing` / `allow_missing_or_failed` alone: any
                // provider's token is verified, as `jwt_authn` does.
                flat.providers = (0..providers.len()).collect();
            }
            Requirement::Providers {
                providers: flat.providers,
                allow_missing: flat.allow_missing,
                allow_failed: flat.allow_failed,
            }
        }
    };
    Ok(Rule {
        matcher,
        requirement,
    })
}

/// A `requires` tree read as the one requirement tokenward applies: any of
/// some providers, perhaps with a missing (or failed) token allowed. Any
/// of any-ofs is the any of their union, so every tree `wire` accepts
/// flattens without loss.
#[derive(Default)]
struct Flat {
    providers: Vec<usize>,
    allow_missing: bool,
    allow_failed: bool,
}

impl Flat {
    fn add(
        &mut self,
        path: &str,
        tree: wire::Requires,
        providers: &[Provider],
    ) -> Result<(), ConfigError> {
        match tree {
            wire::Requires::Provider(name) => {
                let index = providers
                    .iter()
                    .position(|p| p.name == name)
                    .ok_or_else(|| {
                        refuse(
                            &join(path, "provider_name"),
                            alloc::format!("unknown provider {name:?}"),
                        )
                    })?;
                if !self.providers.contains(&index) {
                    self.providers.push(index);
                }
            }
            wire::Requires::Any(items) => {
                if items.is_empty() {
                    return Err(refuse(path, "requirements is empty"));
                }
                for (item_path, item) in items {
                    self.add(&item_path, item, providers)?;
                }
            }
            wire::Requires::AllowMissing => self.allow_missing = true,
            wire::Requires::AllowMissingOrFailed => self.allow_failed = true,
        }
        Ok(())
    }
}

fn identity_headers(providers: &[Provider]) -> Vec<String> {
    let mut headers: Vec<String> = [SUBJECT_HEADER, KIND_HEADER, PROVIDER_HEADER]
        .iter()
        .map(|h| (*h).to_owned())
        .collect();
    for p in providers {
        headers.extend(p.claim_headers.iter().map(|c| c.header.clone()));
        headers.extend(p.payload_header.iter().cloned());
    }
    headers.sort();
    headers.dedup();
    headers
}
