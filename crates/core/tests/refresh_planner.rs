//! The session refresh planner, driven by tables of `(now_ms, event)` rows
//! with a fake clock.

use tokenward_core::session::refresh::{
    Action, Failure, FailureKind, LifetimeSource, PlannerPolicy, PlannerState, ReauthReason,
    RefreshPlanner, SkewSource, TokenResponse,
};

/// One step of a scenario and what it must produce.
#[derive(Debug)]
enum Ev {
    /// `on_tokens_received(response, jitter)`.
    Tokens(TokenResponse, f64),
    /// `on_refresh_succeeded(response, jitter)`.
    Succeeded(TokenResponse, f64),
    /// `on_refresh_failed(failure, jitter)`.
    Failed(Failure, f64),
    Offline,
    Online,
    Resume,
    Reset,
    /// `poll` returns this.
    Poll(Option<Action>),
    State(PlannerState),
    Wakeup(Option<u64>),
    Usable(bool),
    Clear(bool),
    /// `timeline()`: `(refresh_at_ms, expires_at_ms)`.
    Plan(Option<(u64, u64)>),
    /// `timeline().retry_at_ms`.
    RetryAt(Option<u64>),
    /// `timeline().refresh_token_expires_at_ms`.
    RefreshTokenDeadline(Option<u64>),
    Failures(u32),
}

use Ev::*;

fn run(policy: PlannerPolicy, rows: &[(u64, Ev)]) -> RefreshPlanner {
    let mut planner = RefreshPlanner::new(policy);
    for (row, (now, event)) in rows.iter().enumerate() {
        let now = *now;
        let at = format!("row {row} at {now} ms: {event:?}");
        match event {
            Tokens(response, jitter) => planner.on_tokens_received(now, response, *jitter),
            Succeeded(response, jitter) => planner.on_refresh_succeeded(now, response, *jitter),
            Failed(failure, jitter) => planner.on_refresh_failed(now, *failure, *jitter),
            Offline => planner.on_offline(now),
            Online => planner.on_online(now),
            Resume => planner.on_resume(now),
            Reset => planner.reset(),
            Poll(expected) => assert_eq!(planner.poll(now), *expected, "{at}"),
            State(expected) => assert_eq!(planner.state(now), *expected, "{at}"),
            Wakeup(expected) => assert_eq!(planner.next_wakeup(), *expected, "{at}"),
            Usable(expected) => assert_eq!(planner.access_token_usable(now), *expected, "{at}"),
            Clear(expected) => assert_eq!(planner.should_clear_tokens(), *expected, "{at}"),
            Plan(expected) => {
                let got = planner
                    .timeline()
                    .map(|t| (t.refresh_at_ms, t.expires_at_ms));
                assert_eq!(got, *expected, "{at}");
            }
            RetryAt(expected) => {
                let got = planner.timeline().and_then(|t| t.retry_at_ms);
                assert_eq!(got, *expected, "{at}");
            }
            RefreshTokenDeadline(expected) => {
                let got = planner
                    .timeline()
                    .and_then(|t| t.refresh_token_expires_at_ms);
                assert_eq!(got, *expected, "{at}");
            }
            Failures(expected) => assert_eq!(planner.failures(), *expected, "{at}"),
        }
    }
    planner
}

/// A token response with `expires_in` seconds and a refresh token.
fn lasting(secs: u64) -> TokenResponse {
    TokenResponse {
        expires_in: Some(secs),
        has_refresh_token: true,
        ..TokenResponse::default()
    }
}

fn failure(kind: FailureKind) -> Failure {
    Failure::new(kind)
}

fn server(status: u16, retry_after_secs: Option<u64>) -> Failure {
    Failure {
        kind: FailureKind::Server { status },
        retry_after_secs,
    }
}

fn refresh(attempt: u32) -> Option<Action> {
    Some(Action::Refresh { attempt })
}

fn reauth(reason: ReauthReason) -> Option<Action> {
    Some(Action::Reauthenticate {
        reason,
        clear_tokens: reason.clears_tokens(),
    })
}

