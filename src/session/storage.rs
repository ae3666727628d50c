//! `decideStorage`: a JSON question in, the core's decision as JSON out.

use crate::output::set_error;
use crate::verifier::INVALID_OPTIONS;
use serde::{Deserialize, Serialize};
use tokenward_core::session::storage::{
    Architecture, Environment, StorageDecision, StorageQuestion, TokenKind, decide_storage,
};
use wasm_bindgen::prelude::*;

/// The JS question: the names of the issue, camelCase, kebab-case values.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct JsQuestion {
    #[serde(default)]
    token_kind: JsTokenKind,
    #[serde(default)]
    architecture: JsArchitecture,
    /// Seconds.
    lifetime: Option<u64>,
    #[serde(default)]
    rotation: bool,
    #[serde(default)]
    sender_constrained: bool,
    #[serde(default)]
    persist_across_reload: bool,
    #[serde(default)]
    allow_local_storage: bool,
    #[serde(default)]
    environment: JsEnvironment,
}

/// `access-token`, `refresh-token`, `id-token`.
#[derive(Debug, Default, Deserialize)]
enum JsTokenKind {
    #[default]
    #[serde(rename = "access-token")]
    Access,
    #[serde(rename = "refresh-token")]
    Refresh,
    #[serde(rename = "id-token")]
    Id,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum JsArchitecture {
    #[default]
    BrowserOnly,
    BackendForFrontend,
    TokenMediatingBackend,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum JsEnvironment {
    #[default]
    Browser,
    WebWorker,
    ServiceWorker,
}

impl From<JsQuestion> for StorageQuestion {
    fn from(q: JsQuestion) -> Self {
        StorageQuestion {
            token_kind: match q.token_kind {
                JsTokenKind::Access => TokenKind::AccessToken,
                JsTokenKind::Refresh => TokenKind::RefreshToken,
                JsTokenKind::Id => TokenKind::IdToken,
            },
            architecture: match q.architecture {
                JsArchitecture::BrowserOnly => Architecture::BrowserOnly,
                JsArchitecture::BackendForFrontend => Architecture::BackendForFrontend,
                JsArchitecture::TokenMediatingBackend => Architecture::TokenMediatingBackend,
            },
            lifetime_secs: q.lifetime,
            rotation: q.rotation,
            sender_constrained: q.sender_constrained,
            persist_across_reload: q.persist_across_reload,
            allow_local_storage: q.allow_local_storage,
            environment: match q.environment {
                JsEnvironment::Browser => Environment::Browser,
                JsEnvironment::WebWorker => Environment::WebWorker,
                JsEnvironment::ServiceWorker => Environment::ServiceWorker,
            },
        }
    }
}

#[derive(Serialize)]
struct JsNote {
    code: &'static str,
    message: &'static str,
    source: &'static str,
}

#[derive(Serialize)]
struct JsDecision {
    location: &'static str,
    reasons: Vec<JsNote>,
    warnings: Vec<JsNote>,
}

fn decision_json(decision: &StorageDecision) -> String {
    let js = JsDecision {
        location: decision.location.as_str(),
        reasons: decision
            .reasons
            .iter()
            .map(|r| JsNote {
                code: r.code,
                message: r.message,
                source: r.source,
            })
            .collect(),
        warnings: decision
            .warnings
            .iter()
            .map(|w| JsNote {
                code: w.code,
                message: w.message,
                source: w.source,
            })
            .collect(),
    };
    serde_json::to_string(&js).unwrap_or_default()
}

/// Answers a JSON question; the decision as JSON, or an empty string with
/// the last error set (`invalid_options`: unknown member or value).
#[wasm_bindgen(js_name = decideStorageJson)]
pub fn decide_storage_json(question: &str) -> String {
    match serde_json::from_str::<JsQuestion>(question) {
        Ok(q) => decision_json(&decide_storage(&q.into())),
        Err(error) => {
            set_error(INVALID_OPTIONS, format!("decideStorage: {error}"));
            String::new()
        }
    }
}

/// Every stable storage reason/warning code, as a JSON array.
#[wasm_bindgen(js_name = storageCodesJson)]
pub fn storage_codes_json() -> String {
    serde_json::to_string(tokenward_core::session::storage::STORAGE_CODES).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::decide_storage_json;

    #[test]
    fn rotated_refresh_token_in_a_page_lives_in_memory() {
        let json = decide_storage_json(r#"{"tokenKind":"refresh-token","rotation":true}"#);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(value["location"], "memory");
        assert!(value["reasons"].as_array().is_some_and(|r| !r.is_empty()));
    }

    #[test]
    fn unknown_members_are_refused() {
        assert_eq!(decide_storage_json(r#"{"tokenKnd":"id-token"}"#), "");
        assert_eq!(decide_storage_json(r#"{"tokenKind":"cookie"}"#), "");
    }
}
