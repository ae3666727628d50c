//! Certificate-bound tokens (RFC 8705 §3): `cnf["x5t#S256"]` must be the
//! base64url SHA-256 of the client certificate the TLS connection
//! presented, spelled exactly; a bound token without a certificate, or a
//! `cnf` with another method beside it, is refused.

mod support;

use proptest::prelude::*;
use support::{AUDIENCE, ISSUER, NOW, claims, keys, sign_ed};
use tokenward_core::oidc::IdTokenBinding;
use tokenward_core::verifier::{CertificateThumbprint, Confirmation, ValidationOptions, Verifier};
use tokenward_core::{ERROR_CODES, Error, base64url};

const HEADER: &str = r#"{"alg":"EdDSA","kid":"ed"}"#;
const JKT: &str = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";

fn verifier(accept_sender_constrained_as_bearer: bool) -> Verifier {
    Verifier::new(ValidationOptions {
        issuer: Some(ISSUER.into()),
        audiences: Some(vec![AUDIENCE.into()]),
        accept_sender_constrained_as_bearer,
        ..ValidationOptions::default()
    })
    .expect("valid options")
}

fn verdict_with(
    verifier: &Verifier,
    extra: &str,
    confirmation: Confirmation<'_>,
) -> Result<(), Error> {
    let token = sign_ed(HEADER, &claims(extra));
    let set = keys();
    let signed = verifier.prepare(&token, &set)?.verify()?;
    verifier
        .finish_confirmed(signed, NOW, &IdTokenBinding::default(), confirmation)
        .map(|_| ())
}

fn over(certificate: Option<CertificateThumbprint>) -> Confirmation<'static> {
    Confirmation::Certificate {
        certificate,
        dpop: &Confirmation::Bearer,
    }
}

