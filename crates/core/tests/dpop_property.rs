//! A proof valid for one (method, URL, access token, time) is refused when
//! any one of them changes: randomised over all four.

mod dpop_support;

use dpop_support::{client_key, es256_header, public_jwk, sign_p256};
use proptest::prelude::*;
use serde_json::json;
use tokenward_core::Error;
use tokenward_core::dpop::{DpopOptions, DpopProblem, DpopRequest, DpopRules, access_token_hash};

const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

#[derive(Debug, Clone)]
struct Call {
    method: &'static str,
    url: String,
    token: String,
    now: i64,
}

fn call() -> impl Strategy<Value = Call> {
    (
        0..METHODS.len(),
        "[a-z]{1,12}",
        proptest::collection::vec("[A-Za-z0-9._~-]{1,8}", 0..4),
        "[A-Za-z0-9._~+/-]{8,40}",
        1_000_000_000i64..4_000_000_000,
    )
        .prop_map(|(method, host, segments, token, now)| Call {
            method: METHODS[method],
            url: format!("https://{host}.example/{}", segments.join("/")),
            token,
            now,
        })
}

fn proof_for(call: &Call, iat: i64) -> String {
    let key = client_key();
    let claims = json!({
        "htm": call.method, "htu": call.url, "iat": iat, "jti": "j",
        "ath": access_token_hash(&call.token),
    });
    sign_p256(&key, &es256_header(public_jwk(&key)), &claims)
}

fn verdict(proof: &str, call: &Call) -> Result<(), Error> {
    let rules = DpopRules::new(DpopOptions::default()).expect("valid");
    let proofs = [proof];
    let request = DpopRequest {
        method: call.method,
        url: &call.url,
        proofs: &proofs,
        access_token: Some(&call.token),
        nonce: None,
    };
    rules.check_proof(&request, call.now).map(|_| ())
}

fn refused(problem: DpopProblem) -> Result<(), Error> {
    Err(Error::InvalidDpopProof(problem))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn one_change_refuses_the_proof(
        call in call(),
        other_method in 0..METHODS.len(),
        suffix in "[a-z0-9]{1,6}",
        token_suffix in "[A-Za-z0-9]{1,4}",
        shift in prop_oneof![61i64..100_000, -100_000i64..-5],
    ) {
        let proof = proof_for(&call, call.now);
        prop_assert_eq!(verdict(&proof, &call), Ok(()));

        let method = Call { method: METHODS[other_method], ..call.clone() };
        if method.method != call.method {
            prop_assert_eq!(verdict(&proof, &method), refused(DpopProblem::Htm));
        }
        let url = Call { url: format!("{}/{suffix}", call.url.trim_end_matches('/')), ..call.clone() };
        prop_assert_eq!(verdict(&proof, &url), refused(DpopProblem::Htu));
        let token = Call { token: format!("{}{token_suffix}", call.token), ..call.clone() };
        prop_assert_eq!(verdict(&proof, &token), refused(DpopProblem::Ath));
        // `shift` seconds later (past the 60 s window) or earlier (more than
        // 5 s before the proof's iat).
        let later = Call { now: call.now + shift, ..call.clone() };
        prop_assert_eq!(verdict(&proof, &later), refused(DpopProblem::Iat));
    }
}
