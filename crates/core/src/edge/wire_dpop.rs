//! tokenward's `dpop` member of a provider: the DPoP (RFC 9449) rules the
//! edge applies to that provider's tokens, checked here with JSON paths.

use super::error::ConfigError;
use super::fields::{Fields, refuse};
use super::wire::saturate;
use crate::alg::Algorithm;
use crate::dpop::{
    DEFAULT_NONCE_PERIOD, DEFAULT_REPLAY_CAPACITY, DpopOptions, DpopRules, MIN_SECRET_LENGTH,
    ServerNonces,
};
use alloc::borrow::ToOwned;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// A provider's DPoP rules, as the gateway applies them.
#[derive(Debug, Clone)]
pub struct EdgeDpop {
    /// The core's rules (algorithms, `iat` window, nonces).
    pub rules: DpopRules,
    /// Proofs remembered against replay, per provider (per thread or
    /// isolate unless the adapter shares the record).
    pub replay_cache_size: usize,
    /// The `algs` parameter of the challenge: the allowlist, space-separated.
    pub algs: String,
}

/// Reads `dpop: { algorithms, max_age, max_future, replay_cache_size,
/// require_nonce, nonce_secret, nonce_period, allow_unbound_tokens }`.
pub(crate) fn dpop(mut d: Fields<'_>) -> Result<EdgeDpop, ConfigError> {
    let path = d.path().to_owned();
    let mut options = DpopOptions::default();
    if let Some(names) = d.strings("algorithms")? {
        let mut algorithms = Vec::with_capacity(names.len());
        for name in names {
            let alg = Algorithm::from_name(&name).ok_or_else(|| {
                refuse(
                    &format!("{path}.algorithms"),
                    format!("unknown algorithm {name:?}"),
                )
            })?;
            algorithms.push(alg);
        }
        options.algorithms = algorithms;
    }
    if let Some(seconds) = d.integer("max_age")? {
        options.max_age = seconds;
    }
    if let Some(seconds) = d.integer("max_future")? {
        options.max_future = seconds;
    }
    let replay_cache_size = d
        .integer("replay_cache_size")?
        .map_or(DEFAULT_REPLAY_CAPACITY, saturate);
    if replay_cache_size == 0 {
        return Err(refuse(
            &format!("{path}.replay_cache_size"),
            "at least 1: without a replay record a proof could be replayed",
        ));
    }
    let require_nonce = d.flag("require_nonce")?;
    let secret = d.string("nonce_secret")?;
    let period = d.integer("nonce_period")?;
    options.nonces = match (require_nonce, secret) {
        (false, None) if period.is_none() => None,
        (false, _) => {
            return Err(refuse(
                &path,
                "nonce_secret and nonce_period apply only with require_nonce: true",
            ));
        }
        (true, None) => {
            return Err(refuse(
                &format!("{path}.nonce_secret"),
                "require_nonce needs the secret every instance shares",
            ));
        }
        (true, Some(secret)) => Some(
            ServerNonces::new(secret.as_bytes(), period.unwrap_or(DEFAULT_NONCE_PERIOD))
                .ok_or_else(|| {
                    refuse(
                        &path,
                        format!(
                            "nonce_secret needs at least {MIN_SECRET_LENGTH} bytes and nonce_period at least 1"
                        ),
                    )
                })?,
        ),
    };
    options.allow_unbound_tokens = d.flag("allow_unbound_tokens")?;
    d.finish()?;
    let algs = options
        .algorithms
        .iter()
        .map(|alg| alg.name())
        .collect::<Vec<_>>()
        .join(" ");
    let rules =
        DpopRules::new(options).map_err(|error| refuse(&format!("{path}.algorithms"), error))?;
    Ok(EdgeDpop {
        rules,
        replay_cache_size,
        algs,
    })
}
