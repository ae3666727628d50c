//! Requests that wait for a refetch: a token with an unknown `kid` (the
//! keys may have rotated), or a request before the first document.
//!
//! Waiting costs the adapter a held request, so the machine only lets a
//! request wait when a fetch will actually end soon (one is in flight, here
//! or in a sharing instance, or one is due now), never during the cooldown
//! or a backoff, and never beyond [`FetchPolicy::max_waiters`]. Every
//! waiter is released as soon as that fetch ends, whatever its outcome:
//! new keys, the same keys, or a failure. The adapter then decides the
//! request again, without waiting, and gets the verdict any request would.
//!
//! ```
//! use tokenward_core::remote::{JwksFetch, NoWait, FetchPolicy};
//! let mut keys = JwksFetch::new(FetchPolicy { max_waiters: 1, ..FetchPolicy::default() });
//! let first = keys.poll(0).expect("first fetch");
//! let ticket = keys.park(10, 0).expect("a fetch is in flight");
//! assert_eq!(keys.park(10, 1), Err(NoWait::Full));
//! assert!(!keys.released(&ticket, 20));
//! keys.on_failure(30, first.id);
//! assert!(keys.released(&ticket, 30), "any end of the fetch releases");
//! assert_eq!(keys.park(40, 0), Err(NoWait::NoRefetch), "backing off");
//! ```
//!
//! [`FetchPolicy::max_waiters`]: super::FetchPolicy::max_waiters

use super::{Document, Phase, RemoteDocument};

/// Slack past the fetch timeout before a waiter is released regardless:
/// an adapter starts a due fetch on its next tick, and a sharing
/// instance's end is seen on the next tick too.
const DEADLINE_SLACK_MS: u64 = 1_000;

/// Permission to hold a request until the fetch it waits for ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ticket {
    /// The machine's count of ended fetches when the request parked.
    settled: u64,
    /// Released by then whatever happens: the fetch timeout plus slack.
    pub deadline_ms: u64,
}

/// Why a request must be answered now rather than wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoWait {
    /// No fetch is in flight or due: the cooldown or a backoff holds.
    NoRefetch,
    /// [`max_waiters`](super::FetchPolicy::max_waiters) requests already wait.
    Full,
}

/// What a sharing instance (another Envoy worker thread fetching the same
/// URL) last did, as the adapter read it from shared state. Times are Unix
/// milliseconds; 0 means never.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SharedFetch {
    /// When the last fetch by any instance started.
    pub started_ms: u64,
    /// When the last fetch by any instance ended (any outcome).
    pub ended_ms: u64,
    /// No instance starts a fetch before this: the fetch in flight's
    /// deadline, or the backoff after a failure.
    pub until_ms: u64,
}

impl<D: Document> RemoteDocument<D> {
    /// Whether a request may wait for a refetch at `now_ms`, given that
    /// `parked` requests already wait on this machine. Call after
    /// [`on_unknown_kid`](Self::on_unknown_kid) (or with no document yet).
    ///
    /// # Errors
    /// [`NoWait`]: answer the request now with the current documents.
    pub fn park(&mut self, now_ms: u64, parked: usize) -> Result<Ticket, NoWait> {
        self.advance(now_ms);
        if parked >= self.policy.max_waiters {
            return Err(NoWait::Full);
        }
        if !self.refetch_coming(now_ms) {
            return Err(NoWait::NoRefetch);
        }
        Ok(Ticket {
            settled: self.settled,
            deadline_ms: now_ms
                .saturating_add(self.policy.timeout_ms)
                .saturating_add(DEADLINE_SLACK_MS),
        })
    }

    /// Whether the request holding `ticket` should be decided again now:
    /// a fetch ended since it parked, or its deadline passed.
    pub fn released(&self, ticket: &Ticket, now_ms: u64) -> bool {
        self.settled != ticket.settled || now_ms >= ticket.deadline_ms
    }

    /// Brings this machine in step with a sharing instance's fetches: its
    /// start counts for the cooldown (and serves a pending early refetch),
    /// its end releases the waiters, a failure's backoff holds here too.
    /// A snapshot the other instance published should be imported before
    /// the end is reported, so released waiters see its keys.
    pub fn on_shared_fetch(&mut self, now_ms: u64, shared: SharedFetch) {
        self.advance(now_ms);
        if shared.started_ms > self.last_fetch_started_ms.unwrap_or(0) {
            self.last_fetch_started_ms = Some(shared.started_ms);
            self.refetch_requested = false;
        }
        let in_flight = shared.started_ms > shared.ended_ms && now_ms < shared.until_ms;
        if shared.ended_ms > self.last_fetch_ended_ms {
            self.settle(shared.ended_ms);
            if !in_flight && now_ms < shared.until_ms && self.phase == Phase::Idle {
                self.phase = Phase::BackingOff {
                    until_ms: shared.until_ms,
                };
            }
        }
        let own_fetch = matches!(self.phase, Phase::Awaiting { .. });
        self.shared_in_flight_until_ms = if in_flight && !own_fetch {
            shared.until_ms
        } else {
            0
        };
    }

    /// Whether a fetch will end soon: in flight here or in a sharing
    /// instance, or due now (the adapter starts it on its next tick).
    pub(super) fn refetch_coming(&self, now_ms: u64) -> bool {
        match self.phase {
            Phase::Awaiting { .. } => true,
            Phase::BackingOff { .. } => false,
            Phase::Idle => now_ms < self.shared_in_flight_until_ms || self.due(now_ms).is_some(),
        }
    }

    /// Within `cooldown_ms` of the last fetch start (here or shared).
    pub(super) fn cooling(&self, now_ms: u64) -> bool {
        self.last_fetch_started_ms
            .is_some_and(|t| now_ms < t.saturating_add(self.policy.cooldown_ms))
    }

    /// A fetch ended (here, or imported from a sharing instance).
    pub(super) fn settle(&mut self, ended_ms: u64) {
        self.settled = self.settled.wrapping_add(1);
        self.last_fetch_ended_ms = self.last_fetch_ended_ms.max(ended_ms);
        self.shared_in_flight_until_ms = 0;
    }
}
