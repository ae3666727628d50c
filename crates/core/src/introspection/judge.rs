//! The rules an introspection answer must pass before a token is allowed
//! (RFC 7662 §2.2), with the provider's own claim rules.

use crate::claims::{
    TimeRules, check_audience, check_present, check_string_types, check_subject, check_times,
    string_claim,
};
use crate::error::Error;
use crate::json::{DEFAULT_MAX_DEPTH, JsonObject, parse_object};
use crate::verifier::{IdentityKind, Profile, ValidationOptions};
use serde_json::Value;

/// Largest introspection answer read (64 KiB); a longer one is refused
/// (`introspection_unavailable`), as an oversized key set is.
pub const MAX_RESPONSE_BYTES: usize = 64 * 1024;

/// What the endpoint answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndpointAnswer<'a> {
    /// An HTTP answer: its status and body.
    Response {
        /// `:status`.
        status: u16,
        /// The body, as received (at most [`MAX_RESPONSE_BYTES`] + 1).
        body: &'a [u8],
    },
    /// No HTTP answer: connect error, reset, timeout, no endpoint.
    Failed,
}

/// An active token's introspection answer, accepted.
#[derive(Debug, Clone, PartialEq)]
pub struct Introspected {
    /// The answer's members (`sub`, `client_id`, `scope`, `exp`, ...): the
    /// token's identity, forwarded as a JWT's claims are.
    pub claims: JsonObject,
    /// `service` for a client-credentials token (no `sub` with a
    /// `client_id`, or `sub` equal to `client_id`), as for JWTs.
    pub kind: IdentityKind,
}

impl Introspected {
    /// The `sub` member, when it is a string.
    pub fn subject(&self) -> Option<&str> {
        self.claims.get("sub").and_then(Value::as_str)
    }
}

/// Judges `answer` at `now` (Unix seconds) with the provider's `options`.
///
/// # Errors
/// `introspection_unavailable` (not 200, too large, not a JSON object),
/// `token_inactive` (`active` not the boolean `true`, or a refresh token),
/// `binding_not_verified` (a sender-constrained token), and the claim
/// rules' codes: `expired`, `not_yet_valid`, `token_too_old`,
/// `bad_issuer`, `bad_audience`, `bad_subject`, `missing_claim`,
/// `bad_claim_type`.
pub fn judge(
    answer: EndpointAnswer<'_>,
    options: &ValidationOptions,
    now: i64,
) -> Result<Introspected, Error> {
    let EndpointAnswer::Response { status: 200, body } = answer else {
        return Err(Error::IntrospectionUnavailable);
    };
    if body.len() > MAX_RESPONSE_BYTES {
        return Err(Error::IntrospectionUnavailable);
    }
    let claims = parse_object(body, DEFAULT_MAX_DEPTH.min(options.max_json_depth.max(1)))
        .map_err(|_| Error::IntrospectionUnavailable)?;
    // Only the boolean `true` is active: `"true"`, `1` or an absent member
    // are not (the inactive/active confusion an attacker would aim for).
    if claims.get("active") != Some(&Value::Bool(true)) {
        return Err(Error::TokenInactive);
    }
    check_string_types(&claims)?;
    let token_type = string_claim(&claims, "token_type")?.unwrap_or("");
    if is_refresh_token(token_type) {
        return Err(Error::TokenInactive);
    }
    let bound = claims.contains_key("cnf") || token_type.eq_ignore_ascii_case("DPoP");
    if bound && !options.accept_sender_constrained_as_bearer {
        return Err(Error::BindingNotVerified);
    }
    let rules = TimeRules {
        leeway: options.clock_tolerance,
        require_exp: false,
        max_token_age: options.max_token_age,
    };
    check_times(&claims, now, &rules)?;
    // The answer comes from the provider's own endpoint: an absent `iss`
    // is the provider's; a present one must be it.
    if let (Some(iss), Some(expected)) = (string_claim(&claims, "iss")?, &options.issuer)
        && !expected.accepts(iss)
    {
        return Err(Error::BadIssuer);
    }
    if let Some(audiences) = &options.audiences {
        check_audience(&claims, audiences)?;
    }
    if let Some(subject) = &options.subject {
        check_subject(&claims, subject)?;
    }
    check_present(&claims, &options.required_claims)?;
    let kind = IdentityKind::of(&claims, &Profile::Jwt);
    Ok(Introspected { claims, kind })
}

/// RFC 7662 `token_type` of a refresh token: the hint's name (as several
/// servers answer) or its RFC 8693 URI.
fn is_refresh_token(token_type: &str) -> bool {
    token_type.eq_ignore_ascii_case("refresh_token")
        || token_type == "urn:ietf:params:oauth:token-type:refresh_token"
}
