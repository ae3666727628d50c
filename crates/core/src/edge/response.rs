//! The refusal responses: 401 with an RFC 6750 challenge, 400 for a
//! request no token can be read from unambiguously, 503 when keys (or the
//! revocation list) are not available yet.

use alloc::borrow::ToOwned;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// A response the edge sends instead of forwarding the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DenyResponse {
    /// HTTP status.
    pub status: u16,
    /// Response headers (lower-case names).
    pub headers: Vec<(String, String)>,
    /// A small JSON body.
    pub body: String,
}

/// 401 for a token that failed with `code` (RFC 6750 §3.1 `invalid_token`).
pub fn invalid_token(realm: &str, code: &str) -> DenyResponse {
    DenyResponse {
        status: 401,
        headers: alloc::vec![
            (
                "www-authenticate".to_owned(),
                format!(
                    "Bearer realm=\"{realm}\", error=\"invalid_token\", error_description=\"{code}\""
                ),
            ),
            json_type(),
            no_store(),
        ],
        body: format!("{{\"error\":\"invalid_token\",\"error_description\":\"{code}\"}}"),
    }
}

/// 400 for a malformed request (RFC 6750 §3.1 `invalid_request`): more
/// than one token, `code` says so.
pub fn invalid_request(realm: &str, code: &str) -> DenyResponse {
    DenyResponse {
        status: 400,
        headers: alloc::vec![
            (
                "www-authenticate".to_owned(),
                format!(
                    "Bearer realm=\"{realm}\", error=\"invalid_request\", error_description=\"{code}\""
                ),
            ),
            json_type(),
            no_store(),
        ],
        body: format!("{{\"error\":\"invalid_request\",\"error_description\":\"{code}\"}}"),
    }
}

/// 401 without an error attribute: no token was sent (RFC 6750 §3.1).
pub fn missing_token(realm: &str) -> DenyResponse {
    DenyResponse {
        status: 401,
        headers: alloc::vec![
            (
                "www-authenticate".to_owned(),
                format!("Bearer realm=\"{realm}\"")
            ),
            json_type(),
            no_store(),
        ],
        body: "{\"error\":\"missing_token\"}".to_owned(),
    }
}

/// 503: nothing to verify with yet (`jwks_unavailable`,
/// `revocation_unavailable`). Not the client's fault, so no challenge.
pub fn unavailable(code: &str) -> DenyResponse {
    DenyResponse {
        status: 503,
        headers: alloc::vec![
            ("retry-after".to_owned(), "1".to_owned()),
            json_type(),
            no_store(),
        ],
        body: format!("{{\"error\":\"temporarily_unavailable\",\"error_description\":\"{code}\"}}"),
    }
}

fn json_type() -> (String, String) {
    ("content-type".to_owned(), "application/json".to_owned())
}

fn no_store() -> (String, String) {
    ("cache-control".to_owned(), "no-store".to_owned())
}