fn expiring(expires_at_ms: u64) -> Option<Action> {
    Some(Action::Expiring { expires_at_ms })
}

const HOUR_TOKEN: u64 = 3_600;

#[test]
fn no_tokens_waits_for_sign_in() {
    run(
        PlannerPolicy::default(),
        &[
            (0, State(PlannerState::NoTokens)),
            (0, Poll(None)),
            (0, Wakeup(None)),
            (0, Usable(false)),
            (0, Clear(false)),
            (0, Plan(None)),
            (0, Failed(failure(FailureKind::InvalidGrant), 0.0)),
            (0, State(PlannerState::NoTokens)),
        ],
    );
}

#[test]
fn sign_in_refresh_and_next_period() {
    run(
        PlannerPolicy::default(),
        &[
            (1_000, Tokens(lasting(HOUR_TOKEN), 0.0)),
            (1_000, State(PlannerState::WaitingForRefreshPoint)),
            (1_000, Plan(Some((2_701_000, 3_601_000)))),
            (1_000, Wakeup(Some(2_701_000))),
            (1_000, Usable(true)),
            (2_700_999, Poll(None)),
            (2_701_000, Poll(refresh(1))),
            (2_701_000, State(PlannerState::AwaitingRefresh)),
            // Waiting for the answer: wake up at the timeout.
            (2_701_000, Wakeup(Some(2_716_000))),
            (2_701_100, Poll(None)),
            (2_701_500, Succeeded(lasting(HOUR_TOKEN), 0.0)),
            (2_701_500, State(PlannerState::WaitingForRefreshPoint)),
            (2_701_500, Plan(Some((5_401_500, 6_301_500)))),
            (2_701_500, Poll(None)),
            (5_401_500, Poll(refresh(1))),
        ],
    );
}

#[test]
fn refresh_point_is_earlier_of_fraction_and_margin_floored_at_half() {
    // (expires_in seconds, refresh offset in ms) with the default policy.
    let cases: &[(u64, u64)] = &[
        (86_400, 64_800_000), // 75%
        (3_600, 2_700_000),   // 75%
        (600, 450_000),       // 75%
        (240, 180_000),       // both: 75% = 60 s before
        (200, 140_000),       // 60 s before expiry is earlier
        (150, 90_000),        // 60 s before expiry
        (120, 60_000),        // 60 s before = half
        (30, 15_000),         // half: 60 s before would be before issue
        (1, 500),
        (0, 0),
    ];
    for &(secs, offset) in cases {
        run(
            PlannerPolicy::default(),
            &[
                (10_000, Tokens(lasting(secs), 0.0)),
                (10_000, Plan(Some((10_000 + offset, 10_000 + secs * 1000)))),
            ],
        );
    }
}

#[test]
fn jitter_moves_refresh_earlier_within_spread() {
    // (expires_in, jitter, refresh offset ms): spread = min(5% of lifetime, 30 s).
    let cases: &[(u64, f64, u64)] = &[
        (3_600, 0.5, 2_700_000 - 15_000),
        (3_600, 0.999, 2_700_000 - 29_970),
        (30, 0.5, 15_000 - 750),
        (30, 1.0, 15_000 - 1_500),
        // Out-of-range jitter is clamped, never panics.
        (30, 7.0, 15_000 - 1_500),
        (30, -1.0, 15_000),
        (30, f64::NAN, 15_000),
        (30, f64::INFINITY, 15_000 - 1_500),
    ];
    for &(secs, jitter, offset) in cases {
        run(
            PlannerPolicy::default(),
            &[
                (0, Tokens(lasting(secs), jitter)),
                (0, Plan(Some((offset, secs * 1000)))),
            ],
        );
    }
}

