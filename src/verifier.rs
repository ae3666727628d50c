//! `Verifier`: the core's verifier, its inline key set, and optionally a
//! verified-token cache, behind one wasm object.
//!
//! Two ways to verify, with the same verdict:
//! - [`WasmVerifier::verify`]: synchronous, in one call; RSA and ECDSA
//!   signatures by the host when it passes a synchronous primitive
//!   (node:crypto, [`crate::host_signature`]), the rest in wasm;
//! - [`WasmVerifier::prepare`] + host crypto + [`WasmVerifier::finish`]:
//!   the core's two-phase seam, for `verifyAsync` with WebCrypto.

use crate::certificates::{self, CertificateRules};
use crate::dpop::{DpopCall, DpopState, confirmation};
use crate::host_signature::{HostSignature, check_signature, host_of};
use crate::input::with_input;
use crate::options::{BindingOptions, CallOptions};
use crate::output::{set_core_error, set_error, verified_json};
use crate::remote::WasmKeySetFetch;
use crate::revocation::WasmRevocationList;
use crate::revocation_check::RevocationCheck;
#[cfg(feature = "revocation-list")]
use crate::revocation_fetch::WasmRevocationFetch;
use tokenward_core::Error;
use tokenward_core::dpop::CheckedProof;
use tokenward_core::json::JsonObject;
use tokenward_core::key_set::KeySet;
use tokenward_core::oidc::IdTokenBinding;
use tokenward_core::revocation::RevocationList;
use tokenward_core::verifier::{
    CallContext, CertificateThumbprint, Confirmation, SignatureCheck, TokenCache, VerifiedToken,
    Verifier,
};
use wasm_bindgen::prelude::*;

/// Code of a refused options object (not a token verdict).
pub const INVALID_OPTIONS: &str = "invalid_options";

/// What `prepare` left for the host: one signature to check.
#[derive(Debug, Default)]
struct Prepared {
    alg: &'static str,
    key_id: String,
    key_jwk: String,
    signature: Vec<u8>,
    signing_input_length: usize,
}

/// What [`WasmVerifier::prepare`] found.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrepareStatus {
    /// Refused before the signature; the last error says why.
    Refused = 0,
    /// The host may check the signature (`prepared*` getters), then `finish`.
    HostMayVerify = 1,
    /// Keep the signature in wasm (`verify`): the core's
    /// `SignatureCheck::host_may_verify` said no (HMAC secrets never leave
    /// the core; hosts differ on Ed25519 strictness).
    CoreVerifies = 2,
}

/// The engine behind the JS `Verifier`.
#[wasm_bindgen]
#[derive(Debug)]
pub struct WasmVerifier {
    verifier: Verifier,
    keys: KeySet,
    cache: Option<TokenCache>,
    revocation: RevocationCheck,
    prepared: Prepared,
    /// DPoP rules and the replay cache, with `dpop` in the options.
    dpop: Option<DpopState>,
    /// The next call's `dpop` option and `now` ([`WasmVerifier::set_dpop_call`]),
    /// taken by the call that reads it.
    dpop_call: Option<(DpopCall, f64)>,
    /// Certificate binding, with `certificateBoundTokens` in the options.
    certificates: Option<CertificateRules>,
    /// The next call's `certificateThumbprint`
    /// ([`WasmVerifier::set_certificate_call`]).
    certificate_call: Option<CertificateThumbprint>,
}

/// The key set of a call: the inline one, or the remote one's document.
fn key_set<'a>(
    inline: &'a KeySet,
    remote: Option<&'a WasmKeySetFetch>,
    clock_ms: f64,
) -> Result<(&'a KeySet, u64), Error> {
    match remote {
        None => Ok((inline, 0)),
        Some(remote) => remote.key_set(clock_ms),
    }
}

fn seconds(now: f64) -> i64 {
    // Every public entry has refused what is not Unix seconds
    // (`CallOptions::check`), so the conversion is exact.
    now.floor() as i64
}

