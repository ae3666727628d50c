//! The `Authorization` header of a DPoP-capable request, split by the
//! core's own parser ([`tokenward_core::dpop::authorization`]), for the JS
//! helper `dpopRequest`: the same scheme rule as the edge (either case,
//! RFC 9110 §11.1), never a second parser in JS.

use tokenward_core::dpop::{AuthScheme, authorization};
use wasm_bindgen::prelude::wasm_bindgen;

/// `["DPoP", token]` or `["Bearer", token]` for an `Authorization` value
/// of either scheme with one token, else `[]`.
#[wasm_bindgen(js_name = splitAuthorization)]
pub fn split_authorization(value: &str) -> Vec<String> {
    match authorization(value) {
        Some((AuthScheme::Dpop, token)) => vec!["DPoP".into(), token.into()],
        Some((AuthScheme::Bearer, token)) => vec!["Bearer".into(), token.into()],
        None => Vec::new(),
    }
}
