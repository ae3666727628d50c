//! The replay cache: each DPoP proof is accepted once (RFC 9449 §11.1).
//!
//! An entry is a proof's key (SHA-256 of the proof key's thumbprint and
//! its `jti`) with the last second at which the proof could still pass the
//! `iat` window. Entries are only needed until then; after it the `iat`
//! rule refuses the proof anyway. The cache is bounded: when it is full,
//! the entries whose window has passed are dropped, and if none has, the
//! new proof is refused (`dpop_replay_cache_full`) rather than a live entry
//! forgotten, which would let that proof be replayed. Time is passed in;
//! the adapter owns the cache (one per process, or per isolate).

use crate::error::Error;
use alloc::collections::{BTreeMap, BTreeSet};

/// Default capacity: 10 000 proofs (about 1 MB).
pub const DEFAULT_REPLAY_CAPACITY: usize = 10_000;

/// A proof's identity in the cache.
pub type ReplayKey = [u8; 32];

/// The proofs seen, until their window passes.
#[derive(Debug, Clone)]
pub struct ReplayCache {
    capacity: usize,
    /// key → last second the proof is acceptable.
    until: BTreeMap<ReplayKey, i64>,
    /// The same entries, oldest window first, for dropping expired ones.
    by_expiry: BTreeSet<(i64, ReplayKey)>,
}

impl ReplayCache {
    /// A cache of at most `capacity` proofs (0 is read as 1).
    pub fn new(capacity: usize) -> ReplayCache {
        ReplayCache {
            capacity: capacity.max(1),
            until: BTreeMap::new(),
            by_expiry: BTreeSet::new(),
        }
    }

    /// How many proofs are remembered.
    pub fn len(&self) -> usize {
        self.until.len()
    }

    /// True when no proof is remembered.
    pub fn is_empty(&self) -> bool {
        self.until.is_empty()
    }

    /// Records a proof acceptable until `until` (Unix seconds) at `now`.
    ///
    /// # Errors
    /// `dpop_replay` when the proof is already recorded and its window has
    /// not passed; `dpop_replay_cache_full` when every entry is still live.
    pub fn record(&mut self, key: ReplayKey, until: i64, now: i64) -> Result<(), Error> {
        if let Some(&seen_until) = self.until.get(&key) {
            if seen_until >= now {
                return Err(Error::DpopReplay);
            }
            self.remove(key, seen_until);
        }
        if self.until.len() >= self.capacity {
            self.drop_expired(now);
        }
        if self.until.len() >= self.capacity {
            return Err(Error::DpopReplayCacheFull);
        }
        self.until.insert(key, until);
        self.by_expiry.insert((until, key));
        Ok(())
    }

    /// Drops every entry whose window ended before `now`.
    pub fn drop_expired(&mut self, now: i64) {
        while let Some(&(until, key)) = self.by_expiry.first() {
            if until >= now {
                break;
            }
            self.remove(key, until);
        }
    }

    fn remove(&mut self, key: ReplayKey, until: i64) {
        self.until.remove(&key);
        self.by_expiry.remove(&(until, key));
    }
}

#[cfg(test)]
mod tests {
    use super::ReplayCache;
    use crate::error::Error;

    #[test]
    fn a_proof_is_accepted_once_within_its_window() {
        let mut cache = ReplayCache::new(10);
        assert_eq!(cache.record([1; 32], 160, 100), Ok(()));
        assert_eq!(cache.record([1; 32], 160, 150), Err(Error::DpopReplay));
        assert_eq!(cache.record([1; 32], 160, 160), Err(Error::DpopReplay));
        // Past its window the iat rule refuses it; the entry may go.
        assert_eq!(cache.record([1; 32], 230, 161), Ok(()));
    }

    #[test]
    fn full_of_live_entries_refuses_new_proofs() {
        let mut cache = ReplayCache::new(2);
        assert_eq!(cache.record([1; 32], 160, 100), Ok(()));
        assert_eq!(cache.record([2; 32], 170, 100), Ok(()));
        assert_eq!(
            cache.record([3; 32], 170, 100),
            Err(Error::DpopReplayCacheFull)
        );
        // The live entries are all still there.
        assert_eq!(cache.record([1; 32], 160, 100), Err(Error::DpopReplay));
        assert_eq!(cache.record([2; 32], 170, 100), Err(Error::DpopReplay));
        // Once the first window passes, its room is reused.
        assert_eq!(cache.record([3; 32], 230, 161), Ok(()));
        assert_eq!(cache.len(), 2);
    }
}
