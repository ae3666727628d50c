//! The `dpop` option of the JS `Verifier` and the per-call `dpop` option of
//! `verify` / `verifyAsync`: JS names in, the core's [`DpopRules`] out.
//!
//! The Verifier owns the replay cache, so a proof is accepted once per
//! Verifier (per process, when there is one Verifier per process, as the
//! package README advises).

use crate::host_signature::{HostSignature, check_signature};
use crate::js_object::{JsObject, OptionError};
use tokenward_core::Algorithm;
use tokenward_core::Error;
use tokenward_core::dpop::{
    AuthScheme, CheckedProof, DEFAULT_NONCE_PERIOD, DEFAULT_REPLAY_CAPACITY, DpopChallenge,
    DpopOptions, DpopRequest, DpopRules, MIN_SECRET_LENGTH, ProofKeyCache, ReplayCache,
    ServerNonces, normalise_htu, proof_values,
};
use tokenward_core::json::JsonObject;
use tokenward_core::verifier::Confirmation;

/// The members of `dpop: { ... }` in the Verifier options.
pub const KNOWN: &[&str] = &[
    "algorithms",
    "maxAge",
    "maxFuture",
    "replayCacheSize",
    "requireNonce",
    "nonceSecret",
    "noncePeriod",
    "allowUnboundTokens",
];

/// A Verifier's DPoP rules, its replay cache and the prepared keys of
/// recent proofs.
#[derive(Debug)]
pub struct DpopState {
    rules: DpopRules,
    replay: ReplayCache,
    proof_keys: ProofKeyCache,
}

/// One call's `dpop: { scheme, proof, method, url, nonce }`, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DpopCall {
    /// The `Authorization` scheme the token came under, when the caller
    /// gave it: under `Bearer` a proof does not count, under `DPoP` one
    /// must come (the edge's rule, [`DpopRules::check_proof_under`]).
    scheme: Option<AuthScheme>,
    /// The proofs among the `DPoP` header values (a header Node joined
    /// with `,` is several; an empty one is none): request input, which
    /// the core's rules judge.
    proofs: Vec<String>,
    method: String,
    url: String,
    nonce: Option<String>,
}

fn refuse<T>(message: String) -> Result<T, OptionError> {
    Err(OptionError(message))
}

/// Reads `dpop` of the Verifier options, `None` when absent.
///
/// # Errors
/// An unknown member, a value of the wrong type, a nonce option without
/// `requireNonce: true`, or a configuration the core refuses.
pub fn from_options(js: &mut JsObject) -> Result<Option<DpopState>, OptionError> {
    let Some(mut dpop) = js.object("dpop", "dpop.", KNOWN)? else {
        return Ok(None);
    };
    let defaults = DpopOptions::default();
    let algorithms = match dpop.strings("algorithms", true)? {
        None => defaults.algorithms.clone(),
        Some(names) => names
            .iter()
            .map(|name| {
                Algorithm::from_name(name).ok_or_else(|| {
                    OptionError(format!("unsupported algorithm {name:?} in dpop.algorithms"))
                })
            })
            .collect::<Result<_, _>>()?,
    };
    let replay_capacity = dpop
        .whole("replayCacheSize", "entries", 1)?
        .map_or(DEFAULT_REPLAY_CAPACITY, |size| {
            usize::try_from(size).unwrap_or(usize::MAX)
        });
    let options = DpopOptions {
        algorithms,
        max_age: dpop.duration("maxAge")?.unwrap_or(defaults.max_age),
        max_future: dpop.duration("maxFuture")?.unwrap_or(defaults.max_future),
        nonces: nonces(&mut dpop)?,
        allow_unbound_tokens: dpop.boolean("allowUnboundTokens")?.unwrap_or(false),
        ..defaults
    };
    let rules = DpopRules::new(options).or_else(|error| refuse(format!("dpop: {error}")))?;
    Ok(Some(DpopState {
        rules,
        replay: ReplayCache::new(replay_capacity),
        proof_keys: ProofKeyCache::default(),
    }))
}

/// `requireNonce`, `nonceSecret`, `noncePeriod`: a secret and a period only
/// with `requireNonce: true`, which needs the secret. Given without it,
/// they would configure nothing, so they are refused.
fn nonces(dpop: &mut JsObject) -> Result<Option<ServerNonces>, OptionError> {
    let required = dpop.boolean("requireNonce")?.unwrap_or(false);
    let secret = dpop.string("nonceSecret")?;
    let period = dpop.duration("noncePeriod")?;
    if !required {
        return match (secret, period) {
            (None, None) => Ok(None),
            _ => refuse(
                "dpop.nonceSecret and dpop.noncePeriod apply only with dpop.requireNonce: true"
                    .into(),
            ),
        };
    }
    let Some(secret) = secret else {
        return refuse("dpop.requireNonce: true needs dpop.nonceSecret".into());
    };
    let period = period.unwrap_or(DEFAULT_NONCE_PERIOD);
    if period == 0 {
        return refuse("dpop.noncePeriod must be at least 1 second".into());
    }
    match ServerNonces::new(secret.as_bytes(), period) {
        Some(nonces) => Ok(Some(nonces)),
        None => refuse(format!(
            "dpop.nonceSecret must be at least {MIN_SECRET_LENGTH} bytes (UTF-8)"
        )),
    }
}

