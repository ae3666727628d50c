//! `jwt_authn` configurations pasted as-is: proto3 JSON in either
//! spelling, `requires` trees, Duration strings, and refusals that name
//! the JSON path of the field at fault.

use super::{NOW_MS, claims, jwks, token};
use crate::ErrorCode;
use crate::edge::*;
use alloc::format;
use alloc::string::String;

fn decide(gw: &mut Gateway, src: &mut Sources, path: &str, bearer: Option<&str>) -> Decision {
    let header = bearer.map(|t| format!("Bearer {t}"));
    let headers: alloc::vec::Vec<(&str, &str)> = header
        .iter()
        .map(|h| ("authorization", h.as_str()))
        .collect();
    let request = Request {
        method: "GET",
        path,
        headers: &headers,
    };
    gw.decide(&request, src, NOW_MS)
}

fn gateway(json: &str) -> (Gateway, Sources) {
    let config = EdgeConfig::from_json(json.as_bytes()).expect("valid config");
    let sources = Sources::new(&config);
    (Gateway::new(config), sources)
}

fn jwt_authn_config() -> String {
    let inline = serde_json::to_string(&jwks("k1")).unwrap_or_default();
    format!(
        r#"{{
  "providers": {{
    "main": {{
      "issuer": "https://issuer.example", "audiences": ["api"],
      "subjects": {{"exact": "alice"}},
      "localJwks": {{"inlineString": {inline}}},
      "fromHeaders": [{{"name": "authorization", "valuePrefix": "Bearer "}}],
      "clockSkewSeconds": 30, "jwtCacheConfig": {{"jwtCacheSize": 7}},
      "claim_to_headers": [{{"header_name": "x-sub", "claim_name": "sub"}}]
    }},
    "remote": {{
      "issuer": "https://other.example",
      "remote_jwks": {{
        "http_uri": {{"uri": "https://keys.example/jwks.json", "cluster": "keys", "timeout": "0.5s"}},
        "cache_duration": "600s", "async_fetch": {{"fast_listener": true}}
      }}
    }}
  }},
  "rules": [
    {{"match": {{"path": "/exact"}}, "requires": {{"provider_name": "main"}}}},
    {{"match": {{"prefix": "/optional"}}, "requires": {{"requires_any": {{"requirements": [
      {{"provider_name": "main"}}, {{"allow_missing": {{}}}}]}}}}}},
    {{"match": {{"prefix": "/lenient"}}, "requires": {{"allow_missing_or_failed": {{}}}}}},
    {{"match": {{"prefix": "/"}}, "requires": {{"requires_any": {{"requirements": [
      {{"provider_name": "remote"}}, {{"provider_name": "main"}}]}}}}}}
  ],
  "bypassCorsPreflight": true
}}"#
    )
}

#[test]
fn a_pasted_jwt_authn_configuration_is_read_in_both_spellings() {
    let config = EdgeConfig::from_json(jwt_authn_config().as_bytes()).expect("valid");
    let remote = &config.providers[config.provider_index("remote").unwrap()];
    let KeySource::Remote(source) = &remote.issuers[0].keys else {
        panic!("remote keys")
    };
    assert_eq!(source.cluster.as_deref(), Some("keys"));
    assert_eq!(source.policy.timeout_ms, 500);
    assert_eq!(source.policy.max_age_ms, 600_000);
    let main = &config.providers[config.provider_index("main").unwrap()];
    assert_eq!(main.cache_size, 7);
    assert!(config.bypass_cors_preflight);
    assert_eq!(config.rules[0].matcher, PathMatch::Exact("/exact".into()));
    assert_eq!(
        config.rules[1].requirement,
        Requirement::Providers {
            providers: alloc::vec![0],
            allow_missing: true,
            allow_failed: false
        }
    );
    assert_eq!(
        config.rules[2].requirement,
        Requirement::Providers {
            providers: alloc::vec![0, 1],
            allow_missing: false,
            allow_failed: true
        }
    );
}

#[test]
fn requires_trees_decide_as_jwt_authn() {
    let (mut gw, mut src) = gateway(&jwt_authn_config());
    let good = token("k1", &claims(""));
    let expired = token(
        "k1",
        &claims("")
            .replace("\"exp\"", "\"x\"")
            .replace("}", ",\"exp\":1}"),
    );
    let denied = |d: &Decision| matches!(d.verdict, Verdict::Deny(_));
    // match.path is exact.
    assert!(denied(&decide(&mut gw, &mut src, "/exact", None)));
    assert!(!denied(&decide(&mut gw, &mut src, "/exact", Some(&good))));
    // Exact: /exact/more falls through to "/", where main still verifies.
    assert!(denied(&decide(&mut gw, &mut src, "/exact/more", None)));
    // requires_any [main, allow_missing]: no token passes, a bad one does not.
    assert!(!denied(&decide(&mut gw, &mut src, "/optional", None)));
    assert!(denied(&decide(
        &mut gw,
        &mut src,
        "/optional",
        Some(&expired)
    )));
    // allow_missing_or_failed: everything passes; identity only when valid.
    let failed = decide(&mut gw, &mut src, "/lenient", Some(&expired));
    let Verdict::Allow { set, .. } = &failed.verdict else {
        panic!("allow_missing_or_failed passes")
    };
    assert!(!set.iter().any(|(name, _)| name == "x-sub"));
    assert_eq!(
        failed.report.denied_but_allowed,
        Some(Denial::Token(ErrorCode::Expired))
    );
    let valid = decide(&mut gw, &mut src, "/lenient", Some(&good));
    let Verdict::Allow { set, .. } = &valid.verdict else {
        panic!("valid passes")
    };
    assert!(
        set.iter()
            .any(|(name, value)| name == "x-sub" && value == "alice")
    );
}

