//! The lint's output: findings with stable codes, and the token's sizes.

use crate::TokenKind;
use crate::error::Error;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;
use core::fmt;

/// How much a finding matters. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; often a deliberate choice.
    Info,
    /// Likely to cause trouble (breakage behind some proxies, data leaks,
    /// weaker revocation); fix unless there is a reason.
    Warning,
    /// The token will fail somewhere (tokenward refuses it, or common proxies
    /// drop the request), or it is unsafe as issued.
    Error,
}

impl Severity {
    /// `"info"`, `"warning"` or `"error"`: the stable string for bindings.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing the lint found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable snake_case code, one of [`super::LINT_CODES`].
    pub code: &'static str,
    /// How much it matters.
    pub severity: Severity,
    /// What was found and why it matters, for humans.
    pub message: String,
    /// The claim (or JOSE header member) concerned, when there is one.
    pub claim: Option<String>,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.severity, self.code, self.message)
    }
}

/// Everything [`super::lint`] found about one token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintReport {
    /// The findings, worst first (check order within one severity).
    pub findings: Vec<Finding>,
    /// The kind the kind-specific rules were applied for (given or guessed);
    /// `None` when neither the options nor the token tell (the binding
    /// reports it as `"unknown"`).
    pub token_kind: Option<TokenKind>,
    /// Length of the compact token, in bytes.
    pub token_length: usize,
    /// Length of the decoded JOSE header JSON, in bytes (0 if undecodable).
    pub header_bytes: usize,
    /// Length of the decoded claims JSON, in bytes (0 if undecodable).
    pub claims_bytes: usize,
}

impl LintReport {
    /// The report for a token that could not be decoded at all.
    pub(super) fn undecodable(token_length: usize, error: &Error) -> LintReport {
        LintReport {
            findings: vec![Finding {
                code: error.code(),
                severity: Severity::Error,
                message: error.to_string(),
                claim: None,
            }],
            token_kind: None,
            token_length,
            header_bytes: 0,
            claims_bytes: 0,
        }
    }

    /// The most severe finding's severity; `None` for a clean token.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|finding| finding.severity).max()
    }

    /// True when any finding is an [`Severity::Error`].
    pub fn has_errors(&self) -> bool {
        self.worst() == Some(Severity::Error)
    }

    /// The findings with this code.
    pub fn with_code<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Finding> + 'a {
        self.findings
            .iter()
            .filter(move |finding| finding.code == code)
    }

    /// True when some finding has this code.
    pub fn has(&self, code: &str) -> bool {
        self.with_code(code).next().is_some()
    }
}
