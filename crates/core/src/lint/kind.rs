//! Guessing whether a token is an access token or an ID token.
//!
//! Signals in order of reliability: the header `typ` (`at+jwt`, RFC 9068),
//! vendor claims that say it outright (Cognito `token_use`, Keycloak's `typ`
//! claim), then claims only one kind carries.

use crate::TokenKind;
use crate::header::typ_matches;
use crate::json::JsonObject;
use serde_json::Value;

/// Claims only ID tokens carry (OIDC Core §2, §3.1.3.6, §3.3.2.11).
const ID_TOKEN_CLAIMS: &[&str] = &["nonce", "at_hash", "c_hash"];
/// Claims typical of access tokens (RFC 9068 §2.2, RFC 8693 §4).
const ACCESS_TOKEN_CLAIMS: &[&str] = &["scope", "scp", "client_id"];
/// Weak ID-token signal: `azp` (also found in some vendors' access tokens,
/// so it only counts when no access-token claim is present).
const WEAK_ID_TOKEN_CLAIMS: &[&str] = &["azp"];

/// Guesses the kind of token from its header and claims.
pub(super) fn guess(header: &JsonObject, claims: &JsonObject) -> Option<TokenKind> {
    if let Some(Value::String(typ)) = header.get("typ")
        && typ_matches(typ, "at+jwt")
    {
        return Some(TokenKind::AccessToken);
    }
    // Cognito: "token_use": "access" | "id"; Keycloak: "typ": "Bearer" | "ID".
    for vendor_claim in ["token_use", "typ"] {
        if let Some(Value::String(value)) = claims.get(vendor_claim) {
            if value.eq_ignore_ascii_case("access") || value.eq_ignore_ascii_case("bearer") {
                return Some(TokenKind::AccessToken);
            }
            if value.eq_ignore_ascii_case("id") {
                return Some(TokenKind::IdToken);
            }
        }
    }
    let has_any = |names: &[&str]| names.iter().any(|name| claims.contains_key(*name));
    if has_any(ID_TOKEN_CLAIMS) {
        Some(TokenKind::IdToken)
    } else if has_any(ACCESS_TOKEN_CLAIMS) {
        Some(TokenKind::AccessToken)
    } else if has_any(WEAK_ID_TOKEN_CLAIMS) {
        Some(TokenKind::IdToken)
    } else {
        None
    }
}
