//! Every option is applied or refused: empty values are refused by
//! `ValidationOptions::validate` (so every adapter gets the rule), and the
//! per-call values (`nonce`, access token, code) and `max_age` apply in
//! every profile, with really signed tokens.

mod support;

use support::*;
use tokenward_core::Algorithm;
use tokenward_core::Error;
use tokenward_core::oidc::{IdTokenBinding, IdTokenRules, half_hash};
use tokenward_core::verifier::{OptionsError, Profile, ValidationOptions, Verifier};

const ED: &str = r#"{"alg":"EdDSA","kid":"ed"}"#;
const AT: &str = r#"{"alg":"EdDSA","kid":"ed","typ":"at+jwt"}"#;

fn options() -> ValidationOptions {
    ValidationOptions {
        issuer: Some(ISSUER.into()),
        audiences: Some(vec![AUDIENCE.into()]),
        ..ValidationOptions::default()
    }
}

fn refused(options: ValidationOptions) -> OptionsError {
    Verifier::new(options).expect_err("options refused")
}

fn verdict(
    options: ValidationOptions,
    token: &str,
    binding: &IdTokenBinding<'_>,
) -> Result<(), Error> {
    let verifier = Verifier::new(options).expect("valid options");
    verifier.verify(token, &keys(), NOW, binding).map(|_| ())
}

fn nonce(value: &str) -> IdTokenBinding<'_> {
    IdTokenBinding {
        nonce: Some(value),
        ..IdTokenBinding::default()
    }
}

fn access_token(value: &str) -> IdTokenBinding<'_> {
    IdTokenBinding {
        access_token: Some(value),
        ..IdTokenBinding::default()
    }
}

