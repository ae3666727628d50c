//! The refresh planner: a sans-I/O state machine for one tab group's token set.
//!
//! The planner never fetches and never reads a clock. The adapter (the npm
//! binding's `TokenSession`, holding a Web Lock so one tab refreshes) reports
//! what happened (`on_tokens_received`, `on_refresh_succeeded`,
//! `on_refresh_failed`, `on_offline`, `on_online`, `on_resume`), calls
//! [`RefreshPlanner::poll`] until it returns `None`, carries out each
//! [`Action`], and sets one timer for [`RefreshPlanner::next_wakeup`].
//!
//! ```
//! use tokenward_core::session::refresh::{Action, PlannerPolicy, RefreshPlanner, TokenResponse};
//!
//! let mut planner = RefreshPlanner::new(PlannerPolicy::default());
//! let response = TokenResponse { expires_in: Some(3600), has_refresh_token: true, ..Default::default() };
//! planner.on_tokens_received(0, &response, 0.0);
//! // 75% of an hour, since that is earlier than 60 s before expiry.
//! assert_eq!(planner.next_wakeup(), Some(2_700_000));
//! assert_eq!(planner.poll(2_700_000), Some(Action::Refresh { attempt: 1 }));
//! planner.on_refresh_succeeded(2_700_400, &response, 0.0);
//! assert!(planner.access_token_usable(2_700_400));
//! ```

mod events;
mod policy;
mod times;

pub use events::{
    Action, Failure, FailureKind, LifetimeSource, PlannerState, ReauthReason, SkewSource, Timeline,
    TokenResponse,
};
pub use policy::PlannerPolicy;

use times::TokenTimes;

/// What the planner waits for (see [`PlannerState`] for the meanings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    NoTokens,
    WaitingForRefreshPoint,
    AwaitingRefresh {
        started_ms: u64,
    },
    BackingOff {
        until_ms: u64,
        /// A server's `Retry-After` set the delay: coming back online or
        /// waking up does not shorten it.
        server_set: bool,
    },
    WaitingForNetwork,
    ReauthenticationRequired {
        reason: ReauthReason,
        announced: bool,
    },
}

/// Plans refreshes of one token set; see the [module docs](self).
#[derive(Debug, Clone)]
pub struct RefreshPlanner {
    policy: PlannerPolicy,
    phase: Phase,
    /// The current token set; `None` before sign-in and once cleared.
    times: Option<TokenTimes>,
    has_refresh_token: bool,
    /// Refresh-token expiry stated by the provider (local clock).
    refresh_token_expires_at_ms: Option<u64>,
    /// First token set of this session (sign-in): the policy's absolute
    /// refresh-token lifetime counts from here.
    session_started_ms: u64,
    /// Consecutive failed refreshes.
    failures: u32,
    offline: bool,
    expiring_announced: bool,
}

impl RefreshPlanner {
    /// A planner without tokens.
    pub fn new(policy: PlannerPolicy) -> Self {
        RefreshPlanner {
            policy,
            phase: Phase::NoTokens,
            times: None,
            has_refresh_token: false,
            refresh_token_expires_at_ms: None,
            session_started_ms: 0,
            failures: 0,
            offline: false,
            expiring_announced: false,
        }
    }

    /// The policy this planner runs with.
    pub fn policy(&self) -> &PlannerPolicy {
        &self.policy
    }

    /// A new session's token set (after sign-in). Resets everything,
    /// including a pending re-authentication. `jitter` is a number in
    /// `[0, 1)` the caller drew; it moves the refresh point earlier.
    pub fn on_tokens_received(&mut self, now_ms: u64, response: &TokenResponse, jitter: f64) {
        self.session_started_ms = now_ms;
        self.has_refresh_token = false;
        self.refresh_token_expires_at_ms = None;
        self.install(now_ms, response, jitter);
    }

