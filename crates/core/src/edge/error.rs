//! Why an edge configuration was refused: one variant per mistake, naming
//! the provider or rule, so the adapter's log line says what to fix.

use crate::fetch_url::UrlError;
use crate::verifier::OptionsError;
use alloc::string::String;
use core::fmt;

/// A configuration the edge cannot run.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// Not JSON, or not the schema (unknown member, wrong type).
    Syntax {
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// The JSON parser's description.
        message: String,
    },
    /// A member at `path` is not what the schema allows, or not supported.
    Field {
        /// Its JSON path: `providers.main.remote_jwks.http_uri.timeout`.
        path: String,
        /// What is wrong, and what to write instead.
        message: String,
    },
    /// `providers` is empty.
    NoProviders,
    /// `realm` cannot be quoted in `WWW-Authenticate`.
    BadRealm,
    /// A provider name is not `[A-Za-z0-9_-]+` (it becomes a metric name).
    BadProviderName {
        /// The name.
        name: String,
    },
    /// An algorithm name is not supported.
    BadAlgorithm {
        /// The provider.
        provider: String,
        /// The name given.
        algorithm: String,
    },
    /// `profile` is neither `jwt` nor `access_token`.
    BadProfile {
        /// The provider.
        provider: String,
        /// The value given.
        profile: String,
    },
    /// The verification options are unsafe or empty.
    BadOptions {
        /// The provider.
        provider: String,
        /// What is wrong with them.
        error: OptionsError,
    },
    /// `local_jwks` is not a usable JWK Set.
    BadKeySet {
        /// The provider.
        provider: String,
        /// The key-set error code.
        code: &'static str,
        /// The key-set error message (which key, and why).
        message: String,
    },
    /// A header name is not an HTTP token.
    BadHeaderName {
        /// The provider.
        provider: String,
        /// The name given.
        header: String,
    },
    /// A claim or payload header is reserved (framing, routing,
    /// credentials, the edge's own identity headers), set twice by one
    /// provider, or a header tokens are read from. Names compare with `_`
    /// read as `-`.
    HeaderClash {
        /// The provider.
        provider: String,
        /// The name given.
        header: String,
    },
    /// A provider lists the same token source twice.
    DuplicateSource {
        /// The provider.
        provider: String,
        /// The source (`header "authorization"`, `cookie "s"`, ...).
        source: String,
    },
    /// A remote source URI is not a URL tokenward fetches
    /// (see [`crate::fetch_url`]).
    BadUri {
        /// The provider, or `revocation`.
        owner: String,
        /// The URI given.
        uri: String,
        /// What is wrong with it.
        reason: UrlError,
    },
    /// A remote source URI is plain `http://` to a host that is not
    /// loopback, and the source does not set `allow_insecure_http`.
    InsecureUri {
        /// The provider, or `revocation`.
        owner: String,
        /// The URI given.
        uri: String,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Syntax {
                line,
                column,
                message,
            } => write!(
                f,
                "configuration JSON, line {line} column {column}: {message}"
            ),
            ConfigError::Field { path, message } => write!(f, "{path}: {message}"),
            ConfigError::NoProviders => f.write_str("no providers configured"),
            ConfigError::BadRealm => f.write_str("realm must be printable ASCII without quotes"),
            ConfigError::BadProviderName { name } => {
                write!(f, "provider name {name:?} must be letters, digits, _ or -")
            }
            ConfigError::BadAlgorithm {
                provider,
                algorithm,
            } => write!(
                f,
                "provider {provider}: unsupported algorithm {algorithm:?}"
            ),
            ConfigError::BadProfile { provider, profile } => write!(
                f,
                "provider {provider}: profile {profile:?} is not jwt or access_token"
            ),
            ConfigError::BadOptions { provider, error } => {
                write!(f, "provider {provider}: {error}")
            }
            ConfigError::BadKeySet {
                provider, message, ..
            } => write!(f, "provider {provider}: local_jwks refused: {message}"),
            ConfigError::BadHeaderName { provider, header } => {
                write!(f, "provider {provider}: {header:?} is not a header name")
            }
            ConfigError::HeaderClash { provider, header } => write!(
                f,
                "provider {provider}: header {header:?} is reserved, set twice, or a token source"
            ),
            ConfigError::DuplicateSource { provider, source } => {
                write!(f, "provider {provider}: {source} is listed twice")
            }
            ConfigError::BadUri { owner, uri, reason } => {
                write!(f, "{owner}: uri {uri:?}: {reason}")
            }
            ConfigError::InsecureUri { owner, uri } => write!(
                f,
                "{owner}: uri {uri:?} is plain http:// to a host that is not loopback: \
                 use https://, or set allow_insecure_http: true in this source"
            ),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ConfigError {}
