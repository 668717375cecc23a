//! A cache with bounds (缓存限制): the unbounded
//! cache leak, fixed by an O(1) LRU with a TTL.
//!
//! A module-level object used as a cache lives as long as the process: every
//! key ever stored stays reachable, so the garbage collector may never free
//! it, and the heap grows until the process dies. The notes' fixes: a
//! replacement policy (LRU: evict the least recently used entry) and, better
//! still for data shared across processes, an external cache such as Redis.
//!
//! The LRU here is the classic O(1) design: a hash map from key to a node of a
//! doubly linked list ordered by use. In safe Rust the list lives in a `Vec`
//! and links are indices, so nothing needs `Rc<RefCell<…>>`.
//! Book: book/src/ch04-memory/leaks.md

use std::collections::HashMap;
use std::hash::Hash;

/// The leaking cache: a map that only grows, like `const cache = {}` in a module.
#[derive(Debug, Default)]
pub struct UnboundedCache<K, V> {
    /// Every entry ever put.
    pub map: HashMap<K, V>,
}

impl<K: Hash + Eq, V> UnboundedCache<K, V> {
    /// Stores `value` under `key`, forever.
    pub fn put(&mut self, key: K, value: V) {
        self.map.insert(key, value);
    }

    /// The value under `key`.
    pub fn get(&self, key: &K) -> Option<&V> {
        self.map.get(key)
    }
}

/// No slot: the end of the list.
const NIL: usize = usize::MAX;

/// One entry: its key (to remove it from the map on eviction), value, time, links.
#[derive(Debug)]
pub struct Entry<K, V> {
    /// The key, kept so an evicted entry can leave the map.
    pub key: K,
    /// The value.
    pub value: V,
    /// When it was stored (ms on the caller's clock); it expires `ttl` later.
    pub stored_at: u64,
    /// The next more recently used entry's slot, or `NIL`.
    pub newer: usize,
    /// The next less recently used entry's slot, or `NIL`.
    pub older: usize,
}

/// A cache of at most `capacity` entries, each valid for `ttl` ms; least recently
/// used goes first.
#[derive(Debug)]
pub struct LruCache<K, V> {
    /// Key → slot in `slots`.
    pub map: HashMap<K, usize>,
    /// The entries; `None` marks a free slot (its index is in `free`).
    pub slots: Vec<Option<Entry<K, V>>>,
    /// Free slots to reuse, so the vector never grows past `capacity`.
    pub free: Vec<usize>,
    /// The most recently used slot, or `NIL`.
    pub newest: usize,
    /// The least recently used slot, or `NIL`.
    pub oldest: usize,
    /// Most entries held at once.
    pub capacity: usize,
    /// How long an entry stays valid, in ms.
    pub ttl: u64,
}

impl<K: Hash + Eq + Clone, V> LruCache<K, V> {
    /// An empty cache. A capacity of 0 is treated as 1.
    pub fn new(capacity: usize, ttl: u64) -> LruCache<K, V> {
        LruCache {
            map: HashMap::new(),
            slots: Vec::new(),
            free: Vec::new(),
            newest: NIL,
            oldest: NIL,
            capacity: capacity.max(1),
            ttl,
        }
    }

    /// How many entries are held (expired ones
    /// included until they are touched or evicted).
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when nothing is held.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Keys from most to least recently used.
    pub fn keys_by_use(&self) -> Vec<K> {
        let mut keys = Vec::new();
        let mut at = self.newest;
        while let Some(entry) = self.slots.get(at).and_then(Option::as_ref) {
            keys.push(entry.key.clone());
            at = entry.older;
        }
        keys
    }

    /// Takes slot `i` out of the use list (it stays in `slots` and the map).
    pub fn detach(&mut self, i: usize) {
        let (newer, older) = match &self.slots[i] {
            Some(e) => (e.newer, e.older),
            None => return,
        };
        // No newer neighbour means `i` was the newest: the list's end moves.
        match self.slots.get_mut(newer).and_then(Option::as_mut) {
            Some(n) => n.older = older,
            None => self.newest = older,
        }
        match self.slots.get_mut(older).and_then(Option::as_mut) {
            Some(o) => o.newer = newer,
            None => self.oldest = newer,
        }
    }

    /// Puts slot `i` at the most recently used end.
    pub fn attach_newest(&mut self, i: usize) {
        let old_newest = self.newest;
        if let Some(e) = self.slots[i].as_mut() {
            e.newer = NIL;
            e.older = old_newest;
        }
        match self.slots.get_mut(old_newest).and_then(Option::as_mut) {
            Some(n) => n.newer = i,
            None => self.oldest = i,
        }
        self.newest = i;
    }

    /// Removes slot `i` entirely (list, map, slot), returning its entry.
    pub fn remove_slot(&mut self, i: usize) -> Option<Entry<K, V>> {
        self.detach(i);
        let entry = self.slots[i].take()?;
        self.map.remove(&entry.key);
        self.free.push(i);
        Some(entry)
    }

    /// Kata `lru::get` — the value under `key` at time `now`, refreshing its use.
    ///
    /// **Task.** A missing key is `None`. An entry stored `ttl` ms or more
    /// before `now` has expired: remove it and answer `None`. Otherwise move it
    /// to the most recently used end and return its value. O(1).
    /// **Node does.** Nothing built in: `lru-cache` on npm (what npm itself
    /// uses) works this way; the notes recommend such a policy, or Redis.
    /// **Book.** book/src/ch04-memory/leaks.md#get
    /// **Check.** `cargo xtask check chapter-4 lru::get`
    // ANCHOR: get
    pub fn get(&mut self, key: &K, now: u64) -> Option<&V> {
        todo!("kata lru::get")
    }
    // ANCHOR_END: get

    /// Kata `lru::put` — store `value` under `key` at time `now`, evicting if full.
    ///
    /// **Task.** An existing key gets the new value and time and becomes most
    /// recently used (nothing is evicted). A new key, when the cache is full,
    /// first evicts the least recently used entry (whatever its age); it then
    /// goes in at the most recently used end, reusing a free slot if there is
    /// one. O(1).
    /// **Node does.** As for [`LruCache::get`]: the notes' advice, not a Node API.
    /// **Book.** book/src/ch04-memory/leaks.md#put
    /// **Check.** `cargo xtask check chapter-4 lru::put`
    // ANCHOR: put
    pub fn put(&mut self, key: K, value: V, now: u64) {
        todo!("kata lru::put")
    }
    // ANCHOR_END: put
}