    /// A refreshed token set, from this tab's refresh or another tab's
    /// broadcast. Accepted in any phase but two: without a session it counts
    /// as a sign-in; after re-authentication was required it is ignored
    /// (only a new sign-in, `on_tokens_received`, ends that).
    pub fn on_refresh_succeeded(&mut self, now_ms: u64, response: &TokenResponse, jitter: f64) {
        match self.phase {
            Phase::NoTokens => self.on_tokens_received(now_ms, response, jitter),
            Phase::ReauthenticationRequired { .. } => {}
            _ => self.install(now_ms, response, jitter),
        }
    }

    /// A refresh failed. Grant errors (`invalid_grant`, reuse, client
    /// refused) require re-authentication and clearing in any phase, even
    /// when late; other failures count only for the refresh in flight.
    /// `jitter` in `[0, 1)` shortens the retry delay a little.
    pub fn on_refresh_failed(&mut self, now_ms: u64, failure: Failure, jitter: f64) {
        self.advance(now_ms);
        let grant_death = match failure.kind {
            FailureKind::InvalidGrant => Some(ReauthReason::InvalidGrant),
            FailureKind::RefreshTokenReused => Some(ReauthReason::RefreshTokenReused),
            FailureKind::InvalidClient => Some(ReauthReason::InvalidClient),
            FailureKind::Network | FailureKind::Server { .. } => None,
        };
        if let Some(reason) = grant_death {
            if self.phase != Phase::NoTokens {
                self.require_reauthentication(reason);
            }
            return;
        }
        if matches!(self.phase, Phase::AwaitingRefresh { .. }) {
            self.fail(now_ms, failure, jitter);
        }
    }

    /// The browser went offline (`offline` event): due refreshes wait for
    /// [`on_online`](Self::on_online) instead of failing and using attempts.
    pub fn on_offline(&mut self, _now_ms: u64) {
        self.offline = true;
    }

    /// The browser is online again: a refresh waiting for the network (or a
    /// backoff after network failures) becomes due now.
    pub fn on_online(&mut self, now_ms: u64) {
        self.offline = false;
        match self.phase {
            Phase::WaitingForNetwork => self.phase = Phase::WaitingForRefreshPoint,
            Phase::BackingOff { .. } => self.end_backoff_early(now_ms),
            _ => {}
        }
    }

    /// The page woke up (after sleep, a hidden tab becoming visible, a frozen
    /// page resuming). Timers may have been throttled: a refresh in flight
    /// for longer than the timeout is abandoned and a client-side backoff
    /// ends. Then [`poll`](Self::poll): past the refresh point it asks for a
    /// refresh; past expiry the token is unusable until refreshed.
    pub fn on_resume(&mut self, now_ms: u64) {
        self.advance(now_ms);
        if matches!(self.phase, Phase::BackingOff { .. }) {
            self.end_backoff_early(now_ms);
        }
    }

    /// Signed out (or tokens discarded by the app): back to no tokens.
    pub fn reset(&mut self) {
        let offline = self.offline;
        *self = RefreshPlanner::new(self.policy);
        self.offline = offline;
    }

    /// What to do now, if anything. Call until it returns `None`.
    pub fn poll(&mut self, now_ms: u64) -> Option<Action> {
        self.advance(now_ms);
        match self.phase {
            Phase::NoTokens => None,
            Phase::ReauthenticationRequired {
                announced: false, ..
            } => self.announce(),
            Phase::WaitingForRefreshPoint if now_ms >= self.refresh_at_ms() => {
                self.start_refresh(now_ms)
            }
            Phase::BackingOff { until_ms, .. } if now_ms >= until_ms => self.start_refresh(now_ms),
            _ => self.expiring(now_ms),
        }
    }

