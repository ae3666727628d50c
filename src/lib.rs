//! The npm binding of tokenward (wasm-bindgen over `tokenward-core`).
//!
//! This crate only translates: JS values in, the core's verdicts out. Every
//! rule lives in the core. The JS layer shipped beside the wasm (`src/js/`)
//! gives the idiomatic API (`Verifier`, `TokenError`, `RemoteKeySet`, ...);
//! the exports here are its private engine and may change between versions.
//!
//! Strings cross the boundary in the cheapest way measured (see
//! [`input`]): the JS side writes a token with `TextEncoder.encodeInto`
//! straight into a buffer this module owns; results come back as JSON text
//! that the JS side hands to `JSON.parse`.
#![forbid(unsafe_code)]

#[cfg(feature = "dpop")]
pub mod authorization;
pub mod certificates;
#[cfg(feature = "dpop")]
pub mod dpop;
#[cfg(not(feature = "dpop"))]
#[path = "dpop_unavailable.rs"]
pub mod dpop;
#[cfg(feature = "edge")]
pub mod edge;
pub mod host_signature;
pub mod input;
pub mod inspect;
pub mod issuer_choice;
pub mod js_object;
#[cfg(feature = "logout")]
pub mod logout;
pub mod options;
pub mod output;
pub mod remote;
pub mod revocation;
mod revocation_check;
#[cfg(feature = "revocation-list")]
pub mod revocation_fetch;
pub mod session;
pub mod verifier;

use wasm_bindgen::prelude::*;

pub use tokenward_core as core;

/// Every stable verification error code, as a JSON array (the JS
/// `ERROR_CODES` export is built from it, so the list has one source).
#[wasm_bindgen(js_name = errorCodesJson)]
pub fn error_codes_json() -> String {
    serde_json::to_string(tokenward_core::ERROR_CODES).unwrap_or_default()
}

/// Every stable lint finding code, as a JSON array.
#[cfg(feature = "lint")]
#[wasm_bindgen(js_name = lintCodesJson)]
pub fn lint_codes_json() -> String {
    serde_json::to_string(tokenward_core::lint::LINT_CODES).unwrap_or_default()
}

/// The wasm linear memory, so the JS side can write inputs in place.
#[wasm_bindgen(js_name = wasmMemory)]
pub fn wasm_memory() -> JsValue {
    wasm_bindgen::memory()
}
