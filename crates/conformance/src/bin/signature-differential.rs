//! tokenward-core against ring, case by case:
//!
//!   signature-differential --per-alg N [--seed S] [--alg NAME]... [--jobs J]
//!                          [--crafted C] [--bit-flips B]
//!
//! (C crafted RSA encodings and B signature bit flips per valid signature.)
//! Prints per algorithm and corruption kind the cases, how many verdicts
//! agreed and how many ring found valid, then every disagreement in full
//! (algorithm, JWK, message and signature in hex). Exits 1 on any
//! disagreement, 2 on bad arguments.

use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;
use tokenward_conformance::differential::alg::Alg;
use tokenward_conformance::differential::engine::{self, Outcome, Plan};
use tokenward_conformance::differential::keys::Keys;

/// Disagreements printed in full; the rest are only counted.
const PRINTED_MISMATCHES: usize = 20;

fn main() -> ExitCode {
    let plan = match parse_args(std::env::args().skip(1)) {
        Ok(plan) => plan,
        Err(message) => {
            eprintln!(
                "{message}\nusage: signature-differential --per-alg N [--seed S] [--alg NAME]... [--jobs J] [--crafted C] [--bit-flips B]"
            );
            return ExitCode::from(2);
        }
    };
    let (plan, jobs) = plan;
    let started = Instant::now();
    let outcome = run(&plan, jobs);
    let elapsed = started.elapsed();
    report(&plan, &outcome, elapsed.as_secs_f64());
    let harness_errors = harness_errors(&outcome);
    if outcome.mismatches.is_empty() && harness_errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<(Plan, usize), String> {
    let mut per_alg = None;
    let mut seed = 1;
    let mut algs = Vec::new();
    let mut crafted = None;
    let mut bit_flips = None;
    let mut jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--per-alg" => per_alg = Some(number(&value()?)?),
            "--seed" => seed = number(&value()?)?,
            "--crafted" => crafted = Some(number(&value()?)? as usize),
            "--bit-flips" => bit_flips = Some(number(&value()?)? as usize),
            "--jobs" => jobs = number(&value()?)?.max(1) as usize,
            "--alg" => {
                let name = value()?;
                algs.push(Alg::from_name(&name).ok_or(format!("unknown algorithm {name}"))?);
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let mut plan = Plan::new(seed, per_alg.ok_or("--per-alg is required")?);
    if !algs.is_empty() {
        plan.algs = algs;
    }
    if let Some(crafted) = crafted {
        plan.mix.crafted_encodings = crafted;
    }
    if let Some(bit_flips) = bit_flips {
        plan.mix.signature_bit_flips = bit_flips;
    }
    Ok((plan, jobs))
}

fn number(text: &str) -> Result<u64, String> {
    let text = text.replace('_', "");
    text.parse().map_err(|_| format!("not a number: {text}"))
}

/// Chunks over `jobs` threads; each thread parses its own keys.
fn run(plan: &Plan, jobs: usize) -> Outcome {
    let chunks = plan.chunks();
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let started = Instant::now();
    let total = Mutex::new(Outcome::default());
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(chunks.len()) {
            scope.spawn(|| {
                let keys = Keys::load(plan.seed);
                let mut mine = Outcome::default();
                while let Some(&(alg, index, cases)) =
                    chunks.get(next.fetch_add(1, Ordering::Relaxed))
                {
                    mine.merge(engine::run_chunk(&keys, plan, alg, index, cases));
                    let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
                    // Progress for long soaks, on stderr (the report is stdout).
                    if chunks.len() > 20 && finished.is_multiple_of(chunks.len() / 20) {
                        eprintln!(
                            "{finished}/{} chunks, {:.0} s",
                            chunks.len(),
                            started.elapsed().as_secs_f64()
                        );
                    }
                }
                total.lock().expect("no worker panicked").merge(mine);
            });
        }
    });
    total.into_inner().expect("no worker panicked")
}

/// Valid-by-construction cases ring refused: the harness is wrong.
fn harness_errors(outcome: &Outcome) -> usize {
    let mut errors = 0;
    for (&(alg, kind), tally) in &outcome.tallies {
        if engine::ALWAYS_VALID.contains(&kind) && tally.ring_valid != tally.cases {
            println!(
                "HARNESS ERROR: {} {kind}: ring accepts only {} of {} valid signatures",
                alg.name(),
                tally.ring_valid,
                tally.cases
            );
            errors += 1;
        }
    }
    errors
}

fn report(plan: &Plan, outcome: &Outcome, seconds: f64) {
    println!(
        "signature differential: tokenward-core vs ring, seed {}, >= {} cases per algorithm",
        plan.seed, plan.per_alg
    );
    println!(
        "{:<6} {:<32} {:>10} {:>10} {:>10}",
        "alg", "kind", "cases", "agreed", "ring-valid"
    );
    let mut current = None;
    let mut per_alg = (0u64, 0u64, 0u64);
    let mut totals = Vec::new();
    for (&(alg, kind), tally) in &outcome.tallies {
        if current.is_some_and(|seen| seen != alg) {
            totals.push((current, per_alg));
            per_alg = (0, 0, 0);
        }
        current = Some(alg);
        per_alg.0 += tally.cases;
        per_alg.1 += tally.agreed;
        per_alg.2 += tally.ring_valid;
        println!(
            "{:<6} {:<32} {:>10} {:>10} {:>10}",
            alg.name(),
            kind,
            tally.cases,
            tally.agreed,
            tally.ring_valid
        );
    }
    totals.push((current, per_alg));
    println!();
    let mut all = 0;
    for (alg, (cases, agreed, valid)) in totals {
        if let Some(alg) = alg {
            all += cases;
            println!(
                "{:<6} {:<32} {:>10} {:>10} {:>10}",
                alg.name(),
                "(all kinds)",
                cases,
                agreed,
                valid
            );
        }
    }
    for mismatch in outcome.mismatches.iter().take(PRINTED_MISMATCHES) {
        print!("{}", mismatch.report);
    }
    if outcome.mismatches.len() > PRINTED_MISMATCHES {
        println!(
            "... and {} more disagreements",
            outcome.mismatches.len() - PRINTED_MISMATCHES
        );
    }
    println!(
        "{all} cases in {seconds:.1} s ({:.0} cases/s): {} disagreement(s)",
        all as f64 / seconds,
        outcome.mismatches.len()
    );
}
