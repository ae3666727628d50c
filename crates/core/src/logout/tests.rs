//! Every logout-token rule, accepting and refusing, with signed tokens.

use super::*;
use crate::base64url::encode;
use crate::claims::missing;
use alloc::format;
use alloc::string::ToString;
use ed25519_dalek::Signer as _;

const ISSUER: &str = "https://op.example";
const CLIENT: &str = "rp";
const NOW: i64 = 1_767_225_600;
const EVENTS: &str = r#""events":{"http://schemas.openid.net/event/backchannel-logout":{}}"#;
const HEADER: &str = r#"{"alg":"EdDSA","kid":"op","typ":"logout+jwt"}"#;

fn key(seed: u8) -> ed25519_dalek::SigningKey {
    ed25519_dalek::SigningKey::from_bytes(&[seed; 32])
}

fn keys() -> KeySet {
    let x = encode(key(1).verifying_key().as_bytes());
    let jwks = format!(r#"{{"keys":[{{"kty":"OKP","crv":"Ed25519","kid":"op","x":"{x}"}}]}}"#);
    KeySet::from_json(jwks.as_bytes()).unwrap()
}

fn sign_with(seed: u8, header: &str, payload: &str) -> String {
    let input = format!(
        "{}.{}",
        encode(header.as_bytes()),
        encode(payload.as_bytes())
    );
    let signature = key(seed).sign(input.as_bytes());
    format!("{input}.{}", encode(&signature.to_bytes()))
}

/// A valid logout token's claims with `extra` members, `iat` = NOW - 5.
fn payload(extra: &str) -> String {
    let separator = if extra.is_empty() { "" } else { "," };
    format!(
        r#"{{"iss":"{ISSUER}","aud":"{CLIENT}","iat":{},"jti":"j1","sid":"s1",{EVENTS}{separator}{extra}}}"#,
        NOW - 5
    )
}

fn verify_raw(header: &str, payload: &str) -> Result<LogoutToken, Error> {
    let verifier = LogoutVerifier::new(LogoutRules::new(ISSUER, CLIENT)).unwrap();
    verifier.verify(&sign_with(1, header, payload), &keys(), NOW)
}

fn verify(extra: &str) -> Result<LogoutToken, Error> {
    verify_raw(HEADER, &payload(extra))
}

fn invalid(rule: LogoutRule) -> Result<LogoutToken, Error> {
    Err(Error::LogoutTokenInvalid(rule))
}

#[test]
fn a_valid_logout_token_names_its_session_and_time() {
    let token = verify(r#""sub":"alice""#).unwrap();
    assert_eq!(token.jti, "j1");
    assert_eq!(token.sid.as_deref(), Some("s1"));
    assert_eq!(token.sub.as_deref(), Some("alice"));
    assert_eq!(token.iat, (NOW - 5) as f64);
    // iat + max age + tolerance.
    assert_eq!(token.remember_until, NOW - 5 + 300 + 30);
}

#[test]
fn logout_signature_must_hold_with_the_providers_keys() {
    let forged = sign_with(2, HEADER, &payload(""));
    let verifier = LogoutVerifier::new(LogoutRules::new(ISSUER, CLIENT)).unwrap();
    assert_eq!(
        verifier.verify(&forged, &keys(), NOW),
        Err(Error::BadSignature)
    );
}

#[test]
fn logout_typ_is_logout_jwt_plain_jwt_or_absent() {
    let with_typ = |typ: &str| format!(r#"{{"alg":"EdDSA","kid":"op"{typ}}}"#);
    for accepted in [
        r#","typ":"logout+jwt""#,
        r#","typ":"application/logout+jwt""#,
        r#","typ":"JWT""#,
        "",
    ] {
        assert!(
            verify_raw(&with_typ(accepted), &payload("")).is_ok(),
            "{accepted}"
        );
    }
    for refused in [r#","typ":"at+jwt""#, r#","typ":"secevent+jwt""#] {
        assert_eq!(
            verify_raw(&with_typ(refused), &payload("")),
            Err(Error::BadTyp),
            "{refused}"
        );
    }
}

#[test]
fn logout_alg_must_be_in_the_allowlist() {
    let verifier = LogoutVerifier::new(LogoutRules {
        algorithms: alloc::vec![Algorithm::ES256],
        ..LogoutRules::new(ISSUER, CLIENT)
    })
    .unwrap();
    let token = sign_with(1, HEADER, &payload(""));
    assert_eq!(
        verifier.verify(&token, &keys(), NOW),
        Err(Error::AlgNotAllowed)
    );
}

#[test]
fn logout_iss_and_aud_are_checked() {
    let other_issuer = payload("").replace(ISSUER, "https://evil.example");
    assert_eq!(verify_raw(HEADER, &other_issuer), Err(Error::BadIssuer));
    let other_audience = payload("").replace(r#""aud":"rp""#, r#""aud":["other"]"#);
    assert_eq!(verify_raw(HEADER, &other_audience), Err(Error::BadAudience));
    let among_others = payload("").replace(r#""aud":"rp""#, r#""aud":["other","rp"]"#);
    assert!(verify_raw(HEADER, &among_others).is_ok());
}

#[test]
fn logout_events_must_hold_the_backchannel_member_as_an_object() {
    let without = payload("").replace(&format!(",{EVENTS}"), "");
    assert_eq!(verify_raw(HEADER, &without), invalid(LogoutRule::Events));
    let event = BACKCHANNEL_LOGOUT_EVENT;
    for events in [
        r#""events":[]"#.to_string(),
        r#""events":{}"#.to_string(),
        format!(r#""events":{{"{event}":true}}"#),
        format!(r#""events":{{"{event}":"x"}}"#),
        r#""events":{"http://schemas.openid.net/event/other":{}}"#.to_string(),
    ] {
        let claims = payload("").replace(EVENTS, &events);
        assert_eq!(
            verify_raw(HEADER, &claims),
            invalid(LogoutRule::Events),
            "{events}"
        );
    }
}

#[test]
fn logout_token_carrying_a_nonce_is_refused() {
    assert_eq!(verify(r#""nonce":"n""#), invalid(LogoutRule::Nonce));
}

#[test]
fn logout_needs_sid_or_sub() {
    let sub_only = payload(r#""sub":"alice""#).replace(r#""sid":"s1","#, "");
    assert_eq!(verify_raw(HEADER, &sub_only).unwrap().sid, None);
    let neither = payload("").replace(r#""sid":"s1","#, "");
    assert_eq!(verify_raw(HEADER, &neither), invalid(LogoutRule::SidOrSub));
    let empty_sid = payload(r#""sub":"alice""#).replace(r#""sid":"s1""#, r#""sid":"""#);
    assert_eq!(
        verify_raw(HEADER, &empty_sid),
        invalid(LogoutRule::SidOrSub)
    );
    let sid_not_string = payload("").replace(r#""sid":"s1""#, r#""sid":["s1"]"#);
    assert_eq!(
        verify_raw(HEADER, &sid_not_string),
        Err(Error::BadClaimType {
            claim: "sid".to_string()
        })
    );
}

#[test]
fn logout_jti_is_required_and_not_empty() {
    let without = payload("").replace(r#""jti":"j1","#, "");
    assert_eq!(verify_raw(HEADER, &without), Err(missing("jti")));
    let empty = payload("").replace(r#""jti":"j1""#, r#""jti":"""#);
    assert_eq!(verify_raw(HEADER, &empty), invalid(LogoutRule::EmptyJti));
}

#[test]
fn logout_iat_is_required_recent_and_not_in_the_future() {
    let iat = format!(r#""iat":{}"#, NOW - 5);
    let with_iat = |value: i64| payload("").replace(&iat, &format!(r#""iat":{value}"#));
    let without = payload("").replace(&format!("{iat},"), "");
    assert_eq!(verify_raw(HEADER, &without), Err(missing("iat")));
    assert!(verify_raw(HEADER, &with_iat(NOW + 30)).is_ok());
    assert_eq!(
        verify_raw(HEADER, &with_iat(NOW + 31)),
        invalid(LogoutRule::IatInFuture)
    );
    assert!(verify_raw(HEADER, &with_iat(NOW - 330)).is_ok());
    assert_eq!(
        verify_raw(HEADER, &with_iat(NOW - 331)),
        Err(Error::TokenTooOld)
    );
}

#[test]
fn logout_exp_when_present_is_checked_and_shortens_the_memory() {
    assert_eq!(
        verify(&format!(r#""exp":{}"#, NOW - 30)),
        Err(Error::Expired)
    );
    let token = verify(&format!(r#""exp":{}"#, NOW + 60)).unwrap();
    assert_eq!(token.remember_until, NOW + 60 + 30);
    // A fractional end is rounded up: the jti is never forgotten early.
    let token = verify(&format!(r#""exp":{}.5"#, NOW + 60)).unwrap();
    assert_eq!(token.remember_until, NOW + 60 + 30 + 1);
}

#[test]
fn logout_jti_is_accepted_once_within_its_window() {
    let token = verify("").unwrap();
    let mut seen = SeenJtis::new();
    assert_eq!(seen.admit(&token, NOW), Ok(()));
    assert_eq!(seen.admit(&token, NOW + 1), Err(Error::LogoutTokenReplayed));
    assert_eq!(
        seen.admit(&token, token.remember_until),
        Err(Error::LogoutTokenReplayed)
    );
    // Past its window the verifier refuses the token itself (too old), and
    // the memory may let the jti go.
    seen.prune(token.remember_until + 1);
    assert!(seen.is_empty());
}

#[test]
fn logout_memory_restored_from_a_store_refuses_a_replay() {
    let token = verify("").unwrap();
    let mut seen = SeenJtis::new();
    seen.remember("j1", token.remember_until);
    assert_eq!(seen.admit(&token, NOW), Err(Error::LogoutTokenReplayed));
    seen.forget("j1");
    assert_eq!(seen.admit(&token, NOW), Ok(()));
}

#[test]
fn logout_error_codes_are_stable() {
    let error = Error::LogoutTokenInvalid(LogoutRule::Nonce);
    assert_eq!(error.code(), "logout_token_invalid");
    assert_eq!(error.reason(), Some("nonce_present"));
    assert_eq!(error.claim(), Some("nonce"));
    assert_eq!(Error::LogoutTokenReplayed.code(), "logout_token_replayed");
    for code in ["logout_token_invalid", "logout_token_replayed"] {
        assert!(crate::ERROR_CODES.contains(&code));
    }
}
