//! `Verifier::verify_cached`: hits skip the signature, never revocation.

mod support;

use support::*;
use tokenward_core::cache::VerifiedCache;
use tokenward_core::revocation::RevocationList;
use tokenward_core::verifier::{ValidationOptions, VerifiedToken, Verifier};
use tokenward_core::{Error, KeySet};

fn verifier(max_token_age: Option<u64>) -> Verifier {
    Verifier::new(ValidationOptions {
        issuer: Some(ISSUER.into()),
        audiences: Some(vec![AUDIENCE.into()]),
        max_token_age,
        ..ValidationOptions::default()
    })
    .unwrap()
}

#[test]
fn a_hit_needs_no_key_but_the_same_generation() {
    let verifier = verifier(None);
    let mut cache = VerifiedCache::<VerifiedToken>::new(8);
    let token = sign_ed(r#"{"alg":"EdDSA","kid":"ed"}"#, &claims(""));
    assert!(
        verifier
            .verify_cached(&token, &keys(), 1, None, &mut cache, NOW)
            .is_ok()
    );
    assert_eq!(cache.len(), 1);
    // The same token again: served from the cache, so even an empty key set works...
    let no_keys = KeySet::default();
    assert!(
        verifier
            .verify_cached(&token, &no_keys, 1, None, &mut cache, NOW)
            .is_ok()
    );
    assert_eq!(cache.counters().hits, 1);
    // ...but not once the key set changed.
    assert_eq!(
        verifier
            .verify_cached(&token, &no_keys, 2, None, &mut cache, NOW)
            .err(),
        Some(Error::UnknownKid)
    );
}

#[test]
fn entries_expire_with_the_token() {
    let verifier = verifier(None);
    let mut cache = VerifiedCache::<VerifiedToken>::new(8);
    let token = sign_ed(r#"{"alg":"EdDSA","kid":"ed"}"#, &claims(""));
    verifier
        .verify_cached(&token, &keys(), 0, None, &mut cache, NOW)
        .unwrap();
    assert_eq!(
        verifier
            .verify_cached(&token, &keys(), 0, None, &mut cache, NOW + 300)
            .err(),
        Some(Error::Expired)
    );
}

#[test]
fn max_token_age_bounds_the_entry() {
    let verifier = verifier(Some(60));
    let mut cache = VerifiedCache::<VerifiedToken>::new(8);
    let token = sign_ed(r#"{"alg":"EdDSA","kid":"ed"}"#, &claims(""));
    verifier
        .verify_cached(&token, &keys(), 0, None, &mut cache, NOW)
        .unwrap();
    // iat is NOW - 10: too old from NOW + 51 on, though exp is NOW + 300.
    assert_eq!(
        verifier
            .verify_cached(&token, &keys(), 0, None, &mut cache, NOW + 51)
            .err(),
        Some(Error::TokenTooOld)
    );
}

#[test]
fn revocation_is_checked_on_every_hit() {
    let verifier = verifier(None);
    let mut cache = VerifiedCache::<VerifiedToken>::new(8);
    let token = sign_ed(r#"{"alg":"EdDSA","kid":"ed"}"#, &claims(r#""jti":"t-1""#));
    let empty = RevocationList::from_json(br#"{}"#).unwrap();
    verifier
        .verify_cached(&token, &keys(), 0, Some(&empty), &mut cache, NOW)
        .unwrap();
    let revoked = RevocationList::from_json(br#"{"jti":["t-1"]}"#).unwrap();
    assert_eq!(
        verifier
            .verify_cached(&token, &keys(), 0, Some(&revoked), &mut cache, NOW)
            .err(),
        Some(Error::Revoked)
    );
    let signed_out = format!(r#"{{"sub":{{"alice":{NOW}}}}}"#);
    let everywhere = RevocationList::from_json(signed_out.as_bytes()).unwrap();
    assert_eq!(
        verifier
            .verify_cached(&token, &keys(), 0, Some(&everywhere), &mut cache, NOW)
            .err(),
        Some(Error::Revoked)
    );
    assert_eq!(cache.counters().hits, 2);
}
