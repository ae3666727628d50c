//! `Gateway::decide` in wasm, as the Envoy filter calls it: a cache hit
//! (the same token again) and a miss (the cache off), plus the parts a hit
//! is made of. Run by `scripts/envoy/decide-bench.mjs` under Node's V8,
//! which passes the edge configuration and a token as arguments.
//! A measurement, not a test: it prints microseconds per call.

use std::hint::black_box;
use std::time::{Duration, Instant};
use tokenward_core::edge::{EdgeConfig, Gateway, Request, Sources, Verdict};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(config), Some(token), Some(now)) = (args.get(1), args.get(2), args.get(3)) else {
        eprintln!("usage: decide CONFIG_JSON TOKEN NOW_MS");
        std::process::exit(2);
    };
    let now: u64 = now.parse().unwrap_or(0);
    let config = match EdgeConfig::from_json(config.as_bytes()) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("config: {error}");
            std::process::exit(2);
        }
    };
    let mut sources = Sources::new(&config);
    let mut gateway = Gateway::new(config);
    let authorization = format!("Bearer {token}");
    let headers = [
        (":authority", "127.0.0.1:8080"),
        (":path", "/"),
        (":method", "GET"),
        (":scheme", "http"),
        ("authorization", authorization.as_str()),
        ("x-forwarded-proto", "http"),
        ("x-request-id", "5b1f5e0e-8d4b-4c5e-9a57-0d1f2a3b4c5d"),
    ];
    let request = Request {
        method: "GET",
        path: "/",
        headers: &headers,
    };
    let first = gateway.decide(&request, &mut sources, now);
    if !matches!(first.verdict, Verdict::Allow { .. }) {
        eprintln!("the token is refused: {:?}", first.report.denied());
        std::process::exit(1);
    }
    let budget = Duration::from_millis(1500);
    let hit = time(budget, || {
        let decision = gateway.decide(black_box(&request), &mut sources, now);
        black_box(decision.report.cache_hits)
    });
    println!("decide, cache hit: {hit:.2} µs");
    let sha = time(budget, || {
        use sha2::Digest as _;
        sha2::Sha256::digest(black_box(token.as_bytes()))
    });
    println!(
        "  for scale, a SHA-256 of the token ({} bytes, the cache's former key): {sha:.2} µs",
        token.len()
    );
    let mut other_work = vec![0u8; 4 << 20];
    let cold = cold_time(&mut other_work, || {
        let decision = gateway.decide(black_box(&request), &mut sources, now);
        black_box(decision.report.cache_hits)
    });
    println!("decide, cache hit after 4 MiB of other work: {cold:.2} µs");
    let mut uncached_config = EdgeConfig::from_json(args[1].as_bytes()).ok();
    if let Some(config) = uncached_config.as_mut() {
        for provider in &mut config.providers {
            provider.cache_size = 0;
        }
    }
    if let Some(config) = uncached_config {
        let mut sources = Sources::new(&config);
        let mut gateway = Gateway::new(config);
        let miss = time(budget, || {
            let decision = gateway.decide(black_box(&request), &mut sources, now);
            black_box(decision.report.cache_misses)
        });
        println!("decide, no cache: {miss:.2} µs");
    }
}

/// Microseconds per call of `f` when the CPU caches hold other data, as in
/// a proxy that runs its own code between two requests: before each call,
/// one write per cache line of `other_work`. The median of 2,000 calls,
/// less that of an empty call after the same writes.
fn cold_time<T>(other_work: &mut [u8], mut f: impl FnMut() -> T) -> f64 {
    let mut sample = |f: &mut dyn FnMut()| {
        let mut times: Vec<f64> = (0..2_000u32)
            .map(|round| {
                for line in other_work.chunks_mut(64) {
                    line[0] = line[0].wrapping_add(round as u8);
                }
                black_box(&*other_work);
                let start = Instant::now();
                f();
                start.elapsed().as_secs_f64() * 1e6
            })
            .collect();
        times.sort_by(f64::total_cmp);
        times[times.len() / 2]
    };
    let call = sample(&mut || {
        black_box(f());
    });
    let empty = sample(&mut || {});
    call - empty
}

/// Microseconds per call of `f`: the fastest of seven rounds sharing
/// `budget` (the machine is shared; the fastest round is the least
/// disturbed one).
fn time<T>(budget: Duration, mut f: impl FnMut() -> T) -> f64 {
    let round = budget / 7;
    let mut best = f64::INFINITY;
    for _ in 0..7 {
        let start = Instant::now();
        let mut calls = 0u64;
        loop {
            for _ in 0..64 {
                black_box(f());
            }
            calls += 64;
            let elapsed = start.elapsed();
            if elapsed >= round {
                best = best.min(elapsed.as_secs_f64() * 1e6 / calls as f64);
                break;
            }
        }
    }
    best
}
