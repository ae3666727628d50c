//! `WasmLogoutReceiver`: the core's back-channel logout rules (token
//! validation and the `jti` replay memory) behind one wasm object, for the
//! JS receiver (`tokenward/revocation`). The JS side does the HTTP and the
//! store; every verdict is the core's.

use crate::js_object::{JsObject, OptionError};
use crate::output::{set_core_error, set_error};
use crate::verifier::INVALID_OPTIONS;
use serde::Serialize;
use tokenward_core::Algorithm;
use tokenward_core::key_set::KeySet;
use tokenward_core::logout::{LogoutRules, LogoutToken, LogoutVerifier, SeenJtis};
use wasm_bindgen::prelude::*;

/// The members `createLogoutReceiver` passes to the engine.
const KNOWN: &[&str] = &[
    "issuer",
    "clientId",
    "algorithms",
    "maxAge",
    "clockTolerance",
];

/// What an accepted logout token says, for `JSON.parse`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Accepted<'a> {
    jti: &'a str,
    sid: Option<&'a str>,
    sub: Option<&'a str>,
    iat: f64,
    remember_until: i64,
}

/// The engine behind the JS logout receiver.
#[wasm_bindgen]
#[derive(Debug)]
pub struct WasmLogoutReceiver {
    verifier: LogoutVerifier,
    seen: SeenJtis,
    keys: KeySet,
}

fn rules_from_json(options_json: &str) -> Result<LogoutRules, OptionError> {
    let what = "createLogoutReceiver options";
    let mut js = JsObject::parse(options_json, what, KNOWN)?;
    let required = |value: Option<String>, name: &str| {
        value.ok_or_else(|| OptionError(format!("{what}: {name} is required")))
    };
    let issuer = required(js.string("issuer")?, "issuer")?;
    let client_id = required(js.string("clientId")?, "clientId")?;
    let mut rules = LogoutRules::new(issuer, client_id);
    if let Some(names) = js.strings("algorithms", true)? {
        rules.algorithms = names
            .iter()
            .map(|name| {
                Algorithm::from_name(name).ok_or_else(|| {
                    OptionError(format!("unsupported algorithm {name:?} in algorithms"))
                })
            })
            .collect::<Result<_, _>>()?;
    }
    if let Some(max_age) = js.duration("maxAge")? {
        rules.max_age = max_age;
    }
    if let Some(tolerance) = js.duration("clockTolerance")? {
        rules.clock_tolerance = tolerance;
    }
    Ok(rules)
}

fn seconds(now: f64) -> i64 {
    // `as` saturates; the JS side passes Date.now() / 1000.
    now.floor() as i64
}

#[wasm_bindgen]
impl WasmLogoutReceiver {
    /// Builds the engine from the JSON text of the JS options and, for an
    /// inline key set, its JSON text. `undefined` with the last error set
    /// (`invalid_options`, `jwks_invalid`, `too_large`).
    pub fn create(options_json: &str, jwks_json: Option<String>) -> Option<WasmLogoutReceiver> {
        let verifier = match rules_from_json(options_json) {
            Ok(rules) => LogoutVerifier::new(rules).map_err(|error| error.to_string()),
            Err(error) => Err(error.to_string()),
        };
        let verifier = match verifier {
            Ok(verifier) => verifier,
            Err(message) => {
                set_error(INVALID_OPTIONS, message);
                return None;
            }
        };
        let keys = match jwks_json.map(|json| KeySet::from_json(json.as_bytes())) {
            None => KeySet::default(),
            Some(Ok(keys)) => keys,
            Some(Err(error)) => {
                set_core_error(&error);
                return None;
            }
        };
        Some(WasmLogoutReceiver {
            verifier,
            seen: SeenJtis::new(),
            keys,
        })
    }

    /// Validates `token` with the inline key set at `now` (Unix seconds)
    /// and admits its `jti` once. JSON of what it says, or an empty string
    /// with the last error set.
    pub fn accept(&mut self, token: &str, now: f64) -> String {
        let verdict = self.verifier.verify(token, &self.keys, seconds(now));
        self.admit(verdict, now)
    }

    /// [`Self::accept`] with a `RemoteKeySet`'s current key set
    /// (`clock_ms`: the JS clock in milliseconds).
    #[cfg(feature = "remote-key-set")]
    #[wasm_bindgen(js_name = acceptRemote)]
    pub fn accept_remote(
        &mut self,
        remote: &crate::remote::WasmKeySetFetch,
        token: &str,
        now: f64,
        clock_ms: f64,
    ) -> String {
        let verdict = remote
            .key_set(clock_ms)
            .and_then(|(keys, _)| self.verifier.verify(token, keys, seconds(now)));
        self.admit(verdict, now)
    }

    /// Restores a `jti` from the store, remembered until `until` (Unix s).
    pub fn remember(&mut self, jti: &str, until: f64) {
        self.seen.remember(jti, seconds(until));
    }

    /// Forgets a `jti` the store could not keep, so a retry is not a replay.
    pub fn forget(&mut self, jti: &str) {
        self.seen.forget(jti);
    }

    /// Number of `jti`s remembered.
    #[wasm_bindgen(getter)]
    pub fn remembered(&self) -> usize {
        self.seen.len()
    }
}

impl WasmLogoutReceiver {
    fn admit(&mut self, verdict: Result<LogoutToken, tokenward_core::Error>, now: f64) -> String {
        let token = match verdict.and_then(|token| {
            self.seen.admit(&token, seconds(now))?;
            Ok(token)
        }) {
            Ok(token) => token,
            Err(error) => {
                set_core_error(&error);
                return String::new();
            }
        };
        let accepted = Accepted {
            jti: &token.jti,
            sid: token.sid.as_deref(),
            sub: token.sub.as_deref(),
            iat: token.iat,
            remember_until: token.remember_until,
        };
        serde_json::to_string(&accepted).unwrap_or_default()
    }
}