/// A JWT-only response (no `expires_in`) issued by a server whose clock is
/// `server_ahead_ms` ahead of ours, `lifetime` seconds long.
fn jwt_response(
    local_now_ms: u64,
    server_ahead_ms: i64,
    lifetime: u64,
    date: bool,
) -> TokenResponse {
    let server_now_ms = local_now_ms as i64 + server_ahead_ms;
    TokenResponse {
        access_token_iat: Some(server_now_ms as f64 / 1000.0),
        access_token_exp: Some((server_now_ms as f64 / 1000.0) + lifetime as f64),
        server_date_ms: date.then_some(server_now_ms as u64),
        has_refresh_token: true,
        ..TokenResponse::default()
    }
}

#[test]
fn skew_from_date_header_or_iat() {
    let now = 1_767_225_600_000u64;
    // (server ahead ms, Date header?, expected skew, source)
    let cases: &[(i64, bool, i64, SkewSource)] = &[
        (120_000, true, 120_000, SkewSource::DateHeader),
        (-300_000, true, -300_000, SkewSource::DateHeader),
        (120_000, false, 120_000, SkewSource::IssuedAt),
        (-300_000, false, -300_000, SkewSource::IssuedAt),
        // Within Date's one-second resolution: no skew.
        (800, true, 0, SkewSource::DateHeader),
        (-999, false, 0, SkewSource::IssuedAt),
    ];
    for &(ahead, date, skew, source) in cases {
        let mut planner = RefreshPlanner::new(PlannerPolicy::default());
        planner.on_tokens_received(now, &jwt_response(now, ahead, 600, date), 0.0);
        let t = planner.timeline().expect("tokens");
        let at = format!("ahead {ahead} date {date}");
        assert_eq!((t.skew_ms, t.skew_source), (skew, source), "{at}");
        assert_eq!(t.lifetime_source, LifetimeSource::ExpClaim, "{at}");
        // On the local clock the token lives 600 s from now, whatever the skew.
        let expected_expiry = (now as i64 + ahead - skew) as u64 + 600_000;
        assert_eq!(t.expires_at_ms, expected_expiry, "{at}");
        // A future iat (server ahead within the dead band) counts from receipt.
        let lifetime = t.expires_at_ms - t.issued_at_ms;
        assert_eq!(t.refresh_at_ms, t.issued_at_ms + lifetime * 3 / 4, "{at}");
    }
}

#[test]
fn date_header_wins_over_iat_and_earlier_expiry_wins() {
    let now = 1_000_000_000u64;
    // iat says the server is 1 h behind, Date says 10 s ahead: Date wins.
    let response = TokenResponse {
        access_token_iat: Some((now - 3_600_000) as f64 / 1000.0),
        access_token_exp: Some((now + 10_000) as f64 / 1000.0 + 300.0),
        server_date_ms: Some(now + 10_000),
        expires_in: Some(3_600),
        has_refresh_token: true,
        ..TokenResponse::default()
    };
    let mut planner = RefreshPlanner::new(PlannerPolicy::default());
    planner.on_tokens_received(now, &response, 0.0);
    let t = planner.timeline().expect("tokens");
    assert_eq!(t.skew_ms, 10_000);
    // exp (300 s) is earlier than expires_in (3600 s): the earlier wins.
    assert_eq!(t.expires_at_ms, now + 300_000);
    assert_eq!(t.lifetime_source, LifetimeSource::ExpClaim);
    // iat moved to the local clock is before now; the lifetime counts from it.
    assert_eq!(t.issued_at_ms, now - 3_610_000);
    // 75% of that longer lifetime has passed already: refresh at once.
    assert_eq!(t.fraction_point_ms, now - 677_500);
    assert_eq!(t.margin_point_ms, now + 240_000);
    assert_eq!(t.refresh_at_ms, now - 677_500);

    // Neither expires_in nor exp: the assumed lifetime.
    let mut planner = RefreshPlanner::new(PlannerPolicy::default());
    planner.on_tokens_received(now, &TokenResponse::default(), 0.0);
    let t = planner.timeline().expect("tokens");
    assert_eq!(t.lifetime_source, LifetimeSource::Assumed);
    assert_eq!(t.expires_at_ms, now + 300_000);

    // Absurd claim values neither panic nor overflow.
    for bad in [f64::MAX, -f64::MAX, f64::NAN, f64::INFINITY, 1e300] {
        let response = TokenResponse {
            access_token_iat: Some(bad),
            access_token_exp: Some(bad),
            server_date_ms: Some(u64::MAX),
            ..TokenResponse::default()
        };
        let mut planner = RefreshPlanner::new(PlannerPolicy::default());
        planner.on_tokens_received(now, &response, 0.5);
        let _ = planner.poll(now);
        let _ = planner.next_wakeup();
    }
}

