use super::*;
use crate::error::Error;
use crate::verifier::{IdentityKind, Issuers, ValidationOptions};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use base64::Engine as _;

const NOW: i64 = 1_767_225_600;

fn options() -> ValidationOptions {
    ValidationOptions {
        issuer: Some(Issuers::from("https://issuer.example".to_string())),
        clock_tolerance: 60,
        ..ValidationOptions::default()
    }
}

fn answer(body: &str) -> Result<Introspected, Error> {
    let body = body.as_bytes();
    judge(
        EndpointAnswer::Response { status: 200, body },
        &options(),
        NOW,
    )
}

fn settings(client: ClientAuth) -> Introspection {
    Introspection {
        endpoint: Some(Endpoint::new("https://issuer.example/token/introspection", false).unwrap()),
        cluster: None,
        timeout_ms: DEFAULT_TIMEOUT_MS,
        client,
        cache_duration_ms: DEFAULT_CACHE_DURATION_MS,
        inactive_cache_ms: DEFAULT_INACTIVE_CACHE_MS,
        cache_size: 2,
        introspect_jwts: false,
        without_keys: false,
        allow_insecure_http: false,
    }
}

fn basic() -> ClientAuth {
    ClientAuth::Basic {
        client_id: "edge:gw".to_string(),
        client_secret: Secret::new("s3cr&t é".to_string()),
    }
}

