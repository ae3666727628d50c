//! wasm-bindgen tests of the binding, run in Node (`wasm-pack test --node`)
//! and in headless Chromium (`WASM_BINDGEN_USE_BROWSER=1 wasm-pack test
//! --headless --chrome`): the same wasm, two hosts.
//!
//! Tokens are written into the input buffer through a JS `Uint8Array` over
//! wasm memory, as the JS layer does.
#![cfg(target_arch = "wasm32")]

use serde_json::Value;
use tokenward::input::{LONG_INPUT, input_buffer, input_capacity, set_long_input};
use tokenward::output::{last_error_claim, last_error_code, last_error_message, last_error_reason};
use tokenward::remote::{WasmKeySetFetch, check_remote_url};
use tokenward::revocation::WasmRevocationList;
use tokenward::revocation_fetch::WasmRevocationFetch;
use tokenward::verifier::{PrepareStatus, WasmVerifier};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

const FIXTURE: &str = include_str!("differential/cases.json");

/// The fixture has 346 cases: an emptied or truncated one must fail, not
/// pass every loop over it.
const MIN_FIXTURE_CASES: usize = 340;

fn fixture() -> Value {
    let doc: Value = serde_json::from_str(FIXTURE).expect("cases.json is JSON");
    let cases = doc["cases"].as_array().map_or(0, Vec::len);
    assert!(
        cases >= MIN_FIXTURE_CASES,
        "cases.json has {cases} cases, at least {MIN_FIXTURE_CASES} expected"
    );
    doc
}

/// Writes `token` where the binding reads it; returns the `len` to pass.
fn write(token: &str) -> usize {
    if token.len() > input_capacity() {
        set_long_input(token.to_owned());
        return LONG_INPUT;
    }
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    let view = js_sys::Uint8Array::new_with_byte_offset_and_length(
        &memory.buffer(),
        input_buffer() as u32,
        token.len() as u32,
    );
    view.copy_from(token.as_bytes());
    token.len()
}

fn verifier_for(case: &Value, doc: &Value) -> WasmVerifier {
    let jwks = doc["jwks"][case["jwks"].as_str().expect("jwks name")].to_string();
    WasmVerifier::create(&case["options"].to_string(), Some(jwks)).expect("case options build")
}

/// `expect.code` where the case has one, else jose's verdict: `ok`, or the
/// one tokenward code jose's answer means (`jose.code`).
fn expected(case: &Value) -> String {
    match case.get("expect") {
        Some(expect) => expect["code"].as_str().expect("expect.code").to_owned(),
        None if case["jose"]["ok"].as_bool() == Some(true) => "ok".to_owned(),
        None => case["jose"]["code"].as_str().expect("jose.code").to_owned(),
    }
}

fn verdict(json: String) -> String {
    if json.is_empty() {
        last_error_code()
    } else {
        "ok".to_owned()
    }
}

fn case_named<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .find(|case| case["name"] == name)
        .expect("case exists")
}

