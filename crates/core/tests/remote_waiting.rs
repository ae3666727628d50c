//! Which requests may wait for a refetch, and when they are released: the
//! fetch machine's `park`, `released` and `on_shared_fetch`, with a fake
//! clock. A flood of unknown-`kid` tokens must neither be held through the
//! cooldown nor beyond the fetch that serves it, nor in unbounded numbers.

use tokenward_core::remote::{FetchPolicy, JwksFetch, NoWait, SharedFetch};

const KEYS: &[u8] = br#"{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"k1","x":"G2EhtuNPhKpPsmDvIaLtTRhl6Cs4z_lr3rmLgMknn4A"}]}"#;
const ROTATED: &[u8] = br#"{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"k2","x":"G2EhtuNPhKpPsmDvIaLtTRhl6Cs4z_lr3rmLgMknn4A"}]}"#;
const T0: u64 = 1_767_225_600_000;

fn policy() -> FetchPolicy {
    FetchPolicy {
        cooldown_ms: 30_000,
        timeout_ms: 5_000,
        max_waiters: 3,
        ..FetchPolicy::default()
    }
}

/// A machine holding `KEYS`, fetched at `T0`.
fn with_keys() -> JwksFetch {
    let mut machine = JwksFetch::new(policy());
    let first = machine.poll(T0).expect("first fetch");
    machine.on_response(T0, first.id, 200, &[], KEYS);
    machine
}

#[test]
fn during_the_cooldown_nobody_waits() {
    let mut machine = with_keys();
    // Within 30 s of the last fetch start: no refetch will happen.
    assert!(!machine.on_unknown_kid(T0 + 1_000));
    assert_eq!(machine.park(T0 + 1_000, 0), Err(NoWait::NoRefetch));
    assert_eq!(machine.poll(T0 + 1_000), None, "and no fetch starts");
    // After it, the unknown kid asks for a refetch, and requests may wait.
    assert!(machine.on_unknown_kid(T0 + 31_000));
    assert!(machine.park(T0 + 31_000, 0).is_ok());
}

#[test]
fn a_refetch_with_the_same_keys_releases_its_waiters_at_once() {
    let mut machine = with_keys();
    let at = T0 + 31_000;
    assert!(machine.on_unknown_kid(at));
    let ticket = machine.park(at, 0).expect("a refetch is due");
    let refetch = machine.poll(at + 200).expect("the refetch");
    assert!(!machine.released(&ticket, at + 300), "still in flight");
    // Same body: no new generation, but the fetch ended.
    let generation = machine.generation();
    machine.on_response(at + 370, refetch.id, 200, &[], KEYS);
    assert_eq!(machine.generation(), generation);
    assert!(machine.released(&ticket, at + 370));
    // The next unknown kid is in the cooldown of that refetch: no wait.
    assert!(!machine.on_unknown_kid(at + 400));
    assert_eq!(machine.park(at + 400, 0), Err(NoWait::NoRefetch));
}

#[test]
fn new_keys_a_304_and_a_failure_release_too() {
    for (status, body) in [(200, ROTATED), (304, &b""[..]), (500, &b"{}"[..])] {
        let mut machine = with_keys();
        let at = T0 + 31_000;
        machine.on_unknown_kid(at);
        let ticket = machine.park(at, 0).expect("due");
        let refetch = machine.poll(at).expect("refetch");
        machine.on_response(at + 50, refetch.id, status, &[], body);
        assert!(machine.released(&ticket, at + 50), "status {status}");
    }
    // A network error and a timeout as well.
    let mut machine = with_keys();
    let at = T0 + 31_000;
    machine.on_unknown_kid(at);
    let ticket = machine.park(at, 0).expect("due");
    let refetch = machine.poll(at).expect("refetch");
    machine.on_failure(at + 10, refetch.id);
    assert!(machine.released(&ticket, at + 10));
    let mut machine = with_keys();
    machine.on_unknown_kid(at);
    let ticket = machine.park(at, 0).expect("due");
    machine.poll(at).expect("refetch");
    // Abandoned at the 5 s timeout by the next call into the machine.
    assert!(!machine.released(&ticket, at + 4_999));
    assert_eq!(machine.park(at + 5_000, 0), Err(NoWait::NoRefetch));
    assert!(machine.released(&ticket, at + 5_000));
}

