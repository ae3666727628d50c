//! Metric names, the same on every host: `tokenward.<provider>.<event>`,
//! with `jwt_authn`'s event names (`allowed`, `denied`,
//! `jwks_fetch_success`, `jwks_fetch_failed`, `jwt_cache_hit`,
//! `jwt_cache_miss`, `cors_preflight_bypassed`), so dashboards built on
//! `jwt_authn` carry over, plus tokenward's per-code denials
//! (`denied.<code>`).
//!
//! Envoy shows them in admin `/stats` as `wasmcustom.tokenward....`.

use alloc::format;
use alloc::string::String;

/// Counted per provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric<'a> {
    /// A request with a valid token was forwarded.
    Allowed,
    /// A request was refused, whatever the code (`jwt_authn`'s `denied`).
    Denied,
    /// A request was refused with this code (`expired`, `missing`, ...).
    DeniedWith(&'a str),
    /// A key-set fetch succeeded (updated or not modified).
    JwksFetchSuccess,
    /// A key-set fetch failed (status, body, timeout, network).
    JwksFetchFailed,
    /// A verified-token cache hit.
    JwtCacheHit,
    /// A verified-token cache miss.
    JwtCacheMiss,
}

/// The full metric name for `provider` (use `revocation` for the list).
pub fn metric_name(provider: &str, metric: Metric<'_>) -> String {
    match metric {
        Metric::Allowed => format!("tokenward.{provider}.allowed"),
        Metric::Denied => format!("tokenward.{provider}.denied"),
        Metric::DeniedWith(code) => format!("tokenward.{provider}.denied.{code}"),
        Metric::JwksFetchSuccess => format!("tokenward.{provider}.jwks_fetch_success"),
        Metric::JwksFetchFailed => format!("tokenward.{provider}.jwks_fetch_failed"),
        Metric::JwtCacheHit => format!("tokenward.{provider}.jwt_cache_hit"),
        Metric::JwtCacheMiss => format!("tokenward.{provider}.jwt_cache_miss"),
    }
}

/// CORS preflights passed by `bypass_cors_preflight` (no provider).
pub const CORS_PREFLIGHT_BYPASSED: &str = "tokenward.cors_preflight_bypassed";
