//! What the lint is told (or guesses) about a token, and its thresholds.

use crate::TokenKind;

/// Size thresholds for the whole `Authorization: Bearer <token>` header line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeaderLimits {
    /// Above this: [`super::Severity::Warning`]. Default 4096: a cookie
    /// (name + value) is limited to 4 KiB by browsers, and some proxies and
    /// CDNs cap a single header line there.
    pub warning_bytes: usize,
    /// Above this: [`super::Severity::Error`]. Default 8192: Envoy's and
    /// nginx's default header buffers (`large_client_header_buffers 4 8k`)
    /// are about 8 KiB.
    pub error_bytes: usize,
}

/// Default [`HeaderLimits::warning_bytes`].
pub const DEFAULT_WARNING_HEADER_BYTES: usize = 4 * 1024;
/// Default [`HeaderLimits::error_bytes`].
pub const DEFAULT_ERROR_HEADER_BYTES: usize = 8 * 1024;

impl Default for HeaderLimits {
    fn default() -> Self {
        HeaderLimits {
            warning_bytes: DEFAULT_WARNING_HEADER_BYTES,
            error_bytes: DEFAULT_ERROR_HEADER_BYTES,
        }
    }
}

/// Access tokens: warn above 1 hour (short-lived bearer tokens limit the
/// damage of a leak; refresh is cheap).
pub const ACCESS_TOKEN_MAX_LIFETIME_SECS: u64 = 60 * 60;
/// Access tokens: error above 24 hours (a leaked token stays usable for a
/// day and cannot be revoked without a revocation list).
pub const ACCESS_TOKEN_HARD_MAX_LIFETIME_SECS: u64 = 24 * 60 * 60;
/// ID tokens and unknown tokens: warn above 24 hours.
pub const OTHER_MAX_LIFETIME_SECS: u64 = 24 * 60 * 60;
/// ID tokens and unknown tokens: error above 7 days.
pub const OTHER_HARD_MAX_LIFETIME_SECS: u64 = 7 * 24 * 60 * 60;
/// Below 60 seconds a token is refreshed constantly (refresh storms) and
/// fails on ordinary clock skew.
pub const DEFAULT_MIN_LIFETIME_SECS: u64 = 60;

/// How to lint. `LintOptions::default()` guesses the kind and uses the
/// documented defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LintOptions {
    /// The kind of token; `None` guesses it from the header `typ` (`at+jwt`)
    /// and the claims (`nonce`, `at_hash`, `c_hash`, `azp`, `scope`,
    /// `client_id`, Cognito's `token_use`, Keycloak's `typ` claim). A
    /// refresh token gets the kind-independent rules, as an unknown kind.
    pub token_kind: Option<TokenKind>,
    /// `exp - iat` above this is a warning. `None`: 1 h for access tokens
    /// (`ACCESS_TOKEN_MAX_LIFETIME_SECS`), 24 h otherwise.
    pub max_lifetime_secs: Option<u64>,
    /// `exp - iat` above this (and above `max_lifetime_secs`) is an error.
    /// `None`: 24 h for access tokens, 7 days otherwise.
    pub hard_max_lifetime_secs: Option<u64>,
    /// `exp - iat` below this is an info. `None`: 60 s
    /// (`DEFAULT_MIN_LIFETIME_SECS`).
    pub min_lifetime_secs: Option<u64>,
    /// Size thresholds for the `Authorization` header line.
    pub header_limits: HeaderLimits,
}

impl LintOptions {
    /// The warning threshold on `exp - iat` for this kind, in seconds.
    pub fn max_lifetime_for(&self, kind: Option<TokenKind>) -> u64 {
        self.max_lifetime_secs.unwrap_or(match kind {
            Some(TokenKind::AccessToken) => ACCESS_TOKEN_MAX_LIFETIME_SECS,
            _ => OTHER_MAX_LIFETIME_SECS,
        })
    }

    /// The error threshold on `exp - iat` for this kind, in seconds; never
    /// below [`LintOptions::max_lifetime_for`].
    pub fn hard_max_lifetime_for(&self, kind: Option<TokenKind>) -> u64 {
        let hard = self.hard_max_lifetime_secs.unwrap_or(match kind {
            Some(TokenKind::AccessToken) => ACCESS_TOKEN_HARD_MAX_LIFETIME_SECS,
            _ => OTHER_HARD_MAX_LIFETIME_SECS,
        });
        hard.max(self.max_lifetime_for(kind))
    }

    /// The info threshold on `exp - iat`, in seconds.
    pub fn min_lifetime(&self) -> u64 {
        self.min_lifetime_secs.unwrap_or(DEFAULT_MIN_LIFETIME_SECS)
    }
}