fn bound_to(thumbprint: &str) -> String {
    format!(r#""cnf":{{"x5t#S256":"{thumbprint}"}}"#)
}

fn alice() -> CertificateThumbprint {
    CertificateThumbprint::of_der(b"alice's certificate, DER")
}

fn bob() -> CertificateThumbprint {
    CertificateThumbprint::of_der(b"bob's certificate, DER")
}

#[test]
fn the_certificate_the_token_names_passes() {
    let strict = verifier(false);
    let cnf = bound_to(&alice().to_base64url());
    assert_eq!(verdict_with(&strict, &cnf, over(Some(alice()))), Ok(()));
}

#[test]
fn another_certificate_is_a_mismatch_even_with_the_opt_out() {
    let cnf = bound_to(&alice().to_base64url());
    for accept_as_bearer in [false, true] {
        let refused = verdict_with(&verifier(accept_as_bearer), &cnf, over(Some(bob())));
        assert_eq!(refused, Err(Error::CertificateMismatch));
    }
    assert_eq!(Error::CertificateMismatch.code(), "certificate_mismatch");
}

#[test]
fn a_bound_token_without_a_certificate_is_refused() {
    let cnf = bound_to(&alice().to_base64url());
    let refused = verdict_with(&verifier(false), &cnf, over(None));
    assert_eq!(refused, Err(Error::CertificateRequired));
    assert_eq!(Error::CertificateRequired.code(), "certificate_required");
}

#[test]
fn other_spellings_of_the_same_digest_do_not_count() {
    // A digest whose base64 has both `-` and `_` (so `+` and `/` in the
    // standard alphabet) and, being 32 bytes, one `=` of padding.
    let mut bytes = [0u8; 32];
    bytes[0] = 0xfb;
    bytes[1] = 0xff;
    bytes[3..].fill(0x5a);
    let certificate = CertificateThumbprint(bytes);
    let exact = certificate.to_base64url();
    assert!(exact.contains('-') && exact.contains('_'), "{exact}");
    let standard = exact.replace('-', "+").replace('_', "/");
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let strict = verifier(false);
    assert_eq!(
        verdict_with(&strict, &bound_to(&exact), over(Some(certificate))),
        Ok(())
    );
    for spelling in [format!("{exact}="), standard, hex, exact.to_uppercase()] {
        let refused = verdict_with(&strict, &bound_to(&spelling), over(Some(certificate)));
        assert_eq!(refused, Err(Error::CertificateMismatch), "{spelling}");
    }
    for value in ["null", "42", r#"["x"]"#] {
        let cnf = format!(r#""cnf":{{"x5t#S256":{value}}}"#);
        let refused = verdict_with(&strict, &cnf, over(Some(certificate)));
        assert_eq!(refused, Err(Error::CertificateMismatch), "{value}");
    }
}

#[test]
fn a_certificate_bound_token_without_the_check_stays_refused() {
    let cnf = bound_to(&alice().to_base64url());
    let refused = verdict_with(&verifier(false), &cnf, Confirmation::Bearer);
    assert_eq!(refused, Err(Error::BindingNotVerified));
}

#[test]
fn an_unbound_token_passes_where_certificates_are_checked() {
    let strict = verifier(false);
    assert_eq!(verdict_with(&strict, "", over(Some(alice()))), Ok(()));
    assert_eq!(verdict_with(&strict, "", over(None)), Ok(()));
}

#[test]
fn both_methods_need_both_proofs() {
    let x5t = alice().to_base64url();
    let cnf = format!(r#""cnf":{{"jkt":"{JKT}","x5t#S256":"{x5t}"}}"#);
    let strict = verifier(false);
    let dpop = Confirmation::Dpop { thumbprint: JKT };
    let both = Confirmation::Certificate {
        certificate: Some(alice()),
        dpop: &dpop,
    };
    assert_eq!(verdict_with(&strict, &cnf, both), Ok(()));
    // Only one of the two proven: the other binding is unchecked.
    assert_eq!(
        verdict_with(&strict, &cnf, over(Some(alice()))),
        Err(Error::BindingNotVerified)
    );
    assert_eq!(
        verdict_with(&strict, &cnf, dpop),
        Err(Error::BindingNotVerified)
    );
    // Each proof is still checked against its own member.
    let wrong_key = Confirmation::Dpop {
        thumbprint: "other",
    };
    let wrong_dpop = Confirmation::Certificate {
        certificate: Some(alice()),
        dpop: &wrong_key,
    };
    assert_eq!(
        verdict_with(&strict, &cnf, wrong_dpop),
        Err(Error::DpopKeyMismatch)
    );
    let wrong_certificate = Confirmation::Certificate {
        certificate: Some(bob()),
        dpop: &dpop,
    };
    assert_eq!(
        verdict_with(&strict, &cnf, wrong_certificate),
        Err(Error::CertificateMismatch)
    );
    let missing = Confirmation::Certificate {
        certificate: Some(alice()),
        dpop: &Confirmation::DpopMissing,
    };
    assert_eq!(
        verdict_with(&strict, &cnf, missing),
        Err(Error::DpopProofRequired)
    );
}

#[test]
fn an_unknown_member_beside_the_certificate_is_not_verified() {
    let x5t = alice().to_base64url();
    let cnf = format!(r#""cnf":{{"x5t#S256":"{x5t}","kid":"more"}}"#);
    let refused = verdict_with(&verifier(false), &cnf, over(Some(alice())));
    assert_eq!(refused, Err(Error::BindingNotVerified));
    assert_eq!(
        verdict_with(&verifier(true), &cnf, over(Some(alice()))),
        Ok(())
    );
}

#[test]
fn hex_thumbprints_read_as_proxies_write_them() {
    let certificate = alice();
    let hex: String = certificate.0.iter().map(|b| format!("{b:02x}")).collect();
    let colons: Vec<String> = certificate.0.iter().map(|b| format!("{b:02X}")).collect();
    assert_eq!(CertificateThumbprint::from_hex(&hex), Some(certificate));
    assert_eq!(
        CertificateThumbprint::from_hex(&hex.to_uppercase()),
        Some(certificate)
    );
    assert_eq!(
        CertificateThumbprint::from_hex(&colons.join(":")),
        Some(certificate)
    );
    for bad in [
        String::new(),
        hex[..62].to_owned(),
        format!("{hex}00"),
        format!("{}zz", &hex[..62]),
        format!(":{hex}"),
        format!("{}:{}", &hex[..3], &hex[3..]),
        certificate.to_base64url(),
    ] {
        assert_eq!(CertificateThumbprint::from_hex(&bad), None, "{bad}");
    }
}

#[test]
fn the_codes_are_in_the_exported_list() {
    for code in [
        "certificate_mismatch",
        "certificate_required",
        "certificate_token_unbound",
    ] {
        assert!(ERROR_CODES.contains(&code), "{code}");
    }
}

proptest! {
    // Each case signs and verifies a token: fewer cases than the default.
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn only_the_exact_certificate_passes(
        der in proptest::collection::vec(any::<u8>(), 0..64),
        other in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        let strict = verifier(false);
        let mine = CertificateThumbprint::of_der(&der);
        let theirs = CertificateThumbprint::of_der(&other);
        let cnf = bound_to(&mine.to_base64url());
        prop_assert_eq!(base64url::decode(mine.to_base64url().as_bytes()).ok(), Some(mine.0.to_vec()));
        prop_assert_eq!(verdict_with(&strict, &cnf, over(Some(mine))), Ok(()));
        let expected = if der == other { Ok(()) } else { Err(Error::CertificateMismatch) };
        prop_assert_eq!(verdict_with(&strict, &cnf, over(Some(theirs))), expected);
    }

    #[test]
    fn no_other_string_passes(claimed in "[A-Za-z0-9_=+/-]{0,48}") {
        let certificate = alice();
        let cnf = bound_to(&claimed);
        let expected = if claimed == certificate.to_base64url() {
            Ok(())
        } else {
            Err(Error::CertificateMismatch)
        };
        prop_assert_eq!(verdict_with(&verifier(false), &cnf, over(Some(certificate))), expected);
    }
}
