//! The per-request decision: rule by path, token by provider, verification
//! with the cache and revocation, then headers to set or a refusal.

use super::config::{EdgeConfig, Provider, Requirement};
use super::connection::Connection;
use super::denial::Denial;
use super::discovered_introspection::{discovered_endpoints, follow};
use super::dpop_response::{check_proof, dpop_refusal, is_dpop_refusal};
use super::identity::{identity_headers, identity_headers_of};
use super::introspect::{INTROSPECTION_UNAVAILABLE, Introspection, IntrospectionDue, look_up};
use super::path::{canonical_target, refusal_status};
use super::progress::{Allowance, Progress};
use super::replay::{LocalReplay, ReplayLedger};
use super::request::Request;
use super::response::{self, DenyResponse};
use super::sources::{RevocationView, Sources};
use super::step::{PendingSignature, Step};
use super::strip::{Always, PATH, RefusalHeaders, spoofable_headers};
use crate::dpop::{CheckedProof, ProofKeyCache};
use crate::error::{Error, ErrorCode};
use crate::fetch_url::UrlError;
use crate::introspection::{
    EndpointAnswer, Introspected, IntrospectionCache, IntrospectionRequest, judge,
};
use crate::oidc::IdTokenBinding;
use crate::verifier::{CallContext, Confirmation, TokenCache, VerifiedToken};
use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

/// What to do with a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Forward it: remove `remove` (every identity header, under every
    /// spelling the client sent it; the token, unless its provider
    /// `forward`s it), then set `set`. `set` may hold `:path`: the request
    /// target without the token's query parameter.
    Allow {
        /// Headers to set after the removals.
        set: Vec<(String, String)>,
        /// Header names to remove first.
        remove: Vec<String>,
    },
    /// Answer with this response instead.
    Deny(DenyResponse),
}

/// What happened, for metrics and logs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Report {
    /// The provider the outcome is counted under, if a rule required one.
    pub provider: Option<usize>,
    /// The issuer entry of `provider` (its index in `issuers`) the token's
    /// `iss` named, when one was chosen: with `provider`, the key set a
    /// refetch or a wait concerns.
    pub issuer: Option<usize>,
    /// `None` when allowed; else why the request was refused.
    pub denial: Option<Denial>,
    /// Whether a verified token was allowed (a pass-through is not).
    pub allowed: bool,
    /// Verified-token cache hits and misses during this request.
    pub cache_hits: u32,
    /// See `cache_hits`.
    pub cache_misses: u32,
    /// A token named an unknown `kid` and a refetch is due: the adapter
    /// should drive the provider's machine now rather than at its next tick.
    pub refetch_due: bool,
    /// Under `allow_missing_or_failed`: why the request would have been
    /// refused (it passed without identity).
    pub denied_but_allowed: Option<Denial>,
    /// A CORS preflight passed without verification
    /// (`bypass_cors_preflight`).
    pub cors_preflight_bypassed: bool,
}

impl Report {
    /// `denial`'s code as a string (`expired`, `missing`, ...): metric
    /// names, logs.
    pub fn denied(&self) -> Option<&'static str> {
        self.denial.map(Denial::as_str)
    }
}

/// The decision and its report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// What to do.
    pub verdict: Verdict,
    /// What happened.
    pub report: Report,
    /// A token to introspect before deciding again (the verdict meanwhile
    /// is a 503 `introspection_unavailable`).
    pub introspect: Option<IntrospectionDue>,
}

/// The edge: configuration plus one verified-token cache per provider,
/// the prepared keys of recent DPoP proofs and the record of accepted
/// proofs.
#[derive(Debug)]
pub struct Gateway {
    config: EdgeConfig,
    caches: Vec<TokenCache>,
    introspections: Vec<IntrospectionCache>,
    proof_keys: ProofKeyCache,
    replay: Box<dyn ReplayLedger>,
    /// Providers whose introspection endpoint is their metadata document's.
    discovered_endpoints: Vec<usize>,
}

