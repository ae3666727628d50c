//! The host's synchronous signature primitive (node:crypto in Node), called
//! from inside one wasm call: the token is parsed once, the host answers
//! yes or no on one signature, and the core applies every rule before and
//! after it. Which signatures may reach the host is the core's rule
//! ([`SignatureCheck::host_may_verify`]: RSA and ECDSA; never EdDSA or
//! HMAC); the host's answer is a boolean the core re-checks lengths around.
//!
//! Why a callback rather than `prepare` + `finish` from JS: the two-phase
//! seam parses the token twice and copies the signature and signing input
//! out; here both cross as views of wasm memory, and the JS side keeps the
//! imported `KeyObject` per key, so a call costs one parse plus the host's
//! own check (`make bench-js`). The key's name crosses as a JS string made
//! once per key ([`KEY_NAMES`]), not encoded and decoded on every call.

use core::cell::RefCell;
use tokenward_core::Error;
use tokenward_core::verifier::{SignatureCheck, SignedPayload};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `{ check(key, signature, data), learn(key, jwk) }`, synchronous.
    pub type HostSignature;

    /// The host's verdict: [`VALID`], [`INVALID`], [`UNKNOWN_KEY`] (call
    /// `learn` first) or anything else (the core verifies).
    #[wasm_bindgen(method, structural, catch)]
    fn check(
        this: &HostSignature,
        key: &JsValue,
        signature: &[u8],
        data: &[u8],
    ) -> Result<u32, JsValue>;

    /// Gives the host the public JWK (JSON) of `key`, once per key.
    #[wasm_bindgen(method, structural, catch)]
    fn learn(this: &HostSignature, key: &JsValue, jwk: &str) -> Result<(), JsValue>;
}

const INVALID: u32 = 0;
const VALID: u32 = 1;
const UNKNOWN_KEY: u32 = 2;

/// The host object of a call, if the caller passed one.
pub fn host_of(value: &JsValue) -> Option<&HostSignature> {
    if value.is_undefined() || value.is_null() {
        None
    } else {
        Some(value.unchecked_ref())
    }
}

/// The signature check of `check`: by `host` when there is one and the
/// core allows it, else by the core. A host that cannot answer (unusable
/// key, an exception) leaves the check to the core, never to a default.
pub fn check_signature(
    check: SignatureCheck<'_, '_>,
    host: Option<&HostSignature>,
) -> Result<SignedPayload, Error> {
    match host.filter(|_| check.host_may_verify()) {
        Some(host) => match host_verdict(&check, host) {
            Some(valid) => check.host_verified(valid),
            None => check.verify(),
        },
        None => check.verify(),
    }
}

fn host_verdict(check: &SignatureCheck<'_, '_>, host: &HostSignature) -> Option<bool> {
    let key = key_name_value(check);
    let ask = || {
        host.check(&key, check.signature(), check.signing_input())
            .ok()
    };
    let mut answer = ask()?;
    if answer == UNKNOWN_KEY {
        host.learn(&key, &check.key().to_public_jwk()?).ok()?;
        answer = ask()?;
    }
    match answer {
        VALID => Some(true),
        INVALID => Some(false),
        _ => None,
    }
}

/// Names made before, at most this many; then the list starts again (a
/// name is a fingerprint, so a name made again is the same name).
const MAX_KEY_NAMES: usize = 64;

thread_local! {
    /// `(fingerprint, alg, name)` of the keys the host was asked about.
    static KEY_NAMES: RefCell<Vec<([u8; 32], &'static str, JsValue)>> =
        const { RefCell::new(Vec::new()) };
}

/// [`host_key_name`] as a JS string, made once per key and algorithm.
fn key_name_value(check: &SignatureCheck<'_, '_>) -> JsValue {
    let (fingerprint, alg) = (check.key().fingerprint(), check.alg().name());
    KEY_NAMES.with(|names| {
        let mut names = names.borrow_mut();
        let known = names
            .iter()
            .find(|(f, a, _)| *f == fingerprint && *a == alg);
        if let Some((_, _, name)) = known {
            return name.clone();
        }
        if names.len() >= MAX_KEY_NAMES {
            names.clear();
        }
        let name = JsValue::from_str(&host_key_name(check));
        names.push((fingerprint, alg, name.clone()));
        name
    })
}

/// `<key fingerprint, hex>/<alg>`: the host keeps one imported key per name.
pub fn host_key_name(check: &SignatureCheck<'_, '_>) -> String {
    let mut name = crate::verifier::key_id(check);
    name.push('/');
    name.push_str(check.alg().name());
    name
}