#[test]
fn the_subject_matcher_is_applied() {
    let json = jwt_authn_config().replace(r#""exact": "alice""#, r#""exact": "bob""#);
    let (mut gw, mut src) = gateway(&json);
    let d = decide(&mut gw, &mut src, "/exact", Some(&token("k1", &claims(""))));
    assert!(matches!(d.verdict, Verdict::Deny(_)));
}

#[test]
fn refusals_name_the_json_path() {
    let base = jwt_authn_config();
    let cases: [(&str, &str, &str); 10] = [
        (
            r#""timeout": "0.5s""#,
            r#""timeout": 5"#,
            "providers.remote.remote_jwks.http_uri.timeout: expected a Duration string like \"5s\"",
        ),
        (
            r#""jwtCacheSize": 7"#,
            r#""jwtCacheSize": 7, "x": 1"#,
            "providers.main.jwt_cache_config.x: unknown field",
        ),
        (
            r#""exact": "alice""#,
            r#""safe_regex": {"regex": "a.*"}"#,
            "providers.main.subjects.safe_regex: not supported",
        ),
        (
            r#""clockSkewSeconds": 30"#,
            r#""clockSkewSeconds": 30, "payload_in_metadata": "jwt""#,
            "providers.main.payload_in_metadata: not supported",
        ),
        (
            r#""inlineString""#,
            r#""filename""#,
            "providers.main.local_jwks.filename: not supported: a proxy-wasm filter cannot read files",
        ),
        (
            r#"{"provider_name": "main"}}"#,
            r#"{"requires_all": {"requirements": []}}}"#,
            "rules[0].requires.requires_all: not supported",
        ),
        (
            r#"{"path": "/exact"}"#,
            r#"{"safe_regex": {"regex": ".*"}}"#,
            "rules[0].match.safe_regex: not supported",
        ),
        (
            r#"{"provider_name": "remote"}"#,
            r#"{"provider_name": "nobody"}"#,
            "rules[3].requires.requires_any.requirements[0].provider_name: unknown provider \"nobody\"",
        ),
        (
            r#""cache_duration": "600s""#,
            r#""cache_duration": "600s", "retry_policy": {}"#,
            "providers.remote.remote_jwks.retry_policy: not supported",
        ),
        (
            r#""bypassCorsPreflight": true"#,
            r#""bypassCorsPreflight": true, "bypass_cors_preflight": true"#,
            "bypass_cors_preflight: set both",
        ),
    ];
    for (from, to, expected) in cases {
        assert!(base.contains(from), "{from}");
        let json = base.replacen(from, to, 1);
        let error = EdgeConfig::from_json(json.as_bytes()).expect_err(to);
        let text = format!("{error}");
        assert!(text.starts_with(expected), "{to}: {text}");
        assert!(!text.contains("column"), "{text}");
    }
}

#[test]
fn authorization_is_read_only_when_no_source_is_listed() {
    let json = jwt_authn_config().replace(
        r#""fromHeaders": [{"name": "authorization", "valuePrefix": "Bearer "}]"#,
        r#""fromParams": ["jwt"]"#,
    );
    let (mut gw, mut src) = gateway(&json);
    let good = token("k1", &claims(""));
    let d = decide(&mut gw, &mut src, "/exact", Some(&good));
    assert_eq!(d.report.denied(), Some("missing"), "{:?}", d.verdict);
    let config = EdgeConfig::from_json(json.as_bytes()).expect("valid");
    let main = &config.providers[config.provider_index("main").unwrap()];
    assert_eq!(main.sources, alloc::vec![TokenSource::Query("jwt".into())]);
}

#[test]
fn subject_prefix_and_suffix_are_applied_on_every_request() {
    let good = token("k1", &claims(""));
    for (matcher, passes) in [
        (r#""prefix": "al""#, true),
        (r#""prefix": "bo""#, false),
        (r#""suffix": "ice""#, true),
        (r#""suffix": "ob""#, false),
    ] {
        let json = jwt_authn_config().replace(r#""exact": "alice""#, matcher);
        let (mut gw, mut src) = gateway(&json);
        // Twice: the second time from the verified-token cache.
        for _ in 0..2 {
            let d = decide(&mut gw, &mut src, "/exact", Some(&good));
            match passes {
                true => assert!(matches!(d.verdict, Verdict::Allow { .. }), "{matcher}"),
                false => assert_eq!(d.report.denied(), Some("bad_subject"), "{matcher}"),
            }
        }
    }
    let both = jwt_authn_config().replace(r#""exact": "alice""#, r#""exact": "a", "prefix": "a""#);
    let error = EdgeConfig::from_json(both.as_bytes()).expect_err("two matchers");
    assert!(format!("{error}").starts_with("providers.main.subjects: set exactly one"));
}

#[test]
fn a_typed_config_block_pasted_whole_is_read() {
    let typed = jwt_authn_config().replacen(
        '{',
        r#"{"@type": "type.googleapis.com/envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication","#,
        1,
    );
    assert!(EdgeConfig::from_json(typed.as_bytes()).is_ok());
    let other = jwt_authn_config().replacen('{', r#"{"@type": "type.googleapis.com/x.Y","#, 1);
    let error = EdgeConfig::from_json(other.as_bytes()).expect_err("another message");
    assert!(format!("{error}").starts_with("@type: only"), "{error}");
}