/// Code reported when no token was sent ([`Denial::Missing`]).
pub const MISSING: &str = Denial::Missing.as_str();
/// Code reported when a request carried more than one token (RFC 6750 §2),
/// answered with 400 `invalid_request` ([`Denial::MultipleTokens`]).
pub const MULTIPLE_TOKENS: &str = Denial::MultipleTokens.as_str();
/// Code reported when the revocation list is configured but unavailable
/// (the core's [`ErrorCode::RevocationUnavailable`], as the npm `Verifier`
/// reports it).
pub const REVOCATION_UNAVAILABLE: &str = ErrorCode::RevocationUnavailable.as_str();

impl Gateway {
    /// A gateway for a checked configuration.
    pub fn new(config: EdgeConfig) -> Gateway {
        let caches = config
            .providers
            .iter()
            .map(|provider| TokenCache::new(provider.cache_size))
            .collect();
        let introspections = config
            .providers
            .iter()
            .map(|p| IntrospectionCache::new(p.introspection.as_ref().map_or(1, |i| i.cache_size)))
            .collect();
        let replay = Box::new(LocalReplay::new(&config));
        let discovered_endpoints = discovered_endpoints(&config);
        Gateway {
            discovered_endpoints,
            config,
            caches,
            introspections,
            proof_keys: ProofKeyCache::default(),
            replay,
        }
    }

    /// The request that introspects `due.token`, `None` while the
    /// provider's endpoint is unknown (then record [`EndpointAnswer::Failed`]).
    pub fn introspection_request(&self, due: &IntrospectionDue) -> Option<IntrospectionRequest> {
        let provider = self.config.providers.get(due.provider)?;
        provider.introspection.as_ref()?.request(&due.token)
    }

    /// Judges the endpoint's `answer` on `token`, received at `fetched_ms`,
    /// with `provider`'s rules, and keeps the verdict for the next
    /// decisions. Returns until when (Unix ms) it stands; an adapter that
    /// shares answers between gateways hands each the same `fetched_ms`,
    /// so they all keep it as long.
    pub fn record_introspection(
        &mut self,
        provider: usize,
        token: &str,
        answer: EndpointAnswer<'_>,
        fetched_ms: u64,
    ) -> u64 {
        let Some(p) = self.config.providers.get(provider) else {
            return fetched_ms;
        };
        let Some(settings) = &p.introspection else {
            return fetched_ms;
        };
        let now = (fetched_ms / 1_000) as i64;
        // A provider with `introspection` has the single-issuer form (the
        // configuration refuses it with `issuers`): its one entry's checks.
        let Some(entry) = p.issuers.first() else {
            return fetched_ms;
        };
        let verdict = judge(answer, entry.verifier.options(), now);
        let until = settings.cache_until_ms(&verdict, fetched_ms);
        if let Some(cache) = self.introspections.get_mut(provider) {
            cache.insert(token, verdict, until);
        }
        until
    }

    /// Sets `provider`'s introspection endpoint; `Ok(false)` when the
    /// provider does not introspect. A provider with `discovery` and no
    /// configured `endpoint` needs no call: each decision takes the
    /// endpoint its metadata document names (and overrides this one).
    ///
    /// # Errors
    /// The URL's [`UrlError`]; the endpoint is left as it was.
    pub fn set_introspection_endpoint(
        &mut self,
        provider: usize,
        uri: &str,
    ) -> Result<bool, UrlError> {
        let settings = self
            .config
            .providers
            .get_mut(provider)
            .and_then(|p| p.introspection.as_mut());
        match settings {
            Some(settings) => settings.set_endpoint(uri).map(|()| true),
            None => Ok(false),
        }
    }

    /// Records accepted DPoP proofs in `ledger` instead of this gateway's
    /// own caches: for an adapter whose gateways must refuse a proof
    /// replayed to another of them (Envoy's worker threads).
    pub fn set_replay_ledger(&mut self, ledger: Box<dyn ReplayLedger>) {
        self.replay = ledger;
    }

    /// The configuration.
    pub fn config(&self) -> &EdgeConfig {
        &self.config
    }

    /// Decides on `request` at `now_ms` (Unix milliseconds) with the
    /// documents in `sources` (mutable: an unknown `kid` asks for a refetch).
    /// Signatures are checked by the core; see [`Gateway::begin`] for hosts
    /// with their own crypto.
    pub fn decide(
        &mut self,
        request: &Request<'_>,
        sources: &mut Sources,
        now_ms: u64,
    ) -> Decision {
        self.decide_with_connection(request, &Connection::default(), sources, now_ms)
    }

