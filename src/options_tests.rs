use super::{BindingOptions, BindingOptionsError, DEFAULT_CACHE_ENTRIES};
use tokenward_core::Algorithm;
use tokenward_core::verifier::{OptionsError, Profile};

fn parse(json: &str) -> Result<BindingOptions, BindingOptionsError> {
    BindingOptions::from_json(json)
}

#[test]
fn jose_names_map_onto_the_core_options() {
    let options = parse(
        r#"{"issuer":"https://i","audience":["a","b"],"algorithms":["ES256"],
            "clockTolerance":5,"typ":"at+jwt","requiredClaims":["jti"],"maxTokenAge":60,
            "maxTokenLength":4096,"requireExp":false,"allowSymmetric":true,"cache":{}}"#,
    )
    .expect("valid options");
    let v = &options.validation;
    assert_eq!(v.issuer.as_deref(), Some("https://i"));
    assert_eq!(v.audiences, ["a", "b"]);
    assert_eq!(v.algorithms, [Algorithm::ES256]);
    assert_eq!(v.clock_tolerance, 5);
    assert_eq!(v.typ.as_deref(), Some("at+jwt"));
    assert_eq!(v.required_claims, ["jti"]);
    assert_eq!(v.max_token_age, Some(60));
    assert_eq!(v.max_token_length, 4096);
    assert!(!v.require_exp);
    assert!(options.key_set.allow_symmetric);
    assert_eq!(options.cache_entries, Some(DEFAULT_CACHE_ENTRIES));
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
    match options.validation.profile {
        Profile::IdToken(rules) => {
            assert_eq!(rules.client_id, "c");
            assert_eq!(rules.max_age, Some(300));
        }
        other => panic!("expected the ID-token profile, got {other:?}"),
    }
    let access = parse(r#"{"issuer":"https://i","audience":"a","profile":"at+jwt"}"#).expect("ok");
    assert_eq!(access.validation.profile, Profile::AccessToken);
}

#[test]
fn mistakes_are_refused_with_a_reason() {
    assert!(matches!(
        parse(r#"{"audiance":"a"}"#),
        Err(BindingOptionsError::Shape(_))
    ));
    assert!(matches!(
        parse(r#"{"clockTolerance":"5s"}"#),
        Err(BindingOptionsError::Shape(_))
    ));
    assert_eq!(
        parse(r#"{"algorithms":["none"]}"#).err(),
        Some(BindingOptionsError::UnknownAlgorithm("none".into()))
    );
    assert_eq!(
        parse(r#"{"maxAge":5}"#).err(),
        Some(BindingOptionsError::MaxAgeWithoutClientId)
    );
    assert_eq!(
        parse(r#"{"clientId":"c","profile":"at+jwt","issuer":"i"}"#).err(),
        Some(BindingOptionsError::ConflictingProfile)
    );
    assert_eq!(
        parse(r#"{"algorithms":[]}"#).err(),
        Some(BindingOptionsError::Core(OptionsError::NoAlgorithms))
    );
    assert_eq!(
        parse(r#"{"profile":"at+jwt"}"#).err(),
        Some(BindingOptionsError::Core(
            OptionsError::AccessTokenNeedsIssuerAndAudience
        ))
    );
}
