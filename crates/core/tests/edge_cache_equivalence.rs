//! The edge gateway with its verified-token cache decides exactly as the
//! same gateway without one (`cache_size: 0`): random tokens, provider
//! options, request times (forwards, backwards, jumps), key-set rotations
//! and revocation list updates, through `decide` and through the host
//! signature path (`begin` / `finish`), compared on every request.

mod support;

use ed25519_dalek::Signer as _;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use std::cell::Cell;
use support::{NOW, signing_input};
use tokenward_core::base64url::encode;
use tokenward_core::edge::{Decision, EdgeConfig, Gateway, Request, Sources, Step};

const ISSUER: &str = "https://issuer.example";
const NOW_MS: u64 = NOW as u64 * 1_000;
/// The document machines are driven at times after every request, so a
/// request at any time sees the last document installed (and no cooldown
/// holds an update back).
const MACHINE_EPOCH_MS: u64 = NOW_MS + 10_000_000;

fn signing_key(kid: &str) -> ed25519_dalek::SigningKey {
    ed25519_dalek::SigningKey::from_bytes(&[kid.as_bytes()[1]; 32])
}

fn jwks(kids: &[&str]) -> String {
    let keys: Vec<String> = kids
        .iter()
        .map(|kid| {
            let x = encode(signing_key(kid).verifying_key().as_bytes());
            format!(r#"{{"kty":"OKP","crv":"Ed25519","kid":"{kid}","x":"{x}"}}"#)
        })
        .collect();
    format!(r#"{{"keys":[{}]}}"#, keys.join(","))
}

const KEY_SETS: [&[&str]; 3] = [&["k1"], &["k2"], &["k1", "k2"]];

#[derive(Debug, Clone)]
struct ProviderOptions {
    clock_skew: u64,
    max_token_age: Option<u64>,
    access_token: bool,
    required_jti: bool,
}

fn provider_options() -> impl Strategy<Value = ProviderOptions> {
    (
        prop_oneof![Just(0u64), 0u64..90],
        proptest::option::of(0u64..600),
        proptest::bool::weighted(0.3),
        proptest::bool::weighted(0.2),
    )
        .prop_map(
            |(clock_skew, max_token_age, access_token, required_jti)| ProviderOptions {
                clock_skew,
                max_token_age,
                access_token,
                required_jti,
            },
        )
}

fn config(options: &ProviderOptions, cache_size: usize) -> EdgeConfig {
    let max_age = options
        .max_token_age
        .map(|s| format!(r#","max_token_age_seconds":{s}"#))
        .unwrap_or_default();
    let profile = if options.access_token {
        r#","profile":"access_token""#
    } else {
        ""
    };
    let required = if options.required_jti {
        r#","required_claims":["jti"]"#
    } else {
        ""
    };
    let json = format!(
        r#"{{
  "providers": {{ "main": {{
    "issuer": "{ISSUER}", "audiences": ["api"], "algorithms": ["EdDSA"],
    "remote_jwks": {{ "uri": "http://127.0.0.1:9/jwks", "cache_duration_seconds": 86400 }},
    "clock_skew_seconds": {skew}{max_age}{profile}{required}
  }} }},
  "revocation": {{ "uri": "http://127.0.0.1:9/revoked", "cache_duration_seconds": 86400 }},
  "rules": [{{ "match": {{ "prefix": "/" }}, "requires": {{ "provider_name": "main" }} }}],
  "cache_size": {cache_size}
}}"#,
        skew = options.clock_skew,
    );
    EdgeConfig::from_json(json.as_bytes()).expect("valid config")
}

/// A time claim: whole or fractional seconds around `NOW`.
fn seconds(low: i64, high: i64) -> BoxedStrategy<String> {
    prop_oneof![
        (low..high).prop_map(|offset| (NOW + offset).to_string()),
        (low * 10..high * 10).prop_map(|t| (NOW as f64 + t as f64 / 10.0).to_string()),
    ]
    .boxed()
}

fn member(
    name: &'static str,
    right: BoxedStrategy<String>,
    wrong: &'static str,
) -> BoxedStrategy<String> {
    prop_oneof![
        12 => right.prop_map(Some),
        1 => Just(None),
        1 => Just(Some(wrong.to_owned())),
    ]
    .prop_map(move |value| {
        value
            .map(|v| format!(r#""{name}":{v},"#))
            .unwrap_or_default()
    })
    .boxed()
}

fn text(value: &'static str) -> BoxedStrategy<String> {
    Just(value.to_owned()).boxed()
}

#[derive(Debug, Clone)]
struct TokenSpec {
    kid: &'static str,
    at_jwt: bool,
    claims: String,
}

impl TokenSpec {
    fn sign(&self) -> String {
        let typ = if self.at_jwt {
            r#","typ":"at+jwt""#
        } else {
            ""
        };
        let header = format!(r#"{{"alg":"EdDSA","kid":"{}"{typ}}}"#, self.kid);
        let input = signing_input(&header, &self.claims);
        let signature = signing_key(self.kid).sign(input.as_bytes());
        format!("{input}.{}", encode(&signature.to_bytes()))
    }
}

fn token() -> impl Strategy<Value = TokenSpec> {
    let claims = (
        member(
            "iss",
            text(r#""https://issuer.example""#),
            r#""https://other.example""#,
        ),
        member("aud", text(r#""api""#), r#""web""#),
        member("sub", text(r#""alice""#), "1"),
        member("client_id", text(r#""spa""#), "2"),
        member(
            "jti",
            proptest::sample::select(vec![r#""j-1""#.to_owned(), r#""j-2""#.to_owned()]).boxed(),
            "3",
        ),
        member("exp", seconds(-200, 800), r#""later""#),
        member("nbf", seconds(-400, 100), "null"),
        member("iat", seconds(-400, 50), "[]"),
    )
        .prop_map(|m| {
            let body = [m.0, m.1, m.2, m.3, m.4, m.5, m.6, m.7].concat();
            format!("{{{}}}", body.trim_end_matches(','))
        });
    (
        proptest::sample::select(&["k1", "k2"][..]),
        any::<bool>(),
        claims,
    )
        .prop_map(|(kid, at_jwt, claims)| TokenSpec {
            kid,
            at_jwt,
            claims,
        })
}

#[derive(Debug, Clone)]
enum Action {
    /// A request with token `token` at `NOW + offset` (or moved by `delta`
    /// from the previous request), through `decide` or the host path.
    Request {
        token: usize,
        jump: Option<i64>,
        delta: i64,
        host_path: bool,
    },
    /// A new revocation list: the `jti`s revoked, and a `sub` revoked-before.
    Revoke(Vec<&'static str>, Option<i64>),
    /// The provider's key set changes.
    Rotate(usize),
}

fn step(tokens: usize) -> impl Strategy<Value = Action> {
    prop_oneof![
        10 => (0..tokens, proptest::option::weighted(0.2, -450i64..450), -5i64..5, any::<bool>())
            .prop_map(|(token, jump, delta, host_path)| Action::Request { token, jump, delta, host_path }),
        1 => (proptest::sample::subsequence(&["j-1", "j-2"][..], 0..=2), proptest::option::of(-400i64..50))
            .prop_map(|(jti, sub)| Action::Revoke(jti, sub)),
        1 => (0usize..3).prop_map(Action::Rotate),
    ]
}

#[derive(Debug, Clone)]
struct Case {
    options: ProviderOptions,
    cache_size: usize,
    tokens: Vec<TokenSpec>,
    steps: Vec<Action>,
}

fn case() -> impl Strategy<Value = Case> {
    (
        provider_options(),
        1usize..4,
        proptest::collection::vec(token(), 1..3),
    )
        .prop_flat_map(|(options, cache_size, tokens)| {
            let steps = proptest::collection::vec(step(tokens.len()), 1..24);
            (Just(options), Just(cache_size), Just(tokens), steps)
        })
        .prop_map(|(options, cache_size, tokens, steps)| Case {
            options,
            cache_size,
            tokens,
            steps,
        })
}

/// Installs `body` as the next document of a machine, at machine time `at`.
fn install<D: tokenward_core::remote::Document>(
    machine: &mut tokenward_core::remote::RemoteDocument<D>,
    at: u64,
    body: &str,
) {
    machine.on_unknown_kid(at);
    let fetch = machine.poll(at).expect("a fetch is due");
    machine.on_response(at, fetch.id, 200, &[], body.as_bytes());
}

/// The host path: every signature the gateway asks for, checked by the
/// core on the host's behalf.
fn through_host(
    gateway: &mut Gateway,
    request: &Request<'_>,
    sources: &mut Sources,
    now_ms: u64,
) -> Decision {
    let mut step = gateway.begin(request, sources, now_ms);
    loop {
        match step {
            Step::Done(decision) => return decision,
            Step::NeedsSignature(pending) => {
                step = gateway.finish_in_core(pending, sources, now_ms);
            }
        }
    }
}

fn run(case: &Case, hits: &Cell<u64>) -> Result<(), TestCaseError> {
    let mut cached = Gateway::new(config(&case.options, case.cache_size));
    let mut uncached = Gateway::new(config(&case.options, 0));
    // One set of documents for both: the same keys and list at every request.
    let mut sources = Sources::new(cached.config());
    let mut machine_clock = MACHINE_EPOCH_MS;
    let mut tick = || {
        machine_clock += 60_000;
        machine_clock
    };
    install(
        sources.jwks_mut(0, 0).expect("remote keys"),
        tick(),
        &jwks(KEY_SETS[0]),
    );
    install(sources.revocation_mut().expect("list"), tick(), "{}");
    let tokens: Vec<String> = case
        .tokens
        .iter()
        .map(|t| format!("Bearer {}", t.sign()))
        .collect();
    let mut now = NOW;
    for (index, step) in case.steps.iter().enumerate() {
        match step {
            Action::Revoke(jti, sub) => {
                let jti: Vec<String> = jti.iter().map(|j| format!(r#""{j}""#)).collect();
                let sub = sub
                    .map(|offset| format!(r#","sub":{{"alice":{}}}"#, NOW + offset))
                    .unwrap_or_default();
                let list = format!(r#"{{"jti":[{}]{sub}}}"#, jti.join(","));
                install(sources.revocation_mut().expect("list"), tick(), &list);
            }
            Action::Rotate(set) => {
                install(
                    sources.jwks_mut(0, 0).expect("remote keys"),
                    tick(),
                    &jwks(KEY_SETS[*set]),
                );
            }
            Action::Request {
                token,
                jump,
                delta,
                host_path,
            } => {
                now = jump.map_or(now + delta, |offset| NOW + offset);
                let now_ms = now as u64 * 1_000 + 500;
                let headers = [("authorization", tokens[*token].as_str())];
                let request = Request {
                    method: "GET",
                    path: "/",
                    headers: &headers,
                };
                let with_cache = if *host_path {
                    through_host(&mut cached, &request, &mut sources, now_ms)
                } else {
                    cached.decide(&request, &mut sources, now_ms)
                };
                let without = uncached.decide(&request, &mut sources, now_ms);
                prop_assert_eq!(
                    &with_cache.verdict,
                    &without.verdict,
                    "step {} at {}",
                    index,
                    now
                );
                prop_assert_eq!(with_cache.report.denied(), without.report.denied());
                prop_assert_eq!(with_cache.report.allowed, without.report.allowed);
                prop_assert_eq!(with_cache.report.provider, without.report.provider);
                prop_assert_eq!(without.report.cache_hits, 0);
                hits.set(hits.get() + u64::from(with_cache.report.cache_hits));
            }
        }
    }
    Ok(())
}

#[test]
fn the_gateway_decides_the_same_with_and_without_its_cache() {
    let hits = Cell::new(0);
    // A fixed seed keeps `make test` deterministic; PROPTEST_RNG_SEED=<n>
    // explores others.
    let defaults = Config::default();
    let rng_seed = match defaults.rng_seed {
        RngSeed::Random => RngSeed::Fixed(20261204),
        chosen => chosen,
    };
    let mut runner = TestRunner::new(Config {
        cases: 48,
        failure_persistence: None,
        rng_seed,
        ..defaults
    });
    runner.run(&case(), |case| run(&case, &hits)).unwrap();
    eprintln!("{} cache hits", hits.get());
    assert!(hits.get() > 50, "too few cache hits: {}", hits.get());
}
