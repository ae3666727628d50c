//! The revocation list: format, caps and checks, read from tables.

use serde_json::{Map, Value, json};
use tokenward_core::Error;
use tokenward_core::remote::{FetchReason, FetchState, Outcome};
use tokenward_core::revocation::{MAX_DOCUMENT_BYTES, RevocationFetch, RevocationList};

const LIST: &str = r#"{
    "jti": ["revoked-1", "revoked-2"],
    "sub": {"alice": 1767225600, "carol": 1767225600.5},
    "sid": {"s1": 1767225600}
}"#;

fn bad_type(claim: &str) -> Result<(), Error> {
    Err(Error::BadClaimType {
        claim: claim.to_owned(),
    })
}

#[test]
fn an_empty_list_still_refuses_a_sid_of_another_type() {
    let empty = RevocationList::from_json(b"{}").expect("valid");
    assert_eq!(
        empty.check(&claims(json!({"sid": ["s1"]}))),
        bad_type("sid")
    );
    assert_eq!(empty.check(&claims(json!({"sid": "s1"}))), Ok(()));
}

fn claims(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("claims must be an object, got {other}"),
    }
}

#[test]
fn check_follows_the_documented_rules() {
    let list = RevocationList::from_json(LIST.as_bytes()).expect("valid list");
    assert_eq!(list.len(), 5);
    let revoked = Err(Error::Revoked);
    let cases: Vec<(&str, Value, Result<(), Error>)> = vec![
        (
            "jti listed",
            json!({"jti": "revoked-1", "iat": 2e9}),
            revoked.clone(),
        ),
        ("jti not listed", json!({"jti": "other", "iat": 1}), Ok(())),
        (
            "jti not a string",
            json!({"jti": 1, "iat": 1}),
            bad_type("jti"),
        ),
        ("no claims", json!({}), Ok(())),
        (
            "sub, iat before",
            json!({"sub": "alice", "iat": 1767225599}),
            revoked.clone(),
        ),
        (
            "sub, iat equal: issued in the second of the revocation",
            json!({"sub": "alice", "iat": 1767225600}),
            revoked.clone(),
        ),
        (
            "sub, iat after",
            json!({"sub": "alice", "iat": 1767225601}),
            Ok(()),
        ),
        (
            "sub, fractional iat before",
            json!({"sub": "alice", "iat": 1767225599.9}),
            revoked.clone(),
        ),
        (
            "sub, fractional cut-off",
            json!({"sub": "carol", "iat": 1767225600}),
            revoked.clone(),
        ),
        (
            "sub, at the fractional cut-off",
            json!({"sub": "carol", "iat": 1767225600.5}),
            revoked.clone(),
        ),
        (
            "sub, past fractional cut-off",
            json!({"sub": "carol", "iat": 1767225600.6}),
            Ok(()),
        ),
        ("sub, no iat", json!({"sub": "alice"}), revoked.clone()),
        (
            "sub, string iat",
            json!({"sub": "alice", "iat": "2000000000"}),
            revoked.clone(),
        ),
        ("sub not listed, no iat", json!({"sub": "bob"}), Ok(())),
        (
            "sub not a string",
            json!({"sub": ["alice"], "iat": 1}),
            bad_type("sub"),
        ),
        (
            "sid an array",
            json!({"sid": ["s1"], "iat": 1}),
            bad_type("sid"),
        ),
        ("sid a number", json!({"sid": 1, "iat": 1}), bad_type("sid")),
        ("sid null", json!({"sid": null, "iat": 1}), bad_type("sid")),
        (
            "sid an object, even when not listed",
            json!({"sid": {"id": "s9"}, "iat": 1}),
            bad_type("sid"),
        ),
        (
            "sid, iat before",
            json!({"sid": "s1", "iat": 1}),
            revoked.clone(),
        ),
        (
            "sid, iat after",
            json!({"sid": "s1", "iat": 1767225601}),
            Ok(()),
        ),
        (
            "sid, iat equal",
            json!({"sid": "s1", "iat": 1767225600}),
            revoked.clone(),
        ),
        ("sid, no iat", json!({"sid": "s1"}), revoked.clone()),
        (
            "sub kept, sid kept",
            json!({"sub": "alice", "sid": "s1", "iat": 1767225601}),
            Ok(()),
        ),
        (
            "sub ok, sid revoked",
            json!({"sub": "bob", "sid": "s1", "iat": 5}),
            revoked.clone(),
        ),
        ("listed jti as sub", json!({"sub": "revoked-1"}), Ok(())),
    ];
    for (name, token_claims, expected) in cases {
        assert_eq!(list.check(&claims(token_claims)), expected, "{name}");
    }
}

