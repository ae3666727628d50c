//! Registered claims a token should carry, and their JSON types.

use super::{Finding, Severity, claim_finding};
use crate::TokenKind;
use crate::claims;
use crate::error::Error;
use crate::json::JsonObject;
use Severity::{Error as E, Info as I, Warning as W};
use alloc::format;
use alloc::string::ToString;
use alloc::vec::Vec;

/// Code: no `exp`.
pub(super) const MISSING_EXP: &str = "missing_exp";
/// Code: no `jti`.
pub(super) const MISSING_JTI: &str = "missing_jti";
/// Code: no `iat`.
pub(super) const MISSING_IAT: &str = "missing_iat";
/// Code: no `iss`.
pub(super) const MISSING_ISS: &str = "missing_iss";
/// Code: no `aud`.
pub(super) const MISSING_AUD: &str = "missing_aud";
/// Code: no `sub`.
pub(super) const MISSING_SUB: &str = "missing_sub";
/// Code: an access token without `client_id`.
pub(super) const MISSING_CLIENT_ID: &str = "missing_client_id";
/// Code: a registered claim with the wrong JSON type.
pub(super) const BAD_CLAIM_TYPE: &str = "bad_claim_type";

/// A claim the lint expects, with the severity of its absence per kind
/// (`None`: not flagged for that kind).
struct ExpectedClaim {
    name: &'static str,
    code: &'static str,
    access_token: Option<Severity>,
    id_token: Option<Severity>,
    unknown: Option<Severity>,
    why: &'static str,
}

/// The expected claims. RFC 9068 §2.2 requires all of them in access
/// tokens; OIDC Core §2 requires `iss`, `sub`, `aud`, `exp`, `iat` in ID
/// tokens.
const EXPECTED_CLAIMS: &[ExpectedClaim] = &[
    ExpectedClaim {
        name: "exp",
        code: MISSING_EXP,
        access_token: Some(E),
        id_token: Some(E),
        unknown: Some(E),
        why: "the token never expires, so a leaked copy works forever; tokenward \
              refuses tokens without `exp` by default",
    },
    ExpectedClaim {
        name: "jti",
        code: MISSING_JTI,
        access_token: Some(W),
        id_token: None,
        unknown: Some(I),
        why: "one token cannot be revoked by id (revocation lists key on `jti`) and \
              replays cannot be told apart; RFC 9068 requires it in access tokens",
    },
    ExpectedClaim {
        name: "iat",
        code: MISSING_IAT,
        access_token: Some(I),
        id_token: Some(I),
        unknown: Some(I),
        why: "the token's age (`maxTokenAge`) and lifetime cannot be checked; RFC 9068 \
              and OIDC require it",
    },
    ExpectedClaim {
        name: "iss",
        code: MISSING_ISS,
        access_token: Some(W),
        id_token: Some(W),
        unknown: Some(W),
        why: "the verifier cannot tell which issuer (and key set) the token belongs to, \
              and an issuer check is impossible",
    },
    ExpectedClaim {
        name: "aud",
        code: MISSING_AUD,
        access_token: Some(W),
        id_token: Some(W),
        unknown: Some(W),
        why: "a token meant for one API is accepted by every API that trusts the issuer \
              (token replay across services)",
    },
    ExpectedClaim {
        name: "sub",
        code: MISSING_SUB,
        access_token: Some(W),
        id_token: Some(W),
        unknown: None,
        why: "there is no stable subject identifier to attach the identity to; RFC 9068 \
              and OIDC require it",
    },
    ExpectedClaim {
        name: "client_id",
        code: MISSING_CLIENT_ID,
        access_token: Some(W),
        id_token: None,
        unknown: None,
        why: "the API cannot tell which client the token was issued to; RFC 9068 \
              requires it",
    },
];

impl ExpectedClaim {
    fn severity(&self, kind: Option<TokenKind>) -> Option<Severity> {
        match kind {
            Some(TokenKind::AccessToken) => self.access_token,
            Some(TokenKind::IdToken) => self.id_token,
            None | Some(TokenKind::RefreshToken) => self.unknown,
        }
    }
}

/// Flags missing expected claims and registered claims of the wrong type.
pub(super) fn check(claims: &JsonObject, kind: Option<TokenKind>, findings: &mut Vec<Finding>) {
    for expected in EXPECTED_CLAIMS {
        if claims.contains_key(expected.name) {
            continue;
        }
        if let Some(severity) = expected.severity(kind) {
            findings.push(claim_finding(
                expected.code,
                severity,
                expected.name,
                format!(
                    "no `{}` claim in the {}: {}",
                    expected.name,
                    kind_noun(kind),
                    expected.why
                ),
            ));
        }
    }
    for error in type_errors(claims) {
        let claim = match &error {
            Error::BadClaimType { claim } => claim.clone(),
            _ => "?".to_string(),
        };
        findings.push(claim_finding(
            BAD_CLAIM_TYPE,
            Severity::Error,
            &claim,
            format!("{error}: tokenward (and most verifiers) refuse the token"),
        ));
    }
}

/// The type errors of the registered claims, as the verifier reports them.
fn type_errors(claims: &JsonObject) -> Vec<Error> {
    let mut errors = Vec::new();
    for name in ["exp", "nbf", "iat", "auth_time"] {
        if let Err(error) = claims::numeric_date(claims, name) {
            errors.push(error);
        }
    }
    for name in ["iss", "sub", "jti"] {
        if let Err(error) = claims::string_claim(claims, name) {
            errors.push(error);
        }
    }
    if let Err(error) = claims::audiences(claims) {
        errors.push(error);
    }
    errors
}

pub(super) fn kind_noun(kind: Option<TokenKind>) -> &'static str {
    match kind {
        Some(TokenKind::AccessToken) => "access token",
        Some(TokenKind::IdToken) => "ID token",
        Some(TokenKind::RefreshToken) => "refresh token",
        None => "token",
    }
}
