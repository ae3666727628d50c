//! One error type for every verification failure, each with a stable code.
//!
//! The code strings are the public contract: the same strings appear in Rust
//! (`Error::code`), in JS (`err.code`), in Envoy metrics and in edge logs.

use alloc::string::String;
use core::fmt;

/// Why a token (or a key set) was refused.
///
/// Variants carry the context a developer needs to fix their setup, never
/// detail that helps an attacker: a signature failure is only `BadSignature`.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// Not a well-formed compact JWS / JWT: segments, base64url or JSON.
    Malformed(Malformed),
    /// The token or one of its parts is larger than the configured cap.
    TooLarge {
        /// The cap that was exceeded, in bytes.
        limit: usize,
    },
    /// The header `alg` is not in the allowlist (or is `none`).
    AlgNotAllowed,
    /// The header carries `crit`; no extension is supported.
    CritUnsupported,
    /// The header `typ` does not match the expected type.
    BadTyp,
    /// No key in the set has the header's `kid`.
    UnknownKid,
    /// Several keys could verify the token (same `kid`, or no `kid`).
    AmbiguousKey,
    /// The selected key cannot be used with the header `alg`.
    KeyAlgMismatch,
    /// The selected key's `use` / `key_ops` do not allow verification.
    KeyUseMismatch,
    /// The key is too weak (RSA modulus under 2048 bits).
    WeakKey {
        /// The modulus size in bits.
        bits: usize,
    },
    /// The signature does not verify. Deliberately without detail.
    BadSignature,
    /// A registered claim has the wrong JSON type.
    BadClaimType {
        /// The claim name.
        claim: String,
    },
    /// A required claim is absent.
    MissingClaim {
        /// The claim name.
        claim: String,
    },
    /// `now >= exp + leeway`.
    Expired,
    /// `nbf > now + leeway`.
    NotYetValid,
    /// `now - iat` exceeds `max_token_age` (+ leeway).
    TokenTooOld,
    /// `iss` is not the expected issuer.
    BadIssuer,
    /// `aud` holds none of the expected audiences.
    BadAudience,
    /// `sub` is not the expected subject.
    BadSubject,
    /// The ID token's `nonce` is not the expected one.
    NonceMismatch,
    /// `azp` is missing with several audiences, or is not the client id.
    BadAzp,
    /// `now - auth_time` exceeds `max_age` (+ leeway).
    AuthTimeTooOld,
    /// `at_hash` or `c_hash` does not match the access token or code.
    AtHashMismatch {
        /// `at_hash` or `c_hash`.
        claim: &'static str,
    },
    /// The token is sender-constrained (it carries `cnf`: a DPoP `jkt`, an
    /// mTLS `x5t#S256`, ...) and this verifier does not check the binding.
    /// Accepting it as a bearer token is the downgrade RFC 9449 §7.1 warns
    /// about, so it is refused unless the caller opted out.
    BindingNotVerified,
    /// The token is on the revocation list.
    Revoked,
    /// No usable key set is available (never fetched, or fetch failed with
    /// nothing cached).
    JwksUnavailable,
    /// A key set (or a key in it) could not be parsed.
    JwksInvalid(&'static str),
    /// A key set publishes private key material (code `jwks_invalid`): the
    /// whole set is refused, and the message names the key.
    JwksPrivateKey {
        /// Position of the key in `keys`, from 0.
        index: usize,
        /// Its `kid`, when it has a string one (shortened, printable ASCII).
        kid: Option<String>,
        /// The private member found (`d`, `p`, ..., or `k`).
        member: &'static str,
    },
    /// A revocation list is not in the documented format. Never a verdict on
    /// a token: adapters keep the last good list and report this.
    RevocationListInvalid,
    /// A revocation list is configured but none is usable (never fetched,
    /// or its last good one is past its stale-if-error window): every token
    /// is refused, since an unchecked one may be revoked.
    RevocationUnavailable,
    /// A back-channel logout token breaks a rule of OpenID Connect
    /// Back-Channel Logout 1.0 §2.6 (no `events`, a `nonce`, neither `sid`
    /// nor `sub`, ...); the rule names which.
    LogoutTokenInvalid(crate::logout::LogoutRule),
    /// A back-channel logout token whose `jti` was already accepted.
    LogoutTokenReplayed,
}

