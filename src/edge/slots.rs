//! The remote documents a gateway keeps fresh: one JWKS per provider with
//! remote keys, and the revocation list. Each has a slot number the JS side
//! uses to drive its refresh machine (and to key its in-flight promise and
//! its Cache API entry).

use serde::Serialize;
use tokenward_core::edge::{EdgeConfig, KeySource, RemoteSource, Sources};
pub(crate) use tokenward_core::remote::RefreshMachine as Machine;

/// Which machine a slot drives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    /// The JWKS of provider `index`.
    Jwks(usize),
    /// The revocation list.
    Revocation,
}

/// What the JS side needs to know to fetch a slot's document.
#[derive(Debug, Serialize)]
pub(crate) struct SlotInfo {
    /// `jwks:<provider>` or `revocation`: the in-flight and cache key.
    pub key: String,
    pub uri: String,
    pub timeout_ms: u64,
    /// Bodies longer than this fail anyway: the JS stops reading after it.
    pub max_body_bytes: usize,
}

/// The slots of `config`, in a fixed order (providers, then revocation).
pub(crate) fn slots(config: &EdgeConfig) -> Vec<(Slot, SlotInfo)> {
    let info = |key: String, remote: &RemoteSource| SlotInfo {
        key,
        uri: remote.uri.clone(),
        timeout_ms: remote.policy.timeout_ms,
        max_body_bytes: remote.policy.max_body_bytes,
    };
    let mut slots: Vec<(Slot, SlotInfo)> = config
        .providers
        .iter()
        .enumerate()
        .filter_map(|(index, provider)| match &provider.keys {
            KeySource::Remote(remote) => Some((
                Slot::Jwks(index),
                info(format!("jwks:{}", provider.name), remote),
            )),
            KeySource::Inline(_) | KeySource::Discovered(_) => None,
        })
        .collect();
    if let Some(revocation) = &config.revocation {
        slots.push((
            Slot::Revocation,
            info("revocation".to_owned(), &revocation.remote),
        ));
    }
    slots
}

/// The slot's machine, whatever document it holds.
pub(crate) fn machine(sources: &mut Sources, slot: Slot) -> Option<&mut dyn Machine> {
    match slot {
        Slot::Jwks(index) => sources.jwks_mut(index).map(|m| m as &mut dyn Machine),
        Slot::Revocation => sources.revocation_mut().map(|m| m as &mut dyn Machine),
    }
}