#[wasm_bindgen]
impl WasmVerifier {
    /// Builds a verifier from the JSON text of the JS options and, when the
    /// options name an inline key set, its JSON text. `undefined` with the
    /// last error set (`invalid_options`, `jwks_invalid`, `too_large`).
    pub fn create(options_json: &str, jwks_json: Option<String>) -> Option<WasmVerifier> {
        let options = match BindingOptions::from_json(options_json) {
            Ok(options) => options,
            Err(error) => {
                set_error(INVALID_OPTIONS, error.to_string());
                return None;
            }
        };
        let keys = match jwks_json {
            None => KeySet::default(),
            Some(json) => match KeySet::from_json_with(json.as_bytes(), &options.key_set) {
                Ok(keys) => keys,
                Err(error) => {
                    set_core_error(&error);
                    return None;
                }
            },
        };
        let verifier = match Verifier::new(options.validation) {
            Ok(verifier) => verifier,
            Err(error) => {
                set_error(INVALID_OPTIONS, error.to_string());
                return None;
            }
        };
        Some(WasmVerifier {
            verifier,
            keys,
            cache: options.cache_entries.map(TokenCache::new),
            revocation: RevocationCheck::Off,
            prepared: Prepared::default(),
            dpop: options.dpop,
            dpop_call: None,
            certificates: options.certificates,
            certificate_call: None,
        })
    }

    /// Whether the options configured DPoP (`dpop: { ... }`).
    #[wasm_bindgen(js_name = hasDpop)]
    pub fn has_dpop(&self) -> bool {
        self.dpop.is_some()
    }

    /// Sets the `dpop` option of the next verification call (`present`
    /// false: the call has none), which takes it: `verify*`, `check*`,
    /// `prepare*` and `finish*`. The JS side sets it right before each of
    /// them, on every call of a Verifier with DPoP. `false` with the last
    /// error set (`invalid_options`) for a value the option does not take,
    /// or a `dpop` call option on a Verifier without DPoP. `now` is the
    /// call's, for `prepare*`, which has no `now` of its own.
    #[allow(clippy::too_many_arguments)]
    #[wasm_bindgen(js_name = setDpopCall)]
    pub fn set_dpop_call(
        &mut self,
        present: bool,
        scheme: Option<String>,
        proof: Option<String>,
        method: Option<String>,
        url: Option<String>,
        nonce: Option<String>,
        now: f64,
    ) -> bool {
        self.dpop_call = None;
        if !present {
            return true;
        }
        if self.dpop.is_none() {
            let message = "dpop is a call option of a Verifier created with dpop: { ... }";
            set_error(INVALID_OPTIONS, message.into());
            return false;
        }
        let call = DpopCall::new(
            scheme,
            proof,
            method.unwrap_or_default(),
            url.unwrap_or_default(),
            nonce,
        );
        match call {
            Ok(call) => {
                self.dpop_call = Some((call, now));
                true
            }
            Err(error) => {
                set_error(INVALID_OPTIONS, error.to_string());
                false
            }
        }
    }

    /// Whether the options configured certificate binding
    /// (`certificateBoundTokens: { ... }`).
    #[wasm_bindgen(js_name = checksCertificates)]
    pub fn checks_certificates(&self) -> bool {
        self.certificates.is_some()
    }

    /// Sets the `certificateThumbprint` of the next verification calls
    /// (`None`: the connection presented no certificate). The JS side sets
    /// it right before each call, on every call of a Verifier with
    /// `certificateBoundTokens`. `false` with the last error set
    /// (`invalid_options`) for a value that is not 32 bytes of hex, or a
    /// thumbprint given to a Verifier without `certificateBoundTokens`.
    #[wasm_bindgen(js_name = setCertificateCall)]
    pub fn set_certificate_call(&mut self, thumbprint: Option<String>) -> bool {
        self.certificate_call = None;
        let Some(hex) = thumbprint else {
            return true;
        };
        if self.certificates.is_none() {
            let message = "certificateThumbprint is a call option of a Verifier created with certificateBoundTokens: { ... }";
            set_error(INVALID_OPTIONS, message.into());
            return false;
        }
        match certificates::thumbprint(&hex) {
            Ok(thumbprint) => {
                self.certificate_call = Some(thumbprint);
                true
            }
            Err(error) => {
                set_error(INVALID_OPTIONS, error.to_string());
                false
            }
        }
    }

