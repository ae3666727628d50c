//! What a `Verifier` expects of every token. Defaults are the safe ones.

use super::{IssuerTemplate, Issuers};
use crate::alg::Algorithm;
use crate::json::DEFAULT_MAX_DEPTH;
use crate::jws::DEFAULT_MAX_TOKEN_LENGTH;
use crate::oidc::IdTokenRules;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

/// Which kind of JWT the verifier accepts, with the rules that come with it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Profile {
    /// A plain JWT: only the configured checks apply.
    #[default]
    Jwt,
    /// An OAuth 2.0 access token (RFC 9068): `typ` must be `at+jwt`; `iss`,
    /// `exp`, `aud`, `sub`, `client_id`, `iat` and `jti` are required; an
    /// issuer and an audience must be configured.
    AccessToken,
    /// An OpenID Connect ID token (OIDC Core §3.1.3.7); the issuer must be
    /// configured. A token typed `at+jwt` is refused, so an access token
    /// cannot pass as an ID token.
    IdToken(IdTokenRules),
}

/// Everything a [`crate::verifier::Verifier`] checks besides the signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationOptions {
    /// The allowlist. Default: the asymmetric algorithms. HMAC needs both an
    /// entry here and an `oct` key the caller opted in to.
    pub algorithms: Vec<Algorithm>,
    /// The accepted `iss` values, compared exactly: one issuer or several.
    /// `None` skips the check (not allowed with the access- and ID-token
    /// profiles); an empty list or an empty issuer is refused.
    pub issuer: Option<Issuers>,
    /// An issuer template instead of `issuer`: `iss` must be the template
    /// with `{tenantid}` replaced by the token's `tid`, a tenant it admits
    /// ([`IssuerTemplate`]). Setting both is refused; either satisfies the
    /// profiles that need an issuer.
    pub issuer_template: Option<IssuerTemplate>,
    /// The expected `sub`, compared exactly (jose's `subject`): a verifier
    /// for one service account, say. `None` skips the check; an empty
    /// string is refused.
    pub subject: Option<String>,
    /// Accepted audiences; `aud` must hold at least one. `None` skips the
    /// check (not allowed with the access-token profile). An empty list,
    /// or an empty string in it, is refused: it would accept no token, or
    /// read as "no check" to a reader of the configuration.
    pub audiences: Option<Vec<String>>,
    /// Clock skew allowed on every time claim, in seconds. Default 0.
    pub clock_tolerance: u64,
    /// Expected `typ` (case-insensitive, `application/` optional).
    pub typ: Option<String>,
    /// Claims that must be present.
    pub required_claims: Vec<String>,
    /// Upper bound on `now - iat`, in seconds.
    pub max_token_age: Option<u64>,
    /// Upper bound on `now - auth_time`, in seconds: the `max_age` of the
    /// authentication request (OIDC Core §3.1.2.1). Applies in every
    /// profile; `auth_time` is then required.
    pub max_age: Option<u64>,
    /// Whether `exp` must be present. Default true.
    pub require_exp: bool,
    /// Cap on the compact token, in bytes. Default 16 KiB; 0 is refused.
    pub max_token_length: usize,
    /// Cap on JSON nesting in header and claims. Default 16.
    pub max_json_depth: usize,
    /// The token profile. Default: a plain JWT.
    pub profile: Profile,
    /// Accept a sender-constrained token (one with a `cnf` claim) as a
    /// plain bearer token, without checking its binding. Default false: such
    /// a token is refused with `binding_not_verified`, since accepting it
    /// is the downgrade RFC 9449 §7.1 describes. Set it only where another
    /// component (a gateway in front, mTLS termination) verified the proof.
    pub accept_sender_constrained_as_bearer: bool,
}

impl Default for ValidationOptions {
    fn default() -> Self {
        ValidationOptions {
            algorithms: Algorithm::ASYMMETRIC
                .into_iter()
                .filter(|alg| alg.is_available())
                .collect(),
            issuer: None,
            issuer_template: None,
            subject: None,
            audiences: None,
            clock_tolerance: 0,
            typ: None,
            required_claims: Vec::new(),
            max_token_age: None,
            max_age: None,
            require_exp: true,
            max_token_length: DEFAULT_MAX_TOKEN_LENGTH,
            max_json_depth: DEFAULT_MAX_DEPTH,
            profile: Profile::Jwt,
            accept_sender_constrained_as_bearer: false,
        }
    }
}

