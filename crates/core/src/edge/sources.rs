//! The documents the edge verifies with: one key set per issuer entry of
//! each provider (inline, or a [`JwksFetch`] machine the adapter drives)
//! and the revocation list. An entry's keys are addressed by the provider's
//! index and the entry's index in its `issuers`.
//!
//! The adapter performs the fetches the machines ask for; this type only
//! holds the machines and answers "which keys, which generation, now?".

use super::config::{EdgeConfig, KeySource};
use super::discovered::DiscoveredKeys;
use crate::discovery::DiscoveryFetch;
use crate::error::Error;
use crate::key_set::KeySet;
use crate::remote::JwksFetch;
use crate::revocation::{RevocationFetch, RevocationList};
use alloc::vec::Vec;

/// One issuer entry's keys.
#[derive(Debug, Clone)]
pub enum ProviderKeys {
    /// Fixed keys from the configuration (generation 0).
    Inline(KeySet),
    /// Keys from a JWKS endpoint.
    Remote(alloc::boxed::Box<JwksFetch>),
    /// Keys from the `jwks_uri` of the issuer's metadata document.
    Discovered(alloc::boxed::Box<DiscoveredKeys>),
}

/// The revocation list as a request sees it.
#[derive(Debug, Clone, Copy)]
pub enum RevocationView<'a> {
    /// No list configured.
    NotConfigured,
    /// The current list.
    List(&'a RevocationList),
    /// Configured, but none available (never fetched, or too stale).
    Unavailable,
}

/// Key sets and revocation list for one [`EdgeConfig`].
#[derive(Debug, Clone)]
pub struct Sources {
    /// Per provider, per issuer entry.
    providers: Vec<Vec<ProviderKeys>>,
    revocation: Option<RevocationFetch>,
}

impl Sources {
    /// Machines (empty) and inline key sets for `config`.
    pub fn new(config: &EdgeConfig) -> Sources {
        let providers = config
            .providers
            .iter()
            .map(|p| p.issuers.iter().map(|entry| keys_of(&entry.keys)).collect())
            .collect();
        let revocation = config
            .revocation
            .as_ref()
            .map(|r| RevocationFetch::new(r.remote.policy));
        Sources {
            providers,
            revocation,
        }
    }

    /// The fetch machine of issuer entry `issuer` of provider `index`,
    /// when its keys are remote (or discovered).
    pub fn jwks_mut(&mut self, index: usize, issuer: usize) -> Option<&mut JwksFetch> {
        match self.entry_mut(index, issuer) {
            Some(ProviderKeys::Remote(machine)) => Some(machine),
            Some(ProviderKeys::Discovered(discovered)) => Some(&mut discovered.keys),
            _ => None,
        }
    }

    /// The metadata document's machine of issuer entry `issuer` of
    /// provider `index`, when its keys are discovered.
    pub fn discovery_mut(&mut self, index: usize, issuer: usize) -> Option<&mut DiscoveryFetch> {
        match self.entry_mut(index, issuer) {
            Some(ProviderKeys::Discovered(discovered)) => Some(&mut discovered.discovery),
            _ => None,
        }
    }

    /// The discovery state of issuer entry `issuer` of provider `index`
    /// (its `jwks_uri`, the endpoints its metadata document names), when
    /// its keys are discovered.
    pub fn discovered(&self, index: usize, issuer: usize) -> Option<&DiscoveredKeys> {
        match self.providers.get(index).and_then(|p| p.get(issuer)) {
            Some(ProviderKeys::Discovered(discovered)) => Some(discovered),
            _ => None,
        }
    }

    fn entry_mut(&mut self, index: usize, issuer: usize) -> Option<&mut ProviderKeys> {
        self.providers
            .get_mut(index)
            .and_then(|p| p.get_mut(issuer))
    }

    /// Makes every discovered issuer entry's key set follow its metadata
    /// document's `jwks_uri` (see [`DiscoveredKeys::follow`]). Adapters
    /// call it after every answer to, or import of, a metadata document.
    pub fn follow_discovery(&mut self, now_ms: u64) {
        for entry in self.providers.iter_mut().flatten() {
            if let ProviderKeys::Discovered(discovered) = entry {
                discovered.follow(now_ms);
            }
        }
    }

    /// The revocation fetch machine, when a list is configured.
    pub fn revocation_mut(&mut self) -> Option<&mut RevocationFetch> {
        self.revocation.as_mut()
    }

    /// The keys of issuer entry `issuer` of provider `index` at `now_ms`
    /// and their generation.
    ///
    /// # Errors
    /// `jwks_unavailable` before the first key set (or when too stale).
    pub fn keys(&self, index: usize, issuer: usize, now_ms: u64) -> Result<(&KeySet, u64), Error> {
        match self.providers.get(index).and_then(|p| p.get(issuer)) {
            Some(ProviderKeys::Inline(set)) => Ok((set, 0)),
            Some(ProviderKeys::Remote(machine)) => {
                Ok((machine.document(now_ms)?, machine.generation()))
            }
            Some(ProviderKeys::Discovered(discovered)) => {
                let machine = &discovered.keys;
                Ok((machine.document(now_ms)?, machine.generation()))
            }
            None => Err(Error::JwksUnavailable),
        }
    }

    /// The revocation list at `now_ms`.
    pub fn revocation(&self, now_ms: u64) -> RevocationView<'_> {
        match &self.revocation {
            None => RevocationView::NotConfigured,
            Some(machine) => match machine.document(now_ms) {
                Ok(list) => RevocationView::List(list),
                Err(_) => RevocationView::Unavailable,
            },
        }
    }

    /// A token of issuer entry `issuer` of provider `index` named an
    /// unknown `kid`: asks that entry's machine for an early refetch (with
    /// cooldown). Returns whether one is due.
    pub fn on_unknown_kid(&mut self, index: usize, issuer: usize, now_ms: u64) -> bool {
        self.jwks_mut(index, issuer)
            .is_some_and(|machine| machine.on_unknown_kid(now_ms))
    }
}

fn keys_of(source: &KeySource) -> ProviderKeys {
    match source {
        KeySource::Inline(set) => ProviderKeys::Inline(set.clone()),
        KeySource::Remote(remote) => {
            ProviderKeys::Remote(alloc::boxed::Box::new(JwksFetch::new(remote.policy)))
        }
        KeySource::Discovered(source) => {
            ProviderKeys::Discovered(alloc::boxed::Box::new(DiscoveredKeys::new(source)))
        }
    }
}