    /// [`Gateway::decide`] for a request that came over `connection`: a
    /// provider with `certificate_bound_tokens` checks its tokens' binding
    /// against the connection's client certificate (without one, as over
    /// [`Gateway::decide`], a certificate-bound token is
    /// `certificate_required`).
    pub fn decide_with_connection(
        &mut self,
        request: &Request<'_>,
        connection: &Connection,
        sources: &mut Sources,
        now_ms: u64,
    ) -> Decision {
        let mut step = self.start(request, connection, sources, now_ms, Signatures::Core);
        loop {
            match step {
                Step::Done(decision) => return decision,
                // Not reached: with `Signatures::Core` nothing waits for
                // the host. Verifying here keeps this total anyway.
                Step::NeedsSignature(pending) => {
                    step = self.resume(pending, Answer::Core, sources, now_ms, Signatures::Core);
                }
            }
        }
    }

    /// [`Gateway::decide`] up to the first signature the host may check
    /// ([`crate::verifier::SignatureCheck::host_may_verify`]: RSA and ECDSA;
    /// EdDSA and HMAC stay in the core).
    /// Answer a [`Step::NeedsSignature`] with [`Gateway::finish`] (or
    /// [`Gateway::finish_in_core`]) at the same `sources`.
    pub fn begin(&mut self, request: &Request<'_>, sources: &mut Sources, now_ms: u64) -> Step {
        self.begin_with_connection(request, &Connection::default(), sources, now_ms)
    }

    /// [`Gateway::begin`] for a request that came over `connection` (see
    /// [`Gateway::decide_with_connection`]).
    pub fn begin_with_connection(
        &mut self,
        request: &Request<'_>,
        connection: &Connection,
        sources: &mut Sources,
        now_ms: u64,
    ) -> Step {
        self.start(request, connection, sources, now_ms, Signatures::Host)
    }

    /// Resumes `pending` with the host's verdict on its signature: `valid`
    /// only when the host's crypto accepted it. The core re-checks the
    /// signature length, then applies the claim rules, the cache and
    /// revocation as [`Gateway::decide`] does. With several providers, a
    /// failure moves on to the next one, which may need a signature too.
    pub fn finish(
        &mut self,
        pending: PendingSignature,
        valid: bool,
        sources: &mut Sources,
        now_ms: u64,
    ) -> Step {
        self.resume(
            pending,
            Answer::Host(valid),
            sources,
            now_ms,
            Signatures::Host,
        )
    }

    /// Resumes `pending` with the core's own signature check, for a host
    /// that cannot check this one (its crypto refused to import the key).
    pub fn finish_in_core(
        &mut self,
        pending: PendingSignature,
        sources: &mut Sources,
        now_ms: u64,
    ) -> Step {
        self.resume(pending, Answer::Core, sources, now_ms, Signatures::Host)
    }

    fn start(
        &mut self,
        request: &Request<'_>,
        connection: &Connection,
        sources: &mut Sources,
        now_ms: u64,
        signatures: Signatures,
    ) -> Step {
        follow(
            &mut self.config,
            &self.discovered_endpoints,
            sources,
            now_ms,
        );
        let refusal_headers = self
            .config
            .cors
            .as_ref()
            .map(|cors| cors.refusal_headers(request))
            .filter(|headers| !headers.is_empty())
            .map(|headers| Box::new(RefusalHeaders(headers)));
        let step = self.start_rules(
            request,
            connection,
            sources,
            now_ms,
            signatures,
            refusal_headers.clone(),
        );
        with_refusal_headers(step, refusal_headers)
    }

