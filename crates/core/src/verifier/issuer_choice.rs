//! Several issuers, each with its own keys: which entry a token belongs
//! to, read from its `iss` before any key is looked up.
//!
//! The choice is made on the unverified claims, and only picks whose keys
//! verify the signature; the chosen entry's verifier then checks `iss`
//! (and, for a template, `tid`) again on the verified claims. A token whose
//! `iss` matches no entry is refused with `bad_issuer` before any key set
//! is read or fetched, and a token is never checked against another
//! entry's keys: one issuer's key cannot vouch for another issuer's tokens.

use super::issuer_template::{IssuerTemplate, TemplateError, Tenants, is_tenant_id};
use crate::claims::{missing, string_claim};
use crate::error::Error;
use crate::json::JsonObject;
use crate::unverified;
use alloc::string::String;
use alloc::vec::Vec;

/// One entry's issuer: an exact `iss`, or a template with its tenants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssuerPattern {
    /// `iss` equals this exactly.
    Exact(String),
    /// `iss` is this template filled with the token's `tid`.
    Template(IssuerTemplate),
}

impl IssuerPattern {
    /// The pattern `issuer` and `tenants` describe: a template when
    /// `issuer` holds `{` or `}` (no issuer URL does), which then needs
    /// `tenants`; an exact issuer otherwise, which must not have them.
    ///
    /// # Errors
    /// [`TemplateError`].
    pub fn new(issuer: &str, tenants: Option<Tenants>) -> Result<IssuerPattern, TemplateError> {
        if issuer.is_empty() {
            return Err(TemplateError::Empty);
        }
        let template = issuer.contains(['{', '}']);
        match (template, tenants) {
            (true, Some(tenants)) => Ok(IssuerPattern::Template(IssuerTemplate::new(
                issuer, tenants,
            )?)),
            (true, None) => Err(TemplateError::TemplateWithoutTenants),
            (false, Some(_)) => Err(TemplateError::TenantsWithoutTemplate),
            (false, None) => Ok(IssuerPattern::Exact(issuer.into())),
        }
    }

    /// The issuer (or template) as written.
    pub fn issuer(&self) -> String {
        match self {
            IssuerPattern::Exact(issuer) => issuer.clone(),
            IssuerPattern::Template(template) => template.template(),
        }
    }

    /// Whether `iss` names this entry: equal to an exact issuer, or of a
    /// template's shape (its tenant is checked by [`IssuerPattern::check`]).
    pub fn names(&self, iss: &str) -> bool {
        match self {
            IssuerPattern::Exact(issuer) => issuer == iss,
            IssuerPattern::Template(template) => template.tenant_in(iss).is_some(),
        }
    }

    /// Whether one `iss` could name both entries.
    pub fn overlaps(&self, other: &IssuerPattern) -> bool {
        match (self, other) {
            (IssuerPattern::Exact(a), IssuerPattern::Exact(b)) => a == b,
            (IssuerPattern::Exact(e), IssuerPattern::Template(t))
            | (IssuerPattern::Template(t), IssuerPattern::Exact(e)) => {
                t.tenant_in(e).is_some_and(is_tenant_id)
            }
            (IssuerPattern::Template(a), IssuerPattern::Template(b)) => a.may_overlap(b),
        }
    }

    /// Checks `iss` (and `tid` for a template) in `claims`.
    ///
    /// # Errors
    /// `missing_claim`, `bad_claim_type`, `bad_issuer`,
    /// `issuer_tenant_mismatch`, `tenant_not_allowed`.
    pub fn check(&self, claims: &JsonObject) -> Result<(), Error> {
        match self {
            IssuerPattern::Exact(issuer) => match string_claim(claims, "iss")? {
                None => Err(missing("iss")),
                Some(iss) if iss == issuer => Ok(()),
                Some(_) => Err(Error::BadIssuer),
            },
            IssuerPattern::Template(template) => template.check(claims),
        }
    }
}

/// Two entries one `iss` could both name, by position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overlap {
    /// The earlier entry.
    pub first: usize,
    /// The later entry.
    pub second: usize,
}

/// The issuers of several entries, in order; no two may overlap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuerChoice {
    patterns: Vec<IssuerPattern>,
}

impl IssuerChoice {
    /// The choice among `patterns`.
    ///
    /// # Errors
    /// The first two entries that one `iss` could both name: which keys
    /// verify such a token would depend on the order of the entries.
    pub fn new(patterns: Vec<IssuerPattern>) -> Result<IssuerChoice, Overlap> {
        for (first, a) in patterns.iter().enumerate() {
            for (second, b) in patterns.iter().enumerate().skip(first + 1) {
                if a.overlaps(b) {
                    return Err(Overlap { first, second });
                }
            }
        }
        Ok(IssuerChoice { patterns })
    }

    /// The patterns, in order.
    pub fn patterns(&self) -> &[IssuerPattern] {
        &self.patterns
    }

    /// The entry whose issuer `claims` name (unverified claims will do:
    /// the chosen entry's verifier checks them again once verified).
    ///
    /// # Errors
    /// `missing_claim` / `bad_claim_type` (`iss`), `bad_issuer` for an
    /// `iss` no entry names, and a template's own errors
    /// ([`IssuerPattern::check`]), all before any key is read.
    pub fn choose(&self, claims: &JsonObject) -> Result<usize, Error> {
        let iss = string_claim(claims, "iss")?.ok_or_else(|| missing("iss"))?;
        let index = self
            .patterns
            .iter()
            .position(|p| p.names(iss))
            .ok_or(Error::BadIssuer)?;
        if let Some(IssuerPattern::Template(template)) = self.patterns.get(index) {
            template.check(claims)?;
        }
        Ok(index)
    }

    /// [`IssuerChoice::choose`] on a compact token, decoded unverified
    /// under `max_token_length`.
    ///
    /// # Errors
    /// `malformed`, `too_large`, and those of [`IssuerChoice::choose`].
    pub fn choose_token(&self, token: &str, max_token_length: usize) -> Result<usize, Error> {
        if let [_] = self.patterns.as_slice() {
            // One entry: its verifier decides, as without a choice.
            return Ok(0);
        }
        let token = unverified::decode(token, max_token_length)?;
        self.choose(&token.claims)
    }
}
