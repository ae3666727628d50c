//! `local_jwks` and `remote_jwks` (and the revocation list's source) as
//! written: `jwt_authn`'s DataSource and `http_uri` forms, and tokenward's
//! older flat spellings.

use super::error::ConfigError;
use super::fields::{Fields, join, refuse};
use super::wire::{Remote, saturate};
use alloc::borrow::ToOwned;
use alloc::vec::Vec;
use serde_json::Value;

/// `local_jwks`: `jwt_authn`'s DataSource (`inline_string`), or, as
/// tokenward also accepts, the JWK Set itself as an object or a string.
pub(super) fn local_jwks(value: &Value, path: &str) -> Result<Vec<u8>, ConfigError> {
    match value {
        Value::String(text) => Ok(text.clone().into_bytes()),
        Value::Object(map) if map.contains_key("keys") => {
            serde_json::to_vec(value).map_err(|_| refuse(path, "not a JWK Set"))
        }
        _ => {
            let mut source = Fields::of(value, path)?;
            source.refuse_if_set(
                "filename",
                "a proxy-wasm filter cannot read files: put the JWK Set in inline_string",
            )?;
            source.refuse_if_set("inline_bytes", "put the JWK Set in inline_string")?;
            source.refuse_if_set(
                "environment_variable",
                "a proxy-wasm filter cannot read the environment: use inline_string",
            )?;
            let text = source.required_string("inline_string")?;
            source.finish()?;
            Ok(text.into_bytes())
        }
    }
}

/// `remote_jwks`: `jwt_authn`'s `http_uri` / `cache_duration`, or
/// tokenward's flat `uri` / `timeout_ms` / `cache_duration_seconds`.
pub(super) fn remote_jwks(value: &Value, path: &str) -> Result<Remote, ConfigError> {
    let mut r = Fields::of(value, path)?;
    if let Some(mut fetch) = r.object("async_fetch")? {
        // Keys are always fetched in the background, from the start and
        // ahead of expiry, whatever this says.
        fetch.flag("fast_listener")?;
        fetch.refuse_if_set(
            "failed_refetch_duration",
            "after a failed fetch the next waits cooldown_seconds",
        )?;
        fetch.finish()?;
    }
    r.refuse_if_set(
        "retry_policy",
        "a failed fetch is retried by the fetch machine after cooldown_seconds",
    )?;
    remote(r, true)
}

/// The members shared by key sets and the revocation list.
pub(super) fn remote(mut r: Fields<'_>, jwks: bool) -> Result<Remote, ConfigError> {
    let path = r.path().to_owned();
    let mut uri = r.string("uri")?;
    let mut cluster = r.string("cluster")?;
    let mut timeout_ms = r.integer("timeout_ms")?;
    if let Some(mut http) = r.object("http_uri")? {
        let conflict = |member: &str| refuse(&join(&path, member), "set in http_uri already");
        if uri.is_some() {
            return Err(conflict("uri"));
        }
        if cluster.is_some() {
            return Err(conflict("cluster"));
        }
        if timeout_ms.is_some() {
            return Err(conflict("timeout_ms"));
        }
        uri = Some(http.required_string("uri")?);
        cluster = http.string("cluster")?;
        timeout_ms = http.duration_ms("timeout")?;
        http.finish()?;
    }
    let cache_seconds = r.integer("cache_duration_seconds")?;
    let cache_duration = r.duration_ms("cache_duration")?;
    let cache_duration_ms = match (cache_seconds, cache_duration) {
        (Some(_), Some(_)) => {
            return Err(refuse(
                &join(&path, "cache_duration"),
                "set cache_duration or cache_duration_seconds, not both",
            ));
        }
        (Some(s), None) => Some(s.saturating_mul(1_000)),
        (None, ms) => ms,
    };
    let (cooldown_seconds, max_waiting_requests) = if jwks {
        let cooldown = r.integer("cooldown_seconds")?;
        (cooldown, r.integer("max_waiting_requests")?.map(saturate))
    } else {
        (None, None)
    };
    let allow_insecure_http = r.flag("allow_insecure_http")?;
    let uri = uri.ok_or_else(|| refuse(&join(&path, "http_uri"), "required"))?;
    r.finish()?;
    Ok(Remote {
        uri,
        cluster,
        timeout_ms,
        cache_duration_ms,
        cooldown_seconds,
        allow_insecure_http,
        max_waiting_requests,
    })
}
