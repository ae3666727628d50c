//! The engine behind the JS `RefreshPlanner`: the core's planner with JSON
//! in and out. Times are Unix ms from `Date.now()`, jitter from
//! `Math.random()`; the JS side owns the timers.

use super::to_ms;
use crate::output::set_error;
use crate::verifier::INVALID_OPTIONS;
use serde::{Deserialize, Serialize};
use tokenward_core::session::refresh::{
    Action, Failure, FailureKind, LifetimeSource, PlannerPolicy, PlannerState, ReauthReason,
    RefreshPlanner, SkewSource, Timeline, TokenResponse,
};
use wasm_bindgen::prelude::*;

/// Policy overrides from JS (milliseconds, fractions); absent = core default.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct JsPolicy {
    refresh_fraction: Option<f64>,
    min_margin_ms: Option<u64>,
    min_fraction: Option<f64>,
    jitter_fraction: Option<f64>,
    jitter_max_ms: Option<u64>,
    backoff_initial_ms: Option<u64>,
    backoff_max_ms: Option<u64>,
    backoff_jitter_fraction: Option<f64>,
    retry_after_max_ms: Option<u64>,
    max_attempts: Option<u32>,
    refresh_timeout_ms: Option<u64>,
    refresh_token_max_lifetime_ms: Option<u64>,
    assumed_lifetime_ms: Option<u64>,
    expiring_notice_ms: Option<u64>,
    skew_dead_band_ms: Option<u64>,
}

impl JsPolicy {
    fn apply(self, p: &mut PlannerPolicy) {
        macro_rules! set {
            ($($field:ident),*) => { $( if let Some(v) = self.$field { p.$field = v; } )* };
        }
        set!(
            refresh_fraction,
            min_margin_ms,
            min_fraction,
            jitter_fraction,
            jitter_max_ms,
            backoff_initial_ms,
            backoff_max_ms,
            backoff_jitter_fraction,
            retry_after_max_ms,
            max_attempts,
            refresh_timeout_ms,
            assumed_lifetime_ms,
            expiring_notice_ms,
            skew_dead_band_ms
        );
        if self.refresh_token_max_lifetime_ms.is_some() {
            p.refresh_token_max_lifetime_ms = self.refresh_token_max_lifetime_ms;
        }
    }
}

/// What the JS side read from a token response (never the tokens).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct JsTokenResponse {
    expires_in: Option<u64>,
    access_token_exp: Option<f64>,
    access_token_iat: Option<f64>,
    server_date_ms: Option<u64>,
    #[serde(default)]
    has_refresh_token: bool,
    refresh_token_expires_in: Option<u64>,
}

impl From<JsTokenResponse> for TokenResponse {
    fn from(r: JsTokenResponse) -> Self {
        TokenResponse {
            expires_in: r.expires_in,
            access_token_exp: r.access_token_exp,
            access_token_iat: r.access_token_iat,
            server_date_ms: r.server_date_ms,
            has_refresh_token: r.has_refresh_token,
            refresh_token_expires_in: r.refresh_token_expires_in,
        }
    }
}

/// An action as JS sees it: `{ type, ... }`.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
enum JsAction {
    Refresh {
        attempt: u32,
    },
    #[serde(rename_all = "camelCase")]
    Reauthenticate {
        reason: &'static str,
        clear_tokens: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        status: Option<u16>,
    },
    #[serde(rename_all = "camelCase")]
    Expiring {
        expires_at: u64,
    },
}

