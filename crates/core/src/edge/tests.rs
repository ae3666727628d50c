//! Table-driven tests of the edge rules with a mock host: fixed keys, a
//! fixed clock, requests as plain data.

use super::*;
use crate::ErrorCode;
use crate::base64url::encode;
use crate::remote::Outcome;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use ed25519_dalek::Signer as _;

mod certificate;
mod cors;
mod cors_refusal;
mod discovery;
mod header;
mod introspection;
mod jwt_authn;
mod path;
mod step;

pub(super) const NOW_MS: u64 = 1_767_225_600_000;
pub(super) const NOW: i64 = 1_767_225_600;
const ISS: &str = "https://issuer.example";

pub(super) fn key() -> ed25519_dalek::SigningKey {
    ed25519_dalek::SigningKey::from_bytes(&[42; 32])
}

pub(super) fn jwks(kid: &str) -> String {
    let x = encode(key().verifying_key().as_bytes());
    format!(r#"{{"keys":[{{"kty":"OKP","crv":"Ed25519","kid":"{kid}","x":"{x}"}}]}}"#)
}

pub(super) fn token(kid: &str, claims: &str) -> String {
    let header = format!(r#"{{"alg":"EdDSA","kid":"{kid}"}}"#);
    let input = format!(
        "{}.{}",
        encode(header.as_bytes()),
        encode(claims.as_bytes())
    );
    let signature = key().sign(input.as_bytes());
    format!("{input}.{}", encode(&signature.to_bytes()))
}

pub(super) fn claims(extra: &str) -> String {
    format!(
        r#"{{"iss":"{ISS}","aud":"api","sub":"alice","iat":{},"exp":{}{extra}}}"#,
        NOW - 10,
        NOW + 300
    )
}

pub(super) fn config_json(keys: &str) -> String {
    format!(
        r#"{{
  "realm": "api",
  "providers": {{
    "main": {{
      "issuer": "{ISS}", "audiences": ["api"], "algorithms": ["EdDSA"],
      {keys},
      "from_headers": [{{"name": "authorization", "value_prefix": "Bearer "}}],
      "from_cookies": ["session"], "from_params": ["access_token"],
      "claim_to_headers": [
        {{"header_name": "x-roles", "claim_name": "roles"}},
        {{"header_name": "X-Org", "claim_name": "org.id"}}
      ],
      "forward_payload_header": "x-payload"
    }},
    "other": {{ "issuer": "https://other.example", "local_jwks": {keyset} }}
  }},
  "rules": [
    {{"match": {{"prefix": "/health"}}}},
    {{"match": {{"prefix": "/public"}}, "requires": {{"allow_missing": ["main"]}}}},
    {{"match": {{"prefix": "/any"}}, "requires": {{"requires_any": ["other", "main"]}}}},
    {{"match": {{"prefix": "/"}}, "requires": {{"provider_name": "main"}}}}
  ]
}}"#,
        keyset = jwks("k1")
    )
}

pub(super) fn inline_gateway() -> (Gateway, Sources) {
    let json = config_json(&format!(r#""local_jwks": {}"#, jwks("k1")));
    let config = EdgeConfig::from_json(json.as_bytes()).expect("valid config");
    let sources = Sources::new(&config);
    (Gateway::new(config), sources)
}

fn decide(gw: &mut Gateway, src: &mut Sources, path: &str, headers: &[(&str, &str)]) -> Decision {
    let request = Request {
        method: "GET",
        path,
        headers,
    };
    gw.decide(&request, src, NOW_MS)
}

fn header<'a>(set: &'a [(String, String)], name: &str) -> Option<&'a str> {
    set.iter().find(|(h, _)| h == name).map(|(_, v)| v.as_str())
}

fn challenge(decision: &Decision) -> Option<(u16, String)> {
    match &decision.verdict {
        Verdict::Deny(r) => Some((
            r.status,
            header(&r.headers, "www-authenticate")
                .unwrap_or_default()
                .into(),
        )),
        Verdict::Allow { .. } => None,
    }
}

/// (path, headers, expected: `None` = allowed, else status and challenge).
type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, Option<(u16, String)>);