    /// Number of keys in the inline set (for diagnostics).
    #[wasm_bindgen(js_name = keyCount)]
    pub fn key_count(&self) -> usize {
        self.keys.len()
    }

    /// Whether a verified-token cache is configured.
    #[wasm_bindgen(js_name = hasCache)]
    pub fn has_cache(&self) -> bool {
        self.cache.is_some()
    }

    /// Cache counters as JSON `{"hits":…,"misses":…,"evictions":…,"size":…}`.
    #[wasm_bindgen(js_name = cacheStats)]
    pub fn cache_stats(&self) -> String {
        let Some(cache) = &self.cache else {
            return String::from("null");
        };
        let counters = cache.counters();
        format!(
            r#"{{"hits":{},"misses":{},"evictions":{},"size":{}}}"#,
            counters.hits,
            counters.misses,
            counters.evictions,
            cache.len()
        )
    }

    /// Replaces the revocation list checked on every verification (a copy
    /// is kept: reload the list and set it again to update).
    #[wasm_bindgen(js_name = setRevocationList)]
    pub fn set_revocation_list(&mut self, list: &WasmRevocationList) {
        self.revocation = RevocationCheck::List {
            list: list.list().clone(),
            generation: None,
        };
    }

    /// Stops checking a revocation list.
    #[wasm_bindgen(js_name = clearRevocationList)]
    pub fn clear_revocation_list(&mut self) {
        self.revocation = RevocationCheck::Off;
    }

    /// Takes the state of a remote revocation list at `clock_ms` (Unix
    /// milliseconds, the list's clock) for the verifications that follow:
    /// its usable list, or, with none usable, `revocation_unavailable` for
    /// every token (no list at all with `failOpen`). Called before each
    /// verification by a `Verifier` attached to a `RemoteRevocationList`.
    #[cfg(feature = "revocation-list")]
    #[wasm_bindgen(js_name = followRevocation)]
    pub fn follow_revocation(&mut self, refresh: &WasmRevocationFetch, clock_ms: f64) {
        self.revocation.follow(refresh.list_to_check(clock_ms));
    }

    /// Verifies the token in the input buffer (`len` bytes) at `now` (Unix
    /// seconds) with the inline key set. The cache, when configured, only
    /// saves the signature check: claims, binding and revocation are checked
    /// on every call. Returns the verified token as JSON, or an empty string
    /// with the last error set.
    pub fn verify(
        &mut self,
        len: usize,
        now: f64,
        nonce: Option<String>,
        access_token: Option<String>,
    ) -> String {
        self.verify_host(len, now, nonce, access_token, &JsValue::UNDEFINED)
    }

    /// [`Self::verify`] with the host's synchronous signature primitive
    /// ([`crate::host_signature`]; `undefined` for none): RSA and ECDSA
    /// signatures go to it, the rest stay in wasm.
    #[wasm_bindgen(js_name = verifyHost)]
    pub fn verify_host(
        &mut self,
        len: usize,
        now: f64,
        nonce: Option<String>,
        access_token: Option<String>,
        host: &JsValue,
    ) -> String {
        let call = (now, 0.0, &nonce, &access_token, host);
        self.verdict(None, len, call, Answer::Result)
            .flatten()
            .map_or_else(String::new, |ok| verified_json(&ok))
    }

    /// [`Self::verify_host`]'s verdict without its result: `false` with the
    /// last error set. For a token the JS side has just had the result of:
    /// the result is a function of the token bytes alone (header, claims and
    /// the kind derived from them), the verdict is not, so it is asked for on
    /// every call.
    #[wasm_bindgen(js_name = checkHost)]
    pub fn check_host(
        &mut self,
        len: usize,
        now: f64,
        nonce: Option<String>,
        access_token: Option<String>,
        host: &JsValue,
    ) -> bool {
        let call = (now, 0.0, &nonce, &access_token, host);
        self.verdict(None, len, call, Answer::VerdictOnly).is_some()
    }