#[test]
fn backing_off_nobody_waits() {
    let mut machine = with_keys();
    let at = T0 + 31_000;
    machine.on_unknown_kid(at);
    let refetch = machine.poll(at).expect("refetch");
    machine.on_failure(at, refetch.id);
    assert!(!machine.on_unknown_kid(at + 100));
    assert_eq!(machine.park(at + 100, 0), Err(NoWait::NoRefetch));
}

#[test]
fn waiters_are_capped() {
    let mut machine = with_keys();
    let at = T0 + 31_000;
    machine.on_unknown_kid(at);
    for parked in 0..3 {
        assert!(machine.park(at, parked).is_ok(), "{parked} already wait");
    }
    assert_eq!(machine.park(at, 3), Err(NoWait::Full));
    assert_eq!(machine.park(at, 10_000), Err(NoWait::Full));
    let none = JwksFetch::new(FetchPolicy {
        max_waiters: 0,
        ..policy()
    })
    .park(at, 0);
    assert_eq!(none, Err(NoWait::Full), "0 turns waiting off");
}

#[test]
fn the_deadline_is_the_fetch_timeout_plus_slack_not_the_cooldown() {
    let mut machine = with_keys();
    let at = T0 + 31_000;
    machine.on_unknown_kid(at);
    let ticket = machine.park(at, 0).expect("due");
    assert_eq!(ticket.deadline_ms, at + 5_000 + 1_000);
    assert!(!machine.released(&ticket, at + 5_999));
    assert!(machine.released(&ticket, at + 6_000));
}

#[test]
fn before_the_first_keys_requests_wait_for_the_first_fetch() {
    let mut machine = JwksFetch::new(policy());
    let ticket = machine.park(T0, 0).expect("the first fetch is due");
    let first = machine.poll(T0).expect("first fetch");
    machine.on_response(T0 + 80, first.id, 200, &[], KEYS);
    assert!(machine.released(&ticket, T0 + 80));
}

/// Another worker thread fetches: its lease tells this machine.
#[test]
fn a_fetch_by_a_sharing_instance_counts_here() {
    let mut machine = with_keys();
    let at = T0 + 31_000;
    // The other thread started a refetch; this one learns of it.
    let in_flight = SharedFetch {
        started_ms: at,
        ended_ms: T0,
        until_ms: at + 6_000,
    };
    machine.on_shared_fetch(at + 50, in_flight);
    assert!(machine.on_unknown_kid(at + 60), "its fetch will end soon");
    let ticket = machine.park(at + 60, 0).expect("wait for it");
    assert_eq!(machine.poll(at + 60), None, "no second fetch here");
    // It ends with the same keys: the snapshot import releases ...
    let mut fetched = with_keys();
    fetched.on_unknown_kid(at);
    let id = fetched.poll(at).expect("refetch").id;
    fetched.on_response(at + 150, id, 200, &[], KEYS);
    let snapshot = fetched.export().expect("exportable");
    assert_eq!(machine.import(at + 200, &snapshot), Ok(true));
    assert!(machine.released(&ticket, at + 200));
    // ... and the lease's end does not release a newer waiter twice.
    machine.on_unknown_kid(at + 200);
    assert_eq!(
        machine.park(at + 200, 0),
        Err(NoWait::NoRefetch),
        "cooldown"
    );
    let ended = SharedFetch {
        ended_ms: at + 150,
        until_ms: 0,
        ..in_flight
    };
    machine.on_shared_fetch(at + 210, ended);
    assert_eq!(machine.poll(at + 210), None, "the request was served");
}

#[test]
fn a_failure_in_a_sharing_instance_releases_and_backs_off_here() {
    let mut machine = with_keys();
    let at = T0 + 31_000;
    machine.on_unknown_kid(at);
    let ticket = machine.park(at, 0).expect("due");
    let in_flight = SharedFetch {
        started_ms: at + 10,
        ended_ms: T0,
        until_ms: at + 6_010,
    };
    machine.on_shared_fetch(at + 20, in_flight);
    assert!(!machine.released(&ticket, at + 20));
    // It failed: the lease holds everyone off for its 1 s backoff.
    let failed = SharedFetch {
        ended_ms: at + 90,
        until_ms: at + 1_090,
        ..in_flight
    };
    machine.on_shared_fetch(at + 100, failed);
    assert!(machine.released(&ticket, at + 100));
    assert_eq!(machine.park(at + 100, 0), Err(NoWait::NoRefetch));
    assert!(machine.document(at + 100).is_ok(), "last good keys kept");
}

