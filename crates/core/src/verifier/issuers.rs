//! The accepted issuers: one, as most configurations have, or several, as
//! jose's `issuer: string[]` allows (a provider moving to a new issuer URL,
//! a multi-region tenant).

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

/// `iss` must equal one of these exactly. Build it from one issuer
/// (`"https://issuer.example".into()`) or a list (`vec![...].into()`); an
/// empty list, or an empty issuer in it, is refused by
/// [`crate::verifier::ValidationOptions::validate`]: it would accept no
/// token, or read as "no check" to a reader of the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issuers(Vec<String>);

impl Issuers {
    /// The accepted issuers, in the order given.
    pub fn as_slice(&self) -> &[String] {
        &self.0
    }

    /// Whether `iss` is one of them (exact comparison).
    pub fn accepts(&self, iss: &str) -> bool {
        self.0.iter().any(|issuer| issuer == iss)
    }
}

impl From<&str> for Issuers {
    fn from(issuer: &str) -> Self {
        Issuers(vec![String::from(issuer)])
    }
}

impl From<String> for Issuers {
    fn from(issuer: String) -> Self {
        Issuers(vec![issuer])
    }
}

impl From<Vec<String>> for Issuers {
    fn from(issuers: Vec<String>) -> Self {
        Issuers(issuers)
    }
}
