//! JS verifier options (jose's names) -> the core's `ValidationOptions`.
//!
//! The JS side sends the options as JSON text (minus `jwks`, which it sends
//! separately, and objects such as a revocation list), serialised so that
//! no value is lost on the way (see [`crate::js_object`]). Every member is
//! read with its JS name and its JS rule: unknown names, empty strings and
//! lists, `null`, `NaN`, `Infinity`, negative or fractional durations are
//! refused with a message naming the option; nothing is read as "absent".
//! jose's vocabulary is understood: `issuer` as one string or a list,
//! `subject`, durations as seconds or jose's strings (`"30s"`, `"1h"`).

use crate::certificates::{self, CertificateRules};
use crate::dpop::{self, DpopState};
use crate::js_object::{JsObject, OptionError, js_number};
use core::fmt;
use tokenward_core::Algorithm;
use tokenward_core::key_set::KeySetOptions;
use tokenward_core::oidc::IdTokenRules;
use tokenward_core::verifier::{
    IssuerPattern, IssuerTemplate, Issuers, OptionsError, Profile, Tenants, ValidationOptions,
};
use wasm_bindgen::prelude::*;

/// Default size of the verified-token cache when `cache: {}` names none.
pub const DEFAULT_CACHE_ENTRIES: usize = 1000;

/// The members `new Verifier(...)` takes (besides `jwks` and `revocation`,
/// which the JS side handles).
const KNOWN: &[&str] = &[
    "issuer",
    "tenants",
    "subject",
    "audience",
    "algorithms",
    "clockTolerance",
    "typ",
    "requiredClaims",
    "maxTokenAge",
    "maxTokenLength",
    "requireExp",
    "clientId",
    "maxAge",
    "profile",
    "allowSymmetric",
    "cache",
    "acceptSenderConstrainedAsBearer",
    "dpop",
    "certificateBoundTokens",
];

/// Everything a JS options object turns into.
#[derive(Debug)]
pub struct BindingOptions {
    /// The core's validation options.
    pub validation: ValidationOptions,
    /// How the inline key set is parsed.
    pub key_set: KeySetOptions,
    /// Verified-token cache size; `None` for no cache.
    pub cache_entries: Option<usize>,
    /// DPoP rules and replay cache (`dpop: { ... }`); `None` for none.
    pub dpop: Option<DpopState>,
    /// Certificate binding (`certificateBoundTokens: { required }`);
    /// `None`: certificate-bound tokens stay `binding_not_verified`.
    pub certificates: Option<CertificateRules>,
}

/// Why an options object was refused (a `TypeError` with code
/// `invalid_options` on the JS side).
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BindingOptionsError {
    /// A member is unknown or has a value its option does not take.
    Option(OptionError),
    /// An `algorithms` entry the core does not know (or `none`).
    UnknownAlgorithm(String),
    /// `profile: "id_token"` without the `clientId` it needs.
    IdTokenWithoutClientId,
    /// `clientId` together with `profile: "at+jwt"` or `"jwt"`.
    ConflictingProfile,
    /// The core refused the combination.
    Core(OptionsError),
}

impl From<OptionError> for BindingOptionsError {
    fn from(error: OptionError) -> Self {
        BindingOptionsError::Option(error)
    }
}

impl fmt::Display for BindingOptionsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BindingOptionsError::Option(error) => write!(f, "{error}"),
            BindingOptionsError::UnknownAlgorithm(name) => {
                write!(f, "unsupported algorithm {name:?} in algorithms")
            }
            BindingOptionsError::IdTokenWithoutClientId => {
                f.write_str("profile \"id_token\" needs clientId")
            }
            BindingOptionsError::ConflictingProfile => f.write_str(
                "clientId selects the ID-token profile; profile must be \"id_token\" or left out",
            ),
            BindingOptionsError::Core(OptionsError::AccessTokenNeedsIssuerAndAudience) => {
                f.write_str("profile \"at+jwt\" needs issuer and audience")
            }
            BindingOptionsError::Core(OptionsError::IdTokenNeedsIssuerAndClientId) => {
                f.write_str("clientId (the ID-token profile) needs issuer")
            }
            BindingOptionsError::Core(OptionsError::NoAlgorithms) => {
                f.write_str("algorithms must not be empty")
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
        let mut js = JsObject::parse(json, "Verifier options", KNOWN)?;
        let defaults = ValidationOptions::default();
        let algorithms = match js.strings("algorithms", true)? {
            None => defaults.algorithms.clone(),
            Some(names) => names
                .iter()
                .map(|name| {
                    Algorithm::from_name(name)
                        .ok_or_else(|| BindingOptionsError::UnknownAlgorithm(name.clone()))
                })
                .collect::<Result<_, _>>()?,
        };
        let profile = profile(js.string("profile")?, js.string("clientId")?)?;
        let cache_entries = match js.object("cache", "cache.", &["maxEntries"])? {
            None => None,
            Some(mut cache) => Some(
                cache
                    .whole("maxEntries", "entries", 1)?
                    .map_or(DEFAULT_CACHE_ENTRIES, |entries| {
                        usize::try_from(entries).unwrap_or(usize::MAX)
                    }),
            ),
        };
        let dpop = dpop::from_options(&mut js)?;
        let (issuer, issuer_template) = issuer(&mut js)?;
        let certificates = certificates::from_options(&mut js)?;
        let validation = ValidationOptions {
            algorithms,
            issuer,
            issuer_template,
            subject: js.string("subject")?,
            audiences: js.one_or_more_strings("audience")?,
            clock_tolerance: js
                .duration("clockTolerance")?
                .unwrap_or(defaults.clock_tolerance),
            typ: js.string("typ")?,
            required_claims: js.strings("requiredClaims", true)?.unwrap_or_default(),
            max_token_age: js.duration("maxTokenAge")?,
            max_age: js.duration("maxAge")?,
            require_exp: js.boolean("requireExp")?.unwrap_or(defaults.require_exp),
            max_token_length: match js.whole("maxTokenLength", "bytes", 1)? {
                Some(bytes) => usize::try_from(bytes).unwrap_or(usize::MAX),
                None => defaults.max_token_length,
            },
            profile,
            accept_sender_constrained_as_bearer: js
                .boolean("acceptSenderConstrainedAsBearer")?
                .unwrap_or(false),
            ..defaults
        };
        let key_set = KeySetOptions {
            allow_symmetric: js.boolean("allowSymmetric")?.unwrap_or(false),
            ..KeySetOptions::default()
        };
        validation.validate().map_err(BindingOptionsError::Core)?;
        Ok(BindingOptions {
            validation,
            key_set,
            cache_entries,
            dpop,
            certificates,
        })
    }
}