    /// [`Self::verify`] with the document of `remote` at `clock_ms` (Unix
    /// milliseconds, the real clock) as the key set.
    #[wasm_bindgen(js_name = verifyRemote)]
    pub fn verify_remote(
        &mut self,
        remote: &WasmKeySetFetch,
        len: usize,
        now: f64,
        clock_ms: f64,
        nonce: Option<String>,
        access_token: Option<String>,
    ) -> String {
        let host = &JsValue::UNDEFINED;
        self.verify_remote_host(remote, len, now, clock_ms, nonce, access_token, host)
    }

    /// [`Self::verify_remote`] with a host primitive, as [`Self::verify_host`].
    #[wasm_bindgen(js_name = verifyRemoteHost)]
    #[allow(clippy::too_many_arguments)]
    pub fn verify_remote_host(
        &mut self,
        remote: &WasmKeySetFetch,
        len: usize,
        now: f64,
        clock_ms: f64,
        nonce: Option<String>,
        access_token: Option<String>,
        host: &JsValue,
    ) -> String {
        let call = (now, clock_ms, &nonce, &access_token, host);
        self.verdict(Some(remote), len, call, Answer::Result)
            .flatten()
            .map_or_else(String::new, |ok| verified_json(&ok))
    }

    /// [`Self::verify_remote_host`]'s verdict alone, as [`Self::check_host`].
    #[wasm_bindgen(js_name = checkRemoteHost)]
    #[allow(clippy::too_many_arguments)]
    pub fn check_remote_host(
        &mut self,
        remote: &WasmKeySetFetch,
        len: usize,
        now: f64,
        clock_ms: f64,
        nonce: Option<String>,
        access_token: Option<String>,
        host: &JsValue,
    ) -> bool {
        let call = (now, clock_ms, &nonce, &access_token, host);
        self.verdict(Some(remote), len, call, Answer::VerdictOnly)
            .is_some()
    }

    /// The first phase of `verifyAsync`: every check before the signature.
    /// With [`PrepareStatus::HostMayVerify`] the `prepared*` getters describe
    /// the signature to check; then call [`Self::finish`] with the verdict.
    pub fn prepare(&mut self, len: usize) -> PrepareStatus {
        with_input(len, |token| self.prepare_with(token, None, 0.0))
    }

    /// [`Self::prepare`] with a remote key set.
    #[wasm_bindgen(js_name = prepareRemote)]
    pub fn prepare_remote(
        &mut self,
        remote: &WasmKeySetFetch,
        len: usize,
        clock_ms: f64,
    ) -> PrepareStatus {
        with_input(len, |token| {
            self.prepare_with(token, Some(remote), clock_ms)
        })
    }

    /// The WebCrypto-facing name of the prepared algorithm (`"RS256"`, ...).
    #[wasm_bindgen(getter, js_name = preparedAlg)]
    pub fn prepared_alg(&self) -> String {
        self.prepared.alg.to_owned()
    }

    /// Identifies the prepared key (hex SHA-256 fingerprint): the JS side
    /// caches imported `CryptoKey`s under it and hands it back to `finish`.
    #[wasm_bindgen(getter, js_name = preparedKeyId)]
    pub fn prepared_key_id(&self) -> String {
        self.prepared.key_id.clone()
    }

    /// The prepared key as a public JWK (JSON), for `importKey("jwk", ...)`.
    #[wasm_bindgen(getter, js_name = preparedKeyJwk)]
    pub fn prepared_key_jwk(&self) -> String {
        self.prepared.key_jwk.clone()
    }

    /// The decoded signature to check.
    #[wasm_bindgen(getter, js_name = preparedSignature)]
    pub fn prepared_signature(&self) -> Vec<u8> {
        self.prepared.signature.clone()
    }

