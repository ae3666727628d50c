//! Where the edge records the DPoP proofs it accepted, so each is accepted
//! once (RFC 9449 §11.1).
//!
//! By default each [`super::Gateway`] keeps one [`ReplayCache`] per DPoP
//! provider: enough for one process or one isolate. An adapter whose
//! gateways share a host (Envoy's worker threads) plugs in a
//! [`ReplayLedger`] over the host's shared store, so a proof replayed on
//! another thread is refused too.

use super::config::EdgeConfig;
use crate::dpop::{ReplayCache, ReplayKey};
use crate::error::Error;
use alloc::vec::Vec;

/// Records accepted proofs for the gateway.
pub trait ReplayLedger: core::fmt::Debug {
    /// Records the proof `key` of provider `provider`, acceptable until
    /// `until` (Unix seconds), at `now`.
    ///
    /// # Errors
    /// `dpop_replay` when the proof was recorded and its window has not
    /// passed; `dpop_replay_cache_full` when there is no room (fail closed).
    fn record(
        &mut self,
        provider: usize,
        key: ReplayKey,
        until: i64,
        now: i64,
    ) -> Result<(), Error>;
}

/// One [`ReplayCache`] per provider, in this gateway's memory.
#[derive(Debug, Clone)]
pub struct LocalReplay {
    caches: Vec<ReplayCache>,
}

impl LocalReplay {
    /// A cache of each DPoP provider's `replay_cache_size`.
    pub fn new(config: &EdgeConfig) -> LocalReplay {
        let caches = config
            .providers
            .iter()
            .map(|p| ReplayCache::new(p.dpop.as_ref().map_or(1, |d| d.replay_cache_size)))
            .collect();
        LocalReplay { caches }
    }
}

impl ReplayLedger for LocalReplay {
    fn record(
        &mut self,
        provider: usize,
        key: ReplayKey,
        until: i64,
        now: i64,
    ) -> Result<(), Error> {
        match self.caches.get_mut(provider) {
            Some(cache) => cache.record(key, until, now),
            None => Err(Error::DpopReplayCacheFull),
        }
    }
}
