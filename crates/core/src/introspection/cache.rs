//! Introspection verdicts by token, bounded: at most `capacity` entries,
//! the oldest evicted first. The key is the whole token (never a hash of
//! it alone), so two tokens can never share a verdict.

use super::judge::Introspected;
use crate::error::Error;
use alloc::collections::BTreeMap;
use alloc::string::String;

/// A verdict and how long it stands.
#[derive(Debug, Clone)]
struct Entry {
    verdict: Result<Introspected, Error>,
    until_ms: u64,
    /// Insertion order, for eviction.
    order: u64,
}

/// One provider's introspection verdicts.
#[derive(Debug, Clone, Default)]
pub struct IntrospectionCache {
    capacity: usize,
    entries: BTreeMap<String, Entry>,
    by_age: BTreeMap<u64, String>,
    next: u64,
}

impl IntrospectionCache {
    /// A cache of at most `capacity` entries (at least 1).
    pub fn new(capacity: usize) -> IntrospectionCache {
        IntrospectionCache {
            capacity: capacity.max(1),
            ..IntrospectionCache::default()
        }
    }

    /// The verdict on `token`, while it stands at `now_ms`.
    pub fn get(&self, token: &str, now_ms: u64) -> Option<&Result<Introspected, Error>> {
        self.entries
            .get(token)
            .filter(|entry| now_ms < entry.until_ms)
            .map(|entry| &entry.verdict)
    }

    /// Records `verdict` on `token` until `until_ms`, evicting the oldest
    /// entry when full.
    pub fn insert(&mut self, token: &str, verdict: Result<Introspected, Error>, until_ms: u64) {
        if let Some(old) = self.entries.remove(token) {
            self.by_age.remove(&old.order);
        }
        while self.entries.len() >= self.capacity {
            let Some((_, oldest)) = self.by_age.pop_first() else {
                break;
            };
            self.entries.remove(&oldest);
        }
        let order = self.next;
        self.next = self.next.wrapping_add(1);
        self.by_age.insert(order, token.into());
        self.entries.insert(
            token.into(),
            Entry {
                verdict,
                until_ms,
                order,
            },
        );
    }

    /// Entries held.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no entry is held.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