    /// The signed bytes are the first this-many bytes of the token.
    #[wasm_bindgen(getter, js_name = preparedSigningInputLength)]
    pub fn prepared_signing_input_length(&self) -> usize {
        self.prepared.signing_input_length
    }

    /// The second phase of `verifyAsync`: the token is written again to the
    /// input buffer (other calls may have used it meanwhile) and prepared
    /// again; `host_valid` is the host's verdict on the key `key_id`. If the
    /// key selected now is another one (the key set changed in between), the
    /// core checks the signature itself. Result as [`Self::verify`].
    pub fn finish(
        &mut self,
        len: usize,
        host_valid: bool,
        key_id: &str,
        now: f64,
        nonce: Option<String>,
        access_token: Option<String>,
    ) -> String {
        let call = (now, 0.0, &nonce, &access_token);
        self.finish_call(None, len, host_valid, key_id, call)
    }

    /// [`Self::finish`] with a remote key set.
    #[wasm_bindgen(js_name = finishRemote)]
    #[allow(clippy::too_many_arguments)]
    pub fn finish_remote(
        &mut self,
        remote: &WasmKeySetFetch,
        len: usize,
        host_valid: bool,
        key_id: &str,
        now: f64,
        clock_ms: f64,
        nonce: Option<String>,
        access_token: Option<String>,
    ) -> String {
        let call = (now, clock_ms, &nonce, &access_token);
        self.finish_call(Some(remote), len, host_valid, key_id, call)
    }
}

/// A synchronous call's values: `now`, `clock_ms`, nonce, access token, host.
type SyncCall<'a> = (
    f64,
    f64,
    &'a Option<String>,
    &'a Option<String>,
    &'a JsValue,
);

/// What a synchronous call asks for: the verified token, or (`check*`, for
/// a token whose result the JS side already holds) the verdict alone, which
/// a cache hit gives without copying the cached token out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    Result,
    VerdictOnly,
}

/// A second phase's values: `now`, `clock_ms`, nonce, access token.
type FinishCall<'a> = (f64, f64, &'a Option<String>, &'a Option<String>);

impl WasmVerifier {
    /// [`Self::finish`] and [`Self::finish_remote`]: refused call options
    /// first, then the token in the input buffer, as JSON or `""`.
    fn finish_call(
        &mut self,
        remote: Option<&WasmKeySetFetch>,
        len: usize,
        host_valid: bool,
        key_id: &str,
        (now, clock_ms, nonce, access_token): FinishCall<'_>,
    ) -> String {
        if let Some(refused) = refuse_call(now, nonce, access_token) {
            return refused;
        }
        let binding = binding(nonce, access_token);
        let result = with_input(len, |token| {
            self.finish_with(token, remote, clock_ms, host_valid, key_id, now, &binding)
        });
        respond(result)
    }

    /// The verdict on the token in the input buffer: `Some` when accepted,
    /// holding the verified token unless `answer` is
    /// [`Answer::VerdictOnly`] and the cache had it; `None` with the last
    /// error set (refused call options first, then the token).
    fn verdict(
        &mut self,
        remote: Option<&WasmKeySetFetch>,
        len: usize,
        (now, clock_ms, nonce, access_token, host): SyncCall<'_>,
        answer: Answer,
    ) -> Option<Option<VerifiedToken>> {
        if refuse_call(now, nonce, access_token).is_some() {
            return None;
        }
        let binding = binding(nonce, access_token);
        let result = with_input(len, |token| {
            let host = host_of(host);
            self.verify_with(token, remote, now, clock_ms, &binding, host, answer)
        });
        result.map_err(|error| set_core_error(&error)).ok()
    }