#[test]
fn verdicts_by_case() {
    let good = token("k1", &claims(""));
    let expired = token("k1", &claims("").replace(&format!("{}", NOW + 300), "1000"));
    let wrong_aud = token("k1", &claims("").replace("\"api\"", "\"web\""));
    let unknown_kid = token("zz", &claims(""));
    let bearer = format!("Bearer {good}");
    let lower = format!("bearer {good}");
    let cookie = format!("a=b; session={good}");
    let query = format!("/x?access_token={good}");
    let bad_bearer = format!("Bearer {expired}");
    let aud_bearer = format!("Bearer {wrong_aud}");
    let kid_bearer = format!("Bearer {unknown_kid}");
    // (path, headers, expected: None = allowed, Some((status, challenge)))
    let missing = Some((401, "Bearer realm=\"api\"".into()));
    let invalid = |code: &str| {
        Some((
            401,
            format!("Bearer realm=\"api\", error=\"invalid_token\", error_description=\"{code}\""),
        ))
    };
    let cases: Vec<Case<'_>> = alloc::vec![
        ("/health", alloc::vec![], None),
        ("/", alloc::vec![], missing.clone()),
        ("/", alloc::vec![("authorization", bearer.as_str())], None),
        ("/", alloc::vec![("Authorization", lower.as_str())], None),
        ("/", alloc::vec![("cookie", cookie.as_str())], None),
        (query.as_str(), alloc::vec![], None),
        (
            "/",
            alloc::vec![("authorization", "Basic abc")],
            missing.clone()
        ),
        (
            "/",
            alloc::vec![("authorization", "Bearer garbage")],
            invalid("malformed")
        ),
        (
            "/",
            alloc::vec![("authorization", bad_bearer.as_str())],
            invalid("expired")
        ),
        (
            "/",
            alloc::vec![("authorization", aud_bearer.as_str())],
            invalid("bad_audience")
        ),
        (
            "/",
            alloc::vec![("authorization", kid_bearer.as_str())],
            invalid("unknown_kid")
        ),
        ("/public", alloc::vec![], None),
        (
            "/public",
            alloc::vec![("authorization", bad_bearer.as_str())],
            invalid("expired")
        ),
        (
            "/any",
            alloc::vec![("authorization", bearer.as_str())],
            None
        ),
        (
            "/any",
            alloc::vec![("authorization", bad_bearer.as_str())],
            invalid("expired")
        ),
    ];
    let (mut gw, mut src) = inline_gateway();
    for (path, headers, expected) in cases {
        let decision = decide(&mut gw, &mut src, path, &headers);
        assert_eq!(challenge(&decision), expected, "{path} {headers:?}");
    }
}

