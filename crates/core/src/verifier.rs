//! The verifier: every rule of DESIGN.md, in the order cheap-and-safe first.
//!
//! size caps -> 3 segments -> strict base64url -> header JSON -> alg
//! allowlist / crit / typ -> key selection -> signature -> payload JSON ->
//! claims. Nothing from the payload is looked at before the signature holds.

mod cached;
mod identity;
mod options;

pub use identity::IdentityKind;
pub use options::{OptionsError, Profile, ValidationOptions};

use crate::claims::{self, TimeRules};
use crate::error::Error;
use crate::header::{Header, typ_matches};
use crate::json::{self, JsonObject};
use crate::jws::CompactJws;
use crate::key_set::KeySet;
use crate::oidc::{self, IdTokenBinding};

/// RFC 9068 §2.2: the claims every JWT access token carries.
const ACCESS_TOKEN_CLAIMS: [&str; 7] = ["iss", "exp", "aud", "sub", "client_id", "iat", "jti"];
const ACCESS_TOKEN_TYP: &str = "at+jwt";

/// A token whose signature and claims passed every check.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedToken {
    /// The protected header.
    pub header: Header,
    /// The claims set.
    pub claims: JsonObject,
    /// Whether a person or a service is behind the token.
    pub kind: IdentityKind,
}

impl VerifiedToken {
    /// The `sub` claim, when it is a string.
    pub fn subject(&self) -> Option<&str> {
        self.claims.get("sub").and_then(|sub| sub.as_str())
    }
}

/// Verifies tokens against one set of [`ValidationOptions`].
#[derive(Debug, Clone)]
pub struct Verifier {
    options: ValidationOptions,
}

impl Verifier {
    /// Builds a verifier after checking the options.
    ///
    /// # Errors
    /// [`OptionsError`] for a configuration that cannot be safe.
    pub fn new(options: ValidationOptions) -> Result<Verifier, OptionsError> {
        options.validate()?;
        Ok(Verifier { options })
    }

    /// The options this verifier applies.
    pub fn options(&self) -> &ValidationOptions {
        &self.options
    }

    /// Verifies `token` with a key from `keys` at time `now` (Unix seconds).
    ///
    /// `binding` carries the per-call values of an ID token (nonce, access
    /// token, code); pass `IdTokenBinding::default()` otherwise.
    ///
    /// # Errors
    /// One [`Error`], the first rule that failed.
    pub fn verify(
        &self,
        token: &str,
        keys: &KeySet,
        now: i64,
        binding: &IdTokenBinding<'_>,
    ) -> Result<VerifiedToken, Error> {
        let options = &self.options;
        let jws = CompactJws::decode(token, options.max_token_length)?;
        let header_members = json::parse_object(&jws.header, options.max_json_depth)?;
        let header = Header::from_members(header_members, &options.algorithms)?;
        self.check_typ(&header)?;
        let key = keys.select(header.alg, header.kid.as_deref())?;
        key.verify(header.alg, jws.signing_input.as_bytes(), &jws.signature)?;
        let claims = json::parse_object(&jws.payload, options.max_json_depth)?;
        self.check_claims(&claims, &header, now, binding)?;
        let kind = IdentityKind::of(&claims, &options.profile);
        Ok(VerifiedToken {
            header,
            claims,
            kind,
        })
    }

    fn check_typ(&self, header: &Header) -> Result<(), Error> {
        let expected = match &self.options.profile {
            Profile::AccessToken => Some(ACCESS_TOKEN_TYP),
            _ => self.options.typ.as_deref(),
        };
        let typ = header.typ.as_deref();
        let refused = match (expected, typ) {
            (Some(expected), Some(typ)) => !typ_matches(typ, expected),
            (Some(_), None) => true,
            (None, Some(typ)) => {
                matches!(self.options.profile, Profile::IdToken(_))
                    && typ_matches(typ, ACCESS_TOKEN_TYP)
            }
            (None, None) => false,
        };
        if refused { Err(Error::BadTyp) } else { Ok(()) }
    }

    fn check_claims(
        &self,
        claims: &JsonObject,
        header: &Header,
        now: i64,
        binding: &IdTokenBinding<'_>,
    ) -> Result<(), Error> {
        let options = &self.options;
        claims::check_string_types(claims)?;
        claims::check_times(
            claims,
            now,
            &TimeRules {
                leeway: options.clock_tolerance,
                require_exp: options.require_exp,
                max_token_age: options.max_token_age,
            },
        )?;
        if let Some(issuer) = &options.issuer {
            claims::check_issuer(claims, issuer)?;
        }
        if !options.audiences.is_empty() {
            claims::check_audience(claims, &options.audiences)?;
        }
        match &options.profile {
            Profile::Jwt => {}
            Profile::AccessToken => claims::check_present(claims, &ACCESS_TOKEN_CLAIMS)?,
            Profile::IdToken(rules) => oidc::check_id_token(
                claims,
                header.alg,
                rules,
                binding,
                now,
                options.clock_tolerance,
            )?,
        }
        claims::check_present(claims, &options.required_claims)
    }
}
