//! Randomised: extreme option values (0, 1, `u64::MAX` durations, `now` at
//! `i64::MIN` / `i64::MAX`, huge leeway) never panic, and a more lenient
//! option never turns an accept into a refusal. On ordinary values the
//! verdict is exactly the one computed with whole numbers in `i128`.

mod support;

use hmac::{KeyInit, Mac};
use proptest::prelude::*;
use std::sync::LazyLock;
use support::*;
use tokenward_core::base64url::encode;
use tokenward_core::key_set::KeySetOptions;
use tokenward_core::oidc::IdTokenBinding;
use tokenward_core::verifier::{ValidationOptions, Verifier};
use tokenward_core::{Algorithm, Error, KeySet};

/// HS256 keeps thousands of signatures cheap in a debug build; the rules
/// under test come after the signature and do not depend on the algorithm.
const SECRET: &[u8] = b"extreme-options-test-secret-32-bytes!";
const HS: &str = r#"{"alg":"HS256","kid":"hs"}"#;

static KEYS: LazyLock<KeySet> = LazyLock::new(|| {
    let jwks = format!(
        r#"{{"keys":[{{"kty":"oct","kid":"hs","alg":"HS256","k":"{}"}}]}}"#,
        encode(SECRET)
    );
    let options = KeySetOptions {
        allow_symmetric: true,
        ..KeySetOptions::default()
    };
    KeySet::from_json_with(jwks.as_bytes(), &options).expect("test key set")
});

fn sign_hs(payload: &str) -> String {
    let input = signing_input(HS, payload);
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET).expect("any key length");
    mac.update(input.as_bytes());
    format!("{input}.{}", encode(&mac.finalize().into_bytes()))
}

/// The time claims of one token, in Unix seconds.
#[derive(Debug, Clone, Copy)]
struct Times {
    exp: Option<i64>,
    nbf: Option<i64>,
    iat: Option<i64>,
    auth_time: Option<i64>,
}

/// The time options of one verifier, in seconds.
#[derive(Debug, Clone, Copy)]
struct Knobs {
    leeway: u64,
    max_token_age: Option<u64>,
    max_age: Option<u64>,
}

