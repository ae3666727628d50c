//! Several issuers per edge provider, each with its own keys, and issuer
//! templates: a token is verified only with the keys of the entry its
//! `iss` names, an unknown issuer reads no key set, and a template's `iss`
//! must be filled with the token's own allowed `tid`.

use ed25519_dalek::Signer as _;
use proptest::prelude::*;
use tokenward_core::base64url::encode;
use tokenward_core::edge::{ConfigError, EdgeConfig, Gateway, Request, Sources};

const NOW_MS: u64 = 1_767_225_600_000;
const NOW: i64 = 1_767_225_600;
const A: &str = "https://a.example";
const B: &str = "https://b.example";
const TEMPLATE: &str = "https://login.example/{tenantid}/v2.0";
const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";

fn key(seed: u8) -> ed25519_dalek::SigningKey {
    ed25519_dalek::SigningKey::from_bytes(&[seed; 32])
}

/// Every key set names its key `k`: a key is found by `kid` in any set,
/// so only the choice of set keeps issuers apart.
fn jwks(seed: u8) -> String {
    let x = encode(key(seed).verifying_key().as_bytes());
    format!(r#"{{"keys":[{{"kty":"OKP","crv":"Ed25519","kid":"k","x":"{x}"}}]}}"#)
}

fn token(seed: u8, iss: &str, extra: &str) -> String {
    let header = encode(br#"{"alg":"EdDSA","kid":"k"}"#);
    let claims = format!(
        r#"{{"iss":"{iss}","aud":"api","sub":"alice","iat":{},"exp":{}{extra}}}"#,
        NOW - 10,
        NOW + 300
    );
    let input = format!("{header}.{}", encode(claims.as_bytes()));
    let signature = key(seed).sign(input.as_bytes());
    format!("{input}.{}", encode(&signature.to_bytes()))
}

fn config(issuers: &str) -> Result<EdgeConfig, ConfigError> {
    let json = format!(
        r#"{{"providers": {{"main": {{"audiences": ["api"], "algorithms": ["EdDSA"],
             "issuers": [{issuers}]}}}},
            "rules": [{{"match": {{"prefix": "/"}}, "requires": {{"provider_name": "main"}}}}]}}"#
    );
    EdgeConfig::from_json(json.as_bytes())
}

/// A with key 1, B with key 2, the template (one tenant allowed) with key 3.
fn three_issuers() -> String {
    format!(
        r#"{{"issuer": "{A}", "local_jwks": {a}}},
           {{"issuer": "{B}", "local_jwks": {b}}},
           {{"issuer": "{TEMPLATE}", "tenants": ["{TENANT}"], "local_jwks": {t}}}"#,
        a = jwks(1),
        b = jwks(2),
        t = jwks(3)
    )
}

/// The denial code (`None`: allowed) of `token` at `config`.
fn verdict(config: &EdgeConfig, token: &str) -> Option<&'static str> {
    let mut sources = Sources::new(config);
    let mut gateway = Gateway::new(config.clone());
    let authorization = format!("Bearer {token}");
    let headers = [("authorization", authorization.as_str())];
    let request = Request {
        method: "GET",
        path: "/",
        headers: &headers,
    };
    gateway
        .decide(&request, &mut sources, NOW_MS)
        .report
        .denied()
}

