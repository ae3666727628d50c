//! The remote documents a gateway keeps fresh: one JWKS per issuer entry
//! with remote keys (one per provider unless it lists `issuers`), and the
//! revocation list. Each has a slot number the JS side
//! uses to drive its refresh machine (and to key its in-flight promise and
//! its Cache API entry).

use serde::Serialize;
use tokenward_core::edge::{EdgeConfig, KeySource, RemoteSource, Sources};
pub(crate) use tokenward_core::remote::RefreshMachine as Machine;

/// Which machine a slot drives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    /// The JWKS of issuer entry `.1` of provider `.0`.
    Jwks(usize, usize),
    /// The revocation list.
    Revocation,
}

/// What the JS side needs to know to fetch a slot's document.
#[derive(Debug, Serialize)]
pub(crate) struct SlotInfo {
    /// `jwks:<provider>` (`jwks:<provider>/<entry>` for a provider with
    /// several issuers) or `revocation`: the in-flight and cache key.
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
        .flat_map(|(index, provider)| {
            let several = provider.issuers.len() > 1;
            let info = &info;
            provider
                .issuers
                .iter()
                .enumerate()
                .filter_map(move |(issuer, entry)| match &entry.keys {
                    KeySource::Remote(remote) => {
                        let key = match several {
                            true => format!("jwks:{}/{issuer}", provider.name),
                            false => format!("jwks:{}", provider.name),
                        };
                        Some((Slot::Jwks(index, issuer), info(key, remote)))
                    }
                    KeySource::Inline(_) => None,
                })
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
        Slot::Jwks(index, issuer) => sources
            .jwks_mut(index, issuer)
            .map(|m| m as &mut dyn Machine),
        Slot::Revocation => sources.revocation_mut().map(|m| m as &mut dyn Machine),
    }
}