#[test]
fn identity_headers_are_set_after_stripping() {
    let good = token(
        "k1",
        &claims(r#","roles":["a","b",3],"org":{"id":"o-1"},"client_id":"alice""#),
    );
    let bearer = format!("Bearer {good}");
    let (mut gw, mut src) = inline_gateway();
    let decision = decide(&mut gw, &mut src, "/", &[("authorization", &bearer)]);
    let Verdict::Allow { set, remove } = decision.verdict else {
        panic!("allowed")
    };
    assert_eq!(header(&set, "x-tokenward-sub"), Some("alice"));
    assert_eq!(header(&set, "x-tokenward-kind"), Some("service"));
    assert_eq!(header(&set, "x-tokenward-provider"), Some("main"));
    assert_eq!(header(&set, "x-roles"), Some(r#"["a","b",3]"#));
    assert_eq!(header(&set, "x-org"), Some("o-1"));
    assert!(header(&set, "x-payload").is_some());
    for name in [
        "x-tokenward-sub",
        "x-tokenward-kind",
        "x-roles",
        "x-org",
        "x-payload",
        "authorization",
    ] {
        assert!(remove.iter().any(|h| h == name), "{name} stripped");
    }
    assert!(decision.report.allowed);
    assert_eq!(decision.report.cache_misses, 1);
    let again = decide(&mut gw, &mut src, "/", &[("authorization", &bearer)]);
    assert_eq!(again.report.cache_hits, 1);
}

#[test]
fn pass_through_still_strips_spoofed_identity() {
    let (mut gw, mut src) = inline_gateway();
    let decision = decide(&mut gw, &mut src, "/health", &[("x-tokenward-sub", "root")]);
    let Verdict::Allow { set, remove } = decision.verdict else {
        panic!("pass")
    };
    assert!(set.is_empty());
    assert!(remove.iter().any(|h| h == "x-tokenward-sub"));
}

#[test]
fn remote_keys_unknown_kid_and_revocation() {
    let json = config_json(
        r#""remote_jwks": {"uri": "http://127.0.0.1:9/jwks.json", "cluster": "jwks", "cache_duration_seconds": 5, "cooldown_seconds": 1}"#,
    )
    .replace(
        "\"rules\"",
        r#""revocation": {"uri": "http://127.0.0.1:9/revoked.json", "cluster": "jwks"}, "rules""#,
    );
    let config = EdgeConfig::from_json(json.as_bytes()).expect("valid config");
    let KeySource::Remote(remote) =
        &config.providers[config.provider_index("main").unwrap()].issuers[0].keys
    else {
        panic!("remote")
    };
    assert_eq!(
        (remote.authority.as_str(), remote.path.as_str()),
        ("127.0.0.1:9", "/jwks.json")
    );
    assert_eq!(remote.policy.max_age_ms, 5_000);
    let main = config.provider_index("main").unwrap();
    let mut src = Sources::new(&config);
    let mut gw = Gateway::new(config);
    let bearer = format!("Bearer {}", token("k1", &claims(r#","jti":"j1""#)));
    let headers = [("authorization", bearer.as_str())];
    let d = decide(&mut gw, &mut src, "/", &headers);
    assert_eq!(
        d.report.denial,
        Some(Denial::Token(ErrorCode::JwksUnavailable))
    );
    assert_eq!(d.report.denied(), Some("jwks_unavailable"));
    assert!(matches!(d.verdict, Verdict::Deny(ref r) if r.status == 503));
    let jwks_machine = src.jwks_mut(main, 0).unwrap();
    let fetch = jwks_machine.poll(NOW_MS).unwrap();
    let outcome = jwks_machine.on_response(NOW_MS, fetch.id, 200, &[], jwks("k2").as_bytes());
    assert_eq!(outcome, Outcome::Updated);
    let d = decide(&mut gw, &mut src, "/", &headers);
    assert_eq!(
        d.report.denial,
        Some(Denial::Token(ErrorCode::RevocationUnavailable))
    );
    assert_eq!(d.report.denied(), Some(REVOCATION_UNAVAILABLE));
    let list = src.revocation_mut().unwrap();
    let fetch = list.poll(NOW_MS).unwrap();
    list.on_response(NOW_MS, fetch.id, 200, &[], br#"{"jti":["j1"]}"#);
    let d = decide(&mut gw, &mut src, "/", &headers);
    assert_eq!(d.report.denied(), Some("unknown_kid"));
    assert!(!d.report.refetch_due, "within the cooldown");
    let later = Request {
        method: "GET",
        path: "/",
        headers: &headers,
    };
    let d = gw.decide(&later, &mut src, NOW_MS + 2_000);
    assert_eq!(d.report.denied(), Some("unknown_kid"));
    assert!(d.report.refetch_due, "unknown kid asks for a refetch");
    let bearer = format!("Bearer {}", token("k2", &claims(r#","jti":"j1""#)));
    let d = decide(
        &mut gw,
        &mut src,
        "/",
        &[("authorization", bearer.as_str())],
    );
    assert_eq!(d.report.denial, Some(Denial::Token(ErrorCode::Revoked)));
    assert_eq!(d.report.denied(), Some("revoked"));
    let bearer = format!("Bearer {}", token("k2", &claims(r#","jti":"j2""#)));
    let d = decide(
        &mut gw,
        &mut src,
        "/",
        &[("authorization", bearer.as_str())],
    );
    assert!(d.report.allowed);
}

#[test]
fn fail_open_before_keys_passes_without_identity() {
    let json = config_json(r#""remote_jwks": {"uri": "https://keys.example/jwks"}"#)
        .replace("\"rules\"", "\"fail_open_before_keys\": true, \"rules\"");
    let config = EdgeConfig::from_json(json.as_bytes()).expect("valid config");
    let mut src = Sources::new(&config);
    let mut gw = Gateway::new(config);
    let bearer = format!("Bearer {}", token("k1", &claims("")));
    let d = decide(
        &mut gw,
        &mut src,
        "/",
        &[("authorization", bearer.as_str())],
    );
    let Verdict::Allow { set, .. } = d.verdict else {
        panic!("fail open")
    };
    assert!(set.is_empty());
}

#[test]
fn configuration_errors_are_specific() {
    let cases: [(&str, &str); 7] = [
        ("{", "line 1"),
        (r#"{"providers": {}}"#, "no providers"),
        (
            r#"{"providers": {"a b": {"issuer": "i", "local_jwks": {"keys": []}}}}"#,
            "provider name",
        ),
        (
            r#"{"providers": {"a": {"issuer": "i", "algorithms": ["none"], "local_jwks": {"keys": []}}}}"#,
            "unsupported algorithm",
        ),
        (r#"{"providers": {"a": {"issuer": "i"}}}"#, "exactly one of"),
        (
            r#"{"providers": {"a": {"issuer": "i", "local_jwks": {"keys": []}}}, "rules": [{"match": {"prefix": "/"}, "requires": {"provider_name": "b"}}]}"#,
            "unknown provider",
        ),
        (
            r#"{"providers": {"a": {"issuer": "i", "local_jwks": {"keys": []}, "isuer": "x"}}}"#,
            "unknown field",
        ),
    ];
    for (json, expected) in cases {
        let error = EdgeConfig::from_json(json.as_bytes()).expect_err(json);
        let text = format!("{error}");
        assert!(text.contains(expected), "{json}: {text}");
    }
}

#[test]
fn metric_names_are_per_provider() {
    assert_eq!(
        metric_name("main", Metric::DeniedWith("expired")),
        "tokenward.main.denied.expired"
    );
    assert_eq!(
        metric_name("main", Metric::JwksFetchSuccess),
        "tokenward.main.jwks_fetch_success"
    );
}
