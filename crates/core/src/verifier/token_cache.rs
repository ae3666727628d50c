//! A verifier's verified-token cache: the signature checks it need not
//! repeat, bound to the options they were made under.

use crate::cache::{CacheCounters, VerifiedCache};
use crate::verifier::{SignedToken, ValidationOptions};

/// Tokens whose signature held (parsed header and claims), keyed by the
/// SHA-256 of the token, for [`crate::verifier::Verifier::verify_cached`].
///
/// An entry stands for "these bytes passed every check before the
/// signature, and the signature, under key-set generation G and these
/// options". It never stands for a verdict on the claims: those rules run
/// again on every call. The steps an entry stands for depend on the options
/// (caps, algorithm allowlist, `typ`), so the cache remembers the options
/// of the verifier that filled it and empties itself when a verifier with
/// other options uses it.
#[derive(Debug, Clone)]
pub struct TokenCache {
    entries: VerifiedCache<SignedToken>,
    options: Option<ValidationOptions>,
}

impl TokenCache {
    /// An empty cache holding at most `capacity` tokens (0 disables it).
    pub fn new(capacity: usize) -> TokenCache {
        TokenCache {
            entries: VerifiedCache::new(capacity),
            options: None,
        }
    }

    /// The entries, once they are known to come from `options`.
    pub(super) fn entries_for(
        &mut self,
        options: &ValidationOptions,
    ) -> &mut VerifiedCache<SignedToken> {
        if self.options.as_ref() != Some(options) {
            self.entries.clear();
            self.options = Some(options.clone());
        }
        &mut self.entries
    }

    /// Number of cached tokens (expired entries count until touched).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The maximum number of cached tokens.
    pub fn capacity(&self) -> usize {
        self.entries.capacity()
    }

    /// Drops every entry (counters are kept).
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// Hit, miss and eviction counts.
    pub fn counters(&self) -> CacheCounters {
        self.entries.counters()
    }
}
