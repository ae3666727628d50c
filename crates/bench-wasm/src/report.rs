//! The results: a table for people, JSON for the Node runner (which adds
//! node:crypto's native column) and for anyone comparing runs.

use crate::args::Options;
use crate::measure::{Round, median};
use serde_json::{Value, json};

/// One side's rounds on one case.
#[derive(Debug, Default)]
pub struct SideRounds {
    pub prepare: Vec<Round>,
    pub verify: Vec<Round>,
}

impl SideRounds {
    pub fn verify_us(&self) -> f64 {
        median(&micros(&self.verify))
    }

    pub fn prepare_us(&self) -> f64 {
        median(&micros(&self.prepare))
    }

    /// (slowest - fastest round) / median: how much noise the rounds saw.
    pub fn spread(&self) -> f64 {
        let rounds = micros(&self.verify);
        let slowest = rounds.iter().copied().fold(f64::MIN, f64::max);
        let fastest = rounds.iter().copied().fold(f64::MAX, f64::min);
        (slowest - fastest) / self.verify_us()
    }

    pub fn verifies(&self) -> u64 {
        self.verify.iter().map(|round| round.ops).sum()
    }

    fn json(&self) -> Value {
        json!({
            "verify_us": self.verify_us(),
            "prepare_us": self.prepare_us(),
            "verify_rounds_us": micros(&self.verify),
            "prepare_rounds_us": micros(&self.prepare),
            "verifies": self.verifies(),
        })
    }
}

/// One case's figures.
#[derive(Debug)]
pub struct Row {
    pub name: String,
    pub alg: &'static str,
    /// Verifies done by the agreement checks (untimed).
    pub checks: usize,
    pub tokenward: SideRounds,
    pub rustcrypto: SideRounds,
}

impl Row {
    /// crate time / tokenward time: above 1, tokenward is faster.
    pub fn ratio(&self) -> f64 {
        self.rustcrypto.verify_us() / self.tokenward.verify_us()
    }
}

pub fn print_table(rows: &[Row], options: &Options) {
    println!(
        "Signature checks on {}: tokenward-core Jwk::verify vs the RustCrypto crates \
         (rsa 0.10, p256/p384 0.14, ed25519-dalek 3), same keys and signatures.",
        target()
    );
    println!(
        "Medians of {} interleaved rounds of {} ms per side; ratio = crate / tokenward \
         (> 1: tokenward faster); spread = (slowest - fastest round) / median, the worse side;\n\
         key prep = JWK parse (tokenward) vs key from raw bytes (crate).",
        options.rounds,
        options.round.as_millis()
    );
    println!(
        "{:<11} {:>13} {:>13} {:>7} {:>7} {:>14} {:>14} {:>9}",
        "case",
        "tokenward us",
        "crate us",
        "ratio",
        "spread",
        "tw prep us",
        "crate prep us",
        "verifies"
    );
    for row in rows {
        println!(
            "{:<11} {:>13.1} {:>13.1} {:>6.2}x {:>6.0}% {:>14.1} {:>14.1} {:>9}",
            row.name,
            row.tokenward.verify_us(),
            row.rustcrypto.verify_us(),
            row.ratio(),
            100.0 * row.tokenward.spread().max(row.rustcrypto.spread()),
            row.tokenward.prepare_us(),
            row.rustcrypto.prepare_us(),
            row.tokenward.verifies() + row.rustcrypto.verifies() + row.checks as u64,
        );
    }
}

pub fn json(rows: &[Row], options: &Options) -> String {
    let cases: Vec<Value> = rows
        .iter()
        .map(|row| {
            json!({
                "name": row.name,
                "alg": row.alg,
                "ratio": row.ratio(),
                "checks": row.checks,
                "tokenward": row.tokenward.json(),
                "rustcrypto": row.rustcrypto.json(),
            })
        })
        .collect();
    let document = json!({
        "target": target(),
        "rounds": options.rounds,
        "round_ms": options.round.as_millis() as u64,
        "cases": cases,
    });
    document.to_string()
}

fn micros(rounds: &[Round]) -> Vec<f64> {
    rounds.iter().map(|round| round.micros_per_op).collect()
}

fn target() -> &'static str {
    if cfg!(target_arch = "wasm32") {
        "wasm32"
    } else {
        "native (not wasm: run the wasm32-wasip1 build under Node for the real figures)"
    }
}
