//! The JWS algorithms tokenward verifies (RFC 7518 §3, RFC 8037).
//!
//! `none` has no variant: it cannot be named, so it cannot be allowed.

use alloc::vec::Vec;
use core::fmt;
use sha2::{Digest, Sha256, Sha384, Sha512};

/// A signature algorithm from the header's `alg`, matched case-sensitively.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Algorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    RS256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    RS384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    RS512,
    /// RSASSA-PSS with SHA-256 and MGF1 with SHA-256.
    PS256,
    /// RSASSA-PSS with SHA-384 and MGF1 with SHA-384.
    PS384,
    /// RSASSA-PSS with SHA-512 and MGF1 with SHA-512.
    PS512,
    /// ECDSA on P-256 with SHA-256.
    ES256,
    /// ECDSA on P-384 with SHA-384.
    ES384,
    /// Ed25519 (RFC 8037).
    EdDSA,
    /// HMAC with SHA-256 (only with an explicit opt-in).
    HS256,
    /// HMAC with SHA-384 (only with an explicit opt-in).
    HS384,
    /// HMAC with SHA-512 (only with an explicit opt-in).
    HS512,
}

/// The hash function an algorithm uses (also the `at_hash` / `c_hash` hash).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashAlg {
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

impl HashAlg {
    /// The output length in octets.
    pub fn output_len(self) -> usize {
        match self {
            HashAlg::Sha256 => 32,
            HashAlg::Sha384 => 48,
            HashAlg::Sha512 => 64,
        }
    }

    /// `Hash(parts[0] || parts[1] || ...)`.
    pub(crate) fn digest(self, parts: &[&[u8]]) -> Vec<u8> {
        match self {
            HashAlg::Sha256 => digest_with::<Sha256>(parts),
            HashAlg::Sha384 => digest_with::<Sha384>(parts),
            HashAlg::Sha512 => digest_with::<Sha512>(parts),
        }
    }
}

fn digest_with<D: Digest>(parts: &[&[u8]]) -> Vec<u8> {
    let mut hasher = D::new();
    for part in parts {
        hasher.update(part);
    }
    hasher.finalize().to_vec()
}

impl Algorithm {
    /// Every supported algorithm.
    pub const ALL: [Algorithm; 12] = [
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::EdDSA,
        Algorithm::HS256,
        Algorithm::HS384,
        Algorithm::HS512,
    ];

    /// The asymmetric algorithms: the default allowlist.
    pub const ASYMMETRIC: [Algorithm; 9] = [
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::EdDSA,
    ];

    /// Parses an `alg` value exactly (case-sensitive); `None` for anything
    /// unsupported, `none` included.
    pub fn from_name(name: &str) -> Option<Algorithm> {
        Algorithm::ALL.into_iter().find(|alg| alg.name() == name)
    }

    /// The registered name, as it appears in `alg`.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::RS256 => "RS256",
            Algorithm::RS384 => "RS384",
            Algorithm::RS512 => "RS512",
            Algorithm::PS256 => "PS256",
            Algorithm::PS384 => "PS384",
            Algorithm::PS512 => "PS512",
            Algorithm::ES256 => "ES256",
            Algorithm::ES384 => "ES384",
            Algorithm::EdDSA => "EdDSA",
            Algorithm::HS256 => "HS256",
            Algorithm::HS384 => "HS384",
            Algorithm::HS512 => "HS512",
        }
    }

    /// The hash used by the algorithm; for EdDSA (which hashes internally)
    /// SHA-512, as OpenID Connect specifies for `at_hash` with Ed25519.
    pub fn hash(self) -> HashAlg {
        match self {
            Algorithm::RS256 | Algorithm::PS256 | Algorithm::ES256 | Algorithm::HS256 => {
                HashAlg::Sha256
            }
            Algorithm::RS384 | Algorithm::PS384 | Algorithm::ES384 | Algorithm::HS384 => {
                HashAlg::Sha384
            }
            Algorithm::RS512 | Algorithm::PS512 | Algorithm::HS512 | Algorithm::EdDSA => {
                HashAlg::Sha512
            }
        }
    }

    /// Whether this build can verify the algorithm: always, unless the
    /// crate is built with `select-algorithms` (then only the `alg-*`
    /// families enabled). A `const fn` of `cfg!` values, so code behind a
    /// `false` answer is removed at compile time.
    pub const fn is_available(self) -> bool {
        if !cfg!(feature = "select-algorithms") {
            return true;
        }
        match self {
            Algorithm::RS256
            | Algorithm::RS384
            | Algorithm::RS512
            | Algorithm::PS256
            | Algorithm::PS384
            | Algorithm::PS512 => cfg!(feature = "alg-rsa"),
            Algorithm::ES256 => cfg!(feature = "alg-es256"),
            Algorithm::ES384 => cfg!(feature = "alg-es384"),
            Algorithm::EdDSA => cfg!(feature = "alg-eddsa"),
            Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => cfg!(feature = "alg-hmac"),
        }
    }

    /// True for the HMAC algorithms, which need an explicit opt-in.
    pub fn is_symmetric(self) -> bool {
        matches!(self, Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512)
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
