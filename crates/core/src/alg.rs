//! The JWS algorithms tokenward verifies (RFC 7518 §3, RFC 8037, RFC 9864).
//!
//! `none` has no variant: it cannot be named, so it cannot be allowed.
//!
//! [`Algorithm::host_may_verify`] is the one rule on which signatures a host
//! (WebCrypto, node:crypto) may check instead of the core; every adapter
//! asks it rather than keeping its own list.

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
    /// ECDSA on P-521 with SHA-512.
    ES512,
    /// EdDSA (RFC 8037); tokenward supports it with Ed25519 keys only.
    EdDSA,
    /// Ed25519, RFC 9864's fully-specified name for EdDSA with an Ed25519
    /// key: the same signature over the same key as [`Algorithm::EdDSA`].
    Ed25519,
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
    pub const ALL: [Algorithm; 14] = [
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::ES512,
        Algorithm::EdDSA,
        Algorithm::Ed25519,
        Algorithm::HS256,
        Algorithm::HS384,
        Algorithm::HS512,
    ];

    /// The asymmetric algorithms: the default allowlist.
    pub const ASYMMETRIC: [Algorithm; 11] = [
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::ES512,
        Algorithm::EdDSA,
        Algorithm::Ed25519,
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
            Algorithm::ES512 => "ES512",
            Algorithm::EdDSA => "EdDSA",
            Algorithm::Ed25519 => "Ed25519",
            Algorithm::HS256 => "HS256",
            Algorithm::HS384 => "HS384",
            Algorithm::HS512 => "HS512",
        }
    }

    /// The hash used by the algorithm; for EdDSA and Ed25519 (which hash
    /// internally) SHA-512, as OpenID Connect specifies for `at_hash` with
    /// Ed25519.
    pub fn hash(self) -> HashAlg {
        match self {
            Algorithm::RS256 | Algorithm::PS256 | Algorithm::ES256 | Algorithm::HS256 => {
                HashAlg::Sha256
            }
            Algorithm::RS384 | Algorithm::PS384 | Algorithm::ES384 | Algorithm::HS384 => {
                HashAlg::Sha384
            }
            Algorithm::RS512
            | Algorithm::PS512
            | Algorithm::ES512
            | Algorithm::HS512
            | Algorithm::EdDSA
            | Algorithm::Ed25519 => HashAlg::Sha512,
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
            Algorithm::ES512 => cfg!(feature = "alg-es512"),
            Algorithm::EdDSA | Algorithm::Ed25519 => cfg!(feature = "alg-eddsa"),
            Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => cfg!(feature = "alg-hmac"),
        }
    }

    /// True for the HMAC algorithms, which need an explicit opt-in.
    pub fn is_symmetric(self) -> bool {
        matches!(self, Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512)
    }

    /// True for the two names of EdDSA with an Ed25519 key: `EdDSA` (RFC
    /// 8037) and `Ed25519` (RFC 9864).
    pub fn is_ed25519(self) -> bool {
        matches!(self, Algorithm::EdDSA | Algorithm::Ed25519)
    }

    /// Whether a key whose JWK `alg` member is `jwk_alg` may verify this
    /// algorithm: the same name, or the other name of Ed25519. RFC 9864
    /// makes `Ed25519` the fully-specified name of what `EdDSA` does with
    /// an Ed25519 key: the same bytes verify the same way under either, so
    /// a provider that renames the token `alg` before its key set (or the
    /// other way round) keeps working, and nothing else widens.
    pub fn fits_jwk_alg(self, jwk_alg: &str) -> bool {
        Algorithm::from_name(jwk_alg)
            .is_some_and(|own| own == self || (own.is_ed25519() && self.is_ed25519()))
    }

    /// Whether a host's own crypto (WebCrypto, node:crypto) may check a
    /// signature of this algorithm in place of the core. The core picks
    /// the key (checked at load) and re-checks the signature length; the
    /// host only says yes or no, so its answer must be the core's answer:
    ///
    /// - RSA (RS*, PS*): the public operation and the encoding check are
    ///   exact (PKCS#1 v1.5 compares the whole encoded message, PSS has a
    ///   fixed salt length and MGF1 hash), `s < n` is checked by every host
    ///   as by the core, and the key (size, `e`) passed the core's checks.
    /// - ECDSA (ES256, ES384, ES512): `1 ≤ r, s < n`, high `s` accepted
    ///   (JOSE does not require low `s`), the key on the curve: the same
    ///   rules in the core, BoringSSL and OpenSSL. For ES512 the hosts take
    ///   the whole 512-bit hash as `e` (it is shorter than P-521's 521-bit
    ///   `n`), as the core does.
    /// - EdDSA / Ed25519: not delegated. Hosts differ on Ed25519 strictness
    ///   (small-order keys and `R`, non-canonical encodings, `S ≥ L`; some
    ///   check the cofactored equation): a small-order key made one host
    ///   accept a token forged without any private key. The core's
    ///   `verify_strict` decides, and it is fast in wasm.
    /// - HMAC: not delegated: the secret stays in wasm memory, and the core
    ///   compares in constant time.
    pub fn host_may_verify(self) -> bool {
        match self {
            Algorithm::RS256
            | Algorithm::RS384
            | Algorithm::RS512
            | Algorithm::PS256
            | Algorithm::PS384
            | Algorithm::PS512
            | Algorithm::ES256
            | Algorithm::ES384
            | Algorithm::ES512 => true,
            Algorithm::EdDSA
            | Algorithm::Ed25519
            | Algorithm::HS256
            | Algorithm::HS384
            | Algorithm::HS512 => false,
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
