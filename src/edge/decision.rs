//! The gateway's decision as the small JSON `tokenward/edge` applies.
//!
//! ```json
//! {"allow":true,"remove":["x-tokenward-sub"],"set":[["x-tokenward-sub","alice"]],
//!  "identity":{"provider":"main","kind":"user","subject":"alice","headers":{...}},
//!  "code":null,"refetch":null,"cache_hit":true}
//! {"allow":false,"status":401,"headers":[["www-authenticate","Bearer ..."]],
//!  "body":"{...}","code":"expired","refetch":null,"cache_hit":false}
//! ```
//!
//! `remove` comes first, then `set`; `set` may hold `:path`, the request
//! target without the token's query parameter, which the script applies
//! to the origin URL.
//!
//! `identity` is the verified identity as the headers set for the origin
//! (null when the request passed without one: a public path, a bypassed
//! preflight, `allow_missing`).
//!
//! `introspect` is the token introspection to send before deciding again
//! (see `introspect`), else `null`; the refusal meanwhile is a 503.
//!
//! `refetch` is the slot number of a JWKS to refetch now (a token named an
//! unknown `kid` and the core allows a refetch), else `null`.

use serde::Serialize;
use std::collections::BTreeMap;
use tokenward_core::edge::{
    Decision, Denial, KIND_HEADER, PROVIDER_HEADER, SUBJECT_HEADER, Verdict,
};

#[derive(Serialize)]
struct Identity<'d> {
    provider: &'d str,
    kind: Option<&'d str>,
    subject: Option<&'d str>,
    /// Every header set for the origin (claim headers, payload header).
    headers: BTreeMap<&'d str, &'d str>,
}

/// The identity the set headers carry, when a provider verified a token.
fn identity(set: &[(String, String)]) -> Option<Identity<'_>> {
    let find = |name: &str| set.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
    Some(Identity {
        provider: find(PROVIDER_HEADER)?,
        kind: find(KIND_HEADER),
        subject: find(SUBJECT_HEADER),
        headers: set
            .iter()
            .filter(|(name, _)| !name.starts_with(':'))
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect(),
    })
}

#[derive(Serialize)]
struct Allow<'d> {
    allow: bool,
    remove: &'d [String],
    set: &'d [(String, String)],
    identity: Option<Identity<'d>>,
    code: Option<&'static str>,
    refetch: Option<usize>,
    cache_hit: bool,
}

#[derive(Serialize)]
struct Deny<'d> {
    introspect: Option<super::introspect::Introspect<'d>>,
    allow: bool,
    status: u16,
    headers: &'d [(String, String)],
    body: &'d str,
    code: Option<&'static str>,
    refetch: Option<usize>,
    cache_hit: bool,
}

/// The decision as JSON. Serializing these plain structs cannot fail; the
/// fallback still answers (fail closed) rather than trap.
pub(crate) fn to_json(
    decision: &Decision,
    refetch: Option<usize>,
    introspect: Option<super::introspect::Introspect<'_>>,
) -> String {
    let report = &decision.report;
    let cache_hit = report.cache_hits > 0;
    let json = match &decision.verdict {
        Verdict::Allow { set, remove } => serde_json::to_string(&Allow {
            allow: true,
            remove,
            set,
            identity: identity(set),
            code: report.denial.map(Denial::as_str),
            refetch,
            cache_hit,
        }),
        Verdict::Deny(response) => serde_json::to_string(&Deny {
            introspect,
            allow: false,
            status: response.status,
            headers: &response.headers,
            body: &response.body,
            code: report.denial.map(Denial::as_str),
            refetch,
            cache_hit,
        }),
    };
    json.unwrap_or_else(|_| internal_error())
}

/// A 500 decision for input the worker script should never send.
pub(crate) fn internal_error() -> String {
    String::from(
        r#"{"allow":false,"status":500,"headers":[["content-type","application/json"],["cache-control","no-store"]],"body":"{\"error\":\"internal\"}","code":"internal","refetch":null,"cache_hit":false}"#,
    )
}
