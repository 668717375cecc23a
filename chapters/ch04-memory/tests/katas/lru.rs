//! Katas of `lru.rs`: the unbounded cache leak, and an LRU with capacity and TTL.

use crate::katas::thread_counts;

/// Puts `rounds` distinct keys with a 64-byte value each; returns live allocations before and after.
fn fill(mut put: impl FnMut(u64, Vec<u8>), rounds: u64) -> (i64, i64) {
    let before = thread_counts().live_blocks;
    for i in 0..rounds {
        put(i, vec![0u8; 64]);
    }
    (before, thread_counts().live_blocks)
}

/// The leak the notes describe: a cache without bounds keeps every value (provided code).
#[test]
fn given_unbounded_cache_grows() {
    kata_support::bounded(|| {
        let mut cache = ch04_memory::lru::UnboundedCache::default();
        let (before, after) = fill(|k, v| cache.put(k, v), 20_000);
        assert!(after - before >= 20_000, "{before} → {after}");
        drop(cache);
    });
}

#[cfg(not(kata_skip = "lru::put"))]
mod put {
    use ch04_memory::lru::LruCache;
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    use super::fill;

    /// Full: the least recently used entry goes; an update refreshes an entry's place.
    #[test]
    fn evicts_the_least_recently_used() {
        bounded(|| {
            let mut cache = LruCache::new(3, 1000);
            cache.put("a", 1, 0);
            cache.put("b", 2, 0);
            cache.put("c", 3, 0);
            cache.put("a", 10, 1);
            cache.put("d", 4, 2);
            assert_eq!(cache.keys_by_use(), vec!["d", "a", "c"]);
            assert_eq!(cache.len(), 3);
            cache.put("e", 5, 3);
            assert_eq!(cache.keys_by_use(), vec!["e", "d", "a"]);
            assert_eq!(cache.slots.len(), 3, "freed slots are reused");
        });
    }

    /// The value and time stored under `key`, read from the cache's slots.
    #[track_caller]
    fn stored<V: Copy>(cache: &LruCache<&str, V>, key: &str) -> (V, u64) {
        let slot = *cache
            .map
            .get(key)
            .unwrap_or_else(|| panic!("{key:?} is not in the cache"));
        let entry = cache.slots[slot]
            .as_ref()
            .unwrap_or_else(|| panic!("{key:?} maps to free slot {slot}"));
        (entry.value, entry.stored_at)
    }

    /// Putting a key again replaces its value and its time (the TTL starts over).
    #[test]
    fn an_update_stores_the_new_value_and_time() {
        bounded(|| {
            let mut cache = LruCache::new(3, 1000);
            cache.put("a", 1, 0);
            cache.put("a", 2, 7);
            assert_eq!(
                stored(&cache, "a"),
                (2, 7),
                "(value, stored_at) of \"a\" after put(a, 1, now 0) then put(a, 2, now 7)"
            );
            assert_eq!(cache.len(), 1);
        });
    }

    /// Updating a key of a full cache evicts nothing: the key is already in it.
    #[test]
    fn an_update_in_a_full_cache_evicts_nothing() {
        bounded(|| {
            let mut cache = LruCache::new(3, 1000);
            cache.put("a", 1, 0);
            cache.put("b", 2, 0);
            cache.put("c", 3, 0);
            cache.put("b", 20, 5);
            assert_eq!(
                cache.keys_by_use(),
                vec!["b", "c", "a"],
                "capacity 3, put a, b, c, then put b again: nothing is evicted, \
                 b becomes the most recently used"
            );
            assert_eq!(
                stored(&cache, "b"),
                (20, 5),
                "(value, stored_at) of \"b\" after put(b, 2, now 0) then put(b, 20, now 5)"
            );
        });
    }

    /// A capacity of one keeps only the last key.
    #[test]
    fn capacity_one() {
        bounded(|| {
            let mut cache = LruCache::new(1, 1000);
            for (i, key) in ["x", "y", "z"].into_iter().enumerate() {
                cache.put(key, i, 0);
            }
            assert_eq!(cache.keys_by_use(), vec!["z"]);
        });
    }

    /// The fix, proven: after 20 000 and 40 000 distinct keys, live allocations are the same.
    #[test]
    fn bounded_cache_stays_flat() {
        bounded(|| {
            let mut cache = LruCache::new(100, u64::MAX);
            let (before, after_n) = fill(|k, v| cache.put(k, v, k), 20_000);
            let (_, after_2n) = fill(|k, v| cache.put(20_000 + k, v, k), 20_000);
            assert!(after_n - before < 300, "{before} → {after_n}");
            assert_eq!(after_2n, after_n);
            assert_eq!(cache.len(), 100);
        });
    }
}

#[cfg(not(kata_skip = "lru::get"))]
mod get {
    use ch04_memory::lru::LruCache;
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    /// A hit moves the entry to the most recently used end, so it survives the next eviction.
    #[test]
    fn a_hit_refreshes() {
        bounded(|| {
            let mut cache = LruCache::new(2, 1000);
            cache.put("a", 1, 0);
            cache.put("b", 2, 0);
            assert_eq!(cache.get(&"a", 1), Some(&1));
            cache.put("c", 3, 2);
            assert_eq!(cache.keys_by_use(), vec!["c", "a"]);
            assert_eq!(cache.get(&"b", 3), None);
        });
    }

    /// An entry `ttl` ms old is gone, and its slot freed at once.
    #[test]
    fn expired_entries_are_dropped() {
        bounded(|| {
            let mut cache = LruCache::new(4, 100);
            cache.put("a", 1, 0);
            cache.put("b", 2, 50);
            assert_eq!(cache.get(&"a", 99), Some(&1));
            assert_eq!(cache.get(&"a", 100), None);
            assert_eq!(cache.len(), 1);
            assert_eq!(cache.keys_by_use(), vec!["b"]);
            assert_eq!(cache.get(&"b", 149), Some(&2));
            cache.put("b", 3, 150);
            assert_eq!(cache.get(&"b", 249), Some(&3), "put renews the time");
        });
    }

    /// Every key of a 10 000-entry cache read back in order: the list stays consistent.
    #[test]
    fn many_keys() {
        bounded(|| {
            let mut cache = LruCache::new(10_000, u64::MAX);
            for k in 0..10_000u32 {
                cache.put(k, k * 2, 0);
            }
            for k in (0..10_000u32).rev() {
                assert_eq!(cache.get(&k, 1), Some(&(k * 2)));
            }
            let order = cache.keys_by_use();
            assert_eq!(order.first(), Some(&0));
            assert_eq!(order.last(), Some(&9_999));
        });
    }
}
