//! `jwt_authn`'s `subjects` StringMatcher, for the forms the verifier's
//! exact `subject` option does not cover: `prefix` (JWT-SVID's
//! `spiffe://trust-domain/`) and `suffix`. Checked after verification, on
//! cache hits too; a token whose `sub` does not match is refused as
//! `bad_subject`, as an exact mismatch is.

use alloc::string::String;

/// The `sub` a provider's tokens must carry, beyond an exact value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubjectMatch {
    /// `sub` starts with this (non-empty).
    Prefix(String),
    /// `sub` ends with this (non-empty).
    Suffix(String),
}

impl SubjectMatch {
    /// Whether `subject` (absent: never) matches.
    pub fn matches(&self, subject: Option<&str>) -> bool {
        match (self, subject) {
            (SubjectMatch::Prefix(p), Some(sub)) => sub.starts_with(p.as_str()),
            (SubjectMatch::Suffix(s), Some(sub)) => sub.ends_with(s.as_str()),
            (_, None) => false,
        }
    }
}
