//! The JSON shape of the edge configuration, exactly as written by users.
//!
//! Field names follow Envoy's `jwt_authn` where it has one (`providers`,
//! `from_headers`, `value_prefix`, `claim_to_headers`, `rules`, `match`,
//! `requires`, `provider_name`, `requires_any`, `allow_missing`), so a
//! `jwt_authn` user recognises the file. Durations are integer seconds or
//! milliseconds, named with their unit. Unknown members are refused: a typo
//! must not silently disable a check.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Config {
    #[serde(default)]
    pub realm: Option<String>,
    pub providers: BTreeMap<String, Provider>,
    #[serde(default)]
    pub rules: Vec<Rule>,
    #[serde(default)]
    pub fail_open_before_keys: bool,
    #[serde(default)]
    pub revocation: Option<Revocation>,
    #[serde(default)]
    pub cache_size: Option<usize>,
    #[serde(default)]
    pub bypass_cors_preflight: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Provider {
    pub issuer: String,
    #[serde(default)]
    pub audiences: Option<Vec<String>>,
    #[serde(default)]
    pub algorithms: Option<Vec<String>>,
    /// A JWK Set, as an object or as a JSON string.
    #[serde(default)]
    pub local_jwks: Option<Value>,
    #[serde(default)]
    pub remote_jwks: Option<Remote>,
    #[serde(default)]
    pub from_headers: Option<Vec<HeaderSource>>,
    #[serde(default)]
    pub from_cookies: Vec<String>,
    #[serde(default)]
    pub from_params: Vec<String>,
    #[serde(default)]
    pub claim_to_headers: Vec<ClaimToHeader>,
    #[serde(default)]
    pub forward_payload_header: Option<String>,
    #[serde(default)]
    pub forward: bool,
    #[serde(default)]
    pub clock_skew_seconds: Option<u64>,
    #[serde(default)]
    pub typ: Option<String>,
    #[serde(default)]
    pub profile: Option<String>,
    #[serde(default)]
    pub required_claims: Vec<String>,
    #[serde(default)]
    pub max_token_age_seconds: Option<u64>,
    #[serde(default)]
    pub accept_sender_constrained_as_bearer: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Remote {
    pub uri: String,
    #[serde(default)]
    pub cluster: Option<String>,
    #[serde(default)]
    pub timeout_ms: Option<u64>,
    #[serde(default)]
    pub cache_duration_seconds: Option<u64>,
    #[serde(default)]
    pub cooldown_seconds: Option<u64>,
    #[serde(default)]
    pub allow_insecure_http: bool,
    #[serde(default)]
    pub max_waiting_requests: Option<usize>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Revocation {
    pub uri: String,
    #[serde(default)]
    pub cluster: Option<String>,
    #[serde(default)]
    pub timeout_ms: Option<u64>,
    #[serde(default)]
    pub cache_duration_seconds: Option<u64>,
    #[serde(default)]
    pub fail_open: bool,
    #[serde(default)]
    pub allow_insecure_http: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct HeaderSource {
    pub name: String,
    #[serde(default)]
    pub value_prefix: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ClaimToHeader {
    pub header_name: String,
    pub claim_name: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Rule {
    #[serde(rename = "match")]
    pub matcher: Match,
    #[serde(default)]
    pub requires: Option<Requires>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Match {
    pub prefix: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Requires {
    #[serde(default)]
    pub provider_name: Option<String>,
    #[serde(default)]
    pub requires_any: Option<Vec<String>>,
    #[serde(default)]
    pub allow_missing: Option<Vec<String>>,
}
