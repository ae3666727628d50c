use super::*;
use crate::json::{DEFAULT_MAX_DEPTH, parse_object};

fn header(json: &str) -> Result<Header, Error> {
    let members = parse_object(json.as_bytes(), DEFAULT_MAX_DEPTH).unwrap();
    Header::from_members(members, &Algorithm::ASYMMETRIC)
}

#[test]
fn accepts_allowed_alg_with_kid_and_typ() {
    let parsed = header(r#"{"alg":"ES256","kid":"k1","typ":"JWT"}"#).unwrap();
    assert_eq!(parsed.alg, Algorithm::ES256);
    assert_eq!(parsed.kid.as_deref(), Some("k1"));
    assert_eq!(parsed.typ.as_deref(), Some("JWT"));
}

#[test]
fn refuses_none_in_every_spelling() {
    for name in [
        "none", "None", "NONE", "nOnE", "", " RS256", "rs256", "HS256",
    ] {
        let json = alloc::format!(r#"{{"alg":"{name}"}}"#);
        assert_eq!(header(&json), Err(Error::AlgNotAllowed), "{name:?}");
    }
}

#[test]
fn hmac_needs_an_explicit_allowlist_entry() {
    let members = parse_object(br#"{"alg":"HS256"}"#, DEFAULT_MAX_DEPTH).unwrap();
    assert_eq!(
        Header::from_members(members.clone(), &Algorithm::ASYMMETRIC),
        Err(Error::AlgNotAllowed)
    );
    assert!(Header::from_members(members, &[Algorithm::HS256]).is_ok());
}

#[test]
fn refuses_crit_of_any_shape() {
    for json in [
        r#"{"alg":"ES256","crit":["exp"],"exp":1}"#,
        r#"{"alg":"ES256","crit":["b64"],"b64":false}"#,
        r#"{"alg":"ES256","crit":[]}"#,
        r#"{"alg":"ES256","crit":null}"#,
    ] {
        assert_eq!(header(json), Err(Error::CritUnsupported), "{json}");
    }
}

#[test]
fn refuses_wrongly_typed_members() {
    for json in [
        r#"{}"#,
        r#"{"alg":null}"#,
        r#"{"alg":["ES256"]}"#,
        r#"{"alg":"ES256","kid":7}"#,
        r#"{"alg":"ES256","typ":{"a":1}}"#,
    ] {
        assert_eq!(
            header(json),
            Err(Error::Malformed(Malformed::Header)),
            "{json}"
        );
    }
}

#[test]
fn ignores_embedded_keys_and_urls() {
    let parsed = header(
        r#"{"alg":"RS256","jwk":{"kty":"oct","k":"AAAA"},"jku":"https://evil.example/jwks","x5u":"https://evil.example/c","x5c":["MIIB"]}"#,
    )
    .unwrap();
    assert_eq!(parsed.alg, Algorithm::RS256);
    assert_eq!(parsed.kid, None);
}

#[test]
fn typ_compares_case_insensitively_with_optional_prefix() {
    assert!(typ_matches("at+jwt", "at+jwt"));
    assert!(typ_matches("AT+JWT", "at+jwt"));
    assert!(typ_matches("application/at+jwt", "at+jwt"));
    assert!(typ_matches("at+jwt", "Application/AT+JWT"));
    assert!(!typ_matches("jwt", "at+jwt"));
    assert!(!typ_matches("application/", "at+jwt"));
}
