//! `Verifier::verify_cached`: a hit skips the signature check, never a claim
//! rule, a per-call binding or revocation.

mod support;

use support::*;
use tokenward_core::oidc::{IdTokenBinding, IdTokenRules, half_hash};
use tokenward_core::revocation::RevocationList;
use tokenward_core::verifier::{
    CallContext, Profile, TokenCache, ValidationOptions, VerifiedToken, Verifier,
};
use tokenward_core::{Algorithm, Error, KeySet};

const ED_HEADER: &str = r#"{"alg":"EdDSA","kid":"ed"}"#;

fn verifier(max_token_age: Option<u64>) -> Verifier {
    Verifier::new(ValidationOptions {
        issuer: Some(ISSUER.into()),
        audiences: Some(vec![AUDIENCE.into()]),
        max_token_age,
        ..ValidationOptions::default()
    })
    .unwrap()
}

fn id_token_verifier(max_age: Option<u64>) -> Verifier {
    Verifier::new(ValidationOptions {
        issuer: Some(ISSUER.into()),
        max_age,
        profile: Profile::IdToken(IdTokenRules {
            client_id: AUDIENCE.into(),
        }),
        ..ValidationOptions::default()
    })
    .unwrap()
}

fn at(now: i64) -> CallContext<'static> {
    CallContext {
        now,
        ..CallContext::default()
    }
}

fn cached(
    verifier: &Verifier,
    token: &str,
    cache: &mut TokenCache,
    call: &CallContext<'_>,
) -> Result<VerifiedToken, Error> {
    verifier.verify_cached(token, &keys(), 0, cache, call)
}

#[test]
fn a_hit_needs_no_key_but_the_same_generation() {
    let verifier = verifier(None);
    let mut cache = TokenCache::new(8);
    let token = sign_ed(ED_HEADER, &claims(""));
    assert!(
        verifier
            .verify_cached(&token, &keys(), 1, &mut cache, &at(NOW))
            .is_ok()
    );
    assert_eq!(cache.len(), 1);
    // The same token again: served from the cache, so even an empty key set works...
    let no_keys = KeySet::default();
    assert!(
        verifier
            .verify_cached(&token, &no_keys, 1, &mut cache, &at(NOW))
            .is_ok()
    );
    assert_eq!(cache.counters().hits, 1);
    // ...but not once the key set changed.
    assert_eq!(
        verifier
            .verify_cached(&token, &no_keys, 2, &mut cache, &at(NOW))
            .err(),
        Some(Error::UnknownKid)
    );
}

#[test]
fn entries_expire_with_the_token() {
    let verifier = verifier(None);
    let mut cache = TokenCache::new(8);
    let token = sign_ed(ED_HEADER, &claims(""));
    cached(&verifier, &token, &mut cache, &at(NOW)).unwrap();
    assert_eq!(
        cached(&verifier, &token, &mut cache, &at(NOW + 300)).err(),
        Some(Error::Expired)
    );
    assert!(cache.is_empty(), "an expired entry is dropped");
    // Missed, verified again: still expired, and not cached again.
    assert_eq!(
        cached(&verifier, &token, &mut cache, &at(NOW + 301)).err(),
        Some(Error::Expired)
    );
    assert!(cache.is_empty());
}

#[test]
fn max_token_age_is_checked_on_a_hit() {
    let verifier = verifier(Some(60));
    let mut cache = TokenCache::new(8);
    let token = sign_ed(ED_HEADER, &claims(""));
    cached(&verifier, &token, &mut cache, &at(NOW)).unwrap();
    // iat is NOW - 10: too old from NOW + 51 on, though exp is NOW + 300.
    assert_eq!(
        cached(&verifier, &token, &mut cache, &at(NOW + 51)).err(),
        Some(Error::TokenTooOld)
    );
}

