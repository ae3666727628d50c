//! tokenward's `certificate_bound_tokens` member of a provider: certificate
//! binding (RFC 8705) checked against the client certificate of the TLS
//! connection the adapter reports ([`super::Connection`]), never against a
//! header.

use super::error::ConfigError;
use super::fields::Fields;
use crate::error::Error;
use crate::json::JsonObject;
use crate::sender_constraint::is_certificate_bound;

/// A provider's certificate-binding rules, as the gateway applies them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EdgeCertificates {
    /// Refuse tokens that are not certificate-bound
    /// (`certificate_token_unbound`); by default an unbound (bearer) token
    /// passes as it would without this member.
    pub required: bool,
}

impl EdgeCertificates {
    /// Refuses an unbound token when bound ones are `required`; the binding
    /// of a bound token is the verifier's rule.
    ///
    /// # Errors
    /// `certificate_token_unbound`.
    pub(super) fn accept(&self, claims: &JsonObject) -> Result<(), Error> {
        if self.required && !is_certificate_bound(claims) {
            return Err(Error::CertificateTokenUnbound);
        }
        Ok(())
    }
}

/// Reads `certificate_bound_tokens: { required }`.
pub(crate) fn certificate_bound_tokens(mut c: Fields<'_>) -> Result<EdgeCertificates, ConfigError> {
    let required = c.flag("required")?;
    c.finish()?;
    Ok(EdgeCertificates { required })
}
