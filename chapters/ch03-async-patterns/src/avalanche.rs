//! The avalanche problem (雪崩问题): many identical
//! queries at once, one trip to the database.
//!
//! When a hot cache entry expires under load, every request misses at the same
//! moment and sends the same query to the database, which can fall over. The
//! notes' fix is a once-queue: the first caller runs the query, every caller
//! that arrives while it runs queues up, and all of them get the one result.
//! Go calls this *single flight*. Here it runs on tokio: callers are tasks,
//! waiters park on a oneshot channel, and the "database" is any async function.
//! Book: book/src/ch03-async-patterns/avalanche.md

use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::Mutex;

use tokio::sync::oneshot;

/// The callers waiting for one key's query, each with the sender that will wake it.
pub type Waiters<V, E> = Vec<oneshot::Sender<Result<V, E>>>;

/// Callers waiting for a query already in flight, by key.
pub struct SingleFlight<K, V, E> {
    /// For each key with a query running: the waiters to hand its result to.
    pub in_flight: Mutex<HashMap<K, Waiters<V, E>>>,
}

impl<K, V, E> Default for SingleFlight<K, V, E> {
    fn default() -> Self {
        SingleFlight {
            in_flight: Mutex::new(HashMap::new()),
        }
    }
}

impl<K: Hash + Eq + Clone, V: Clone, E: Clone> SingleFlight<K, V, E> {
    /// An empty once-queue.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many callers wait for `key`'s query now (not counting the one running it).
    pub fn waiters(&self, key: &K) -> usize {
        let map = self.in_flight.lock().unwrap_or_else(|p| p.into_inner());
        map.get(key).map_or(0, Vec::len)
    }

    /// True while a query for `key` runs.
    pub fn is_in_flight(&self, key: &K) -> bool {
        let map = self.in_flight.lock().unwrap_or_else(|p| p.into_inner());
        map.contains_key(key)
    }

    /// Kata `avalanche::load` — run `query` for `key`, unless one is already running:
    /// then wait for its result.
    ///
    /// **Task.** Single flight: concurrent `load`s of one `key` run `query` once, and
    /// every caller gets (a clone of) its result, errors included; a later `load`
    /// after it finished runs the query again. A caller dropped while its query runs
    /// must not strand the others: one of them runs the query instead.
    /// **Node does.** The notes' `proxy.once('selected', callback)` queue:
    /// the first `select` emits `selected` to everybody queued.
    /// **Book.** book/src/ch03-async-patterns/avalanche.md#load
    /// **Check.** `cargo xtask check chapter-3 avalanche::load`
    // ANCHOR: load
    pub async fn load<F, Fut>(&self, key: K, query: F) -> Result<V, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V, E>>,
    {
        todo!("kata avalanche::load")
    }
    // ANCHOR_END: load
}