    fn start_rules(
        &mut self,
        request: &Request<'_>,
        connection: &Connection,
        sources: &mut Sources,
        now_ms: u64,
        signatures: Signatures,
        refusal_headers: Option<Box<RefusalHeaders>>,
    ) -> Step {
        // Rules see the path the upstream will get (see `path`), or the
        // request is refused before any rule.
        let target = match canonical_target(request.path) {
            Ok(target) => target,
            Err(refusal) => {
                let mut body = response::invalid_request(&self.config.realm, refusal.as_str());
                body.status = refusal_status(refusal);
                return Step::Done(deny(Report::default(), refusal, body));
            }
        };
        let rewrite = match &target {
            Cow::Owned(canonical) => Some(canonical.clone()),
            Cow::Borrowed(_) => None,
        };
        let request = &Request {
            path: &target,
            ..*request
        };
        let spoofable = spoofable_headers(&self.config.identity_headers, request);
        let always = Always {
            spoofable,
            rewrite,
            refusal_headers,
        };
        if self.config.bypass_cors_preflight && request.is_cors_preflight() {
            // Identity headers are still stripped (`pass`).
            let report = Report {
                cors_preflight_bypassed: true,
                ..Report::default()
            };
            return Step::Done(pass(report, always));
        }
        let path = request.path_only();
        let rule = self.config.rules.iter().find(|r| r.matcher.matches(path));
        let mut progress = match rule.map(|r| &r.requirement) {
            Some(Requirement::Providers {
                providers,
                allow_missing,
                allow_failed,
            }) => Progress::new(
                request,
                &self.config.providers,
                providers,
                Allowance {
                    missing: *allow_missing,
                    failed: *allow_failed,
                },
                always,
            ),
            _ => return Step::Done(pass(Report::default(), always)),
        };
        progress.over(connection.client_certificate);
        self.run(progress, sources, now_ms, signatures)
    }

    fn resume(
        &mut self,
        pending: PendingSignature,
        answer: Answer,
        sources: &mut Sources,
        now_ms: u64,
        signatures: Signatures,
    ) -> Step {
        let PendingSignature {
            progress,
            position,
            key_generation,
            ..
        } = pending;
        let progress = *progress;
        let refusal_headers = progress.always.refusal_headers.clone();
        let answered = Some((answer, key_generation));
        let step = match self.attempt(progress, position, answered, sources, now_ms, signatures) {
            Attempt::Stop(step) => step,
            Attempt::Next(progress) => self.run(progress, sources, now_ms, signatures),
        };
        with_refusal_headers(step, refusal_headers)
    }

    /// Tries the remaining candidates in order.
    fn run(
        &mut self,
        mut progress: Progress,
        sources: &mut Sources,
        now_ms: u64,
        signatures: Signatures,
    ) -> Step {
        while let Some(position) = progress.advance() {
            progress = match self.attempt(progress, position, None, sources, now_ms, signatures) {
                Attempt::Stop(step) => return step,
                Attempt::Next(progress) => progress,
            };
        }
        Step::Done(self.conclude(progress))
    }

