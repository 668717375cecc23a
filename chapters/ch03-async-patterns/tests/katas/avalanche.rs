//! Katas of `avalanche.rs`: a single-flight once-queue on tokio, judged by counting calls.

#[cfg(not(kata_skip = "avalanche::load"))]
mod load {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use ch03_async_patterns::avalanche::SingleFlight;
    use kata_support::bounded;
    use pretty_assertions::assert_eq;
    use tokio::sync::Notify;
    use tokio::task::JoinHandle;

    /// How many concurrent callers ask for the same row.
    const CALLERS: usize = 1000;
    /// Upper bound on scheduler turns while waiting for callers to queue (no sleeping).
    const MAX_TURNS: usize = 1_000_000;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .build()
            .expect("a tokio runtime")
    }

    /// A slow "database": counts its calls and answers only when the test opens the gate.
    #[derive(Clone, Default)]
    struct Database {
        calls: Arc<AtomicUsize>,
        gate: Arc<Notify>,
    }

    impl Database {
        async fn select(&self, key: &str, fail: bool) -> Result<String, String> {
            let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            self.gate.notified().await;
            if fail {
                Err(format!("query {n} for {key} failed"))
            } else {
                Ok(format!("row {key} (query {n})"))
            }
        }
    }

    /// Yields until `done()` holds, at most MAX_TURNS times, or until
    /// `ended()` says a task has already finished (a `load` that panicked at
    /// once, like an unsolved kata, must not make the test spin).
    async fn until(mut done: impl FnMut() -> bool, ended: impl Fn() -> bool) {
        for _ in 0..MAX_TURNS {
            if done() || ended() {
                return;
            }
            tokio::task::yield_now().await;
        }
        panic!("the condition never held");
    }

    /// A task's output; a task that panicked panics here with its own message.
    async fn joined<T>(task: JoinHandle<T>) -> T {
        task.await
            .unwrap_or_else(|error| std::panic::resume_unwind(error.into_panic()))
    }

    /// 1000 concurrent identical queries: the database is called once, and everyone gets its row.
    #[test]
    fn a_thousand_callers_one_query() {
        bounded(|| {
            runtime().block_on(async {
                let flight = Arc::new(SingleFlight::<String, String, String>::new());
                let db = Database::default();
                let tasks: Vec<_> = (0..CALLERS)
                    .map(|_| {
                        let (flight, db) = (flight.clone(), db.clone());
                        tokio::spawn(async move {
                            flight
                                .load("user:1".to_owned(), || async move {
                                    db.select("user:1", false).await
                                })
                                .await
                        })
                    })
                    .collect();
                let key = "user:1".to_owned();
                until(
                    || flight.waiters(&key) == CALLERS - 1,
                    || tasks.iter().any(JoinHandle::is_finished),
                )
                .await;
                db.gate.notify_one();
                let mut rows = Vec::new();
                for task in tasks {
                    rows.push(joined(task).await);
                }
                assert_eq!(db.calls.load(Ordering::SeqCst), 1);
                assert!(
                    rows.iter()
                        .all(|r| r.as_deref() == Ok("row user:1 (query 1)"))
                );
                assert_eq!(rows.len(), CALLERS);
                assert!(!flight.is_in_flight(&key));
            });
        });
    }

    /// A failure reaches every waiter, and the next call queries again.
    #[test]
    fn a_failure_reaches_everyone_then_retries() {
        bounded(|| {
            runtime().block_on(async {
                let flight = Arc::new(SingleFlight::<String, String, String>::new());
                let db = Database::default();
                let tasks: Vec<_> = (0..10)
                    .map(|_| {
                        let (flight, db) = (flight.clone(), db.clone());
                        tokio::spawn(async move {
                            flight
                                .load("k".to_owned(), || async move {
                                    db.select("k", true).await
                                })
                                .await
                        })
                    })
                    .collect();
                until(
                    || flight.waiters(&"k".to_owned()) == 9,
                    || tasks.iter().any(JoinHandle::is_finished),
                )
                .await;
                db.gate.notify_one();
                for task in tasks {
                    assert_eq!(
                        joined(task).await,
                        Err("query 1 for k failed".to_owned())
                    );
                }
                let db2 = db.clone();
                let again = tokio::spawn({
                    let flight = flight.clone();
                    async move {
                        flight
                            .load("k".to_owned(), || async move {
                                db2.select("k", false).await
                            })
                            .await
                    }
                });
                until(
                    || db.calls.load(Ordering::SeqCst) == 2,
                    || again.is_finished(),
                )
                .await;
                db.gate.notify_one();
                assert_eq!(joined(again).await, Ok("row k (query 2)".to_owned()));
            });
        });
    }

    /// A caller dropped while its query runs (a cancelled request) takes the key
    /// out of flight: a waiter runs the query itself instead of waiting for ever.
    #[test]
    fn a_cancelled_caller_does_not_strand_its_waiters() {
        bounded(|| {
            runtime().block_on(async {
                let flight = Arc::new(SingleFlight::<String, String, String>::new());
                let db = Database::default();
                let spawn = |db: Database| {
                    let flight = flight.clone();
                    tokio::spawn(async move {
                        flight
                            .load("k".to_owned(), || async move {
                                db.select("k", false).await
                            })
                            .await
                    })
                };
                let first = spawn(db.clone());
                until(
                    || db.calls.load(Ordering::SeqCst) == 1,
                    || first.is_finished(),
                )
                .await;
                if first.is_finished() {
                    // Only a `load` that returned at once gets here: show its panic.
                    drop(joined(first).await);
                    panic!("the first caller returned before its query was released");
                }
                let second = spawn(db.clone());
                until(
                    || flight.waiters(&"k".to_owned()) == 1,
                    || second.is_finished(),
                )
                .await;
                first.abort();
                assert!(first.await.expect_err("aborted").is_cancelled());
                // The waiter saw its sender dropped, went round, and now runs the query.
                until(
                    || db.calls.load(Ordering::SeqCst) == 2,
                    || second.is_finished(),
                )
                .await;
                db.gate.notify_one();
                assert_eq!(joined(second).await, Ok("row k (query 2)".to_owned()));
                assert!(!flight.is_in_flight(&"k".to_owned()));
            });
        });
    }

    /// A slow key does not hold up another key.
    #[test]
    fn different_keys_do_not_block_each_other() {
        bounded(|| {
            runtime().block_on(async {
                let flight = Arc::new(SingleFlight::<String, String, String>::new());
                let slow = Database::default();
                let stuck = tokio::spawn({
                    let (flight, slow) = (flight.clone(), slow.clone());
                    async move {
                        flight
                            .load("slow".to_owned(), || async move {
                                slow.select("slow", false).await
                            })
                            .await
                    }
                });
                until(
                    || slow.calls.load(Ordering::SeqCst) == 1,
                    || stuck.is_finished(),
                )
                .await;
                let fast = flight
                    .load("fast".to_owned(), || async {
                        Ok::<_, String>("fast row".to_owned())
                    })
                    .await;
                assert_eq!(fast, Ok("fast row".to_owned()));
                assert!(flight.is_in_flight(&"slow".to_owned()));
                slow.gate.notify_one();
                assert_eq!(joined(stuck).await, Ok("row slow (query 1)".to_owned()));
            });
        });
    }
}
