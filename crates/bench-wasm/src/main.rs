//! Signature checks in wasm, side by side: tokenward-core's `Jwk::verify`
//! against the RustCrypto crates called directly, on the same keys,
//! messages and signatures (fixtures/signatures.json).
//!
//! Built for wasm32-wasip1 and run under Node's V8 by `run.mjs`
//! (`make bench-wasm`); it also runs natively, for a quick look.

mod agreement;
mod args;
mod fixture;
mod measure;
mod report;
mod rustcrypto_side;
mod tokenward_side;

use args::{Options, USAGE};
use fixture::Case;
use report::{Row, SideRounds};
use std::process::ExitCode;

fn main() -> ExitCode {
    let options = match Options::parse(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(problem) => {
            eprintln!("{problem}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let cases: Vec<Case> = fixture::load()
        .into_iter()
        .filter(|case| options.selects(&case.name))
        .collect();
    if cases.is_empty() {
        eprintln!("no case selected\n{USAGE}");
        return ExitCode::from(2);
    }
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for case in &cases {
        match bench_case(case, &options) {
            Ok(row) => rows.push(row),
            Err(mut found) => problems.append(&mut found),
        }
    }
    report::print_table(&rows, &options);
    if let Some(path) = &options.json
        && let Err(error) = std::fs::write(path, report::json(&rows, &options))
    {
        problems.push(format!("cannot write {path}: {error}"));
    }
    if problems.is_empty() {
        println!(
            "every verify agreed: valid signatures verified and altered ones failed on both sides"
        );
        ExitCode::SUCCESS
    } else {
        for problem in &problems {
            eprintln!("DISAGREEMENT {problem}");
        }
        ExitCode::FAILURE
    }
}

/// Checks both sides agree on the case, then times them in round pairs.
fn bench_case(case: &Case, options: &Options) -> Result<Row, Vec<String>> {
    let tokenward_key = tokenward_side::prepare(case);
    let crate_key = rustcrypto_side::prepare(&case.raw);
    let tokenward = |input: &[u8], signature: &[u8]| {
        tokenward_side::verify(&tokenward_key, case.alg, input, signature)
    };
    let rustcrypto = |input: &[u8], signature: &[u8]| {
        rustcrypto_side::verify(&crate_key, case.alg, input, signature)
    };
    let checks = agreement::check(case, &tokenward, &rustcrypto)?;

    // Untimed: lets V8 tier the hot functions up (Liftoff to TurboFan).
    let warm_up = options.round / 2;
    measure::verify_round(warm_up, &case.messages, &tokenward);
    measure::verify_round(warm_up, &case.messages, &rustcrypto);

    let mut tokenward_rounds = SideRounds::default();
    let mut rustcrypto_rounds = SideRounds::default();
    // Verify rounds in pairs, then first-use rounds in pairs (a fresh key to
    // its first verdict: tokenward builds per-key tables then), each
    // pair back to back; who goes first alternates, so neither side always
    // runs right after the other (caches, clock boosts, the neighbours).
    for round in 0..options.rounds {
        let tokenward_first = round % 2 == 0;
        for is_tokenward in [tokenward_first, !tokenward_first] {
            if is_tokenward {
                let timed = measure::verify_round(options.round, &case.messages, &tokenward);
                tokenward_rounds.verify.push(timed);
            } else {
                let timed = measure::verify_round(options.round, &case.messages, &rustcrypto);
                rustcrypto_rounds.verify.push(timed);
            }
        }
    }
    let first = &case.messages[0];
    for round in 0..options.rounds {
        let tokenward_first = round % 2 == 0;
        for is_tokenward in [tokenward_first, !tokenward_first] {
            if is_tokenward {
                let timed = measure::prepare_round(options.prepare_round(), || {
                    let key = tokenward_side::prepare(case);
                    tokenward_side::verify(&key, case.alg, &first.signing_input, &first.signature)
                });
                tokenward_rounds.prepare.push(timed);
            } else {
                let timed = measure::prepare_round(options.prepare_round(), || {
                    let key = rustcrypto_side::prepare(&case.raw);
                    rustcrypto_side::verify(&key, case.alg, &first.signing_input, &first.signature)
                });
                rustcrypto_rounds.prepare.push(timed);
            }
        }
    }
    let mut problems = Vec::new();
    for (side, rounds) in [
        ("tokenward", &tokenward_rounds),
        ("rustcrypto", &rustcrypto_rounds),
    ] {
        let refused: u64 = rounds.verify.iter().map(|round| round.refused).sum();
        if refused > 0 {
            problems.push(format!(
                "{}: {side} refused {refused} valid signatures while timed",
                case.name
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Row {
        name: case.name.clone(),
        alg: case.alg.name(),
        checks,
        tokenward: tokenward_rounds,
        rustcrypto: rustcrypto_rounds,
    })
}