/// `clientId` selects the ID-token profile; `profile` may say so too, but
/// must not contradict it.
fn profile(
    name: Option<String>,
    client_id: Option<String>,
) -> Result<Profile, BindingOptionsError> {
    match (name.as_deref(), client_id) {
        (None | Some("id_token"), Some(client_id)) => {
            Ok(Profile::IdToken(IdTokenRules { client_id }))
        }
        (Some("jwt" | "at+jwt"), Some(_)) => Err(BindingOptionsError::ConflictingProfile),
        (Some("id_token"), None) => Err(BindingOptionsError::IdTokenWithoutClientId),
        (Some("at+jwt"), None) => Ok(Profile::AccessToken),
        (None | Some("jwt"), None) => Ok(Profile::Jwt),
        (Some(other), _) => Err(BindingOptionsError::Option(OptionError(format!(
            "profile must be \"jwt\", \"at+jwt\" or \"id_token\" (got {other:?})"
        )))),
    }
}

/// The per-call options of `verify` / `verifyAsync`, as the wasm side gets
/// them (the JS side has checked their types and names).
#[derive(Debug, Clone, Copy)]
pub struct CallOptions;

/// [`CallOptions::check`] for the JS side, before it starts a call: `false`
/// with the last error set (`invalid_options`).
#[wasm_bindgen(js_name = checkCallOptions)]
pub fn check_call_options(now: f64, nonce: Option<String>, access_token: Option<String>) -> bool {
    match CallOptions::check(now, nonce.as_deref(), access_token.as_deref()) {
        Ok(_) => true,
        Err(error) => {
            crate::output::set_error(crate::verifier::INVALID_OPTIONS, error.to_string());
            false
        }
    }
}

/// Beyond this, `now` is surely milliseconds (10¹¹ s is the year 5138).
pub const MAX_NOW_SECONDS: f64 = 1e11;

impl CallOptions {
    /// `now` in whole Unix seconds, after refusing what cannot be seconds
    /// (`NaN`, `±Infinity`, negative, `Date.now()` milliseconds), and the
    /// per-call strings after refusing empty ones.
    ///
    /// # Errors
    /// The refusal, naming the option.
    pub fn check(
        now: f64,
        nonce: Option<&str>,
        access_token: Option<&str>,
    ) -> Result<i64, OptionError> {
        if !(0.0..MAX_NOW_SECONDS).contains(&now) {
            return Err(OptionError(format!(
                "now must be Unix seconds, a finite number from 0 to 1e11 (got {}); \
                 Date.now() is milliseconds: pass Date.now() / 1000",
                js_number(now)
            )));
        }
        for (name, value) in [("nonce", nonce), ("accessToken", access_token)] {
            if value == Some("") {
                return Err(OptionError(format!(
                    "{name} must be a non-empty string (leave it out for no check)"
                )));
            }
        }
        // In range, so the conversion is exact after `floor`.
        Ok(now.floor() as i64)
    }
}

#[cfg(test)]
mod tests;

/// `issuer` (one or several, exact) or, with `tenants`, one issuer
/// template holding `{tenantid}`: the core's rule decides which it is.
fn issuer(
    js: &mut JsObject,
) -> Result<(Option<Issuers>, Option<IssuerTemplate>), BindingOptionsError> {
    let issuers = js.one_or_more_strings("issuer")?;
    let tenants = js.any_or_strings("tenants")?.map(|t| match t {
        None => Tenants::Any,
        Some(list) => Tenants::Only(list),
    });
    let refused = |message: String| BindingOptionsError::Option(OptionError(message));
    match (issuers, tenants) {
        (Some(list), tenants) if list.len() == 1 || tenants.is_some() => {
            let [one] = list.as_slice() else {
                return Err(refused(
                    "an issuer template (with tenants) is one issuer, not a list".into(),
                ));
            };
            match IssuerPattern::new(one, tenants) {
                Ok(IssuerPattern::Exact(exact)) => Ok((Some(exact.into()), None)),
                Ok(IssuerPattern::Template(template)) => Ok((None, Some(template))),
                Err(error) => Err(refused(format!("issuer: {error}"))),
            }
        }
        (Some(list), _) => {
            if list.iter().any(|issuer| issuer.contains(['{', '}'])) {
                return Err(refused(
                    "an issuer template (with {tenantid}) is one issuer, with tenants".into(),
                ));
            }
            Ok((Some(list.into()), None))
        }
        (None, Some(_)) => Err(refused(
            "tenants goes with an issuer template (issuer holding {tenantid})".into(),
        )),
        (None, None) => Ok((None, None)),
    }
}
