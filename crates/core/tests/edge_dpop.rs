//! DPoP at the edge: a provider's `dpop` member makes the gateway read
//! `Authorization: DPoP` with its proof, check the proof against the
//! request's method and URL (`:scheme`, `:authority`, the canonical path),
//! refuse replays (cache hits included) and strip `DPoP` before forwarding.

mod dpop_support;
mod support;

use dpop_support::{METHOD, client_jkt, proof};
use tokenward_core::edge::{ConfigError, EdgeConfig, Gateway, Request, Sources, Verdict};

const NOW_MS: u64 = support::NOW as u64 * 1_000;

fn config(dpop: &str) -> Result<EdgeConfig, ConfigError> {
    config_requiring(dpop, r#"{"provider_name": "idp"}"#)
}

fn config_requiring(dpop: &str, requires: &str) -> Result<EdgeConfig, ConfigError> {
    let json = format!(
        r#"{{"providers": {{"idp": {{"issuer": "{}", "audiences": ["{}"],
            "local_jwks": {{"inline_string": {:?}}}, "dpop": {dpop}}}}},
          "rules": [{{"match": {{"prefix": "/"}}, "requires": {requires}}}]}}"#,
        support::ISSUER,
        support::AUDIENCE,
        support::jwks_json()
    );
    EdgeConfig::from_json(json.as_bytes())
}

