//! The canonical request path: what rules match and the upstream gets.

use super::path::{INVALID_PATH, canonical_target};
use super::tests::{NOW_MS, claims, inline_gateway, token};
use super::{Request, Verdict};
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
        "/health/a%2e%2e/x",
        "/x%41y",
        "/é",
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
        "/health\\..\\admin",
        "/health%2f..%2fadmin",
        "/public%2F..%2Fadmin",
        "/health/%5c..%5cadmin",
        "/health%5C..%5Cadmin",
        "/health/%00",
        "/health/\u{1}",
        "/health/\u{7f}",
        "health",
        "*",
        "",
        "http://evil.example/admin",
    ] {
        assert_eq!(canonical_target(target), Err(INVALID_PATH), "{target:?}");
    }
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
        "/health\\..\\admin",
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
        "/", ".", "..", "%2e", "%2E", ";", ";x=1", "a", "admin", "%41", "?", "&",
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
            let name = segment.split(';').next().unwrap_or_default().to_ascii_lowercase();
            proptest::prop_assert!(!matches!(name.replace("%2e", ".").as_str(), "." | ".."), "{canonical}");
        }
        // The query is never touched.
        let query = |t: &str| t.split_once('?').map(|(_, q)| String::from(q));
        proptest::prop_assert_eq!(query(&target), query(&canonical));
    }
}