#[test]
fn token_arriving_expired_refreshes_at_once() {
    let now = 5_000_000u64;
    // The Date header shows our clock is right: the token is simply old.
    // (From `iat` alone an old token and a slow clock look the same.)
    let response = TokenResponse {
        server_date_ms: Some(now),
        ..jwt_response(now - 700_000, 0, 600, false)
    };
    run(
        PlannerPolicy::default(),
        &[
            (now, Tokens(response, 0.0)),
            (now, Usable(false)),
            (now, Wakeup(Some(now - 700_000 + 450_000))),
            (now, Poll(refresh(1))),
            (now, Poll(expiring(now - 100_000))),
            (now, Poll(None)),
        ],
    );
}

#[test]
fn exponential_backoff_then_recovery() {
    // 30 s token at 0: refresh at 15 s. Provider down: 2, 4, 8 s delays.
    run(
        PlannerPolicy::default(),
        &[
            (0, Tokens(lasting(30), 0.0)),
            (15_000, Poll(refresh(1))),
            (15_100, Failed(failure(FailureKind::Network), 0.0)),
            (15_100, State(PlannerState::BackingOff)),
            (15_100, Failures(1)),
            (15_100, Wakeup(Some(17_100))),
            (15_100, RetryAt(Some(17_100))),
            (17_099, Poll(None)),
            (17_100, State(PlannerState::WaitingForRefreshPoint)),
            (17_100, Poll(refresh(2))),
            (17_200, Failed(server(502, None), 0.0)),
            (17_200, Wakeup(Some(20_000))), // expiring notice (30 s - 10 s) before retry at 21 200
            (20_000, Poll(expiring(30_000))),
            (20_000, Wakeup(Some(21_200))),
            (21_200, Poll(refresh(3))),
            (21_300, Failed(server(500, None), 1.0)),
            // 8 s shortened by the jitter's 25%.
            (21_300, RetryAt(Some(27_300))),
            (27_300, Poll(refresh(4))),
            (27_400, Succeeded(lasting(30), 0.0)),
            (27_400, Failures(0)),
            (27_400, Usable(true)),
            (27_400, Plan(Some((42_400, 57_400)))),
            (27_400, State(PlannerState::WaitingForRefreshPoint)),
        ],
    );
}

#[test]
fn retry_after_is_honoured_and_capped() {
    // (failure, retry delay ms) for a first failure.
    let cases: &[(Failure, u64)] = &[
        (server(503, Some(30)), 30_000),
        (server(429, Some(1)), 2_000), // smaller than the backoff: backoff
        (server(429, Some(86_400)), 600_000),
        (server(503, None), 2_000),
        (server(408, None), 2_000),
        (failure(FailureKind::Network), 2_000),
    ];
    for &(fail, delay) in cases {
        run(
            PlannerPolicy::default(),
            &[
                (0, Tokens(lasting(HOUR_TOKEN), 0.0)),
                (2_700_000, Poll(refresh(1))),
                (2_700_000, Failed(fail, 0.0)),
                (2_700_000, RetryAt(Some(2_700_000 + delay))),
                (2_700_000, Wakeup(Some(2_700_000 + delay))),
            ],
        );
    }
    // A server-set delay is not shortened by coming online or waking up.
    run(
        PlannerPolicy::default(),
        &[
            (0, Tokens(lasting(HOUR_TOKEN), 0.0)),
            (2_700_000, Poll(refresh(1))),
            (2_700_000, Failed(server(503, Some(120)), 0.0)),
            (2_710_000, Resume),
            (2_710_000, Online),
            (2_710_000, Poll(None)),
            (2_820_000, Poll(refresh(2))),
        ],
    );
}

