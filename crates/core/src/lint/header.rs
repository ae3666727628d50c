//! JOSE header smells: algorithm, key references, `kid`, `typ`.

use super::{Finding, Severity, claim_finding, finding};
use crate::TokenKind;
use crate::alg::Algorithm;
use crate::header::typ_matches;
use crate::json::JsonObject;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::Value;

/// Code: `alg` is `none` in some spelling: an unsigned token.
pub(super) const ALG_NONE: &str = "alg_none";
/// Code: no `alg`, or not a string.
pub(super) const ALG_MISSING: &str = "alg_missing";
/// Code: an `alg` tokenward does not implement.
pub(super) const ALG_UNSUPPORTED: &str = "alg_unsupported";
/// Code: an HMAC `alg`.
pub(super) const ALG_SYMMETRIC: &str = "alg_symmetric";
/// Code: `crit` present.
pub(super) const CRIT_PRESENT: &str = "crit_present";
/// Code: the header names its own key (`jku`, `x5u`, `jwk`, `x5c`).
pub(super) const HEADER_KEY_REFERENCE: &str = "header_key_reference";
/// Code: `kid` or `typ` is not a string.
pub(super) const HEADER_MEMBER_TYPE: &str = "header_member_type";
/// Code: no `kid`.
pub(super) const MISSING_KID: &str = "missing_kid";
/// Code: an access token without `typ`.
pub(super) const MISSING_TYP: &str = "missing_typ";
/// Code: an access token typed something else than `at+jwt`.
pub(super) const UNEXPECTED_TYP: &str = "unexpected_typ";

/// Header members by which a token names the key to verify it with. A key
/// the token brings proves nothing; fetching a URL from it is a request
/// forgery vector. tokenward ignores them (RFC 8725 §3.10).
const KEY_REFERENCE_MEMBERS: &[&str] = &["jku", "x5u", "jwk", "x5c"];
/// Header members that must be strings when present.
const STRING_MEMBERS: &[&str] = &["kid", "typ"];

/// Applies the header rules.
pub(super) fn check(header: &JsonObject, kind: Option<TokenKind>, findings: &mut Vec<Finding>) {
    check_alg(header, findings);
    if header.contains_key("crit") {
        findings.push(claim_finding(
            CRIT_PRESENT,
            Severity::Error,
            "crit",
            String::from(
                "the header has `crit`: no extension is supported, so tokenward (and \
                 RFC 7515 §4.1.11 verifiers without the extension) refuse the token",
            ),
        ));
    }
    for member in KEY_REFERENCE_MEMBERS {
        if header.contains_key(*member) {
            findings.push(claim_finding(
                HEADER_KEY_REFERENCE,
                Severity::Warning,
                member,
                format!(
                    "the header carries `{member}`: a key the token names itself proves \
                     nothing and fetching it is a request forgery vector; tokenward ignores \
                     it, and an issuer that sends it invites verifiers that do not"
                ),
            ));
        }
    }
    for member in STRING_MEMBERS {
        if header.get(*member).is_some_and(|value| !value.is_string()) {
            findings.push(claim_finding(
                HEADER_MEMBER_TYPE,
                Severity::Error,
                member,
                format!(
                    "the header member `{member}` is not a string: tokenward refuses the token"
                ),
            ));
        }
    }
    if !header.contains_key("kid") {
        findings.push(finding(
            MISSING_KID,
            Severity::Info,
            String::from(
                "no `kid` in the header: during key rotation the verifier cannot tell \
                 which key to use, and a key set with several keys fails (`ambiguous_key`)",
            ),
        ));
    }
    check_typ(header, kind, findings);
}

fn check_alg(header: &JsonObject, findings: &mut Vec<Finding>) {
    let Some(Value::String(name)) = header.get("alg") else {
        findings.push(claim_finding(
            ALG_MISSING,
            Severity::Error,
            "alg",
            String::from("the header has no string `alg`: no verifier can accept the token"),
        ));
        return;
    };
    if name.eq_ignore_ascii_case("none") {
        findings.push(claim_finding(
            ALG_NONE,
            Severity::Error,
            "alg",
            format!(
                "`alg` is {name:?}: the token is unsigned, anyone can forge it; \
                 tokenward never accepts it"
            ),
        ));
        return;
    }
    match Algorithm::from_name(name) {
        None => findings.push(claim_finding(
            ALG_UNSUPPORTED,
            Severity::Error,
            "alg",
            format!(
                "`alg` {name:?} is not supported (algorithm names are case-sensitive): \
                 tokenward refuses the token"
            ),
        )),
        Some(alg) if alg.is_symmetric() => findings.push(claim_finding(
            ALG_SYMMETRIC,
            Severity::Info,
            "alg",
            format!(
                "`alg` {name} is symmetric: every service that can verify the token can \
                 also mint one; prefer an asymmetric algorithm (ES256, EdDSA, RS256) \
                 when more than the issuer verifies"
            ),
        )),
        Some(_) => {}
    }
}

fn check_typ(header: &JsonObject, kind: Option<TokenKind>, findings: &mut Vec<Finding>) {
    if kind != Some(TokenKind::AccessToken) {
        return;
    }
    match header.get("typ") {
        None => findings.push(finding(
            MISSING_TYP,
            Severity::Info,
            String::from(
                "no `typ` in the header of an access token: RFC 9068 asks for `at+jwt`, \
                 which keeps an ID token (or another JWT) from passing as an access token",
            ),
        )),
        Some(Value::String(typ)) if !typ_matches(typ, "at+jwt") => findings.push(claim_finding(
            UNEXPECTED_TYP,
            Severity::Warning,
            "typ",
            format!(
                "the access token's `typ` is {typ:?}, not `at+jwt` (RFC 9068): verifiers \
                 with the access-token profile, tokenward's included, refuse it"
            ),
        )),
        Some(_) => {}
    }
}
