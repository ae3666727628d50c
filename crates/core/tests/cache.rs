//! The verified-token cache: LRU order, expiry, generations, capacity.

use tokenward_core::cache::{CacheCounters, VerifiedCache};

const GEN: u64 = 7;

fn cache_with(capacity: usize, tokens: &[&str]) -> VerifiedCache<String> {
    let mut cache = VerifiedCache::new(capacity);
    for token in tokens {
        assert!(cache.insert(
            token.as_bytes(),
            token.to_uppercase(),
            Some(1_000.0),
            0.0,
            GEN
        ));
    }
    cache
}

fn get(cache: &mut VerifiedCache<String>, token: &str) -> Option<String> {
    cache.get(token.as_bytes(), 10.0, GEN).cloned()
}

#[test]
fn least_recently_used_is_evicted_first() {
    let mut cache = cache_with(3, &["a", "b", "c"]);
    assert_eq!(get(&mut cache, "a").as_deref(), Some("A"));
    // Use order is now b, c, a: inserting d evicts b, then e evicts c.
    assert!(cache.insert(b"d", "D".into(), Some(1_000.0), 0.0, GEN));
    assert_eq!(cache.len(), 3);
    assert_eq!(get(&mut cache, "b"), None);
    assert!(cache.insert(b"e", "E".into(), Some(1_000.0), 0.0, GEN));
    let present: Vec<bool> = ["a", "c", "d", "e"]
        .iter()
        .map(|t| get(&mut cache, t).is_some())
        .collect();
    assert_eq!(present, [true, false, true, true]);
    assert_eq!(cache.counters().evictions, 2);
}

#[test]
fn reinserting_a_token_replaces_it_without_evicting() {
    let mut cache = cache_with(2, &["a", "b"]);
    assert!(cache.insert(b"a", "A2".into(), Some(1_000.0), 0.0, GEN));
    assert_eq!(cache.len(), 2);
    assert_eq!(get(&mut cache, "a").as_deref(), Some("A2"));
    assert_eq!(get(&mut cache, "b").as_deref(), Some("B"));
    assert_eq!(cache.counters().evictions, 0);
}

#[test]
fn entries_expire_at_exp() {
    let cases: &[(f64, bool)] = &[
        (0.0, true),
        (99.999, true),
        (100.0, false),
        (1e9, false),
        (f64::NAN, false),
    ];
    for (now, hit) in cases {
        let mut cache = VerifiedCache::new(4);
        assert!(cache.insert(b"t", 1u8, Some(100.0), 0.0, GEN));
        assert_eq!(cache.get(b"t", *now, GEN).is_some(), *hit, "now {now}");
        // An expired entry is removed on the way.
        assert_eq!(cache.len(), usize::from(*hit), "now {now}");
    }
}

#[test]
fn a_new_key_set_generation_invalidates_entries() {
    let mut cache = cache_with(4, &["a"]);
    assert_eq!(cache.get(b"a", 10.0, GEN + 1), None);
    assert!(cache.is_empty());
    // Gone for the old generation too: it was removed, not skipped.
    assert_eq!(cache.get(b"a", 10.0, GEN), None);
}

#[test]
fn only_tokens_with_a_usable_exp_are_cached() {
    let cases: &[(Option<f64>, f64, bool)] = &[
        (None, 0.0, false),
        (Some(f64::NAN), 0.0, false),
        (Some(f64::INFINITY), 0.0, false),
        (Some(50.0), 50.0, false),
        (Some(50.0), 60.0, false),
        (Some(50.0), f64::NAN, false),
        (Some(50.5), 50.0, true),
    ];
    for (exp, now, cached) in cases {
        let mut cache = VerifiedCache::new(4);
        assert_eq!(
            cache.insert(b"t", (), *exp, *now, GEN),
            *cached,
            "exp {exp:?} now {now}"
        );
        assert_eq!(cache.len(), usize::from(*cached));
    }
}

#[test]
fn capacity_zero_caches_nothing() {
    let mut cache = VerifiedCache::new(0);
    assert_eq!(cache.capacity(), 0);
    assert!(!cache.insert(b"t", (), Some(100.0), 0.0, GEN));
    assert_eq!(cache.get(b"t", 0.0, GEN), None);
    assert!(cache.is_empty());
}

#[test]
fn tokens_are_told_apart_by_their_bytes() {
    let mut cache = cache_with(4, &["header.payload.sig1"]);
    assert_eq!(get(&mut cache, "header.payload.sig2"), None);
    assert_eq!(
        get(&mut cache, "header.payload.sig1").as_deref(),
        Some("HEADER.PAYLOAD.SIG1")
    );
}

#[test]
fn counters_and_clear() {
    let mut cache = cache_with(4, &["a", "b"]);
    get(&mut cache, "a");
    get(&mut cache, "a");
    get(&mut cache, "x");
    assert_eq!(
        cache.counters(),
        CacheCounters {
            hits: 2,
            misses: 1,
            evictions: 0
        }
    );
    cache.clear();
    assert!(cache.is_empty());
    assert_eq!(cache.capacity(), 4);
    assert_eq!(get(&mut cache, "b"), None);
    assert_eq!(cache.counters().misses, 2);
}
