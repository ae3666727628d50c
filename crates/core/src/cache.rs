//! The verified-token cache: skip signature checks for a token seen recently.
//!
//! Keyed by the token bytes themselves: an entry keeps its token, and a
//! lookup compares the whole token, so only the very same bytes hit. The
//! map is ordered by a fast 64-bit hash of the token (`slot`), which only
//! says where to look: two tokens with one hash are told apart by the
//! comparison (the later insert takes the place; a lookup of the other is a
//! miss), so a collision, even one an attacker built, can cost a signature
//! check, never a wrong hit. An ordered map has no collision chains to
//! flood. This replaced a SHA-256 of the token, which cost more than the
//! rest of a cache hit in wasm and needed collision resistance to be safe;
//! the price is the token's bytes in memory per entry (a JWT is typically
//! 0.3 to 1.5 KB). Bounded, least-recently-used eviction, `O(log n)` per
//! operation.
//! An entry expires at the instant given to `insert` and whenever the
//! key-set generation ([`RemoteDocument::generation`](crate::remote::RemoteDocument::generation))
//! differs from the one it was verified under.
//!
//! **A hit is not a verdict.** The verifier stores what the signature check
//! found ([`TokenCache`](crate::verifier::TokenCache)) and, on every hit,
//! runs every claim rule and the revocation check again with the call's
//! time and values (`Verifier::verify_cached`).

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use core::cmp::Ordering;

/// Where a token's entry sits; see [`slot`].
type Slot = u64;

#[derive(Debug, Clone)]
struct Entry<T> {
    /// The token the entry is for: a lookup hits only on equal bytes.
    token: Box<[u8]>,
    value: T,
    /// Unix seconds; from then on the entry is not served.
    expires_at: f64,
    generation: u64,
    /// Key of this entry in `recency`.
    tick: u64,
}

/// Hit, miss and eviction counts, for metrics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheCounters {
    /// `get` calls that returned a value.
    pub hits: u64,
    /// `get` calls that returned nothing (absent, expired or stale generation).
    pub misses: u64,
    /// Entries dropped to make room.
    pub evictions: u64,
}

/// A bounded cache of verification results, keyed by token.
#[derive(Debug, Clone)]
pub struct VerifiedCache<T> {
    capacity: usize,
    entries: BTreeMap<Slot, Entry<T>>,
    /// Use order: the smallest tick is the least recently used.
    recency: BTreeMap<u64, Slot>,
    next_tick: u64,
    counters: CacheCounters,
}

/// `now < exp`; a NaN `now` is never live.
fn live(now_secs: f64, expires_at: f64) -> bool {
    now_secs.partial_cmp(&expires_at) == Some(Ordering::Less)
}

/// A fast, non-cryptographic 64-bit hash of `token` (multiply and rotate
/// per 8 bytes). It only orders the map: every hit also compares the whole
/// token, so its quality decides how often two tokens share a slot (and
/// one of them misses), never a verdict.
pub(crate) fn slot(token: &[u8]) -> Slot {
    const MULTIPLIER: u64 = 0x9E37_79B9_7F4A_7C15;
    let mix = |hash: u64, word: [u8; 8]| {
        (hash ^ u64::from_le_bytes(word))
            .wrapping_mul(MULTIPLIER)
            .rotate_left(29)
    };
    let (words, rest) = token.as_chunks::<8>();
    let mut hash = words.iter().fold(token.len() as u64, |h, w| mix(h, *w));
    let mut tail = [0u8; 8];
    tail[..rest.len()].copy_from_slice(rest);
    hash = mix(hash, tail);
    hash ^ (hash >> 32)
}

impl<T> VerifiedCache<T> {
    /// An empty cache holding at most `capacity` tokens (0 disables it).
    pub fn new(capacity: usize) -> Self {
        VerifiedCache {
            capacity,
            entries: BTreeMap::new(),
            recency: BTreeMap::new(),
            next_tick: 0,
            counters: CacheCounters::default(),
        }
    }

    /// The result cached for `token`, if verified under `generation` and
    /// not expired (`now_secs < exp`). An expired or outdated entry is
    /// removed. Marks the entry as recently used.
    ///
    /// Does **not** check revocation: the caller must, on every hit.
    pub fn get(&mut self, token: &[u8], now_secs: f64, generation: u64) -> Option<&T> {
        let key = slot(token);
        let tick = self.tick();
        let usable = match self.entries.get_mut(&key) {
            // Another token with the same hash: this one is not cached.
            Some(entry) if *entry.token != *token => None,
            None => None,
            Some(entry) if entry.generation != generation || !live(now_secs, entry.expires_at) => {
                Some(false)
            }
            Some(entry) => {
                self.recency.remove(&entry.tick);
                self.recency.insert(tick, key);
                entry.tick = tick;
                Some(true)
            }
        };
        match usable {
            Some(true) => {
                self.counters.hits = self.counters.hits.saturating_add(1);
                self.entries.get(&key).map(|entry| &entry.value)
            }
            Some(false) => {
                self.remove(&key);
                self.miss()
            }
            None => self.miss(),
        }
    }

    /// Caches `value` for `token`, verified under `generation`, until `exp`
    /// (Unix seconds). Returns `false` without caching when there is no
    /// finite `exp`, the token is already expired at `now_secs`, or the
    /// capacity is 0. Evicts the least recently used entry when full.
    pub fn insert(
        &mut self,
        token: &[u8],
        value: T,
        exp: Option<f64>,
        now_secs: f64,
        generation: u64,
    ) -> bool {
        let Some(expires_at) = exp.filter(|exp| exp.is_finite() && live(now_secs, *exp)) else {
            return false;
        };
        if self.capacity == 0 {
            return false;
        }
        let key = slot(token);
        // Replaces this token's entry, or another token's with its hash.
        self.remove(&key);
        while self.entries.len() >= self.capacity {
            let Some((_, oldest)) = self.recency.pop_first() else {
                break;
            };
            self.entries.remove(&oldest);
            self.counters.evictions = self.counters.evictions.saturating_add(1);
        }
        let tick = self.tick();
        self.recency.insert(tick, key);
        self.entries.insert(
            key,
            Entry {
                token: token.into(),
                value,
                expires_at,
                generation,
                tick,
            },
        );
        true
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
        self.capacity
    }

    /// Drops every entry (counters are kept).
    pub fn clear(&mut self) {
        self.entries.clear();
        self.recency.clear();
    }

    /// Hit, miss and eviction counts.
    pub fn counters(&self) -> CacheCounters {
        self.counters
    }

    fn tick(&mut self) -> u64 {
        // 2^64 uses will not happen; saturating keeps this panic-free.
        let tick = self.next_tick;
        self.next_tick = self.next_tick.saturating_add(1);
        tick
    }

    fn remove(&mut self, key: &Slot) {
        if let Some(entry) = self.entries.remove(key) {
            self.recency.remove(&entry.tick);
        }
    }

    fn miss(&mut self) -> Option<&T> {
        self.counters.misses = self.counters.misses.saturating_add(1);
        None
    }
}

#[cfg(test)]
mod tests;
