//! The JWKS fetch machine (`tokenward_core::remote::JwksFetch`) driven by
//! an arbitrary list of events: time passing, polls, answers (right, late or
//! unknown ids; any status, cache headers and body), failures, unknown-`kid`
//! refetches, and export/import round trips.
#![no_main]

use arbitrary::Arbitrary;
use tokenward_core::remote::{FetchPolicy, JwksFetch, Outcome};

#[derive(Debug, Arbitrary)]
enum Event {
    Wait(u32),
    Poll,
    Respond {
        to: Target,
        status: Status,
        headers: Vec<(HeaderName, String)>,
        body: Body,
    },
    Fail(Target),
    UnknownKid,
    RoundTrip,
    Import(String),
}

#[derive(Debug, Arbitrary)]
enum Target {
    InFlight,
    Earlier(u8),
    Any(u64),
}

#[derive(Debug, Arbitrary)]
enum Status {
    Ok,
    NotModified,
    TooManyRequests,
    Unavailable,
    Other(u16),
}

#[derive(Debug, Arbitrary)]
enum HeaderName {
    CacheControl,
    Age,
    ETag,
    RetryAfter,
    Other(String),
}

#[derive(Debug, Arbitrary)]
enum Body {
    Jwks,
    Previous,
    Bytes(Vec<u8>),
}

const START_MS: u64 = 1_700_000_000_000;

fn run(events: Vec<Event>) {
    let mut machine = JwksFetch::new(FetchPolicy::default());
    let mut now = START_MS;
    let mut last_id: u64 = 0;
    let mut previous_body: Vec<u8> = tokenward_fuzz::JWKS.to_vec();
    for event in events {
        let generation = machine.generation();
        let counters = machine.counters();
        let target = |to: &Target| match to {
            Target::InFlight => last_id,
            Target::Earlier(back) => last_id.saturating_sub(u64::from(*back)),
            Target::Any(id) => *id,
        };
        let outcome = match event {
            Event::Wait(ms) => {
                now = now.saturating_add(u64::from(ms));
                None
            }
            Event::Poll => {
                if let Some(request) = machine.poll(now) {
                    assert!(request.id > last_id, "fetch ids increase");
                    last_id = request.id;
                    // At most one fetch in flight: asking again at once gives nothing.
                    assert!(machine.poll(now).is_none(), "two fetches in flight");
                }
                None
            }
            Event::Respond {
                to,
                status,
                headers,
                body,
            } => {
                let status = match status {
                    Status::Ok => 200,
                    Status::NotModified => 304,
                    Status::TooManyRequests => 429,
                    Status::Unavailable => 503,
                    Status::Other(code) => code,
                };
                let headers: Vec<(&str, &str)> = headers
                    .iter()
                    .map(|(name, value)| {
                        let name = match name {
                            HeaderName::CacheControl => "cache-control",
                            HeaderName::Age => "age",
                            HeaderName::ETag => "etag",
                            HeaderName::RetryAfter => "retry-after",
                            HeaderName::Other(name) => name.as_str(),
                        };
                        (name, value.as_str())
                    })
                    .collect();
                let body = match body {
                    Body::Jwks => tokenward_fuzz::JWKS.to_vec(),
                    Body::Previous => previous_body.clone(),
                    Body::Bytes(bytes) => bytes,
                };
                let outcome = machine.on_response(now, target(&to), status, &headers, &body);
                previous_body = body;
                Some(outcome)
            }
            Event::Fail(to) => Some(machine.on_failure(now, target(&to))),
            Event::UnknownKid => {
                machine.on_unknown_kid(now);
                None
            }
            Event::RoundTrip => {
                if let Some(snapshot) = machine.export() {
                    let mut fresh = JwksFetch::new(FetchPolicy::default());
                    let imported = fresh.import(now, &snapshot);
                    assert!(
                        matches!(imported, Ok(true)),
                        "own export not importable: {imported:?}\n{snapshot}"
                    );
                }
                None
            }
            Event::Import(snapshot) => {
                let _ = machine.import(now, &snapshot);
                None
            }
        };
        match outcome {
            Some(Outcome::Updated) => {
                assert_eq!(machine.generation(), generation.wrapping_add(1));
                assert!(machine.document(now).is_ok(), "updated but no document");
            }
            Some(_) => assert_eq!(machine.generation(), generation),
            None => {}
        }
        let after = machine.counters();
        assert!(after.fetches_started >= counters.fetches_started);
        assert!(after.fetches_updated >= counters.fetches_updated);
        assert!(after.fetches_failed >= counters.fetches_failed);
        assert!(after.answers_ignored >= counters.answers_ignored);
        let _ = machine.next_wakeup();
        let _ = machine.state(now);
    }
}

libfuzzer_sys::fuzz_target!(|events: Vec<Event>| run(events));
