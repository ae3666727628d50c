//! The canonical request path: what rules match and the upstream gets.

use super::{NOW_MS, claims, inline_gateway, token};
use crate::edge::Denial;
use crate::edge::path::{MAX_TARGET_BYTES, canonical_target, normalize};
use crate::edge::{Request, Verdict};
use alloc::borrow::Cow;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

#[test]
fn canonical_paths_are_kept_as_sent() {
    for target in [
        "/",
        "/health",
        "/a/b/",
        "/a/b?x=/../y&z=%2F",
        "/a;jsessionid=1/b",
        "/a../b...",
        "/x%3Ay/%E2%80%AE",
        "/a/%zz/%2/%",
        "/a/[]!$&'()*+,:=@",
        "/a/%25/%252e",
        "/a?b=%61&c=\"<>{}|^`",
    ] {
        assert!(
            matches!(canonical_target(target), Ok(Cow::Borrowed(t)) if t == target),
            "{target}"
        );
    }
}

#[test]
fn dot_segments_and_empty_segments_resolve_as_upstreams_read_them() {
    let cases = [
        ("/health/../admin", "/admin"),
        ("/health/..;/admin", "/admin"),
        ("/public/..;/admin", "/admin"),
        ("/public/..;a=b/health", "/health"),
        ("/public/.;/health", "/public/health"),
        ("/health/%2e%2e/admin", "/admin"),
        ("/health/%2E%2E/admin", "/admin"),
        ("/health/.%2e/admin", "/admin"),
        ("/health/%2e./admin", "/admin"),
        ("/health/%2e/x", "/health/x"),
        ("/health/./x", "/health/x"),
        ("/health/x/..;/y", "/health/y"),
        ("/..", "/"),
        ("/../../admin", "/admin"),
        ("/a/..", "/"),
        ("/a/.", "/a/"),
        ("/a/b/..;x", "/a/"),
        ("//admin", "/admin"),
        ("/a//b///c//", "/a/b/c/"),
        ("//health/../admin", "/admin"),
        ("/public;x/../health", "/health"),
        ("/health//../admin", "/health/admin"),
        ("/health\\..\\admin", "/admin"),
        ("/public\\x\\", "/public/x/"),
        ("/a/b;x/../c", "/a/c"),
        ("/;/../health", "/health"),
        ("/a/b/...;/../c", "/a/b/c"),
        (
            "/health/..;/admin?access_token=t&a=/../b",
            "/admin?access_token=t&a=/../b",
        ),
    ];
    for (target, expected) in cases {
        assert_eq!(
            canonical_target(target).as_deref(),
            Ok(expected),
            "{target}"
        );
        assert_eq!(
            canonical_target(expected).as_deref(),
            Ok(expected),
            "{expected} is canonical"
        );
    }
}

#[test]
fn ambiguous_paths_are_refused() {
    for target in [
        "/admin#/../health",
        "/health/x#frag",
        "/health/x?y#z",
        "/health%2f..%2fadmin",
        "/public%2F..%2Fadmin",
        "\\health",
        "/health/%5c..%5cadmin",
        "/health%5C..%5Cadmin",
        "/health/%00",
        "/health/\u{1}",
        "/health/\u{7f}",
        "/health/ x",
        "/healthé",
        "/health/\u{ff0e}\u{ff0e}/admin",
        "/health/Ã©/../../admin",
        "/health?q=é",
        "/health?q=\u{1}",
        "health",
        "*",
        "",
        "http://evil.example/admin",
    ] {
        assert_eq!(
            canonical_target(target),
            Err(Denial::InvalidPath),
            "{target:?}"
        );
    }
}

