//! The few HTTP response headers the fetch machine reads.
//!
//! Parsing is lenient about what it does not understand (an unknown
//! directive is skipped) and strict about what it uses (a malformed
//! `max-age` is ignored rather than guessed).

use alloc::string::{String, ToString};

/// Longest `ETag` kept; a longer one is ignored (we simply never revalidate).
const MAX_ETAG_LEN: usize = 256;

/// What the response headers say about caching.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct CacheHeaders {
    /// `Cache-Control: max-age` minus `Age`, in milliseconds.
    pub max_age_ms: Option<u64>,
    /// `no-store`: keep it in memory (we must, to verify) but never export it.
    pub no_store: bool,
    /// `no-cache` or `no-store`: revalidate as soon as the policy allows.
    pub revalidate: bool,
    /// A well-formed `ETag`, kept verbatim for `If-None-Match`.
    pub etag: Option<String>,
    /// `Retry-After` in delta-seconds, in milliseconds.
    pub retry_after_ms: Option<u64>,
}

impl CacheHeaders {
    /// Reads the relevant headers (names case-insensitive, repeats merged).
    pub(crate) fn parse(headers: &[(&str, &str)]) -> Self {
        let mut parsed = CacheHeaders::default();
        let mut max_age_s: Option<u64> = None;
        let mut age_s: u64 = 0;
        for (name, value) in headers {
            if name.eq_ignore_ascii_case("cache-control") {
                for directive in value.split(',') {
                    let directive = directive.trim();
                    let (key, arg) = match directive.split_once('=') {
                        Some((k, v)) => (k.trim(), Some(v.trim().trim_matches('"'))),
                        None => (directive, None),
                    };
                    if key.eq_ignore_ascii_case("max-age") {
                        // Several max-age values: the shortest is the safe reading.
                        if let Some(s) = arg.and_then(seconds) {
                            max_age_s = Some(max_age_s.map_or(s, |old| old.min(s)));
                        }
                    } else if key.eq_ignore_ascii_case("no-store") {
                        parsed.no_store = true;
                        parsed.revalidate = true;
                    } else if key.eq_ignore_ascii_case("no-cache") {
                        parsed.revalidate = true;
                    }
                }
            } else if name.eq_ignore_ascii_case("age") {
                age_s = seconds(value.trim()).unwrap_or(0);
            } else if name.eq_ignore_ascii_case("etag") {
                parsed.etag = etag(value.trim());
            } else if name.eq_ignore_ascii_case("retry-after") {
                // Only delta-seconds; the HTTP-date form falls back to backoff.
                parsed.retry_after_ms = seconds(value.trim()).map(|s| s.saturating_mul(1_000));
            }
        }
        parsed.max_age_ms = if parsed.revalidate {
            Some(0)
        } else {
            max_age_s.map(|s| s.saturating_sub(age_s).saturating_mul(1_000))
        };
        parsed
    }
}

/// HTTP delta-seconds: ASCII digits only, saturating on overflow.
fn seconds(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(text.bytes().fold(0u64, |acc, b| {
        acc.saturating_mul(10)
            .saturating_add(u64::from(b.wrapping_sub(b'0')))
    }))
}

/// An entity tag (`"x"` or `W/"x"`) we can safely echo back in a header:
/// quoted, visible ASCII, no inner quote, bounded length.
pub(crate) fn etag(value: &str) -> Option<String> {
    let opaque = value.strip_prefix("W/").unwrap_or(value);
    let inner = opaque.strip_prefix('"')?.strip_suffix('"')?;
    let valid =
        value.len() <= MAX_ETAG_LEN && inner.bytes().all(|b| b.is_ascii_graphic() && b != b'"');
    valid.then(|| value.to_string())
}
