//! The path rule matching sees, which is also the path the upstream gets.
//!
//! Upstreams and hosts read paths differently: Tomcat, Jetty and Spring
//! drop `;params` before resolving, so `/public/..;/admin` is `/admin` to
//! them; Envoy's `normalize_path` resolves `.;` and `..;` but reads
//! `%2e;` as a name; WHATWG URL parsers (workerd) keep all of them as
//! names; many servers decode `%61` to `a` before routing. A prefix matched
//! on the text as sent is matched on a different path than the one served.
//!
//! So the edge matches on one canonical path and forwards that same path.
//! One pass reads the path as Envoy's `normalize_path` and `merge_slashes`
//! do (see [`normalize`]); a second pass resolves what the first one
//! decoded into a dot-segment (`%2e;` becomes `.;`, which Tomcat reads as
//! `.`). Two passes give the same result on the raw target (workerd, the
//! filter alone) and on Envoy's normalised one, which is why both hosts
//! agree. What cannot be made unambiguous is refused with 400 (see
//! [`canonical_target`]), a target over [`MAX_TARGET_BYTES`] with 414.

use super::denial::Denial;
use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

/// Code of a request whose path is refused (400 `invalid_request`,
/// [`Denial::InvalidPath`]).
pub const INVALID_PATH: &str = Denial::InvalidPath.as_str();

/// Code of a request target longer than [`MAX_TARGET_BYTES`] (414,
/// [`Denial::PathTooLong`]).
pub const PATH_TOO_LONG: &str = Denial::PathTooLong.as_str();

/// The longest canonical request target (path and query) the edge
/// forwards: below both hosts' own limits (Envoy 60 KiB of headers,
/// workerd about 48 KiB before 431, 64 KiB before 414), so both answer the
/// same 414 instead of their own 431 or 414.
pub const MAX_TARGET_BYTES: usize = 16 * 1024;

/// The HTTP status of a path refusal.
#[must_use]
pub fn refusal_status(refusal: Denial) -> u16 {
    if refusal == Denial::PathTooLong {
        414
    } else {
        400
    }
}

/// The request target (path and query) rules match and the upstream
/// receives: `target` itself when already canonical.
///
/// # Errors
/// [`Denial::PathTooLong`] when the canonical target is over
/// [`MAX_TARGET_BYTES`]; [`Denial::InvalidPath`] for a
/// fragment, a target not starting with `/`, a byte outside printable
/// ASCII, or an escaped `/`, `\` or NUL (`%2F`, `%5C`, `%00`).
pub fn canonical_target(target: &str) -> Result<Cow<'_, str>, Denial> {
    let canonical = canonical_form(target)?;
    // The canonical length, not the raw one: Envoy with `normalize_path`
    // hands the filter `/a/../b` already resolved, so only the resolved
    // target is the same on both hosts.
    if canonical.len() > MAX_TARGET_BYTES {
        return Err(Denial::PathTooLong);
    }
    Ok(canonical)
}

fn canonical_form(target: &str) -> Result<Cow<'_, str>, Denial> {
    // Envoy refuses raw non-ASCII and control bytes anywhere in the
    // target before any filter; workerd passes them on.
    if target.contains('#') || target.bytes().any(|b| !b.is_ascii_graphic()) {
        return Err(Denial::InvalidPath);
    }
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target, None),
    };
    if !path.starts_with('/') || escapes_separator(path) {
        return Err(Denial::InvalidPath);
    }
    if !needs_normalizing(path) {
        return Ok(Cow::Borrowed(target));
    }
    let canonical = normalize(&normalize(path));
    if canonical == path {
        return Ok(Cow::Borrowed(target));
    }
    let mut canonical = canonical;
    if let Some(query) = query {
        canonical.push('?');
        canonical.push_str(query);
    }
    Ok(Cow::Owned(canonical))
}

/// Whether `path` holds `%2F`, `%5C` or `%00` (any case).
fn escapes_separator(path: &str) -> bool {
    path.as_bytes().windows(3).any(|w| {
        w[0] == b'%'
            && matches!(
                [w[1].to_ascii_lowercase(), w[2].to_ascii_lowercase()],
                [b'2', b'f'] | [b'5', b'c'] | [b'0', b'0']
            )
    })
}

/// Characters a URL parser percent-encodes in a path (Envoy's and
/// workerd's do): the edge forwards them encoded too.
const ENCODED: &[u8] = b"\"<>^`{|}";