#[test]
fn an_earlier_now_on_a_hit_still_checks_nbf() {
    let verifier = verifier(None);
    let mut cache = TokenCache::new(8);
    let token = sign_ed(ED_HEADER, &claims(&format!(r#""nbf":{NOW}"#)));
    cached(&verifier, &token, &mut cache, &at(NOW)).unwrap();
    assert_eq!(
        cached(&verifier, &token, &mut cache, &at(NOW - 1)).err(),
        Some(Error::NotYetValid)
    );
    assert_eq!(cache.counters().hits, 1, "the refusal came from a hit");
}

#[test]
fn max_age_is_checked_on_a_hit() {
    let verifier = id_token_verifier(Some(100));
    let mut cache = TokenCache::new(8);
    let auth_time = NOW - 50;
    let token = sign_ed(ED_HEADER, &claims(&format!(r#""auth_time":{auth_time}"#)));
    cached(&verifier, &token, &mut cache, &at(NOW)).unwrap();
    // exp is NOW + 300, but the authentication is too old from NOW + 51 on.
    assert_eq!(
        cached(&verifier, &token, &mut cache, &at(NOW + 51)).err(),
        Some(Error::AuthTimeTooOld)
    );
    assert_eq!(cache.counters().hits, 1);
}

#[test]
fn id_tokens_are_cached_and_bound_on_every_call() {
    let verifier = id_token_verifier(None);
    let mut cache = TokenCache::new(8);
    let at_hash = half_hash(Algorithm::EdDSA, "at-1");
    let extra = format!(r#""nonce":"n-1","at_hash":"{at_hash}""#);
    let token = sign_ed(ED_HEADER, &claims(&extra));
    let bound = |nonce, access_token| CallContext {
        now: NOW,
        binding: IdTokenBinding {
            nonce: Some(nonce),
            access_token: Some(access_token),
            code: None,
        },
        revocation: None,
    };
    cached(&verifier, &token, &mut cache, &bound("n-1", "at-1")).unwrap();
    assert_eq!(
        cached(&verifier, &token, &mut cache, &bound("n-2", "at-1")).err(),
        Some(Error::NonceMismatch)
    );
    assert_eq!(
        cached(&verifier, &token, &mut cache, &bound("n-1", "at-2"))
            .err()
            .map(|error| error.code()),
        Some("at_hash_mismatch")
    );
    assert!(cached(&verifier, &token, &mut cache, &bound("n-1", "at-1")).is_ok());
    assert_eq!(cache.counters().hits, 3);
}

#[test]
fn a_cache_never_serves_a_verifier_with_other_options() {
    let lenient = verifier(None);
    let strict = Verifier::new(ValidationOptions {
        algorithms: vec![Algorithm::ES256],
        ..lenient.options().clone()
    })
    .unwrap();
    let mut cache = TokenCache::new(8);
    let token = sign_ed(ED_HEADER, &claims(""));
    cached(&lenient, &token, &mut cache, &at(NOW)).unwrap();
    assert_eq!(
        cached(&strict, &token, &mut cache, &at(NOW)).err(),
        Some(Error::AlgNotAllowed)
    );
    assert_eq!(cache.counters().hits, 0);
}

#[test]
fn revocation_is_checked_on_every_hit() {
    let verifier = verifier(None);
    let mut cache = TokenCache::new(8);
    let token = sign_ed(ED_HEADER, &claims(r#""jti":"t-1""#));
    let with = |list| CallContext {
        now: NOW,
        binding: IdTokenBinding::default(),
        revocation: Some(list),
    };
    let empty = RevocationList::from_json(br#"{}"#).unwrap();
    cached(&verifier, &token, &mut cache, &with(&empty)).unwrap();
    let revoked = RevocationList::from_json(br#"{"jti":["t-1"]}"#).unwrap();
    assert_eq!(
        cached(&verifier, &token, &mut cache, &with(&revoked)).err(),
        Some(Error::Revoked)
    );
    let signed_out = format!(r#"{{"sub":{{"alice":{NOW}}}}}"#);
    let everywhere = RevocationList::from_json(signed_out.as_bytes()).unwrap();
    assert_eq!(
        cached(&verifier, &token, &mut cache, &with(&everywhere)).err(),
        Some(Error::Revoked)
    );
    assert_eq!(cache.counters().hits, 2);
}
