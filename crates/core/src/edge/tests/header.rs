//! Nothing leaks or gets spoofed past the edge: one token per request,
//! the token stays at the edge unless `forward`, forged identity headers
//! go under every spelling, claims reach headers unambiguously.

use super::{NOW_MS, claims, config_json, inline_gateway, jwks, token};
use crate::edge::*;
use alloc::borrow::ToOwned;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

fn decide(gw: &mut Gateway, src: &mut Sources, path: &str, headers: &[(&str, &str)]) -> Decision {
    let request = Request {
        method: "GET",
        path,
        headers,
    };
    gw.decide(&request, src, NOW_MS)
}

fn allowed(decision: Decision) -> (Vec<(String, String)>, Vec<String>) {
    match decision.verdict {
        Verdict::Allow { set, remove } => (set, remove),
        Verdict::Deny(r) => panic!("denied: {} {}", r.status, r.body),
    }
}

fn value<'a>(set: &'a [(String, String)], name: &str) -> Option<&'a str> {
    set.iter().find(|(h, _)| h == name).map(|(_, v)| v.as_str())
}

#[test]
fn more_than_one_token_is_an_invalid_request() {
    let good = token("k1", &claims(""));
    let other = token("k1", &claims(r#","jti":"x""#));
    let bearer = format!("Bearer {good}");
    let bearer2 = format!("Bearer {other}");
    let joined = format!("{bearer}, {bearer2}");
    let cookie = format!("session={good}");
    let cookie_joined = format!("a=1, session={good}, session={other}");
    let with_basic = format!("Basic YTpi, {bearer}");
    let q = |query: &str| format!("/?{query}");
    let twice = q(&format!("access_token={good}&access_token={other}"));
    let encoded = q(&format!("access_token={good}&access%5Ftoken={other}"));
    let semicolon = q(&format!("a=1;access_token={good}&access_token={other}"));
    let plus_query = q(&format!("access_token={good}"));
    let public = format!("/public{}", q(&format!("access_token={good}")));
    let cases: [(&str, Vec<(&str, &str)>); 10] = [
        (
            "/",
            alloc::vec![("authorization", &bearer), ("authorization", &bearer2)],
        ),
        (
            "/",
            alloc::vec![("authorization", &bearer), ("Authorization", &bearer)],
        ),
        ("/", alloc::vec![("authorization", &joined)]),
        ("/", alloc::vec![("authorization", &with_basic)]),
        (
            "/",
            alloc::vec![("authorization", &bearer), ("cookie", &cookie)],
        ),
        (
            "/",
            alloc::vec![("cookie", "a=1"), ("cookie", &cookie), ("cookie", &cookie)],
        ),
        ("/", alloc::vec![("cookie", &cookie_joined)]),
        (&twice, alloc::vec![]),
        (&encoded, alloc::vec![]),
        (&plus_query, alloc::vec![("authorization", &bearer)]),
    ];
    let (mut gw, mut src) = inline_gateway();
    let challenge =
        "Bearer realm=\"api\", error=\"invalid_request\", error_description=\"multiple_tokens\"";
    let mut all: Vec<(&str, Vec<(&str, &str)>)> = cases.into_iter().collect();
    all.push((&semicolon, alloc::vec![]));
    let encoded_cookie = format!("session={good}; %73ession={other}");
    all.push(("/", alloc::vec![("cookie", &encoded_cookie)]));
    all.push((&public, alloc::vec![("authorization", &bearer)]));
    for (path, headers) in all {
        let decision = decide(&mut gw, &mut src, path, &headers);
        let Verdict::Deny(response) = &decision.verdict else {
            panic!("{path} {headers:?}: allowed")
        };
        assert_eq!(response.status, 400, "{path} {headers:?}");
        assert_eq!(
            response.headers.first().map(|(_, v)| v.as_str()),
            Some(challenge)
        );
        assert_eq!(decision.report.denial, Some(Denial::MultipleTokens));
        assert_eq!(decision.report.denied(), Some(MULTIPLE_TOKENS));
    }
}

#[test]
fn one_token_through_several_providers_is_one_token() {
    // `/any` accepts `other` and `main`; both read `Authorization`.
    let (mut gw, mut src) = inline_gateway();
    let bearer = format!("Bearer {}", token("k1", &claims("")));
    let decision = decide(&mut gw, &mut src, "/any", &[("authorization", &bearer)]);
    assert!(decision.report.allowed);
    // Another scheme beside no bearer token is no token at all.
    let basic = decide(
        &mut gw,
        &mut src,
        "/",
        &[("authorization", "Basic a, Basic b")],
    );
    assert_eq!(basic.report.denial, Some(Denial::Missing));
    assert_eq!(basic.report.denied(), Some(MISSING));
}

#[test]
fn the_token_stays_at_the_edge_unless_forwarded() {
    let good = token("k1", &claims(""));
    let (mut gw, mut src) = inline_gateway();
    // Query parameter: `:path` without it, other parameters kept.
    let path = format!("/items?a=1&access_token={good}&b=2");
    let (set, _) = allowed(decide(&mut gw, &mut src, &path, &[]));
    assert_eq!(value(&set, ":path"), Some("/items?a=1&b=2"));
    // Cookie: that cookie removed, the others kept (from every field).
    let cookie = format!("a=1; session={good}");
    let headers = [("cookie", cookie.as_str()), ("cookie", "b=2")];
    let (set, remove) = allowed(decide(&mut gw, &mut src, "/", &headers));
    assert!(remove.iter().any(|h| h == "cookie"));
    assert_eq!(value(&set, "cookie"), Some("a=1; b=2"));
    // Header.
    let bearer = format!("Bearer {good}");
    let (set, remove) = allowed(decide(
        &mut gw,
        &mut src,
        "/",
        &[("authorization", &bearer)],
    ));
    assert!(remove.iter().any(|h| h == "authorization"));
    assert_eq!(value(&set, ":path"), None);

    let json = config_json(&format!(r#""local_jwks": {}"#, jwks("k1"))).replace(
        "\"forward_payload_header\"",
        "\"forward\": true, \"forward_payload_header\"",
    );
    let config = EdgeConfig::from_json(json.as_bytes()).expect("valid config");
    let mut src = Sources::new(&config);
    let mut gw = Gateway::new(config);
    for (path, headers) in [
        (format!("/items?access_token={good}"), alloc::vec![]),
        ("/".to_owned(), alloc::vec![("cookie", cookie.as_str())]),
        (
            "/".to_owned(),
            alloc::vec![("authorization", bearer.as_str())],
        ),
    ] {
        let (set, remove) = allowed(decide(&mut gw, &mut src, &path, &headers));
        assert_eq!(value(&set, ":path"), None, "{path}");
        assert_eq!(value(&set, "cookie"), None, "{path}");
        assert!(!remove.iter().any(|h| h == "cookie" || h == "authorization"));
    }
}

#[test]
fn forged_identity_headers_are_stripped_under_every_spelling() {
    let forged = [
        ("x_tokenward_sub", "root"),
        ("X_TOKENWARD_KIND", "service"),
        ("x_roles", "admin"),
        ("X-Org", "evil"),
        ("x_payload", "e30"),
    ];
    let (mut gw, mut src) = inline_gateway();
    for path in ["/health", "/public"] {
        let (_, remove) = allowed(decide(&mut gw, &mut src, path, &forged));
        for (name, _) in forged {
            let lower = name.to_ascii_lowercase();
            assert!(remove.contains(&lower), "{path}: {name} in {remove:?}");
        }
    }
    let bearer = format!("Bearer {}", token("k1", &claims("")));
    let mut headers = forged.to_vec();
    headers.push(("authorization", &bearer));
    let (set, remove) = allowed(decide(&mut gw, &mut src, "/", &headers));
    assert!(remove.iter().any(|h| h == "x_tokenward_sub"));
    assert_eq!(value(&set, "x-tokenward-sub"), Some("alice"));
}

#[test]
fn claims_reach_headers_unambiguously_and_printable() {
    let (mut gw, mut src) = inline_gateway();
    let mut seen = Vec::new();
    for roles in [r#"["user,admin"]"#, r#"["user","admin"]"#] {
        let bearer = format!(
            "Bearer {}",
            token("k1", &claims(&format!(r#","roles":{roles}"#)))
        );
        let (set, _) = allowed(decide(
            &mut gw,
            &mut src,
            "/",
            &[("authorization", &bearer)],
        ));
        seen.push(value(&set, "x-roles").map(str::to_owned));
    }
    assert_eq!(seen[0].as_deref(), Some(r#"["user,admin"]"#));
    assert_eq!(seen[1].as_deref(), Some(r#"["user","admin"]"#));
    let nasty = r#","sub":"a\r\nx-tokenward-sub: root","org":{"id":"o\u0000\u007f\u00e9"}"#;
    let bearer = format!(
        "Bearer {}",
        token("k1", &claims(nasty).replace(r#""sub":"alice","#, ""))
    );
    let (set, _) = allowed(decide(
        &mut gw,
        &mut src,
        "/",
        &[("authorization", &bearer)],
    ));
    assert_eq!(
        value(&set, "x-tokenward-sub"),
        Some(r#""a\r\nx-tokenward-sub: root""#)
    );
    assert_eq!(value(&set, "x-org"), Some(r#""o\u0000\u007f\u00e9""#));
    for (name, v) in &set {
        assert!(
            v.bytes().all(|b| (0x20..=0x7e).contains(&b)),
            "{name}: {v:?}"
        );
    }
}

#[test]
fn header_names_that_would_clash_are_refused() {
    let base = config_json(&format!(r#""local_jwks": {}"#, jwks("k1")));
    let cases = [
        (
            r#""header_name": "x-roles""#,
            r#""header_name": "x_tokenward_sub""#,
            "reserved",
        ),
        (
            r#""header_name": "x-roles""#,
            r#""header_name": "Content-Length""#,
            "reserved",
        ),
        (
            r#""header_name": "x-roles""#,
            r#""header_name": "authorization""#,
            "reserved",
        ),
        (
            r#""header_name": "x-roles""#,
            r#""header_name": "x_org""#,
            "set twice",
        ),
        (
            r#""from_cookies": ["session"]"#,
            r#""from_cookies": ["session", "session"]"#,
            "listed twice",
        ),
        (
            r#""from_cookies": ["session"]"#,
            r#""from_headers": [{"name": "x-payload"}], "from_cookies": ["session"]"#,
            "token source",
        ),
    ];
    for (from, to, expected) in cases {
        let json = base.replace(from, to);
        assert_ne!(json, base, "{to}");
        let error = EdgeConfig::from_json(json.as_bytes()).expect_err(to);
        let text = format!("{error}");
        assert!(text.contains(expected), "{to}: {text}");
    }
}

#[test]
fn failing_open_before_keys_still_keeps_the_token_at_the_edge() {
    let json = config_json(r#""remote_jwks": {"uri": "https://keys.example/jwks"}"#)
        .replace("\"rules\"", "\"fail_open_before_keys\": true, \"rules\"");
    let config = EdgeConfig::from_json(json.as_bytes()).expect("valid config");
    let mut src = Sources::new(&config);
    let mut gw = Gateway::new(config);
    let path = format!("/items?access_token={}", token("k1", &claims("")));
    let headers = [("x_tokenward_sub", "root")];
    let (set, remove) = allowed(decide(&mut gw, &mut src, &path, &headers));
    assert_eq!(set, [(":path".to_owned(), "/items".to_owned())]);
    assert!(remove.iter().any(|h| h == "x_tokenward_sub"));
}
