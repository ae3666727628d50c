//! OpenID Connect Back-Channel Logout 1.0: the logout token a provider POSTs
//! to a client when a session ends (§2.4), validated as §2.6 says.
//!
//! A logout token is a JWT, so every rule of [`Verifier`] applies first
//! (signature with the provider's key set, the `alg` allowlist, `iss`
//! exact, `aud` holding the receiver's client id, `exp` when present,
//! `cnf` refused); then the logout rules:
//!
//! - `typ` is `logout+jwt` (recommended), `JWT`, or absent; any other type
//!   (an ID token's, an access token's `at+jwt`) is `bad_typ`;
//! - `iat` is present (`missing_claim`), not older than
//!   [`LogoutRules::max_age`] (`token_too_old`) and not in the future
//!   beyond the clock tolerance;
//! - `jti` is present (`missing_claim`) and not empty;
//! - `events` is an object with the member
//!   [`BACKCHANNEL_LOGOUT_EVENT`], whose value is an object;
//! - `sid` or `sub` (or both) is present, a non-empty string;
//! - there is no `nonce`: §2.4 forbids it, so an ID token (which may carry
//!   the other claims) can never pass as a logout token.
//!
//! Replay (§2.6 step 10): [`SeenJtis`] remembers every accepted `jti` for
//! as long as the token itself would be accepted
//! ([`LogoutToken::remember_until`]); a second delivery inside that window
//! is `logout_token_replayed`, and after it the time rules refuse the token
//! anyway, so the memory stays bounded without forgetting too early.

mod claims;
mod replay;
mod rule;

pub use replay::SeenJtis;
pub use rule::LogoutRule;

use crate::alg::Algorithm;
use crate::error::Error;
use crate::header::typ_matches;
use crate::key_set::KeySet;
use crate::oidc::IdTokenBinding;
use crate::verifier::{OptionsError, Profile, ValidationOptions, Verifier};
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

/// The member of `events` that makes a JWT a back-channel logout token.
pub const BACKCHANNEL_LOGOUT_EVENT: &str = "http://schemas.openid.net/event/backchannel-logout";

/// The explicit type §2.4 recommends for logout tokens.
pub const LOGOUT_TYP: &str = "logout+jwt";

/// Default [`LogoutRules::max_age`]: a provider sends the token as the
/// session ends, so five minutes covers its retries.
pub const DEFAULT_MAX_AGE: u64 = 300;

/// Default [`LogoutRules::clock_tolerance`].
pub const DEFAULT_CLOCK_TOLERANCE: u64 = 30;

/// What a receiver expects of the logout tokens of one provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogoutRules {
    /// The provider's issuer, compared exactly with `iss`.
    pub issuer: String,
    /// The receiver's client id: `aud` must hold it.
    pub client_id: String,
    /// The `alg` allowlist. Default: the asymmetric algorithms.
    pub algorithms: Vec<Algorithm>,
    /// Upper bound on `now - iat`, in seconds. It also bounds how long a
    /// `jti` is remembered for replay.
    pub max_age: u64,
    /// Clock skew allowed on `iat` and `exp`, in seconds.
    pub clock_tolerance: u64,
}

impl LogoutRules {
    /// Rules for `issuer` and `client_id` with the default allowlist, age
    /// and tolerance.
    pub fn new(issuer: impl Into<String>, client_id: impl Into<String>) -> Self {
        LogoutRules {
            issuer: issuer.into(),
            client_id: client_id.into(),
            algorithms: ValidationOptions::default().algorithms,
            max_age: DEFAULT_MAX_AGE,
            clock_tolerance: DEFAULT_CLOCK_TOLERANCE,
        }
    }

    fn validation_options(&self) -> ValidationOptions {
        ValidationOptions {
            algorithms: self.algorithms.clone(),
            issuer: Some(self.issuer.as_str().into()),
            audiences: Some(vec![self.client_id.clone()]),
            clock_tolerance: self.clock_tolerance,
            // §2.4 makes `iat` required, `exp` optional.
            require_exp: false,
            max_token_age: Some(self.max_age),
            profile: Profile::Jwt,
            ..ValidationOptions::default()
        }
    }
}

/// What a valid logout token says: which session (`sid`) or user (`sub`)
/// of the provider ended, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct LogoutToken {
    /// The token's identifier, remembered against replay.
    pub jti: String,
    /// The session that ended, when the provider names one.
    pub sid: Option<String>,
    /// The user whose sessions ended, when the provider names one.
    pub sub: Option<String>,
    /// When the provider issued the logout (Unix seconds, its clock).
    pub iat: f64,
    /// The last second (Unix) at which this token would still be accepted:
    /// its `jti` must be remembered at least until then.
    pub remember_until: i64,
}

/// Validates logout tokens of one provider for one client.
#[derive(Debug, Clone)]
pub struct LogoutVerifier {
    verifier: Verifier,
    rules: LogoutRules,
}

impl LogoutVerifier {
    /// Builds a verifier for `rules`.
    ///
    /// # Errors
    /// [`OptionsError`] for an empty issuer, client id or allowlist.
    pub fn new(rules: LogoutRules) -> Result<Self, OptionsError> {
        let verifier = Verifier::new(rules.validation_options())?;
        Ok(LogoutVerifier { verifier, rules })
    }

    /// The rules applied.
    pub fn rules(&self) -> &LogoutRules {
        &self.rules
    }

    /// Validates `token` with `keys` at `now` (Unix seconds). Replay is not
    /// checked here: pass the result to [`SeenJtis::admit`].
    ///
    /// # Errors
    /// Any verifier error (`bad_signature`, `bad_issuer`, `bad_audience`,
    /// `expired`, `token_too_old`, `missing_claim` for `iat` or `jti`,
    /// `bad_typ`, ...), or `logout_token_invalid` naming the logout rule.
    pub fn verify(&self, token: &str, keys: &KeySet, now: i64) -> Result<LogoutToken, Error> {
        let verified = self
            .verifier
            .verify(token, keys, now, &IdTokenBinding::default())?;
        if let Some(typ) = verified.header.typ.as_deref()
            && !typ_matches(typ, LOGOUT_TYP)
            && !typ_matches(typ, "JWT")
        {
            return Err(Error::BadTyp);
        }
        claims::check(&verified.claims, now, &self.rules)
    }
}

#[cfg(test)]
mod tests;
