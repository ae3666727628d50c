//! A tiny, honest timer: warm up, then count operations for a fixed wall time.

use std::time::{Duration, Instant};

const WARM_UP: Duration = Duration::from_millis(200);
const MEASURE: Duration = Duration::from_millis(1000);

/// Operations completed in a measured span.
#[derive(Debug, Clone, Copy)]
pub struct Rate {
    ops: u64,
    elapsed: Duration,
}

impl Rate {
    pub fn per_second(self) -> f64 {
        self.ops as f64 / self.elapsed.as_secs_f64()
    }

    pub fn micros_per_op(self) -> f64 {
        self.elapsed.as_secs_f64() * 1e6 / self.ops as f64
    }
}

/// Runs `op` repeatedly: a warm-up, then as many times as fit in `MEASURE`.
pub fn rate_of(mut op: impl FnMut()) -> Rate {
    run_for(WARM_UP, &mut op);
    run_for(MEASURE, &mut op)
}

fn run_for(span: Duration, op: &mut impl FnMut()) -> Rate {
    let start = Instant::now();
    let mut ops = 0u64;
    // Check the clock every few operations so timing stays out of the loop.
    while start.elapsed() < span {
        for _ in 0..8 {
            op();
        }
        ops += 8;
    }
    Rate {
        ops,
        elapsed: start.elapsed(),
    }
}