    /// When to call [`poll`](Self::poll) next (Unix ms); a time at or before
    /// now means now. `None`: nothing is scheduled (no tokens, or waiting
    /// for an event such as `on_online` or a sign-in).
    pub fn next_wakeup(&self) -> Option<u64> {
        let phase_wakeup = match self.phase {
            Phase::NoTokens | Phase::WaitingForNetwork => None,
            Phase::ReauthenticationRequired { announced, .. } => (!announced).then_some(0),
            Phase::WaitingForRefreshPoint => Some(self.refresh_at_ms()),
            Phase::AwaitingRefresh { started_ms } => {
                Some(started_ms.saturating_add(self.policy.refresh_timeout_ms))
            }
            Phase::BackingOff { until_ms, .. } => Some(until_ms),
        };
        match (phase_wakeup, self.expiring_at_ms()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The state at `now_ms`, named after what the planner waits for.
    pub fn state(&self, now_ms: u64) -> PlannerState {
        match self.phase {
            Phase::NoTokens => PlannerState::NoTokens,
            Phase::WaitingForRefreshPoint => PlannerState::WaitingForRefreshPoint,
            Phase::AwaitingRefresh { .. } => PlannerState::AwaitingRefresh,
            Phase::BackingOff { until_ms, .. } if now_ms < until_ms => PlannerState::BackingOff,
            // The delay is over; the retry waits for the next poll.
            Phase::BackingOff { .. } => PlannerState::WaitingForRefreshPoint,
            Phase::WaitingForNetwork => PlannerState::WaitingForNetwork,
            Phase::ReauthenticationRequired { .. } => PlannerState::ReauthenticationRequired,
        }
    }

    /// Whether the access token may be sent at `now_ms`: held, not cleared,
    /// and not past its (local-clock) expiry.
    pub fn access_token_usable(&self, now_ms: u64) -> bool {
        self.times.is_some_and(|t| now_ms < t.expires_at_ms)
    }

    /// Whether the adapter must discard every stored token now (the grant
    /// is dead: `invalid_grant`, refresh-token reuse, client refused).
    pub fn should_clear_tokens(&self) -> bool {
        matches!(self.phase, Phase::ReauthenticationRequired { reason, .. } if reason.clears_tokens())
    }

    /// Consecutive failed refreshes so far.
    pub fn failures(&self) -> u32 {
        self.failures
    }

    /// The current token set's timeline, or `None` without tokens.
    pub fn timeline(&self) -> Option<Timeline> {
        let t = self.times?;
        Some(Timeline {
            received_at_ms: t.received_at_ms,
            issued_at_ms: t.issued_at_ms,
            fraction_point_ms: t.fraction_point_ms,
            margin_point_ms: t.margin_point_ms,
            refresh_at_ms: t.refresh_at_ms,
            retry_at_ms: match self.phase {
                Phase::BackingOff { until_ms, .. } => Some(until_ms),
                _ => None,
            },
            expires_at_ms: t.expires_at_ms,
            refresh_token_expires_at_ms: self.refresh_token_deadline_ms(),
            skew_ms: t.skew_ms,
            skew_source: t.skew_source,
            lifetime_source: t.lifetime_source,
        })
    }

    fn install(&mut self, now_ms: u64, response: &TokenResponse, jitter: f64) {
        self.times = Some(TokenTimes::plan(now_ms, response, &self.policy, jitter));
        self.has_refresh_token |= response.has_refresh_token;
        if let Some(secs) = response.refresh_token_expires_in {
            self.refresh_token_expires_at_ms =
                Some(now_ms.saturating_add(secs.saturating_mul(1000)));
        }
        self.failures = 0;
        self.expiring_announced = false;
        self.phase = Phase::WaitingForRefreshPoint;
    }

    /// Applies the passage of time: abandons a refresh past its timeout.
    fn advance(&mut self, now_ms: u64) {
        if let Phase::AwaitingRefresh { started_ms } = self.phase
            && now_ms >= started_ms.saturating_add(self.policy.refresh_timeout_ms)
        {
            self.fail(now_ms, Failure::new(FailureKind::Network), 0.0);
        }
    }

    fn refresh_at_ms(&self) -> u64 {
        self.times.map_or(u64::MAX, |t| t.refresh_at_ms)
    }

    fn refresh_token_deadline_ms(&self) -> Option<u64> {
        let absolute = self
            .policy
            .refresh_token_max_lifetime_ms
            .map(|ms| self.session_started_ms.saturating_add(ms));
        match (absolute, self.refresh_token_expires_at_ms) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn start_refresh(&mut self, now_ms: u64) -> Option<Action> {
        if !self.has_refresh_token {
            self.require_reauthentication(ReauthReason::NoRefreshToken);
            return self.announce();
        }
        if self
            .refresh_token_deadline_ms()
            .is_some_and(|d| now_ms >= d)
        {
            self.require_reauthentication(ReauthReason::RefreshTokenExpired);
            return self.announce();
        }
        if self.offline {
            self.phase = Phase::WaitingForNetwork;
            return self.expiring(now_ms);
        }
        self.phase = Phase::AwaitingRefresh { started_ms: now_ms };
        Some(Action::Refresh {
            attempt: self.failures.saturating_add(1),
        })
    }

    /// A retryable failure of the refresh in flight.
    fn fail(&mut self, now_ms: u64, failure: Failure, jitter: f64) {
        let retryable = match failure.kind {
            FailureKind::Network => true,
            FailureKind::Server { status } => matches!(status, 408 | 429 | 500..=599),
            _ => false,
        };
        if !retryable {
            let status = match failure.kind {
                FailureKind::Server { status } => status,
                _ => 0,
            };
            return self.require_reauthentication(ReauthReason::RefreshRejected { status });
        }
        if failure.kind == FailureKind::Network && self.offline {
            // Not the provider's fault: no attempt used.
            self.phase = Phase::WaitingForNetwork;
            return;
        }
        self.failures = self.failures.saturating_add(1);
        if self.failures >= self.policy.max_attempts {
            return self.require_reauthentication(ReauthReason::AttemptsExhausted);
        }
        let delay = self
            .policy
            .backoff_ms(self.failures, failure.retry_after_secs, jitter);
        self.phase = Phase::BackingOff {
            until_ms: now_ms.saturating_add(delay),
            server_set: failure.retry_after_secs.is_some(),
        };
    }

    fn end_backoff_early(&mut self, now_ms: u64) {
        if let Phase::BackingOff {
            until_ms,
            server_set: false,
        } = self.phase
        {
            self.phase = Phase::BackingOff {
                until_ms: until_ms.min(now_ms),
                server_set: false,
            };
        }
    }

    fn require_reauthentication(&mut self, reason: ReauthReason) {
        // A clearing reason replaces a milder one already pending.
        if let Phase::ReauthenticationRequired {
            reason: current, ..
        } = self.phase
            && (current.clears_tokens() || !reason.clears_tokens())
        {
            return;
        }
        if reason.clears_tokens() {
            self.times = None;
            self.has_refresh_token = false;
        }
        self.phase = Phase::ReauthenticationRequired {
            reason,
            announced: false,
        };
    }

    fn announce(&mut self) -> Option<Action> {
        let Phase::ReauthenticationRequired { reason, .. } = self.phase else {
            return None;
        };
        self.phase = Phase::ReauthenticationRequired {
            reason,
            announced: true,
        };
        Some(Action::Reauthenticate {
            reason,
            clear_tokens: reason.clears_tokens(),
        })
    }

    fn expiring_at_ms(&self) -> Option<u64> {
        if self.expiring_announced {
            return None;
        }
        let t = self.times?;
        // Not before the refresh point: a very short token would otherwise
        // announce its expiry before its refresh was even attempted.
        Some(
            t.expires_at_ms
                .saturating_sub(self.policy.expiring_notice_ms)
                .max(t.refresh_at_ms),
        )
    }

    fn expiring(&mut self, now_ms: u64) -> Option<Action> {
        let at = self.expiring_at_ms()?;
        if now_ms < at {
            return None;
        }
        self.expiring_announced = true;
        Some(Action::Expiring {
            expires_at_ms: self.times.map_or(at, |t| t.expires_at_ms),
        })
    }
}
