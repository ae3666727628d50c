//! A refetched key set that publishes a private key is refused, and the
//! same public key stops verifying at once, although the last good set
//! keeps serving within `stale_if_error`.

mod support;

use support::jwks_json;
use tokenward_core::remote::{FetchPolicy, JwksFetch, Outcome};
use tokenward_core::{Algorithm, Error};

/// The fixture set with a private `d` added to the Ed25519 key, renamed so
/// the match must come from the key material, not the `kid`.
fn leaked_ed_set() -> String {
    let leaked = jwks_json().replacen(r#""kid":"ed","#, r#""kid":"ed-new","d":"AAAA","#, 1);
    assert_ne!(leaked, jwks_json());
    leaked
}

/// A machine serving the fixture set, with a refetch in flight; returns its id.
fn serving_with_refetch(keys: &mut JwksFetch) -> u64 {
    let first = keys.poll(0).expect("first fetch");
    let outcome = keys.on_response(0, first.id, 200, &[], jwks_json().as_bytes());
    assert_eq!(outcome, Outcome::Updated);
    assert!(keys.export().is_some());
    assert!(keys.on_unknown_kid(60_000), "an early refetch is due");
    keys.poll(60_000).expect("refetch").id
}

#[test]
fn a_leaked_key_is_withdrawn_from_the_set_still_served() {
    let mut keys = JwksFetch::new(FetchPolicy::default());
    let refetch = serving_with_refetch(&mut keys);
    let generation = keys.generation();

    let outcome = keys.on_response(60_000, refetch, 200, &[], leaked_ed_set().as_bytes());
    let Outcome::Failed(error) = outcome else {
        panic!("refused set accepted: {outcome:?}");
    };
    assert!(matches!(error, Error::JwksPrivateKey { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("withdrawn"), "{message}");

    let served = keys.document(60_000).expect("last good set still served");
    assert_eq!(
        served.select(Algorithm::EdDSA, Some("ed")).err(),
        Some(Error::UnknownKid),
        "the leaked key no longer verifies"
    );
    assert!(
        served.select(Algorithm::ES256, Some("ec")).is_ok(),
        "others still do"
    );
    assert_eq!(keys.generation(), generation + 1, "caches keyed on it drop");
    assert!(
        keys.export().is_none(),
        "a sharing instance must not revive it"
    );
}

#[test]
fn a_leak_of_a_key_not_served_changes_nothing() {
    let mut keys = JwksFetch::new(FetchPolicy::default());
    let refetch = serving_with_refetch(&mut keys);
    let generation = keys.generation();
    // An Ed25519 key that was never served leaks.
    let other = tokenward_core::base64url::encode(
        ed25519_dalek::SigningKey::from_bytes(&[9; 32])
            .verifying_key()
            .as_bytes(),
    );
    let body = format!(
        r#"{{"keys":[{{"kty":"OKP","crv":"Ed25519","kid":"x","x":"{other}","d":"AAAA"}}]}}"#
    );
    let outcome = keys.on_response(60_000, refetch, 200, &[], body.as_bytes());
    assert!(matches!(
        outcome,
        Outcome::Failed(Error::JwksPrivateKey { .. })
    ));
    let served = keys.document(60_000).expect("served");
    assert!(served.select(Algorithm::EdDSA, Some("ed")).is_ok());
    assert_eq!(keys.generation(), generation);
    assert!(keys.export().is_some());
}
