//! The remote-document fetch machine, driven by tables of
//! `(now_ms, event)` rows with a fake clock.

use tokenward_core::Error;
use tokenward_core::remote::{
    Document, FetchCounters, FetchPolicy, FetchReason, FetchRequest, FetchState, JwksFetch,
    Outcome, RemoteDocument,
};

/// A tiny document: any UTF-8 body starting with `doc:`.
#[derive(Debug, Clone, PartialEq)]
struct TestDoc(String);

impl Document for TestDoc {
    fn parse(body: &[u8]) -> Result<Self, Error> {
        match core::str::from_utf8(body) {
            Ok(text) if text.starts_with("doc:") => Ok(TestDoc(text.to_string())),
            _ => Err(Error::JwksInvalid("not a test doc")),
        }
    }
}

type Headers = &'static [(&'static str, &'static str)];

/// One step of a scenario and what it must produce.
#[derive(Debug)]
enum Ev {
    /// `poll` returns this request: `(id, if_none_match, reason)`.
    Poll(Option<(u64, Option<&'static str>, FetchReason)>),
    /// `on_response(id, status, headers, body)` returns this outcome.
    Respond(u64, u16, Headers, &'static str, Outcome),
    /// `on_failure(id)` returns this outcome.
    Fail(u64, Outcome),
    /// `on_unknown_kid` returns this.
    UnknownKid(bool),
    /// `document` is `Ok` with this body, or `Err(JwksUnavailable)`.
    Doc(Option<&'static str>),
    State(FetchState),
    Wakeup(u64),
    Generation(u64),
    Counters(FetchCounters),
}

use Ev::*;
use FetchReason::{Expired, Initial, Retry};

const NO_HEADERS: Headers = &[];
const ETAG_V1: Headers = &[("ETag", "\"v1\"")];

fn run(policy: FetchPolicy, rows: &[(u64, Ev)]) -> RemoteDocument<TestDoc> {
    let mut machine = RemoteDocument::<TestDoc>::new(policy);
    for (row, (now, event)) in rows.iter().enumerate() {
        let now = *now;
        let at = format!("row {row} at {now} ms: {event:?}");
        match event {
            Poll(expected) => {
                let expected = expected.map(|(id, etag, reason)| FetchRequest {
                    id,
                    if_none_match: etag.map(String::from),
                    reason,
                });
                assert_eq!(machine.poll(now), expected, "{at}");
            }
            Respond(id, status, headers, body, expected) => {
                let outcome = machine.on_response(now, *id, *status, headers, body.as_bytes());
                assert_eq!(&outcome, expected, "{at}");
            }
            Fail(id, expected) => assert_eq!(&machine.on_failure(now, *id), expected, "{at}"),
            UnknownKid(expected) => assert_eq!(machine.on_unknown_kid(now), *expected, "{at}"),
            Doc(expected) => {
                let got = machine.document(now).map(|d| d.0.as_str());
                assert_eq!(got, expected.ok_or(Error::JwksUnavailable), "{at}");
            }
            State(expected) => assert_eq!(machine.state(now), *expected, "{at}"),
            Wakeup(expected) => assert_eq!(machine.next_wakeup(), *expected, "{at}"),
            Generation(expected) => assert_eq!(machine.generation(), *expected, "{at}"),
            Counters(expected) => assert_eq!(machine.counters(), *expected, "{at}"),
        }
    }
    machine
}

/// The common opening: fetch 1 at 0 ms answered with `doc:1`, ETag "v1",
/// default max age (expires at 600 000 ms).
fn first_doc() -> Vec<(u64, Ev)> {
    vec![
        (0, Poll(Some((1, None, Initial)))),
        (0, Respond(1, 200, ETAG_V1, "doc:1", Outcome::Updated)),
    ]
}

fn with(mut rows: Vec<(u64, Ev)>, more: Vec<(u64, Ev)>) -> Vec<(u64, Ev)> {
    rows.extend(more);
    rows
}

fn unavailable() -> Outcome {
    Outcome::Failed(Error::JwksUnavailable)
}

#[test]
fn first_fetch() {
    run(
        FetchPolicy::default(),
        &[
            (0, State(FetchState::Empty)),
            (0, Doc(None)),
            (0, Wakeup(0)),
            (0, Poll(Some((1, None, Initial)))),
            (0, State(FetchState::AwaitingResponse)),
            (0, Wakeup(5_000)),
            (10, Poll(None)),
            (100, Respond(1, 200, ETAG_V1, "doc:1", Outcome::Updated)),
            (100, State(FetchState::Fresh)),
            (100, Doc(Some("doc:1"))),
            (100, Generation(1)),
            (100, Wakeup(600_100)),
            (100, Poll(None)),
        ],
    );
}

#[test]
fn fresh_then_stale_then_refetch() {
    run(
        FetchPolicy::default(),
        &with(
            first_doc(),
            vec![
                (599_999, State(FetchState::Fresh)),
                (599_999, Poll(None)),
                (600_000, State(FetchState::Stale)),
                // Stale is still served while the refetch runs.
                (600_000, Doc(Some("doc:1"))),
                (600_000, Poll(Some((2, Some("\"v1\""), Expired)))),
                (600_050, Doc(Some("doc:1"))),
                (
                    600_050,
                    Respond(2, 200, NO_HEADERS, "doc:2", Outcome::Updated),
                ),
                (600_050, Doc(Some("doc:2"))),
                (600_050, Generation(2)),
                // The new response had no ETag: none is sent next time.
                (1_200_050, Poll(Some((3, None, Expired)))),
            ],
        ),
    );
}

#[test]
fn not_modified_keeps_document_and_renews_freshness() {
    run(
        FetchPolicy::default(),
        &with(
            first_doc(),
            vec![
                (600_000, Poll(Some((2, Some("\"v1\""), Expired)))),
                (600_010, Respond(2, 304, NO_HEADERS, "", Outcome::Unchanged)),
                (600_010, State(FetchState::Fresh)),
                (600_010, Doc(Some("doc:1"))),
                (600_010, Generation(1)),
                (600_010, Wakeup(1_200_010)),
                // A 304 without ETag keeps ours; one with an ETag replaces it.
                (1_200_010, Poll(Some((3, Some("\"v1\""), Expired)))),
                (
                    1_200_010,
                    Respond(3, 304, &[("etag", "W/\"v2\"")], "", Outcome::Unchanged),
                ),
                (1_800_010, Poll(Some((4, Some("W/\"v2\""), Expired)))),
            ],
        ),
    );
}

#[test]
fn cache_control_sets_lifetime_within_bounds() {
    let cases: &[(Headers, u64)] = &[
        (&[("Cache-Control", "public, max-age=120")], 120_000),
        (&[("Cache-Control", "max-age=5")], 30_000),
        (
            &[("Cache-Control", "max-age=999999999999999999999")],
            86_400_000,
        ),
        (&[("cache-control", "max-age=\"300\"")], 300_000),
        (&[("Cache-Control", "max-age=120"), ("Age", "20")], 100_000),
        (&[("Cache-Control", "max-age=120"), ("Age", "500")], 30_000),
        (&[("Cache-Control", "max-age=600, max-age=60")], 60_000),
        (&[("Cache-Control", "no-cache")], 30_000),
        (&[("Cache-Control", "max-age=3600, no-store")], 30_000),
        (&[("Cache-Control", "max-age=abc")], 600_000),
        (&[("Cache-Control", "max-age=-5")], 600_000),
        (&[], 600_000),
    ];
    for (headers, lifetime) in cases {
        let machine = run(
            FetchPolicy::default(),
            &[
                (1_000, Poll(Some((1, None, Initial)))),
                (1_000, Respond(1, 200, headers, "doc:1", Outcome::Updated)),
                (1_000, Wakeup(1_000 + lifetime)),
                (1_000 + lifetime - 1, State(FetchState::Fresh)),
                (1_000 + lifetime, State(FetchState::Stale)),
            ],
        );
        let no_store = headers.iter().any(|(_, v)| v.contains("no-store"));
        assert_eq!(machine.export().is_none(), no_store, "{headers:?}");
    }
}

#[test]
fn failures_back_off_exponentially_up_to_the_cap() {
    let policy = FetchPolicy {
        backoff_initial_ms: 1_000,
        backoff_max_ms: 4_000,
        ..FetchPolicy::default()
    };
    run(
        policy,
        &[
            (0, Poll(Some((1, None, Initial)))),
            (0, Fail(1, unavailable())),
            (0, State(FetchState::BackingOff)),
            (0, Wakeup(1_000)),
            (999, Poll(None)),
            (999, UnknownKid(false)),
            (1_000, Poll(Some((2, None, Retry)))),
            (1_000, Respond(2, 500, NO_HEADERS, "", unavailable())),
            (1_000, Wakeup(3_000)),
            (3_000, Poll(Some((3, None, Retry)))),
            (3_000, Fail(3, unavailable())),
            (3_000, Wakeup(7_000)),
            (7_000, Poll(Some((4, None, Retry)))),
            (7_000, Fail(4, unavailable())),
            (7_000, Wakeup(11_000)),
            (11_000, Poll(Some((5, None, Retry)))),
            (
                11_000,
                Respond(5, 200, NO_HEADERS, "doc:1", Outcome::Updated),
            ),
            // Success resets the backoff.
            (611_000, Poll(Some((6, None, Expired)))),
            (611_000, Fail(6, unavailable())),
            (611_000, Wakeup(612_000)),
            (611_000, State(FetchState::BackingOff)),
            (612_000, State(FetchState::Stale)),
        ],
    );
}

#[test]
fn retry_after_is_honoured_on_429_and_503_only() {
    let cases: &[(u16, Headers, u64)] = &[
        (503, &[("Retry-After", "120")], 120_000),
        (429, &[("retry-after", "7")], 7_000),
        (429, &[("Retry-After", "0")], 1_000),
        (429, &[("Retry-After", "99999")], 900_000),
        (500, &[("Retry-After", "120")], 1_000),
        (
            503,
            &[("Retry-After", "Fri, 31 Dec 1999 23:59:59 GMT")],
            1_000,
        ),
    ];
    for (status, headers, delay) in cases {
        run(
            FetchPolicy::default(),
            &[
                (0, Poll(Some((1, None, Initial)))),
                (10, Respond(1, *status, headers, "", unavailable())),
                (10, Wakeup(10 + delay)),
                (10 + delay - 1, Poll(None)),
                (10 + delay, Poll(Some((2, None, Retry)))),
            ],
        );
    }
}

#[test]
fn stale_document_is_served_within_stale_if_error_only() {
    run(
        FetchPolicy::default(),
        &with(
            first_doc(),
            vec![
                (600_000, Poll(Some((2, Some("\"v1\""), Expired)))),
                (600_000, Fail(2, unavailable())),
                (600_000, Doc(Some("doc:1"))),
                (4_199_999, Doc(Some("doc:1"))),
                (4_200_000, Doc(None)),
                // Recovery brings the document back.
                (4_200_000, Poll(Some((3, Some("\"v1\""), Retry)))),
                (
                    4_200_001,
                    Respond(3, 304, NO_HEADERS, "", Outcome::Unchanged),
                ),
                (4_200_001, Doc(Some("doc:1"))),
                (4_200_001, Generation(1)),
            ],
        ),
    );
}

#[test]
fn unknown_kid_refetches_outside_the_cooldown_only() {
    run(
        FetchPolicy::default(),
        &with(
            first_doc(),
            vec![
                (10_000, UnknownKid(false)),
                (10_000, State(FetchState::Fresh)),
                (10_000, Poll(None)),
                (30_000, UnknownKid(true)),
                (30_000, State(FetchState::Stale)),
                (30_000, Wakeup(0)),
                (30_000, Doc(Some("doc:1"))),
                (
                    30_000,
                    Poll(Some((2, Some("\"v1\""), FetchReason::UnknownKid))),
                ),
                // A second miss while the refetch is in flight joins it.
                (30_001, UnknownKid(true)),
                (30_001, Poll(None)),
                (
                    30_100,
                    Respond(2, 200, NO_HEADERS, "doc:2", Outcome::Updated),
                ),
                (30_100, Wakeup(630_100)),
                // The cooldown runs from the start of the last fetch.
                (59_999, UnknownKid(false)),
                (60_000, UnknownKid(true)),
                (60_000, Poll(Some((3, None, FetchReason::UnknownKid)))),
                (60_000, Fail(3, unavailable())),
                // No early refetch during a backoff.
                (90_000, UnknownKid(true)),
                (90_000, Poll(Some((4, None, Retry)))),
                (
                    90_000,
                    Respond(4, 200, NO_HEADERS, "doc:2", Outcome::Unchanged),
                ),
                (90_000, Generation(2)),
            ],
        ),
    );
}

#[test]
fn concurrent_needs_share_one_fetch() {
    run(
        FetchPolicy::default(),
        &[
            (0, Poll(Some((1, None, Initial)))),
            (1, Poll(None)),
            (2, UnknownKid(true)),
            (3, Poll(None)),
            (4, Doc(None)),
            (5, Poll(None)),
            (6, Respond(1, 200, NO_HEADERS, "doc:1", Outcome::Updated)),
            (7, Poll(None)),
            (
                7,
                Counters(FetchCounters {
                    fetches_started: 1,
                    fetches_updated: 1,
                    ..FetchCounters::default()
                }),
            ),
        ],
    );
}

#[test]
fn fetch_is_abandoned_after_timeout_and_late_answers_are_ignored() {
    run(
        FetchPolicy::default(),
        &[
            (0, Poll(Some((1, None, Initial)))),
            (4_999, Poll(None)),
            (4_999, Wakeup(5_000)),
            (5_000, Poll(None)),
            (5_000, State(FetchState::BackingOff)),
            (5_000, Wakeup(6_000)),
            (
                5_500,
                Respond(1, 200, NO_HEADERS, "doc:late", Outcome::Ignored),
            ),
            (5_500, Doc(None)),
            (6_000, Poll(Some((2, None, Retry)))),
            (
                6_100,
                Respond(1, 200, NO_HEADERS, "doc:late", Outcome::Ignored),
            ),
            (6_100, Fail(1, Outcome::Ignored)),
            (
                6_100,
                Respond(99, 200, NO_HEADERS, "doc:forged", Outcome::Ignored),
            ),
            (
                6_200,
                Respond(2, 200, NO_HEADERS, "doc:2", Outcome::Updated),
            ),
            (6_200, Doc(Some("doc:2"))),
            (
                6_200,
                Counters(FetchCounters {
                    fetches_started: 2,
                    fetches_updated: 1,
                    fetches_not_modified: 0,
                    fetches_failed: 1,
                    fetches_timed_out: 1,
                    answers_ignored: 4,
                }),
            ),
            // An answer that arrives after the timeout is late even if the
            // adapter did not poll in between.
            (606_200, Poll(Some((3, None, Expired)))),
            (
                611_200,
                Respond(3, 200, NO_HEADERS, "doc:3", Outcome::Ignored),
            ),
            (611_200, Doc(Some("doc:2"))),
        ],
    );
}

#[test]
fn oversized_body_fails_and_keeps_the_last_good_document() {
    let policy = FetchPolicy {
        max_body_bytes: 8,
        ..FetchPolicy::default()
    };
    let too_large = || Outcome::Failed(Error::TooLarge { limit: 8 });
    run(
        policy,
        &[
            (0, Poll(Some((1, None, Initial)))),
            (0, Respond(1, 200, NO_HEADERS, "doc:123456", too_large())),
            (0, Doc(None)),
            (1_000, Poll(Some((2, None, Retry)))),
            (
                1_000,
                Respond(2, 200, NO_HEADERS, "doc:1234", Outcome::Updated),
            ),
            (601_000, Poll(Some((3, None, Expired)))),
            (
                601_000,
                Respond(3, 200, NO_HEADERS, "doc:123456", too_large()),
            ),
            (601_000, Doc(Some("doc:1234"))),
        ],
    );
}

#[test]
fn unparsable_body_fails_and_keeps_the_last_good_document() {
    let invalid = || Outcome::Failed(Error::JwksInvalid("not a test doc"));
    run(
        FetchPolicy::default(),
        &[
            // A 304 with nothing cached is a server error, not a document.
            (0, Poll(Some((1, None, Initial)))),
            (0, Respond(1, 304, NO_HEADERS, "", unavailable())),
            (1_000, Poll(Some((2, None, Retry)))),
            (1_000, Respond(2, 200, ETAG_V1, "doc:1", Outcome::Updated)),
            (601_000, Poll(Some((3, Some("\"v1\""), Expired)))),
            (601_000, Respond(3, 200, NO_HEADERS, "garbage", invalid())),
            (601_000, Doc(Some("doc:1"))),
            (601_000, Generation(1)),
            (601_000, State(FetchState::BackingOff)),
            // The ETag of the good document is still offered.
            (602_000, Poll(Some((4, Some("\"v1\""), Retry)))),
        ],
    );
}

#[test]
fn generation_changes_only_with_content() {
    let fetch = |id: u64, now: u64, status: u16, body: &'static str, outcome: Outcome| {
        vec![
            (now, UnknownKid(true)),
            (now, Poll(Some((id, None, FetchReason::UnknownKid)))),
            (now, Respond(id, status, NO_HEADERS, body, outcome)),
        ]
    };
    let mut rows = vec![
        (0, Poll(Some((1, None, Initial)))),
        (0, Respond(1, 200, NO_HEADERS, "doc:1", Outcome::Updated)),
        (0, Generation(1)),
    ];
    rows.extend(fetch(2, 30_000, 200, "doc:1", Outcome::Unchanged));
    rows.push((30_000, Generation(1)));
    rows.extend(fetch(3, 60_000, 304, "", Outcome::Unchanged));
    rows.push((60_000, Generation(1)));
    rows.extend(fetch(4, 90_000, 200, "doc:2", Outcome::Updated));
    rows.push((90_000, Generation(2)));
    rows.extend(fetch(5, 120_000, 200, "doc:1", Outcome::Updated));
    rows.push((120_000, Generation(3)));
    rows.push((
        120_000,
        Counters(FetchCounters {
            fetches_started: 5,
            fetches_updated: 3,
            fetches_not_modified: 2,
            ..FetchCounters::default()
        }),
    ));
    run(FetchPolicy::default(), &rows);
}

#[test]
fn export_then_import_restores_the_document() {
    let source = run(FetchPolicy::default(), &first_doc());
    let snapshot = source.export().expect("a document to export");

    let mut restored = RemoteDocument::<TestDoc>::new(FetchPolicy::default());
    assert_eq!(restored.import(1_000, &snapshot), Ok(true));
    assert_eq!(restored.document(1_000), Ok(&TestDoc("doc:1".into())));
    assert_eq!(restored.generation(), 1);
    assert_eq!(restored.state(1_000), FetchState::Fresh);
    assert_eq!(restored.poll(1_000), None);
    assert_eq!(restored.next_wakeup(), 600_000);
    let request = restored.poll(600_000).expect("refetch at expiry");
    assert_eq!(request.if_none_match.as_deref(), Some("\"v1\""));
    assert_eq!(restored.export(), Some(snapshot.clone()));

    // An older or equal snapshot does not replace what we hold.
    assert_eq!(restored.import(700_000, &snapshot), Ok(false));
    // Nothing to export before the first document.
    assert_eq!(
        RemoteDocument::<TestDoc>::new(FetchPolicy::default()).export(),
        None
    );
}

#[test]
fn import_clamps_times_it_cannot_trust() {
    // fetched in the future, expiring far beyond the maximum max age
    let snapshot =
        r#"{"v":1,"body":"ZG9jOjE","fetched_at":9000000,"expires_at":999999999999,"etag":null}"#;
    let mut machine = RemoteDocument::<TestDoc>::new(FetchPolicy::default());
    assert_eq!(machine.import(1_000, snapshot), Ok(true));
    assert_eq!(machine.next_wakeup(), 1_000 + 86_400_000);
}

#[test]
fn import_rejects_garbage() {
    let bad = Error::JwksInvalid("cached state is not a valid snapshot");
    let cases: &[(&str, Error)] = &[
        ("", bad.clone()),
        ("not json", bad.clone()),
        ("{}", bad.clone()),
        ("[1,\"ZG9jOjE\",0,1,null]", bad.clone()),
        (
            r#"{"v":2,"body":"ZG9jOjE","fetched_at":0,"expires_at":1,"etag":null}"#,
            bad.clone(),
        ),
        (
            r#"{"v":1,"body":"ZG9jOjE","fetched_at":5,"expires_at":1,"etag":null}"#,
            bad.clone(),
        ),
        (
            r#"{"v":1,"body":"not base64!","fetched_at":0,"expires_at":1,"etag":null}"#,
            bad.clone(),
        ),
        (
            r#"{"v":1,"body":"ZG9jOjE","fetched_at":0,"expires_at":1,"etag":null,"x":1}"#,
            bad.clone(),
        ),
        (
            r#"{"v":1,"body":"ZG9jOjE","fetched_at":0,"expires_at":1,"etag":"\"a\"\r\nX: y"}"#,
            Error::JwksInvalid("snapshot etag"),
        ),
        // base64url of "garbage": a valid snapshot of an invalid document
        (
            r#"{"v":1,"body":"Z2FyYmFnZQ","fetched_at":0,"expires_at":1,"etag":null}"#,
            Error::JwksInvalid("not a test doc"),
        ),
    ];
    for (snapshot, expected) in cases {
        let mut machine = RemoteDocument::<TestDoc>::new(FetchPolicy::default());
        assert_eq!(
            machine.import(0, snapshot),
            Err(expected.clone()),
            "{snapshot}"
        );
        assert_eq!(
            machine.document(0),
            Err(Error::JwksUnavailable),
            "{snapshot}"
        );
        assert_eq!(machine.generation(), 0, "{snapshot}");
    }
}

#[test]
fn jwks_refresh_parses_a_key_set() {
    let jwks = br#"{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"k1","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}"#;
    let mut machine = JwksFetch::new(FetchPolicy::default());
    let request = machine.poll(0).expect("first fetch");
    let outcome = machine.on_response(0, request.id, 200, &[], jwks);
    assert_eq!(outcome, Outcome::Updated);
    assert!(machine.document(0).is_ok());
}
