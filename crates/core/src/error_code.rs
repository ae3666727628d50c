//! The stable error codes as a type: one list, from which [`ERROR_CODES`],
//! the npm package's `ErrorCode` union and its README table are derived.
//!
//! Each code is written once, in the `error_codes!` invocation below; the
//! enum, [`ErrorCode::ALL`] (in the order of the verifier's checks) and
//! [`ErrorCode::as_str`] all come from it, so they cannot drift apart.

use core::fmt;
use core::str::FromStr;

macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident = $code:literal,)+) => {
        /// A stable verification error code: what [`Error::error_code`]
        /// returns, matched on by adapters instead of strings.
        ///
        /// New codes may be added in a minor version (hence
        /// `#[non_exhaustive]`); a code's string never changes.
        ///
        /// [`Error::error_code`]: crate::Error::error_code
        #[non_exhaustive]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum ErrorCode {
            $($(#[$doc])* $variant,)+
        }

        impl ErrorCode {
            /// Every code, in the order of the verifier's checks.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)+];

            /// The code's string (`"expired"`, `"bad_signature"`, ...): the
            /// same in Rust, in JS (`err.code`), in metrics and in logs.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)+
                }
            }
        }
    };
}

error_codes! {
    /// Not a well-formed compact JWS / JWT: segments, base64url or JSON.
    Malformed = "malformed",
    /// The token (or a key set, a revocation list) is larger than its cap.
    TooLarge = "too_large",
    /// The header `alg` is not in the allowlist (or is `none`).
    AlgNotAllowed = "alg_not_allowed",
    /// The header carries `crit`; no extension is supported.
    CritUnsupported = "crit_unsupported",
    /// The header `typ` does not match the expected type.
    BadTyp = "bad_typ",
    /// No key in the set has the header's `kid`.
    UnknownKid = "unknown_kid",
    /// Several keys could verify the token (same `kid`, or no `kid`).
    AmbiguousKey = "ambiguous_key",
    /// The selected key cannot be used with the header `alg`.
    KeyAlgMismatch = "key_alg_mismatch",
    /// The selected key's `use` / `key_ops` do not allow verification.
    KeyUseMismatch = "key_use_mismatch",
    /// The key is too weak (RSA modulus under 2048 bits).
    WeakKey = "weak_key",
    /// The signature does not verify. Deliberately without detail.
    BadSignature = "bad_signature",
    /// A registered claim has the wrong JSON type.
    BadClaimType = "bad_claim_type",
    /// A required claim is absent.
    MissingClaim = "missing_claim",
    /// `now >= exp + leeway`.
    Expired = "expired",
    /// `nbf > now + leeway`.
    NotYetValid = "not_yet_valid",
    /// `now - iat` exceeds `max_token_age` (+ leeway).
    TokenTooOld = "token_too_old",
    /// `iss` is not the expected issuer.
    BadIssuer = "bad_issuer",
    /// An issuer template's `iss` is not the template with `{tenantid}`
    /// replaced by the token's `tid`, or `tid` is not a tenant id.
    IssuerTenantMismatch = "issuer_tenant_mismatch",
    /// The token's tenant (`tid`) is not in the issuer template's `tenants`.
    TenantNotAllowed = "tenant_not_allowed",
    /// `aud` holds none of the expected audiences.
    BadAudience = "bad_audience",
    /// `sub` is not the expected subject.
    BadSubject = "bad_subject",
    /// The ID token's `nonce` is not the expected one.
    NonceMismatch = "nonce_mismatch",
    /// `azp` is missing with several audiences, or is not the client id.
    BadAzp = "bad_azp",
    /// `now - auth_time` exceeds `max_age` (+ leeway).
    AuthTimeTooOld = "auth_time_too_old",
    /// `at_hash` or `c_hash` does not match the access token or code.
    AtHashMismatch = "at_hash_mismatch",
    /// A sender-constrained token (`cnf`) whose binding is not checked here.
    BindingNotVerified = "binding_not_verified",
    /// A DPoP-bound token (`cnf.jkt`) came without a DPoP proof (or with
    /// the `Bearer` scheme) to a verifier that checks DPoP.
    DpopProofRequired = "dpop_proof_required",
    /// The DPoP proof breaks a rule of RFC 9449 §4.3 (the reason says which).
    InvalidDpopProof = "invalid_dpop_proof",
    /// The proof has no `nonce`, or not a current one: retry with the nonce sent.
    UseDpopNonce = "use_dpop_nonce",
    /// This DPoP proof was already used.
    DpopReplay = "dpop_replay",
    /// The DPoP replay cache is full of live entries: refused rather than
    /// forgetting one.
    DpopReplayCacheFull = "dpop_replay_cache_full",
    /// The proof is signed by another key than the one `cnf.jkt` names.
    DpopKeyMismatch = "dpop_key_mismatch",
    /// A DPoP proof came with a token that is not DPoP-bound.
    DpopTokenUnbound = "dpop_token_unbound",
    /// The token is bound to another TLS client certificate
    /// (`cnf["x5t#S256"]`) than the connection's.
    CertificateMismatch = "certificate_mismatch",
    /// A certificate-bound token came over a connection without a client
    /// certificate, where certificates are checked.
    CertificateRequired = "certificate_required",
    /// Certificate-bound tokens are required and this one is not bound.
    CertificateTokenUnbound = "certificate_token_unbound",
    /// The token is on the revocation list.
    Revoked = "revoked",
    /// Token introspection (RFC 7662) answered that the token is not
    /// active (`active` absent, `false` or not the boolean `true`).
    TokenInactive = "token_inactive",
    /// No usable key set is available.
    JwksUnavailable = "jwks_unavailable",
    /// A key set (or a key in it) could not be parsed, or it publishes
    /// private key material.
    JwksInvalid = "jwks_invalid",
    /// A discovery document (OpenID Connect Discovery, RFC 8414) is not
    /// one, or names an endpoint the fetch-URL rule refuses.
    DiscoveryInvalid = "discovery_invalid",
    /// A discovery document names another issuer than the configured one.
    DiscoveryIssuerMismatch = "discovery_issuer_mismatch",
    /// A revocation list is not in the documented format (never a verdict
    /// on a token).
    RevocationListInvalid = "revocation_list_invalid",
    /// A revocation list is followed but none is usable (not fetched yet,
    /// or stale past its stale-if-error window) and the caller did not opt
    /// to fail open.
    RevocationUnavailable = "revocation_unavailable",
    /// The token introspection endpoint gave no usable answer (down, timed
    /// out, not 200, not JSON, too large): refused, never allowed.
    IntrospectionUnavailable = "introspection_unavailable",
    /// A back-channel logout token breaks a rule of OpenID Connect
    /// Back-Channel Logout 1.0 (the reason says which).
    LogoutTokenInvalid = "logout_token_invalid",
    /// A back-channel logout token whose `jti` was already accepted.
    LogoutTokenReplayed = "logout_token_replayed",
}

