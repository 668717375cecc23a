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
        // ANCHOR: solution
        // Takes a key out of flight when dropped (a cancelled query) or finished.
        struct Unmark<'a, K: Hash + Eq, V, E> {
            flight: &'a SingleFlight<K, V, E>,
            key: Option<K>,
        }

        impl<K: Hash + Eq, V, E> Unmark<'_, K, V, E> {
            fn finish(&mut self) -> Waiters<V, E> {
                let Some(key) = self.key.take() else {
                    return Vec::new();
                };
                let mut map = self
                    .flight
                    .in_flight
                    .lock()
                    .unwrap_or_else(|p| p.into_inner());
                map.remove(&key).unwrap_or_default()
            }
        }

        impl<K: Hash + Eq, V, E> Drop for Unmark<'_, K, V, E> {
            fn drop(&mut self) {
                drop(self.finish());
            }
        }

        let mut query = Some(query);
        loop {
            let waiting = {
                // Never hold a std mutex across an `.await`.
                let mut map =
                    self.in_flight.lock().unwrap_or_else(|p| p.into_inner());
                match map.get_mut(&key) {
                    Some(waiters) => {
                        let (sender, receiver) = oneshot::channel();
                        waiters.push(sender);
                        Some(receiver)
                    }
                    None => {
                        map.insert(key.clone(), Vec::new());
                        None
                    }
                }
            };
            match waiting {
                Some(receiver) => match receiver.await {
                    Ok(result) => return result,
                    // The running caller was dropped: go round and try again.
                    Err(_) => continue,
                },
                None => {
                    // Removes the key even if this future is dropped mid-query,
                    // so waiters are woken (their senders drop) and retry.
                    let mut guard = Unmark {
                        flight: self,
                        key: Some(key.clone()),
                    };
                    let Some(run) = query.take() else {
                        // Only reachable after a retry; the query was used once.
                        unreachable!("the query runs at most once per caller")
                    };
                    let result = run().await;
                    let waiters = guard.finish();
                    for waiter in waiters {
                        // A waiter that gave up has dropped its receiver; fine.
                        let _ = waiter.send(result.clone());
                    }
                    return result;
                }
            }
        }
        // ANCHOR_END: solution
    }
    // ANCHOR_END: load
}
