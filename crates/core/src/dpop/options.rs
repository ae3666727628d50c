//! What a DPoP check accepts. Defaults are the safe ones.

use super::nonce::ServerNonces;
use crate::alg::Algorithm;
use alloc::vec::Vec;
use core::fmt;

/// Default `iat` window into the past: a proof is accepted for 60 s.
pub const DEFAULT_MAX_AGE: u64 = 60;
/// Default `iat` window into the future: 5 s of clock skew.
pub const DEFAULT_MAX_FUTURE: u64 = 5;
/// Default cap on `jti`, in bytes (RFC 9449 suggests 96 random bits).
pub const DEFAULT_MAX_JTI_LENGTH: usize = 256;

/// The rules of [`super::DpopRules`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DpopOptions {
    /// Proof algorithms accepted. Default: every asymmetric algorithm of
    /// this build. A symmetric one (`HS*`) is refused: a proof is signed by
    /// a key its holder alone has.
    pub algorithms: Vec<Algorithm>,
    /// How far `iat` may lie in the past, in seconds. Default 60.
    pub max_age: u64,
    /// How far `iat` may lie in the future, in seconds. Default 5.
    pub max_future: u64,
    /// Cap on `jti`, in bytes. Default 256; 0 is refused.
    pub max_jti_length: usize,
    /// Server nonces: `Some` requires every proof to carry a current one
    /// (`use_dpop_nonce` otherwise). Default `None`.
    pub nonces: Option<ServerNonces>,
    /// Accept a proof beside a token that is not DPoP-bound (no `cnf.jkt`):
    /// the proof then binds nothing. Default false: `dpop_token_unbound`.
    pub allow_unbound_tokens: bool,
}

impl Default for DpopOptions {
    fn default() -> Self {
        DpopOptions {
            algorithms: Algorithm::ASYMMETRIC
                .into_iter()
                .filter(|alg| alg.is_available())
                .collect(),
            max_age: DEFAULT_MAX_AGE,
            max_future: DEFAULT_MAX_FUTURE,
            max_jti_length: DEFAULT_MAX_JTI_LENGTH,
            nonces: None,
            allow_unbound_tokens: false,
        }
    }
}

/// A DPoP configuration that cannot be safe.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DpopOptionsError {
    /// The algorithm allowlist is empty.
    NoAlgorithms,
    /// The allowlist names a symmetric algorithm.
    SymmetricAlgorithm(Algorithm),
    /// The allowlist names an algorithm this build leaves out.
    UnavailableAlgorithm(Algorithm),
    /// `max_jti_length` is 0.
    ZeroJtiLength,
}

impl DpopOptions {
    /// Checks the options.
    ///
    /// # Errors
    /// The first [`DpopOptionsError`] found.
    pub fn validate(&self) -> Result<(), DpopOptionsError> {
        if self.algorithms.is_empty() {
            return Err(DpopOptionsError::NoAlgorithms);
        }
        if let Some(alg) = self.algorithms.iter().find(|alg| alg.is_symmetric()) {
            return Err(DpopOptionsError::SymmetricAlgorithm(*alg));
        }
        if let Some(alg) = self.algorithms.iter().find(|alg| !alg.is_available()) {
            return Err(DpopOptionsError::UnavailableAlgorithm(*alg));
        }
        if self.max_jti_length == 0 {
            return Err(DpopOptionsError::ZeroJtiLength);
        }
        Ok(())
    }
}

impl fmt::Display for DpopOptionsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DpopOptionsError::NoAlgorithms => f.write_str("the DPoP algorithm list is empty"),
            DpopOptionsError::SymmetricAlgorithm(alg) => write!(
                f,
                "{} cannot sign a DPoP proof: a proof needs an asymmetric key",
                alg.name()
            ),
            DpopOptionsError::UnavailableAlgorithm(alg) => {
                write!(f, "{} is not in this build", alg.name())
            }
            DpopOptionsError::ZeroJtiLength => f.write_str("the jti length cap must be at least 1"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for DpopOptionsError {}
