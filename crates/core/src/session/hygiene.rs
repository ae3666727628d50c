//! Keeping tokens out of logs and the address bar: pure string processing.
//!
//! ```
//! use tokenward_core::session::hygiene::{redact, scrub_url};
//!
//! assert_eq!(
//!     redact("GET /cb?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz"),
//!     "GET /cb?code=Splx[redacted]&state=xyz",
//! );
//! assert_eq!(
//!     scrub_url("https://app.example/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz&tab=2"),
//!     Some("https://app.example/cb?tab=2".to_string()),
//! );
//! assert_eq!(scrub_url("https://app.example/home"), None);
//! ```

mod redact;
mod scrub;
mod token_shape;

pub use redact::redact;
pub use scrub::scrub_url;

/// Appended where a secret was cut.
pub const REDACTED: &str = "[redacted]";

/// `A-Z a-z 0-9 - _`: the base64url alphabet (JWS segments).
pub(crate) fn is_base64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// Whether `value` is a JWS/JWE compact serialization: a base64url JSON
/// header (`eyJ`, or any other spelling of `{"`, see `token_shape`) and at
/// least three dot-separated segments.
pub(crate) fn looks_like_jwt(value: &str) -> bool {
    token_shape::is_token(value)
}
