//! `RevocationList`: the core's revocation list, loaded from JSON.

use tokenward_core::revocation::RevocationList;
use wasm_bindgen::prelude::*;

/// A parsed revocation list.
#[wasm_bindgen]
#[derive(Debug)]
pub struct WasmRevocationList {
    list: RevocationList,
}

impl WasmRevocationList {
    /// The core's list.
    pub fn list(&self) -> &RevocationList {
        &self.list
    }
}

#[cfg(feature = "revocation-list")]
#[wasm_bindgen]
impl WasmRevocationList {
    /// Parses a list document (the core's format); `undefined` with the
    /// last error set (`revocation_list_invalid`, `too_large`).
    pub fn parse(document: &[u8]) -> Option<WasmRevocationList> {
        match RevocationList::from_json(document) {
            Ok(list) => Some(WasmRevocationList { list }),
            Err(error) => {
                crate::output::set_core_error(&error);
                None
            }
        }
    }

    /// Number of entries (`jti` + `sub` + `sid`).
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.list.len()
    }
}