    /// One candidate: keys, revocation, then the cache or the signature
    /// (`answered`: the verdict on a signature asked for at that key
    /// generation; a changed key set starts this candidate over).
    fn attempt(
        &mut self,
        mut progress: Progress,
        position: usize,
        answered: Option<(Answer, u64)>,
        sources: &mut Sources,
        now_ms: u64,
        signatures: Signatures,
    ) -> Attempt {
        let Some(candidate) = progress.candidates.get(position) else {
            return Attempt::Next(progress);
        };
        let index = candidate.provider;
        let Some(provider) = self.config.providers.get(index) else {
            return Attempt::Next(progress);
        };
        let token = candidate.token.as_str();
        match look_up(provider, self.introspections.get(index), token, now_ms) {
            Introspection::NotApplicable => {}
            Introspection::Due => {
                progress.report.provider = Some(index);
                let due = IntrospectionDue {
                    provider: index,
                    token: token.into(),
                };
                let body = response::unavailable(INTROSPECTION_UNAVAILABLE);
                let denial = Denial::Token(ErrorCode::IntrospectionUnavailable);
                let mut decision = deny(progress.report, denial, body);
                decision.introspect = Some(due);
                return Attempt::Stop(Step::Done(decision));
            }
            Introspection::Refused(Error::IntrospectionUnavailable)
                if !progress.allowance.failed =>
            {
                progress.report.provider = Some(index);
                let body = response::unavailable(INTROSPECTION_UNAVAILABLE);
                let denial = Denial::Token(ErrorCode::IntrospectionUnavailable);
                return Attempt::Stop(Step::Done(deny(progress.report, denial, body)));
            }
            Introspection::Refused(error) => {
                progress.fail(index, 0, error);
                return Attempt::Next(progress);
            }
            Introspection::Active {
                introspected,
                then_jwt: false,
            } => return self.conclude_introspected(progress, index, introspected),
            // With `introspect_jwts` the JWT passed introspection; its own
            // checks follow, and its claims make the identity.
            Introspection::Active { then_jwt: true, .. } => {}
        }
        // The token's `iss` picks the entry, and so the only keys it is
        // checked against; an unknown issuer reads no key set.
        let issuer = match provider.choose_issuer(token) {
            Ok(issuer) => issuer,
            Err(error) => {
                let failed = Err(error);
                return self.conclude_attempt(progress, position, 0, failed, None, sources, now_ms);
            }
        };
        let Some(entry) = provider.issuers.get(issuer) else {
            return Attempt::Next(progress);
        };
        let report = &mut progress.report;
        let (set, generation) = match sources.keys(index, issuer, now_ms) {
            Ok(keys) => keys,
            Err(_) if self.config.fail_open_before_keys => {
                report.provider = Some(index);
                report.issuer = Some(issuer);
                // Unverified, yet the token still stays at the edge.
                let (set, remove) = stripped(&progress, provider);
                return Attempt::Stop(Step::Done(Decision {
                    verdict: Verdict::Allow { set, remove },
                    report: progress.report,
                    introspect: None,
                }));
            }
            Err(error) if progress.allowance.failed => {
                // Counted as this provider's failure; the request passes
                // in `conclude` whatever the others say.
                progress.fail(index, issuer, error);
                return Attempt::Next(progress);
            }
            Err(error) => {
                report.provider = Some(index);
                report.issuer = Some(issuer);
                let body = response::unavailable(error.code());
                let denial = Denial::Token(error.error_code());
                return Attempt::Stop(Step::Done(deny(*report, denial, body)));
            }
        };
        let revocation = match sources.revocation(now_ms) {
            RevocationView::NotConfigured => None,
            RevocationView::List(list) => Some(list),
            RevocationView::Unavailable => {
                let fail_open = self.config.revocation.as_ref().is_some_and(|r| r.fail_open)
                    || progress.allowance.failed;
                if !fail_open {
                    report.provider = Some(index);
                    let body = response::unavailable(REVOCATION_UNAVAILABLE);
                    let decision = deny(
                        *report,
                        Denial::Token(ErrorCode::RevocationUnavailable),
                        body,
                    );
                    return Attempt::Stop(Step::Done(decision));
                }
                None
            }
        };
        let Some(cache) = self.caches.get_mut(index) else {
            return Attempt::Next(progress);
        };
        let verifier = &entry.verifier;
        let call = CallContext {
            now: (now_ms / 1_000) as i64,
            binding: IdTokenBinding::default(),
            revocation,
        };
        // The proof is checked on every request, a cache hit included: it
        // is per request, and so is its replay record.
        let proof = match check_proof(provider, candidate, call.now, &mut self.proof_keys) {
            Ok(proof) => proof,
            Err(error) => {
                return self.conclude_attempt(
                    progress,
                    position,
                    issuer,
                    Err(error),
                    None,
                    sources,
                    now_ms,
                );
            }
        };
        let dpop_confirmation = match &provider.dpop {
            Some(dpop) => dpop.rules.confirmation(proof.as_ref()),
            None => Confirmation::Bearer,
        };
        let confirmation = match &provider.certificate_bound_tokens {
            Some(_) => Confirmation::Certificate {
                certificate: candidate.client_certificate,
                dpop: &dpop_confirmation,
            },
            None => dpop_confirmation,
        };
        let checked = match answered.filter(|(_, asked_at)| *asked_at == generation) {
            Some((answer, _)) => verifier.prepare(token, set).and_then(|check| match answer {
                Answer::Host(valid) => check.host_verified(valid),
                Answer::Core => check.verify(),
            }),
            None => {
                let before = cache.counters();
                let hit = verifier.cached_confirmed(token, generation, cache, &call, confirmation);
                let after = cache.counters();
                report.cache_hits += after.hits.saturating_sub(before.hits) as u32;
                report.cache_misses += after.misses.saturating_sub(before.misses) as u32;
                if let Some(hit) = hit {
                    return self
                        .conclude_attempt(progress, position, issuer, hit, proof, sources, now_ms);
                }
                match verifier.prepare(token, set) {
                    Err(error) => Err(error),
                    Ok(check) => match signatures {
                        Signatures::Host if check.host_may_verify() => {
                            let pending = PendingSignature {
                                alg: check.alg(),
                                key: Box::new(check.key().clone()),
                                signing_input_len: check.signing_input().len(),
                                signature: check.signature().into(),
                                key_generation: generation,
                                position,
                                progress: Box::new(progress),
                            };
                            return Attempt::Stop(Step::NeedsSignature(pending));
                        }
                        _ => check.verify(),
                    },
                }
            }
        };
        let result = checked.and_then(|signed| {
            verifier.remember_confirmed(token, signed, generation, cache, &call, confirmation)
        });
        self.conclude_attempt(progress, position, issuer, result, proof, sources, now_ms)
    }

