//! Timing. A round runs whole passes over a case's messages until its time
//! budget is spent; the caller runs the two sides' rounds in pairs, back to
//! back, so machine noise (the machine is shared) hits both alike.

use crate::fixture::Message;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// What one timed round saw.
#[derive(Debug, Clone, Copy)]
pub struct Round {
    pub micros_per_op: f64,
    pub ops: u64,
    /// Valid signatures the side refused: must stay 0, or the side is
    /// broken (or short-circuiting) and its time means nothing.
    pub refused: u64,
}

/// Verifies every message, again and again, for at least `budget`.
pub fn verify_round(
    budget: Duration,
    messages: &[Message],
    mut verify: impl FnMut(&[u8], &[u8]) -> bool,
) -> Round {
    let start = Instant::now();
    let mut ops = 0;
    let mut refused = 0;
    loop {
        for message in messages {
            if !verify(
                black_box(&message.signing_input),
                black_box(&message.signature),
            ) {
                refused += 1;
            }
            ops += 1;
        }
        let elapsed = start.elapsed();
        if elapsed >= budget {
            return Round {
                micros_per_op: micros(elapsed) / ops as f64,
                ops,
                refused,
            };
        }
    }
}

/// Prepares the key again and again for at least `budget`.
pub fn prepare_round<K>(budget: Duration, mut prepare: impl FnMut() -> K) -> Round {
    // Reading the clock costs a host call in WASI: look every few keys.
    const BATCH: u64 = 4;
    let start = Instant::now();
    let mut ops = 0;
    loop {
        for _ in 0..BATCH {
            drop(black_box(prepare()));
        }
        ops += BATCH;
        let elapsed = start.elapsed();
        if elapsed >= budget {
            return Round {
                micros_per_op: micros(elapsed) / ops as f64,
                ops,
                refused: 0,
            };
        }
    }
}

/// The median of a non-empty sample (the mean of the middle two for an
/// even count).
pub fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        sorted[middle]
    } else {
        (sorted[middle - 1] + sorted[middle]) / 2.0
    }
}

/// The first and third quartiles of a non-empty sample (nearest rank).
pub fn quartiles(values: &[f64]) -> (f64, f64) {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let last = sorted.len() - 1;
    (sorted[last / 4], sorted[last - last / 4])
}

fn micros(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e6
}

#[cfg(test)]
mod tests {
    use super::{median, quartiles};

    #[test]
    fn medians_and_quartiles() {
        assert_eq!(median(&[3.0]), 3.0);
        assert_eq!(median(&[5.0, 1.0, 3.0]), 3.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
        assert_eq!(quartiles(&[7.0]), (7.0, 7.0));
        assert_eq!(quartiles(&[5.0, 1.0, 4.0, 2.0, 3.0]), (2.0, 4.0));
    }
}