#[test]
fn introspection_only_the_boolean_true_is_active() {
    for body in [
        r#"{"active":false}"#,
        r#"{"active":"true"}"#,
        r#"{"active":1}"#,
        r#"{"sub":"alice"}"#,
        r#"{"active":null}"#,
    ] {
        assert_eq!(answer(body).err(), Some(Error::TokenInactive), "{body}");
    }
    let active = answer(r#"{"active":true,"sub":"alice","client_id":"spa"}"#).unwrap();
    assert_eq!(active.subject(), Some("alice"));
    assert_eq!(active.kind, IdentityKind::User);
}

#[test]
fn introspection_unusable_answers_are_unavailable_not_inactive() {
    let options = options();
    for (status, body) in [
        (500, r#"{"active":true}"#),
        (401, r#"{"error":"invalid_client"}"#),
        (200, "not json"),
        (200, "[]"),
        (200, r#"{"active":true,"active":false}"#),
    ] {
        let verdict = judge(
            EndpointAnswer::Response {
                status,
                body: body.as_bytes(),
            },
            &options,
            NOW,
        );
        assert_eq!(
            verdict.err(),
            Some(Error::IntrospectionUnavailable),
            "{status} {body}"
        );
    }
    assert_eq!(
        judge(EndpointAnswer::Failed, &options, NOW).err(),
        Some(Error::IntrospectionUnavailable)
    );
    let mut huge = String::from(r#"{"active":true,"pad":""#);
    huge.push_str(&"a".repeat(MAX_RESPONSE_BYTES));
    huge.push_str("\"}");
    let verdict = judge(
        EndpointAnswer::Response {
            status: 200,
            body: huge.as_bytes(),
        },
        &options,
        NOW,
    );
    assert_eq!(verdict.err(), Some(Error::IntrospectionUnavailable));
    let deep = format!(
        "{{\"active\":true,\"x\":{}{}}}",
        "[".repeat(40),
        "]".repeat(40)
    );
    let verdict = judge(
        EndpointAnswer::Response {
            status: 200,
            body: deep.as_bytes(),
        },
        &options,
        NOW,
    );
    assert_eq!(verdict.err(), Some(Error::IntrospectionUnavailable));
}

#[test]
fn introspection_claim_rules_apply_with_the_clock_skew() {
    let exp_past = format!(r#"{{"active":true,"exp":{}}}"#, NOW - 61);
    assert_eq!(answer(&exp_past).err(), Some(Error::Expired));
    let exp_skew = format!(r#"{{"active":true,"exp":{}}}"#, NOW - 59);
    assert!(answer(&exp_skew).is_ok());
    let nbf = format!(r#"{{"active":true,"nbf":{}}}"#, NOW + 120);
    assert_eq!(answer(&nbf).err(), Some(Error::NotYetValid));
    let iss = r#"{"active":true,"iss":"https://other.example"}"#;
    assert_eq!(answer(iss).err(), Some(Error::BadIssuer));
    assert!(answer(r#"{"active":true,"iss":"https://issuer.example"}"#).is_ok());
    let refresh = r#"{"active":true,"token_type":"refresh_token"}"#;
    assert_eq!(answer(refresh).err(), Some(Error::TokenInactive));
    let bound = r#"{"active":true,"token_type":"DPoP","cnf":{"jkt":"x"}}"#;
    assert_eq!(answer(bound).err(), Some(Error::BindingNotVerified));
    let mut with_aud = options();
    with_aud.audiences = Some(vec!["api".to_string()]);
    let body = br#"{"active":true,"aud":["other"]}"#;
    let verdict = judge(
        EndpointAnswer::Response { status: 200, body },
        &with_aud,
        NOW,
    );
    assert_eq!(verdict.err(), Some(Error::BadAudience));
    let body = br#"{"active":true}"#;
    let verdict = judge(
        EndpointAnswer::Response { status: 200, body },
        &with_aud,
        NOW,
    );
    assert!(matches!(verdict, Err(Error::MissingClaim { .. })));
}

#[test]
fn introspection_client_credentials_tokens_are_services() {
    for body in [
        r#"{"active":true,"client_id":"worker"}"#,
        r#"{"active":true,"client_id":"worker","sub":"worker"}"#,
    ] {
        assert_eq!(answer(body).unwrap().kind, IdentityKind::Service, "{body}");
    }
}

#[test]
fn introspection_request_encodes_credentials_before_base64() {
    let request = settings(basic()).request("tok+en/=").unwrap();
    assert_eq!(
        request.body,
        "token=tok%2Ben%2F%3D&token_type_hint=access_token"
    );
    let authorization = request
        .headers
        .iter()
        .find(|(name, _)| name == "authorization")
        .map(|(_, value)| value.clone())
        .unwrap();
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(authorization.strip_prefix("Basic ").unwrap())
        .unwrap();
    assert_eq!(decoded, b"edge%3Agw:s3cr%26t+%C3%A9");
    let post = ClientAuth::Post {
        client_id: "edge".to_string(),
        client_secret: Secret::new("pw".to_string()),
    };
    let request = settings(post).request("t").unwrap();
    assert_eq!(
        request.body,
        "token=t&token_type_hint=access_token&client_id=edge&client_secret=pw"
    );
    assert!(
        request
            .headers
            .iter()
            .all(|(name, _)| name != "authorization")
    );
}

#[test]
fn introspection_secret_never_shows_in_debug_output() {
    let debug = format!("{:?}", settings(basic()));
    assert!(!debug.contains("s3cr"), "{debug}");
    assert!(debug.contains("<redacted>"));
}

#[test]
fn introspection_cache_bounds_follow_exp_and_the_configured_durations() {
    let settings = settings(basic());
    let fetched = NOW as u64 * 1_000;
    let far = format!(r#"{{"active":true,"exp":{}}}"#, NOW + 3_600);
    let active = answer(&far);
    assert_eq!(
        settings.cache_until_ms(&active, fetched),
        fetched + DEFAULT_CACHE_DURATION_MS
    );
    let soon = format!(r#"{{"active":true,"exp":{}}}"#, NOW + 10);
    let active = answer(&soon);
    assert_eq!(settings.cache_until_ms(&active, fetched), fetched + 10_000);
    let inactive = answer(r#"{"active":false}"#);
    assert_eq!(
        settings.cache_until_ms(&inactive, fetched),
        fetched + DEFAULT_INACTIVE_CACHE_MS
    );
    let failed = Err(Error::IntrospectionUnavailable);
    assert_eq!(
        settings.cache_until_ms(&failed, fetched),
        fetched + FAILURE_CACHE_MS
    );
}

#[test]
fn introspection_cache_is_keyed_by_the_whole_token_and_evicts_the_oldest() {
    let mut cache = IntrospectionCache::new(2);
    cache.insert("token-a", Err(Error::TokenInactive), 100);
    cache.insert("token-b", answer(r#"{"active":true}"#), 100);
    assert!(cache.get("token-a", 50).is_some());
    assert!(cache.get("token-", 50).is_none());
    assert!(cache.get("token-a", 100).is_none(), "expired at until_ms");
    cache.insert("token-c", Err(Error::TokenInactive), 100);
    assert_eq!(cache.len(), 2);
    assert!(cache.get("token-a", 50).is_none(), "the oldest went");
    assert!(cache.get("token-b", 50).is_some());
}

#[test]
fn introspection_tells_opaque_tokens_from_jws() {
    assert!(is_jws_compact("eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln"));
    for opaque in [
        "abc",
        "a.b.c",
        "eyJ.a",
        "Lh3-opaque_token",
        "eyJa.b.c.d",
        "eyJ a.b.c",
    ] {
        assert!(!is_jws_compact(opaque), "{opaque}");
    }
}