#[test]
fn max_attempts_then_reauthenticate_without_clearing() {
    let policy = PlannerPolicy {
        max_attempts: 3,
        ..PlannerPolicy::default()
    };
    run(
        policy,
        &[
            (0, Tokens(lasting(HOUR_TOKEN), 0.0)),
            (2_700_000, Poll(refresh(1))),
            (2_700_000, Failed(server(503, None), 0.0)),
            (2_702_000, Poll(refresh(2))),
            (2_702_000, Failed(server(503, None), 0.0)),
            (2_706_000, Poll(refresh(3))),
            (2_706_000, Failed(failure(FailureKind::Network), 0.0)),
            (2_706_000, State(PlannerState::ReauthenticationRequired)),
            (2_706_000, Wakeup(Some(0))),
            (2_706_000, Poll(reauth(ReauthReason::AttemptsExhausted))),
            (2_706_000, Clear(false)),
            // The access token is still good until it expires.
            (2_706_000, Usable(true)),
            (2_706_000, Wakeup(Some(3_590_000))),
            (3_590_000, Poll(expiring(3_600_000))),
            (3_590_000, Poll(None)),
            (3_590_000, Wakeup(None)),
            (3_600_000, Usable(false)),
        ],
    );
}

#[test]
fn dead_grant_requires_reauthentication_and_clears() {
    let cases: &[(FailureKind, ReauthReason)] = &[
        (FailureKind::InvalidGrant, ReauthReason::InvalidGrant),
        (
            FailureKind::RefreshTokenReused,
            ReauthReason::RefreshTokenReused,
        ),
        (FailureKind::InvalidClient, ReauthReason::InvalidClient),
    ];
    for &(kind, reason) in cases {
        run(
            PlannerPolicy::default(),
            &[
                (0, Tokens(lasting(HOUR_TOKEN), 0.0)),
                (2_700_000, Poll(refresh(1))),
                (2_700_100, Failed(failure(kind), 0.0)),
                (2_700_100, State(PlannerState::ReauthenticationRequired)),
                (2_700_100, Clear(true)),
                (2_700_100, Usable(false)),
                (2_700_100, Plan(None)),
                (2_700_100, Poll(reauth(reason))),
                (2_700_100, Poll(None)),
                (2_700_100, Wakeup(None)),
                // A late success (say, another tab's broadcast) cannot revive it.
                (2_700_200, Succeeded(lasting(HOUR_TOKEN), 0.0)),
                (2_700_200, Usable(false)),
                (2_700_200, State(PlannerState::ReauthenticationRequired)),
                // A new sign-in does.
                (2_800_000, Tokens(lasting(HOUR_TOKEN), 0.0)),
                (2_800_000, State(PlannerState::WaitingForRefreshPoint)),
                (2_800_000, Clear(false)),
                (2_800_000, Usable(true)),
            ],
        );
    }
}

#[test]
fn late_reuse_detection_is_honoured_in_any_phase() {
    run(
        PlannerPolicy::default(),
        &[
            (0, Tokens(lasting(HOUR_TOKEN), 0.0)),
            // Not awaiting a refresh: an ordinary failure is ignored ...
            (1_000, Failed(server(503, None), 0.0)),
            (1_000, State(PlannerState::WaitingForRefreshPoint)),
            (1_000, Failures(0)),
            // ... but reuse detection revoked the family: clear now.
            (2_000, Failed(failure(FailureKind::RefreshTokenReused), 0.0)),
            (2_000, Clear(true)),
            (2_000, Poll(reauth(ReauthReason::RefreshTokenReused))),
        ],
    );
    // A milder pending reason is upgraded to a clearing one.
    run(
        PlannerPolicy::default(),
        &[
            (0, Tokens(lasting(30), 0.0)),
            (15_000, Poll(refresh(1))),
            (15_000, Failed(server(400, None), 0.0)),
            (15_000, Clear(false)),
            (
                15_000,
                Poll(reauth(ReauthReason::RefreshRejected { status: 400 })),
            ),
            (15_100, Failed(failure(FailureKind::InvalidGrant), 0.0)),
            (15_100, Clear(true)),
            (15_100, Poll(reauth(ReauthReason::InvalidGrant))),
        ],
    );
}

