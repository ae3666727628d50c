//! The verifier: every rule, in the order cheap-and-safe first.
//!
//! size caps -> 3 segments -> strict base64url -> header JSON -> alg
//! allowlist / crit / typ -> key selection -> signature -> payload JSON ->
//! claims. Nothing from the payload is looked at before the signature holds.

mod cached;
mod identity;
mod issuer_choice;
mod issuer_template;
mod issuers;
mod options;
mod signature_check;
mod token_cache;

pub use crate::sender_constraint::{CertificateThumbprint, Confirmation, is_certificate_bound};
pub use cached::CallContext;
pub use identity::IdentityKind;
pub use issuer_choice::{IssuerChoice, IssuerPattern, Overlap};
pub use issuer_template::{
    IssuerTemplate, MAX_TENANT_ID_LENGTH, TENANT_PLACEHOLDER, TemplateError, Tenants, is_tenant_id,
};
pub use issuers::Issuers;
pub use options::{OptionsError, Profile, ValidationOptions};
pub use signature_check::{SignatureCheck, SignedPayload, SignedToken};
pub use token_cache::TokenCache;

use crate::claims::{self, TimeRules};
use crate::error::Error;
use crate::header::{Header, typ_matches};
use crate::json::{self, JsonObject};
use crate::jws::CompactJws;
use crate::key_set::KeySet;
use crate::oidc::{self, IdTokenBinding};
use crate::sender_constraint;

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

    /// The verified claims as the caller's own type (any
    /// `serde::Deserialize`; it may borrow strings from this token).
    ///
    /// Only a token that passed every rule reaches this, so the type
    /// describes trusted claims; its own shape is the caller's rule, checked
    /// here after verification, never instead of it.
    ///
    /// # Errors
    /// The claims do not fit `T` (a member missing or of another type).
    pub fn claims_as<'a, T: serde::Deserialize<'a>>(&'a self) -> Result<T, serde_json::Error> {
        T::deserialize(&self.claims)
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
    /// `binding` carries the per-call values (nonce, access token, code);
    /// each one given is checked, in every profile. Pass
    /// `IdTokenBinding::default()` for none.
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
        let signed = self.prepare(token, keys)?.verify()?;
        self.finish(signed, now, binding)
    }

    /// The first half of [`Verifier::verify`]: every check up to the
    /// signature (caps, encoding, header rules, key selection). The returned
    /// [`SignatureCheck`] is then verified here ([`SignatureCheck::verify`])
    /// or by the host's crypto ([`SignatureCheck::host_verified`]), and
    /// [`Verifier::finish`] applies the claim rules.
    ///
    /// # Errors
    /// Any error of the steps before the signature.
    pub fn prepare<'t, 'k>(
        &self,
        token: &'t str,
        keys: &'k KeySet,
    ) -> Result<SignatureCheck<'t, 'k>, Error> {
        let options = &self.options;
        let jws = CompactJws::decode(token, options.max_token_length)?;
        let header_members = json::parse_object(&jws.header, options.max_json_depth)?;
        let header = Header::from_members(header_members, &options.algorithms)?;
        self.check_typ(&header)?;
        let key = keys.select(header.alg, header.kid.as_deref())?;
        Ok(SignatureCheck {
            header,
            key,
            signing_input: jws.signing_input,
            signature: jws.signature,
            payload: jws.payload,
        })
    }

    /// The second half of [`Verifier::verify`]: parses the payload whose
    /// signature held and applies every claim rule.
    ///
    /// # Errors
    /// `malformed` for a payload that is not a strict JSON object, then the
    /// claim errors.
    pub fn finish(
        &self,
        signed: SignedPayload,
        now: i64,
        binding: &IdTokenBinding<'_>,
    ) -> Result<VerifiedToken, Error> {
        self.finish_confirmed(signed, now, binding, Confirmation::Bearer)
    }

    /// [`Verifier::finish`] for a call that proves (or was asked to prove)
    /// possession of the token's key: a DPoP proof checked by
    /// [`crate::dpop::DpopRules::check_proof`]. Only the sender-constraint
    /// rule reads `confirmation`.
    ///
    /// # Errors
    /// As [`Verifier::finish`]; `dpop_key_mismatch` and `dpop_proof_required`
    /// from the sender-constraint rule.
    pub fn finish_confirmed(
        &self,
        signed: SignedPayload,
        now: i64,
        binding: &IdTokenBinding<'_>,
        confirmation: Confirmation<'_>,
    ) -> Result<VerifiedToken, Error> {
        let token = self.parse_signed(signed)?;
        self.accept(token, now, binding, confirmation)
    }

    /// The parsing half of [`Verifier::finish`]: the payload as a strict
    /// JSON object. The cached path keeps its result.
    pub(crate) fn parse_signed(&self, signed: SignedPayload) -> Result<SignedToken, Error> {
        let SignedPayload { header, payload } = signed;
        let claims = json::parse_object(&payload, self.options.max_json_depth)?;
        Ok(SignedToken { header, claims })
    }

    /// The rule half of [`Verifier::finish`]: every claim rule at `now`
    /// with `binding` and `confirmation`. The cached path runs it on every
    /// call, hit or miss.
    pub(crate) fn accept(
        &self,
        token: SignedToken,
        now: i64,
        binding: &IdTokenBinding<'_>,
        confirmation: Confirmation<'_>,
    ) -> Result<VerifiedToken, Error> {
        let kind = self.check_rules(&token, now, binding, confirmation)?;
        let SignedToken { header, claims } = token;
        Ok(VerifiedToken {
            header,
            claims,
            kind,
        })
    }

    /// [`Verifier::accept`]'s rules on a borrowed token: its kind, or the
    /// first rule's error. The cached path's verdict-only hit runs it on
    /// the cached token in place.
    pub(crate) fn check_rules(
        &self,
        token: &SignedToken,
        now: i64,
        binding: &IdTokenBinding<'_>,
        confirmation: Confirmation<'_>,
    ) -> Result<IdentityKind, Error> {
        self.check_claims(&token.claims, &token.header, now, binding)?;
        sender_constraint::check(
            &token.claims,
            self.options.accept_sender_constrained_as_bearer,
            confirmation,
        )?;
        Ok(IdentityKind::of(&token.claims, &self.options.profile))
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
        if let Some(issuers) = &options.issuer {
            claims::check_issuer(claims, issuers)?;
        }
        if let Some(template) = &options.issuer_template {
            template.check(claims)?;
        }
        if let Some(subject) = &options.subject {
            claims::check_subject(claims, subject)?;
        }
        if let Some(audiences) = &options.audiences {
            claims::check_audience(claims, audiences)?;
        }
        match &options.profile {
            Profile::Jwt => {}
            Profile::AccessToken => claims::check_present(claims, &ACCESS_TOKEN_CLAIMS)?,
            Profile::IdToken(rules) => oidc::check_id_token(claims, rules)?,
        }
        // Asked for by the caller, so applied whatever the profile.
        oidc::check_binding(claims, header.alg, binding)?;
        if let Some(max_age) = options.max_age {
            oidc::check_auth_time(claims, now, max_age, options.clock_tolerance)?;
        }
        claims::check_present(claims, &options.required_claims)
    }
}
