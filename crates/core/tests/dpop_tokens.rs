//! DPoP-bound tokens (`cnf.jkt`) with and without their proofs: binding,
//! unbound tokens, replay, the replay cache's bound, the two headers.

mod dpop_support;
mod support;

use dpop_support::{
    METHOD, URL, claims, client_jkt, es256_header, other_key, proof, public_jwk, sign_p256,
};
use tokenward_core::Error;
use tokenward_core::dpop::{DpopOptions, DpopRequest, DpopRules, ReplayCache};
use tokenward_core::oidc::IdTokenBinding;
use tokenward_core::verifier::{ValidationOptions, Verifier};

const NOW: i64 = support::NOW;

fn rules() -> DpopRules {
    DpopRules::new(DpopOptions::default()).expect("valid options")
}

fn verifier() -> Verifier {
    Verifier::new(ValidationOptions {
        issuer: Some(support::ISSUER.into()),
        audiences: Some(vec![support::AUDIENCE.into()]),
        ..ValidationOptions::default()
    })
    .expect("valid options")
}

fn token_with(extra: &str) -> String {
    support::sign_ed(r#"{"alg":"EdDSA","kid":"ed"}"#, &support::claims(extra))
}

fn bound_token() -> String {
    token_with(&format!(r#""cnf":{{"jkt":"{}"}}"#, client_jkt()))
}

fn verdict(
    rules: &DpopRules,
    token: &str,
    proofs: &[&str],
    replay: &mut ReplayCache,
) -> Result<(), Error> {
    let request = DpopRequest {
        method: METHOD,
        url: URL,
        proofs,
        access_token: Some(token),
        nonce: None,
    };
    rules
        .verify(&verifier(), token, &support::keys(), &request, replay, NOW)
        .map(|_| ())
}

#[test]
fn a_bound_token_with_its_proof_is_accepted() {
    let token = bound_token();
    let proof = proof(NOW, "j1", &token);
    assert_eq!(
        verdict(&rules(), &token, &[&proof], &mut ReplayCache::new(8)),
        Ok(())
    );
}

#[test]
fn a_bound_token_without_proof_is_refused() {
    let token = bound_token();
    let refused = verdict(&rules(), &token, &[], &mut ReplayCache::new(8));
    assert_eq!(refused, Err(Error::DpopProofRequired));
    // As a bearer token, through a verifier that checks no DPoP.
    let bearer = verifier().verify(&token, &support::keys(), NOW, &IdTokenBinding::default());
    assert_eq!(bearer.err(), Some(Error::BindingNotVerified));
}

#[test]
fn a_proof_by_another_key_than_cnf_jkt_is_refused() {
    let token = bound_token();
    let key = other_key();
    let proof = sign_p256(
        &key,
        &es256_header(public_jwk(&key)),
        &claims(NOW, "j", &token),
    );
    let refused = verdict(&rules(), &token, &[&proof], &mut ReplayCache::new(8));
    assert_eq!(refused, Err(Error::DpopKeyMismatch));
}

#[test]
fn a_proof_with_an_unbound_token_is_refused_unless_allowed() {
    let token = token_with("");
    let proof = proof(NOW, "j", &token);
    let refused = verdict(&rules(), &token, &[&proof], &mut ReplayCache::new(8));
    assert_eq!(refused, Err(Error::DpopTokenUnbound));
    let lenient = DpopRules::new(DpopOptions {
        allow_unbound_tokens: true,
        ..DpopOptions::default()
    })
    .expect("valid");
    assert_eq!(
        verdict(&lenient, &token, &[&proof], &mut ReplayCache::new(8)),
        Ok(())
    );
    // Without a proof, an unbound token is a bearer token, as before.
    assert_eq!(
        verdict(&rules(), &token, &[], &mut ReplayCache::new(8)),
        Ok(())
    );
}

#[test]
fn other_confirmation_methods_beside_jkt_stay_unverified() {
    let cnf = format!(r#""cnf":{{"jkt":"{}","x5t#S256":"abc"}}"#, client_jkt());
    let token = token_with(&cnf);
    let proof = proof(NOW, "j", &token);
    let refused = verdict(&rules(), &token, &[&proof], &mut ReplayCache::new(8));
    assert_eq!(refused, Err(Error::BindingNotVerified));
}

#[test]
fn a_proof_is_accepted_once() {
    let token = bound_token();
    let mut replay = ReplayCache::new(8);
    let first = proof(NOW, "j1", &token);
    assert_eq!(verdict(&rules(), &token, &[&first], &mut replay), Ok(()));
    assert_eq!(
        verdict(&rules(), &token, &[&first], &mut replay),
        Err(Error::DpopReplay)
    );
    let second = proof(NOW, "j2", &token);
    assert_eq!(verdict(&rules(), &token, &[&second], &mut replay), Ok(()));
}

#[test]
fn a_full_replay_cache_refuses_rather_than_forgets() {
    let token = bound_token();
    let mut replay = ReplayCache::new(2);
    for jti in ["a", "b"] {
        assert_eq!(
            verdict(&rules(), &token, &[&proof(NOW, jti, &token)], &mut replay),
            Ok(())
        );
    }
    let third = proof(NOW, "c", &token);
    let refused = verdict(&rules(), &token, &[&third], &mut replay);
    assert_eq!(refused, Err(Error::DpopReplayCacheFull));
    // A refused proof does not take room: the first two are still there.
    assert_eq!(replay.len(), 2);
    let replayed = verdict(&rules(), &token, &[&proof(NOW, "a", &token)], &mut replay);
    assert_eq!(replayed, Err(Error::DpopReplay));
}

#[test]
fn token_rules_still_apply_with_a_proof() {
    let expired = format!(
        r#"{{"iss":"{}","aud":"{}","sub":"alice","exp":{},"cnf":{{"jkt":"{}"}}}}"#,
        support::ISSUER,
        support::AUDIENCE,
        NOW - 1,
        client_jkt()
    );
    let token = support::sign_ed(r#"{"alg":"EdDSA","kid":"ed"}"#, &expired);
    let mut replay = ReplayCache::new(8);
    let proof = proof(NOW, "j", &token);
    assert_eq!(
        verdict(&rules(), &token, &[&proof], &mut replay),
        Err(Error::Expired)
    );
    // A proof whose token was refused is not recorded.
    assert!(replay.is_empty());
}

/// An edge adapter's view: the two headers. A bound token sent with the
/// `Bearer` scheme is refused even when a valid proof came along.
#[test]
fn from_headers_a_bound_token_as_bearer_is_refused() {
    let token = bound_token();
    let proof = proof(NOW, "j", &token);
    let dpop_values = [proof.as_str()];
    let keys = support::keys();
    let verdict = |authorization: &str, replay: &mut ReplayCache| {
        let (token, request) =
            DpopRequest::from_headers(METHOD, URL, authorization, &dpop_values).expect("a token");
        rules()
            .verify(&verifier(), token, &keys, &request, replay, NOW)
            .map(|_| ())
    };
    let bearer = format!("Bearer {token}");
    assert_eq!(
        verdict(&bearer, &mut ReplayCache::new(8)),
        Err(Error::DpopProofRequired)
    );
    let dpop = format!("DPoP {token}");
    assert_eq!(verdict(&dpop, &mut ReplayCache::new(8)), Ok(()));
}
