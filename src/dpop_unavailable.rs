//! The `dpop` options in a build without DPoP (the browser build of
//! `tokenward`, the spa and slim builds): the option is refused by name,
//! and the types of `crate::dpop` are uninhabited, so no DPoP code is
//! linked.

use crate::host_signature::HostSignature;
use crate::js_object::{JsObject, OptionError};
use tokenward_core::Error;
use tokenward_core::dpop::CheckedProof;
use tokenward_core::json::JsonObject;
use tokenward_core::verifier::Confirmation;

/// Where DPoP proofs are checked: servers, so the node and workerd builds.
const DPOP_UNAVAILABLE: &str =
    "dpop is not in this build of tokenward: import it from 'tokenward' in Node or workerd";

/// No Verifier of this build has DPoP rules.
#[derive(Debug)]
pub enum DpopState {}

/// No call of this build has a `dpop` option.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DpopCall {}

/// Refuses `dpop` in the Verifier options.
///
/// # Errors
/// When the options name `dpop`.
pub fn from_options(js: &mut JsObject) -> Result<Option<DpopState>, OptionError> {
    if js.contains("dpop") {
        return Err(OptionError(DPOP_UNAVAILABLE.into()));
    }
    Ok(None)
}

impl DpopCall {
    /// Never: this build has no DPoP.
    ///
    /// # Errors
    /// Always.
    pub fn new(
        _scheme: Option<String>,
        _proof: Option<String>,
        _method: String,
        _url: String,
        _nonce: Option<String>,
    ) -> Result<DpopCall, OptionError> {
        Err(OptionError(DPOP_UNAVAILABLE.into()))
    }
}

impl DpopState {
    /// Unreachable: no value of this type exists.
    ///
    /// # Errors
    /// None.
    pub fn check_proof(
        &mut self,
        _call: Option<&DpopCall>,
        _token: &str,
        _now: i64,
        _host: Option<&HostSignature>,
    ) -> Result<Option<CheckedProof>, Error> {
        match *self {}
    }

    /// Unreachable: no value of this type exists.
    ///
    /// # Errors
    /// None.
    pub fn accept(
        &mut self,
        _claims: &JsonObject,
        _proof: Option<&CheckedProof>,
        _now: i64,
    ) -> Result<(), Error> {
        match *self {}
    }
}

/// Always [`Confirmation::Bearer`]: a `cnf` token is `binding_not_verified`.
pub fn confirmation<'p>(
    _state: Option<&DpopState>,
    _proof: Option<&'p CheckedProof>,
) -> Confirmation<'p> {
    Confirmation::Bearer
}

/// Nothing to remember: no DPoP refusal happens in this build.
pub fn remember_challenge(_error: Option<&Error>) {}

/// Always `""` (the JS side asks after every refusal).
#[wasm_bindgen::prelude::wasm_bindgen(js_name = lastErrorDpop)]
pub fn last_error_dpop() -> String {
    String::new()
}