/// What exactly was malformed; shown in messages, all mapped to `malformed`.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Malformed {
    /// Not exactly three dot-separated segments (JWE has five).
    Segments,
    /// A segment is not strict unpadded, canonical base64url.
    Base64,
    /// A segment is not a UTF-8 JSON object without duplicate members.
    Json,
    /// JSON nested deeper than the cap.
    JsonDepth,
    /// A header member has the wrong type (`alg`, `kid`, `typ`, `crit`).
    Header,
    /// The signature segment is longer than any supported signature (1 KiB).
    /// A wrong length for the algorithm is `bad_signature`: signature
    /// failures stay opaque.
    SignatureEncoding,
}

impl Error {
    /// The stable machine code of this error (`"expired"`, `"bad_signature"`, ...).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Malformed(_) => "malformed",
            Error::TooLarge { .. } => "too_large",
            Error::AlgNotAllowed => "alg_not_allowed",
            Error::CritUnsupported => "crit_unsupported",
            Error::BadTyp => "bad_typ",
            Error::UnknownKid => "unknown_kid",
            Error::AmbiguousKey => "ambiguous_key",
            Error::KeyAlgMismatch => "key_alg_mismatch",
            Error::KeyUseMismatch => "key_use_mismatch",
            Error::WeakKey { .. } => "weak_key",
            Error::BadSignature => "bad_signature",
            Error::BadClaimType { .. } => "bad_claim_type",
            Error::MissingClaim { .. } => "missing_claim",
            Error::Expired => "expired",
            Error::NotYetValid => "not_yet_valid",
            Error::TokenTooOld => "token_too_old",
            Error::BadIssuer => "bad_issuer",
            Error::BadAudience => "bad_audience",
            Error::BadSubject => "bad_subject",
            Error::NonceMismatch => "nonce_mismatch",
            Error::BadAzp => "bad_azp",
            Error::AuthTimeTooOld => "auth_time_too_old",
            Error::AtHashMismatch { .. } => "at_hash_mismatch",
            Error::BindingNotVerified => "binding_not_verified",
            Error::Revoked => "revoked",
            Error::JwksUnavailable => "jwks_unavailable",
            Error::JwksInvalid(_) | Error::JwksPrivateKey { .. } => "jwks_invalid",
            Error::RevocationListInvalid => "revocation_list_invalid",
            Error::RevocationUnavailable => "revocation_unavailable",
            Error::LogoutTokenInvalid(_) => "logout_token_invalid",
            Error::LogoutTokenReplayed => "logout_token_replayed",
        }
    }
}

/// Every stable code, in the order of the verifier's checks. Bindings export
/// this list.
pub const ERROR_CODES: &[&str] = &[
    "malformed",
    "too_large",
    "alg_not_allowed",
    "crit_unsupported",
    "bad_typ",
    "unknown_kid",
    "ambiguous_key",
    "key_alg_mismatch",
    "key_use_mismatch",
    "weak_key",
    "bad_signature",
    "bad_claim_type",
    "missing_claim",
    "expired",
    "not_yet_valid",
    "token_too_old",
    "bad_issuer",
    "bad_audience",
    "bad_subject",
    "nonce_mismatch",
    "bad_azp",
    "auth_time_too_old",
    "at_hash_mismatch",
    "binding_not_verified",
    "revoked",
    "jwks_unavailable",
    "jwks_invalid",
    "revocation_list_invalid",
    "revocation_unavailable",
    "logout_token_invalid",
    "logout_token_replayed",
];

impl Error {
    /// The claim a claim rule failed on (`"exp"`, `"aud"`, ...), as jose's
    /// `JWTClaimValidationFailed` has it; `None` when no claim rule failed.
    pub fn claim(&self) -> Option<&str> {
        Some(match self {
            Error::BadClaimType { claim } | Error::MissingClaim { claim } => claim,
            Error::AtHashMismatch { claim } => claim,
            Error::Expired => "exp",
            Error::NotYetValid => "nbf",
            Error::TokenTooOld => "iat",
            Error::BadIssuer => "iss",
            Error::BadAudience => "aud",
            Error::BadSubject => "sub",
            Error::NonceMismatch => "nonce",
            Error::BadAzp => "azp",
            Error::AuthTimeTooOld => "auth_time",
            Error::BindingNotVerified => "cnf",
            Error::LogoutTokenInvalid(rule) => rule.claim(),
            _ => return None,
        })
    }

