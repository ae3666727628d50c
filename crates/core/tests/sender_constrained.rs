//! Sender-constrained tokens (`cnf`) are refused with `binding_not_verified`
//! unless the caller opts out: they must not pass as bearer tokens.

mod support;

use support::{AUDIENCE, ISSUER, NOW, claims, keys, sign_ed};
use tokenward_core::oidc::IdTokenBinding;
use tokenward_core::verifier::{ValidationOptions, Verifier};
use tokenward_core::{ERROR_CODES, Error};

const HEADER: &str = r#"{"alg":"EdDSA","kid":"ed"}"#;

fn verifier(accept_sender_constrained_as_bearer: bool) -> Verifier {
    Verifier::new(ValidationOptions {
        issuer: Some(ISSUER.into()),
        audiences: Some(vec![AUDIENCE.into()]),
        accept_sender_constrained_as_bearer,
        ..ValidationOptions::default()
    })
    .expect("valid options")
}

fn verdict(verifier: &Verifier, extra: &str) -> Result<(), Error> {
    let token = sign_ed(HEADER, &claims(extra));
    verifier
        .verify(&token, &keys(), NOW, &IdTokenBinding::default())
        .map(|_| ())
}

const CONFIRMATIONS: [&str; 6] = [
    r#""cnf":{"jkt":"0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"}"#,
    r#""cnf":{"x5t#S256":"bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2"}"#,
    r#""cnf":{"jwk":{"kty":"OKP","crv":"Ed25519","x":"AA"}}"#,
    r#""cnf":{"kid":"some-other-method"}"#,
    r#""cnf":{}"#,
    r#""cnf":null"#,
];

#[test]
fn any_cnf_member_is_refused_by_default() {
    let strict = verifier(false);
    assert_eq!(verdict(&strict, ""), Ok(()));
    for cnf in CONFIRMATIONS {
        let refused = verdict(&strict, cnf).err();
        assert_eq!(refused, Some(Error::BindingNotVerified), "{cnf}");
        assert_eq!(refused.map(|e| e.code()), Some("binding_not_verified"));
    }
}

#[test]
fn the_opt_out_accepts_them_as_bearer_tokens() {
    let lenient = verifier(true);
    for cnf in CONFIRMATIONS {
        assert_eq!(verdict(&lenient, cnf), Ok(()), "{cnf}");
    }
    // The opt-out does not relax anything else.
    let expired = format!(
        r#"{{"iss":"{ISSUER}","aud":"{AUDIENCE}","sub":"alice","exp":{},{}}}"#,
        NOW - 1,
        CONFIRMATIONS[0]
    );
    let token = sign_ed(HEADER, &expired);
    let refused = lenient.verify(&token, &keys(), NOW, &IdTokenBinding::default());
    assert_eq!(refused.err(), Some(Error::Expired));
}

#[test]
fn the_default_is_to_refuse() {
    assert!(!ValidationOptions::default().accept_sender_constrained_as_bearer);
}

#[test]
fn the_code_is_in_the_exported_list() {
    assert!(ERROR_CODES.contains(&"binding_not_verified"));
    let message = Error::BindingNotVerified.to_string();
    assert!(message.starts_with("binding_not_verified: "), "{message}");
}
