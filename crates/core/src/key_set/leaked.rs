//! Withdrawing leaked keys from a key set still being served.
//!
//! A refetched set that publishes a private key is refused whole, and the
//! last good set keeps serving within `stale_if_error`. That set may hold
//! the same public key: every token signed with the leaked private key
//! would still verify. So the refused document is read once more, only to
//! learn which public keys leaked, and those are dropped from the served
//! set, compared by their key material alone (whatever their `kid`).

use super::{KeySet, MAX_DEPTH};
use crate::json;
use crate::jwk::{Jwk, private_member, public_part};
use alloc::vec::Vec;
use serde_json::Value;

impl KeySet {
    /// The material fingerprints ([`Jwk::material_fingerprint`]) of the
    /// public part of every entry of `document` that carries private key
    /// material. Empty when the document is not a key set or leaks nothing
    /// this build can parse. Symmetric keys are not public keys: an `oct`
    /// entry is never listed.
    pub fn leaked_keys(document: &[u8]) -> Vec<[u8; 32]> {
        let Ok(set) = json::parse_object(document, MAX_DEPTH) else {
            return Vec::new();
        };
        let Some(Value::Array(entries)) = set.get("keys") else {
            return Vec::new();
        };
        entries
            .iter()
            .filter_map(|entry| match entry {
                Value::Object(members) if private_member(members, true).is_some() => {
                    Jwk::from_json_value(&Value::Object(public_part(members)), false).ok()
                }
                _ => None,
            })
            .map(|key| key.material_fingerprint())
            .collect()
    }

    /// This set without the keys whose material is in `leaked`, or `None`
    /// when none of them is here.
    pub fn without_keys(&self, leaked: &[[u8; 32]]) -> Option<KeySet> {
        let is_leaked = |key: &Jwk| leaked.contains(&key.material_fingerprint());
        if !self.keys.iter().any(is_leaked) {
            return None;
        }
        let kept = self.keys.iter().filter(|key| !is_leaked(key)).cloned();
        let mut set = KeySet::from_keys(kept.collect());
        set.skipped = self.skipped;
        Some(set)
    }
}
