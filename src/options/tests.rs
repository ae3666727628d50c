use super::{BindingOptions, BindingOptionsError, CallOptions, DEFAULT_CACHE_ENTRIES};
use tokenward_core::Algorithm;
use tokenward_core::verifier::{OptionsError, Profile};

fn parse(json: &str) -> Result<BindingOptions, BindingOptionsError> {
    BindingOptions::from_json(json)
}

fn message(json: &str) -> String {
    parse(json).expect_err("refused").to_string()
}

#[test]
fn jose_names_map_onto_the_core_options() {
    let options = parse(
        r#"{"issuer":"https://i","audience":["a","b"],"algorithms":["ES256"],
            "clockTolerance":5,"typ":"at+jwt","requiredClaims":["jti"],"maxTokenAge":60,
            "maxAge":300,"maxTokenLength":4096,"requireExp":false,"allowSymmetric":true,"cache":{}}"#,
    )
    .expect("valid options");
    let v = &options.validation;
    assert_eq!(v.issuer, Some("https://i".into()));
    assert_eq!(v.audiences, Some(vec!["a".into(), "b".into()]));
    assert_eq!(v.algorithms, [Algorithm::ES256]);
    assert_eq!(v.clock_tolerance, 5);
    assert_eq!(v.typ.as_deref(), Some("at+jwt"));
    assert_eq!(v.required_claims, ["jti"]);
    assert_eq!(v.max_token_age, Some(60));
    assert_eq!(v.max_age, Some(300));
    assert_eq!(v.max_token_length, 4096);
    assert!(!v.require_exp);
    assert_eq!(v.profile, Profile::Jwt);
    assert!(options.key_set.allow_symmetric);
    assert_eq!(options.cache_entries, Some(DEFAULT_CACHE_ENTRIES));
    let one = parse(r#"{"audience":"a","cache":{"maxEntries":7}}"#).expect("ok");
    assert_eq!(one.validation.audiences, Some(vec!["a".into()]));
    assert_eq!(one.cache_entries, Some(7));
}

#[test]
fn defaults_are_the_core_defaults() {
    let options = parse("{}").expect("empty options");
    assert_eq!(options.validation, Default::default());
    assert_eq!(options.cache_entries, None);
    assert!(!options.key_set.allow_symmetric);
}

