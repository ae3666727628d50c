//! Reading tokens without verifying them: `lint` and `decodeUnverified`.

use crate::input::with_input;
use crate::output::{set_core_error, unverified_json};
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
/// empty string with the last error set (`malformed`, `too_large`).
#[wasm_bindgen(js_name = decodeUnverified)]
pub fn decode_unverified(len: usize, max_token_length: Option<usize>) -> String {
    with_input(len, |token| {
        match unverified::decode(token, max_token_length.unwrap_or(DEFAULT_MAX_TOKEN_LENGTH)) {
            Ok(decoded) => unverified_json(&decoded),
            Err(error) => {
                set_core_error(&error);
                String::new()
            }
        }
    })
}
