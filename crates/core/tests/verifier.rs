//! End-to-end verification rules through `Verifier::verify`, one test per
//! rule, accepting and rejecting, with really signed tokens.

mod support;

use support::*;
use tokenward_core::base64url::encode;
use tokenward_core::oidc::{IdTokenBinding, IdTokenRules, half_hash};
use tokenward_core::verifier::{IdentityKind, Profile, ValidationOptions, Verifier};
use tokenward_core::{Algorithm, Error, KeySet, Malformed};

fn options() -> ValidationOptions {
    ValidationOptions {
        issuer: Some(ISSUER.into()),
        audiences: Some(vec![AUDIENCE.into()]),
        ..ValidationOptions::default()
    }
}

fn verify_with(options: ValidationOptions, token: &str) -> Result<(), Error> {
    let verifier = Verifier::new(options).expect("valid options");
    verifier
        .verify(token, &keys(), NOW, &IdTokenBinding::default())
        .map(|_| ())
}

fn verify(token: &str) -> Result<(), Error> {
    verify_with(options(), token)
}

const ED: &str = r#"{"alg":"EdDSA","kid":"ed"}"#;
const ES: &str = r#"{"alg":"ES256","kid":"ec"}"#;

#[test]
fn valid_tokens_verify_and_return_header_and_claims() {
    let verifier = Verifier::new(options()).unwrap();
    for token in [sign_ed(ED, &claims("")), sign_es256(ES, &claims(""))] {
        let verified = verifier
            .verify(&token, &keys(), NOW, &IdTokenBinding::default())
            .unwrap();
        assert_eq!(verified.subject(), Some("alice"));
        assert_eq!(verified.kind, IdentityKind::User);
    }
}