#[test]
fn client_id_selects_the_id_token_profile() {
    let options = parse(r#"{"issuer":"https://i","clientId":"c","maxAge":300}"#).expect("ok");
    assert_eq!(options.validation.max_age, Some(300));
    match options.validation.profile {
        Profile::IdToken(rules) => assert_eq!(rules.client_id, "c"),
        other => panic!("expected the ID-token profile, got {other:?}"),
    }
    let access = parse(r#"{"issuer":"https://i","audience":"a","profile":"at+jwt"}"#).expect("ok");
    assert_eq!(access.validation.profile, Profile::AccessToken);
}

#[test]
fn jose_vocabulary_issuer_list_subject_and_duration_strings() {
    let options = parse(
        r#"{"issuer":["https://a","https://b"],"subject":"svc-1",
            "clockTolerance":"30s","maxTokenAge":"1h","maxAge":"2 days"}"#,
    )
    .expect("jose's vocabulary");
    let v = &options.validation;
    assert_eq!(
        v.issuer,
        Some(vec![String::from("https://a"), String::from("https://b")].into())
    );
    assert_eq!(v.subject.as_deref(), Some("svc-1"));
    assert_eq!(v.clock_tolerance, 30);
    assert_eq!(v.max_token_age, Some(3600));
    assert_eq!(v.max_age, Some(172_800));
}

#[test]
fn max_age_without_client_id_is_applied_not_refused() {
    let options = parse(r#"{"maxAge":5}"#).expect("maxAge applies in every profile");
    assert_eq!(options.validation.max_age, Some(5));
    assert_eq!(options.validation.profile, Profile::Jwt);
}

#[test]
fn mistakes_are_refused_with_the_option_named_in_js_terms() {
    let cases = [
        (
            r#"{"audiance":"a"}"#,
            "unknown option audiance in Verifier options",
        ),
        (
            r#"{"clockTolerance":"5 fortnights"}"#,
            "clockTolerance must be a whole number of seconds ≥ 0 or a duration string such as \"30s\", \"5 min\", \"1h\" (got \"5 fortnights\")",
        ),
        (
            r#"{"maxTokenAge":"5 minutes ago"}"#,
            "maxTokenAge must not be negative (got \"5 minutes ago\")",
        ),
        (
            r#"{"issuer":[]}"#,
            "issuer must be a non-empty string or a non-empty array of non-empty strings (got an empty array)",
        ),
        (
            r#"{"issuer":["https://i",""]}"#,
            "issuer must be a non-empty string or a non-empty array of non-empty strings (got an array)",
        ),
        (
            r#"{"issuer":5}"#,
            "issuer must be a non-empty string or a non-empty array of non-empty strings (got 5)",
        ),
        (
            r#"{"subject":""}"#,
            "subject must be a non-empty string (got an empty string)",
        ),
        (
            r#"{"clockTolerance":-1}"#,
            "clockTolerance must be a whole number of seconds ≥ 0 or a duration string such as \"30s\", \"5 min\", \"1h\" (got -1)",
        ),
        (
            r#"{"clockTolerance":1.5}"#,
            "clockTolerance must be a whole number of seconds ≥ 0 or a duration string such as \"30s\", \"5 min\", \"1h\" (got 1.5)",
        ),
        (
            r#"{"clockTolerance":{"$unrepresentable":"NaN"}}"#,
            "clockTolerance must be a whole number of seconds ≥ 0 or a duration string such as \"30s\", \"5 min\", \"1h\" (got NaN)",
        ),
        (
            r#"{"clockTolerance":null}"#,
            "clockTolerance must be a whole number of seconds ≥ 0 or a duration string such as \"30s\", \"5 min\", \"1h\" (got null)",
        ),
        (
            r#"{"maxTokenAge":{"$unrepresentable":"Infinity"}}"#,
            "maxTokenAge must be a whole number of seconds ≥ 0 or a duration string such as \"30s\", \"5 min\", \"1h\" (got Infinity)",
        ),
        (
            r#"{"maxAge":-5}"#,
            "maxAge must be a whole number of seconds ≥ 0 or a duration string such as \"30s\", \"5 min\", \"1h\" (got -5)",
        ),
        (
            r#"{"maxTokenLength":0}"#,
            "maxTokenLength must be a whole number of bytes ≥ 1 (got 0)",
        ),
        (
            r#"{"maxTokenLength":9007199254740992}"#,
            "maxTokenLength must be at most Number.MAX_SAFE_INTEGER (got 9007199254740992)",
        ),
        (
            r#"{"cache":{"maxEntries":0}}"#,
            "cache.maxEntries must be a whole number of entries ≥ 1 (got 0)",
        ),
        (
            r#"{"cache":{"maxEntries":2.5}}"#,
            "cache.maxEntries must be a whole number of entries ≥ 1 (got 2.5)",
        ),
        (
            r#"{"cache":{"size":2}}"#,
            "unknown option cache.size in cache",
        ),
        (r#"{"cache":true}"#, "cache must be an object (got true)"),
        (
            r#"{"audience":[]}"#,
            "audience must be a non-empty string or a non-empty array of non-empty strings (got an empty array)",
        ),
        (
            r#"{"audience":""}"#,
            "audience must be a non-empty string or a non-empty array of non-empty strings (got an empty string)",
        ),
        (
            r#"{"audience":["a",""]}"#,
            "audience must be a non-empty string or a non-empty array of non-empty strings (got an array)",
        ),
        (
            r#"{"issuer":""}"#,
            "issuer must be a non-empty string or a non-empty array of non-empty strings (got an empty string)",
        ),
        (
            r#"{"issuer":{"$unrepresentable":"function"}}"#,
            "issuer must be a non-empty string or a non-empty array of non-empty strings (got function)",
        ),
        (
            r#"{"typ":""}"#,
            "typ must be a non-empty string (got an empty string)",
        ),
        (
            r#"{"clientId":""}"#,
            "clientId must be a non-empty string (got an empty string)",
        ),
        (
            r#"{"requiredClaims":[""]}"#,
            "requiredClaims must be a non-empty array of non-empty strings (got an array)",
        ),
        (
            r#"{"requiredClaims":[]}"#,
            "requiredClaims must be a non-empty array of non-empty strings (got an empty array)",
        ),
        (
            r#"{"requireExp":"yes"}"#,
            "requireExp must be true or false (got a string)",
        ),
        (
            r#"{"algorithms":[]}"#,
            "algorithms must be a non-empty array of non-empty strings (got an empty array)",
        ),
        (
            r#"{"algorithms":["none"]}"#,
            "unsupported algorithm \"none\" in algorithms",
        ),
        (
            r#"{"profile":"at+jwt"}"#,
            "profile \"at+jwt\" needs issuer and audience",
        ),
        (
            r#"{"profile":"id_token","issuer":"i"}"#,
            "profile \"id_token\" needs clientId",
        ),
        (
            r#"{"profile":"jwt","clientId":"c","issuer":"i"}"#,
            "clientId selects the ID-token profile; profile must be \"id_token\" or left out",
        ),
        (
            r#"{"profile":"access_token"}"#,
            "profile must be \"jwt\", \"at+jwt\" or \"id_token\" (got \"access_token\")",
        ),
        (
            r#"{"clientId":"c"}"#,
            "clientId (the ID-token profile) needs issuer",
        ),
        (
            "[]",
            "Verifier options must be an object (got an empty array)",
        ),
    ];
    for (json, expected) in cases {
        // Unknown names also list the known ones after the prefix.
        let got = message(json);
        assert!(got.starts_with(expected), "{json}: {got}");
    }
    assert_eq!(
        parse(r#"{"clientId":"c","profile":"at+jwt","issuer":"i"}"#).err(),
        Some(BindingOptionsError::ConflictingProfile)
    );
    assert_eq!(
        parse(r#"{"profile":"at+jwt"}"#).err(),
        Some(BindingOptionsError::Core(
            OptionsError::AccessTokenNeedsIssuerAndAudience
        ))
    );
}

#[test]
fn per_call_now_must_be_unix_seconds() {
    assert_eq!(
        CallOptions::check(1_767_225_600.9, Some("n"), None),
        Ok(1_767_225_600)
    );
    assert_eq!(CallOptions::check(0.0, None, None), Ok(0));
    for now in [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        -1.0,
        1e11,
        1_767_225_600_000.0,
    ] {
        let error = CallOptions::check(now, None, None).expect_err("refused");
        assert!(
            error.0.starts_with("now must be Unix seconds"),
            "{now}: {error}"
        );
    }
    assert!(
        CallOptions::check(f64::NAN, None, None)
            .expect_err("refused")
            .0
            .contains("(got NaN)")
    );
    for (nonce, access_token, name) in [(Some(""), None, "nonce"), (None, Some(""), "accessToken")]
    {
        let error = CallOptions::check(1.0, nonce, access_token).expect_err("refused");
        assert!(
            error
                .0
                .starts_with(&format!("{name} must be a non-empty string")),
            "{error}"
        );
    }
}
