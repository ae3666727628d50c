//! A sans-I/O fetch machine for a remote document (a JWKS, a revocation list).
//!
//! The machine never fetches: [`RemoteDocument::poll`] says which fetch to
//! perform now, the adapter (browser, Envoy, worker) performs it and reports
//! back with [`RemoteDocument::on_response`] or [`RemoteDocument::on_failure`].
//! Time is always a parameter, `now_ms`, in Unix milliseconds.
//!
//! ```
//! use tokenward_core::remote::{Document, FetchPolicy, RemoteDocument, Outcome};
//! # #[derive(Debug)] struct Doc;
//! # impl Document for Doc {
//! #     fn parse(_: &[u8]) -> Result<Self, tokenward_core::Error> { Ok(Doc) }
//! # }
//! let mut remote = RemoteDocument::<Doc>::new(FetchPolicy::default());
//! let request = remote.poll(0).expect("first fetch");
//! // ... the adapter fetches, with `If-None-Match: request.if_none_match` ...
//! let outcome = remote.on_response(120, request.id, 200, &[("cache-control", "max-age=60")], b"{}");
//! assert_eq!(outcome, Outcome::Updated);
//! assert!(remote.document(120).is_ok());
//! assert_eq!(remote.next_wakeup(), 60_120);
//! ```

mod erased;
mod http;
mod policy;
pub(crate) mod renamed;
mod snapshot;
mod state;
mod waiting;

pub use erased::FetchMachine;
pub use policy::{FetchPolicy, MIN_FETCH_INTERVAL_MS};
#[allow(deprecated)]
pub use renamed::*;
pub use state::{FetchCounters, FetchReason, FetchRequest, FetchState, Outcome};
pub use waiting::{NoWait, SharedFetch, Ticket};

use crate::error::Error;
use crate::key_set::KeySet;
use alloc::string::String;
use alloc::vec::Vec;
use http::CacheHeaders;
use snapshot::Snapshot;

/// A document that can be replaced from a response body.
pub trait Document: Sized {
    /// Parses a complete response body.
    ///
    /// # Errors
    /// Whatever the document type reports for an invalid body; the machine
    /// then keeps its last good document.
    fn parse(body: &[u8]) -> Result<Self, Error>;

    /// The served document less what a refused `body` proved compromised,
    /// or `None` when nothing needs withdrawing. Called when `body` was
    /// refused with `error`.
    fn without_leaked(&self, _error: &Error, _body: &[u8]) -> Option<Self> {
        None
    }

    /// Whether the parsed document meets what the configuration requires
    /// of it (a discovery document names the configured issuer); checked
    /// after every parse, of a response or a snapshot. Nothing by default.
    ///
    /// # Errors
    /// The document's refusal; the machine then keeps its last good one.
    fn meets(&self, _required: &Requirements) -> Result<(), Error> {
        Ok(())
    }
}

/// What a configuration requires of a document beyond its format (see
/// [`Document::meets`]): key sets and revocation lists require nothing, a
/// discovery document must name `issuer` and keep its endpoints under the
/// fetch-URL rule.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Requirements {
    /// The issuer the document must name exactly.
    pub issuer: Option<String>,
    /// The caller's opt-in for `http://` endpoints that are not loopback.
    pub allow_insecure_http: bool,
}

impl Document for KeySet {
    fn parse(body: &[u8]) -> Result<Self, Error> {
        KeySet::from_json(body)
    }

    /// A set refused for publishing private keys: those keys are
    /// compromised, so they stop verifying now, not when the stale window
    /// of the last good set runs out.
    fn without_leaked(&self, error: &Error, body: &[u8]) -> Option<Self> {
        match error {
            Error::JwksPrivateKey { .. } => self.without_keys(&KeySet::leaked_keys(body)),
            _ => None,
        }
    }
}

/// The JWKS fetch machine.
pub type JwksFetch = RemoteDocument<KeySet>;

/// The last good document and what we know about its freshness.
#[derive(Debug, Clone)]
struct Cached<D> {
    document: D,
    /// Raw body: compared to detect unchanged content, and exported.
    body: Vec<u8>,
    fetched_at_ms: u64,
    expires_at_ms: u64,
    etag: Option<String>,
    /// False after `Cache-Control: no-store`: kept in memory, never exported.
    exportable: bool,
}

/// What the machine waits for, apart from the document's own expiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Idle,
    Awaiting { id: u64, started_ms: u64 },
    BackingOff { until_ms: u64 },
}

