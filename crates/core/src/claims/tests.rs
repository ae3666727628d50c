use super::*;
use crate::json::{DEFAULT_MAX_DEPTH, parse_object};
use alloc::format;
use alloc::vec;

fn claims(json: &str) -> JsonObject {
    parse_object(json.as_bytes(), DEFAULT_MAX_DEPTH).unwrap()
}

const STRICT: TimeRules = TimeRules {
    leeway: 0,
    require_exp: true,
    max_token_age: None,
};

#[test]
fn time_rules_table() {
    let lenient = TimeRules {
        leeway: 5,
        ..STRICT
    };
    let aged = TimeRules {
        max_token_age: Some(60),
        ..STRICT
    };
    let cases: &[(&str, i64, TimeRules, Result<(), Error>)] = &[
        (r#"{"exp":100}"#, 99, STRICT, Ok(())),
        (r#"{"exp":100}"#, 100, STRICT, Err(Error::Expired)),
        (r#"{"exp":100}"#, 104, lenient, Ok(())),
        (r#"{"exp":100}"#, 105, lenient, Err(Error::Expired)),
        (r#"{"exp":100.5}"#, 100, STRICT, Ok(())),
        (r#"{"exp":99.5}"#, 100, STRICT, Err(Error::Expired)),
        (r#"{"exp":"100"}"#, 1, STRICT, Err(bad_type("exp"))),
        (r#"{"exp":null}"#, 1, STRICT, Err(bad_type("exp"))),
        (r#"{}"#, 1, STRICT, Err(missing("exp"))),
        (
            r#"{}"#,
            1,
            TimeRules {
                require_exp: false,
                ..STRICT
            },
            Ok(()),
        ),
        (r#"{"exp":200,"nbf":100}"#, 100, STRICT, Ok(())),
        (
            r#"{"exp":200,"nbf":100}"#,
            99,
            STRICT,
            Err(Error::NotYetValid),
        ),
        (r#"{"exp":200,"nbf":100}"#, 95, lenient, Ok(())),
        (r#"{"exp":200,"nbf":[]}"#, 150, STRICT, Err(bad_type("nbf"))),
        (r#"{"exp":200,"iat":1000}"#, 150, STRICT, Ok(())),
        (
            r#"{"exp":200,"iat":"x"}"#,
            150,
            STRICT,
            Err(bad_type("iat")),
        ),
        (
            r#"{"exp":200,"auth_time":true}"#,
            150,
            STRICT,
            Err(bad_type("auth_time")),
        ),
        (r#"{"exp":200,"iat":100}"#, 160, aged, Ok(())),
        (
            r#"{"exp":200,"iat":100}"#,
            161,
            aged,
            Err(Error::TokenTooOld),
        ),
        (r#"{"exp":200}"#, 161, aged, Err(missing("iat"))),
    ];
    for (json, now, rules, expected) in cases {
        assert_eq!(
            check_times(&claims(json), *now, rules),
            *expected,
            "{json} at {now}"
        );
    }
}

#[test]
fn issuer_is_an_exact_string_match() {
    let expected = &Issuers::from("https://issuer.example");
    assert_eq!(
        check_issuer(&claims(r#"{"iss":"https://issuer.example"}"#), expected),
        Ok(())
    );
    assert_eq!(
        check_issuer(&claims(r#"{"iss":"https://issuer.example/"}"#), expected),
        Err(Error::BadIssuer)
    );
    assert_eq!(
        check_issuer(&claims(r#"{"iss":"HTTPS://issuer.example"}"#), expected),
        Err(Error::BadIssuer)
    );
    assert_eq!(
        check_issuer(&claims(r#"{}"#), expected),
        Err(missing("iss"))
    );
    assert_eq!(
        check_issuer(&claims(r#"{"iss":1}"#), expected),
        Err(bad_type("iss"))
    );
}

#[test]
fn issuer_list_accepts_any_of_them_exactly() {
    let expected = &Issuers::from(vec![
        String::from("https://old.example"),
        String::from("https://new.example"),
    ]);
    for iss in ["https://old.example", "https://new.example"] {
        let token = claims(&format!(r#"{{"iss":"{iss}"}}"#));
        assert_eq!(check_issuer(&token, expected), Ok(()), "{iss}");
    }
    assert_eq!(
        check_issuer(&claims(r#"{"iss":"https://new.example/"}"#), expected),
        Err(Error::BadIssuer)
    );
}

#[test]
fn subject_is_an_exact_string_match() {
    assert_eq!(
        check_subject(&claims(r#"{"sub":"svc-1"}"#), "svc-1"),
        Ok(())
    );
    assert_eq!(
        check_subject(&claims(r#"{"sub":"svc-10"}"#), "svc-1"),
        Err(Error::BadSubject)
    );
    assert_eq!(
        check_subject(&claims(r#"{}"#), "svc-1"),
        Err(missing("sub"))
    );
    assert_eq!(
        check_subject(&claims(r#"{"sub":1}"#), "svc-1"),
        Err(bad_type("sub"))
    );
    assert_eq!(Error::BadSubject.claim(), Some("sub"));
    assert_eq!(Error::BadSubject.reason(), Some("check_failed"));
    assert_eq!(missing("exp").reason(), Some("missing"));
    assert_eq!(Error::Expired.claim(), Some("exp"));
    assert_eq!(Error::BadSignature.claim(), None);
}

#[test]
fn audience_string_or_array() {
    let expected = vec![String::from("api"), String::from("other")];
    let cases: &[(&str, Result<(), Error>)] = &[
        (r#"{"aud":"api"}"#, Ok(())),
        (r#"{"aud":["x","other"]}"#, Ok(())),
        (r#"{"aud":["x"]}"#, Err(Error::BadAudience)),
        (r#"{"aud":[]}"#, Err(Error::BadAudience)),
        (r#"{"aud":"API"}"#, Err(Error::BadAudience)),
        (r#"{"aud":["api",1]}"#, Err(bad_type("aud"))),
        (r#"{"aud":1}"#, Err(bad_type("aud"))),
        (r#"{}"#, Err(missing("aud"))),
    ];
    for (json, result) in cases {
        assert_eq!(check_audience(&claims(json), &expected), *result, "{json}");
    }
}

#[test]
fn required_claims_and_string_types() {
    let set = claims(r#"{"sub":"a","jti":"b","scope":null}"#);
    assert_eq!(check_present(&set, &["sub", "scope"]), Ok(()));
    assert_eq!(
        check_present(&set, &["sub", "tenant"]),
        Err(missing("tenant"))
    );
    assert_eq!(check_string_types(&set), Ok(()));
    assert_eq!(
        check_string_types(&claims(r#"{"sub":1}"#)),
        Err(bad_type("sub"))
    );
    assert_eq!(
        check_string_types(&claims(r#"{"jti":[]}"#)),
        Err(bad_type("jti"))
    );
}