#[test]
fn unreserved_escapes_are_decoded_and_other_escapes_upper_cased() {
    let cases = [
        ("/%68ealth/x", "/health/x"),
        ("/healt%68/x", "/health/x"),
        ("/%6beep", "/keep"),
        ("/%6Beep", "/keep"),
        ("/%61dmin", "/admin"),
        ("/health/%7e%2D%5f%2E%30", "/health/~-_.0"),
        ("/health%2e/x", "/health./x"),
        ("/health/a%2e%2e/x", "/health/a../x"),
        ("/x%41y", "/xAy"),
        ("/%68ealth/../admin", "/admin"),
        ("/a/%e2%80%ae%3a", "/a/%E2%80%AE%3A"),
        ("/a/%252e%252e/b", "/a/%252e%252e/b"),
        ("/a/%25%32%65%25%32%65/b", "/a/%252e%252e/b"),
        ("/health/\"<>{}|^`", "/health/%22%3C%3E%7B%7D%7C%5E%60"),
        ("/a/%c0%ae%c0%ae/b", "/a/%C0%AE%C0%AE/b"),
        ("/%68ealth?q=%68", "/health?q=%68"),
    ];
    for (target, expected) in cases {
        assert_eq!(
            canonical_target(target).as_deref(),
            Ok(expected),
            "{target}"
        );
    }
}

#[test]
fn escaped_dots_with_parameters_resolve_as_envoy_then_the_filter_read_them() {
    // Envoy reads `%2e;` as a name (so `..` removes it) and decodes it to
    // `.;`, which the filter, like Tomcat, reads as `.`.
    let cases = [
        ("/health/%2e;/../admin", "/health/admin"),
        ("/health/%2E;x/../admin", "/health/admin"),
        ("/a/%2e;/x", "/a/x"),
        ("/a/b/%2e%2e;/x", "/a/x"),
        ("/a/.%2e;/x", "/x"),
        ("/a/%2e.;/x", "/x"),
        ("/a/.%2E;x/..", "/a/"),
        ("/health/.;/../admin", "/admin"),
        ("/health/.;x/../admin", "/admin"),
        ("/health/.;/.;/../../admin", "/admin"),
    ];
    for (target, expected) in cases {
        assert_eq!(
            canonical_target(target).as_deref(),
            Ok(expected),
            "{target}"
        );
    }
}

#[test]
fn a_target_over_the_cap_is_refused() {
    let at_cap = format!("/health/{}", "x".repeat(MAX_TARGET_BYTES - 8));
    assert_eq!(at_cap.len(), MAX_TARGET_BYTES);
    assert!(canonical_target(&at_cap).is_ok());
    let over = format!("{at_cap}x");
    assert_eq!(canonical_target(&over), Err(Denial::PathTooLong));
    let query = format!("/health?q={}", "x".repeat(MAX_TARGET_BYTES));
    assert_eq!(canonical_target(&query), Err(Denial::PathTooLong));
    // What counts is the resolved target, the same on both hosts.
    let deep = format!("/health/{}{}admin", "a/".repeat(9000), "../".repeat(9001));
    assert_eq!(canonical_target(&deep).as_deref(), Ok("/admin"));
    let Verdict::Deny(response) = verdict_for(&over) else {
        panic!("a long path forwarded");
    };
    assert_eq!(response.status, 414);
    assert!(response.body.contains("\"path_too_long\""));
}

/// The test configuration: `/health` passes, `/public` allows a missing
/// token, `/` requires one.
fn verdict_for(path: &str) -> Verdict {
    let (mut gateway, mut sources) = inline_gateway();
    let request = Request {
        method: "GET",
        path,
        headers: &[],
    };
    gateway.decide(&request, &mut sources, NOW_MS).verdict
}

fn set_path(verdict: &Verdict) -> Vec<&str> {
    let Verdict::Allow { set, .. } = verdict else {
        panic!("refused: {verdict:?}");
    };
    set.iter()
        .filter(|(name, _)| name == ":path")
        .map(|(_, value)| value.as_str())
        .collect()
}

