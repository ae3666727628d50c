//! `begin` + host verdict + `finish` against `decide`: the same decisions,
//! reports included, whoever checks the signature. The host checks ES256
//! here: EdDSA (like HMAC) never reaches a host, the core decides it within
//! `begin`.

use super::{NOW, NOW_MS, claims, config_json, jwks as ed_jwks, key, token};
use crate::alg::Algorithm;
use crate::base64url::encode;
use crate::edge::*;
use ::p256::ecdsa::signature::{Signer as _, Verifier as _};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// The ES256 key a host checks in these tests.
fn es_key() -> ::p256::ecdsa::SigningKey {
    ::p256::ecdsa::SigningKey::from_slice(&[42; 32]).expect("scalar")
}

/// `x` and `y` of [`es_key`], base64url.
fn es_coordinates() -> (String, String) {
    let point = es_key().verifying_key().to_sec1_point(false);
    let bytes = point.as_bytes();
    (encode(&bytes[1..33]), encode(&bytes[33..]))
}

/// A set with the ES256 key as `kid` and the tests' Ed25519 key as
/// `kid`-ed.
pub(super) fn step_jwks(kid: &str) -> String {
    let (x, y) = es_coordinates();
    let ed = ed_jwks(&format!("{kid}-ed"));
    let ed_key = ed
        .strip_prefix(r#"{"keys":["#)
        .and_then(|rest| rest.strip_suffix("]}"))
        .expect("one key");
    format!(
        r#"{{"keys":[{{"kty":"EC","crv":"P-256","kid":"{kid}","x":"{x}","y":"{y}"}},{ed_key}]}}"#
    )
}

/// An ES256 token under [`es_key`].
pub(super) fn es_token(kid: &str, claims: &str) -> String {
    let header = format!(r#"{{"alg":"ES256","kid":"{kid}"}}"#);
    let input = format!(
        "{}.{}",
        encode(header.as_bytes()),
        encode(claims.as_bytes())
    );
    let signature: ::p256::ecdsa::Signature = es_key().sign(input.as_bytes());
    format!("{input}.{}", encode(&signature.to_bytes()))
}

/// The shared edge configuration, allowing ES256 beside EdDSA.
pub(super) fn step_config_json(keys: &str) -> String {
    config_json(keys).replace(
        r#""algorithms": ["EdDSA"]"#,
        r#""algorithms": ["ES256", "EdDSA"]"#,
    )
}

fn step_inline_gateway() -> (Gateway, Sources) {
    let json = step_config_json(&format!(r#""local_jwks": {}"#, step_jwks("k1")));
    let config = EdgeConfig::from_json(json.as_bytes()).expect("valid config");
    let sources = Sources::new(&config);
    (Gateway::new(config), sources)
}

/// The host's crypto in these tests: ES256 with [`es_key`].
fn host_check(pending: &PendingSignature) -> bool {
    let Ok(signature) = ::p256::ecdsa::Signature::from_slice(pending.signature()) else {
        return false;
    };
    es_key()
        .verifying_key()
        .verify(pending.signing_input(), &signature)
        .is_ok()
}

/// Drives a request through `begin` / `finish` with [`host_check`],
/// counting the signatures the host was asked for.
fn drive(gw: &mut Gateway, src: &mut Sources, request: &Request<'_>) -> (Decision, usize) {
    let mut asked = 0;
    let mut step = gw.begin(request, src, NOW_MS);
    loop {
        match step {
            Step::Done(decision) => return (decision, asked),
            Step::NeedsSignature(pending) => {
                asked += 1;
                assert_eq!(pending.alg(), Algorithm::ES256);
                let valid = host_check(&pending);
                step = gw.finish(pending, valid, src, NOW_MS);
            }
        }
    }
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

fn remote_config() -> EdgeConfig {
    let json = step_config_json(
        r#""remote_jwks": {"uri": "http://127.0.0.1:9/jwks.json", "cluster": "jwks"}"#,
    )
    .replace(
        "\"rules\"",
        r#""revocation": {"uri": "http://127.0.0.1:9/revoked.json", "cluster": "jwks"}, "rules""#,
    );
    EdgeConfig::from_json(json.as_bytes()).expect("valid config")
}

/// Sources with keys `k1` and a revocation list revoking `jti` `j-revoked`.
fn remote_sources(config: &EdgeConfig) -> Sources {
    let mut src = Sources::new(config);
    let main = config.provider_index("main").expect("main");
    let machine = src.jwks_mut(main, 0).expect("remote keys");
    let fetch = machine.poll(NOW_MS).expect("first fetch");
    machine.on_response(NOW_MS, fetch.id, 200, &[], step_jwks("k1").as_bytes());
    let list = src.revocation_mut().expect("revocation");
    let fetch = list.poll(NOW_MS).expect("first fetch");
    list.on_response(NOW_MS, fetch.id, 200, &[], br#"{"jti":["j-revoked"]}"#);
    src
}

fn tampered(token: &str) -> String {
    let (input, _) = token.rsplit_once('.').expect("three segments");
    format!("{input}.{}", encode(&[7; 64]))
}

#[test]
fn begin_and_finish_decide_as_decide_does() {
    let good = es_token("k1", &claims(r#","jti":"j1""#));
    let expired = es_token("k1", &claims("").replace(&format!("{}", NOW + 300), "1000"));
    let revoked = es_token("k1", &claims(r#","jti":"j-revoked""#));
    let ed = token("k1-ed", &claims(""));
    let requests: Vec<(&str, String)> = alloc::vec![
        ("/", bearer(&ed)), // EdDSA: the core decides, no host asked
        ("/", bearer(&tampered(&ed))),
        ("/", bearer(&good)),
        ("/", bearer(&good)), // a cache hit: no signature asked
        ("/", bearer(&tampered(&good))),
        ("/", bearer(&expired)),
        ("/", bearer(&revoked)),
        ("/", bearer(&revoked)), // revocation is checked on hits too
        ("/", bearer(&es_token("k9", &claims("")))),
        ("/", String::from("Bearer not.a.token")),
        ("/", String::new()),
        ("/any", bearer(&good)), // "other" fails on the issuer, then "main"
        ("/public", String::new()),
        ("/health", bearer(&good)),
    ];
    let config = remote_config();
    let (mut by_decide, mut by_host) = (Gateway::new(config.clone()), Gateway::new(config.clone()));
    let (mut src_decide, mut src_host) = (remote_sources(&config), remote_sources(&config));
    let mut asked_total = 0;
    for (path, authorization) in &requests {
        let headers = [("authorization", authorization.as_str())];
        let request = Request {
            method: "GET",
            path,
            headers: if authorization.is_empty() {
                &[]
            } else {
                &headers
            },
        };
        let expected = by_decide.decide(&request, &mut src_decide, NOW_MS);
        let (decision, asked) = drive(&mut by_host, &mut src_host, &request);
        assert_eq!(decision, expected, "{path} {authorization}");
        asked_total += asked;
    }
    let codes: Vec<Option<&str>> = requests
        .iter()
        .map(|(path, authorization)| {
            let headers = [("authorization", authorization.as_str())];
            let request = Request {
                method: "GET",
                path,
                headers: if authorization.is_empty() {
                    &[]
                } else {
                    &headers
                },
            };
            by_decide
                .decide(&request, &mut src_decide, NOW_MS)
                .report
                .denied()
        })
        .collect();
    assert_eq!(
        codes,
        [
            None,
            Some("bad_signature"),
            None,
            None,
            Some("bad_signature"),
            Some("expired"),
            Some("revoked"),
            Some("revoked"),
            Some("unknown_kid"),
            Some("malformed"),
            Some("missing"),
            None,
            None,
            None,
        ]
    );
    // good (miss), tampered, expired, revoked (miss); /any: "other" holds
    // no P-256 key, "main" answers from the cache; EdDSA never.
    assert_eq!(asked_total, 4);
}

#[test]
fn a_host_saying_yes_to_a_wrong_length_signature_is_refused() {
    let good = es_token("k1", &claims(""));
    let (input, _) = good.rsplit_once('.').expect("three segments");
    for length in [0, 63, 65, 128] {
        let odd = bearer(&format!("{input}.{}", encode(&alloc::vec![1; length])));
        let (mut gw, mut src) = step_inline_gateway();
        let headers = [("authorization", odd.as_str())];
        let request = Request {
            method: "GET",
            path: "/",
            headers: &headers,
        };
        let decision = match gw.begin(&request, &mut src, NOW_MS) {
            Step::NeedsSignature(pending) => match gw.finish(pending, true, &mut src, NOW_MS) {
                Step::Done(decision) => decision,
                Step::NeedsSignature(_) => panic!("one provider"),
            },
            Step::Done(decision) => decision,
        };
        assert_eq!(decision.report.denied(), Some("bad_signature"), "{length}");
    }
}

#[test]
fn the_host_sees_the_selected_key_and_signed_bytes() {
    let good = es_token("k1", &claims(""));
    let (mut gw, mut src) = step_inline_gateway();
    let authorization = bearer(&good);
    let headers = [("authorization", authorization.as_str())];
    let request = Request {
        method: "GET",
        path: "/",
        headers: &headers,
    };
    let Step::NeedsSignature(pending) = gw.begin(&request, &mut src, NOW_MS) else {
        panic!("a signature to check")
    };
    let (x, y) = es_coordinates();
    let (input, _) = good.rsplit_once('.').expect("three segments");
    assert_eq!(
        pending.public_jwk(),
        Some(format!(
            r#"{{"kty":"EC","crv":"P-256","x":"{x}","y":"{y}"}}"#
        ))
    );
    assert_eq!(pending.signing_input(), input.as_bytes());
    assert_eq!(pending.signature().len(), 64);
    assert_eq!((pending.provider(), pending.key_generation()), (0, 0));
    // A host that cannot import the key hands the check back to the core.
    let Step::Done(decision) = gw.finish_in_core(pending, &mut src, NOW_MS) else {
        panic!("decided")
    };
    assert!(decision.report.allowed);
}

#[test]
fn a_key_set_change_while_the_host_checks_starts_over() {
    let config = remote_config();
    let main = config.provider_index("main").expect("main");
    let mut src = remote_sources(&config);
    let mut gw = Gateway::new(config);
    let authorization = bearer(&es_token("k1", &claims("")));
    let headers = [("authorization", authorization.as_str())];
    let request = Request {
        method: "GET",
        path: "/",
        headers: &headers,
    };
    let Step::NeedsSignature(pending) = gw.begin(&request, &mut src, NOW_MS) else {
        panic!("a signature to check")
    };
    // The keys rotate (k1 gone) before the host answers "valid".
    let later = NOW_MS + 600_000;
    let machine = src.jwks_mut(main, 0).expect("remote keys");
    let fetch = machine.poll(later).expect("a refresh is due");
    machine.on_response(later, fetch.id, 200, &[], step_jwks("k2").as_bytes());
    let Step::Done(decision) = gw.finish(pending, true, &mut src, NOW_MS) else {
        panic!("decided with the new keys")
    };
    assert_eq!(decision.report.denied(), Some("unknown_kid"));
}

/// A token signed with the tests' Ed25519 key under the `alg` name given.
fn ed_token(alg: &str, kid: &str, claims: &str) -> String {
    use ed25519_dalek::Signer as _;
    let header = format!(r#"{{"alg":"{alg}","kid":"{kid}"}}"#);
    let input = format!(
        "{}.{}",
        encode(header.as_bytes()),
        encode(claims.as_bytes())
    );
    let signature = key().sign(input.as_bytes());
    format!("{input}.{}", encode(&signature.to_bytes()))
}

#[test]
fn eddsa_and_ed25519_tokens_are_decided_by_the_core_within_begin() {
    let json = step_config_json(&format!(r#""local_jwks": {}"#, step_jwks("k1")))
        .replace(r#"["ES256", "EdDSA"]"#, r#"["EdDSA", "Ed25519"]"#);
    let config = EdgeConfig::from_json(json.as_bytes()).expect("valid config");
    let mut src = Sources::new(&config);
    let mut gw = Gateway::new(config);
    for alg in ["EdDSA", "Ed25519"] {
        let good = ed_token(alg, "k1-ed", &claims(""));
        for (authorization, denied) in [
            (bearer(&good), None),
            (bearer(&tampered(&good)), Some("bad_signature")),
        ] {
            let headers = [("authorization", authorization.as_str())];
            let request = Request {
                method: "GET",
                path: "/",
                headers: &headers,
            };
            let Step::Done(decision) = gw.begin(&request, &mut src, NOW_MS) else {
                panic!("{alg}: a host was asked about an Ed25519 signature")
            };
            assert_eq!(decision.report.denied(), denied, "{alg}");
        }
    }
}
