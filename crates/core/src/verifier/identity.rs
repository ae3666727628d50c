//! User or service: one pipeline for both, and the answer for authorization.

use crate::json::JsonObject;
use crate::verifier::Profile;

/// Who stands behind a verified token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentityKind {
    /// An end user (the default, and always for ID tokens).
    User,
    /// A client acting for itself (RFC 9068 §2.2 client credentials: `sub`
    /// equal to `client_id`, or `client_id` with no `sub`).
    Service,
}

impl IdentityKind {
    /// Classifies verified claims.
    pub fn of(claims: &JsonObject, profile: &Profile) -> IdentityKind {
        if matches!(profile, Profile::IdToken(_)) {
            return IdentityKind::User;
        }
        let client_id = claims.get("client_id").and_then(|v| v.as_str());
        let subject = claims.get("sub").and_then(|v| v.as_str());
        match (client_id, subject) {
            (Some(client), Some(sub)) if client == sub => IdentityKind::Service,
            (Some(_), None) => IdentityKind::Service,
            _ => IdentityKind::User,
        }
    }

    /// `"user"` or `"service"`, as forwarded in `x-tokenward-kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            IdentityKind::User => "user",
            IdentityKind::Service => "service",
        }
    }
}