    #[allow(clippy::too_many_arguments)]
    fn verify_with(
        &mut self,
        token: &str,
        remote: Option<&WasmKeySetFetch>,
        now: f64,
        clock_ms: f64,
        binding: &IdTokenBinding<'_>,
        host: Option<&HostSignature>,
        answer: Answer,
    ) -> Result<Option<VerifiedToken>, Error> {
        let dpop_call = self.dpop_call.take().map(|(call, _)| call);
        let proof = self.check_proof(dpop_call.as_ref(), token, now, host)?;
        let dpop_confirmation = confirmation(self.dpop.as_ref(), proof.as_ref());
        let confirmation = self.with_certificate(&dpop_confirmation);
        let (keys, generation) = key_set(&self.keys, remote, clock_ms)?;
        // As at the edge: the key set, then the revocation list, then the token.
        let revocation = self.revocation.list()?;
        let verifier = &self.verifier;
        let verified = match &mut self.cache {
            // `Verifier::verify_cached`, with the signature of a miss
            // checked by `check_signature`.
            Some(cache) => {
                let call = CallContext {
                    now: seconds(now),
                    binding: *binding,
                    revocation,
                };
                let hit = match answer {
                    Answer::Result => {
                        verifier.cached_confirmed(token, generation, cache, &call, confirmation)
                    }
                    Answer::VerdictOnly => {
                        let hit = verifier.cached_verdict_confirmed(
                            token,
                            generation,
                            cache,
                            &call,
                            confirmation,
                        );
                        if let Some(claims) = hit {
                            let claims = claims?;
                            accept_certificate(self.certificates.as_ref(), claims)?;
                            accept_proof(&mut self.dpop, claims, proof.as_ref(), now)?;
                            return Ok(None);
                        }
                        None
                    }
                };
                match hit {
                    Some(hit) => hit?,
                    None => {
                        let signed = check_signature(verifier.prepare(token, keys)?, host)?;
                        verifier.remember_confirmed(
                            token,
                            signed,
                            generation,
                            cache,
                            &call,
                            confirmation,
                        )?
                    }
                }
            }
            // `Verifier::verify`, likewise.
            None => {
                let signed = check_signature(verifier.prepare(token, keys)?, host)?;
                let verified =
                    verifier.finish_confirmed(signed, seconds(now), binding, confirmation)?;
                check_revocation(revocation, &verified)?;
                verified
            }
        };
        accept_certificate(self.certificates.as_ref(), &verified.claims)?;
        accept_proof(&mut self.dpop, &verified.claims, proof.as_ref(), now)?;
        Ok(Some(verified))
    }

    /// The sender-constraint rule's input: `dpop`, with the call's client
    /// certificate beside it when certificates are checked.
    fn with_certificate<'a>(&self, dpop: &'a Confirmation<'a>) -> Confirmation<'a> {
        match &self.certificates {
            Some(rules) => rules.confirmation(self.certificate_call, dpop),
            None => *dpop,
        }
    }

    /// DPoP step 1 (the proof, before the token): none without DPoP.
    fn check_proof(
        &mut self,
        call: Option<&DpopCall>,
        token: &str,
        now: f64,
        host: Option<&HostSignature>,
    ) -> Result<Option<CheckedProof>, Error> {
        match &mut self.dpop {
            Some(state) => state.check_proof(call, token, seconds(now), host),
            None => Ok(None),
        }
    }

