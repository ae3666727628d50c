//! A provider's issuers as written: `jwt_authn`'s single `issuer` with one
//! key source (`local_jwks`, `remote_jwks` or tokenward's `discovery`), or
//! tokenward's `issuers` list, each entry an issuer (or an issuer template
//! with `tenants`) and its own key source. `discovery` finds the keys from
//! the entry's own issuer, so an issuer template cannot use it.
//!
//! ```text
//! "issuers": [
//!   {"issuer": "https://a.example", "remote_jwks": {...}},
//!   {"issuer": "https://login.microsoftonline.com/{tenantid}/v2.0",
//!    "tenants": ["<tenant id>", ...] | "any", "remote_jwks": {...}},
//!   {"issuer": "https://b.example", "discovery": "oidc"}
//! ]
//! ```

use super::error::ConfigError;
use super::fields::{Fields, join, refuse};
use super::wire::Keys;
use super::wire_discovery::discovery;
use super::wire_keys::{local_jwks, remote_jwks};
use crate::verifier::Tenants;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::Value;

/// One issuer with its key source.
pub(crate) struct Issuer {
    /// JSON path of the entry (`providers.main.issuers[1]`), or of the
    /// provider for the single-issuer form.
    pub path: String,
    /// Whether the entry is one of an `issuers` list.
    pub listed: bool,
    pub issuer: String,
    pub tenants: Option<Tenants>,
    pub keys: Keys,
}

const ONE_FORM: &str = "with issuers, each entry names its issuer and its own key source: \
                        set issuer, tenants, local_jwks, remote_jwks and discovery in the entries";

/// The provider's issuers: its `issuers` list, or its one `issuer`.
/// `introspected`: the provider has `introspection`, so the single-issuer
/// form may have no key source (every token is then introspected).
pub(super) fn issuers(p: &mut Fields<'_>, introspected: bool) -> Result<Vec<Issuer>, ConfigError> {
    let path = String::from(p.path());
    let listed = p.array("issuers")?;
    if listed.is_empty() {
        if p.get("issuers")?.is_some() {
            return Err(refuse(&join(&path, "issuers"), "lists no issuer"));
        }
        return Ok(alloc::vec![issuer(p, path, false, introspected)?]);
    }
    for member in [
        "issuer",
        "tenants",
        "local_jwks",
        "remote_jwks",
        "discovery",
    ] {
        p.refuse_if_set(member, ONE_FORM)?;
    }
    let mut entries = Vec::with_capacity(listed.len());
    for (item, item_path) in listed {
        let mut fields = Fields::of(item, &item_path)?;
        entries.push(issuer(&mut fields, item_path, true, false)?);
        fields.finish()?;
    }
    Ok(entries)
}

fn issuer(
    f: &mut Fields<'_>,
    path: String,
    listed: bool,
    introspected: bool,
) -> Result<Issuer, ConfigError> {
    let issuer = f.required_string("issuer")?;
    let tenants = match f.get("tenants")? {
        None => None,
        Some((value, tenants_path)) => Some(tenants(value, &tenants_path)?),
    };
    let keys = match (
        f.get("local_jwks")?,
        f.get("remote_jwks")?,
        f.get("discovery")?,
    ) {
        (Some((local, at)), None, None) => Keys::Local(local_jwks(local, &at)?),
        (None, Some((remote, at)), None) => Keys::Remote(remote_jwks(remote, &at)?),
        (None, None, Some((value, at))) => Keys::Discovery(discovery(value, &at)?),
        // Every token of a provider without keys is introspected; an empty
        // set keeps the JWT path closed.
        (None, None, None) if introspected => Keys::Local(br#"{"keys":[]}"#.to_vec()),
        _ if listed => {
            return Err(refuse(
                &path,
                "set exactly one of local_jwks, remote_jwks and discovery",
            ));
        }
        _ => {
            return Err(refuse(
                &path,
                "set exactly one of local_jwks, remote_jwks and discovery (or none, with introspection)",
            ));
        }
    };
    Ok(Issuer {
        path,
        listed,
        issuer,
        tenants,
        keys,
    })
}

/// `tenants`: a list of tenant ids, or `"any"` written out.
fn tenants(value: &Value, path: &str) -> Result<Tenants, ConfigError> {
    match value {
        Value::String(any) if any == "any" => Ok(Tenants::Any),
        Value::Array(_) => Ok(Tenants::Only(super::fields::strings(value, path)?)),
        _ => Err(refuse(path, "expected a list of tenant ids, or \"any\"")),
    }
}