#[test]
fn non_retryable_status_requires_reauthentication() {
    for status in [400u16, 401, 403, 404] {
        run(
            PlannerPolicy::default(),
            &[
                (0, Tokens(lasting(30), 0.0)),
                (15_000, Poll(refresh(1))),
                (15_000, Failed(server(status, None), 0.0)),
                (
                    15_000,
                    Poll(reauth(ReauthReason::RefreshRejected { status })),
                ),
                (15_000, Usable(true)),
            ],
        );
    }
}

#[test]
fn unanswered_refresh_times_out() {
    run(
        PlannerPolicy::default(),
        &[
            (0, Tokens(lasting(HOUR_TOKEN), 0.0)),
            (2_700_000, Poll(refresh(1))),
            (2_714_999, Poll(None)),
            (2_715_000, Poll(None)),
            (2_715_000, State(PlannerState::BackingOff)),
            (2_715_000, Failures(1)),
            (2_717_000, Poll(refresh(2))),
            // The first answer arriving late is still a valid token set.
            (2_717_100, Succeeded(lasting(HOUR_TOKEN), 0.0)),
            (2_717_100, Failures(0)),
            (2_717_100, State(PlannerState::WaitingForRefreshPoint)),
        ],
    );
}

#[test]
fn resume_after_sleep() {
    // Slept through the refresh point and expiry.
    run(
        PlannerPolicy::default(),
        &[
            (0, Tokens(lasting(HOUR_TOKEN), 0.0)),
            (4_000_000, Resume),
            (4_000_000, Usable(false)),
            (4_000_000, Poll(refresh(1))),
            (4_000_000, Poll(expiring(3_600_000))),
            (4_000_000, Poll(None)),
            (4_000_300, Succeeded(lasting(HOUR_TOKEN), 0.0)),
            (4_000_300, Usable(true)),
        ],
    );
    // Slept past the refresh point only: refresh now, token still usable.
    run(
        PlannerPolicy::default(),
        &[
            (0, Tokens(lasting(HOUR_TOKEN), 0.0)),
            (3_000_000, Resume),
            (3_000_000, Usable(true)),
            (3_000_000, Poll(refresh(1))),
            (3_000_000, Poll(None)),
        ],
    );
    // Slept while a refresh was in flight: abandoned, retried at once.
    run(
        PlannerPolicy::default(),
        &[
            (0, Tokens(lasting(HOUR_TOKEN), 0.0)),
            (2_700_000, Poll(refresh(1))),
            (3_000_000, Resume),
            (3_000_000, Failures(1)),
            (3_000_000, Poll(refresh(2))),
        ],
    );
    // Woke during a client-side backoff: the delay ends.
    run(
        PlannerPolicy::default(),
        &[
            (0, Tokens(lasting(HOUR_TOKEN), 0.0)),
            (2_700_000, Poll(refresh(1))),
            (2_700_000, Failed(failure(FailureKind::Network), 0.0)),
            (2_701_000, Poll(None)),
            (2_701_000, Resume),
            (2_701_000, Poll(refresh(2))),
        ],
    );
    // Woke before the refresh point: nothing to do.
    run(
        PlannerPolicy::default(),
        &[
            (0, Tokens(lasting(HOUR_TOKEN), 0.0)),
            (1_000_000, Resume),
            (1_000_000, Poll(None)),
            (1_000_000, Wakeup(Some(2_700_000))),
        ],
    );
}

