//! tokenward's `introspection` member of a provider: opaque access tokens
//! checked at the provider's token introspection endpoint (RFC 7662),
//! read and checked here with JSON paths.

use super::error::ConfigError;
use super::fields::{Fields, join, refuse};
use super::wire::saturate;
use crate::introspection::{
    ClientAuth, DEFAULT_CACHE_DURATION_MS, DEFAULT_CACHE_SIZE, DEFAULT_INACTIVE_CACHE_MS,
    DEFAULT_TIMEOUT_MS, Endpoint, Introspection, Secret,
};
use alloc::borrow::ToOwned;
use alloc::format;
use alloc::string::String;
use serde_json::Value;

const NO_FILES: &str = "a proxy-wasm filter can read neither files nor the environment: put the \
                        secret in inline_string (the worker passes it from its own secret binding)";

/// Reads `introspection: { endpoint, cluster, timeout, allow_insecure_http,
/// client_id, client_secret, client_auth, cache_duration,
/// inactive_cache_duration, cache_size, introspect_jwts }`. `without_keys`
/// is the provider's: whether it has a key set.
pub(crate) fn introspection(
    mut i: Fields<'_>,
    without_keys: bool,
) -> Result<Introspection, ConfigError> {
    let path = i.path().to_owned();
    let allow_insecure_http = i.flag("allow_insecure_http")?;
    // Optional beside `discovery`: the metadata document's then (the
    // provider's reader refuses its absence without one).
    let endpoint = match i.string("endpoint")? {
        None => None,
        Some(uri) => Some(
            Endpoint::new(&uri, allow_insecure_http)
                .map_err(|reason| refuse(&join(&path, "endpoint"), format!("{uri:?}: {reason}")))?,
        ),
    };
    let cluster = i.string("cluster")?;
    let timeout_ms = i
        .duration_ms("timeout")?
        .unwrap_or(DEFAULT_TIMEOUT_MS)
        .max(1);
    let client_id = i.required_string("client_id")?;
    let client_secret = match i.get("client_secret")? {
        None => return Err(refuse(&join(&path, "client_secret"), "required")),
        Some((value, secret_path)) => secret(value, &secret_path)?,
    };
    let method = i
        .string("client_auth")?
        .unwrap_or_else(|| "client_secret_basic".to_owned());
    let client = match method.as_str() {
        "client_secret_basic" => ClientAuth::Basic {
            client_id,
            client_secret,
        },
        "client_secret_post" => ClientAuth::Post {
            client_id,
            client_secret,
        },
        "private_key_jwt" => {
            return Err(refuse(
                &join(&path, "client_auth"),
                "not supported: private_key_jwt needs a signing key and tokenward only \
                 verifies; use client_secret_basic or client_secret_post",
            ));
        }
        other => {
            return Err(refuse(
                &join(&path, "client_auth"),
                format!("{other:?}: use client_secret_basic or client_secret_post"),
            ));
        }
    };
    let cache_duration_ms = i
        .duration_ms("cache_duration")?
        .unwrap_or(DEFAULT_CACHE_DURATION_MS);
    let inactive_cache_ms = i
        .duration_ms("inactive_cache_duration")?
        .unwrap_or(DEFAULT_INACTIVE_CACHE_MS);
    let cache_size = i
        .integer("cache_size")?
        .map_or(DEFAULT_CACHE_SIZE, saturate);
    if cache_size == 0 {
        return Err(refuse(
            &join(&path, "cache_size"),
            "at least 1: the verdict must be kept to answer the request that asked for it",
        ));
    }
    let introspect_jwts = i.flag("introspect_jwts")?;
    i.finish()?;
    Ok(Introspection {
        endpoint,
        cluster,
        timeout_ms,
        client,
        cache_duration_ms,
        inactive_cache_ms,
        cache_size,
        introspect_jwts,
        without_keys,
        allow_insecure_http,
    })
}

/// `client_secret`: a string, or a DataSource with `inline_string`.
fn secret(value: &Value, path: &str) -> Result<Secret, ConfigError> {
    let text: String = match value {
        Value::String(text) => text.clone(),
        _ => {
            let mut source = Fields::of(value, path)?;
            source.refuse_if_set("filename", NO_FILES)?;
            source.refuse_if_set("environment_variable", NO_FILES)?;
            source.refuse_if_set("inline_bytes", "put the secret in inline_string")?;
            let text = source.required_string("inline_string")?;
            source.finish()?;
            text
        }
    };
    if text.is_empty() {
        return Err(refuse(path, "empty"));
    }
    Ok(Secret::new(text))
}