#[test]
fn a_shared_start_within_the_cooldown_means_no_wait_here() {
    let mut machine = with_keys();
    let at = T0 + 31_000;
    // Another thread fetched 2 s ago (same keys) and is done.
    let done = SharedFetch {
        started_ms: at - 2_000,
        ended_ms: at - 1_900,
        until_ms: 0,
    };
    machine.on_shared_fetch(at, done);
    assert!(!machine.on_unknown_kid(at));
    assert_eq!(machine.park(at, 0), Err(NoWait::NoRefetch));
}

mod properties {
    use super::*;
    use proptest::prelude::*;
    use tokenward_core::remote::Ticket;

    #[derive(Debug, Clone)]
    enum Event {
        Wait(u64),
        UnknownKid,
        Park(usize),
        Poll,
        Answer(u16, bool),
        NetworkError,
        Shared(u64, u64, u64),
    }

    fn event() -> impl Strategy<Value = Event> {
        prop_oneof![
            (0u64..40_000).prop_map(Event::Wait),
            Just(Event::UnknownKid),
            (0usize..6).prop_map(Event::Park),
            Just(Event::Poll),
            (
                prop_oneof![Just(200u16), Just(304), Just(500)],
                any::<bool>()
            )
                .prop_map(|(s, same)| Event::Answer(s, same)),
            Just(Event::NetworkError),
            (0u64..40_000, 0u64..40_000, 0u64..10_000).prop_map(|(a, b, c)| Event::Shared(a, b, c)),
        ]
    }

    proptest! {
        /// Whatever happens: never more waiters than the cap, a request
        /// only waits when a fetch is in flight or due, every fetch that
        /// ends releases every waiter, and no ticket outlives its deadline.
        #[test]
        fn waiting_is_bounded_and_always_released(events in proptest::collection::vec(event(), 1..60)) {
            let mut machine = with_keys();
            let mut now = T0;
            let mut in_flight: Option<u64> = None;
            let mut tickets: Vec<Ticket> = Vec::new();
            // A sharing instance's fetch in flight until then (the model).
            let mut shared_until = 0;
            for event in events {
                let settled_before = machine.counters();
                match event {
                    Event::Wait(ms) => now += ms,
                    Event::UnknownKid => { machine.on_unknown_kid(now); }
                    Event::Park(parked) => {
                        if let Ok(ticket) = machine.park(now, parked) {
                            prop_assert!(parked < 3, "over the cap");
                            prop_assert!(ticket.deadline_ms <= now + 6_000);
                            let mut probe = machine.clone();
                            let fetch_coming = in_flight.is_some()
                                || now < shared_until
                                || probe.poll(now).is_some();
                            prop_assert!(fetch_coming, "parked with no fetch coming");
                            tickets.push(ticket);
                        }
                    }
                    Event::Poll => {
                        if let Some(request) = machine.poll(now) { in_flight = Some(request.id); }
                    }
                    Event::Answer(status, same) => {
                        if let Some(id) = in_flight.take() {
                            let body = if same { KEYS } else { ROTATED };
                            machine.on_response(now, id, status, &[], body);
                        }
                    }
                    Event::NetworkError => {
                        if let Some(id) = in_flight.take() { machine.on_failure(now, id); }
                    }
                    Event::Shared(start, end, until) => {
                        let shared = SharedFetch {
                            started_ms: T0 + start, ended_ms: T0 + end, until_ms: now + until,
                        };
                        machine.on_shared_fetch(now, shared);
                        let elsewhere = shared.started_ms > shared.ended_ms && now < shared.until_ms;
                        shared_until = if elsewhere && in_flight.is_none() { shared.until_ms } else { 0 };
                    }
                }
                let after = machine.counters();
                let ended_here = after.fetches_failed + after.fetches_updated + after.fetches_not_modified
                    > settled_before.fetches_failed + settled_before.fetches_updated + settled_before.fetches_not_modified;
                if ended_here {
                    in_flight = None;
                    shared_until = 0;
                    for ticket in &tickets {
                        prop_assert!(machine.released(ticket, now), "a fetch ended, its waiters stay");
                    }
                    tickets.clear();
                }
                tickets.retain(|ticket| !machine.released(ticket, now));
                for ticket in &tickets {
                    prop_assert!(now < ticket.deadline_ms);
                }
            }
        }
    }
}