#[test]
fn offline_defers_refresh_without_using_attempts() {
    run(
        PlannerPolicy::default(),
        &[
            (0, Tokens(lasting(30), 0.0)),
            (5_000, Offline),
            (15_000, Poll(None)),
            (15_000, State(PlannerState::WaitingForNetwork)),
            (15_000, Failures(0)),
            // Only the expiring notice is scheduled.
            (15_000, Wakeup(Some(20_000))),
            (20_000, Poll(expiring(30_000))),
            (20_000, Wakeup(None)),
            (25_000, Online),
            (25_000, State(PlannerState::WaitingForRefreshPoint)),
            (25_000, Poll(refresh(1))),
        ],
    );
    // Going offline with a refresh in flight: its network failure waits
    // for the network instead of counting.
    run(
        PlannerPolicy::default(),
        &[
            (0, Tokens(lasting(HOUR_TOKEN), 0.0)),
            (2_700_000, Poll(refresh(1))),
            (2_700_050, Offline),
            (2_700_100, Failed(failure(FailureKind::Network), 0.0)),
            (2_700_100, State(PlannerState::WaitingForNetwork)),
            (2_700_100, Failures(0)),
            (2_800_000, Poll(None)),
            (2_900_000, Online),
            (2_900_000, Poll(refresh(1))),
        ],
    );
    // Online again during a network backoff: retry at once.
    run(
        PlannerPolicy::default(),
        &[
            (0, Tokens(lasting(HOUR_TOKEN), 0.0)),
            (2_700_000, Poll(refresh(1))),
            (2_700_000, Failed(failure(FailureKind::Network), 0.0)),
            (2_700_500, Online),
            (2_700_500, Poll(refresh(2))),
        ],
    );
}

#[test]
fn refresh_token_lifetime_stated_by_provider() {
    let with_rt_lifetime = TokenResponse {
        refresh_token_expires_in: Some(1_000),
        ..lasting(600)
    };
    run(
        PlannerPolicy::default(),
        &[
            (0, Tokens(with_rt_lifetime, 0.0)),
            (0, RefreshTokenDeadline(Some(1_000_000))),
            (450_000, Poll(refresh(1))),
            // The refresh response omits it: the deadline stays.
            (450_000, Succeeded(lasting(600), 0.0)),
            (450_000, RefreshTokenDeadline(Some(1_000_000))),
            (900_000, Poll(refresh(1))),
            (900_000, Succeeded(lasting(600), 0.0)),
            (1_350_000, Poll(reauth(ReauthReason::RefreshTokenExpired))),
            (1_350_000, Clear(false)),
            (1_350_000, Usable(true)),
            (1_500_000, Usable(false)),
        ],
    );
}

#[test]
fn refresh_token_max_lifetime_from_policy_counts_from_sign_in() {
    let policy = PlannerPolicy {
        refresh_token_max_lifetime_ms: Some(1_200_000),
        ..PlannerPolicy::default()
    };
    run(
        policy,
        &[
            (0, Tokens(lasting(600), 0.0)),
            (0, RefreshTokenDeadline(Some(1_200_000))),
            (450_000, Poll(refresh(1))),
            (450_000, Succeeded(lasting(600), 0.0)),
            (900_000, Poll(refresh(1))),
            (900_000, Succeeded(lasting(600), 0.0)),
            (900_000, RefreshTokenDeadline(Some(1_200_000))),
            (1_350_000, Poll(reauth(ReauthReason::RefreshTokenExpired))),
            // A new sign-in starts a new session.
            (1_400_000, Tokens(lasting(600), 0.0)),
            (1_400_000, RefreshTokenDeadline(Some(2_600_000))),
            (1_850_000, Poll(refresh(1))),
        ],
    );
}

