//! Issuer templates: one entry for a multi-tenant provider whose issuer
//! names the tenant, as Entra ID's
//! `https://login.microsoftonline.com/{tenantid}/v2.0` does.
//!
//! A token passes a template when its `tid` is a tenant id (see
//! [`is_tenant_id`]), its `iss` equals the template with `{tenantid}`
//! replaced by that `tid`, exactly, and the tenant is allowed. The allowlist
//! has no default: [`Tenants::Any`] must be written out, so a template never
//! admits every tenant by omission.

use crate::claims::{missing, string_claim};
use crate::error::Error;
use crate::json::JsonObject;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

/// The placeholder a template holds exactly once.
pub const TENANT_PLACEHOLDER: &str = "{tenantid}";

/// The longest tenant id accepted, in bytes (a GUID is 36).
pub const MAX_TENANT_ID_LENGTH: usize = 64;

/// Whether `tid` may stand for `{tenantid}`: 1 to 64 bytes of ASCII
/// letters, digits, `-` and `_` (a GUID fits). Nothing that changes the
/// shape of a URL (`/`, `?`, `#`, `%`, `.`, spaces), so a `tid` can only
/// fill the one path segment the template leaves open.
pub fn is_tenant_id(tid: &str) -> bool {
    !tid.is_empty()
        && tid.len() <= MAX_TENANT_ID_LENGTH
        && tid
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The tenants a template admits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tenants {
    /// Every tenant (written `"any"`): a multi-tenant application.
    Any,
    /// These tenant ids, compared exactly.
    Only(Vec<String>),
}

impl Tenants {
    /// Whether `tid` is admitted.
    pub fn admits(&self, tid: &str) -> bool {
        match self {
            Tenants::Any => true,
            Tenants::Only(list) => list.iter().any(|t| t == tid),
        }
    }
}

/// Why an issuer (template) cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    /// The issuer is empty.
    Empty,
    /// `{` or `}` other than one `{tenantid}`, or the template starts with it.
    BadPlaceholder,
    /// A template without `tenants` (a list, or `"any"`).
    TemplateWithoutTenants,
    /// `tenants` beside an issuer that is no template.
    TenantsWithoutTemplate,
    /// `tenants` is an empty list.
    NoTenants,
    /// A tenant in `tenants` is not a tenant id.
    BadTenant(String),
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TemplateError::Empty => f.write_str("the issuer must not be empty"),
            TemplateError::BadPlaceholder => f.write_str(
                "an issuer template holds {tenantid} exactly once, after its scheme and host, \
                 and no other { or }",
            ),
            TemplateError::TemplateWithoutTenants => f.write_str(
                "an issuer template needs tenants: a list of tenant ids, or \"any\" written out",
            ),
            TemplateError::TenantsWithoutTemplate => {
                f.write_str("tenants only goes with an issuer template holding {tenantid}")
            }
            TemplateError::NoTenants => {
                f.write_str("tenants is empty: list tenant ids, or write \"any\"")
            }
            TemplateError::BadTenant(tenant) => write!(
                f,
                "tenant {tenant:?} is not a tenant id (1 to {MAX_TENANT_ID_LENGTH} ASCII letters, \
                 digits, - and _)"
            ),
        }
    }
}

/// An issuer with `{tenantid}` in it and the tenants it admits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuerTemplate {
    prefix: String,
    suffix: String,
    tenants: Tenants,
}

impl IssuerTemplate {
    /// A template from its text (holding `{tenantid}` once) and tenants.
    ///
    /// # Errors
    /// [`TemplateError`]: a misplaced placeholder, an empty or bad tenant.
    pub fn new(template: &str, tenants: Tenants) -> Result<IssuerTemplate, TemplateError> {
        let (prefix, suffix) = template
            .split_once(TENANT_PLACEHOLDER)
            .ok_or(TemplateError::BadPlaceholder)?;
        let stray = |s: &str| s.contains(['{', '}']);
        if prefix.is_empty() || stray(prefix) || stray(suffix) {
            return Err(TemplateError::BadPlaceholder);
        }
        if let Tenants::Only(list) = &tenants {
            if list.is_empty() {
                return Err(TemplateError::NoTenants);
            }
            if let Some(bad) = list.iter().find(|t| !is_tenant_id(t)) {
                return Err(TemplateError::BadTenant(bad.clone()));
            }
        }
        Ok(IssuerTemplate {
            prefix: prefix.into(),
            suffix: suffix.into(),
            tenants,
        })
    }

    /// The template as written.
    pub fn template(&self) -> String {
        alloc::format!("{}{TENANT_PLACEHOLDER}{}", self.prefix, self.suffix)
    }

    /// The tenants admitted.
    pub fn tenants(&self) -> &Tenants {
        &self.tenants
    }

    /// The text `iss` holds where the template has `{tenantid}`, when
    /// `iss` has the template's shape (a tenant id or not).
    pub fn tenant_in<'a>(&self, iss: &'a str) -> Option<&'a str> {
        let rest = iss.strip_prefix(self.prefix.as_str())?;
        rest.strip_suffix(self.suffix.as_str())
            .filter(|t| !t.is_empty())
    }

    /// Whether some `iss` could have the shapes of both templates (a
    /// conservative answer: `true` may be a false alarm, `false` never is).
    pub fn may_overlap(&self, other: &IssuerTemplate) -> bool {
        let prefixes = self.prefix.starts_with(other.prefix.as_str())
            || other.prefix.starts_with(self.prefix.as_str());
        let suffixes = self.suffix.ends_with(other.suffix.as_str())
            || other.suffix.ends_with(self.suffix.as_str());
        prefixes && suffixes
    }

    /// Checks `iss` and `tid`: `tid` a tenant id, `iss` the template
    /// filled with it, the tenant admitted.
    ///
    /// # Errors
    /// `missing_claim` / `bad_claim_type` (`iss`, `tid`),
    /// `issuer_tenant_mismatch`, `tenant_not_allowed`.
    pub fn check(&self, claims: &JsonObject) -> Result<(), Error> {
        let iss = string_claim(claims, "iss")?.ok_or_else(|| missing("iss"))?;
        let tid = string_claim(claims, "tid")?.ok_or_else(|| missing("tid"))?;
        if !is_tenant_id(tid) || self.tenant_in(iss) != Some(tid) {
            return Err(Error::IssuerTenantMismatch);
        }
        if !self.tenants.admits(tid) {
            return Err(Error::TenantNotAllowed);
        }
        Ok(())
    }
}
