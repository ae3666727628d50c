use super::*;
use crate::claims::bad_type;
use crate::json::{DEFAULT_MAX_DEPTH, parse_object};

fn claims(json: &str) -> JsonObject {
    parse_object(json.as_bytes(), DEFAULT_MAX_DEPTH).unwrap()
}

fn rules(max_age: Option<u64>) -> IdTokenRules {
    IdTokenRules {
        client_id: String::from("spa"),
        max_age,
    }
}

const BASE: &str = r#""iss":"i","sub":"u","exp":2000,"iat":1000"#;

fn check(extra: &str, rules: &IdTokenRules, binding: &IdTokenBinding<'_>) -> Result<(), Error> {
    let json = alloc::format!("{{{BASE},{extra}}}");
    check_id_token(&claims(&json), Algorithm::RS256, rules, binding, 1500, 0)
}

#[test]
fn audience_and_azp() {
    let none = IdTokenBinding::default();
    let cases: &[(&str, Result<(), Error>)] = &[
        (r#""aud":"spa""#, Ok(())),
        (r#""aud":["spa"]"#, Ok(())),
        (r#""aud":"api""#, Err(Error::BadAudience)),
        (r#""aud":["spa","api"]"#, Err(Error::BadAzp)),
        (r#""aud":["spa","api"],"azp":"spa""#, Ok(())),
        (r#""aud":["spa","api"],"azp":"api""#, Err(Error::BadAzp)),
        (r#""aud":"spa","azp":"other""#, Err(Error::BadAzp)),
        (r#""aud":"spa","azp":1"#, Err(bad_type("azp"))),
    ];
    for (extra, expected) in cases {
        assert_eq!(check(extra, &rules(None), &none), *expected, "{extra}");
    }
}

#[test]
fn required_id_token_claims() {
    let json = r#"{"iss":"i","aud":"spa","exp":2000,"iat":1000}"#;
    assert_eq!(
        check_id_token(
            &claims(json),
            Algorithm::RS256,
            &rules(None),
            &IdTokenBinding::default(),
            1500,
            0
        ),
        Err(missing("sub"))
    );
}

#[test]
fn nonce_must_equal_when_expected() {
    let with = |nonce| IdTokenBinding {
        nonce: Some(nonce),
        ..IdTokenBinding::default()
    };
    let r = rules(None);
    assert_eq!(
        check(r#""aud":"spa","nonce":"n-1""#, &r, &with("n-1")),
        Ok(())
    );
    assert_eq!(
        check(r#""aud":"spa","nonce":"n-2""#, &r, &with("n-1")),
        Err(Error::NonceMismatch)
    );
    assert_eq!(
        check(r#""aud":"spa""#, &r, &with("n-1")),
        Err(Error::NonceMismatch)
    );
    assert_eq!(
        check(r#""aud":"spa","nonce":1"#, &r, &with("1")),
        Err(Error::NonceMismatch)
    );
    // Not expected: a nonce in the token is fine.
    assert_eq!(
        check(r#""aud":"spa","nonce":"x""#, &r, &IdTokenBinding::default()),
        Ok(())
    );
}

#[test]
fn auth_time_with_max_age() {
    let none = IdTokenBinding::default();
    let r = rules(Some(300));
    assert_eq!(check(r#""aud":"spa","auth_time":1200"#, &r, &none), Ok(()));
    assert_eq!(
        check(r#""aud":"spa","auth_time":1199"#, &r, &none),
        Err(Error::AuthTimeTooOld)
    );
    assert_eq!(
        check(r#""aud":"spa""#, &r, &none),
        Err(missing("auth_time"))
    );
    assert_eq!(
        check(r#""aud":"spa","auth_time":"1200""#, &r, &none),
        Err(bad_type("auth_time"))
    );
}

#[test]
fn at_hash_example_from_oidc_core() {
    // OIDC Core A.3/A.4 style vector: RS256 over the example access token.
    let access_token = "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y";
    assert_eq!(
        half_hash(Algorithm::RS256, access_token),
        "77QmUPtjPfzWtF2AnpK9RQ"
    );
    let binding = IdTokenBinding {
        access_token: Some(access_token),
        ..IdTokenBinding::default()
    };
    let r = rules(None);
    assert_eq!(
        check(
            r#""aud":"spa","at_hash":"77QmUPtjPfzWtF2AnpK9RQ""#,
            &r,
            &binding
        ),
        Ok(())
    );
    assert_eq!(
        check(
            r#""aud":"spa","at_hash":"77QmUPtjPfzWtF2AnpK9RR""#,
            &r,
            &binding
        ),
        Err(Error::AtHashMismatch { claim: "at_hash" })
    );
    // Absent claim, or no access token to compare: nothing to check.
    assert_eq!(check(r#""aud":"spa""#, &r, &binding), Ok(()));
    assert_eq!(
        check(
            r#""aud":"spa","at_hash":"x""#,
            &r,
            &IdTokenBinding::default()
        ),
        Ok(())
    );
}

#[test]
fn c_hash_example_from_oidc_core() {
    let code = "Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk";
    assert_eq!(half_hash(Algorithm::RS256, code), "LDktKdoQak3Pk0cnXxCltA");
    let binding = IdTokenBinding {
        code: Some(code),
        ..IdTokenBinding::default()
    };
    assert_eq!(
        check(
            r#""aud":"spa","c_hash":"LDktKdoQak3Pk0cnXxCltB""#,
            &rules(None),
            &binding
        ),
        Err(Error::AtHashMismatch { claim: "c_hash" })
    );
}
