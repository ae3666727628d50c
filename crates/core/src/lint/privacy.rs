//! Personal data in access tokens.
//!
//! Access tokens are forwarded to every API on the path and end up in
//! proxy, gateway and application logs; they should name the subject, not
//! describe the person. ID tokens are for the client and may carry profile
//! claims (OIDC Core §5.1), so they are not flagged.

use super::{Finding, Severity, base_name, claim_finding};
use crate::TokenKind;
use crate::json::JsonObject;
use alloc::format;
use alloc::vec::Vec;

/// Code: a personal-data claim in an access (or unknown) token.
pub(super) const PERSONAL_DATA: &str = "personal_data";

/// OIDC Core §5.1 standard claims that describe the person, plus common
/// vendor ones (`upn`, `unique_name`). Matched case-insensitively, also as
/// the last segment of a namespaced name (`https://example.com/email`).
const PERSONAL_DATA_CLAIMS: &[&str] = &[
    "name",
    "given_name",
    "family_name",
    "middle_name",
    "nickname",
    "preferred_username",
    "profile",
    "picture",
    "website",
    "email",
    "email_verified",
    "gender",
    "birthdate",
    "phone_number",
    "phone_number_verified",
    "address",
    "upn",
    "unique_name",
];

/// Flags personal data, per claim: a warning in access tokens, an info in
/// tokens of unknown kind, nothing in ID tokens.
pub(super) fn check(claims: &JsonObject, kind: Option<TokenKind>, findings: &mut Vec<Finding>) {
    let severity = match kind {
        Some(TokenKind::AccessToken) => Severity::Warning,
        None | Some(TokenKind::RefreshToken) => Severity::Info,
        Some(TokenKind::IdToken) => return,
    };
    for name in claims.keys() {
        let base = base_name(name);
        if PERSONAL_DATA_CLAIMS
            .iter()
            .any(|personal| personal.eq_ignore_ascii_case(base))
        {
            findings.push(claim_finding(
                PERSONAL_DATA,
                severity,
                name,
                format!(
                    "`{name}` is personal data: access tokens are forwarded to APIs and \
                     logged along the way; keep them lean (`sub` identifies the user, APIs \
                     that need the profile ask the userinfo endpoint); ID tokens may carry it"
                ),
            ));
        }
    }
}
