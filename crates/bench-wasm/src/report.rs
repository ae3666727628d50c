//! The results: a table for people, JSON for the Node runner (which adds
//! node:crypto's native column) and for anyone comparing runs.

use crate::args::Options;
use crate::measure::{Round, median, quartiles};
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
    /// crate time / tokenward time per round pair (the two sides' rounds
    /// of one pair run back to back, so they share the machine's state).
    fn paired_ratios(&self) -> Vec<f64> {
        self.tokenward
            .verify
            .iter()
            .zip(&self.rustcrypto.verify)
            .map(|(tokenward, rustcrypto)| rustcrypto.micros_per_op / tokenward.micros_per_op)
            .collect()
    }

    /// The median of the paired ratios: above 1, tokenward is faster. On a
    /// loaded machine this is much steadier than the ratio of the two
    /// sides' medians, since a slow spell slows both rounds of a pair.
    pub fn ratio(&self) -> f64 {
        median(&self.paired_ratios())
    }

    /// The first and third quartiles of the paired ratios.
    pub fn ratio_quartiles(&self) -> (f64, f64) {
        quartiles(&self.paired_ratios())
    }
}

pub fn print_table(rows: &[Row], options: &Options) {
    println!(
        "Signature checks on {}: tokenward-core Jwk::verify vs the RustCrypto crates \
         (rsa 0.10, p256/p384 0.14, ed25519-dalek 3), same keys and signatures.",
        target()
    );
    println!(
        "us/verify: medians of {} rounds of {} ms per side, the sides alternating. \
         ratio = crate / tokenward per round pair, median (> 1: tokenward faster), \
         and its quartiles.\nfirst use = a fresh key to its first verdict: JWK parse \
         and first verify (tokenward; per-key tables are built then) vs the \
         crate's key from raw bytes and first verify.",
        options.rounds,
        options.round.as_millis()
    );
    println!(
        "{:<11} {:>13} {:>13} {:>7} {:>11} {:>14} {:>14} {:>9}",
        "case",
        "tokenward us",
        "crate us",
        "ratio",
        "quartiles",
        "tw 1st us",
        "crate 1st us",
        "verifies"
    );
    for row in rows {
        let (low, high) = row.ratio_quartiles();
        println!(
            "{:<11} {:>13.1} {:>13.1} {:>6.2}x {:>11} {:>14.1} {:>14.1} {:>9}",
            row.name,
            row.tokenward.verify_us(),
            row.rustcrypto.verify_us(),
            row.ratio(),
            format!("{low:.2}-{high:.2}"),
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
            let (low, high) = row.ratio_quartiles();
            json!({
                "name": row.name,
                "alg": row.alg,
                "ratio": row.ratio(),
                "ratio_quartiles": [low, high],
                "ratio_of_medians": row.rustcrypto.verify_us() / row.tokenward.verify_us(),
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
