//! The JSON shape of the edge configuration, as written by users: Envoy's
//! `JwtAuthentication` message in proto3 JSON (`snake_case` or
//! `lowerCamelCase`), pasted as-is, plus tokenward's own members.
//!
//! Every `jwt_authn` field is either read or refused with its JSON path and
//! the reason; unknown members are refused too. What the fields mean, which
//! are tokenward's own and why some are refused: `crates/envoy/README.md`.

use super::error::ConfigError;
use super::fields::{Fields, join, refuse};
use super::wire_issuers::{Issuer, issuers};
use super::wire_keys::remote;
use super::wire_rules::rule;
use alloc::borrow::ToOwned;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde_json::Value;

pub(crate) struct Config {
    pub realm: Option<String>,
    /// In name order.
    pub providers: Vec<(String, Provider)>,
    pub rules: Vec<(String, Rule)>,
    pub fail_open_before_keys: bool,
    pub revocation: Option<Revocation>,
    pub cache_size: Option<usize>,
    pub bypass_cors_preflight: bool,
    pub cors: Option<super::cors::Cors>,
}

pub(crate) struct Provider {
    /// One entry for `jwt_authn`'s single `issuer`, or tokenward's `issuers`.
    pub issuers: Vec<Issuer>,
    pub audiences: Option<Vec<String>>,
    pub subject: Option<Subject>,
    pub algorithms: Option<Vec<String>>,
    pub from_headers: Option<Vec<HeaderSource>>,
    pub from_cookies: Vec<String>,
    pub from_params: Vec<String>,
    pub claim_to_headers: Vec<ClaimToHeader>,
    pub forward_payload_header: Option<String>,
    pub forward: bool,
    pub clock_skew_seconds: Option<u64>,
    pub typ: Option<String>,
    pub profile: Option<String>,
    pub required_claims: Vec<String>,
    pub max_token_age_seconds: Option<u64>,
    pub accept_sender_constrained_as_bearer: bool,
    pub cache_size: Option<usize>,
    pub dpop: Option<super::wire_dpop::EdgeDpop>,
    pub introspection: Option<crate::introspection::Introspection>,
    pub certificate_bound_tokens: Option<super::wire_certificate::EdgeCertificates>,
}

/// `subjects`: one of the StringMatcher forms tokenward applies.
pub(crate) enum Subject {
    Exact(String),
    Prefix(String),
    Suffix(String),
}

pub(crate) enum Keys {
    /// The JWK Set text.
    Local(Vec<u8>),
    Remote(Remote),
    /// Found from the issuer (tokenward's `discovery`).
    Discovery(super::wire_discovery::Discovery),
}

pub(crate) struct Remote {
    pub uri: String,
    pub cluster: Option<String>,
    pub timeout_ms: Option<u64>,
    pub cache_duration_ms: Option<u64>,
    pub cooldown_seconds: Option<u64>,
    pub allow_insecure_http: bool,
    pub max_waiting_requests: Option<usize>,
}

pub(crate) struct Revocation {
    pub remote: Remote,
    pub fail_open: bool,
}

pub(crate) struct HeaderSource {
    pub name: String,
    pub value_prefix: Option<String>,
}

pub(crate) struct ClaimToHeader {
    pub header_name: String,
    pub claim_name: String,
}

pub(crate) enum PathMatch {
    Prefix(String),
    Exact(String),
}

pub(crate) struct Rule {
    pub matcher: PathMatch,
    pub requires: Option<Requires>,
}

/// A `JwtRequirement` tree, as written.
pub(crate) enum Requires {
    Provider(String),
    Any(Vec<(String, Requires)>),
    AllowMissing,
    AllowMissingOrFailed,
}

const METADATA: &str = "a proxy-wasm filter cannot write the dynamic metadata other filters read \
                        as jwt_authn's; use claim_to_headers or forward_payload_header";

const JWT_AUTHENTICATION: &str =
    "type.googleapis.com/envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication";

