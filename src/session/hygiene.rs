//! `redact` and `scrubUrl`: the core's hygiene functions, as they are.

use tokenward_core::session::hygiene;
use wasm_bindgen::prelude::*;

/// `text` with token-shaped strings masked, for logs.
#[wasm_bindgen(js_name = redactText)]
pub fn redact_text(text: &str) -> String {
    hygiene::redact(text)
}

/// `url` without tokens, codes and state; `undefined` when nothing needs
/// removing (the JS side then leaves the address bar alone).
#[wasm_bindgen(js_name = scrubUrlText)]
pub fn scrub_url_text(url: &str) -> Option<String> {
    hygiene::scrub_url(url)
}