/// A plain JWT verifier, an RFC 9068 access-token verifier and an ID-token
/// verifier, each with a token it otherwise accepts (plus `extra` claims).
fn every_profile(extra: &str) -> Vec<(ValidationOptions, String)> {
    let access = ValidationOptions {
        profile: Profile::AccessToken,
        ..options()
    };
    let id = ValidationOptions {
        audiences: None,
        profile: Profile::IdToken(IdTokenRules {
            client_id: AUDIENCE.into(),
        }),
        ..options()
    };
    let at_claims = format!(r#""client_id":"spa","jti":"j-1",{extra}"#);
    vec![
        (options(), sign_ed(ED, &claims(extra))),
        (access, sign_ed(AT, &claims(&at_claims))),
        (id, sign_ed(ED, &claims(extra))),
    ]
}

#[test]
fn empty_values_are_refused_not_read_as_no_check() {
    let empty = |option| OptionsError::Empty { option };
    let cases = [
        (
            ValidationOptions {
                issuer: Some(String::new().into()),
                ..options()
            },
            empty("issuer"),
        ),
        (
            ValidationOptions {
                issuer: Some(Vec::new().into()),
                ..options()
            },
            empty("issuers"),
        ),
        (
            ValidationOptions {
                subject: Some(String::new()),
                ..options()
            },
            empty("subject"),
        ),
        (
            ValidationOptions {
                audiences: Some(vec![]),
                ..options()
            },
            empty("audiences"),
        ),
        (
            ValidationOptions {
                audiences: Some(vec!["api".into(), String::new()]),
                ..options()
            },
            empty("an audience"),
        ),
        (
            ValidationOptions {
                typ: Some(String::new()),
                ..options()
            },
            empty("typ"),
        ),
        (
            ValidationOptions {
                required_claims: vec![String::new()],
                ..options()
            },
            empty("a required claim name"),
        ),
        (
            ValidationOptions {
                max_token_length: 0,
                ..options()
            },
            OptionsError::ZeroTokenLength,
        ),
        (
            ValidationOptions {
                profile: Profile::IdToken(IdTokenRules {
                    client_id: String::new(),
                }),
                ..options()
            },
            OptionsError::IdTokenNeedsIssuerAndClientId,
        ),
        (
            ValidationOptions {
                audiences: None,
                profile: Profile::AccessToken,
                ..options()
            },
            OptionsError::AccessTokenNeedsIssuerAndAudience,
        ),
    ];
    for (options, expected) in cases {
        assert_eq!(refused(options), expected);
    }
    assert_eq!(
        empty("audiences").to_string(),
        "audiences must not be empty"
    );
}

#[test]
fn no_audience_option_skips_the_check_and_a_list_applies_it() {
    let token = sign_ed(ED, &claims("").replace(r#""aud":"api","#, ""));
    let unchecked = ValidationOptions {
        audiences: None,
        ..options()
    };
    assert_eq!(
        verdict(unchecked, &token, &IdTokenBinding::default()),
        Ok(())
    );
    assert_eq!(
        verdict(options(), &token, &IdTokenBinding::default()),
        Err(Error::MissingClaim {
            claim: "aud".into()
        })
    );
}

#[test]
fn a_nonce_passed_is_checked_in_every_profile() {
    for extra in [
        r#""nonce":"n-2""#,
        r#""nonce":1"#,
        r#""nonce":["n-1"]"#,
        r#""other":0"#,
    ] {
        for (options, token) in every_profile(extra) {
            let profile = format!("{:?}", options.profile);
            assert_eq!(
                verdict(options, &token, &nonce("n-1")),
                Err(Error::NonceMismatch),
                "{profile} {extra}"
            );
        }
    }
    for (options, token) in every_profile(r#""nonce":"n-1""#) {
        assert_eq!(verdict(options, &token, &nonce("n-1")), Ok(()));
    }
}

#[test]
fn an_access_token_passed_needs_a_matching_at_hash_in_every_profile() {
    let good = half_hash(Algorithm::EdDSA, "the-access-token");
    let cases: [(String, Result<(), Error>); 4] = [
        (format!(r#""at_hash":"{good}""#), Ok(())),
        (
            format!(r#""at_hash":"{}""#, half_hash(Algorithm::EdDSA, "another")),
            Err(Error::AtHashMismatch { claim: "at_hash" }),
        ),
        // Fail closed: the caller asked for the check, the token cannot
        // skip it by leaving the claim out.
        (
            r#""other":0"#.into(),
            Err(Error::MissingClaim {
                claim: "at_hash".into(),
            }),
        ),
        (
            r#""at_hash":7"#.into(),
            Err(Error::BadClaimType {
                claim: "at_hash".into(),
            }),
        ),
    ];
    for (extra, expected) in cases {
        for (options, token) in every_profile(&extra) {
            assert_eq!(
                verdict(options, &token, &access_token("the-access-token")),
                expected,
                "{extra}"
            );
        }
    }
}

#[test]
fn a_code_passed_needs_a_matching_c_hash() {
    let binding = IdTokenBinding {
        code: Some("the-code"),
        ..IdTokenBinding::default()
    };
    let good = format!(r#""c_hash":"{}""#, half_hash(Algorithm::EdDSA, "the-code"));
    for (options, token) in every_profile(&good) {
        assert_eq!(verdict(options, &token, &binding), Ok(()));
    }
    for (options, token) in every_profile(r#""other":0"#) {
        assert_eq!(
            verdict(options, &token, &binding),
            Err(Error::MissingClaim {
                claim: "c_hash".into()
            })
        );
    }
}

#[test]
fn max_age_applies_in_every_profile() {
    let with_max_age = |mut options: ValidationOptions| {
        options.max_age = Some(300);
        options
    };
    let recent = format!(r#""auth_time":{}"#, NOW - 300);
    let old = format!(r#""auth_time":{}"#, NOW - 301);
    for (options, token) in every_profile(&recent) {
        assert_eq!(
            verdict(with_max_age(options), &token, &IdTokenBinding::default()),
            Ok(())
        );
    }
    for (options, token) in every_profile(&old) {
        assert_eq!(
            verdict(with_max_age(options), &token, &IdTokenBinding::default()),
            Err(Error::AuthTimeTooOld)
        );
    }
    for (options, token) in every_profile(r#""other":0"#) {
        assert_eq!(
            verdict(with_max_age(options), &token, &IdTokenBinding::default()),
            Err(Error::MissingClaim {
                claim: "auth_time".into()
            })
        );
    }
}

/// The edge configuration (Envoy filter and worker) builds its verifiers
/// through `ValidationOptions::validate`, so it gets the same refusals.
#[test]
fn the_edge_configuration_gets_the_same_rule() {
    use tokenward_core::edge::{ConfigError, EdgeConfig};
    let config = |provider: &str| {
        let json = format!(
            r#"{{"providers":{{"main":{{{provider},"local_jwks":{}}}}}}}"#,
            jwks_json()
        );
        EdgeConfig::from_json(json.as_bytes())
    };
    let empty = |option| ConfigError::BadOptions {
        provider: "main".into(),
        error: OptionsError::Empty { option },
    };
    // As in `jwt_authn` (proto3: an empty repeated field is an absent one),
    // an empty `audiences` list in the edge configuration means no audience
    // check; an empty audience value is still refused.
    assert!(config(r#""issuer":"https://i","audiences":[]"#).is_ok());
    assert_eq!(
        config(r#""issuer":"https://i","audiences":[""]"#).err(),
        Some(empty("an audience"))
    );
    assert_eq!(config(r#""issuer":"""#).err(), Some(empty("issuer")));
    assert!(config(r#""issuer":"https://i""#).is_ok());
    assert!(config(r#""issuer":"https://i","audiences":["api"]"#).is_ok());
    // The core's issuer is a list now; the edge configuration still takes
    // one string, which becomes a list of one, and a list is refused there.
    let single = config(r#""issuer":"https://i""#).expect("one issuer");
    assert_eq!(
        single.providers[0].issuers[0].verifier.options().issuer,
        Some("https://i".into())
    );
    assert!(config(r#""issuer":["https://i"]"#).is_err());
}

#[test]
fn an_issuer_list_accepts_any_of_them_and_a_subject_is_exact() {
    let list = |issuers: &[&str]| ValidationOptions {
        issuer: Some(
            issuers
                .iter()
                .map(|iss| String::from(*iss))
                .collect::<Vec<_>>()
                .into(),
        ),
        ..options()
    };
    let token = |extra: &str| sign_ed(ED, &claims(extra));
    let both = list(&["https://old.example", ISSUER]);
    assert!(verdict(both.clone(), &token(""), &IdTokenBinding::default()).is_ok());
    assert_eq!(
        verdict(
            list(&["https://old.example"]),
            &token(""),
            &IdTokenBinding::default()
        ),
        Err(Error::BadIssuer)
    );
    let subject = |sub: &str| ValidationOptions {
        subject: Some(sub.into()),
        ..options()
    };
    // The support claims have `"sub":"alice"`.
    assert!(verdict(subject("alice"), &token(""), &IdTokenBinding::default()).is_ok());
    assert_eq!(
        verdict(subject("alicia"), &token(""), &IdTokenBinding::default()),
        Err(Error::BadSubject)
    );
}