impl DpopCall {
    /// A call's `dpop` option: `scheme` the `Authorization` scheme (`DPoP`
    /// or `Bearer`, either case), `proof` the `DPoP` header values joined
    /// with `,` (absent, empty or blank for a request without a proof),
    /// `method` and `url` as the request had them.
    ///
    /// # Errors
    /// A scheme other than `DPoP` or `Bearer`, an empty method, or a URL
    /// that is not an absolute `http(s)` URL.
    pub fn new(
        scheme: Option<String>,
        proof: Option<String>,
        method: String,
        url: String,
        nonce: Option<String>,
    ) -> Result<DpopCall, OptionError> {
        let scheme = match scheme.as_deref() {
            None => None,
            Some(name) if name.eq_ignore_ascii_case("DPoP") => Some(AuthScheme::Dpop),
            Some(name) if name.eq_ignore_ascii_case("Bearer") => Some(AuthScheme::Bearer),
            Some(name) => {
                return refuse(format!(
                    "dpop.scheme must be 'DPoP' or 'Bearer' (got {name:?}); other schemes carry no DPoP token"
                ));
            }
        };
        if method.is_empty() {
            return refuse("dpop.method must be a non-empty string".into());
        }
        if normalise_htu(&url).is_none() {
            return refuse(format!(
                "dpop.url must be the absolute http(s) URL of the request (got {url:?})"
            ));
        }
        if nonce.as_deref() == Some("") {
            return refuse("dpop.nonce must be a non-empty string (leave it out for none)".into());
        }
        // The proof is the request's, not the caller's: an empty header is
        // no proof and a malformed one is the rules' to refuse, as at the edge.
        let proofs = proof_values(proof.as_deref())
            .map(ToOwned::to_owned)
            .collect();
        Ok(DpopCall {
            scheme,
            proofs,
            method,
            url,
            nonce,
        })
    }
}

impl DpopState {
    /// Step 1 for `token` at `now`: the call's proof, or none (no `dpop`
    /// option in the call reads as a request without a proof).
    ///
    /// # Errors
    /// `invalid_dpop_proof`, `use_dpop_nonce`.
    pub fn check_proof(
        &mut self,
        call: Option<&DpopCall>,
        token: &str,
        now: i64,
        host: Option<&HostSignature>,
    ) -> Result<Option<CheckedProof>, Error> {
        let Some(call) = call else {
            return Ok(None);
        };
        let proofs: Vec<&str> = call.proofs.iter().map(String::as_str).collect();
        let request = DpopRequest {
            method: &call.method,
            url: &call.url,
            proofs: &proofs,
            access_token: Some(token),
            nonce: call.nonce.as_deref(),
        };
        // The proof's signature takes the token's seam: node:crypto in
        // Node where the core allows it; the core's, with the key prepared
        // once per client key (`proof_keys`), elsewhere.
        let keys = &mut self.proof_keys;
        match call.scheme {
            Some(scheme) => self
                .rules
                .check_proof_under(scheme, &request, now, keys, |check| {
                    check_signature(check, host)
                }),
            None => self
                .rules
                .check_proof_cached(&request, now, keys, |check| check_signature(check, host)),
        }
    }

    /// Step 3: an unbound token beside a proof, then the replay cache.
    ///
    /// # Errors
    /// `dpop_token_unbound`, `dpop_replay`, `dpop_replay_cache_full`.
    pub fn accept(
        &mut self,
        claims: &JsonObject,
        proof: Option<&CheckedProof>,
        now: i64,
    ) -> Result<(), Error> {
        self.rules.accept(claims, proof, &mut self.replay, now)
    }
}

/// Step 2's input: [`Confirmation::Bearer`] for a Verifier without DPoP.
pub fn confirmation<'p>(
    state: Option<&DpopState>,
    proof: Option<&'p CheckedProof>,
) -> Confirmation<'p> {
    match state {
        Some(state) => state.rules.confirmation(proof),
        None => Confirmation::Bearer,
    }
}

thread_local! {
    /// The DPoP challenge of the last failed call, as JSON, or empty.
    static LAST_CHALLENGE: core::cell::RefCell<String> = const { core::cell::RefCell::new(String::new()) };
}

/// Records the challenge of `error` (a DPoP refusal) for
/// [`last_error_dpop`]; `None` or any other error clears it.
pub fn remember_challenge(error: Option<&Error>) {
    let json = match error {
        Some(error) if is_dpop_refusal(error) => challenge_json(error),
        _ => String::new(),
    };
    LAST_CHALLENGE.with(|last| *last.borrow_mut() = json);
}

/// The refusals DPoP adds; a token refusal keeps its own challenge.
fn is_dpop_refusal(error: &Error) -> bool {
    let code = error.code();
    code.starts_with("dpop_") || code == "invalid_dpop_proof" || code == "use_dpop_nonce"
}

fn challenge_json(error: &Error) -> String {
    let challenge = DpopChallenge::of(error);
    let mut json = serde_json::Map::new();
    json.insert("challenge".into(), challenge.error().into());
    if let Some(nonce) = challenge.nonce() {
        json.insert("nonce".into(), nonce.into());
    }
    serde_json::Value::Object(json).to_string()
}

/// `{"challenge":"use_dpop_nonce","nonce":"…"}` for the last failed call
/// when DPoP refused it (`challenge`: the `WWW-Authenticate: DPoP` error,
/// RFC 9449 §7.1 / §12.2; `nonce`: the `DPoP-Nonce` to send), else `""`.
#[wasm_bindgen::prelude::wasm_bindgen(js_name = lastErrorDpop)]
pub fn last_error_dpop() -> String {
    LAST_CHALLENGE.with(|last| last.borrow().clone())
}