#[test]
fn alg_none_is_refused_in_every_spelling_and_shape() {
    for alg in ["none", "None", "NONE", "nOnE"] {
        let header = format!(r#"{{"alg":"{alg}"}}"#);
        let input = signing_input(&header, &claims(""));
        for token in [format!("{input}."), format!("{input}.AAAA")] {
            assert_eq!(verify(&token), Err(Error::AlgNotAllowed), "{alg}");
        }
    }
}

#[test]
fn hs_rs_confusion_fails_without_an_opted_in_oct_key() {
    // The attacker signs HS256 with the public key as the HMAC secret.
    let public_jwk = jwks_json();
    let input = signing_input(r#"{"alg":"HS256","kid":"ed"}"#, &claims(""));
    let forged = format!(
        "{input}.{}",
        encode(&hmac_sha256(public_jwk.as_bytes(), input.as_bytes()))
    );
    assert_eq!(verify(&forged), Err(Error::AlgNotAllowed));
    // Even with HS256 allowed, an OKP key can never verify HMAC.
    let allow_hs = ValidationOptions {
        algorithms: vec![Algorithm::HS256, Algorithm::EdDSA],
        ..options()
    };
    assert_eq!(verify_with(allow_hs, &forged), Err(Error::KeyAlgMismatch));
}

#[test]
fn embedded_jwk_and_jku_are_ignored() {
    let attacker = ed25519_dalek::SigningKey::from_bytes(&[9; 32]);
    let header = format!(
        r#"{{"alg":"EdDSA","kid":"ed","jwk":{{"kty":"OKP","crv":"Ed25519","x":"{}"}},"jku":"https://evil.example/jwks"}}"#,
        encode(attacker.verifying_key().as_bytes())
    );
    let input = signing_input(&header, &claims(""));
    use ed25519_dalek::Signer as _;
    let token = format!(
        "{input}.{}",
        encode(&attacker.sign(input.as_bytes()).to_bytes())
    );
    assert_eq!(verify(&token), Err(Error::BadSignature));
}

#[test]
fn ecdsa_signatures_must_be_raw_r_s_in_range() {
    let token = sign_es256(ES, &claims(""));
    let (input, signature) = token.rsplit_once('.').unwrap();
    let raw = tokenward_core::base64url::decode(signature.as_bytes()).unwrap();
    let der = der_encode(&raw[..32], &raw[32..]);
    assert_eq!(
        verify(&format!("{input}.{}", encode(&der))),
        Err(Error::BadSignature)
    );
    assert_eq!(
        verify(&format!("{input}.{}", encode(&[0; 64]))),
        Err(Error::BadSignature)
    );
    assert_eq!(
        verify(&format!("{input}.{}", encode(&raw[..63]))),
        Err(Error::BadSignature)
    );
    // High-S (n - s) is a valid ECDSA signature and must verify.
    let high_s = negate_s_p256(&raw);
    assert_eq!(verify(&format!("{input}.{}", encode(&high_s))), Ok(()));
}

#[test]
fn duplicate_members_are_refused_even_when_signed() {
    let header = r#"{"alg":"EdDSA","kid":"ed","kid":"ec"}"#;
    assert_eq!(
        verify(&sign_ed(header, &claims(""))),
        Err(Error::Malformed(Malformed::Json))
    );
    let payload = claims(r#""sub":"admin""#);
    assert_eq!(
        verify(&sign_ed(ED, &payload)),
        Err(Error::Malformed(Malformed::Json))
    );
}

#[test]
fn base64url_must_be_strict() {
    let token = sign_ed(ED, &claims(""));
    let (head, rest) = token.split_once('.').unwrap();
    for bad in [
        format!("{head}=.{rest}"),
        format!("{head} .{rest}"),
        format!("{head}.{rest}=="),
        format!("{}.{rest}", head.replace('-', "+").replace('_', "/") + "+"),
    ] {
        assert_eq!(
            verify(&bad),
            Err(Error::Malformed(Malformed::Base64)),
            "{bad}"
        );
    }
}

#[test]
fn crit_jwe_and_oversized_tokens() {
    let crit = r#"{"alg":"EdDSA","kid":"ed","crit":["b64"],"b64":false}"#;
    assert_eq!(
        verify(&sign_ed(crit, &claims(""))),
        Err(Error::CritUnsupported)
    );
    assert_eq!(
        verify("eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d"),
        Err(Error::Malformed(Malformed::Segments))
    );
    let huge = sign_ed(ED, &claims(&format!(r#""pad":"{}""#, "x".repeat(20_000))));
    assert_eq!(verify(&huge), Err(Error::TooLarge { limit: 16 * 1024 }));
    let roomy = ValidationOptions {
        max_token_length: 64 * 1024,
        ..options()
    };
    assert_eq!(verify_with(roomy, &huge), Ok(()));
}

#[test]
fn deep_nesting_is_refused() {
    let deep = format!(r#""nest":{}{}"#, "[".repeat(64), "]".repeat(64));
    assert_eq!(
        verify(&sign_ed(ED, &claims(&deep))),
        Err(Error::Malformed(Malformed::JsonDepth))
    );
}

#[test]
fn claim_types_are_checked_after_the_signature() {
    let exp_string = format!(
        r#"{{"iss":"{ISSUER}","aud":"{AUDIENCE}","exp":"{}"}}"#,
        NOW + 60
    );
    assert_eq!(
        verify(&sign_ed(ED, &exp_string)),
        Err(Error::BadClaimType {
            claim: "exp".into()
        })
    );
    // A tampered payload fails on the signature, before any claim is read.
    let token = sign_ed(ED, &claims(""));
    let parts: Vec<&str> = token.split('.').collect();
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        encode(exp_string.as_bytes()),
        parts[2]
    );
    assert_eq!(verify(&tampered), Err(Error::BadSignature));
}

#[test]
fn key_selection_through_the_verifier() {
    let no_kid = sign_ed(r#"{"alg":"EdDSA"}"#, &claims(""));
    assert_eq!(verify(&no_kid), Ok(()), "one key can verify EdDSA");
    let unknown = sign_ed(r#"{"alg":"EdDSA","kid":"nope"}"#, &claims(""));
    assert_eq!(verify(&unknown), Err(Error::UnknownKid));
    let wrong_type = sign_ed(r#"{"alg":"EdDSA","kid":"ec"}"#, &claims(""));
    assert_eq!(verify(&wrong_type), Err(Error::KeyAlgMismatch));
    let empty = KeySet::from_json(br#"{"keys":[]}"#).unwrap();
    let verifier = Verifier::new(options()).unwrap();
    assert_eq!(
        verifier.verify(&no_kid, &empty, NOW, &IdTokenBinding::default()),
        Err(Error::UnknownKid)
    );
}

#[test]
fn explicit_typing_and_the_access_token_profile() {
    let at = ValidationOptions {
        profile: Profile::AccessToken,
        ..options()
    };
    let full = claims(r#""client_id":"spa","jti":"j1""#);
    let typed = r#"{"alg":"EdDSA","kid":"ed","typ":"at+jwt"}"#;
    assert_eq!(verify_with(at.clone(), &sign_ed(typed, &full)), Ok(()));
    let app_typed = r#"{"alg":"EdDSA","kid":"ed","typ":"application/AT+JWT"}"#;
    assert_eq!(verify_with(at.clone(), &sign_ed(app_typed, &full)), Ok(()));
    assert_eq!(
        verify_with(at.clone(), &sign_ed(ED, &full)),
        Err(Error::BadTyp)
    );
    let jwt_typed = r#"{"alg":"EdDSA","kid":"ed","typ":"JWT"}"#;
    assert_eq!(
        verify_with(at.clone(), &sign_ed(jwt_typed, &full)),
        Err(Error::BadTyp)
    );
    assert_eq!(
        verify_with(at.clone(), &sign_ed(typed, &claims(r#""client_id":"spa""#))),
        Err(Error::MissingClaim {
            claim: "jti".into()
        })
    );
    assert_eq!(
        Verifier::new(ValidationOptions {
            profile: Profile::AccessToken,
            ..ValidationOptions::default()
        })
        .err(),
        Some(tokenward_core::verifier::OptionsError::AccessTokenNeedsIssuerAndAudience)
    );
    let typ_only = ValidationOptions {
        typ: Some("JWT".into()),
        ..options()
    };
    assert_eq!(
        verify_with(typ_only.clone(), &sign_ed(jwt_typed, &claims(""))),
        Ok(())
    );
    assert_eq!(
        verify_with(typ_only, &sign_ed(ED, &claims(""))),
        Err(Error::BadTyp)
    );
}

#[test]
fn service_tokens_are_told_apart_from_user_tokens() {
    let verifier = Verifier::new(options()).unwrap();
    let kind = |extra: &str| {
        let token = sign_ed(ED, &claims(extra).replace(r#""sub":"alice","#, ""));
        verifier
            .verify(&token, &keys(), NOW, &IdTokenBinding::default())
            .unwrap()
            .kind
    };
    assert_eq!(
        kind(r#""sub":"svc","client_id":"svc""#),
        IdentityKind::Service
    );
    assert_eq!(kind(r#""client_id":"svc""#), IdentityKind::Service);
    assert_eq!(
        kind(r#""client_id":"spa","sub":"alice""#),
        IdentityKind::User
    );
}

#[test]
fn id_tokens_end_to_end() {
    let id = ValidationOptions {
        audiences: None,
        max_age: Some(600),
        profile: Profile::IdToken(IdTokenRules {
            client_id: "spa".into(),
        }),
        ..options()
    };
    let verifier = Verifier::new(id).unwrap();
    let access_token = "an-access-token";
    let payload = format!(
        r#"{{"iss":"{ISSUER}","aud":"spa","sub":"alice","iat":{},"exp":{},"auth_time":{},"nonce":"n-0S6","at_hash":"{}"}}"#,
        NOW - 5,
        NOW + 3000,
        NOW - 60,
        half_hash(Algorithm::EdDSA, access_token)
    );
    let token = sign_ed(ED, &payload);
    let binding = IdTokenBinding {
        nonce: Some("n-0S6"),
        access_token: Some(access_token),
        code: None,
    };
    assert!(verifier.verify(&token, &keys(), NOW, &binding).is_ok());
    let wrong_nonce = IdTokenBinding {
        nonce: Some("other"),
        ..binding
    };
    assert_eq!(
        verifier.verify(&token, &keys(), NOW, &wrong_nonce),
        Err(Error::NonceMismatch)
    );
    let wrong_access_token = IdTokenBinding {
        access_token: Some("another"),
        ..binding
    };
    assert_eq!(
        verifier.verify(&token, &keys(), NOW, &wrong_access_token),
        Err(Error::AtHashMismatch { claim: "at_hash" })
    );
    assert_eq!(
        verifier.verify(&token, &keys(), NOW + 600, &binding),
        Err(Error::AuthTimeTooOld)
    );
    // An access token cannot pass as an ID token.
    let at_typed = sign_ed(r#"{"alg":"EdDSA","kid":"ed","typ":"at+jwt"}"#, &payload);
    assert_eq!(
        verifier.verify(&at_typed, &keys(), NOW, &binding),
        Err(Error::BadTyp)
    );
}

fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    use hmac::{KeyInit, Mac};
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

fn der_encode(r: &[u8], s: &[u8]) -> Vec<u8> {
    let int = |bytes: &[u8]| {
        let mut body = bytes.to_vec();
        if body[0] & 0x80 != 0 {
            body.insert(0, 0);
        }
        [vec![0x02, body.len() as u8], body].concat()
    };
    let body = [int(r), int(s)].concat();
    [vec![0x30, body.len() as u8], body].concat()
}

/// Replaces s by n - s (the other valid signature for the same r).
fn negate_s_p256(raw: &[u8]) -> Vec<u8> {
    const N: [u8; 32] = [
        0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63,
        0x25, 0x51,
    ];
    let s = &raw[32..];
    let mut out = vec![0u8; 32];
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let mut digit = N[i] as i16 - s[i] as i16 - borrow;
        borrow = if digit < 0 { 1 } else { 0 };
        if digit < 0 {
            digit += 256;
        }
        out[i] = digit as u8;
    }
    [raw[..32].to_vec(), out].concat()
}

#[test]
fn two_phase_verification_with_a_host_signature_check() {
    let verifier = Verifier::new(options()).unwrap();
    let binding = IdTokenBinding::default();
    let token = sign_es256(ES, &claims(""));
    let keys = keys();
    let check = verifier.prepare(&token, &keys).unwrap();
    assert_eq!(check.alg(), Algorithm::ES256);
    assert_eq!(check.key().kid.as_deref(), Some("ec"));
    assert_eq!(check.signature().len(), 64);
    let signed = check.host_verified(true).unwrap();
    assert!(verifier.finish(signed, NOW, &binding).is_ok());
    // The host's "no" is final, and a lenient host cannot widen the format.
    let check = verifier.prepare(&token, &keys).unwrap();
    assert_eq!(check.host_verified(false).err(), Some(Error::BadSignature));
    let (input, _) = token.rsplit_once('.').unwrap();
    let long = format!("{input}.{}", encode(&[1; 65]));
    let check = verifier.prepare(&long, &keys).unwrap();
    assert_eq!(check.host_verified(true).err(), Some(Error::BadSignature));
    // Claims are still checked after a host-verified signature.
    let check = verifier.prepare(&token, &keys).unwrap();
    let signed = check.host_verified(true).unwrap();
    assert_eq!(
        verifier.finish(signed, NOW + 301, &binding).err(),
        Some(Error::Expired)
    );
}