    /// Allows with the identity from the candidate at `position` (checked
    /// against issuer entry `issuer`), or records its failure and goes on.
    #[allow(clippy::too_many_arguments)]
    fn conclude_attempt(
        &mut self,
        mut progress: Progress,
        position: usize,
        issuer: usize,
        result: Result<VerifiedToken, Error>,
        proof: Option<CheckedProof>,
        sources: &mut Sources,
        now_ms: u64,
    ) -> Attempt {
        let Some(candidate) = progress.candidates.get(position) else {
            return Attempt::Next(progress);
        };
        let index = candidate.provider;
        let subject_ok = |verified: &VerifiedToken| {
            let provider = self.config.providers.get(index);
            let matcher = provider.and_then(|p| p.subject_match.as_ref());
            matcher.is_none_or(|m| m.matches(verified.subject()))
        };
        let certificates = self
            .config
            .providers
            .get(index)
            .and_then(|p| p.certificate_bound_tokens);
        let result = match result {
            Ok(verified) if !subject_ok(&verified) => Err(Error::BadSubject),
            Ok(verified) => match certificates {
                Some(certificates) => certificates.accept(&verified.claims).map(|()| verified),
                None => Ok(verified),
            },
            other => other,
        };
        // Last, so only a proof that passed every rule takes room.
        let dpop = self
            .config
            .providers
            .get(index)
            .and_then(|p| p.dpop.as_ref());
        let replay = &mut self.replay;
        let now = (now_ms / 1_000) as i64;
        let result = match (result, dpop) {
            (Ok(verified), Some(dpop)) => dpop
                .rules
                .accept_with(&verified.claims, proof.as_ref(), |key, until| {
                    replay.record(index, key, until, now)
                })
                .map(|()| verified),
            (other, _) => other,
        };
        match result {
            Ok(verified) => {
                let Some(provider) = self.config.providers.get(index) else {
                    return Attempt::Next(progress);
                };
                let mut report = progress.report;
                report.provider = Some(index);
                report.issuer = Some(issuer);
                report.allowed = true;
                let (mut set, remove) = stripped(&progress, provider);
                set.extend(identity_headers(provider, &verified));
                Attempt::Stop(Step::Done(Decision {
                    verdict: Verdict::Allow { set, remove },
                    report,
                    introspect: None,
                }))
            }
            Err(error) => {
                if error == Error::UnknownKid && sources.on_unknown_kid(index, issuer, now_ms) {
                    progress.report.refetch_due = true;
                }
                progress.fail(index, issuer, error);
                Attempt::Next(progress)
            }
        }
    }

    /// Allows with the identity of an active introspection answer, unless
    /// the provider's `subjects` rule refuses it.
    fn conclude_introspected(
        &self,
        mut progress: Progress,
        index: usize,
        introspected: Introspected,
    ) -> Attempt {
        let Some(provider) = self.config.providers.get(index) else {
            return Attempt::Next(progress);
        };
        let subject = introspected.subject();
        if provider
            .subject_match
            .as_ref()
            .is_some_and(|m| !m.matches(subject))
        {
            progress.fail(index, 0, Error::BadSubject);
            return Attempt::Next(progress);
        }
        let mut report = progress.report;
        report.provider = Some(index);
        report.allowed = true;
        let (mut set, remove) = stripped(&progress, provider);
        set.extend(identity_headers_of(
            provider,
            &introspected.claims,
            introspected.kind,
        ));
        Attempt::Stop(Step::Done(Decision {
            verdict: Verdict::Allow { set, remove },
            report,
            introspect: None,
        }))
    }

