//! Prepared proof keys, kept between requests.
//!
//! A proof carries its public key as a JWK; parsing it prepares the key
//! for verification (for a P-256 key, the precomputed table of the point),
//! which costs more than the signature check itself. A client signs every
//! proof with the same key, so a caller-owned [`ProofKeyCache`] keeps the
//! prepared keys of the last clients seen.
//!
//! An entry is keyed by the proof's whole `jwk` member (every member and
//! value, serialised again as JSON): a hit needs that very text, compared
//! in full (no hash or thumbprint stands in for it), so it yields the key
//! a fresh parse of the same members gives. Only keys
//! that parsed are kept; every rule that depends on the proof (`alg`
//! against the key, the signature) still runs on every request. Bounded,
//! the oldest entry evicted first.

use super::problem::DpopProblem;
use crate::error::Error;
use crate::jwk::Jwk;
use alloc::collections::{BTreeMap, VecDeque};
use alloc::string::String;

/// Default number of prepared proof keys a cache holds.
pub const DEFAULT_PROOF_KEY_CACHE_SIZE: usize = 64;

/// A bounded cache of prepared DPoP proof keys, keyed by the proof's `jwk`.
#[derive(Debug, Clone)]
pub struct ProofKeyCache {
    capacity: usize,
    keys: BTreeMap<String, Jwk>,
    /// Insertion order: the front is evicted first.
    order: VecDeque<String>,
    hits: u64,
    misses: u64,
}

impl Default for ProofKeyCache {
    fn default() -> Self {
        ProofKeyCache::new(DEFAULT_PROOF_KEY_CACHE_SIZE)
    }
}

impl ProofKeyCache {
    /// A cache of at most `capacity` keys (at least one).
    pub fn new(capacity: usize) -> ProofKeyCache {
        ProofKeyCache {
            capacity: capacity.max(1),
            keys: BTreeMap::new(),
            order: VecDeque::new(),
            hits: 0,
            misses: 0,
        }
    }

    /// The prepared key of the JWK whose JSON text is `jwk_json`: the
    /// kept one, else `parse`'s, kept when it parsed.
    ///
    /// # Errors
    /// Any error of `parse`, never kept.
    pub(crate) fn get_or_parse(
        &mut self,
        jwk_json: String,
        parse: impl FnOnce() -> Result<Jwk, Error>,
    ) -> Result<&Jwk, Error> {
        if self.keys.contains_key(&jwk_json) {
            self.hits += 1;
        } else {
            self.misses += 1;
            let key = parse()?;
            if self.keys.len() >= self.capacity
                && let Some(oldest) = self.order.pop_front()
            {
                self.keys.remove(&oldest);
            }
            self.order.push_back(jwk_json.clone());
            self.keys.insert(jwk_json.clone(), key);
        }
        // Present: found or just inserted (fails closed all the same).
        self.keys
            .get(&jwk_json)
            .ok_or(Error::InvalidDpopProof(DpopProblem::Jwk))
    }

    /// The number of keys held.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether no key is held.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The most keys held at once.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// `(hits, misses)` so far.
    pub fn counters(&self) -> (u64, u64) {
        (self.hits, self.misses)
    }
}
