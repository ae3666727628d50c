//! A redirect is a failed fetch. The Envoy filter hands the machine the raw
//! status of its callout (Envoy's http callouts never follow redirects);
//! the npm package and the worker fetch with `redirect: "manual"`. Whatever
//! a 3xx carries, the machine must not take it as the document: following
//! it would load keys from wherever the first server points.

use tokenward_core::Error;
use tokenward_core::remote::{Document, FetchPolicy, Outcome, RemoteDocument};

/// Any UTF-8 body starting with `doc:`.
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

const REDIRECTS: [u16; 6] = [300, 301, 302, 303, 307, 308];
const LOCATION: &[(&str, &str)] = &[("Location", "http://attacker.example/jwks")];

#[test]
fn a_redirect_on_a_cold_machine_fails_and_loads_nothing() {
    for status in REDIRECTS {
        let mut machine = RemoteDocument::<TestDoc>::new(FetchPolicy::default());
        let Some(request) = machine.poll(0) else {
            panic!("{status}: no first fetch asked for");
        };
        let outcome =
            machine.on_response(1, request.id, status, LOCATION, b"doc:from the redirect");
        assert_eq!(outcome, Outcome::Failed(Error::JwksUnavailable), "{status}");
        assert_eq!(
            machine.document(2).err(),
            Some(Error::JwksUnavailable),
            "{status}"
        );
        assert_eq!(machine.counters().fetches_failed, 1, "{status}");
    }
}

#[test]
fn a_redirect_on_a_refetch_keeps_the_last_good_document() {
    for status in REDIRECTS {
        let mut machine = RemoteDocument::<TestDoc>::new(FetchPolicy::default());
        let Some(first) = machine.poll(0) else {
            panic!("{status}: no first fetch asked for");
        };
        assert_eq!(
            machine.on_response(1, first.id, 200, &[], b"doc:good"),
            Outcome::Updated
        );
        // Past the cooldown, within freshness: an unknown kid's refetch.
        let later = 60_000;
        assert!(machine.on_unknown_kid(later), "{status}");
        let Some(refetch) = machine.poll(later) else {
            panic!("{status}: no refetch asked for");
        };
        let outcome = machine.on_response(
            later + 1,
            refetch.id,
            status,
            LOCATION,
            b"doc:from the redirect",
        );
        assert_eq!(outcome, Outcome::Failed(Error::JwksUnavailable), "{status}");
        assert_eq!(
            machine.document(later + 2).ok(),
            Some(&TestDoc("doc:good".into())),
            "{status}"
        );
    }
}
