//! Which rule of RFC 9449 §4.3 a refused DPoP proof broke.

use core::fmt;

/// Why a DPoP proof was refused (`invalid_dpop_proof`); [`Self::reason`]
/// is the short detail beside the code (`err.reason` in JS).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DpopProblem {
    /// More than one `DPoP` header value (§4.3 item 1: exactly one).
    Count,
    /// Not a compact JWS of strict base64url segments and JSON objects, or
    /// over the size cap.
    Malformed,
    /// The header `typ` is not `dpop+jwt`.
    Typ,
    /// The header `alg` is not in the DPoP allowlist (never `none`, never
    /// a symmetric algorithm).
    Alg,
    /// The header `jwk` is missing, not a usable public key for `alg`
    /// (unsupported type, off-curve, small-order, weak RSA, metadata).
    Jwk,
    /// The header `jwk` carries private key material.
    PrivateKey,
    /// The signature does not verify with the header `jwk`. Opaque.
    Signature,
    /// `htm` is missing or not the request method.
    Htm,
    /// `htu` is missing, not an http(s) URL, or not the request URL.
    Htu,
    /// `iat` is missing, not a number, or outside the acceptance window.
    Iat,
    /// `exp` is present and not a number, or past (RFC 7519 §4.1.4).
    Exp,
    /// `nbf` is present and not a number, or ahead (RFC 7519 §4.1.5).
    Nbf,
    /// `jti` is missing, not a string, empty, or too long.
    Jti,
    /// `ath` is missing or not the hash of the access token presented.
    Ath,
}

impl DpopProblem {
    /// The machine-readable detail: `"count"`, `"malformed"`, `"typ"`,
    /// `"alg"`, `"jwk"`, `"private_key"`, `"signature"`, `"htm"`, `"htu"`,
    /// `"iat"`, `"exp"`, `"nbf"`, `"jti"`, `"ath"`.
    pub fn reason(self) -> &'static str {
        match self {
            DpopProblem::Count => "count",
            DpopProblem::Malformed => "malformed",
            DpopProblem::Typ => "typ",
            DpopProblem::Alg => "alg",
            DpopProblem::Jwk => "jwk",
            DpopProblem::PrivateKey => "private_key",
            DpopProblem::Signature => "signature",
            DpopProblem::Htm => "htm",
            DpopProblem::Htu => "htu",
            DpopProblem::Iat => "iat",
            DpopProblem::Exp => "exp",
            DpopProblem::Nbf => "nbf",
            DpopProblem::Jti => "jti",
            DpopProblem::Ath => "ath",
        }
    }
}

impl fmt::Display for DpopProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DpopProblem::Count => "exactly one DPoP proof is allowed per request",
            DpopProblem::Malformed => "the DPoP proof is not a well-formed compact JWS",
            DpopProblem::Typ => "the DPoP proof's typ is not dpop+jwt",
            DpopProblem::Alg => "the DPoP proof's alg is not in the DPoP allowlist",
            DpopProblem::Jwk => "the DPoP proof's jwk is not a usable public key for its alg",
            DpopProblem::PrivateKey => "the DPoP proof's jwk carries private key material",
            DpopProblem::Signature => "the DPoP proof's signature does not verify",
            DpopProblem::Htm => "the DPoP proof's htm is not the request method",
            DpopProblem::Htu => "the DPoP proof's htu is not the request URL",
            DpopProblem::Iat => "the DPoP proof's iat is outside the acceptance window",
            DpopProblem::Exp => "the DPoP proof has expired (its exp)",
            DpopProblem::Nbf => "the DPoP proof is not valid yet (its nbf)",
            DpopProblem::Jti => "the DPoP proof's jti is missing, empty or too long",
            DpopProblem::Ath => "the DPoP proof's ath is not the hash of the access token",
        })
    }
}
