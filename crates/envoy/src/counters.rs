//! The per-request metric names of each provider, spelled once at
//! configuration: counting a request then formats nothing.

use tokenward_core::edge::{EdgeConfig, Metric, metric_name};

/// One provider's counters that every request may touch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderCounters {
    /// `tokenward.<provider>.allowed`.
    pub allowed: String,
    /// `tokenward.<provider>.denied`.
    pub denied: String,
    /// `tokenward.<provider>.jwt_cache_hit`.
    pub cache_hit: String,
    /// `tokenward.<provider>.jwt_cache_miss`.
    pub cache_miss: String,
}

/// The counters of every provider of `config`, in its order.
pub fn provider_counters(config: &EdgeConfig) -> Vec<ProviderCounters> {
    config
        .providers
        .iter()
        .map(|provider| {
            let name = |metric| metric_name(&provider.name, metric);
            ProviderCounters {
                allowed: name(Metric::Allowed),
                denied: name(Metric::Denied),
                cache_hit: name(Metric::JwtCacheHit),
                cache_miss: name(Metric::JwtCacheMiss),
            }
        })
        .collect()
}