#[test]
fn rules_match_the_canonical_path_and_it_is_forwarded() {
    for path in [
        "/health/..;/admin",
        "/public/..;/admin",
        "/health/%2e%2e/admin",
    ] {
        let Verdict::Deny(response) = verdict_for(path) else {
            panic!("{path}: forwarded without a token");
        };
        assert_eq!(response.status, 401, "{path}");
    }
    assert_eq!(
        set_path(&verdict_for("/public/..;/health?q=1")),
        ["/health?q=1"]
    );
    assert_eq!(set_path(&verdict_for("/%68ealth/x")), ["/health/x"]);
    assert_eq!(set_path(&verdict_for("/%70ublic/x")), ["/public/x"]);
    let Verdict::Deny(response) = verdict_for("/%68ealth/../admin") else {
        panic!("an escaped rule prefix forwarded without a token");
    };
    assert_eq!(response.status, 401);
    assert!(
        set_path(&verdict_for("/health/x")).is_empty(),
        "nothing to rewrite"
    );
    // A query token comes out of the canonical target: one `:path`.
    let good = token("k1", &claims(""));
    let verdict = verdict_for(&format!("/x/..;/items?access_token={good}&a=1"));
    assert_eq!(set_path(&verdict), ["/items?a=1"]);
    let plain = verdict_for(&format!("/x//items?a=1&access_token={good}"));
    assert_eq!(set_path(&plain), ["/x/items?a=1"]);
}

#[test]
fn an_ambiguous_path_is_refused_before_any_rule() {
    for path in [
        "/health%2f..%2fadmin",
        "/admin#/../health",
        "/health%5c..%5cadmin",
    ] {
        let Verdict::Deny(response) = verdict_for(path) else {
            panic!("{path}: forwarded");
        };
        assert_eq!(response.status, 400, "{path}");
        assert!(response.body.contains("\"invalid_path\""), "{path}");
        let challenge = response
            .headers
            .iter()
            .find(|(n, _)| n == "www-authenticate");
        assert!(
            challenge.is_some_and(|(_, v)| v.contains("error=\"invalid_request\"")),
            "{path}"
        );
    }
}

/// Paths built from the pieces that matter: dots, escapes, `;`, slashes.
fn paths() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::strategy::Strategy as _;
    let piece = proptest::sample::select(alloc::vec![
        "/", ".", "..", "%2e", "%2E", ";", ";x=1", "a", "admin", "%41", "?", "&", "%6b", "%7E",
        "%e2", "%25", "%", "\"", "|", "%2e;", "%3a", "\\",
    ]);
    proptest::collection::vec(piece, 0..14).prop_map(|parts| format!("/{}", parts.concat()))
}

proptest::proptest! {
    /// The canonical path is a fixed point, holds no dot-segment and no
    /// empty segment, so a second edge (or an upstream resolving dots)
    /// reads the same path the rules matched.
    #[test]
    fn the_canonical_path_is_a_fixed_point(target in paths()) {
        let Ok(canonical) = canonical_target(&target) else {
            return Ok(());
        };
        let again = canonical_target(&canonical);
        proptest::prop_assert!(matches!(again, Ok(Cow::Borrowed(_))), "{target} -> {canonical}");
        let path = canonical.split('?').next().unwrap_or_default();
        proptest::prop_assert!(path.starts_with('/') && !path.contains("//"), "{canonical}");
        for segment in path.split('/') {
            let name = segment.split(';').next().unwrap_or_default();
            proptest::prop_assert!(!matches!(name, "." | ".."), "{canonical}");
        }
        // No unreserved character stays escaped, every escape is upper case.
        for (at, _) in path.match_indices('%') {
            let hex = path.get(at + 1..at + 3).unwrap_or_default();
            if let Ok(byte) = u8::from_str_radix(hex, 16) {
                proptest::prop_assert!(!byte.is_ascii_alphanumeric() && !b"-._~".contains(&byte), "{canonical}");
                proptest::prop_assert_eq!(hex, hex.to_ascii_uppercase());
            }
        }
        // The query is never touched.
        let query = |t: &str| t.split_once('?').map(|(_, q)| String::from(q));
        proptest::prop_assert_eq!(query(&target), query(&canonical));
    }

    /// Envoy with `normalize_path` and `merge_slashes` hands the filter one
    /// pass of [`normalize`]: the filter then reaches the canonical target
    /// the filter alone (and the worker) reach from the raw one.
    #[test]
    fn envoy_normalised_paths_reach_the_same_canonical_target(target in paths()) {
        let path = target.split('?').next().unwrap_or_default();
        let envoy = normalize(path);
        let raw = canonical_target(path).map(Cow::into_owned);
        proptest::prop_assert_eq!(canonical_target(&envoy).map(Cow::into_owned), raw, "{}", target);
    }
}
