//! `make bench`: verifies/second for tokenward-core and for ring (a native,
//! assembly-optimised reference) on the same ~600-byte tokens, in one run, as
//! ratios; where the time goes (parsing vs the signature); and cache hits.
//! Figures from a shared, noisy machine: compare ratios, not runs.

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

    println!("verifies/second (one core), tokenward-core against ring's signature check alone");
    println!(
        "{:<6} {:>5} {:>10} {:>10} {:>9} {:>9} {:>11} {:>11} {:>10}",
        "alg",
        "bytes",
        "core/s",
        "ring/s",
        "core/ring",
        "core µs",
        "sig-only µs",
        "parse µs",
        "cache hit/s"
    );
    for case in &fixture.cases {
        bench_case(&fixture, &verifier, case);
    }
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
        "{:<6} {:>5} {:>10.0} {:>10.0} {:>8.2}× {:>9.1} {:>11.1} {:>11.2} {:>10.0}",
        case.alg,
        case.token.len(),
        core.per_second(),
        reference.per_second(),
        core.per_second() / reference.per_second(),
        core.micros_per_op(),
        signature_only.micros_per_op(),
        parse_only.micros_per_op(),
        cached.per_second(),
    );
}