/// Keeps one remote document fresh: first fetch, refetch at max age,
/// `ETag` revalidation, unknown-`kid` refetch with cooldown, timeout,
/// exponential backoff and stale-if-error. At most one fetch is in flight.
#[derive(Debug, Clone)]
pub struct RemoteDocument<D> {
    policy: FetchPolicy,
    required: Requirements,
    cached: Option<Cached<D>>,
    phase: Phase,
    next_id: u64,
    /// Consecutive failures, reset by any success.
    failures: u32,
    last_fetch_started_ms: Option<u64>,
    refetch_requested: bool,
    generation: u64,
    counters: FetchCounters,
    /// Fetches that ended (any outcome, here or in a sharing instance):
    /// a change releases the requests waiting for a refetch.
    settled: u64,
    /// When the last fetch ended, here or in a sharing instance.
    last_fetch_ended_ms: u64,
    /// A sharing instance has a fetch in flight until then (0: none).
    shared_in_flight_until_ms: u64,
}

impl<D: Document> RemoteDocument<D> {
    /// A machine with no document yet; the first `poll` asks for one.
    pub fn new(policy: FetchPolicy) -> Self {
        Self::requiring(policy, Requirements::default())
    }

    /// A machine whose documents must also meet `required` (see
    /// [`Document::meets`]).
    pub fn requiring(policy: FetchPolicy, required: Requirements) -> Self {
        RemoteDocument {
            policy,
            required,
            cached: None,
            phase: Phase::Idle,
            next_id: 1,
            failures: 0,
            last_fetch_started_ms: None,
            refetch_requested: false,
            generation: 0,
            counters: FetchCounters::default(),
            settled: 0,
            last_fetch_ended_ms: 0,
            shared_in_flight_until_ms: 0,
        }
    }

    /// The policy this machine runs with.
    pub fn policy(&self) -> &FetchPolicy {
        &self.policy
    }

    /// The current state at `now_ms`. A fetch past its timeout still shows
    /// as `AwaitingResponse` until the next `poll` / `on_*` call abandons it.
    pub fn state(&self, now_ms: u64) -> FetchState {
        match self.phase {
            Phase::Awaiting { .. } => FetchState::AwaitingResponse,
            Phase::BackingOff { until_ms } if now_ms < until_ms => FetchState::BackingOff,
            _ => match &self.cached {
                None => FetchState::Empty,
                Some(c) if self.refetch_requested || now_ms >= c.expires_at_ms => FetchState::Stale,
                Some(_) => FetchState::Fresh,
            },
        }
    }

    /// The fetch to perform now, if any. Returns `None` while a fetch is in
    /// flight (concurrent needs are merged), during backoff, and while fresh.
    pub fn poll(&mut self, now_ms: u64) -> Option<FetchRequest> {
        self.advance(now_ms);
        if self.phase != Phase::Idle {
            return None;
        }
        let reason = self.due(now_ms)?;
        let id = self.next_id;
        self.next_id = self.next_id.saturating_add(1);
        self.phase = Phase::Awaiting {
            id,
            started_ms: now_ms,
        };
        self.last_fetch_started_ms = Some(now_ms);
        self.refetch_requested = false;
        self.counters.fetches_started = self.counters.fetches_started.saturating_add(1);
        Some(FetchRequest {
            id,
            if_none_match: self.cached.as_ref().and_then(|c| c.etag.clone()),
            reason,
        })
    }