    fn prepare_with(
        &mut self,
        token: &str,
        remote: Option<&WasmKeySetFetch>,
        clock_ms: f64,
    ) -> PrepareStatus {
        // The proof first, as the synchronous path checks it: the same
        // request gets the same first error either way. `finish` checks
        // it again, with the call set again.
        if let Some((call, now)) = self.dpop_call.take()
            && let Err(error) = self.check_proof(Some(&call), token, now, None)
        {
            set_core_error(&error);
            return PrepareStatus::Refused;
        }
        let check = key_set(&self.keys, remote, clock_ms)
            .and_then(|(keys, _)| self.revocation.list().map(|_| keys))
            .and_then(|keys| self.verifier.prepare(token, keys));
        let check = match check {
            Ok(check) => check,
            Err(error) => {
                set_core_error(&error);
                return PrepareStatus::Refused;
            }
        };
        // The core's rule, the same one the edge worker follows.
        let jwk = check.key().to_public_jwk();
        match jwk {
            Some(jwk) if check.host_may_verify() => {
                self.prepared = Prepared {
                    alg: check.alg().name(),
                    key_id: key_id(&check),
                    key_jwk: jwk,
                    signature: check.signature().to_vec(),
                    signing_input_length: check.signing_input().len(),
                };
                PrepareStatus::HostMayVerify
            }
            _ => PrepareStatus::CoreVerifies,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn finish_with(
        &mut self,
        token: &str,
        remote: Option<&WasmKeySetFetch>,
        clock_ms: f64,
        host_valid: bool,
        host_key_id: &str,
        now: f64,
        binding: &IdTokenBinding<'_>,
    ) -> Result<VerifiedToken, Error> {
        let dpop_call = self.dpop_call.take().map(|(call, _)| call);
        let proof = self.check_proof(dpop_call.as_ref(), token, now, None)?;
        let dpop_confirmation = confirmation(self.dpop.as_ref(), proof.as_ref());
        let confirmation = self.with_certificate(&dpop_confirmation);
        let (keys, _) = key_set(&self.keys, remote, clock_ms)?;
        let revocation = self.revocation.list()?;
        let check = self.verifier.prepare(token, keys)?;
        let signed = if key_id(&check) == host_key_id {
            check.host_verified(host_valid)?
        } else {
            check.verify()?
        };
        let verified =
            self.verifier
                .finish_confirmed(signed, seconds(now), binding, confirmation)?;
        check_revocation(revocation, &verified)?;
        accept_certificate(self.certificates.as_ref(), &verified.claims)?;
        accept_proof(&mut self.dpop, &verified.claims, proof.as_ref(), now)?;
        Ok(verified)
    }
}

/// `certificateBoundTokens.required`: an unbound token is refused.
fn accept_certificate(rules: Option<&CertificateRules>, claims: &JsonObject) -> Result<(), Error> {
    match rules {
        Some(rules) => rules.accept(claims),
        None => Ok(()),
    }
}

/// DPoP step 3, last: a proof beside an unbound token, then replay.
fn accept_proof(
    dpop: &mut Option<DpopState>,
    claims: &JsonObject,
    proof: Option<&CheckedProof>,
    now: f64,
) -> Result<(), Error> {
    match dpop {
        Some(state) => state.accept(claims, proof, seconds(now)),
        None => Ok(()),
    }
}

fn check_revocation(list: Option<&RevocationList>, verified: &VerifiedToken) -> Result<(), Error> {
    match list {
        Some(list) => list.check(&verified.claims),
        None => Ok(()),
    }
}

pub(crate) fn key_id(check: &SignatureCheck<'_, '_>) -> String {
    fingerprint_hex(&check.key().fingerprint())
}

/// A key fingerprint as the hex name the host caches its imported key
/// under (`verifyAsync` and `tokenward/edge` alike).
pub(crate) fn fingerprint_hex(fingerprint: &[u8; 32]) -> String {
    let mut hex = String::with_capacity(64);
    for byte in fingerprint {
        hex.push(char::from(HEX[usize::from(byte >> 4)]));
        hex.push(char::from(HEX[usize::from(byte & 15)]));
    }
    hex
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// The per-call options refused before any work (`now` that is not Unix
/// seconds, an empty nonce or access token): the empty result, with the
/// last error set to `invalid_options`.
fn refuse_call(now: f64, nonce: &Option<String>, access_token: &Option<String>) -> Option<String> {
    let error = CallOptions::check(now, nonce.as_deref(), access_token.as_deref()).err()?;
    set_error(INVALID_OPTIONS, error.to_string());
    Some(String::new())
}

fn binding<'a>(nonce: &'a Option<String>, access_token: &'a Option<String>) -> IdTokenBinding<'a> {
    IdTokenBinding {
        nonce: nonce.as_deref(),
        access_token: access_token.as_deref(),
        code: None,
    }
}

/// The verified token as JSON, or an empty string with the last error set.
fn respond(result: Result<VerifiedToken, Error>) -> String {
    match result {
        Ok(verified) => verified_json(&verified),
        Err(error) => {
            set_core_error(&error);
            String::new()
        }
    }
}
