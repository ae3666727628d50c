//! The run: per algorithm, valid signatures over random messages, every
//! corruption of each, both verdicts on every case, tallied per kind.

use super::alg::{Alg, Family};
use super::case::Case;
use super::corrupt::{self, Mix};
use super::keys::Keys;
use super::prng::Prng;
use super::sign::sign;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Kinds whose every case is a valid signature: ring must accept them all,
/// or the harness itself is broken (and agreement would prove nothing).
pub const ALWAYS_VALID: [&str; 4] = [
    "valid",
    "pkcs1_crafted_valid",
    "pss_crafted_valid",
    "s_negated",
];

/// What to run.
#[derive(Debug, Clone)]
pub struct Plan {
    pub seed: u64,
    /// At least this many cases per algorithm.
    pub per_alg: u64,
    pub algs: Vec<Alg>,
    pub mix: Mix,
    /// Cases per independently seeded chunk (the unit of parallel work).
    pub chunk_cases: u64,
}

impl Plan {
    pub fn new(seed: u64, per_alg: u64) -> Plan {
        Plan {
            seed,
            per_alg,
            algs: Alg::ALL.to_vec(),
            mix: Mix {
                signature_bit_flips: 48,
                message_bit_flips: 16,
                crafted_encodings: 3,
            },
            chunk_cases: 25_000,
        }
    }

    /// (algorithm, chunk index, cases in that chunk): the work list. A chunk
    /// is seeded from (seed, algorithm, index) alone, so a run gives the same
    /// cases whatever the number of threads.
    pub fn chunks(&self) -> Vec<(Alg, u64, u64)> {
        let mut chunks = Vec::new();
        for &alg in &self.algs {
            let mut left = self.per_alg;
            let mut index = 0;
            while left > 0 {
                let size = left.min(self.chunk_cases);
                chunks.push((alg, index, size));
                left -= size;
                index += 1;
            }
        }
        chunks
    }
}

/// Counts for one (algorithm, kind).
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub cases: u64,
    pub agreed: u64,
    pub ring_valid: u64,
}

/// A case on which tokenward and ring disagree, printable in full.
#[derive(Debug, Clone)]
pub struct Mismatch {
    pub report: String,
}

/// Tallies per (algorithm, kind) and every disagreement.
#[derive(Debug, Default)]
pub struct Outcome {
    pub tallies: BTreeMap<(Alg, &'static str), Tally>,
    pub mismatches: Vec<Mismatch>,
}

impl Outcome {
    pub fn merge(&mut self, other: Outcome) {
        for (key, tally) in other.tallies {
            let mine = self.tallies.entry(key).or_default();
            mine.cases += tally.cases;
            mine.agreed += tally.agreed;
            mine.ring_valid += tally.ring_valid;
        }
        self.mismatches.extend(other.mismatches);
    }

    /// Compares both verdicts on one case and records the result under
    /// `origin`, the algorithm whose signature the case was derived from
    /// (the case itself may verify with another, `other_rsa_algorithm`).
    pub fn check(&mut self, keys: &Keys, origin: Alg, case: &Case) {
        let core = case.core_verdict(keys);
        let ring = case.ring_verdict(keys);
        let tally = self.tallies.entry((origin, case.kind)).or_default();
        tally.cases += 1;
        tally.ring_valid += u64::from(ring);
        if core.is_ok() == ring {
            tally.agreed += 1;
        } else {
            self.mismatches.push(Mismatch {
                report: describe(keys, case, &core, ring),
            });
        }
    }
}

/// Runs one chunk: at least `cases` cases of `alg`.
pub fn run_chunk(keys: &Keys, plan: &Plan, alg: Alg, index: u64, cases: u64) -> Outcome {
    let mut rng = Prng::derive(plan.seed, &[alg as u64 + 1, index]);
    let mut outcome = Outcome::default();
    let mut done = 0;
    while done < cases {
        let key = pick_key(keys, alg, &mut rng);
        let message = random_message(&mut rng);
        let signature = sign(keys, alg, key, &message, &mut rng);
        for case in corrupt::cases(keys, alg, key, &message, &signature, plan.mix, &mut rng) {
            outcome.check(keys, alg, &case);
            done += 1;
        }
    }
    outcome
}

/// A key of `alg`'s family. RSA keys over 4096 bits come up a quarter as
/// often: signing with one costs 8 times a 4096-bit key, 64 times a
/// 2048-bit one.
fn pick_key(keys: &Keys, alg: Alg, rng: &mut Prng) -> usize {
    let count = match alg.family() {
        Family::Rsa => keys.rsa.len(),
        Family::P256 => keys.p256.len(),
        Family::P384 => keys.p384.len(),
        Family::Ed25519 => keys.ed25519.len(),
    };
    let key = rng.below(count);
    if alg.family() == Family::Rsa && keys.rsa[key].bits > 4096 && rng.below(4) != 0 {
        return rng.below(count);
    }
    key
}

/// Mostly JWS-sized messages of random bytes; sometimes empty or long.
fn random_message(rng: &mut Prng) -> Vec<u8> {
    let len = match rng.below(16) {
        0 => 0,
        1 => rng.below(8 * 1024),
        _ => 1 + rng.below(600),
    };
    rng.bytes(len)
}

fn describe(
    keys: &Keys,
    case: &Case,
    core: &Result<(), tokenward_core::Error>,
    ring: bool,
) -> String {
    let mut out = String::new();
    let verdict = |ok: bool| if ok { "valid" } else { "invalid" };
    let _ = writeln!(
        out,
        "MISMATCH alg={} kind={} tokenward={} ({:?}) ring={}",
        case.alg.name(),
        case.kind,
        verdict(core.is_ok()),
        core,
        verdict(ring)
    );
    let _ = writeln!(out, "  jwk:       {}", case.jwk_json(keys));
    let _ = writeln!(out, "  message:   {}", to_hex(&case.message));
    let _ = writeln!(out, "  signature: {}", to_hex(&case.signature));
    out
}

pub fn to_hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, byte| {
            let _ = write!(out, "{byte:02x}");
            out
        })
}