    /// Reports the HTTP answer to fetch `id`.
    ///
    /// `200` is parsed with [`Document::parse`] (bodies over
    /// `max_body_bytes` fail with `too_large`); `304` keeps the document and
    /// renews its freshness; any other status fails and backs off, honouring
    /// `Retry-After` (delta-seconds) on `429` and `503`. Freshness comes from
    /// `Cache-Control: max-age` less `Age`, clamped by the policy;
    /// `no-cache`/`no-store` revalidate at the policy's minimum.
    pub fn on_response(
        &mut self,
        now_ms: u64,
        id: u64,
        status: u16,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Outcome {
        self.advance(now_ms);
        if !self.in_flight(id) {
            return self.ignore();
        }
        let headers = CacheHeaders::parse(headers);
        match status {
            200 if body.len() > self.policy.max_body_bytes => self.fail(
                now_ms,
                Error::TooLarge {
                    limit: self.policy.max_body_bytes,
                },
                None,
            ),
            200 => {
                if self.cached.as_ref().is_some_and(|c| c.body == body) {
                    return self.renew(now_ms, headers, true);
                }
                match self.parse_checked(body) {
                    Ok(document) => self.replace(now_ms, document, body, headers),
                    Err(error) => {
                        self.withdraw_leaked(&error, body);
                        self.fail(now_ms, error, None)
                    }
                }
            }
            304 if self.cached.is_some() => self.renew(now_ms, headers, false),
            429 | 503 => self.fail(now_ms, Error::JwksUnavailable, headers.retry_after_ms),
            _ => self.fail(now_ms, Error::JwksUnavailable, None),
        }
    }

    /// Reports that fetch `id` failed without an HTTP answer (network error).
    pub fn on_failure(&mut self, now_ms: u64, id: u64) -> Outcome {
        self.advance(now_ms);
        if !self.in_flight(id) {
            return self.ignore();
        }
        self.fail(now_ms, Error::JwksUnavailable, None)
    }

    /// A token named a `kid` the document lacks: asks for an early refetch
    /// unless one started within `cooldown_ms` (here or, see
    /// [`on_shared_fetch`](Self::on_shared_fetch), in a sharing instance).
    /// Returns whether a refetch is in flight or due (so waiting for it may
    /// help); `false` during the cooldown or a backoff.
    pub fn on_unknown_kid(&mut self, now_ms: u64) -> bool {
        self.advance(now_ms);
        if self.phase == Phase::Idle && !self.cooling(now_ms) {
            self.refetch_requested = true;
        }
        self.refetch_coming(now_ms)
    }

    /// When the adapter should call [`poll`](Self::poll) next (Unix ms).
    /// A time at or before now means "poll now".
    pub fn next_wakeup(&self) -> u64 {
        match self.phase {
            Phase::Awaiting { started_ms, .. } => started_ms.saturating_add(self.policy.timeout_ms),
            Phase::BackingOff { until_ms } => until_ms,
            Phase::Idle => match &self.cached {
                Some(c) if !self.refetch_requested => c.expires_at_ms,
                _ => 0,
            },
        }
    }

    /// The document to use at `now_ms`: fresh, or expired for at most
    /// `stale_if_error_ms`.
    ///
    /// # Errors
    /// `jwks_unavailable` when there is no document or it is too stale.
    /// (For a revocation list the adapter decides whether that fails open.)
    pub fn document(&self, now_ms: u64) -> Result<&D, Error> {
        match &self.cached {
            Some(c)
                if now_ms
                    < c.expires_at_ms
                        .saturating_add(self.policy.stale_if_error_ms) =>
            {
                Ok(&c.document)
            }
            _ => Err(Error::JwksUnavailable),
        }
    }

    /// Increments whenever the document's content changes (not on `304` or
    /// an identical body). Caches keyed on the document compare it.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Counters for metrics.
    pub fn counters(&self) -> FetchCounters {
        self.counters
    }

    /// The cached state as a small JSON string (raw body, fetch and expiry
    /// times, `ETag`), or `None` when there is nothing to export (no
    /// document, or the server said `Cache-Control: no-store`).
    pub fn export(&self) -> Option<String> {
        let c = self.cached.as_ref().filter(|c| c.exportable)?;
        Snapshot {
            body: c.body.clone(),
            fetched_at_ms: c.fetched_at_ms,
            expires_at_ms: c.expires_at_ms,
            etag: c.etag.clone(),
        }
        .to_json()
    }

    /// Restores a state written by [`export`](Self::export). The body is
    /// parsed again; times are clamped (not after `now_ms`, lifetime at most
    /// `max_max_age_ms`). Returns `false` if the machine already holds a
    /// document fetched as recently, which it keeps.
    ///
    /// # Errors
    /// `jwks_invalid` for a snapshot we did not write (or a bad `ETag`),
    /// `too_large`, or the document's own parse error.
    pub fn import(&mut self, now_ms: u64, snapshot: &str) -> Result<bool, Error> {
        let snap = Snapshot::from_json(snapshot, self.policy.max_body_bytes)?;
        let etag = match snap.etag {
            Some(tag) => Some(http::etag(&tag).ok_or(Error::JwksInvalid("snapshot etag"))?),
            None => None,
        };
        let document = self.parse_checked(&snap.body)?;
        let fetched_at_ms = snap.fetched_at_ms.min(now_ms);
        if self
            .cached
            .as_ref()
            .is_some_and(|c| c.fetched_at_ms >= fetched_at_ms)
        {
            return Ok(false);
        }
        let expires_at_ms = snap
            .expires_at_ms
            .min(fetched_at_ms.saturating_add(self.policy.max_max_age_ms));
        self.store(Cached {
            document,
            body: snap.body,
            fetched_at_ms,
            expires_at_ms,
            etag,
            exportable: true,
        });
        // A sharing instance fetched: that serves a pending early refetch
        // and releases the requests waiting for one.
        self.refetch_requested = false;
        self.settle(fetched_at_ms);
        Ok(true)
    }

    /// The document's URL changed (a discovery document names a new
    /// `jwks_uri`): the next [`poll`](Self::poll) fetches at once, without
    /// the old `ETag`, and a fetch in flight to the old URL is abandoned
    /// (its answer is ignored). The document held keeps serving, within
    /// `stale_if_error_ms`, until the new one arrives.
    pub fn moved(&mut self, now_ms: u64) {
        if let Some(c) = self.cached.as_mut() {
            c.etag = None;
            c.expires_at_ms = c.expires_at_ms.min(now_ms);
        }
        self.failures = 0;
        self.phase = Phase::Idle;
    }

    /// Parses `body` and checks it against the requirements.
    fn parse_checked(&self, body: &[u8]) -> Result<D, Error> {
        let document = D::parse(body)?;
        document.meets(&self.required)?;
        Ok(document)
    }

    /// Applies the passage of time: abandons a timed-out fetch, ends a backoff.
    fn advance(&mut self, now_ms: u64) {
        match self.phase {
            Phase::Awaiting { started_ms, .. }
                if now_ms >= started_ms.saturating_add(self.policy.timeout_ms) =>
            {
                self.counters.fetches_timed_out = self.counters.fetches_timed_out.saturating_add(1);
                let _ = self.fail(now_ms, Error::JwksUnavailable, None);
            }
            Phase::BackingOff { until_ms } if now_ms >= until_ms => self.phase = Phase::Idle,
            _ => {}
        }
    }

    /// Why a fetch is due now, if it is (phase aside).
    fn due(&self, now_ms: u64) -> Option<FetchReason> {
        let expired = self
            .cached
            .as_ref()
            .is_none_or(|c| now_ms >= c.expires_at_ms);
        if !expired && !self.refetch_requested {
            None
        } else if self.failures > 0 {
            Some(FetchReason::Retry)
        } else if self.cached.is_none() {
            Some(FetchReason::Initial)
        } else if expired {
            Some(FetchReason::Expired)
        } else {
            Some(FetchReason::UnknownKid)
        }
    }

    fn in_flight(&self, id: u64) -> bool {
        matches!(self.phase, Phase::Awaiting { id: current, .. } if current == id)
    }

    fn ignore(&mut self) -> Outcome {
        self.counters.answers_ignored = self.counters.answers_ignored.saturating_add(1);
        Outcome::Ignored
    }

    fn fail(&mut self, now_ms: u64, error: Error, retry_after_ms: Option<u64>) -> Outcome {
        self.failures = self.failures.saturating_add(1);
        let delay = self.policy.backoff_ms(self.failures, retry_after_ms);
        self.phase = Phase::BackingOff {
            until_ms: now_ms.saturating_add(delay),
        };
        self.counters.fetches_failed = self.counters.fetches_failed.saturating_add(1);
        self.settle(now_ms);
        Outcome::Failed(error)
    }

    /// Drops from the served document what the refused `body` proved
    /// compromised. The trimmed document no longer matches its raw body,
    /// so it is never exported (a sharing instance would revive the keys);
    /// its body now stands for a state only this machine holds.
    fn withdraw_leaked(&mut self, error: &Error, body: &[u8]) {
        let Some(c) = self.cached.as_mut() else {
            return;
        };
        if let Some(trimmed) = c.document.without_leaked(error, body) {
            c.document = trimmed;
            c.exportable = false;
            self.generation = self.generation.saturating_add(1);
        }
    }

    fn succeed(&mut self) {
        self.failures = 0;
        self.phase = Phase::Idle;
    }

    /// Same content (`304`, or `200` with an identical body): new freshness.
    fn renew(&mut self, now_ms: u64, headers: CacheHeaders, full_response: bool) -> Outcome {
        self.succeed();
        self.settle(now_ms);
        self.counters.fetches_not_modified = self.counters.fetches_not_modified.saturating_add(1);
        let lifetime = self.policy.lifetime_ms(headers.max_age_ms);
        if let Some(c) = self.cached.as_mut() {
            c.fetched_at_ms = now_ms;
            c.expires_at_ms = now_ms.saturating_add(lifetime);
            c.exportable = !headers.no_store;
            // A 304 may omit the ETag (keep ours); a 200 states the current one.
            if full_response || headers.etag.is_some() {
                c.etag = headers.etag;
            }
        }
        Outcome::Unchanged
    }

    fn replace(&mut self, now_ms: u64, document: D, body: &[u8], headers: CacheHeaders) -> Outcome {
        self.succeed();
        self.settle(now_ms);
        self.counters.fetches_updated = self.counters.fetches_updated.saturating_add(1);
        let lifetime = self.policy.lifetime_ms(headers.max_age_ms);
        self.store(Cached {
            document,
            body: body.to_vec(),
            fetched_at_ms: now_ms,
            expires_at_ms: now_ms.saturating_add(lifetime),
            etag: headers.etag,
            exportable: !headers.no_store,
        });
        Outcome::Updated
    }

    /// Installs a document, bumping the generation if its content differs.
    fn store(&mut self, cached: Cached<D>) {
        if self.cached.as_ref().is_none_or(|c| c.body != cached.body) {
            self.generation = self.generation.saturating_add(1);
        }
        self.cached = Some(cached);
    }
}