    /// No candidate allowed the request.
    fn conclude(&self, progress: Progress) -> Decision {
        let mut report = progress.report;
        if progress.allowance.failed {
            // Whatever went wrong, the request goes on without identity.
            report.denied_but_allowed = match (progress.several_tokens, progress.first_error) {
                (true, _) => Some(Denial::MultipleTokens),
                (false, Some((_, _, error))) => Some(Denial::Token(error.error_code())),
                (false, None) => Some(Denial::Missing),
            };
            return pass(report, progress.always);
        }
        if progress.several_tokens {
            let body = response::invalid_request(&self.config.realm, MULTIPLE_TOKENS);
            return deny(report, Denial::MultipleTokens, body);
        }
        match progress.first_error {
            Some((index, issuer, error)) => {
                report.provider = Some(index);
                report.issuer = Some(issuer);
                let dpop = self
                    .config
                    .providers
                    .get(index)
                    .and_then(|p| p.dpop.as_ref());
                let body = match dpop {
                    Some(dpop) if is_dpop_refusal(&error) => {
                        dpop_refusal(&self.config.realm, &dpop.algs, &error)
                    }
                    _ => response::invalid_token(&self.config.realm, error.code()),
                };
                deny(report, Denial::Token(error.error_code()), body)
            }
            None if progress.allowance.missing && !progress.any_token() => {
                pass(report, progress.always)
            }
            None => deny(
                report,
                Denial::Missing,
                response::missing_token(&self.config.realm),
            ),
        }
    }
}

/// A finished refusal with `headers` added (`cors`); anything else as is.
fn with_refusal_headers(mut step: Step, headers: Option<Box<RefusalHeaders>>) -> Step {
    if let (
        Step::Done(Decision {
            verdict: Verdict::Deny(response),
            ..
        }),
        Some(headers),
    ) = (&mut step, headers)
    {
        response.headers.extend(headers.0);
    }
    step
}

/// What goes before any identity header: the spoofable headers out, the
/// canonical path in, and the token out unless `provider` forwards it
/// (taking a query token out rewrites `:path` from the canonical one).
fn stripped(progress: &Progress, provider: &Provider) -> (Vec<(String, String)>, Vec<String>) {
    let mut remove = progress.always.spoofable.clone();
    let mut set = Vec::new();
    let token = (!provider.forward).then_some(&progress.token_removal);
    let token_sets_path = token.is_some_and(|t| t.set.iter().any(|(name, _)| name == PATH));
    if !token_sets_path {
        set.extend(progress.always.path_edit());
    }
    if let Some(token) = token {
        remove.extend(token.remove.iter().cloned());
        set.extend(token.set.iter().cloned());
    }
    (set, remove)
}

/// Forward without identity: the strip list and the canonical path.
fn pass(report: Report, always: Always) -> Decision {
    Decision {
        verdict: Verdict::Allow {
            set: always.path_edit().into_iter().collect(),
            remove: always.spoofable,
        },
        report,
        introspect: None,
    }
}

/// Who checks signatures during a decision.
#[derive(Debug, Clone, Copy)]
enum Signatures {
    /// The core, always.
    Core,
    /// The host, for keys it can import; the core for the others.
    Host,
}

/// The verdict on a signature the decision paused for.
#[derive(Debug, Clone, Copy)]
enum Answer {
    /// The host's crypto said yes or no.
    Host(bool),
    /// The core checks it after all.
    Core,
}

/// After one candidate: decided (or paused), or on to the next.
enum Attempt {
    Stop(Step),
    Next(Progress),
}

fn deny(mut report: Report, denial: Denial, response: DenyResponse) -> Decision {
    report.denial = Some(denial);
    Decision {
        verdict: Verdict::Deny(response),
        report,
        introspect: None,
    }
}