#[test]
fn each_issuer_is_verified_with_its_own_keys_only() {
    let config = config(&three_issuers()).expect("valid");
    assert_eq!(verdict(&config, &token(1, A, "")), None);
    assert_eq!(verdict(&config, &token(2, B, "")), None);
    // A's iss, B's key (same kid): B's key must not vouch for A.
    assert_eq!(verdict(&config, &token(2, A, "")), Some("bad_signature"));
    assert_eq!(verdict(&config, &token(1, B, "")), Some("bad_signature"));
    let tid = format!(r#","tid":"{TENANT}""#);
    let tenant_iss = TEMPLATE.replace("{tenantid}", TENANT);
    assert_eq!(verdict(&config, &token(3, &tenant_iss, &tid)), None);
    assert_eq!(
        verdict(&config, &token(1, &tenant_iss, &tid)),
        Some("bad_signature")
    );
    assert_eq!(
        verdict(&config, &token(1, "https://c.example", "")),
        Some("bad_issuer")
    );
}

#[test]
fn an_unknown_issuer_reads_no_key_set() {
    let remote = |uri: &str| format!(r#"{{"uri": "{uri}", "cluster": "idp"}}"#);
    let config = config(&format!(
        r#"{{"issuer": "{A}", "remote_jwks": {}}}, {{"issuer": "{B}", "remote_jwks": {}}}"#,
        remote("https://a.example/jwks"),
        remote("https://b.example/jwks")
    ))
    .expect("valid");
    // No key set was ever fetched: a known issuer waits for keys, an
    // unknown one is refused at once.
    assert_eq!(verdict(&config, &token(1, A, "")), Some("jwks_unavailable"));
    assert_eq!(
        verdict(&config, &token(1, "https://c.example", "")),
        Some("bad_issuer")
    );
}

#[test]
fn a_template_takes_the_tokens_own_allowed_tenant() {
    let config = config(&three_issuers()).expect("valid");
    let iss = |tenant: &str| TEMPLATE.replace("{tenantid}", tenant);
    let tid = |tenant: &str| format!(r#","tid":"{tenant}""#);
    let other = "0f0f0f0f-86f1-41af-91ab-2d7cd011db47";
    let cases = [
        (iss(TENANT), tid(TENANT), None),
        (iss(other), tid(other), Some("tenant_not_allowed")),
        // A token of another tenant claiming an allowed one.
        (iss(TENANT), tid(other), Some("issuer_tenant_mismatch")),
        (iss(other), tid(TENANT), Some("issuer_tenant_mismatch")),
        (iss(TENANT), String::new(), Some("missing_claim")),
        (iss("a/b"), tid("a/b"), Some("issuer_tenant_mismatch")),
        (iss("a%2Fb"), tid("a%2Fb"), Some("issuer_tenant_mismatch")),
        (iss(".."), tid(".."), Some("issuer_tenant_mismatch")),
    ];
    for (iss, tid, expected) in cases {
        assert_eq!(
            verdict(&config, &token(3, &iss, &tid)),
            expected,
            "{iss} {tid}"
        );
    }
    let any = self::config(&format!(
        r#"{{"issuer": "{TEMPLATE}", "tenants": "any", "local_jwks": {}}}"#,
        jwks(3)
    ))
    .expect("valid");
    assert_eq!(verdict(&any, &token(3, &iss(other), &tid(other))), None);
    assert_eq!(
        verdict(&any, &token(3, &iss(other), &tid(TENANT))),
        Some("issuer_tenant_mismatch")
    );
}

#[test]
fn the_single_issuer_form_takes_a_template_too() {
    let json = format!(
        r#"{{"providers": {{"main": {{"issuer": "{TEMPLATE}", "tenants": ["{TENANT}"],
             "local_jwks": {}}}}}, "rules": [{{"match": {{"prefix": "/"}},
             "requires": {{"provider_name": "main"}}}}]}}"#,
        jwks(3)
    );
    let config = EdgeConfig::from_json(json.as_bytes()).expect("valid");
    let iss = TEMPLATE.replace("{tenantid}", TENANT);
    let tid = format!(r#","tid":"{TENANT}""#);
    assert_eq!(verdict(&config, &token(3, &iss, &tid)), None);
    assert_eq!(
        verdict(&config, &token(3, &iss, r#","tid":"x""#)),
        Some("issuer_tenant_mismatch")
    );
}

fn refusal(result: Result<EdgeConfig, ConfigError>) -> String {
    match result {
        Err(ConfigError::Field { path, message }) => format!("{path}: {message}"),
        other => panic!("expected a field error, got {other:?}"),
    }
}

#[test]
fn ambiguous_or_incomplete_issuers_are_refused_by_name() {
    let keys = jwks(1);
    let entry = |issuer: &str| format!(r#"{{"issuer": "{issuer}", "local_jwks": {keys}}}"#);
    let message = refusal(config(&format!("{}, {}", entry(A), entry(A))));
    assert!(
        message.starts_with("providers.main.issuers[1].issuer: "),
        "{message}"
    );
    let tenant_a = format!(r#"{{"issuer": "{TEMPLATE}", "tenants": "any", "local_jwks": {keys}}}"#);
    let exact = entry(&TEMPLATE.replace("{tenantid}", TENANT));
    let message = refusal(config(&format!("{tenant_a}, {exact}")));
    assert!(message.contains("issuers[1].issuer"), "{message}");
    let message = refusal(config(&entry(TEMPLATE)));
    assert!(
        message.contains("issuers[0].issuer") && message.contains("needs tenants"),
        "{message}"
    );
    let message = refusal(config(&format!(
        r#"{{"issuer": "{A}", "tenants": ["t"], "local_jwks": {keys}}}"#
    )));
    assert!(message.contains("tenants only goes"), "{message}");
    let message = refusal(config(&format!(
        r#"{{"issuer": "{TEMPLATE}", "tenants": "all", "local_jwks": {keys}}}"#
    )));
    assert!(
        message.starts_with("providers.main.issuers[0].tenants"),
        "{message}"
    );
    let message = refusal(config(&format!(
        r#"{{"issuer": "{TEMPLATE}", "tenants": ["a/b"], "local_jwks": {keys}}}"#
    )));
    assert!(message.contains("not a tenant id"), "{message}");
    let message = refusal(config(&format!(r#"{{"issuer": "{A}"}}"#)));
    assert!(message.contains("exactly one of local_jwks"), "{message}");
    let message = refusal(config(""));
    assert!(message.contains("lists no issuer"), "{message}");
    let both = format!(
        r#"{{"providers": {{"main": {{"issuer": "{A}", "issuers": [{}]}}}}}}"#,
        entry(B)
    );
    let message = refusal(EdgeConfig::from_json(both.as_bytes()));
    assert!(message.starts_with("providers.main.issuer: "), "{message}");
    let keys_beside = format!(
        r#"{{"providers": {{"main": {{"local_jwks": {keys}, "issuers": [{}]}}}}}}"#,
        entry(B)
    );
    let message = refusal(EdgeConfig::from_json(keys_beside.as_bytes()));
    assert!(
        message.starts_with("providers.main.local_jwks: "),
        "{message}"
    );
}

proptest! {
    /// Whatever key signs and whatever entry `iss` names, a token passes
    /// only when it is signed with the key of the entry its `iss` names.
    #[test]
    fn a_token_is_never_verified_with_another_entrys_keys(
        signer in 1u8..=3,
        named in 0usize..4,
    ) {
        let config = config(&three_issuers()).expect("valid");
        let tenant_iss = TEMPLATE.replace("{tenantid}", TENANT);
        let issuers = [A, B, tenant_iss.as_str(), "https://c.example"];
        let tid = format!(r#","tid":"{TENANT}""#);
        let outcome = verdict(&config, &token(signer, issuers[named], &tid));
        let expected = match named {
            3 => Some("bad_issuer"),
            _ if usize::from(signer) == named + 1 => None,
            _ => Some("bad_signature"),
        };
        prop_assert_eq!(outcome, expected);
    }
}

proptest! {
    /// Whatever `tid` says, a template accepts `iss` only when it is the
    /// template filled with that `tid` and the `tid` is a tenant id: no
    /// `tid` reshapes the issuer (`/`, `?`, `#`, `%`, `.`, spaces).
    #[test]
    fn a_tid_fills_the_template_or_the_token_is_refused(
        tid in "[a-zA-Z0-9_./?#% -]{0,70}",
        iss_tenant in "[a-zA-Z0-9_./?#% -]{1,70}",
    ) {
        use tokenward_core::json::JsonObject;
        use tokenward_core::verifier::{IssuerPattern, Tenants, is_tenant_id};
        let pattern = IssuerPattern::new(TEMPLATE, Some(Tenants::Any)).expect("template");
        let iss = TEMPLATE.replace("{tenantid}", &iss_tenant);
        let mut claims = JsonObject::new();
        claims.insert("iss".into(), iss.clone().into());
        claims.insert("tid".into(), tid.clone().into());
        let accepted = pattern.check(&claims).is_ok();
        let valid = is_tenant_id(&tid)
            && !tid.contains(['/', '?', '#', '%', '.', ' '])
            && iss == TEMPLATE.replace("{tenantid}", &tid);
        prop_assert_eq!(accepted, valid);
    }
}

#[test]
fn an_entry_may_discover_its_own_issuers_keys() {
    use tokenward_core::edge::KeySource;
    let config = config(&format!(
        r#"{{"issuer": "{A}", "local_jwks": {a}}},
           {{"issuer": "{B}", "discovery": {{"cluster": "b"}}}}"#,
        a = jwks(1)
    ))
    .expect("valid");
    let main = &config.providers[0];
    let KeySource::Discovered(source) = &main.issuers[1].keys else {
        panic!("entry 1 is discovered");
    };
    assert_eq!(source.issuer, B);
    assert_eq!(
        source.document.uri,
        format!("{B}/.well-known/openid-configuration")
    );
    let mut sources = Sources::new(&config);
    assert!(sources.discovery_mut(0, 1).is_some());
    assert!(sources.discovery_mut(0, 0).is_none());
    assert!(sources.discovered(0, 1).is_some());
    // A's inline keys verify at once; B's wait for its document.
    assert_eq!(verdict(&config, &token(1, A, "")), None);
    assert_eq!(verdict(&config, &token(2, B, "")), Some("jwks_unavailable"));
}

#[test]
fn a_template_cannot_discover_and_issuers_cannot_introspect() {
    let message = refusal(config(&format!(
        r#"{{"issuer": "{TEMPLATE}", "tenants": "any", "discovery": "oidc"}}"#
    )));
    assert!(
        message.starts_with("providers.main.issuers[0].discovery: "),
        "{message}"
    );
    let with_introspection = format!(
        r#"{{"providers": {{"main": {{"issuers": [{{"issuer": "{A}", "local_jwks": {keys}}}],
             "introspection": {{"endpoint": "https://a.example/introspect", "cluster": "a",
               "client_id": "edge", "client_secret": "s"}}}}}}}}"#,
        keys = jwks(1)
    );
    let message = refusal(EdgeConfig::from_json(with_introspection.as_bytes()));
    assert!(
        message.starts_with("providers.main.introspection: ")
            && message.contains("not supported together with issuers"),
        "{message}"
    );
}
