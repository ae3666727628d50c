//! Token hygiene lint: what is unwise about a token, beyond what is invalid.
//!
//! [`lint`] reads a token WITHOUT verifying it (through
//! [`crate::unverified::decode`]) and reports findings with stable codes:
//! tokens too large for common HTTP header limits, authorization data
//! (permission, role, group lists) bloating the token, missing `exp`/`jti`,
//! lifetimes too long or too short, personal data in access tokens, and
//! header smells. tokenward's stance: a token carries identity;
//! authorization stays dynamic and elsewhere.
//!
//! The lint is pure: no clock (lifetimes are `exp - iat`, both from the
//! token), no I/O, never panics. Every rule table is a `const` slice in the
//! file of its concept, so reviewing a rule means reading one table.
//!
//! ```
//! use tokenward_core::lint::{self, Severity};
//!
//! let report = lint::lint("not a token");
//! assert_eq!(report.findings[0].code, "malformed");
//! assert_eq!(report.worst(), Some(Severity::Error));
//! ```

mod bloat;
mod header;
mod kind;
mod lifetime;
mod options;
mod presence;
mod privacy;
mod report;
mod size;

pub use crate::TokenKind;
pub use options::{HeaderLimits, LintOptions};
pub use report::{Finding, LintReport, Severity};

use crate::jws::DEFAULT_MAX_TOKEN_LENGTH;
use crate::unverified;
use alloc::string::ToString;
use alloc::vec::Vec;

/// Every stable finding code, grouped by concept. Bindings export this list
/// (as `ERROR_CODES` is exported for verification errors).
pub const LINT_CODES: &[&str] = &[
    // the token could not be decoded at all
    "malformed",
    "too_large",
    // size
    size::LARGE_TOKEN,
    size::OVERSIZED_TOKEN,
    // claim bloat
    bloat::AUTHORIZATION_CLAIM_BLOAT,
    bloat::LARGE_CLAIM,
    // registered claims
    presence::MISSING_EXP,
    presence::MISSING_JTI,
    presence::MISSING_IAT,
    presence::MISSING_ISS,
    presence::MISSING_AUD,
    presence::MISSING_SUB,
    presence::MISSING_CLIENT_ID,
    presence::BAD_CLAIM_TYPE,
    // lifetime
    lifetime::LIFETIME_TOO_LONG,
    lifetime::LIFETIME_TOO_SHORT,
    lifetime::EXP_NOT_AFTER_IAT,
    lifetime::NBF_AFTER_EXP,
    // privacy
    privacy::PERSONAL_DATA,
    // header
    header::ALG_NONE,
    header::ALG_MISSING,
    header::ALG_UNSUPPORTED,
    header::ALG_SYMMETRIC,
    header::CRIT_PRESENT,
    header::HEADER_KEY_REFERENCE,
    header::HEADER_MEMBER_TYPE,
    header::MISSING_KID,
    header::MISSING_TYP,
    header::UNEXPECTED_TYP,
];

/// Lints `token` with [`LintOptions::default`] (token kind guessed).
///
/// Never fails: a token that cannot be decoded yields a report with a single
/// [`Severity::Error`] finding coded `malformed` or `too_large`.
pub fn lint(token: &str) -> LintReport {
    lint_with(token, &LintOptions::default())
}

/// Lints `token` with explicit options.
///
/// Never fails: a token that cannot be decoded yields a report with a single
/// [`Severity::Error`] finding coded `malformed` or `too_large`, carrying the
/// decoding error's message.
pub fn lint_with(token: &str, options: &LintOptions) -> LintReport {
    let decoded = match unverified::decode(token, DEFAULT_MAX_TOKEN_LENGTH) {
        Ok(decoded) => decoded,
        Err(error) => return LintReport::undecodable(token.len(), &error),
    };
    let token_kind = options
        .token_kind
        .or_else(|| kind::guess(&decoded.header, &decoded.claims));
    let (header_bytes, claims_bytes) = size::decoded_segment_lengths(token);
    let mut findings = Vec::new();
    size::check(token.len(), &options.header_limits, &mut findings);
    header::check(&decoded.header, token_kind, &mut findings);
    presence::check(&decoded.claims, token_kind, &mut findings);
    lifetime::check(&decoded.claims, token_kind, options, &mut findings);
    privacy::check(&decoded.claims, token_kind, &mut findings);
    bloat::check(&decoded.claims, &mut findings);
    // Worst first; the sort is stable, so each group keeps the check order.
    findings.sort_by_key(|finding| core::cmp::Reverse(finding.severity));
    LintReport {
        findings,
        token_kind,
        token_length: token.len(),
        header_bytes,
        claims_bytes,
    }
}

/// A finding about the whole token (no claim or header member).
fn finding(code: &'static str, severity: Severity, message: alloc::string::String) -> Finding {
    Finding {
        code,
        severity,
        message,
        claim: None,
    }
}

/// A finding about one claim or header member.
fn claim_finding(
    code: &'static str,
    severity: Severity,
    claim: &str,
    message: alloc::string::String,
) -> Finding {
    Finding {
        code,
        severity,
        message,
        claim: Some(claim.to_string()),
    }
}

/// The last segment of a namespaced claim name (`https://example.com/roles`
/// -> `roles`, `cognito:groups` -> `groups`); the name itself otherwise.
fn base_name(name: &str) -> &str {
    name.rsplit(['/', ':', '#']).next().unwrap_or(name)
}
