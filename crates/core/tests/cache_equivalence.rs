//! A cached verifier gives exactly the verdict and error of an uncached one:
//! random claim sets, option sets, `now` sequences (forwards, backwards,
//! jumps), per-call nonce / access token, revocation updates and key-set
//! generation changes, run side by side, compared on every call. The
//! verdict-only hit (`cached_verdict_confirmed`, for a caller holding the
//! result already) runs beside them on a cache of its own.

mod support;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use std::cell::Cell;
use support::{NOW, ed25519_key, signing_input};
use tokenward_core::base64url::encode;
use tokenward_core::key_set::KeySetOptions;
use tokenward_core::oidc::{IdTokenBinding, IdTokenRules, half_hash};
use tokenward_core::revocation::RevocationList;
use tokenward_core::verifier::{
    CallContext, Confirmation, Profile, TokenCache, ValidationOptions, VerifiedToken, Verifier,
};
use tokenward_core::{Algorithm, Error, KeySet};

const ISSUER: &str = "https://issuer.example";
const CLIENT: &str = "spa";
const NONCES: [&str; 2] = ["n-1", "n-2"];
const ACCESS_TOKENS: [&str; 2] = ["at-1", "at-2"];

// ---- keys: three sets, one per generation step ----------------------------

fn secret(kid: &str) -> [u8; 32] {
    [kid.as_bytes()[1]; 32]
}

fn oct(kid: &str) -> String {
    format!(
        r#"{{"kty":"oct","kid":"{kid}","k":"{}"}}"#,
        encode(&secret(kid))
    )
}