/// Whether `path` has anything [`normalize`] changes (the common case,
/// nothing, allocates nothing).
fn needs_normalizing(path: &str) -> bool {
    path.contains("//")
        || path
            .bytes()
            .any(|b| b == b'%' || b == b'\\' || ENCODED.contains(&b))
        || path
            .split('/')
            .any(|segment| kind(segment) != Segment::Name)
}

/// What a segment is to dot-segment removal (RFC 3986 §5.2.4).
#[derive(PartialEq)]
enum Segment {
    Current,
    Parent,
    Name,
}

/// `.` or `..`, each dot written `.` or `%2e` (any case), optionally with
/// `;params` after, as Envoy reads it: with params, only literal dots make
/// a dot-segment (`..;x` is `..`, `%2e%2e;x` a name).
fn kind(segment: &str) -> Segment {
    let (name, params) = match segment.split_once(';') {
        Some((name, _)) => (name, true),
        None => (segment, false),
    };
    let mut rest = name.as_bytes();
    let (mut dots, mut escaped) = (0u8, false);
    while !rest.is_empty() {
        rest = match rest {
            [b'.', tail @ ..] => tail,
            [b'%', b'2', e, tail @ ..] if e.eq_ignore_ascii_case(&b'e') => {
                escaped = true;
                tail
            }
            _ => return Segment::Name,
        };
        dots = dots.saturating_add(1);
    }
    match dots {
        _ if params && escaped => Segment::Name,
        1 => Segment::Current,
        2 => Segment::Parent,
        _ => Segment::Name,
    }
}

/// One pass of Envoy's `normalize_path` then `merge_slashes`: `\` read as
/// `/` (as Envoy's and workerd's URL parsers read it), dot-segments
/// removed (never above the root; an empty segment counts, so
/// `/a//../b` is `/a/b`), percent-encoded unreserved characters decoded
/// (RFC 3986 §6.2.2.2: `%61` is `a`), other escapes' hex in upper case
/// (§6.2.2.1), [`ENCODED`] characters escaped, then empty segments
/// dropped. A path ending in a dot-segment or `/` keeps its trailing `/`.
pub(super) fn normalize(path: &str) -> String {
    let relative = path.strip_prefix('/').unwrap_or(path);
    let segments: Vec<&str> = relative.split(['/', '\\']).collect();
    let last = segments.len().saturating_sub(1);
    let mut kept: Vec<&str> = Vec::new();
    for (index, segment) in segments.iter().enumerate() {
        let kind = kind(segment);
        if kind == Segment::Parent {
            kept.pop();
        }
        if kind == Segment::Name {
            kept.push(segment);
        } else if index == last {
            kept.push("");
        }
    }
    let mut out = String::with_capacity(path.len());
    for segment in kept.iter().filter(|s| !s.is_empty()) {
        out.push('/');
        push_segment(&mut out, segment);
    }
    if out.is_empty() || kept.last().is_some_and(|s| s.is_empty()) {
        out.push('/');
    }
    out
}

/// `segment` with unreserved escapes decoded, other escapes in upper case
/// and [`ENCODED`] characters escaped; a `%` not starting an escape stays.
fn push_segment(out: &mut String, segment: &str) {
    let bytes = segment.as_bytes();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        let escape = match bytes.get(at + 1..at + 3) {
            Some(&[high, low]) if byte == b'%' => hex(high).zip(hex(low)),
            _ => None,
        };
        if let Some((high, low)) = escape {
            let decoded = high * 16 + low;
            if is_unreserved(decoded) {
                out.push(char::from(decoded));
            } else {
                push_escape(out, decoded);
            }
            at += 3;
        } else {
            if ENCODED.contains(&byte) {
                push_escape(out, byte);
            } else {
                out.push(char::from(byte));
            }
            at += 1;
        }
    }
}

/// RFC 3986 §2.3: ALPHA, DIGIT, `-`, `.`, `_`, `~`.
fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

fn hex(digit: u8) -> Option<u8> {
    char::from(digit)
        .to_digit(16)
        .and_then(|value| u8::try_from(value).ok())
}

fn push_escape(out: &mut String, byte: u8) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push('%');
    out.push(char::from(HEX[usize::from(byte >> 4)]));
    out.push(char::from(HEX[usize::from(byte & 0xf)]));
}
