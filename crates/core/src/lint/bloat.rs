//! Claim bloat: authorization data (permissions, roles, groups, scopes,
//! entitlements) and other large claims inside the token.
//!
//! tokenward's stance: a token carries identity; authorization
//! stays dynamic and elsewhere. Permission lists in tokens make every
//! request larger, go stale until the token expires (a revoked role keeps
//! working) and expose the permission model to every holder.

use super::{Finding, Severity, base_name, claim_finding};
use crate::json::JsonObject;
use alloc::format;
use alloc::vec::Vec;
use serde_json::Value;

/// Code: an authorization claim with too many entries or bytes.
pub(super) const AUTHORIZATION_CLAIM_BLOAT: &str = "authorization_claim_bloat";
/// Code: any other claim over [`MAX_CLAIM_BYTES`].
pub(super) const LARGE_CLAIM: &str = "large_claim";

/// Claims that carry authorization data. Matched case-insensitively, also
/// as the last segment of a namespaced name (`https://example.com/roles`,
/// `cognito:groups`, the WS-Fed `.../claims/role`). `realm_access` and
/// `resource_access` are Keycloak's, `wids` Entra ID's, `authorities`
/// Spring's.
const AUTHORIZATION_CLAIMS: &[&str] = &[
    "permissions",
    "perms",
    "roles",
    "role",
    "groups",
    "scope",
    "scp",
    "entitlements",
    "authorities",
    "privileges",
    "realm_access",
    "resource_access",
    "wids",
];

/// More entries than this in an authorization claim is bloat. Array items,
/// space-separated words of a string (`scope`), nested values of an object
/// (`resource_access.*.roles`) all count.
pub const MAX_AUTHORIZATION_ENTRIES: usize = 10;
/// More serialized bytes than this in an authorization claim is bloat.
pub const MAX_AUTHORIZATION_CLAIM_BYTES: usize = 512;
/// More serialized bytes than this in any other claim is flagged.
pub const MAX_CLAIM_BYTES: usize = 1024;

/// Flags authorization claims over the entry or byte thresholds, and other
/// claims over [`MAX_CLAIM_BYTES`].
pub(super) fn check(claims: &JsonObject, findings: &mut Vec<Finding>) {
    for (name, value) in claims {
        let bytes = serialized_len(value);
        if is_authorization_claim(name) {
            let entries = entries(value);
            if entries > MAX_AUTHORIZATION_ENTRIES || bytes > MAX_AUTHORIZATION_CLAIM_BYTES {
                findings.push(claim_finding(
                    AUTHORIZATION_CLAIM_BLOAT,
                    Severity::Warning,
                    name,
                    format!(
                        "`{name}` holds {entries} entries ({bytes} bytes; thresholds \
                         {MAX_AUTHORIZATION_ENTRIES} entries, {MAX_AUTHORIZATION_CLAIM_BYTES} \
                         bytes): tokens should carry identity, authorization should stay \
                         dynamic and elsewhere; permission lists grow the token past header \
                         limits, stay stale until it expires and expose the permission model; \
                         resolve permissions at the API or an authorization service from `sub`"
                    ),
                ));
            }
        } else if bytes > MAX_CLAIM_BYTES {
            findings.push(claim_finding(
                LARGE_CLAIM,
                Severity::Warning,
                name,
                format!(
                    "`{name}` is {bytes} bytes (threshold {MAX_CLAIM_BYTES}): every request \
                     carries it; keep tokens to identity and look the rest up where needed"
                ),
            ));
        }
    }
}

fn is_authorization_claim(name: &str) -> bool {
    let base = base_name(name);
    AUTHORIZATION_CLAIMS
        .iter()
        .any(|claim| claim.eq_ignore_ascii_case(base))
}

/// The number of entries a claim value holds. Recursion is bounded by the
/// JSON depth cap of the decoder.
fn entries(value: &Value) -> usize {
    match value {
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::Array(_) | Value::Object(_) => entries(item),
                _ => 1,
            })
            .fold(0, usize::saturating_add),
        Value::Object(members) => members.values().map(entries).fold(0, usize::saturating_add),
        Value::String(words) => words.split_ascii_whitespace().count(),
        Value::Null | Value::Bool(_) | Value::Number(_) => 1,
    }
}

fn serialized_len(value: &Value) -> usize {
    serde_json::to_vec(value).map_or(0, |bytes| bytes.len())
}
