//! Metric names, the same on every host: `tokenward.<provider>.<event>`.
//!
//! Envoy shows them in admin `/stats` as `wasmcustom.tokenward....`.

use alloc::format;
use alloc::string::String;

/// Counted per provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric<'a> {
    /// A request with a valid token was forwarded.
    Allowed,
    /// A request was refused; the error code (`expired`, `missing`, ...).
    Denied(&'a str),
    /// A key-set fetch succeeded (updated or not modified).
    JwksFetchOk,
    /// A key-set fetch failed (status, body, timeout, network).
    JwksFetchFailed,
    /// A verified-token cache hit.
    CacheHit,
    /// A verified-token cache miss.
    CacheMiss,
}

/// The full metric name for `provider` (use `revocation` for the list).
pub fn metric_name(provider: &str, metric: Metric<'_>) -> String {
    match metric {
        Metric::Allowed => format!("tokenward.{provider}.allowed"),
        Metric::Denied(code) => format!("tokenward.{provider}.denied.{code}"),
        Metric::JwksFetchOk => format!("tokenward.{provider}.jwks_fetch_ok"),
        Metric::JwksFetchFailed => format!("tokenward.{provider}.jwks_fetch_failed"),
        Metric::CacheHit => format!("tokenward.{provider}.cache_hit"),
        Metric::CacheMiss => format!("tokenward.{provider}.cache_miss"),
    }
}
