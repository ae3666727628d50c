//! One error type for every verification failure, each with a stable code.
//!
//! The code strings are the public contract: the same strings appear in Rust
//! (`Error::code`, typed as [`ErrorCode`] by `Error::error_code`), in JS
//! (`err.code`), in Envoy metrics and in edge logs.

use crate::dpop::DpopProblem;
pub use crate::error_code::{ERROR_CODES, ErrorCode, UnknownErrorCode};
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
    /// An issuer template's `iss` is not the template with `{tenantid}`
    /// replaced by the token's `tid`, or `tid` is not a tenant id.
    IssuerTenantMismatch,
    /// The token's tenant (`tid`) is not in the issuer template's `tenants`.
    TenantNotAllowed,
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
    // DPoP (RFC 9449): the proof of possession beside a `cnf.jkt` token.
    /// The token is DPoP-bound (`cnf.jkt`) and came without a DPoP proof
    /// (or with the `Bearer` scheme) to a verifier that checks DPoP.
    DpopProofRequired,
    /// The DPoP proof breaks a rule of RFC 9449 §4.3; the problem says
    /// which (`Error::reason`).
    InvalidDpopProof(DpopProblem),
    /// The proof has no `nonce`, or not one this server issued recently:
    /// send the request again with a proof holding `nonce`.
    UseDpopNonce {
        /// The fresh nonce to send back in the `DPoP-Nonce` header.
        nonce: String,
    },
    /// This proof (`jti`, for this key) was already used.
    DpopReplay,
    /// The replay cache holds only proofs still inside their acceptance
    /// window and has no room for this one: refused rather than forgetting
    /// a live entry.
    DpopReplayCacheFull,
    /// The proof is signed by another key than the one the token is bound
    /// to (`cnf.jkt` is not the proof key's RFC 7638 thumbprint).
    DpopKeyMismatch,
    /// A DPoP proof came with a token that is not DPoP-bound (no `cnf.jkt`)
    /// and the caller does not accept unbound tokens with a proof.
    DpopTokenUnbound,
    // Certificate binding (RFC 8705): the TLS client certificate beside a
    // `cnf["x5t#S256"]` token.
    /// The token is bound to another client certificate than the one the
    /// TLS connection presented (`cnf["x5t#S256"]` is not the base64url
    /// SHA-256 of its DER).
    CertificateMismatch,
    /// The token is certificate-bound (`cnf["x5t#S256"]`) and the
    /// connection presented no client certificate, where certificates are
    /// checked.
    CertificateRequired,
    /// Certificate-bound tokens are required (`certificate_bound_tokens`
    /// with `required`) and this token has no `cnf["x5t#S256"]`.
    CertificateTokenUnbound,
    /// The token is on the revocation list.
    Revoked,
    /// Token introspection (RFC 7662) answered that the token is not active.
    TokenInactive,
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
    /// A discovery document is not one, or names an endpoint the
    /// fetch-URL rule refuses (the reason says which).
    DiscoveryInvalid(&'static str),
    /// A discovery document names another issuer than the configured one
    /// (OpenID Connect Discovery §4.3, RFC 8414 §3.3): refused, and no key
    /// is fetched from it.
    DiscoveryIssuerMismatch,
    /// A revocation list is not in the documented format. Never a verdict on
    /// a token: adapters keep the last good list and report this.
    RevocationListInvalid,
    /// A revocation list is configured but none is usable (never fetched,
    /// or its last good one is past its stale-if-error window): every token
    /// is refused, since an unchecked one may be revoked.
    RevocationUnavailable,
    /// The token introspection endpoint gave no usable answer (down, timed
    /// out, not 200, not a JSON object, too large): the token is refused.
    IntrospectionUnavailable,
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
    /// The stable code of this error, as a type to match on.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            Error::Malformed(_) => ErrorCode::Malformed,
            Error::TooLarge { .. } => ErrorCode::TooLarge,
            Error::AlgNotAllowed => ErrorCode::AlgNotAllowed,
            Error::CritUnsupported => ErrorCode::CritUnsupported,
            Error::BadTyp => ErrorCode::BadTyp,
            Error::UnknownKid => ErrorCode::UnknownKid,
            Error::AmbiguousKey => ErrorCode::AmbiguousKey,
            Error::KeyAlgMismatch => ErrorCode::KeyAlgMismatch,
            Error::KeyUseMismatch => ErrorCode::KeyUseMismatch,
            Error::WeakKey { .. } => ErrorCode::WeakKey,
            Error::BadSignature => ErrorCode::BadSignature,
            Error::BadClaimType { .. } => ErrorCode::BadClaimType,
            Error::MissingClaim { .. } => ErrorCode::MissingClaim,
            Error::Expired => ErrorCode::Expired,
            Error::NotYetValid => ErrorCode::NotYetValid,
            Error::TokenTooOld => ErrorCode::TokenTooOld,
            Error::BadIssuer => ErrorCode::BadIssuer,
            Error::IssuerTenantMismatch => ErrorCode::IssuerTenantMismatch,
            Error::TenantNotAllowed => ErrorCode::TenantNotAllowed,
            Error::BadAudience => ErrorCode::BadAudience,
            Error::BadSubject => ErrorCode::BadSubject,
            Error::NonceMismatch => ErrorCode::NonceMismatch,
            Error::BadAzp => ErrorCode::BadAzp,
            Error::AuthTimeTooOld => ErrorCode::AuthTimeTooOld,
            Error::AtHashMismatch { .. } => ErrorCode::AtHashMismatch,
            Error::BindingNotVerified => ErrorCode::BindingNotVerified,
            Error::DpopProofRequired => ErrorCode::DpopProofRequired,
            Error::InvalidDpopProof(_) => ErrorCode::InvalidDpopProof,
            Error::UseDpopNonce { .. } => ErrorCode::UseDpopNonce,
            Error::DpopReplay => ErrorCode::DpopReplay,
            Error::DpopReplayCacheFull => ErrorCode::DpopReplayCacheFull,
            Error::DpopKeyMismatch => ErrorCode::DpopKeyMismatch,
            Error::DpopTokenUnbound => ErrorCode::DpopTokenUnbound,
            Error::CertificateMismatch => ErrorCode::CertificateMismatch,
            Error::CertificateRequired => ErrorCode::CertificateRequired,
            Error::CertificateTokenUnbound => ErrorCode::CertificateTokenUnbound,
            Error::Revoked => ErrorCode::Revoked,
            Error::TokenInactive => ErrorCode::TokenInactive,
            Error::IntrospectionUnavailable => ErrorCode::IntrospectionUnavailable,
            Error::JwksUnavailable => ErrorCode::JwksUnavailable,
            Error::JwksInvalid(_) | Error::JwksPrivateKey { .. } => ErrorCode::JwksInvalid,
            Error::DiscoveryInvalid(_) => ErrorCode::DiscoveryInvalid,
            Error::DiscoveryIssuerMismatch => ErrorCode::DiscoveryIssuerMismatch,
            Error::RevocationListInvalid => ErrorCode::RevocationListInvalid,
            Error::RevocationUnavailable => ErrorCode::RevocationUnavailable,
            Error::LogoutTokenInvalid(_) => ErrorCode::LogoutTokenInvalid,
            Error::LogoutTokenReplayed => ErrorCode::LogoutTokenReplayed,
        }
    }

    /// The stable machine code of this error (`"expired"`, `"bad_signature"`, ...):
    /// `self.error_code().as_str()`.
    pub fn code(&self) -> &'static str {
        self.error_code().as_str()
    }
}

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
            Error::BadIssuer | Error::IssuerTenantMismatch => "iss",
            Error::TenantNotAllowed => "tid",
            Error::BadAudience => "aud",
            Error::BadSubject => "sub",
            Error::NonceMismatch => "nonce",
            Error::BadAzp => "azp",
            Error::AuthTimeTooOld => "auth_time",
            Error::BindingNotVerified => "cnf",
            Error::LogoutTokenInvalid(rule) => rule.claim(),
            Error::DpopProofRequired | Error::DpopKeyMismatch | Error::DpopTokenUnbound => "cnf",
            Error::CertificateMismatch
            | Error::CertificateRequired
            | Error::CertificateTokenUnbound => "cnf",
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
            Error::InvalidDpopProof(problem) => Some(problem.reason()),
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
            Error::IssuerTenantMismatch => {
                f.write_str("iss is not the issuer template filled with the token's tenant (tid)")
            }
            Error::TenantNotAllowed => f.write_str("the token's tenant (tid) is not allowed"),
            Error::BadAudience => f.write_str("none of the expected audiences"),
            Error::BadSubject => f.write_str("unexpected subject"),
            Error::NonceMismatch => f.write_str("nonce does not match"),
            Error::BadAzp => f.write_str("authorized party (azp) is missing or wrong"),
            Error::AuthTimeTooOld => f.write_str("authentication is older than max_age"),
            Error::AtHashMismatch { claim } => write!(f, "{claim} does not match"),
            Error::BindingNotVerified => f.write_str(
                "the token is sender-constrained (cnf) and its binding is not verified here",
            ),
            Error::DpopProofRequired => {
                f.write_str("the token is DPoP-bound (cnf.jkt) and came without a DPoP proof")
            }
            Error::InvalidDpopProof(problem) => write!(f, "{problem}"),
            Error::UseDpopNonce { .. } => {
                f.write_str("the DPoP proof must carry the nonce this server issued (DPoP-Nonce)")
            }
            Error::DpopReplay => f.write_str("this DPoP proof was already used"),
            Error::DpopReplayCacheFull => f.write_str(
                "the DPoP replay cache is full of proofs still in their window; try again later",
            ),
            Error::DpopKeyMismatch => {
                f.write_str("the DPoP proof key is not the key the token is bound to (cnf.jkt)")
            }
            Error::DpopTokenUnbound => {
                f.write_str("a DPoP proof came with a token that is not DPoP-bound (no cnf.jkt)")
            }
            Error::CertificateMismatch => f.write_str(
                "the token is bound to another client certificate (cnf.x5t#S256) than the connection's",
            ),
            Error::CertificateRequired => f.write_str(
                "the token is certificate-bound (cnf.x5t#S256) and the connection presented no client certificate",
            ),
            Error::CertificateTokenUnbound => f.write_str(
                "a certificate-bound token is required and this one has no cnf.x5t#S256",
            ),
            Error::Revoked => f.write_str("token has been revoked"),
            Error::TokenInactive => {
                f.write_str("the introspection endpoint says the token is not active")
            }
            Error::IntrospectionUnavailable => {
                f.write_str("the introspection endpoint gave no usable answer")
            }
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
            Error::DiscoveryInvalid(why) => write!(f, "invalid discovery document: {why}"),
            Error::DiscoveryIssuerMismatch => {
                f.write_str("the discovery document names another issuer than the configured one")
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
