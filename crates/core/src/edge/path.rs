//! The path rule matching sees, which is also the path the upstream gets.
//!
//! Upstreams read paths differently: Tomcat, Jetty and Spring drop
//! `;params` before resolving, so `/public/..;/admin` is `/admin` to them;
//! WHATWG URL parsers (workerd) resolve `%2e%2e` but keep `..;`; Envoy's
//! `normalize_path` resolves both; some servers decode `%2F` or read `\`
//! as `/` after routing. A prefix matched on the text as sent is matched
//! on a different path than the one served.
//!
//! So the edge matches on one canonical path and forwards that same path:
//! dot-segments are resolved, a segment counting as one when its part
//! before `;` is `.` or `..`, `%2e` standing for `.` (as Envoy and Tomcat
//! read them); empty segments are merged (`//` is `/`, as Envoy's
//! `merge_slashes`). What cannot be made unambiguous is refused with 400:
//! a fragment (never part of a request target), `\`, an escaped `/`, `\`
//! or NUL (`%2F`, `%5C`, `%00`), a control character, or a target that
//! does not start with `/`. On a host that already normalised the path
//! (Envoy with `normalize_path`, workerd) this is a no-op; nothing relies
//! on that.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

/// Code of a request whose path is refused (400 `invalid_request`).
pub const INVALID_PATH: &str = "invalid_path";

/// The request target (path and query) rules match and the upstream
/// receives: `target` itself when already canonical.
///
/// # Errors
/// [`INVALID_PATH`] for a target that cannot be made unambiguous.
pub fn canonical_target(target: &str) -> Result<Cow<'_, str>, &'static str> {
    if target.contains('#') {
        return Err(INVALID_PATH);
    }
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target, None),
    };
    let Some(relative) = path.strip_prefix('/') else {
        return Err(INVALID_PATH);
    };
    if path.contains('\\') || path.bytes().any(|b| b.is_ascii_control()) || escapes_separator(path)
    {
        return Err(INVALID_PATH);
    }
    if !needs_resolving(path) {
        return Ok(Cow::Borrowed(target));
    }
    let resolved = resolve(relative);
    if resolved == path {
        return Ok(Cow::Borrowed(target));
    }
    let mut canonical = resolved;
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

/// What a segment is to dot-segment removal (RFC 3986 §5.2.4).
#[derive(PartialEq)]
enum Segment {
    Current,
    Parent,
    Name,
}

/// `.`, `..` (or a `%2e` spelling of them), with any `;params` after.
fn kind(segment: &str) -> Segment {
    let name = segment.split(';').next().unwrap_or(segment);
    let mut rest = name.as_bytes();
    let mut dots = 0u8;
    while !rest.is_empty() {
        rest = match rest {
            [b'.', tail @ ..] => tail,
            [b'%', b'2', e, tail @ ..] if e.eq_ignore_ascii_case(&b'e') => tail,
            _ => return Segment::Name,
        };
        dots = dots.saturating_add(1);
    }
    match dots {
        1 => Segment::Current,
        2 => Segment::Parent,
        _ => Segment::Name,
    }
}

/// Whether `path` has a dot-segment or an empty segment to resolve (the
/// common case, none, allocates nothing).
fn needs_resolving(path: &str) -> bool {
    path.contains("//")
        || path
            .split('/')
            .any(|segment| kind(segment) != Segment::Name)
}

/// `/` + the segments of `relative` with dot-segments resolved (never
/// above the root) and empty segments dropped; a path ending in a
/// dot-segment or `/` keeps its trailing `/`.
fn resolve(relative: &str) -> String {
    let segments: Vec<&str> = relative.split('/').collect();
    let last = segments.len().saturating_sub(1);
    let mut kept: Vec<&str> = Vec::new();
    for (index, segment) in segments.iter().enumerate() {
        let kind = kind(segment);
        if kind == Segment::Parent {
            kept.pop();
        }
        if kind == Segment::Name && !segment.is_empty() {
            kept.push(segment);
        } else if index == last {
            kept.push("");
        }
    }
    let mut path = String::from("/");
    path.push_str(&kept.join("/"));
    path
}
