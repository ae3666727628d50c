//! The npm `Verifier`'s certificate binding (RFC 8705):
//! `certificateBoundTokens: { required }` in the options turns it on, and
//! each call's `certificateThumbprint` says which client certificate the
//! TLS connection presented (the SHA-256 of its DER, in hex). The rule is
//! the core's ([`Confirmation::Certificate`]); this module only reads the
//! options and keeps the call's value.

use crate::js_object::{JsObject, OptionError};
use tokenward_core::Error;
use tokenward_core::json::JsonObject;
use tokenward_core::verifier::{CertificateThumbprint, Confirmation, is_certificate_bound};

const KNOWN: &[&str] = &["required"];

/// `certificateBoundTokens: { required }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CertificateRules {
    /// Refuse tokens without `cnf["x5t#S256"]` (`certificate_token_unbound`).
    pub required: bool,
}

/// Reads `certificateBoundTokens`; `None` when absent.
///
/// # Errors
/// Not an object, an unknown member, `required` not a boolean.
pub fn from_options(js: &mut JsObject) -> Result<Option<CertificateRules>, OptionError> {
    let Some(mut rules) = js.object("certificateBoundTokens", "certificateBoundTokens.", KNOWN)?
    else {
        return Ok(None);
    };
    let required = rules.boolean("required")?.unwrap_or(false);
    Ok(Some(CertificateRules { required }))
}

/// Reads a call's `certificateThumbprint` (hex, `:` separators allowed).
///
/// # Errors
/// Not 32 bytes of hex.
pub fn thumbprint(hex: &str) -> Result<CertificateThumbprint, OptionError> {
    CertificateThumbprint::from_hex(hex).ok_or_else(|| {
        OptionError(String::from(
            "certificateThumbprint must be the SHA-256 of the client certificate in hex (64 digits, or 32 pairs separated by :)",
        ))
    })
}

impl CertificateRules {
    /// What the sender-constraint rule is told: the call's certificate
    /// beside its DPoP state.
    pub fn confirmation<'a>(
        &self,
        certificate: Option<CertificateThumbprint>,
        dpop: &'a Confirmation<'a>,
    ) -> Confirmation<'a> {
        Confirmation::Certificate { certificate, dpop }
    }

    /// Refuses an unbound token when bound ones are `required`.
    ///
    /// # Errors
    /// `certificate_token_unbound`.
    pub fn accept(&self, claims: &JsonObject) -> Result<(), Error> {
        if self.required && !is_certificate_bound(claims) {
            return Err(Error::CertificateTokenUnbound);
        }
        Ok(())
    }
}