#[test]
fn valid_documents() {
    let cases: &[(&str, usize)] = &[
        ("{}", 0),
        ("  \n{}", 0),
        (r#"{"jti": []}"#, 0),
        (r#"{"jti": ["a", "a", "b"]}"#, 2),
        (r#"{"sub": {"a": 0}, "sid": {"a": 1.5}}"#, 2),
        (r#"{"jti": [""]}"#, 1),
    ];
    for (document, len) in cases {
        let list = RevocationList::from_json(document.as_bytes());
        assert_eq!(list.map(|l| l.len()), Ok(*len), "{document}");
    }
    assert!(RevocationList::from_json(b"{}").is_ok_and(|l| l.is_empty()));
}

#[test]
fn a_repeated_subject_keeps_its_latest_time() {
    let list = RevocationList::from_json(br#"{"sub": {"a": 200, "a": 100}}"#).expect("valid");
    assert_eq!(
        list.check(&claims(json!({"sub": "a", "iat": 150}))),
        Err(Error::Revoked)
    );
}

#[test]
fn bad_documents_are_refused() {
    let long_id = format!(r#"{{"jti": ["{}"]}}"#, "x".repeat(1_025));
    let many = format!(r#"{{"jti": [{}"last"]}}"#, "\"j\",".repeat(100_000));
    let malformed = Err(Error::RevocationListInvalid);
    let cases: Vec<(&str, String)> = vec![
        ("empty", String::new()),
        ("null", "null".into()),
        ("array form", r#"[["a"], {}, {}]"#.into()),
        ("not json", "jti: a".into()),
        ("trailing garbage", "{} {}".into()),
        ("unknown member", r#"{"subs": {"a": 1}}"#.into()),
        ("jti a string", r#"{"jti": "a"}"#.into()),
        ("jti numbers", r#"{"jti": [1]}"#.into()),
        ("jti null", r#"{"jti": null}"#.into()),
        ("sub an array", r#"{"sub": ["a"]}"#.into()),
        (
            "sub time a string",
            r#"{"sub": {"a": "1767225600"}}"#.into(),
        ),
        ("sub time null", r#"{"sub": {"a": null}}"#.into()),
        ("sub time negative", r#"{"sub": {"a": -1}}"#.into()),
        ("sid time out of range", r#"{"sid": {"a": 1e400}}"#.into()),
        ("duplicate member", r#"{"jti": [], "jti": []}"#.into()),
        ("identifier too long", long_id),
        ("too many entries", many),
    ];
    for (name, document) in cases {
        assert_eq!(
            RevocationList::from_json(document.as_bytes()),
            malformed,
            "{name}"
        );
    }
    assert_eq!(
        RevocationList::from_json(b"{\"jti\": [\"\xff\"]}"),
        malformed,
        "raw invalid UTF-8"
    );
    let huge = vec![b' '; MAX_DOCUMENT_BYTES + 1];
    assert_eq!(
        RevocationList::from_json(&huge),
        Err(Error::TooLarge {
            limit: MAX_DOCUMENT_BYTES
        })
    );
}

#[test]
fn the_list_refreshes_with_etag_through_the_remote_machine() {
    let mut machine = RevocationFetch::new(RevocationList::fetch_policy());
    let first = machine.poll(0).expect("first fetch");
    assert_eq!(first.reason, FetchReason::Initial);
    let outcome = machine.on_response(0, first.id, 200, &[("ETag", "\"r1\"")], LIST.as_bytes());
    assert_eq!(outcome, Outcome::Updated);
    let revoked = claims(json!({"jti": "revoked-2"}));
    assert_eq!(
        machine.document(0).and_then(|l| l.check(&revoked)),
        Err(Error::Revoked)
    );

    assert_eq!(machine.state(60_000), FetchState::Stale);
    let second = machine.poll(60_000).expect("refetch after a minute");
    assert_eq!(second.if_none_match.as_deref(), Some("\"r1\""));
    let outcome = machine.on_response(60_000, second.id, 200, &[], b"{\"jti\": 5}");
    assert_eq!(outcome, Outcome::Failed(Error::RevocationListInvalid));
    // The last good list stays in force.
    assert_eq!(
        machine.document(60_000).and_then(|l| l.check(&revoked)),
        Err(Error::Revoked)
    );
    assert_eq!(machine.generation(), 1);
}

#[test]
fn no_usable_list_refuses_every_token_unless_the_caller_opted_out() {
    let policy = RevocationList::fetch_policy();
    let mut machine = RevocationFetch::new(policy);
    // Before the first list: nothing to check against.
    assert_eq!(
        machine.list_to_check(0, false),
        Err(Error::RevocationUnavailable)
    );
    assert_eq!(machine.list_to_check(0, true), Ok(None));
    let first = machine.poll(0).expect("first fetch");
    machine.on_response(0, first.id, 200, &[], LIST.as_bytes());
    assert!(machine.list_to_check(0, false).is_ok_and(|l| l.is_some()));
    // The server goes down: the last list serves until its stale-if-error
    // window (after its max age) runs out, then every token is refused.
    let usable_until = policy.max_age_ms + policy.stale_if_error_ms;
    let retry = machine.poll(policy.max_age_ms).expect("refetch");
    machine.on_failure(policy.max_age_ms, retry.id);
    assert!(
        machine
            .list_to_check(usable_until - 1, false)
            .is_ok_and(|l| l.is_some())
    );
    assert_eq!(
        machine.list_to_check(usable_until, false),
        Err(Error::RevocationUnavailable)
    );
    assert_eq!(machine.list_to_check(usable_until, true), Ok(None));
    assert_eq!(
        Error::RevocationUnavailable.code(),
        "revocation_unavailable"
    );
    assert!(tokenward_core::ERROR_CODES.contains(&"revocation_unavailable"));
}

#[test]
fn a_refresh_interval_sets_the_period_and_the_floor_of_a_servers_max_age() {
    let base = RevocationList::fetch_policy();
    let every_5s = RevocationList::fetch_policy_every(5_000);
    assert_eq!(
        (every_5s.max_age_ms, every_5s.min_max_age_ms),
        (5_000, 5_000)
    );
    assert_eq!(every_5s.max_max_age_ms, base.max_max_age_ms);
    assert_eq!(every_5s.stale_if_error_ms, base.stale_if_error_ms);
    // Longer than the floor: the floor stays; below a second: a second.
    let every_2m = RevocationList::fetch_policy_every(120_000);
    assert_eq!(
        (every_2m.max_age_ms, every_2m.min_max_age_ms),
        (120_000, base.min_max_age_ms)
    );
    let too_short = RevocationList::fetch_policy_every(10);
    assert_eq!(
        (too_short.max_age_ms, too_short.min_max_age_ms),
        (1_000, 1_000)
    );

    // A server's max-age between the floor and the 15 minute ceiling wins.
    let mut machine = RevocationFetch::new(every_5s);
    let first = machine.poll(0).expect("first fetch");
    let max_age = [("cache-control", "max-age=120")];
    machine.on_response(0, first.id, 200, &max_age, LIST.as_bytes());
    assert_eq!(machine.next_wakeup(), 120_000);
    let again = machine.poll(120_000).expect("refetch at max-age");
    let huge = [("cache-control", "max-age=86400")];
    machine.on_response(120_000, again.id, 200, &huge, LIST.as_bytes());
    assert_eq!(machine.next_wakeup(), 120_000 + 15 * 60_000);
}