fn token(times: Times) -> String {
    let mut claims = format!(r#"{{"iss":"{ISSUER}","sub":"alice""#);
    for (name, value) in [
        ("exp", times.exp),
        ("nbf", times.nbf),
        ("iat", times.iat),
        ("auth_time", times.auth_time),
    ] {
        if let Some(value) = value {
            claims.push_str(&format!(r#","{name}":{value}"#));
        }
    }
    claims.push('}');
    sign_hs(&claims)
}

fn verdict(token: &str, knobs: Knobs, now: i64) -> Result<(), &'static str> {
    let verifier = Verifier::new(ValidationOptions {
        issuer: Some(ISSUER.into()),
        clock_tolerance: knobs.leeway,
        max_token_age: knobs.max_token_age,
        max_age: knobs.max_age,
        require_exp: false,
        algorithms: vec![Algorithm::HS256],
        ..ValidationOptions::default()
    })
    .expect("valid options");
    verifier
        .verify(token, &KEYS, now, &IdTokenBinding::default())
        .map(|_| ())
        .map_err(|error| error.code())
}

/// The rules with exact whole-number arithmetic: what the verifier must say
/// whenever no value is large enough for `f64` to round.
fn exact(times: Times, knobs: Knobs, now: i64) -> Result<(), &'static str> {
    let (now, leeway) = (i128::from(now), i128::from(knobs.leeway));
    if times.exp.is_some_and(|exp| now >= i128::from(exp) + leeway) {
        return Err(Error::Expired.code());
    }
    if times.nbf.is_some_and(|nbf| i128::from(nbf) > now + leeway) {
        return Err(Error::NotYetValid.code());
    }
    if let Some(max) = knobs.max_token_age {
        let iat = times.iat.ok_or("missing_claim")?;
        if now - i128::from(iat) > i128::from(max) + leeway {
            return Err(Error::TokenTooOld.code());
        }
    }
    if let Some(max) = knobs.max_age {
        let auth_time = times.auth_time.ok_or("missing_claim")?;
        if now - i128::from(auth_time) > i128::from(max) + leeway {
            return Err(Error::AuthTimeTooOld.code());
        }
    }
    Ok(())
}

fn extreme_duration() -> impl Strategy<Value = u64> {
    prop_oneof![
        Just(0),
        Just(1),
        Just(u64::MAX),
        Just(u64::MAX - 1),
        Just(i64::MAX as u64),
        0..1_000_000u64,
        any::<u64>(),
    ]
}

fn extreme_now() -> impl Strategy<Value = i64> {
    prop_oneof![
        Just(i64::MIN),
        Just(i64::MAX),
        Just(0),
        Just(-1),
        NOW - 1_000_000..NOW + 1_000_000,
        any::<i64>(),
    ]
}

fn claim_time() -> impl Strategy<Value = Option<i64>> {
    prop_oneof![
        Just(None),
        (NOW - 2_000_000..NOW + 2_000_000).prop_map(Some),
        Just(Some(0)),
        Just(Some(i64::MIN)),
        Just(Some(i64::MAX)),
    ]
}

fn times() -> impl Strategy<Value = Times> {
    (claim_time(), claim_time(), claim_time(), claim_time()).prop_map(
        |(exp, nbf, iat, auth_time)| Times {
            exp,
            nbf,
            iat,
            auth_time,
        },
    )
}

fn knobs() -> impl Strategy<Value = Knobs> {
    (
        extreme_duration(),
        proptest::option::of(extreme_duration()),
        proptest::option::of(extreme_duration()),
    )
        .prop_map(|(leeway, max_token_age, max_age)| Knobs {
            leeway,
            max_token_age,
            max_age,
        })
}

/// Small enough that `f64` holds every sum exactly (below 2^53).
fn ordinary(times: Times, knobs: Knobs, now: i64) -> bool {
    let small = |v: i64| v.unsigned_abs() < 1 << 40;
    let claims = [times.exp, times.nbf, times.iat, times.auth_time];
    small(now)
        && claims.iter().flatten().all(|&v| small(v))
        && [Some(knobs.leeway), knobs.max_token_age, knobs.max_age]
            .iter()
            .flatten()
            .all(|&v| v < 1 << 40)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn extreme_values_never_panic_and_ordinary_ones_are_exact(
        times in times(),
        knobs in knobs(),
        now in extreme_now(),
    ) {
        let got = verdict(&token(times), knobs, now);
        if ordinary(times, knobs, now) {
            prop_assert_eq!(got, exact(times, knobs, now));
        }
    }

    #[test]
    fn more_leniency_never_refuses_what_less_accepted(
        times in times(),
        knobs in knobs(),
        more in extreme_duration(),
        now in extreme_now(),
    ) {
        let token = token(times);
        let base = verdict(&token, knobs, now);
        let lenient = [
            Knobs { leeway: knobs.leeway.max(more), ..knobs },
            Knobs { max_token_age: knobs.max_token_age.map(|v| v.max(more)), ..knobs },
            Knobs { max_age: knobs.max_age.map(|v| v.max(more)), ..knobs },
            Knobs { max_token_age: None, max_age: None, ..knobs },
        ];
        for lenient in lenient {
            let got = verdict(&token, lenient, now);
            if base.is_ok() {
                prop_assert_eq!(got, Ok(()), "{:?} accepted, {:?} refused", knobs, lenient);
            }
        }
        // `max_age = u64::MAX` never refuses an `auth_time` within the i64 range.
        let loosest = Knobs { max_age: Some(u64::MAX), ..knobs };
        prop_assert_ne!(verdict(&token, loosest, now), Err("auth_time_too_old"));
    }
}
