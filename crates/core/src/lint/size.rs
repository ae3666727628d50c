//! Token size against common HTTP header limits.
//!
//! The token travels as `Authorization: Bearer <token>` (or in a cookie), so
//! the limits apply to the whole header line. Sizes in bytes: a compact JWS
//! is ASCII.

use super::options::HeaderLimits;
use super::{Finding, Severity, finding};
use crate::base64url;
use alloc::format;
use alloc::vec::Vec;

/// Code: the header line exceeds [`HeaderLimits::warning_bytes`].
pub(super) const LARGE_TOKEN: &str = "large_token";
/// Code: the header line exceeds [`HeaderLimits::error_bytes`].
pub(super) const OVERSIZED_TOKEN: &str = "oversized_token";

/// What the token is sent with: `Authorization: Bearer ` (22 bytes).
pub const AUTHORIZATION_PREFIX: &str = "Authorization: Bearer ";

/// The decoded lengths of the header and payload segments of a token that
/// already decoded (so has exactly three segments).
pub(super) fn decoded_segment_lengths(token: &str) -> (usize, usize) {
    let mut segments = token.split('.');
    let mut next_len = || {
        segments
            .next()
            .map_or(0, |segment| base64url::decoded_len(segment.len()))
    };
    let header = next_len();
    let claims = next_len();
    (header, claims)
}

/// Flags a token whose `Authorization` header line is over the limits.
pub(super) fn check(token_length: usize, limits: &HeaderLimits, findings: &mut Vec<Finding>) {
    let line = token_length.saturating_add(AUTHORIZATION_PREFIX.len());
    if line > limits.error_bytes {
        findings.push(finding(
            OVERSIZED_TOKEN,
            Severity::Error,
            format!(
                "the token is {token_length} bytes ({line} with `{}`), over {} bytes: \
                 Envoy's and nginx's default header buffers are about 8 KiB, so proxies \
                 answer 431 or 400 before any verifier runs (tokenward's own hard cap is \
                 16 KiB); move authorization data out of the token",
                AUTHORIZATION_PREFIX.trim_end(),
                limits.error_bytes
            ),
        ));
    } else if line > limits.warning_bytes {
        findings.push(finding(
            LARGE_TOKEN,
            Severity::Warning,
            format!(
                "the token is {token_length} bytes ({line} with `{}`), over {} bytes: \
                 browsers cap a cookie at 4 KiB and some proxies and CDNs cap a header \
                 line there; keep tokens to identity",
                AUTHORIZATION_PREFIX.trim_end(),
                limits.warning_bytes
            ),
        ));
    }
}
