//! The edge configuration's key and transport rules: https-only remote
//! sources (loopback and `allow_insecure_http` aside), key sets with private
//! material refused, and the per-provider `cnf` opt-out.

mod support;

use support::{AUDIENCE, ISSUER, claims, jwks_json, sign_ed};
use tokenward_core::edge::{
    ConfigError, EdgeConfig, Gateway, Request, RevocationSource, Sources, Verdict,
};
use tokenward_core::fetch_url::UrlError;

const NOW_MS: u64 = 1_767_225_600_000;

fn config(provider_extra: &str, keys: &str, revocation: &str) -> String {
    format!(
        r#"{{
  "providers": {{
    "main": {{ "issuer": "{ISSUER}", "audiences": ["{AUDIENCE}"], {keys} {provider_extra} }}
  }},
  "rules": [{{"match": {{"prefix": "/"}}, "requires": {{"provider_name": "main"}}}}]
  {revocation}
}}"#
    )
}

fn remote(uri: &str, extra: &str) -> String {
    format!(r#""remote_jwks": {{"uri": "{uri}" {extra}}}"#)
}

fn parse(json: &str) -> Result<EdgeConfig, ConfigError> {
    EdgeConfig::from_json(json.as_bytes())
}

#[test]
fn remote_key_sets_need_https_or_loopback() {
    for uri in [
        "https://issuer.example/jwks",
        "HTTPS://issuer.example:8443/jwks",
        "http://127.0.0.1:4000/jwks.json",
        "http://localhost/jwks",
        "http://[::1]:4000/jwks",
    ] {
        assert!(parse(&config("", &remote(uri, ""), "")).is_ok(), "{uri}");
    }
    let insecure = parse(&config("", &remote("http://issuer.example/jwks", ""), ""));
    let error = insecure.expect_err("refused");
    assert_eq!(
        error,
        ConfigError::InsecureUri {
            owner: "main".into(),
            uri: "http://issuer.example/jwks".into()
        }
    );
    assert!(error.to_string().contains("allow_insecure_http"), "{error}");
    let opted_in = remote(
        "http://issuer.example/jwks",
        r#", "allow_insecure_http": true"#,
    );
    assert!(parse(&config("", &opted_in, "")).is_ok());
}

#[test]
fn remote_uris_are_parsed_strictly() {
    let tricked = parse(&config(
        "",
        &remote("http://127.0.0.1@evil.example/jwks", ""),
        "",
    ));
    assert!(matches!(
        tricked,
        Err(ConfigError::BadUri {
            reason: UrlError::UserInfo,
            ..
        })
    ));
    // Even with the opt-in: it is about the scheme, not the other rules.
    let tricked = remote(
        "http://127.0.0.1@evil.example/jwks",
        r#", "allow_insecure_http": true"#,
    );
    assert!(parse(&config("", &tricked, "")).is_err());
    let parts = parse(&config(
        "",
        &remote("https://issuer.example:8443?v=1", ""),
        "",
    ));
    let parts = parts.expect("accepted");
    let tokenward_core::edge::KeySource::Remote(source) = &parts.providers[0].issuers[0].keys
    else {
        panic!("remote source");
    };
    assert_eq!(source.authority, "issuer.example:8443");
    assert_eq!(source.path, "/?v=1");
}

#[test]
fn the_revocation_source_follows_the_same_rule() {
    let keys = format!(r#""local_jwks": {}"#, jwks_json());
    let revocation =
        |uri: &str, extra: &str| format!(r#", "revocation": {{"uri": "{uri}" {extra}}}"#);
    let insecure = parse(&config(
        "",
        &keys,
        &revocation("http://lists.example/r.json", ""),
    ));
    assert_eq!(
        insecure.err(),
        Some(ConfigError::InsecureUri {
            owner: "revocation".into(),
            uri: "http://lists.example/r.json".into()
        })
    );
    let loopback = parse(&config(
        "",
        &keys,
        &revocation("http://127.0.0.1:9/r.json", ""),
    ));
    assert!(loopback.is_ok());
    let opted_in = revocation(
        "http://lists.example/r.json",
        r#", "allow_insecure_http": true"#,
    );
    let opted_in = parse(&config("", &keys, &opted_in)).expect("opted in");
    assert!(matches!(
        opted_in.revocation,
        Some(RevocationSource { ref remote, .. }) if remote.authority == "lists.example"
    ));
}

#[test]
fn an_inline_key_set_with_private_material_is_refused() {
    let public = jwks_json();
    let leaked = public.replacen(r#""kid":"ed","#, r#""kid":"ed","d":"AAAA","#, 1);
    assert_ne!(public, leaked);
    let refused = parse(&config("", &format!(r#""local_jwks": {leaked}"#), ""));
    let error = refused.expect_err("refused");
    assert!(matches!(
        error,
        ConfigError::BadKeySet {
            code: "jwks_invalid",
            ..
        }
    ));
    let message = error.to_string();
    assert!(
        message.contains("provider main")
            && message.contains("key 0 (kid \"ed\")")
            && message.contains("private key material"),
        "{message}"
    );
}

fn decide(extra: &str, token: &str) -> Verdict {
    let json = config(extra, &format!(r#""local_jwks": {}"#, jwks_json()), "");
    let config = EdgeConfig::from_json(json.as_bytes()).expect("valid config");
    let mut sources = Sources::new(&config);
    let mut gateway = Gateway::new(config);
    let authorization = format!("Bearer {token}");
    let headers = [("authorization", authorization.as_str())];
    let request = Request {
        method: "GET",
        path: "/",
        headers: &headers,
    };
    gateway.decide(&request, &mut sources, NOW_MS).verdict
}

#[test]
fn sender_constrained_tokens_are_refused_unless_the_provider_opts_out() {
    let bound = sign_ed(
        r#"{"alg":"EdDSA","kid":"ed"}"#,
        &claims(r#""cnf":{"jkt":"0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"}"#),
    );
    let Verdict::Deny(response) = decide("", &bound) else {
        panic!("a cnf token passed as a bearer token");
    };
    assert_eq!(response.status, 401);
    assert!(
        response.body.contains(r#""error":"invalid_token""#)
            && response.body.contains("binding_not_verified"),
        "{}",
        response.body
    );
    let opt_out = r#", "accept_sender_constrained_as_bearer": true"#;
    assert!(matches!(decide(opt_out, &bound), Verdict::Allow { .. }));
}