/// Every stable code's string, in the order of [`ErrorCode::ALL`]. Bindings
/// export this list (JS `ERROR_CODES`).
pub const ERROR_CODES: &[&str] = &{
    let mut codes = [""; ErrorCode::ALL.len()];
    let mut i = 0;
    while i < codes.len() {
        codes[i] = ErrorCode::ALL[i].as_str();
        i += 1;
    }
    codes
};

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that is not one of [`ERROR_CODES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownErrorCode;

impl fmt::Display for UnknownErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a tokenward error code")
    }
}

#[cfg(feature = "std")]
impl std::error::Error for UnknownErrorCode {}

impl FromStr for ErrorCode {
    type Err = UnknownErrorCode;

    /// The code with this string, exactly (`"expired"`); the inverse of
    /// [`ErrorCode::as_str`].
    fn from_str(code: &str) -> Result<Self, Self::Err> {
        ErrorCode::ALL
            .iter()
            .copied()
            .find(|known| known.as_str() == code)
            .ok_or(UnknownErrorCode)
    }
}

impl serde::Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_unique_and_round_trips() {
        for (i, code) in ErrorCode::ALL.iter().enumerate() {
            assert_eq!(code.as_str().parse(), Ok(*code));
            assert_eq!(ERROR_CODES[i], code.as_str());
            assert!(!ERROR_CODES[..i].contains(&code.as_str()), "{code} twice");
        }
        assert_eq!(ERROR_CODES.len(), ErrorCode::ALL.len());
        assert_eq!("no_such_code".parse::<ErrorCode>(), Err(UnknownErrorCode));
    }

    #[test]
    fn codes_are_snake_case_ascii() {
        for code in ERROR_CODES {
            assert!(!code.is_empty() && code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
        }
    }
}
