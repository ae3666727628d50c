//! `make bench`: verifies/second for tokenward-core and for ring (a native,
//! assembly-optimised reference) on the same ~600-byte tokens, in one run, as
//! ratios; where the time goes (parsing vs the signature); and cache hits.
//! Figures from a shared, noisy machine: compare ratios, not runs.
//!
//! The work compared is equal only where the output says so: ring's
//! public-key API parses its key on every call and has no prepared key,
//! while a tokenward verifier prepares each key once. So `core/s` (a full
//! verify, key prepared once) is beside `ring/s` for scale only, and the
//! ratio `new-key/ring` compares equal work: tokenward's signature check
//! with its key parsed on every call (from the JWK, so with JSON and
//! base64url on top) against ring's.

mod fixture;
mod measure;

use fixture::{Case, Fixture};
use measure::rate_of;
use std::hint::black_box;
use tokenward_core::oidc::IdTokenBinding;
use tokenward_core::verifier::{CallContext, TokenCache, ValidationOptions, Verifier};

fn main() {
    let fixture = Fixture::load();
    let verifier = Verifier::new(ValidationOptions {
        issuer: Some(fixture.issuer.clone().into()),
        audiences: Some(vec![fixture.audience.clone()]),
        ..ValidationOptions::default()
    })
    .expect("bench options are valid");

    println!("verifies/second (one core), tokenward-core beside ring's signature check");
    println!(
        "{:<6} {:>5} {:>10} {:>10} {:>9} {:>11} {:>11} {:>9} {:>13} {:>9} {:>10}",
        "alg",
        "bytes",
        "core/s",
        "ring/s",
        "core µs",
        "sig-only µs",
        "new-key µs",
        "ring µs",
        "new-key/ring",
        "parse µs",
        "cache hit/s"
    );
    for case in &fixture.cases {
        bench_case(&fixture, &verifier, case);
    }
    println!(
        "core/s, core µs, sig-only µs: tokenward's key prepared once (a verifier's steady state).\n\
         ring/s, ring µs: ring's signature check, which parses its raw key bytes on every call \
         (ring has no prepared public key), so core/s against ring/s is not equal work.\n\
         new-key µs: tokenward's signature check with its key parsed from the JWK on every call \
         (JSON and base64url too); new-key/ring is the equal-work ratio (above 1: slower than ring)."
    );
}

fn bench_case(fixture: &Fixture, verifier: &Verifier, case: &Case) {
    let binding = IdTokenBinding::default();
    let verify = || verifier.verify(&case.token, &fixture.keys, fixture.now, &binding);
    verify().expect("fixture token verifies");
    assert!(
        case.verify_with_ring(),
        "ring verifies the {} fixture",
        case.alg
    );

    let core = rate_of(|| {
        black_box(verify().ok());
    });
    let reference = rate_of(|| {
        black_box(case.verify_with_ring());
    });
    let signature_only = rate_of(|| {
        black_box(case.verify_signature_with_core(&fixture.keys).ok());
    });
    case.verify_signature_with_new_core_key()
        .expect("the fixture key parses and verifies");
    let new_key = rate_of(|| {
        black_box(case.verify_signature_with_new_core_key().ok());
    });
    let parse_only = rate_of(|| {
        black_box(tokenward_core::unverified::decode(&case.token, 16 * 1024).ok());
    });
    let mut cache = TokenCache::new(1024);
    let call = CallContext {
        now: fixture.now,
        ..CallContext::default()
    };
    let cached = rate_of(|| {
        let hit = verifier.verify_cached(&case.token, &fixture.keys, 0, &mut cache, &call);
        black_box(hit.ok());
    });
    println!(
        "{:<6} {:>5} {:>10.0} {:>10.0} {:>9.1} {:>11.1} {:>11.1} {:>9.1} {:>12.2}× {:>9.2} {:>10.0}",
        case.alg,
        case.token.len(),
        core.per_second(),
        reference.per_second(),
        core.micros_per_op(),
        signature_only.micros_per_op(),
        new_key.micros_per_op(),
        reference.micros_per_op(),
        new_key.micros_per_op() / reference.micros_per_op(),
        parse_only.micros_per_op(),
        cached.per_second(),
    );
}