fn bound_token() -> String {
    let extra = format!(r#""cnf":{{"jkt":"{}"}}"#, client_jkt());
    support::sign_ed(r#"{"alg":"EdDSA","kid":"ed"}"#, &support::claims(&extra))
}

struct Edge {
    gateway: Gateway,
    sources: Sources,
}

impl Edge {
    fn new(dpop: &str) -> Edge {
        Edge::of(config(dpop).expect("valid configuration"))
    }

    fn of(config: EdgeConfig) -> Edge {
        Edge {
            sources: Sources::new(&config),
            gateway: Gateway::new(config),
        }
    }

    /// `METHOD https://api.example.com/orders` with these headers.
    fn send(&mut self, headers: &[(&str, &str)]) -> Verdict {
        let mut all = vec![(":scheme", "https"), (":authority", "api.example.com")];
        all.extend_from_slice(headers);
        let request = Request {
            method: METHOD,
            path: "/orders?page=2",
            headers: &all,
        };
        let decision = self.gateway.decide(&request, &mut self.sources, NOW_MS);
        decision.verdict
    }
}

fn refusal(verdict: &Verdict) -> (u16, String, Option<String>) {
    let Verdict::Deny(response) = verdict else {
        panic!("expected a refusal, got {verdict:?}");
    };
    let header = |name: &str| {
        response
            .headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    (
        response.status,
        header("www-authenticate").unwrap_or_default(),
        header("dpop-nonce"),
    )
}

#[test]
fn a_bound_token_with_its_proof_passes_and_the_proof_is_stripped() {
    let mut edge = Edge::new("{}");
    let token = bound_token();
    let proof = proof(support::NOW, "j1", &token);
    let authorization = format!("DPoP {token}");
    let verdict = edge.send(&[("authorization", &authorization), ("dpop", &proof)]);
    let Verdict::Allow { set, remove } = verdict else {
        panic!("refused: {verdict:?}");
    };
    assert!(remove.iter().any(|name| name == "dpop"), "{remove:?}");
    assert!(remove.iter().any(|name| name == "authorization"));
    assert!(set.iter().any(|(name, _)| name == "x-tokenward-sub"));
}

#[test]
fn a_replay_is_refused_even_when_the_token_is_cached() {
    let mut edge = Edge::new("{}");
    let token = bound_token();
    let proof = proof(support::NOW, "j1", &token);
    let authorization = format!("DPoP {token}");
    let headers = [("authorization", authorization.as_str()), ("dpop", &proof)];
    assert!(matches!(edge.send(&headers), Verdict::Allow { .. }));
    let (status, challenge, _) = refusal(&edge.send(&headers));
    assert_eq!(status, 401);
    assert!(
        challenge.starts_with("DPoP ") && challenge.contains(r#"error="invalid_dpop_proof""#),
        "{challenge}"
    );
    assert!(challenge.contains(r#"error_description="dpop_replay""#));
    assert!(challenge.contains("algs=\""), "{challenge}");
}

#[test]
fn a_bound_token_as_bearer_needs_its_proof() {
    let mut edge = Edge::new("{}");
    let token = bound_token();
    let proof = proof(support::NOW, "j1", &token);
    let authorization = format!("Bearer {token}");
    let (status, challenge, _) =
        refusal(&edge.send(&[("authorization", &authorization), ("dpop", &proof)]));
    assert_eq!(status, 401);
    assert!(challenge.contains("dpop_proof_required"), "{challenge}");
}

#[test]
fn the_url_is_the_one_the_proxy_received() {
    let mut edge = Edge::new("{}");
    let token = bound_token();
    let proof = proof(support::NOW, "j1", &token);
    let authorization = format!("DPoP {token}");
    // Another host than the proof's: X-Forwarded-Host or -Proto change nothing.
    let request_headers = [
        (":scheme", "https"),
        (":authority", "other.example.com"),
        ("x-forwarded-host", "api.example.com"),
        ("authorization", authorization.as_str()),
        ("dpop", proof.as_str()),
    ];
    let request = Request {
        method: METHOD,
        path: "/orders",
        headers: &request_headers,
    };
    let decision = edge.gateway.decide(&request, &mut edge.sources, NOW_MS);
    let (status, challenge, _) = refusal(&decision.verdict);
    assert_eq!(status, 401);
    assert!(challenge.contains("invalid_dpop_proof"), "{challenge}");
}

#[test]
fn a_missing_nonce_is_asked_for() {
    let secret = "0123456789abcdef0123456789abcdef";
    let mut edge = Edge::new(&format!(
        r#"{{"require_nonce": true, "nonce_secret": "{secret}"}}"#
    ));
    let token = bound_token();
    let proof = proof(support::NOW, "j1", &token);
    let authorization = format!("DPoP {token}");
    let (status, challenge, nonce) =
        refusal(&edge.send(&[("authorization", &authorization), ("dpop", &proof)]));
    assert_eq!(status, 401);
    assert!(
        challenge.contains(r#"error="use_dpop_nonce""#),
        "{challenge}"
    );
    assert!(nonce.is_some_and(|n| !n.is_empty()));
}

#[test]
fn dpop_options_are_checked_with_their_path() {
    let cases = [
        (
            r#"{"algorithms": ["HS256"]}"#,
            "providers.idp.dpop.algorithms",
        ),
        (
            r#"{"algorithms": ["XX1"]}"#,
            "providers.idp.dpop.algorithms",
        ),
        (
            r#"{"require_nonce": true}"#,
            "providers.idp.dpop.nonce_secret",
        ),
        (r#"{"nonce_secret": "short"}"#, "providers.idp.dpop"),
        (
            r#"{"replay_cache_size": 0}"#,
            "providers.idp.dpop.replay_cache_size",
        ),
        (r#"{"max_agee": 10}"#, "providers.idp.dpop.max_agee"),
    ];
    for (dpop, path) in cases {
        let error = config(dpop).expect_err(dpop);
        let text = error.to_string();
        assert!(text.contains(path), "{dpop}: {text}");
    }
}

#[test]
fn a_request_passed_without_identity_loses_its_proof_too() {
    let requires = r#"{"requires_any": {"requirements": [
        {"provider_name": "idp"}, {"allow_missing_or_failed": {}}]}}"#;
    let mut edge = Edge::of(config_requiring("{}", requires).expect("valid configuration"));
    let token = bound_token();
    // Another jti, but sent as Bearer: refused, so passed without identity.
    let proof = proof(support::NOW, "j2", &token);
    let authorization = format!("Bearer {token}");
    let verdict = edge.send(&[("authorization", &authorization), ("dpop", &proof)]);
    let Verdict::Allow { set, remove } = verdict else {
        panic!("allow_missing_or_failed passes: {verdict:?}");
    };
    assert!(remove.iter().any(|name| name == "dpop"), "{remove:?}");
    assert!(!set.iter().any(|(name, _)| name == "x-tokenward-sub"));
}
