//! JS verifier options (jose's names) -> the core's `ValidationOptions`.
//!
//! The JS side sends the options as JSON text (minus `jwks`, which it sends
//! separately, and objects such as a revocation list). Unknown names are
//! refused, so a misspelt `audiance` cannot silently disable a check.

use core::fmt;
use serde::Deserialize;
use tokenward_core::Algorithm;
use tokenward_core::key_set::KeySetOptions;
use tokenward_core::oidc::IdTokenRules;
use tokenward_core::verifier::{OptionsError, Profile, ValidationOptions};

/// Default size of the verified-token cache when `cache: {}` names none.
pub const DEFAULT_CACHE_ENTRIES: usize = 1000;

/// `audience`: one string or several.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Audience {
    One(String),
    Many(Vec<String>),
}

/// `profile`: which kind of JWT is expected.
#[derive(Debug, Deserialize)]
enum ProfileName {
    #[serde(rename = "jwt")]
    Jwt,
    #[serde(rename = "at+jwt")]
    AccessToken,
    #[serde(rename = "id_token")]
    IdToken,
}

/// `cache`: the verified-token cache.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CacheOptions {
    max_entries: Option<usize>,
}

/// The options object of `new Verifier(...)`, as JSON.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct JsOptions {
    issuer: Option<String>,
    audience: Option<Audience>,
    algorithms: Option<Vec<String>>,
    clock_tolerance: Option<u64>,
    typ: Option<String>,
    required_claims: Option<Vec<String>>,
    max_token_age: Option<u64>,
    max_token_length: Option<usize>,
    require_exp: Option<bool>,
    client_id: Option<String>,
    max_age: Option<u64>,
    profile: Option<ProfileName>,
    allow_symmetric: Option<bool>,
    cache: Option<CacheOptions>,
    /// Accept `cnf` tokens as bearer tokens (the core's option of that name).
    accept_sender_constrained_as_bearer: Option<bool>,
}

/// Everything a JS options object turns into.
#[derive(Debug)]
pub struct BindingOptions {
    /// The core's validation options.
    pub validation: ValidationOptions,
    /// How the inline key set is parsed.
    pub key_set: KeySetOptions,
    /// Verified-token cache size; `None` for no cache.
    pub cache_entries: Option<usize>,
}

/// Why an options object was refused (a `TypeError` with code
/// `invalid_options` on the JS side).
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BindingOptionsError {
    /// Not the expected shape: unknown name, wrong type (serde's message).
    Shape(String),
    /// An `algorithms` entry the core does not know (or `none`).
    UnknownAlgorithm(String),
    /// `maxAge` only applies to ID tokens, which `clientId` selects.
    MaxAgeWithoutClientId,
    /// `clientId` together with `profile: "at+jwt"`.
    ConflictingProfile,
    /// The core refused the combination.
    Core(OptionsError),
}

impl fmt::Display for BindingOptionsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BindingOptionsError::Shape(why) => write!(f, "invalid verifier options: {why}"),
            BindingOptionsError::UnknownAlgorithm(name) => {
                write!(f, "unsupported algorithm {name:?} in algorithms")
            }
            BindingOptionsError::MaxAgeWithoutClientId => {
                f.write_str("maxAge applies to ID tokens: set clientId too")
            }
            BindingOptionsError::ConflictingProfile => {
                f.write_str("clientId selects the ID-token profile; it cannot be at+jwt")
            }
            BindingOptionsError::Core(error) => write!(f, "invalid verifier options: {error}"),
        }
    }
}

impl BindingOptions {
    /// Parses the JSON text of a JS options object.
    ///
    /// # Errors
    /// [`BindingOptionsError`] for anything that is not a usable configuration.
    pub fn from_json(json: &str) -> Result<BindingOptions, BindingOptionsError> {
        let js: JsOptions = serde_json::from_str(json)
            .map_err(|error| BindingOptionsError::Shape(error.to_string()))?;
        let defaults = ValidationOptions::default();
        let algorithms = match js.algorithms {
            None => defaults.algorithms.clone(),
            Some(names) => names
                .iter()
                .map(|name| {
                    Algorithm::from_name(name)
                        .ok_or_else(|| BindingOptionsError::UnknownAlgorithm(name.clone()))
                })
                .collect::<Result<_, _>>()?,
        };
        let profile = match (js.profile, js.client_id) {
            (Some(ProfileName::AccessToken), Some(_)) => {
                return Err(BindingOptionsError::ConflictingProfile);
            }
            (_, Some(client_id)) => Profile::IdToken(IdTokenRules {
                client_id,
                max_age: js.max_age,
            }),
            (Some(ProfileName::IdToken), None) => Profile::IdToken(IdTokenRules {
                client_id: String::new(),
                max_age: js.max_age,
            }),
            (_, None) if js.max_age.is_some() => {
                return Err(BindingOptionsError::MaxAgeWithoutClientId);
            }
            (Some(ProfileName::AccessToken), None) => Profile::AccessToken,
            (Some(ProfileName::Jwt) | None, None) => Profile::Jwt,
        };
        let validation = ValidationOptions {
            algorithms,
            issuer: js.issuer,
            audiences: match js.audience {
                None => Vec::new(),
                Some(Audience::One(audience)) => vec![audience],
                Some(Audience::Many(audiences)) => audiences,
            },
            clock_tolerance: js.clock_tolerance.unwrap_or(defaults.clock_tolerance),
            typ: js.typ,
            required_claims: js.required_claims.unwrap_or_default(),
            max_token_age: js.max_token_age,
            require_exp: js.require_exp.unwrap_or(defaults.require_exp),
            max_token_length: js.max_token_length.unwrap_or(defaults.max_token_length),
            profile,
            accept_sender_constrained_as_bearer: js
                .accept_sender_constrained_as_bearer
                .unwrap_or(false),
            ..defaults
        };
        validation.validate().map_err(BindingOptionsError::Core)?;
        Ok(BindingOptions {
            validation,
            key_set: KeySetOptions {
                allow_symmetric: js.allow_symmetric.unwrap_or(false),
                ..KeySetOptions::default()
            },
            cache_entries: js
                .cache
                .map(|cache| cache.max_entries.unwrap_or(DEFAULT_CACHE_ENTRIES)),
        })
    }
}

#[cfg(test)]
#[path = "options_tests.rs"]
mod tests;