/// Every case of the shared fixture, in this host (the npm runner covers
/// them again through the packed package, with `verifyAsync` too).
#[wasm_bindgen_test]
fn differential_cases_give_the_fixture_verdicts() {
    let doc = fixture();
    let mut failures = Vec::new();
    let mut judged = 0;
    for case in doc["cases"].as_array().expect("cases").iter() {
        judged += 1;
        let jwks = doc["jwks"][case["jwks"].as_str().expect("jwks name")].to_string();
        // A key set refused at load: its code is the verdict of every token.
        let Some(mut verifier) = WasmVerifier::create(&case["options"].to_string(), Some(jwks))
        else {
            let got = last_error_code();
            if got != expected(case) {
                failures.push(format!(
                    "{}: expected {}, refused {got}",
                    case["name"],
                    expected(case)
                ));
            }
            continue;
        };
        let len = write(case["token"].as_str().expect("token"));
        let now = case["now"].as_f64().expect("now");
        let got = verdict(verifier.verify(len, now, None, None));
        if got != expected(case) {
            failures.push(format!(
                "{}: expected {}, got {got}",
                case["name"],
                expected(case)
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(judged >= MIN_FIXTURE_CASES, "only {judged} cases judged");
}

#[wasm_bindgen_test]
fn verified_token_comes_back_as_json() {
    let doc = fixture();
    let case = case_named(&doc, "alg-ES256/valid");
    let mut verifier = verifier_for(case, &doc);
    let len = write(case["token"].as_str().expect("token"));
    let json = verifier.verify(len, case["now"].as_f64().expect("now"), None, None);
    let out: Value = serde_json::from_str(&json).expect("JSON result");
    assert_eq!(out["header"]["alg"], "ES256");
    assert_eq!(out["claims"]["sub"], "user-1");
    assert_eq!(out["kind"], "user");
}

#[wasm_bindgen_test]
fn host_verdict_is_taken_only_for_the_key_it_names() {
    let doc = fixture();
    let case = case_named(&doc, "alg-ES256/valid");
    let now = case["now"].as_f64().expect("now");
    let token = case["token"].as_str().expect("token");
    let mut verifier = verifier_for(case, &doc);
    assert_eq!(verifier.prepare(write(token)), PrepareStatus::HostMayVerify);
    assert_eq!(verifier.prepared_alg(), "ES256");
    assert_eq!(verifier.prepared_signature().len(), 64);
    assert!(verifier.prepared_key_jwk().contains("\"crv\":\"P-256\""));
    let key_id = verifier.prepared_key_id();
    // The host says yes: accepted; no: bad_signature.
    assert_eq!(
        verdict(verifier.finish(write(token), true, &key_id, now, None, None)),
        "ok"
    );
    assert_eq!(
        verdict(verifier.finish(write(token), false, &key_id, now, None, None)),
        "bad_signature"
    );
    // A verdict about another key is ignored: the core checks the signature.
    assert_eq!(
        verdict(verifier.finish(write(token), false, "other", now, None, None)),
        "ok"
    );
}

#[wasm_bindgen_test]
fn eddsa_and_hmac_stay_in_the_core() {
    let doc = fixture();
    let case = case_named(&doc, "alg-EdDSA/valid");
    let mut verifier = verifier_for(case, &doc);
    let token = case["token"].as_str().expect("token");
    assert_eq!(verifier.prepare(write(token)), PrepareStatus::CoreVerifies);
}

/// The fixture's main key set plus a small-order Ed25519 key (the
/// identity point), under which `R` = identity, `S` = 0 forges a token.
fn main_keys_with_a_small_order_key(doc: &Value) -> String {
    let mut jwks = doc["jwks"]["main"].clone();
    jwks["keys"]
        .as_array_mut()
        .expect("keys")
        .push(serde_json::json!({
            "kty": "OKP", "crv": "Ed25519", "kid": "weak",
            "x": "AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        }));
    jwks.to_string()
}

#[wasm_bindgen_test]
fn a_small_order_ed25519_key_refuses_the_key_set() {
    let doc = fixture();
    let jwks = main_keys_with_a_small_order_key(&doc);
    // Inline: the verifier is not built.
    assert!(WasmVerifier::create("{}", Some(jwks.clone())).is_none());
    assert_eq!(last_error_code(), "jwks_invalid");
    assert!(
        last_error_message().contains("small-order"),
        "{}",
        last_error_message()
    );
    // Remote: the fetched set is refused like any invalid document, so an
    // honest token under another key of that set is not served either.
    let case = case_named(&doc, "alg-ES256/valid");
    let now = case["now"].as_f64().expect("now");
    let token = case["token"].as_str().expect("token");
    let mut verifier = WasmVerifier::create(&case["options"].to_string(), None).expect("verifier");
    let mut remote = WasmKeySetFetch::create("{}").expect("machine");
    let clock = 1_000_000.0;
    let request: Value =
        serde_json::from_str(&remote.poll(clock).expect("first fetch")).expect("json");
    let id = request["id"].as_f64().expect("id");
    assert_eq!(
        remote.on_response(clock, id, 200, "[]", jwks.as_bytes()),
        "failed"
    );
    assert_eq!(last_error_code(), "jwks_invalid");
    assert_eq!(
        verdict(verifier.verify_remote(&remote, write(token), now, clock, None, None)),
        "jwks_unavailable"
    );
}

#[wasm_bindgen_test]
fn ed25519_is_an_algorithm_name() {
    let jwks = fixture()["jwks"]["main"].to_string();
    let options = r#"{"algorithms":["Ed25519","EdDSA"]}"#;
    assert!(WasmVerifier::create(options, Some(jwks)).is_some());
}

#[wasm_bindgen_test]
fn options_are_checked() {
    assert!(WasmVerifier::create(r#"{"audiance":"x"}"#, Some(r#"{"keys":[]}"#.into())).is_none());
    assert_eq!(last_error_code(), "invalid_options");
    assert!(
        WasmVerifier::create(r#"{"algorithms":["none"]}"#, Some(r#"{"keys":[]}"#.into())).is_none()
    );
    assert_eq!(last_error_code(), "invalid_options");
    assert!(WasmVerifier::create("{}", Some("[]".into())).is_none());
    assert_eq!(last_error_code(), "jwks_invalid");
}

/// The refusal of options JSON (as the JS layer sends it), as
/// `(code, message)`.
fn refusal(options: &str) -> (String, String) {
    assert!(
        WasmVerifier::create(options, Some(r#"{"keys":[]}"#.into())).is_none(),
        "{options} accepted"
    );
    (last_error_code(), last_error_message())
}

/// The claim and reason beside the code, as jose's `err.claim` / `err.reason`;
/// the subject rule of jose's vocabulary.
#[wasm_bindgen_test]
fn a_failed_claim_rule_names_its_claim_and_reason() {
    let doc = fixture();
    let case = case_named(&doc, "alg-ES256/valid");
    let token = case["token"].as_str().expect("token");
    let now = case["now"].as_f64().expect("now");
    let mut verifier = verifier_for(case, &doc);
    assert!(verifier.verify(write(token), 4e9, None, None).is_empty());
    let detail = (last_error_code(), last_error_claim(), last_error_reason());
    assert_eq!(
        detail,
        ("expired".into(), "exp".into(), "check_failed".into())
    );
    let mut options = case["options"].clone();
    options["subject"] = "not-the-subject".into();
    let jwks = doc["jwks"][case["jwks"].as_str().expect("jwks name")].to_string();
    let mut verifier = WasmVerifier::create(&options.to_string(), Some(jwks)).expect("options");
    assert!(verifier.verify(write(token), now, None, None).is_empty());
    let detail = (last_error_code(), last_error_claim(), last_error_reason());
    assert_eq!(
        detail,
        ("bad_subject".into(), "sub".into(), "check_failed".into())
    );
    assert!(verifier.verify(write("a.b"), now, None, None).is_empty());
    let detail = (last_error_code(), last_error_claim(), last_error_reason());
    assert_eq!(
        detail,
        ("malformed".into(), String::new(), "segments".into())
    );
}

#[wasm_bindgen_test]
fn option_values_are_refused_naming_the_option_in_js_terms() {
    let nan = r#"{"$unrepresentable":"NaN"}"#;
    let cases = [
        (
            r#"{"audience":[]}"#.to_owned(),
            "audience must be a non-empty string",
        ),
        (
            r#"{"audience":""}"#.to_owned(),
            "audience must be a non-empty string",
        ),
        (
            r#"{"issuer":""}"#.to_owned(),
            "issuer must be a non-empty string",
        ),
        (
            format!(r#"{{"clockTolerance":{nan}}}"#),
            "clockTolerance must be a whole number of seconds ≥ 0 or a duration string such as \"30s\", \"5 min\", \"1h\" (got NaN)",
        ),
        (
            r#"{"clockTolerance":-1}"#.to_owned(),
            "clockTolerance must be a whole number of seconds ≥ 0 or a duration string such as \"30s\", \"5 min\", \"1h\" (got -1)",
        ),
        (
            r#"{"maxTokenAge":0.5}"#.to_owned(),
            "maxTokenAge must be a whole number of seconds ≥ 0 or a duration string such as \"30s\", \"5 min\", \"1h\" (got 0.5)",
        ),
        (
            r#"{"maxAge":null}"#.to_owned(),
            "maxAge must be a whole number of seconds ≥ 0 or a duration string such as \"30s\", \"5 min\", \"1h\" (got null)",
        ),
        (
            r#"{"clockTolerance":"-5s"}"#.to_owned(),
            "clockTolerance must not be negative (got \"-5s\")",
        ),
        (
            r#"{"issuer":[]}"#.to_owned(),
            "issuer must be a non-empty string or a non-empty array of non-empty strings (got an empty array)",
        ),
        (
            r#"{"requiredClaims":[]}"#.to_owned(),
            "requiredClaims must be a non-empty array of non-empty strings (got an empty array)",
        ),
        (
            r#"{"maxTokenLength":0}"#.to_owned(),
            "maxTokenLength must be a whole number of bytes ≥ 1 (got 0)",
        ),
        (
            r#"{"cache":{"maxEntries":-3}}"#.to_owned(),
            "cache.maxEntries must be a whole number of entries ≥ 1 (got -3)",
        ),
    ];
    for (options, expected) in cases {
        let (code, message) = refusal(&options);
        assert_eq!(code, "invalid_options", "{options}");
        assert!(message.starts_with(expected), "{options}: {message}");
    }
    // jose's vocabulary is accepted.
    let jose = r#"{"issuer":["https://a","https://b"],"subject":"svc-1","clockTolerance":"30s","maxTokenAge":"1h"}"#;
    assert!(WasmVerifier::create(jose, Some(r#"{"keys":[]}"#.into())).is_some());
    assert!(WasmKeySetFetch::create(r#"{"timeout":0}"#).is_none());
    assert_eq!(last_error_code(), "invalid_options");
    assert!(last_error_message().starts_with("timeout must be a whole number of milliseconds ≥ 1"));
    assert!(WasmKeySetFetch::create(&format!(r#"{{"cooldown":{nan}}}"#)).is_none());
    assert!(
        last_error_message()
            .starts_with("cooldown must be a whole number of milliseconds ≥ 0 (got NaN)")
    );
}

#[wasm_bindgen_test]
fn per_call_values_apply_without_client_id() {
    let doc = fixture();
    let case = case_named(&doc, "alg-ES256/valid");
    let now = case["now"].as_f64().expect("now");
    let token = case["token"].as_str().expect("token");
    let mut verifier = verifier_for(case, &doc);
    let call = |verifier: &mut WasmVerifier, nonce: Option<&str>, access_token: Option<&str>| {
        verdict(verifier.verify(
            write(token),
            now,
            nonce.map(str::to_owned),
            access_token.map(str::to_owned),
        ))
    };
    assert_eq!(call(&mut verifier, None, None), "ok");
    // The token has no nonce and no at_hash: a caller who passes them asked
    // for the checks, with or without clientId.
    assert_eq!(call(&mut verifier, Some("n-1"), None), "nonce_mismatch");
    assert_eq!(
        call(&mut verifier, None, Some("an-access-token")),
        "missing_claim"
    );
    assert!(last_error_message().contains("at_hash"));
    // verifyAsync's second phase applies them too.
    assert_eq!(verifier.prepare(write(token)), PrepareStatus::HostMayVerify);
    let key_id = verifier.prepared_key_id();
    assert_eq!(
        verdict(verifier.finish(write(token), true, &key_id, now, Some("n-1".into()), None)),
        "nonce_mismatch"
    );
    // maxAge without clientId: applied (the token has no auth_time).
    let mut options = case["options"].clone();
    options["maxAge"] = serde_json::json!(300);
    let jwks = doc["jwks"]["main"].to_string();
    let mut with_max_age =
        WasmVerifier::create(&options.to_string(), Some(jwks)).expect("maxAge applies");
    assert_eq!(
        verdict(with_max_age.verify(write(token), now, None, None)),
        "missing_claim"
    );
    assert!(last_error_message().contains("auth_time"));
}

#[wasm_bindgen_test]
fn now_in_milliseconds_or_not_finite_is_refused() {
    let doc = fixture();
    let case = case_named(&doc, "alg-ES256/valid");
    let now = case["now"].as_f64().expect("now");
    let token = case["token"].as_str().expect("token");
    let mut verifier = verifier_for(case, &doc);
    for bad in [now * 1000.0, f64::NAN, f64::INFINITY, -1.0] {
        assert_eq!(
            verdict(verifier.verify(write(token), bad, None, None)),
            "invalid_options"
        );
        assert!(last_error_message().starts_with("now must be Unix seconds"));
    }
    assert_eq!(
        verdict(verifier.verify(write(token), now, Some(String::new()), None)),
        "invalid_options"
    );
    assert!(!tokenward::options::check_call_options(
        f64::NAN,
        None,
        None
    ));
    assert!(tokenward::options::check_call_options(
        now,
        Some("n".into()),
        None
    ));
}

#[wasm_bindgen_test]
fn cache_and_revocation() {
    let doc = fixture();
    let case = case_named(&doc, "alg-RS256/valid");
    let now = case["now"].as_f64().expect("now");
    let token = case["token"].as_str().expect("token");
    let jwks = doc["jwks"]["main"].to_string();
    let mut options = case["options"].clone();
    options["cache"] = serde_json::json!({ "maxEntries": 10 });
    let mut verifier = WasmVerifier::create(&options.to_string(), Some(jwks)).expect("verifier");
    assert_eq!(
        verdict(verifier.verify(write(token), now, None, None)),
        "ok"
    );
    assert_eq!(
        verdict(verifier.verify(write(token), now, None, None)),
        "ok"
    );
    let stats: Value = serde_json::from_str(&verifier.cache_stats()).expect("stats");
    assert_eq!(stats["hits"], 1);
    let list = WasmRevocationList::parse(br#"{"sub":{"user-1":1767225600}}"#).expect("list");
    verifier.set_revocation_list(&list);
    // Revocation applies to cache hits too.
    assert_eq!(
        verdict(verifier.verify(write(token), now, None, None)),
        "revoked"
    );
    assert!(WasmRevocationList::parse(b"[]").is_none());
    assert_eq!(last_error_code(), "revocation_list_invalid");
}

#[wasm_bindgen_test]
fn remote_key_set_serves_what_the_machine_fetched() {
    let doc = fixture();
    let case = case_named(&doc, "alg-RS256/valid");
    let now = case["now"].as_f64().expect("now");
    let token = case["token"].as_str().expect("token");
    let mut verifier = WasmVerifier::create(&case["options"].to_string(), None).expect("verifier");
    let mut remote = WasmKeySetFetch::create("{}").expect("machine");
    let clock = 1_000_000.0;
    assert_eq!(
        verdict(verifier.verify_remote(&remote, write(token), now, clock, None, None)),
        "jwks_unavailable"
    );
    let request: Value =
        serde_json::from_str(&remote.poll(clock).expect("first fetch")).expect("json");
    assert_eq!(request["reason"], "initial");
    // A second need while the fetch is in flight is merged into it.
    assert!(remote.poll(clock).is_none());
    let id = request["id"].as_f64().expect("id");
    let body = doc["jwks"]["main"].to_string();
    let headers = r#"[["cache-control","max-age=60"]]"#;
    assert_eq!(
        remote.on_response(clock, id, 200, headers, body.as_bytes()),
        "updated"
    );
    assert_eq!(
        verdict(verifier.verify_remote(&remote, write(token), now, clock, None, None)),
        "ok"
    );
    let snapshot = remote.export().expect("exportable");
    let mut fresh = WasmKeySetFetch::create("{}").expect("machine");
    assert_eq!(fresh.import(clock, &snapshot), 1);
    assert_eq!(
        verdict(verifier.verify_remote(&fresh, write(token), now, clock, None, None)),
        "ok"
    );
}

#[wasm_bindgen_test]
fn a_followed_remote_revocation_list_fails_closed_until_usable() {
    let doc = fixture();
    let case = case_named(&doc, "alg-RS256/valid");
    let now = case["now"].as_f64().expect("now");
    let token = case["token"].as_str().expect("token");
    let jwks = doc["jwks"]["main"].to_string();
    let mut options = case["options"].clone();
    options["cache"] = serde_json::json!({ "maxEntries": 10 });
    let mut verifier = WasmVerifier::create(&options.to_string(), Some(jwks)).expect("verifier");
    let mut list = WasmRevocationFetch::create("{}").expect("machine");
    let clock = 1_000_000.0;
    // Before the first list: every token refused, on both paths.
    verifier.follow_revocation(&list, clock);
    assert_eq!(
        verdict(verifier.verify(write(token), now, None, None)),
        "revocation_unavailable"
    );
    assert_eq!(verifier.prepare(write(token)), PrepareStatus::Refused);
    assert_eq!(last_error_code(), "revocation_unavailable");
    // The list arrives: its verdicts, cache hits included.
    let request: Value =
        serde_json::from_str(&list.poll(clock).expect("first fetch")).expect("json");
    let id = request["id"].as_f64().expect("id");
    let body = br#"{"sub":{"user-1":1767225600}}"#;
    assert_eq!(list.on_response(clock, id, 200, "[]", body), "updated");
    verifier.follow_revocation(&list, clock);
    for _ in 0..2 {
        assert_eq!(
            verdict(verifier.verify(write(token), now, None, None)),
            "revoked"
        );
    }
    // Past its max age (60 s) and the stale-if-error hour: refused again.
    let gone = clock + 60_000.0 + 3_600_000.0;
    verifier.follow_revocation(&list, gone);
    assert_eq!(
        verdict(verifier.verify(write(token), now, None, None)),
        "revocation_unavailable"
    );
    // failOpen: no list, no check; anything but a boolean is refused.
    let open = WasmRevocationFetch::create(r#"{"failOpen":true}"#).expect("machine");
    verifier.follow_revocation(&open, clock);
    assert_eq!(
        verdict(verifier.verify(write(token), now, None, None)),
        "ok"
    );
    assert!(WasmRevocationFetch::create(r#"{"failOpen":"yes"}"#).is_none());
    assert_eq!(last_error_code(), "invalid_options");
    assert!(last_error_message().contains("failOpen"));
    assert!(WasmRevocationFetch::create(r#"{"interval":999}"#).is_none());
    assert!(last_error_message().contains("interval"));
}

#[wasm_bindgen_test]
fn long_tokens_take_the_copying_path_and_meet_the_cap() {
    let doc = fixture();
    let case = case_named(&doc, "alg-RS256/valid");
    let mut verifier = verifier_for(case, &doc);
    let long = "a".repeat(input_capacity() + 1);
    assert_eq!(write(&long), LONG_INPUT);
    assert_eq!(
        verdict(verifier.verify(LONG_INPUT, 0.0, None, None)),
        "too_large"
    );
}

#[wasm_bindgen_test]
fn lint_and_decode_read_without_verifying() {
    let doc = fixture();
    let case = case_named(&doc, "alg-RS256/valid");
    let len = write(case["token"].as_str().expect("token"));
    let report: Value = serde_json::from_str(&tokenward::inspect::lint_token(len)).expect("report");
    assert_eq!(report["tokenKind"], "unknown");
    let decoded: Value =
        serde_json::from_str(&tokenward::inspect::decode_unverified(len, None)).expect("decoded");
    assert_eq!(decoded["claims"]["sub"], "user-1");
    let len = write("not.a.token");
    assert_eq!(tokenward::inspect::decode_unverified(len, None), "");
    assert_eq!(last_error_code(), "malformed");
    // A maxTokenLength of -1 must not become a 4 GiB cap.
    for bad in [-1.0, 0.5, f64::NAN] {
        assert_eq!(tokenward::inspect::decode_unverified(len, Some(bad)), "");
        assert_eq!(last_error_code(), "invalid_options");
    }
}

/// A cache never changes a verdict: every fixture case, cached and not,
/// at its time, then later, earlier and back again (a hit must still apply
/// `exp`, `nbf` and every other claim rule at the call's time).
#[wasm_bindgen_test]
fn a_cache_never_changes_a_verdict() {
    let doc = fixture();
    let mut hits = 0;
    let mut compared = 0;
    for case in doc["cases"].as_array().expect("cases") {
        let token = case["token"].as_str().expect("every case has a token");
        let now = case["now"].as_f64().expect("every case has a now");
        let mut options = case["options"].clone();
        let jwks = doc["jwks"][case["jwks"].as_str().expect("jwks name")].to_string();
        // A case whose key set is refused at load has no verifier to compare
        // (the differential tests check that refusal).
        let Some(mut plain) = WasmVerifier::create(&options.to_string(), Some(jwks.clone())) else {
            continue;
        };
        options["cache"] = serde_json::json!({ "maxEntries": 4 });
        let Some(mut cached) = WasmVerifier::create(&options.to_string(), Some(jwks)) else {
            continue;
        };
        for offset in [0.0, 86_400.0, -86_400.0, 0.0, 1e9, -1e9, 0.5] {
            let at = now + offset;
            let with_cache = cached.verify(write(token), at, None, None);
            let with_cache_code = last_error_code();
            let without = plain.verify(write(token), at, None, None);
            let name = case["name"].as_str().unwrap_or("?");
            assert_eq!(with_cache, without, "{name} at {at}");
            if without.is_empty() {
                assert_eq!(with_cache_code, last_error_code(), "{name} at {at}");
            }
        }
        let stats: Value = serde_json::from_str(&cached.cache_stats()).expect("stats");
        hits += stats["hits"].as_u64().expect("hits");
        compared += 1;
    }
    assert!(hits > 100, "too few cache hits: {hits}");
    // Only the few cases whose key set is refused at load are skipped.
    assert!(
        compared >= 330,
        "only {compared} cases compared cached and uncached"
    );
}

/// One Ed25519 key, a set that leaks its private half, and tokens with and
/// without `cnf` (tests/keys/generate.mjs).
const KEYS_FIXTURE: &str = include_str!("keys/fixture.json");

fn keys_fixture() -> Value {
    serde_json::from_str(KEYS_FIXTURE).expect("keys fixture is JSON")
}

#[wasm_bindgen_test]
fn sender_constrained_tokens_are_refused_unless_the_caller_opts_out() {
    let doc = keys_fixture();
    let now = doc["now"].as_f64().expect("now");
    let jwks = doc["jwks"].to_string();
    let mut strict =
        WasmVerifier::create(&doc["options"].to_string(), Some(jwks.clone())).expect("verifier");
    let mut lenient_options = doc["options"].clone();
    lenient_options["acceptSenderConstrainedAsBearer"] = Value::Bool(true);
    let mut lenient =
        WasmVerifier::create(&lenient_options.to_string(), Some(jwks)).expect("verifier");
    let tokens = &doc["tokens"];
    let bearer = tokens["bearer"].as_str().expect("token");
    assert_eq!(verdict(strict.verify(write(bearer), now, None, None)), "ok");
    for name in ["dpop", "mtls", "unknownMethod"] {
        let token = tokens[name].as_str().expect("token");
        assert_eq!(
            verdict(strict.verify(write(token), now, None, None)),
            "binding_not_verified",
            "{name}"
        );
        assert_eq!(
            verdict(lenient.verify(write(token), now, None, None)),
            "ok",
            "{name}"
        );
    }
    // The opt-out is a boolean, like every option: anything else is refused.
    let mut wrong = doc["options"].clone();
    wrong["acceptSenderConstrainedAsBearer"] = Value::String("yes".into());
    assert!(WasmVerifier::create(&wrong.to_string(), Some(doc["jwks"].to_string())).is_none());
    assert_eq!(last_error_code(), "invalid_options");
}

#[wasm_bindgen_test]
fn a_key_set_with_private_material_is_refused_whole() {
    let doc = keys_fixture();
    let leaked = doc["leakedJwks"].to_string();
    assert!(WasmVerifier::create(&doc["options"].to_string(), Some(leaked.clone())).is_none());
    assert_eq!(last_error_code(), "jwks_invalid");
    let message = last_error_message();
    assert!(
        message.contains(r#"key 1 (kid "leaked")"#) && message.contains("private key material"),
        "{message}"
    );
    // A remote set: the leaking document fails the fetch, the last good set
    // keeps serving (stale-if-error rules), the failure says why.
    let now = doc["now"].as_f64().expect("now");
    let token = doc["tokens"]["bearer"].as_str().expect("token");
    let mut verifier = WasmVerifier::create(&doc["options"].to_string(), None).expect("verifier");
    let mut remote = WasmKeySetFetch::create("{}").expect("machine");
    let clock = 1_000_000.0;
    let fetch = |remote: &mut WasmKeySetFetch, clock: f64| -> f64 {
        let request: Value =
            serde_json::from_str(&remote.poll(clock).expect("a fetch is due")).expect("json");
        request["id"].as_f64().expect("id")
    };
    let id = fetch(&mut remote, clock);
    let good = doc["jwks"].to_string();
    let headers = r#"[["cache-control","max-age=60"]]"#;
    assert_eq!(
        remote.on_response(clock, id, 200, headers, good.as_bytes()),
        "updated"
    );
    let later = clock + 61_000.0;
    let id = fetch(&mut remote, later);
    assert_eq!(
        remote.on_response(later, id, 200, headers, leaked.as_bytes()),
        "failed"
    );
    assert_eq!(last_error_code(), "jwks_invalid");
    assert!(last_error_message().contains("private key material"));
    assert!(last_error_message().contains("withdrawn"));
    // The leak publishes the private half of the served key (under another
    // kid): the last good set still serves, without that key.
    assert_eq!(
        verdict(verifier.verify_remote(&remote, write(token), now, later, None, None)),
        "unknown_kid"
    );
    // A fresh machine with only the leaking document has no keys at all.
    let mut cold = WasmKeySetFetch::create("{}").expect("machine");
    let id = fetch(&mut cold, clock);
    assert_eq!(
        cold.on_response(clock, id, 200, headers, leaked.as_bytes()),
        "failed"
    );
    assert_eq!(
        verdict(verifier.verify_remote(&cold, write(token), now, clock, None, None)),
        "jwks_unavailable"
    );
}

#[wasm_bindgen_test]
fn remote_key_set_urls_need_https_or_loopback() {
    for url in [
        "https://login.example.com/jwks",
        "http://127.0.0.1:8080/jwks",
        "http://localhost/jwks",
        "http://[::1]:8080/jwks",
    ] {
        assert!(check_remote_url(url, false, "RemoteKeySet url"), "{url}");
    }
    assert!(!check_remote_url(
        "http://login.example.com/jwks",
        false,
        "RemoteKeySet url"
    ));
    assert_eq!(last_error_code(), "invalid_options");
    assert!(last_error_message().contains("allowInsecureHttp"));
    assert!(check_remote_url(
        "http://login.example.com/jwks",
        true,
        "RemoteKeySet url"
    ));
    for url in [
        "https://127.0.0.1@evil.example/jwks",
        "http://127.1/jwks",
        "ftp://login.example.com/jwks",
    ] {
        assert!(!check_remote_url(url, true, "RemoteKeySet url"), "{url}");
        assert_eq!(last_error_code(), "invalid_options");
    }
}

#[wasm_bindgen_test]
fn logout_receiver_options_are_refused_naming_the_option() {
    use tokenward::logout::WasmLogoutReceiver;
    let refused = |options: &str| {
        assert!(
            WasmLogoutReceiver::create(options, None).is_none(),
            "{options}"
        );
        assert_eq!(last_error_code(), "invalid_options");
        last_error_message()
    };
    assert!(refused(r#"{"clientId":"rp"}"#).contains("issuer is required"));
    assert!(refused(r#"{"issuer":"https://op"}"#).contains("clientId is required"));
    assert!(
        refused(r#"{"issuer":"https://op","clientId":"rp","audience":"x"}"#).contains("audience")
    );
    assert!(refused(r#"{"issuer":"https://op","clientId":"rp","maxAge":-1}"#).contains("maxAge"));
    assert!(
        refused(r#"{"issuer":"https://op","clientId":"rp","algorithms":["none"]}"#)
            .contains("algorithms")
    );
    let mut receiver =
        WasmLogoutReceiver::create(r#"{"issuer":"https://op","clientId":"rp"}"#, None)
            .expect("valid options");
    assert_eq!(receiver.accept("not-a-token", 1_767_225_600.0), "");
    assert_eq!(last_error_code(), "malformed");
    assert_eq!(receiver.remembered(), 0);
    receiver.remember("j1", 1_767_225_900.0);
    assert_eq!(receiver.remembered(), 1);
}