/// A configuration that cannot verify anything safely.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionsError {
    /// The algorithm allowlist is empty.
    NoAlgorithms,
    /// The access-token profile needs an issuer and an audience.
    AccessTokenNeedsIssuerAndAudience,
    /// The ID-token profile needs an issuer and a client id.
    IdTokenNeedsIssuerAndClientId,
    /// Both an issuer and an issuer template.
    IssuerAndTemplate,
    /// The JSON depth cap must be at least 1.
    ZeroJsonDepth,
    /// The token length cap must be at least 1.
    ZeroTokenLength,
    /// An option that must not be empty is (the issuer, the audience list,
    /// an audience, `typ`, a required claim name).
    Empty {
        /// Which option, in the words of [`ValidationOptions`].
        option: &'static str,
    },
    /// The allowlist names an algorithm this build leaves out
    /// (`select-algorithms`).
    UnavailableAlgorithm(Algorithm),
}

impl ValidationOptions {
    /// Checks that the options describe a usable, safe configuration.
    ///
    /// # Errors
    /// The first [`OptionsError`] found.
    pub fn validate(&self) -> Result<(), OptionsError> {
        if self.algorithms.is_empty() {
            return Err(OptionsError::NoAlgorithms);
        }
        if let Some(alg) = self.algorithms.iter().find(|alg| !alg.is_available()) {
            return Err(OptionsError::UnavailableAlgorithm(*alg));
        }
        if self.max_json_depth == 0 {
            return Err(OptionsError::ZeroJsonDepth);
        }
        if self.max_token_length == 0 {
            return Err(OptionsError::ZeroTokenLength);
        }
        self.check_not_empty()?;
        if self.issuer.is_some() && self.issuer_template.is_some() {
            return Err(OptionsError::IssuerAndTemplate);
        }
        let no_issuer = self.issuer.is_none() && self.issuer_template.is_none();
        match &self.profile {
            Profile::AccessToken if no_issuer || self.audiences.is_none() => {
                Err(OptionsError::AccessTokenNeedsIssuerAndAudience)
            }
            Profile::IdToken(rules) if no_issuer || rules.client_id.is_empty() => {
                Err(OptionsError::IdTokenNeedsIssuerAndClientId)
            }
            _ => Ok(()),
        }
    }

    /// An empty value never means "no check" (that is `None`): refused.
    fn check_not_empty(&self) -> Result<(), OptionsError> {
        let empty = |option| Err(OptionsError::Empty { option });
        match &self.issuer {
            Some(list) if list.as_slice().is_empty() => return empty("issuers"),
            Some(list) if list.as_slice().iter().any(String::is_empty) => return empty("issuer"),
            _ => {}
        }
        if self.subject.as_deref() == Some("") {
            return empty("subject");
        }
        match &self.audiences {
            Some(list) if list.is_empty() => return empty("audiences"),
            Some(list) if list.iter().any(String::is_empty) => return empty("an audience"),
            _ => {}
        }
        if self.typ.as_deref() == Some("") {
            return empty("typ");
        }
        if self.required_claims.iter().any(String::is_empty) {
            return empty("a required claim name");
        }
        Ok(())
    }
}

impl fmt::Display for OptionsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OptionsError::NoAlgorithms => "the algorithm allowlist is empty",
            OptionsError::AccessTokenNeedsIssuerAndAudience => {
                "the access-token profile needs an issuer and an audience"
            }
            OptionsError::IdTokenNeedsIssuerAndClientId => {
                "the ID-token profile needs an issuer and a client id"
            }
            OptionsError::IssuerAndTemplate => {
                "set an issuer or an issuer template (with {tenantid}), not both"
            }
            OptionsError::ZeroJsonDepth => "the JSON depth cap must be at least 1",
            OptionsError::ZeroTokenLength => "the token length cap must be at least 1",
            OptionsError::Empty { option } => {
                return write!(f, "{option} must not be empty");
            }
            OptionsError::UnavailableAlgorithm(alg) => {
                // Only a reduced npm entry (tokenward/slim) is built without some
                // algorithms: name the entry that has them, not a cargo feature.
                return write!(
                    f,
                    "{alg} is not in this build of tokenward: import from 'tokenward' for every algorithm"
                );
            }
        })
    }
}

#[cfg(feature = "std")]
impl std::error::Error for OptionsError {}
