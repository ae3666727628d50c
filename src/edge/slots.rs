//! The remote documents a gateway keeps fresh: one JWKS per issuer entry
//! with remote or discovered keys (one entry per provider unless it lists
//! `issuers`; a discovered entry's metadata document first), and the
//! revocation list. Each has a slot number the JS side
//! uses to drive its fetch machine (and to key its in-flight promise and
//! its Cache API entry).

use serde::Serialize;
use tokenward_core::edge::{EdgeConfig, KeySource, RemoteSource, Sources};
pub(crate) use tokenward_core::remote::FetchMachine as Machine;

/// Which machine a slot drives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    /// The JWKS of issuer entry `.1` of provider `.0`.
    Jwks(usize, usize),
    /// The metadata document of issuer entry `.1` of provider `.0` (keys
    /// by `discovery`).
    Discovery(usize, usize),
    /// The revocation list.
    Revocation,
}

/// What the JS side needs to know to fetch a slot's document.
#[derive(Debug, Serialize)]
pub(crate) struct SlotInfo {
    /// `jwks:<provider>` or `discovery:<provider>` (`<provider>/<entry>`
    /// for a provider with several issuers), or `revocation`: the
    /// in-flight and cache key.
    pub key: String,
    /// The URL; empty for a discovered key set, whose URL the engine's
    /// `uri` gives once the metadata document named it.
    pub uri: String,
    /// For a discovered key set: the slot of the metadata document that
    /// names its URL (fetched first).
    pub discovery: Option<usize>,
    pub timeout_ms: u64,
    /// Bodies longer than this fail anyway: the JS stops reading after it.
    pub max_body_bytes: usize,
}

/// The slots of `config`, in a fixed order (providers, then revocation).
pub(crate) fn slots(config: &EdgeConfig) -> Vec<(Slot, SlotInfo)> {
    let info = |key: String, remote: &RemoteSource| SlotInfo {
        key,
        uri: remote.uri.clone(),
        discovery: None,
        timeout_ms: remote.policy.timeout_ms,
        max_body_bytes: remote.policy.max_body_bytes,
    };
    let mut slots: Vec<(Slot, SlotInfo)> = Vec::new();
    for (index, provider) in config.providers.iter().enumerate() {
        let several = provider.issuers.len() > 1;
        for (issuer, entry) in provider.issuers.iter().enumerate() {
            // `<provider>`, or `<provider>/<entry>` with several issuers.
            let name = match several {
                true => format!("{}/{issuer}", provider.name),
                false => provider.name.clone(),
            };
            match &entry.keys {
                KeySource::Remote(remote) => slots.push((
                    Slot::Jwks(index, issuer),
                    info(format!("jwks:{name}"), remote),
                )),
                KeySource::Discovered(source) => {
                    let document = &source.document;
                    slots.push((
                        Slot::Discovery(index, issuer),
                        info(format!("discovery:{name}"), document),
                    ));
                    let keys = SlotInfo {
                        key: format!("jwks:{name}"),
                        uri: String::new(),
                        discovery: Some(slots.len() - 1),
                        timeout_ms: source.jwks_policy.timeout_ms,
                        max_body_bytes: source.jwks_policy.max_body_bytes,
                    };
                    slots.push((Slot::Jwks(index, issuer), keys));
                }
                KeySource::Inline(_) => {}
            }
        }
    }
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
        Slot::Jwks(index, issuer) => sources
            .jwks_mut(index, issuer)
            .map(|m| m as &mut dyn Machine),
        Slot::Discovery(index, issuer) => sources
            .discovery_mut(index, issuer)
            .map(|m| m as &mut dyn Machine),
        Slot::Revocation => sources.revocation_mut().map(|m| m as &mut dyn Machine),
    }
}
