//! Reading tokens without verifying them: `lint` and `decodeUnverified`.

use crate::input::with_input;
use crate::js_object::whole_number;
use crate::output::{set_core_error, set_error, unverified_json};
use crate::verifier::INVALID_OPTIONS;
use tokenward_core::jws::DEFAULT_MAX_TOKEN_LENGTH;
use tokenward_core::unverified;
use wasm_bindgen::prelude::*;

/// Lints the token in the input buffer; a JSON lint report. Never fails.
#[cfg(feature = "lint")]
#[wasm_bindgen(js_name = lintToken)]
pub fn lint_token(len: usize) -> String {
    with_input(len, |token| {
        crate::output::lint_json(&tokenward_core::lint::lint(token))
    })
}

/// Decodes the token in the input buffer WITHOUT verifying it; JSON, or an
/// empty string with the last error set (`malformed`, `too_large`, or
/// `invalid_options` for a `maxTokenLength` that is not a whole number ≥ 1:
/// taken as a `usize`, `-1` would become a 4 GiB cap).
#[wasm_bindgen(js_name = decodeUnverified)]
pub fn decode_unverified(len: usize, max_token_length: Option<f64>) -> String {
    let cap = match max_token_length.map(|n| whole_number("maxTokenLength", "bytes", 1, n)) {
        None => DEFAULT_MAX_TOKEN_LENGTH,
        Some(Ok(bytes)) => usize::try_from(bytes).unwrap_or(usize::MAX),
        Some(Err(error)) => {
            set_error(INVALID_OPTIONS, error.to_string());
            return String::new();
        }
    };
    with_input(len, |token| match unverified::decode(token, cap) {
        Ok(decoded) => unverified_json(&decoded),
        Err(error) => {
            set_core_error(&error);
            String::new()
        }
    })
}