fn ed() -> String {
    let x = encode(ed25519_key().verifying_key().as_bytes());
    format!(r#"{{"kty":"OKP","crv":"Ed25519","kid":"ed","x":"{x}"}}"#)
}

/// The key sets a case rotates between: each names a different subset.
fn key_sets() -> Vec<KeySet> {
    let options = KeySetOptions {
        allow_symmetric: true,
        ..KeySetOptions::default()
    };
    [
        vec![oct("h1"), ed()],
        vec![oct("h2")],
        vec![oct("h1"), oct("h2"), ed()],
    ]
    .iter()
    .map(|keys| {
        let json = format!(r#"{{"keys":[{}]}}"#, keys.join(","));
        KeySet::from_json_with(json.as_bytes(), &options).expect("test key set")
    })
    .collect()
}

// ---- tokens ----------------------------------------------------------------

#[derive(Debug, Clone)]
struct TokenSpec {
    /// `h1` / `h2` (HS256, cheap to check) or `ed` (EdDSA).
    kid: &'static str,
    typ: Option<&'static str>,
    claims: String,
    tamper: bool,
}

impl TokenSpec {
    fn sign(&self) -> String {
        let alg = if self.kid == "ed" { "EdDSA" } else { "HS256" };
        let typ = self
            .typ
            .map(|typ| format!(r#","typ":"{typ}""#))
            .unwrap_or_default();
        let header = format!(r#"{{"alg":"{alg}","kid":"{}"{typ}}}"#, self.kid);
        let input = signing_input(&header, &self.claims);
        let mut signature = if self.kid == "ed" {
            use ed25519_dalek::Signer as _;
            ed25519_key().sign(input.as_bytes()).to_bytes().to_vec()
        } else {
            use hmac::{KeyInit, Mac};
            let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&secret(self.kid))
                .expect("any key length");
            mac.update(input.as_bytes());
            mac.finalize().into_bytes().to_vec()
        };
        if self.tamper {
            signature[0] ^= 1;
        }
        format!("{input}.{}", encode(&signature))
    }
}

/// A time claim around `NOW`, from `low` to `high` seconds away: whole or
/// fractional seconds.
fn time(low: i64, high: i64) -> impl Strategy<Value = f64> {
    prop_oneof![
        (low..high).prop_map(|offset| (NOW + offset) as f64),
        (low * 10..high * 10).prop_map(|tenths| NOW as f64 + tenths as f64 / 10.0),
    ]
}

fn seconds(low: i64, high: i64) -> BoxedStrategy<String> {
    time(low, high).prop_map(|t| t.to_string()).boxed()
}

/// One member: mostly a value that passes (so hits that accept are
/// frequent), sometimes absent, sometimes wrong (so hits that refuse are too).
fn member(
    name: &'static str,
    right: BoxedStrategy<Option<String>>,
    wrong: BoxedStrategy<Option<String>>,
) -> BoxedStrategy<String> {
    prop_oneof![
        16 => right,
        1 => Just(None),
        1 => wrong,
    ]
    .prop_map(move |value| match value {
        Some(value) => format!(r#""{name}":{value},"#),
        None => String::new(),
    })
    .boxed()
}

fn one_of(values: &'static [&'static str]) -> BoxedStrategy<Option<String>> {
    proptest::sample::select(values)
        .prop_map(|value| Some(value.to_owned()))
        .boxed()
}

fn some(value: BoxedStrategy<String>) -> BoxedStrategy<Option<String>> {
    value.prop_map(Some).boxed()
}

/// A claims set for every profile at once (`aud` holds the API and the
/// client, `azp` is the client), each member then possibly absent or wrong.
fn claims() -> impl Strategy<Value = String> {
    let at_hash = |value: &'static str| format!(r#""{}""#, half_hash(Algorithm::HS256, value));
    (
        (
            member(
                "iss",
                one_of(&[r#""https://issuer.example""#]),
                one_of(&[r#""https://other.example""#, "7"]),
            ),
            member(
                "aud",
                one_of(&[r#"["api","spa"]"#]),
                one_of(&[r#""spa""#, r#""api""#, r#""web""#, "[1]"]),
            ),
            member("sub", one_of(&[r#""alice""#]), one_of(&[r#""spa""#, "1"])),
            member("client_id", one_of(&[r#""spa""#]), one_of(&[r#""web""#])),
            member("azp", one_of(&[r#""spa""#]), one_of(&[r#""web""#])),
            member("jti", one_of(&[r#""j-1""#, r#""j-2""#]), one_of(&["3"])),
            member("sid", one_of(&[r#""s-1""#]), one_of(&[r#""s-2""#])),
        ),
        (
            member("exp", some(seconds(-200, 800)), some(seconds(-400, 0))),
            member("nbf", some(seconds(-400, 100)), one_of(&[r#""soon""#])),
            member("iat", some(seconds(-400, 50)), one_of(&["null"])),
            member("auth_time", some(seconds(-400, 0)), some(seconds(-800, 0))),
            member("nonce", one_of(&[r#""n-1""#, r#""n-2""#]), one_of(&["1"])),
            member(
                "at_hash",
                prop_oneof![Just(Some(at_hash("at-1"))), Just(Some(at_hash("at-2")))].boxed(),
                one_of(&[r#""AAAA""#]),
            ),
        ),
    )
        .prop_map(|(a, b)| {
            let members = [
                a.0, a.1, a.2, a.3, a.4, a.5, a.6, b.0, b.1, b.2, b.3, b.4, b.5,
            ];
            let body = members.concat();
            format!("{{{}}}", body.trim_end_matches(','))
        })
}

fn token() -> impl Strategy<Value = TokenSpec> {
    (
        // EdDSA costs ~10 ms a check in a debug build: a few suffice.
        prop_oneof![20 => Just("h1"), 20 => Just("h2"), 1 => Just("ed")],
        proptest::sample::select(
            &[
                None,
                None,
                None,
                Some("at+jwt"),
                Some("at+jwt"),
                Some("JWT"),
            ][..],
        ),
        prop_oneof![10 => claims(), 1 => Just("[1]".to_owned())],
        proptest::bool::weighted(0.05),
    )
        .prop_map(|(kid, typ, claims, tamper)| TokenSpec {
            kid,
            typ,
            claims,
            tamper,
        })
}

// ---- options ---------------------------------------------------------------

const AUDIENCE_CHOICES: &[&[&str]] = &[&[], &["api"], &["api", "spa"]];
const REQUIRED_CHOICES: &[&[&str]] = &[&[], &["jti"], &["sid"]];

fn options() -> impl Strategy<Value = ValidationOptions> {
    (
        prop_oneof![Just(0u64), 0u64..30, Just(600)],
        proptest::option::of(0u64..600),
        any::<bool>(),
        0usize..3,
        proptest::option::of(0u64..600),
        proptest::sample::select(AUDIENCE_CHOICES),
        proptest::sample::select(REQUIRED_CHOICES),
        proptest::option::weighted(0.1, Just("JWT")),
        proptest::bool::weighted(0.05),
    )
        .prop_map(
            |(
                leeway,
                max_token_age,
                require_exp,
                profile,
                max_age,
                audiences,
                required,
                typ,
                es_only,
            )| {
                let profile = match profile {
                    0 => Profile::Jwt,
                    1 => Profile::AccessToken,
                    _ => Profile::IdToken(IdTokenRules {
                        client_id: CLIENT.into(),
                    }),
                };
                // An empty list means "no audience check" here; the options
                // refuse an empty list, so it becomes `None`.
                let audiences = match (&profile, audiences.is_empty()) {
                    (Profile::AccessToken, true) => Some(vec!["api".into()]),
                    (_, true) => None,
                    _ => Some(audiences.iter().map(|aud| (*aud).to_owned()).collect()),
                };
                let algorithms = if es_only {
                    vec![Algorithm::ES256]
                } else {
                    vec![Algorithm::HS256, Algorithm::EdDSA]
                };
                ValidationOptions {
                    algorithms,
                    issuer: Some(ISSUER.into()),
                    audiences,
                    clock_tolerance: leeway,
                    typ: typ.map(str::to_owned),
                    required_claims: required.iter().map(|c| (*c).to_owned()).collect(),
                    max_token_age,
                    max_age,
                    require_exp,
                    profile,
                    ..ValidationOptions::default()
                }
            },
        )
}

// ---- calls -----------------------------------------------------------------

#[derive(Debug, Clone)]
enum Clock {
    Forward(i64),
    Backward(i64),
    JumpTo(i64),
}

#[derive(Debug, Clone)]
enum Step {
    Verify {
        token: usize,
        clock: Clock,
        nonce: Option<usize>,
        access_token: Option<usize>,
    },
    /// A new revocation list (document text).
    Revoke(String),
    /// The key set changes to another one: a new generation.
    Rotate(usize),
}

fn revocation_document() -> impl Strategy<Value = String> {
    (
        proptest::sample::subsequence(&["j-1", "j-2"][..], 0..=2),
        proptest::option::of(time(-400, 50)),
        proptest::option::of(time(-400, 50)),
    )
        .prop_map(|(jti, sub, sid)| {
            let jti: Vec<String> = jti.iter().map(|j| format!(r#""{j}""#)).collect();
            let mut members = vec![format!(r#""jti":[{}]"#, jti.join(","))];
            if let Some(before) = sub {
                members.push(format!(r#""sub":{{"alice":{before}}}"#));
            }
            if let Some(before) = sid {
                members.push(format!(r#""sid":{{"s-1":{before}}}"#));
            }
            format!("{{{}}}", members.join(","))
        })
}

fn step(tokens: usize) -> impl Strategy<Value = Step> {
    let clock = prop_oneof![
        (0i64..5).prop_map(Clock::Forward),
        (1i64..5).prop_map(Clock::Backward),
        (-450i64..450).prop_map(Clock::JumpTo),
    ];
    prop_oneof![
        12 => (0..tokens, clock, proptest::option::of(0usize..2), proptest::option::of(0usize..2))
            .prop_map(|(token, clock, nonce, access_token)| Step::Verify { token, clock, nonce, access_token }),
        1 => revocation_document().prop_map(Step::Revoke),
        1 => (0usize..3).prop_map(Step::Rotate),
    ]
}

#[derive(Debug, Clone)]
struct Case {
    options: ValidationOptions,
    tokens: Vec<TokenSpec>,
    start: i64,
    capacity: usize,
    steps: Vec<Step>,
}

fn case() -> impl Strategy<Value = Case> {
    (
        options(),
        proptest::collection::vec(token(), 1..5),
        -450i64..450,
        1usize..5,
    )
        .prop_flat_map(|(options, tokens, start, capacity)| {
            let steps = proptest::collection::vec(step(tokens.len()), 1..40);
            (
                Just(options),
                Just(tokens),
                Just(start),
                Just(capacity),
                steps,
            )
        })
        .prop_map(|(options, tokens, start, capacity, steps)| Case {
            options,
            tokens,
            start,
            capacity,
            steps,
        })
}

// ---- the comparison --------------------------------------------------------

/// How often the cache answered, over the whole run: the test must reach
/// hits that accept and hits that refuse, or it proves nothing.
#[derive(Default)]
struct Reach {
    hits_accepted: Cell<u64>,
    hits_refused: Cell<u64>,
    calls: Cell<u64>,
}

fn uncached(
    verifier: &Verifier,
    token: &str,
    keys: &KeySet,
    call: &CallContext<'_>,
) -> Result<VerifiedToken, Error> {
    let verified = verifier.verify(token, keys, call.now, &call.binding)?;
    if let Some(list) = call.revocation {
        list.check(&verified.claims)?;
    }
    Ok(verified)
}

/// The verdict of a caller that asks the cache for the verdict alone on a
/// hit, and verifies and remembers on a miss.
fn verdict_only(
    verifier: &Verifier,
    token: &str,
    keys: &KeySet,
    generation: u64,
    cache: &mut TokenCache,
    call: &CallContext<'_>,
) -> Result<(), Error> {
    let bearer = Confirmation::Bearer;
    if let Some(hit) = verifier.cached_verdict_confirmed(token, generation, cache, call, bearer) {
        return hit.map(|_| ());
    }
    let signed = verifier.prepare(token, keys)?.verify()?;
    verifier
        .remember(token, signed, generation, cache, call)
        .map(|_| ())
}

fn run(case: &Case, key_sets: &[KeySet], reach: &Reach) -> Result<(), TestCaseError> {
    let Ok(verifier) = Verifier::new(case.options.clone()) else {
        return Ok(());
    };
    let tokens: Vec<String> = case.tokens.iter().map(TokenSpec::sign).collect();
    let mut cache = TokenCache::new(case.capacity);
    let mut verdict_cache = TokenCache::new(case.capacity);
    let (mut keys, mut generation) = (&key_sets[0], 0u64);
    let mut revocation: Option<RevocationList> = None;
    let mut now = NOW + case.start;
    for (index, step) in case.steps.iter().enumerate() {
        let (token, clock, nonce, access_token) = match step {
            Step::Revoke(document) => {
                revocation = Some(RevocationList::from_json(document.as_bytes()).expect("list"));
                continue;
            }
            Step::Rotate(set) => {
                keys = &key_sets[*set];
                generation += 1;
                continue;
            }
            Step::Verify {
                token,
                clock,
                nonce,
                access_token,
            } => (token, clock, nonce, access_token),
        };
        now = match clock {
            Clock::Forward(seconds) => now + seconds,
            Clock::Backward(seconds) => now - seconds,
            Clock::JumpTo(offset) => NOW + offset,
        };
        let call = CallContext {
            now,
            binding: IdTokenBinding {
                nonce: nonce.map(|i| NONCES[i]),
                access_token: access_token.map(|i| ACCESS_TOKENS[i]),
                code: None,
            },
            revocation: revocation.as_ref(),
        };
        let token = &tokens[*token];
        let hits = cache.counters().hits;
        let cached = verifier.verify_cached(token, keys, generation, &mut cache, &call);
        let expected = uncached(&verifier, token, keys, &call);
        prop_assert_eq!(&cached, &expected, "step {} at now {}", index, now);
        let verdict = verdict_only(
            &verifier,
            token,
            keys,
            generation,
            &mut verdict_cache,
            &call,
        );
        prop_assert_eq!(
            verdict.err(),
            expected.as_ref().err().cloned(),
            "verdict only, step {}",
            index
        );
        prop_assert_eq!(
            verdict_cache.counters().hits,
            cache.counters().hits,
            "verdict only hits"
        );
        reach.calls.set(reach.calls.get() + 1);
        if cache.counters().hits > hits {
            let counter = match cached {
                Ok(_) => &reach.hits_accepted,
                Err(_) => &reach.hits_refused,
            };
            counter.set(counter.get() + 1);
        }
    }
    Ok(())
}

#[test]
fn cached_and_uncached_verdicts_are_identical() {
    let key_sets = key_sets();
    let reach = Reach::default();
    // A fixed seed keeps `make test` deterministic; PROPTEST_RNG_SEED=<n>
    // explores others.
    let defaults = Config::default();
    let rng_seed = match defaults.rng_seed {
        RngSeed::Random => RngSeed::Fixed(20261203),
        chosen => chosen,
    };
    let mut runner = TestRunner::new(Config {
        cases: 1000,
        failure_persistence: None,
        rng_seed,
        ..defaults
    });
    runner
        .run(&case(), |case| run(&case, &key_sets, &reach))
        .unwrap();
    let (accepted, refused) = (reach.hits_accepted.get(), reach.hits_refused.get());
    eprintln!(
        "{} calls, {accepted} hits accepted, {refused} hits refused",
        reach.calls.get()
    );
    assert!(accepted > 300, "too few accepting hits: {accepted}");
    assert!(refused > 300, "too few refusing hits: {refused}");
}
