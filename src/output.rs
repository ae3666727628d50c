//! Results as JSON text for `JSON.parse` on the JS side, and the last error.
//!
//! Why JSON text rather than serde-wasm-bindgen (which builds the JS object
//! from Rust, one boundary crossing per member): `make bench-js` prints what
//! `JSON.parse` of a typical result costs next to a whole cache hit; it is a
//! small share of the call, which bounds what any other way of building the
//! object could save, and it keeps serde-wasm-bindgen out of the wasm.

use core::cell::RefCell;
use serde::Serialize;
use tokenward_core::Error;
use tokenward_core::json::JsonObject;
#[cfg(feature = "lint")]
use tokenward_core::lint::LintReport;
use tokenward_core::unverified::UnverifiedToken;
use tokenward_core::verifier::VerifiedToken;
use wasm_bindgen::prelude::*;

thread_local! {
    /// The error of the last call that failed: (stable code, message).
    static LAST_ERROR: RefCell<(String, String)> = const { RefCell::new((String::new(), String::new())) };
}

/// Records `error` as the last error; the JS side turns it into a `TokenError`.
pub fn set_error(code: &str, message: String) {
    LAST_ERROR.with(|last| *last.borrow_mut() = (code.to_owned(), message));
    set_detail(None, None);
    crate::dpop::remember_challenge(None);
}

/// Records a core error (code, message, and the claim and reason).
pub fn set_core_error(error: &Error) {
    set_error(error.code(), error.to_string());
    set_detail(error.claim(), error.reason());
    crate::dpop::remember_challenge(Some(error));
}

/// The stable code of the last failed call.
#[wasm_bindgen(js_name = lastErrorCode)]
pub fn last_error_code() -> String {
    LAST_ERROR.with(|last| last.borrow().0.clone())
}

/// The message of the last failed call.
#[wasm_bindgen(js_name = lastErrorMessage)]
pub fn last_error_message() -> String {
    LAST_ERROR.with(|last| last.borrow().1.clone())
}

thread_local! {
    /// The last error's claim (`Error::claim`) and reason (`Error::reason`),
    /// empty when they do not apply.
    static LAST_DETAIL: RefCell<(String, String)> = const { RefCell::new((String::new(), String::new())) };
}

fn set_detail(claim: Option<&str>, reason: Option<&str>) {
    let owned = |text: Option<&str>| text.unwrap_or_default().to_owned();
    LAST_DETAIL.with(|last| *last.borrow_mut() = (owned(claim), owned(reason)));
}

/// The claim of the last failed call's claim rule (`"exp"`, `"aud"`, ...),
/// or an empty string.
#[wasm_bindgen(js_name = lastErrorClaim)]
pub fn last_error_claim() -> String {
    LAST_DETAIL.with(|last| last.borrow().0.clone())
}

/// The short detail of the last failed call (`"missing"`, `"check_failed"`,
/// `"segments"`, ...), or an empty string.
#[wasm_bindgen(js_name = lastErrorReason)]
pub fn last_error_reason() -> String {
    LAST_DETAIL.with(|last| last.borrow().1.clone())
}

#[derive(Serialize)]
struct Verified<'a> {
    header: &'a JsonObject,
    claims: &'a JsonObject,
    kind: &'static str,
}

/// `{"header":…,"claims":…,"kind":"user"|"service"}`.
pub fn verified_json(token: &VerifiedToken) -> String {
    serde_json::to_string(&Verified {
        header: &token.header.members,
        claims: &token.claims,
        kind: token.kind.as_str(),
    })
    .unwrap_or_default()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Unverified<'a> {
    header: &'a JsonObject,
    claims: &'a JsonObject,
    token_length: usize,
    signature_length: usize,
}

/// `{"header":…,"claims":…,"tokenLength":…,"signatureLength":…}`.
pub fn unverified_json(token: &UnverifiedToken) -> String {
    serde_json::to_string(&Unverified {
        header: &token.header,
        claims: &token.claims,
        token_length: token.token_length,
        signature_length: token.signature_length,
    })
    .unwrap_or_default()
}

#[cfg(feature = "lint")]
#[derive(Serialize)]
struct Finding<'a> {
    code: &'a str,
    severity: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    claim: Option<&'a str>,
}

#[cfg(feature = "lint")]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Report<'a> {
    findings: Vec<Finding<'a>>,
    worst: Option<&'a str>,
    token_kind: &'a str,
    token_length: usize,
    header_bytes: usize,
    claims_bytes: usize,
}

/// A lint report with camelCase names.
#[cfg(feature = "lint")]
pub fn lint_json(report: &LintReport) -> String {
    serde_json::to_string(&Report {
        findings: report
            .findings
            .iter()
            .map(|finding| Finding {
                code: finding.code,
                severity: finding.severity.as_str(),
                message: &finding.message,
                claim: finding.claim.as_deref(),
            })
            .collect(),
        worst: report.worst().map(|severity| severity.as_str()),
        token_kind: report
            .token_kind
            .map_or("unknown", tokenward_core::TokenKind::as_str),
        token_length: report.token_length,
        header_bytes: report.header_bytes,
        claims_bytes: report.claims_bytes,
    })
    .unwrap_or_default()
}