    /// A short machine-readable detail beside the code: for a claim rule,
    /// jose's words (`"missing"`, `"invalid"` for a wrong type,
    /// `"check_failed"`); for a malformed token, what was malformed
    /// (`"segments"`, `"base64"`, `"json"`, ...). `None` when the code says
    /// it all.
    pub fn reason(&self) -> Option<&'static str> {
        match self {
            Error::MissingClaim { .. } => Some("missing"),
            Error::BadClaimType { .. } => Some("invalid"),
            Error::Malformed(what) => Some(what.reason()),
            Error::LogoutTokenInvalid(rule) => Some(rule.reason()),
            _ if self.claim().is_some() => Some("check_failed"),
            _ => None,
        }
    }
}

impl Malformed {
    fn reason(self) -> &'static str {
        match self {
            Malformed::Segments => "segments",
            Malformed::Base64 => "base64",
            Malformed::Json => "json",
            Malformed::JsonDepth => "json_depth",
            Malformed::Header => "header",
            Malformed::SignatureEncoding => "signature_encoding",
        }
    }
}

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Malformed::Segments => "a compact JWS has exactly three segments",
            Malformed::Base64 => "segment is not strict unpadded base64url",
            Malformed::Json => "segment is not a UTF-8 JSON object with unique member names",
            Malformed::JsonDepth => "JSON nesting is too deep",
            Malformed::Header => "a header member has the wrong type",
            Malformed::SignatureEncoding => "signature is longer than any supported signature",
        })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.code())?;
        match self {
            Error::Malformed(what) => write!(f, "{what}"),
            Error::TooLarge { limit } => write!(f, "larger than {limit} bytes"),
            Error::AlgNotAllowed => f.write_str("algorithm not in the allowlist"),
            Error::CritUnsupported => f.write_str("critical header extensions are not supported"),
            Error::BadTyp => f.write_str("unexpected token type (typ)"),
            Error::UnknownKid => f.write_str("no key with this kid"),
            Error::AmbiguousKey => f.write_str("several keys could verify this token"),
            Error::KeyAlgMismatch => f.write_str("the key cannot verify this algorithm"),
            Error::KeyUseMismatch => f.write_str("the key is not meant for signature verification"),
            Error::WeakKey { bits } => write!(f, "RSA key of {bits} bits (2048 required)"),
            Error::BadSignature => f.write_str("signature verification failed"),
            Error::BadClaimType { claim } => write!(f, "claim {claim:?} has the wrong type"),
            Error::MissingClaim { claim } => write!(f, "claim {claim:?} is required"),
            Error::Expired => f.write_str("token has expired"),
            Error::NotYetValid => f.write_str("token is not valid yet (nbf)"),
            Error::TokenTooOld => f.write_str("token was issued too long ago (iat)"),
            Error::BadIssuer => f.write_str("unexpected issuer"),
            Error::BadAudience => f.write_str("none of the expected audiences"),
            Error::BadSubject => f.write_str("unexpected subject"),
            Error::NonceMismatch => f.write_str("nonce does not match"),
            Error::BadAzp => f.write_str("authorized party (azp) is missing or wrong"),
            Error::AuthTimeTooOld => f.write_str("authentication is older than max_age"),
            Error::AtHashMismatch { claim } => write!(f, "{claim} does not match"),
            Error::BindingNotVerified => f.write_str(
                "the token is sender-constrained (cnf) and its binding is not verified here",
            ),
            Error::Revoked => f.write_str("token has been revoked"),
            Error::JwksUnavailable => f.write_str("no key set available"),
            Error::JwksInvalid(why) => write!(f, "invalid key set: {why}"),
            Error::JwksPrivateKey { index, kid, member } => {
                write!(f, "invalid key set: key {index}")?;
                if let Some(kid) = kid {
                    write!(f, " (kid \"{kid}\")")?;
                }
                write!(
                    f,
                    " carries private key material (\"{member}\"); a published private \
                     key is compromised, so the whole set is refused and the same public \
                     key is withdrawn from the set still served"
                )
            }
            Error::RevocationListInvalid => {
                f.write_str("revocation list is not in the documented format")
            }
            Error::RevocationUnavailable => {
                f.write_str("no usable revocation list (not fetched yet, or too stale)")
            }
            Error::LogoutTokenInvalid(rule) => write!(f, "not a valid logout token: {rule}"),
            Error::LogoutTokenReplayed => {
                f.write_str("this logout token (jti) was already accepted")
            }
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Error {}

impl From<Malformed> for Error {
    fn from(what: Malformed) -> Self {
        Error::Malformed(what)
    }
}
