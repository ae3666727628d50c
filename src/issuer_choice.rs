//! `issuers` of the JS `Verifier`: which entry a token belongs to, by the
//! core's rule ([`IssuerChoice`]). The JS side keeps one verifier per
//! entry (its issuer, its keys) and hands the token to the one chosen
//! here, so a token is never checked against another entry's keys.

use crate::output::{set_core_error, set_error};
use crate::verifier::INVALID_OPTIONS;
use serde_json::Value;
use tokenward_core::verifier::{IssuerChoice, IssuerPattern, Tenants};
use wasm_bindgen::prelude::*;

/// The choice among a Verifier's `issuers`.
#[wasm_bindgen]
#[derive(Debug)]
pub struct WasmIssuerChoice {
    choice: IssuerChoice,
}

/// One entry of the JSON list: `{ issuer, tenants? }`.
fn pattern(index: usize, entry: &Value) -> Result<IssuerPattern, String> {
    let at = |message: &str| format!("issuers[{index}]: {message}");
    let issuer = match entry.get("issuer") {
        Some(Value::String(issuer)) => issuer,
        _ => return Err(at("issuer must be a non-empty string")),
    };
    let tenants = match entry.get("tenants") {
        None | Some(Value::Null) => None,
        Some(Value::String(any)) if any == "any" => Some(Tenants::Any),
        Some(Value::Array(items)) => {
            let list: Option<Vec<String>> =
                items.iter().map(|t| t.as_str().map(String::from)).collect();
            Some(Tenants::Only(list.ok_or_else(|| {
                at("tenants must be \"any\" or an array of tenant ids")
            })?))
        }
        Some(_) => return Err(at("tenants must be \"any\" or an array of tenant ids")),
    };
    IssuerPattern::new(issuer, tenants).map_err(|error| at(&error.to_string()))
}

#[wasm_bindgen]
impl WasmIssuerChoice {
    /// The choice among `[{ issuer, tenants? }, ...]` (JSON text);
    /// `undefined` with the last error set (`invalid_options`) for a bad
    /// entry or two entries one `iss` could both name.
    pub fn create(entries_json: &str) -> Option<WasmIssuerChoice> {
        let entries = match serde_json::from_str::<Vec<Value>>(entries_json) {
            Ok(entries) if !entries.is_empty() => entries,
            _ => {
                set_error(
                    INVALID_OPTIONS,
                    "issuers must be a non-empty array of { issuer, tenants?, jwks }".into(),
                );
                return None;
            }
        };
        let mut patterns = Vec::with_capacity(entries.len());
        for (index, entry) in entries.iter().enumerate() {
            match pattern(index, entry) {
                Ok(p) => patterns.push(p),
                Err(message) => {
                    set_error(INVALID_OPTIONS, message);
                    return None;
                }
            }
        }
        match IssuerChoice::new(patterns) {
            Ok(choice) => Some(WasmIssuerChoice { choice }),
            Err(overlap) => {
                set_error(
                    INVALID_OPTIONS,
                    format!(
                        "issuers[{}].issuer: one iss could name both this entry and issuers[{}]",
                        overlap.second, overlap.first
                    ),
                );
                None
            }
        }
    }

    /// The index of the entry `token`'s `iss` names (read unverified: the
    /// entry's verifier checks it again), or -1 with the last error set
    /// (`bad_issuer`, `issuer_tenant_mismatch`, `tenant_not_allowed`,
    /// `malformed`, ...). `max_token_length` caps the unverified read.
    pub fn choose(&self, token: &str, max_token_length: usize) -> i32 {
        match self.choice.choose_token(token, max_token_length) {
            Ok(index) => i32::try_from(index).unwrap_or(-1),
            Err(error) => {
                set_core_error(&error);
                -1
            }
        }
    }
}
