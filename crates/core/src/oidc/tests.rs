use super::*;
use crate::claims::bad_type;
use crate::json::{DEFAULT_MAX_DEPTH, parse_object};

fn claims(json: &str) -> JsonObject {
    parse_object(json.as_bytes(), DEFAULT_MAX_DEPTH).unwrap()
}

fn rules() -> IdTokenRules {
    IdTokenRules {
        client_id: String::from("spa"),
    }
}

const BASE: &str = r#""iss":"i","sub":"u","exp":2000,"iat":1000"#;

fn with_base(extra: &str) -> JsonObject {
    claims(&alloc::format!("{{{BASE},{extra}}}"))
}

/// The ID-token profile's rules, then the binding (as the verifier runs them).
fn check(extra: &str, binding: &IdTokenBinding<'_>) -> Result<(), Error> {
    let claims = with_base(extra);
    check_id_token(&claims, &rules())?;
    check_binding(&claims, Algorithm::RS256, binding)
}

fn auth_time(extra: &str, now: i64, max_age: u64, leeway: u64) -> Result<(), Error> {
    check_auth_time(&with_base(extra), now, max_age, leeway)
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
        assert_eq!(check(extra, &none), *expected, "{extra}");
    }
}

#[test]
fn required_id_token_claims() {
    let json = r#"{"iss":"i","aud":"spa","exp":2000,"iat":1000}"#;
    assert_eq!(check_id_token(&claims(json), &rules()), Err(missing("sub")));
}

#[test]
fn nonce_must_equal_when_expected() {
    let with = |nonce| IdTokenBinding {
        nonce: Some(nonce),
        ..IdTokenBinding::default()
    };
    assert_eq!(check(r#""aud":"spa","nonce":"n-1""#, &with("n-1")), Ok(()));
    for wrong in [
        r#""aud":"spa","nonce":"n-2""#,
        r#""aud":"spa""#,
        r#""aud":"spa","nonce":1"#,
        r#""aud":"spa","nonce":["n-1"]"#,
        r#""aud":"spa","nonce":null"#,
    ] {
        assert_eq!(
            check(wrong, &with("n-1")),
            Err(Error::NonceMismatch),
            "{wrong}"
        );
    }
    // Not expected: a nonce in the token is fine.
    assert_eq!(
        check(r#""aud":"spa","nonce":"x""#, &IdTokenBinding::default()),
        Ok(())
    );
}

#[test]
fn the_binding_applies_without_the_id_token_profile() {
    // No `aud` of the client, no `azp` rule: only what the caller passed.
    let token = claims(r#"{"iss":"i","sub":"u","nonce":"n-2","at_hash":"x"}"#);
    let nonce = IdTokenBinding {
        nonce: Some("n-1"),
        ..IdTokenBinding::default()
    };
    assert_eq!(
        check_binding(&token, Algorithm::ES256, &nonce),
        Err(Error::NonceMismatch)
    );
    let access = IdTokenBinding {
        access_token: Some("at"),
        ..IdTokenBinding::default()
    };
    assert_eq!(
        check_binding(&token, Algorithm::ES256, &access),
        Err(Error::AtHashMismatch { claim: "at_hash" })
    );
    assert_eq!(
        check_binding(&token, Algorithm::ES256, &IdTokenBinding::default()),
        Ok(())
    );
}

#[test]
fn auth_time_with_max_age() {
    assert_eq!(auth_time(r#""auth_time":1200"#, 1500, 300, 0), Ok(()));
    assert_eq!(
        auth_time(r#""auth_time":1199"#, 1500, 300, 0),
        Err(Error::AuthTimeTooOld)
    );
    assert_eq!(auth_time(r#""auth_time":1199"#, 1500, 300, 1), Ok(()));
    assert_eq!(
        auth_time("\"x\":0", 1500, 300, 0),
        Err(missing("auth_time"))
    );
    assert_eq!(
        auth_time(r#""auth_time":"1200""#, 1500, 300, 0),
        Err(bad_type("auth_time"))
    );
}

#[test]
fn max_age_plus_leeway_cannot_wrap() {
    // In u64, u64::MAX + 1 wraps to 0 (or panics in a debug build): the
    // largest max_age would refuse every authentication older than now.
    assert_eq!(auth_time(r#""auth_time":0"#, 1500, u64::MAX, 1), Ok(()));
    assert_eq!(
        auth_time(r#""auth_time":0"#, i64::MAX, u64::MAX, u64::MAX),
        Ok(())
    );
    assert_eq!(auth_time(r#""auth_time":1e300"#, i64::MIN, 0, 0), Ok(()));
    assert_eq!(
        auth_time(r#""auth_time":-1e300"#, i64::MAX, u64::MAX, u64::MAX),
        Err(Error::AuthTimeTooOld)
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
    assert_eq!(
        check(
            r#""aud":"spa","at_hash":"77QmUPtjPfzWtF2AnpK9RQ""#,
            &binding
        ),
        Ok(())
    );
    assert_eq!(
        check(
            r#""aud":"spa","at_hash":"77QmUPtjPfzWtF2AnpK9RR""#,
            &binding
        ),
        Err(Error::AtHashMismatch { claim: "at_hash" })
    );
    // Fail closed: an access token was passed, so `at_hash` must be there.
    assert_eq!(check(r#""aud":"spa""#, &binding), Err(missing("at_hash")));
    assert_eq!(
        check(r#""aud":"spa","at_hash":7"#, &binding),
        Err(bad_type("at_hash"))
    );
    // No access token passed: `at_hash` is not looked at.
    assert_eq!(
        check(r#""aud":"spa","at_hash":"x""#, &IdTokenBinding::default()),
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
        check(r#""aud":"spa","c_hash":"LDktKdoQak3Pk0cnXxCltA""#, &binding),
        Ok(())
    );
    assert_eq!(
        check(r#""aud":"spa","c_hash":"LDktKdoQak3Pk0cnXxCltB""#, &binding),
        Err(Error::AtHashMismatch { claim: "c_hash" })
    );
    assert_eq!(check(r#""aud":"spa""#, &binding), Err(missing("c_hash")));
}