/// Reads the configuration JSON.
pub(crate) fn parse(json: &[u8]) -> Result<Config, ConfigError> {
    let value: Value = serde_json::from_slice(json).map_err(|e| ConfigError::Syntax {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let mut top = Fields::of(&value, "")?;
    // A `typed_config` block pasted whole still names its message type.
    top.only(
        "@type",
        &Value::from(JWT_AUTHENTICATION),
        "this filter reads jwt_authn's JwtAuthentication",
    )?;
    let mut providers = Vec::new();
    if let Some((map, path)) = top.get("providers")? {
        let Value::Object(map) = map else {
            return Err(refuse(&path, "expected an object of providers by name"));
        };
        for (name, item) in map {
            let item_path = join(&path, name);
            providers.push((name.clone(), provider(item, &item_path)?));
        }
        providers.sort_by(|a, b| a.0.cmp(&b.0));
    }
    let mut rules = Vec::new();
    for (item, path) in top.array("rules")? {
        rules.push((path.clone(), rule(item, &path)?));
    }
    let bypass_cors_preflight = top.flag("bypass_cors_preflight")?;
    top.refuse_if_set(
        "filter_state_rules",
        "rules select by request path; requirements chosen by filter state are not read",
    )?;
    top.refuse_if_set(
        "requirement_map",
        "per-route requirements (PerRouteConfig) are not read: use rules",
    )?;
    top.refuse_if_set(
        "stat_prefix",
        "metrics are named tokenward.<provider>.<event>",
    )?;
    top.only(
        "strip_failure_response",
        &Value::Bool(false),
        "a refusal always carries WWW-Authenticate (RFC 6750)",
    )?;
    let realm = top.string("realm")?;
    let fail_open_before_keys = top.flag("fail_open_before_keys")?;
    let revocation = match top.object("revocation")? {
        None => None,
        Some(mut r) => {
            let fail_open = r.flag("fail_open")?;
            Some(Revocation {
                remote: remote(r, false)?,
                fail_open,
            })
        }
    };
    let cache_size = top.integer("cache_size")?.map(saturate);
    let cors = match top.object("cors")? {
        None => None,
        Some(fields) => Some(super::cors::parse(fields)?),
    };
    top.finish()?;
    Ok(Config {
        realm,
        providers,
        rules,
        fail_open_before_keys,
        revocation,
        cache_size,
        bypass_cors_preflight,
        cors,
    })
}

pub(super) fn saturate(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

fn provider(value: &Value, path: &str) -> Result<Provider, ConfigError> {
    let mut p = Fields::of(value, path)?;
    let listed = p.get("issuers")?.is_some();
    let without_keys = !listed
        && p.get("local_jwks")?.is_none()
        && p.get("remote_jwks")?.is_none()
        && p.get("discovery")?.is_none();
    let introspection = match p.object("introspection")? {
        None => None,
        // An answer's `iss` is checked against the provider's one issuer;
        // with several, the combination is refused rather than guessed.
        Some(_) if listed => {
            return Err(refuse(
                &join(path, "introspection"),
                "not supported together with issuers: an introspected token's iss is checked \
                 against the provider's single issuer (use a provider per issuer)",
            ));
        }
        Some(fields) => Some(super::wire_introspection::introspection(
            fields,
            without_keys,
        )?),
    };
    // Without `endpoint`, only a metadata document can name one.
    if introspection.as_ref().is_some_and(|i| i.endpoint.is_none()) && p.get("discovery")?.is_none()
    {
        return Err(refuse(
            &join(&join(path, "introspection"), "endpoint"),
            "required without discovery (with discovery, the metadata document's \
             introspection_endpoint is used)",
        ));
    }
    let issuers = issuers(&mut p, introspection.is_some())?;
    // proto3 JSON cannot tell an empty list from an absent one, and
    // `jwt_authn` reads both as "no audience check".
    let audiences = p.strings("audiences")?.filter(|a| !a.is_empty());
    let subject = match p.object("subjects")? {
        None => None,
        Some(m) => Some(subjects(m)?),
    };
    p.refuse_if_set(
        "max_lifetime",
        "tokenward bounds a token's age (max_token_age_seconds: now - iat), not its remaining lifetime",
    )?;
    p.only(
        "require_expiration",
        &Value::Bool(true),
        "tokenward always requires exp",
    )?;
    let from_headers = match p.get("from_headers")? {
        None => None,
        Some((list, list_path)) => Some(header_sources(list, &list_path)?),
    };
    let from_cookies = p.strings("from_cookies")?.unwrap_or_default();
    let from_params = p.strings("from_params")?.unwrap_or_default();
    let mut claim_to_headers = Vec::new();
    for (item, item_path) in p.array("claim_to_headers")? {
        let mut c = Fields::of(item, &item_path)?;
        let header_name = c.required_string("header_name")?;
        let claim_name = c.required_string("claim_name")?;
        c.finish()?;
        claim_to_headers.push(ClaimToHeader {
            header_name,
            claim_name,
        });
    }
    let forward_payload_header = p.string("forward_payload_header")?;
    p.only(
        "pad_forward_payload_header",
        &Value::Bool(false),
        "the payload header is base64url without padding",
    )?;
    let forward = p.flag("forward")?;
    for metadata in [
        "payload_in_metadata",
        "header_in_metadata",
        "failed_status_in_metadata",
        "normalize_payload_in_metadata",
    ] {
        p.refuse_if_set(metadata, METADATA)?;
    }
    p.only(
        "clear_route_cache",
        &Value::Bool(false),
        "routes are not recomputed after the filter sets headers",
    )?;
    let clock_skew_seconds = p.integer("clock_skew_seconds")?;
    let cache_size = match p.object("jwt_cache_config")? {
        None => None,
        Some(mut c) => {
            let size = c.integer("jwt_cache_size")?;
            c.only(
                "jwt_cache_size_bytes",
                &Value::from(0),
                "the cache is bounded by entries: use jwt_cache_size",
            )?;
            c.finish()?;
            // jwt_authn's default once the cache is configured.
            Some(size.map_or(100, saturate))
        }
    };
    let algorithms = p.strings("algorithms")?;
    let typ = p.string("typ")?;
    let profile = p.string("profile")?;
    let required_claims = p.strings("required_claims")?.unwrap_or_default();
    let max_token_age_seconds = p.integer("max_token_age_seconds")?;
    let accept_sender_constrained_as_bearer = p.flag("accept_sender_constrained_as_bearer")?;
    let dpop = match p.object("dpop")? {
        None => None,
        Some(fields) => Some(super::wire_dpop::dpop(fields)?),
    };
    if dpop.is_some() && introspection.is_some() {
        return Err(refuse(
            &join(path, "introspection"),
            "not supported together with dpop: an introspected token's binding is not checked",
        ));
    }
    let certificate_bound_tokens = match p.object("certificate_bound_tokens")? {
        None => None,
        Some(fields) => Some(super::wire_certificate::certificate_bound_tokens(fields)?),
    };
    p.finish()?;
    Ok(Provider {
        issuers,
        audiences,
        subject,
        algorithms,
        from_headers,
        from_cookies,
        from_params,
        claim_to_headers,
        forward_payload_header,
        forward,
        clock_skew_seconds,
        typ,
        profile,
        required_claims,
        max_token_age_seconds,
        accept_sender_constrained_as_bearer,
        cache_size,
        dpop,
        introspection,
        certificate_bound_tokens,
    })
}

fn subjects(mut m: Fields<'_>) -> Result<Subject, ConfigError> {
    let path = m.path().to_owned();
    for kind in ["contains", "safe_regex"] {
        m.refuse_if_set(kind, "use exact, prefix or suffix")?;
    }
    m.only(
        "ignore_case",
        &Value::Bool(false),
        "sub is compared case-sensitively",
    )?;
    let exact = m.string("exact")?.map(Subject::Exact);
    let prefix = m.string("prefix")?.map(Subject::Prefix);
    let suffix = m.string("suffix")?.map(Subject::Suffix);
    m.finish()?;
    let mut set: Vec<Subject> = [exact, prefix, suffix].into_iter().flatten().collect();
    let empty = set.iter().any(|s| {
        let (Subject::Exact(v) | Subject::Prefix(v) | Subject::Suffix(v)) = s;
        v.is_empty()
    });
    if set.len() != 1 || empty {
        return Err(refuse(
            &path,
            "set exactly one of exact, prefix and suffix, not empty",
        ));
    }
    Ok(set.remove(0))
}

fn header_sources(list: &Value, path: &str) -> Result<Vec<HeaderSource>, ConfigError> {
    let Value::Array(items) = list else {
        return Err(refuse(path, "expected an array"));
    };
    let mut headers = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let mut h = Fields::of(item, &alloc::format!("{path}[{i}]"))?;
        let name = h.required_string("name")?;
        let value_prefix = h.string("value_prefix")?;
        h.finish()?;
        headers.push(HeaderSource { name, value_prefix });
    }
    Ok(headers)
}
