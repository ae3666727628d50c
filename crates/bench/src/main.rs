//! `make bench`: verifies/second for tokenward-core and for ring (a native,
//! assembly-optimised reference) on the same ~600-byte tokens, in one run, as
//! ratios. Figures from a shared, noisy machine: compare ratios, not runs.

mod fixture;
mod measure;

use fixture::Fixture;
use measure::{Rate, rate_of};
use std::hint::black_box;
use tokenward_core::oidc::IdTokenBinding;
use tokenward_core::verifier::{ValidationOptions, Verifier};

fn main() {
    let fixture = Fixture::load();
    let verifier = Verifier::new(ValidationOptions {
        issuer: Some(fixture.issuer.clone()),
        audiences: vec![fixture.audience.clone()],
        ..ValidationOptions::default()
    })
    .expect("bench options are valid");
    let binding = IdTokenBinding::default();

    println!(
        "{:<8} {:>6} {:>14} {:>14} {:>16} {:>10}",
        "alg", "bytes", "core verify/s", "ring verify/s", "core/ring ratio", "core µs"
    );
    for case in &fixture.cases {
        let core = rate_of(|| {
            let verified = verifier.verify(&case.token, &fixture.keys, fixture.now, &binding);
            black_box(verified.expect("fixture token verifies"));
        });
        assert!(
            case.verify_with_ring(),
            "ring verifies the {} fixture",
            case.alg
        );
        let reference = rate_of(|| {
            black_box(case.verify_with_ring());
        });
        print_row(&case.alg, case.token.len(), core, reference);
    }
}

fn print_row(alg: &str, bytes: usize, core: Rate, reference: Rate) {
    println!(
        "{:<8} {:>6} {:>14.0} {:>14.0} {:>15.2}× {:>10.1}",
        alg,
        bytes,
        core.per_second(),
        reference.per_second(),
        core.per_second() / reference.per_second(),
        core.micros_per_op(),
    );
}