#[test]
fn without_refresh_token_reauthenticate_at_refresh_point() {
    let no_rt = TokenResponse {
        expires_in: Some(300),
        ..TokenResponse::default()
    };
    run(
        PlannerPolicy::default(),
        &[
            (0, Tokens(no_rt.clone(), 0.0)),
            (225_000, Poll(reauth(ReauthReason::NoRefreshToken))),
            (225_000, Clear(false)),
            (225_000, Usable(true)),
            (225_000, Wakeup(Some(290_000))),
            (290_000, Poll(expiring(300_000))),
        ],
    );
    // A refresh response without a refresh token keeps the previous one.
    run(
        PlannerPolicy::default(),
        &[
            (0, Tokens(lasting(300), 0.0)),
            (225_000, Poll(refresh(1))),
            (225_000, Succeeded(no_rt, 0.0)),
            (450_000, Poll(refresh(1))),
        ],
    );
}

#[test]
fn another_tabs_refresh_replaces_the_plan() {
    run(
        PlannerPolicy::default(),
        &[
            (0, Tokens(lasting(30), 0.0)),
            // Tab A refreshed at 14 s and broadcast; this tab never refreshes.
            (14_000, Succeeded(lasting(30), 0.0)),
            (15_000, Poll(None)),
            (14_000, Plan(Some((29_000, 44_000)))),
            (29_000, Poll(refresh(1))),
        ],
    );
    // A broadcast reaching a tab without tokens counts as a sign-in.
    run(
        PlannerPolicy::default(),
        &[
            (0, Succeeded(lasting(30), 0.0)),
            (0, State(PlannerState::WaitingForRefreshPoint)),
            (0, Usable(true)),
        ],
    );
}

#[test]
fn expiring_is_never_before_the_refresh_point() {
    // 12 s token: the notice point (2 s) is before the refresh point (6 s).
    run(
        PlannerPolicy::default(),
        &[
            (0, Tokens(lasting(12), 0.0)),
            (0, Wakeup(Some(6_000))),
            (2_000, Poll(None)),
            (6_000, Poll(refresh(1))),
            (6_000, Poll(expiring(12_000))),
            (6_000, Poll(None)),
        ],
    );
}

#[test]
fn reset_forgets_the_session() {
    run(
        PlannerPolicy::default(),
        &[
            (0, Tokens(lasting(30), 0.0)),
            (1_000, Reset),
            (1_000, State(PlannerState::NoTokens)),
            (1_000, Usable(false)),
            (1_000, Wakeup(None)),
            (20_000, Poll(None)),
        ],
    );
}

#[test]
fn timeline_for_the_demo() {
    let now = 1_767_225_600_000u64;
    let mut planner = RefreshPlanner::new(PlannerPolicy::default());
    planner.on_tokens_received(now, &jwt_response(now, 2_000, 30, true), 0.5);
    let t = planner.timeline().expect("tokens");
    assert_eq!(t.received_at_ms, now);
    assert_eq!(t.issued_at_ms, now);
    assert_eq!(t.fraction_point_ms, now + 22_500);
    assert_eq!(t.margin_point_ms, now - 30_000);
    assert_eq!(t.refresh_at_ms, now + 15_000 - 750);
    assert_eq!(t.expires_at_ms, now + 30_000);
    assert_eq!(t.skew_ms, 2_000);
    assert_eq!(t.skew_source, SkewSource::DateHeader);
    assert_eq!(t.retry_at_ms, None);
    assert_eq!(t.refresh_token_expires_at_ms, None);
}

#[test]
fn reason_codes_are_stable() {
    let cases: &[(ReauthReason, &str, bool)] = &[
        (ReauthReason::NoRefreshToken, "no_refresh_token", false),
        (ReauthReason::InvalidGrant, "invalid_grant", true),
        (
            ReauthReason::RefreshTokenReused,
            "refresh_token_reused",
            true,
        ),
        (ReauthReason::InvalidClient, "invalid_client", true),
        (
            ReauthReason::RefreshRejected { status: 400 },
            "refresh_rejected",
            false,
        ),
        (
            ReauthReason::RefreshTokenExpired,
            "refresh_token_expired",
            false,
        ),
        (ReauthReason::AttemptsExhausted, "attempts_exhausted", false),
    ];
    for &(reason, code, clears) in cases {
        assert_eq!((reason.code(), reason.clears_tokens()), (code, clears));
    }
}