impl From<Action> for JsAction {
    fn from(action: Action) -> Self {
        match action {
            Action::Refresh { attempt } => JsAction::Refresh { attempt },
            Action::Reauthenticate {
                reason,
                clear_tokens,
            } => JsAction::Reauthenticate {
                reason: reason.code(),
                clear_tokens,
                status: match reason {
                    ReauthReason::RefreshRejected { status } => Some(status),
                    _ => None,
                },
            },
            Action::Expiring { expires_at_ms } => JsAction::Expiring {
                expires_at: expires_at_ms,
            },
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsTimeline {
    received_at: u64,
    issued_at: u64,
    fraction_point: u64,
    margin_point: u64,
    refresh_at: u64,
    retry_at: Option<u64>,
    expires_at: u64,
    refresh_token_expires_at: Option<u64>,
    skew_ms: i64,
    skew_source: &'static str,
    lifetime_source: &'static str,
}

impl From<Timeline> for JsTimeline {
    fn from(t: Timeline) -> Self {
        JsTimeline {
            received_at: t.received_at_ms,
            issued_at: t.issued_at_ms,
            fraction_point: t.fraction_point_ms,
            margin_point: t.margin_point_ms,
            refresh_at: t.refresh_at_ms,
            retry_at: t.retry_at_ms,
            expires_at: t.expires_at_ms,
            refresh_token_expires_at: t.refresh_token_expires_at_ms,
            skew_ms: t.skew_ms,
            skew_source: match t.skew_source {
                SkewSource::None => "none",
                SkewSource::DateHeader => "date-header",
                SkewSource::IssuedAt => "iat",
            },
            lifetime_source: match t.lifetime_source {
                LifetimeSource::ExpiresIn => "expires_in",
                LifetimeSource::ExpClaim => "exp",
                LifetimeSource::Assumed => "assumed",
            },
        }
    }
}

fn state_name(state: PlannerState) -> &'static str {
    match state {
        PlannerState::NoTokens => "no-tokens",
        PlannerState::WaitingForRefreshPoint => "waiting-for-refresh-point",
        PlannerState::AwaitingRefresh => "awaiting-refresh",
        PlannerState::BackingOff => "backing-off",
        PlannerState::WaitingForNetwork => "waiting-for-network",
        PlannerState::ReauthenticationRequired => "reauthentication-required",
    }
}

/// The failure classes the JS side reports (`kind` strings).
fn failure(kind: &str, status: Option<u16>, retry_after_secs: Option<u64>) -> Option<Failure> {
    let kind = match kind {
        "network" => FailureKind::Network,
        "server" => FailureKind::Server {
            status: status.unwrap_or(0),
        },
        "invalid_grant" => FailureKind::InvalidGrant,
        "refresh_token_reused" => FailureKind::RefreshTokenReused,
        "invalid_client" => FailureKind::InvalidClient,
        _ => return None,
    };
    Some(Failure {
        kind,
        retry_after_secs,
    })
}

fn response(json: &str) -> Option<TokenResponse> {
    match serde_json::from_str::<JsTokenResponse>(json) {
        Ok(r) => Some(r.into()),
        Err(error) => {
            set_error(INVALID_OPTIONS, format!("token response facts: {error}"));
            None
        }
    }
}

/// The engine of the JS `RefreshPlanner`.
#[wasm_bindgen]
#[derive(Debug)]
pub struct WasmRefreshPlanner {
    planner: RefreshPlanner,
}

#[wasm_bindgen]
impl WasmRefreshPlanner {
    /// A planner with the core's default policy changed by `policy_json`;
    /// `undefined` with the last error set when the overrides are refused.
    pub fn create(policy_json: &str) -> Option<WasmRefreshPlanner> {
        let overrides = match serde_json::from_str::<JsPolicy>(policy_json) {
            Ok(o) => o,
            Err(error) => {
                set_error(INVALID_OPTIONS, format!("planner policy: {error}"));
                return None;
            }
        };
        let mut policy = PlannerPolicy::default();
        overrides.apply(&mut policy);
        Some(WasmRefreshPlanner {
            planner: RefreshPlanner::new(policy),
        })
    }

    /// A sign-in's token set; `false` when the facts JSON is refused.
    #[wasm_bindgen(js_name = onTokensReceived)]
    pub fn on_tokens_received(&mut self, now: f64, facts_json: &str, jitter: f64) -> bool {
        response(facts_json)
            .map(|r| self.planner.on_tokens_received(to_ms(now), &r, jitter))
            .is_some()
    }

    /// A refreshed token set (this tab's refresh or another tab's).
    #[wasm_bindgen(js_name = onRefreshSucceeded)]
    pub fn on_refresh_succeeded(&mut self, now: f64, facts_json: &str, jitter: f64) -> bool {
        response(facts_json)
            .map(|r| self.planner.on_refresh_succeeded(to_ms(now), &r, jitter))
            .is_some()
    }

    /// A failed refresh; `false` for an unknown `kind`.
    #[wasm_bindgen(js_name = onRefreshFailed)]
    pub fn on_refresh_failed(
        &mut self,
        now: f64,
        kind: &str,
        status: Option<u16>,
        retry_after_secs: Option<u32>,
        jitter: f64,
    ) -> bool {
        match failure(kind, status, retry_after_secs.map(u64::from)) {
            Some(f) => {
                self.planner.on_refresh_failed(to_ms(now), f, jitter);
                true
            }
            None => {
                set_error(
                    INVALID_OPTIONS,
                    format!("unknown refresh failure kind {kind:?}"),
                );
                false
            }
        }
    }

    #[wasm_bindgen(js_name = onOffline)]
    pub fn on_offline(&mut self, now: f64) {
        self.planner.on_offline(to_ms(now));
    }

    #[wasm_bindgen(js_name = onOnline)]
    pub fn on_online(&mut self, now: f64) {
        self.planner.on_online(to_ms(now));
    }

    #[wasm_bindgen(js_name = onResume)]
    pub fn on_resume(&mut self, now: f64) {
        self.planner.on_resume(to_ms(now));
    }

    pub fn reset(&mut self) {
        self.planner.reset();
    }

    /// The next action as JSON, or an empty string when there is none.
    pub fn poll(&mut self, now: f64) -> String {
        self.planner
            .poll(to_ms(now))
            .map(|a| serde_json::to_string(&JsAction::from(a)).unwrap_or_default())
            .unwrap_or_default()
    }

    /// Unix ms of the next `poll`, or `undefined` when waiting for an event.
    #[wasm_bindgen(js_name = nextWakeup)]
    pub fn next_wakeup(&self) -> Option<f64> {
        self.planner.next_wakeup().map(|ms| ms as f64)
    }

    pub fn state(&self, now: f64) -> String {
        state_name(self.planner.state(to_ms(now))).to_owned()
    }

    #[wasm_bindgen(js_name = accessTokenUsable)]
    pub fn access_token_usable(&self, now: f64) -> bool {
        self.planner.access_token_usable(to_ms(now))
    }

    #[wasm_bindgen(js_name = shouldClearTokens)]
    pub fn should_clear_tokens(&self) -> bool {
        self.planner.should_clear_tokens()
    }

    pub fn failures(&self) -> u32 {
        self.planner.failures()
    }

    /// The timeline as JSON, or an empty string without tokens.
    #[wasm_bindgen(js_name = timelineJson)]
    pub fn timeline_json(&self) -> String {
        self.planner
            .timeline()
            .map(|t| serde_json::to_string(&JsTimeline::from(t)).unwrap_or_default())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::WasmRefreshPlanner;

    #[test]
    fn a_thirty_second_token_is_refreshed_at_half_its_life() {
        let Some(mut p) = WasmRefreshPlanner::create("{}") else {
            panic!("default policy refused");
        };
        assert!(p.on_tokens_received(1_000.0, r#"{"expiresIn":30,"hasRefreshToken":true}"#, 0.0));
        assert_eq!(p.next_wakeup(), Some(16_000.0));
        assert_eq!(p.poll(15_999.0), "");
        assert_eq!(p.poll(16_000.0), r#"{"type":"refresh","attempt":1}"#);
        assert!(p.on_refresh_failed(16_100.0, "invalid_grant", Some(400), None, 0.0));
        assert_eq!(
            p.poll(16_100.0),
            r#"{"type":"reauthenticate","reason":"invalid_grant","clearTokens":true}"#
        );
        assert!(p.should_clear_tokens());
        assert_eq!(p.timeline_json(), "");
    }

    #[test]
    fn policy_and_facts_are_checked() {
        assert!(WasmRefreshPlanner::create(r#"{"maxAttempts":3}"#).is_some());
        assert!(WasmRefreshPlanner::create(r#"{"maxAttempt":3}"#).is_none());
        let Some(mut p) = WasmRefreshPlanner::create("{}") else {
            panic!("default policy refused");
        };
        assert!(!p.on_tokens_received(0.0, r#"{"expires":30}"#, 0.0));
        assert!(!p.on_refresh_failed(0.0, "teapot", None, None, 0.0));
    }
}
