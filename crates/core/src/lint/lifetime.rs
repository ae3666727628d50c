//! Lifetime (`exp - iat`) and the consistency of the time claims.
//!
//! Both ends come from the token: no clock is needed. Times are JSON numbers
//! of seconds, fractions allowed, compared as reals (as the verifier does).

use super::options::LintOptions;
use super::presence::kind_noun;
use super::{Finding, Severity, claim_finding};
use crate::TokenKind;
use crate::claims::numeric_date;
use crate::json::JsonObject;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// Code: `exp - iat` above the configured maximum.
pub(super) const LIFETIME_TOO_LONG: &str = "lifetime_too_long";
/// Code: `exp - iat` below the configured minimum.
pub(super) const LIFETIME_TOO_SHORT: &str = "lifetime_too_short";
/// Code: `exp <= iat`.
pub(super) const EXP_NOT_AFTER_IAT: &str = "exp_not_after_iat";
/// Code: `nbf >= exp`: the token is never valid.
pub(super) const NBF_AFTER_EXP: &str = "nbf_after_exp";

/// Applies the lifetime rules.
pub(super) fn check(
    claims: &JsonObject,
    kind: Option<TokenKind>,
    options: &LintOptions,
    findings: &mut Vec<Finding>,
) {
    // Wrong types are reported by `presence`; here they count as absent.
    let exp = numeric_date(claims, "exp").ok().flatten();
    let iat = numeric_date(claims, "iat").ok().flatten();
    let nbf = numeric_date(claims, "nbf").ok().flatten();
    if let (Some(exp), Some(nbf)) = (exp, nbf)
        && nbf >= exp
    {
        findings.push(claim_finding(
            NBF_AFTER_EXP,
            Severity::Error,
            "nbf",
            format!(
                "`nbf` ({nbf}) is not before `exp` ({exp}): the token is never valid \
                     (valid when nbf <= now < exp)"
            ),
        ));
    }
    let (Some(exp), Some(iat)) = (exp, iat) else {
        return;
    };
    let lifetime = exp - iat;
    let noun = kind_noun(kind);
    if lifetime <= 0.0 {
        findings.push(claim_finding(
            EXP_NOT_AFTER_IAT,
            Severity::Error,
            "exp",
            format!(
                "`exp` ({exp}) is not after `iat` ({iat}): the token expired when it was \
                 issued (a seconds/milliseconds mix-up?)"
            ),
        ));
        return;
    }
    let max = options.max_lifetime_for(kind);
    let hard_max = options.hard_max_lifetime_for(kind);
    let min = options.min_lifetime();
    if lifetime > hard_max as f64 {
        findings.push(too_long(Severity::Error, lifetime, hard_max, noun));
    } else if lifetime > max as f64 {
        findings.push(too_long(Severity::Warning, lifetime, max, noun));
    } else if lifetime < min as f64 {
        findings.push(claim_finding(
            LIFETIME_TOO_SHORT,
            Severity::Info,
            "exp",
            format!(
                "the {noun} lives {} (exp - iat), under {}: clients refresh constantly \
                 (refresh storms at the issuer) and ordinary clock skew between issuer and \
                 verifier makes it fail as expired or not yet valid",
                duration(lifetime),
                duration(min as f64)
            ),
        ));
    }
}

fn too_long(severity: Severity, lifetime: f64, limit: u64, noun: &str) -> Finding {
    claim_finding(
        LIFETIME_TOO_LONG,
        severity,
        "exp",
        format!(
            "the {noun} lives {} (exp - iat), over {}: a leaked bearer token stays usable \
             that long and cannot be revoked without a revocation list; issue short-lived \
             tokens and refresh them",
            duration(lifetime),
            duration(limit as f64)
        ),
    )
}

/// `"5400 s (1.5 h)"`: exact seconds plus a readable unit.
fn duration(secs: f64) -> String {
    const HOUR: f64 = 3600.0;
    const DAY: f64 = 24.0 * HOUR;
    if secs >= 2.0 * DAY {
        format!("{secs} s ({:.1} days)", secs / DAY)
    } else if secs >= HOUR {
        format!("{secs} s ({:.1} h)", secs / HOUR)
    } else if secs >= 120.0 {
        format!("{secs} s ({:.1} min)", secs / 60.0)
    } else {
        format!("{secs} s")
    }
}
