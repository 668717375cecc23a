//! Katas of `async_await.rs`: lazy futures, a tiny executor and the combinators, judged by counting.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Upper bound on yields while waiting for a condition (never a sleep).
const MAX_TURNS: usize = 100_000;

/// A current-thread tokio runtime whose clock is paused: timers complete by
/// auto-advancing virtual time the moment every task is idle.
fn paused_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .expect("a tokio runtime")
}

/// Increments on creation and decrements on drop: counts live futures.
struct Live(Arc<AtomicUsize>);

impl Live {
    fn new(count: &Arc<AtomicUsize>) -> Live {
        count.fetch_add(1, Ordering::SeqCst);
        Live(count.clone())
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(not(kata_skip = "async_await::block_on"))]
mod block_on {
    use std::future::Future;
    use std::pin::Pin;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};
    use std::task::{Context, Poll, Waker};

    use ch03_async_patterns::async_await::block_on;
    use kata_support::bounded;
    use kata_support::oracle::{self, NodeVersion};
    use pretty_assertions::assert_eq;

    use crate::katas::CHAPTER;

    /// A future that is pending until another thread wakes it; it counts its polls.
    struct WokenFromAnotherThread {
        polls: Arc<AtomicUsize>,
        waker: Arc<Mutex<Option<Waker>>>,
        ready: Arc<std::sync::atomic::AtomicBool>,
    }

    impl Future for WokenFromAnotherThread {
        type Output = &'static str;
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<&'static str> {
            self.polls.fetch_add(1, Ordering::SeqCst);
            assert!(
                !cx.waker().will_wake(Waker::noop()),
                "block_on must pass a real waker"
            );
            if self.ready.load(Ordering::SeqCst) {
                return Poll::Ready("done");
            }
            *self.waker.lock().expect("waker slot") = Some(cx.waker().clone());
            Poll::Pending
        }
    }

    /// Pending, woken once from another thread: polled exactly twice, no busy loop.
    #[test]
    fn polls_again_only_when_woken() {
        bounded(|| {
            let polls = Arc::new(AtomicUsize::new(0));
            let waker: Arc<Mutex<Option<Waker>>> = Arc::default();
            let ready = Arc::new(std::sync::atomic::AtomicBool::new(false));
            let waker_thread = {
                let (waker, ready) = (waker.clone(), ready.clone());
                std::thread::spawn(move || {
                    // Wait (by yielding, bounded) until the executor has registered its waker.
                    let registered = loop {
                        if let Some(w) = waker.lock().expect("waker slot").take() {
                            break w;
                        }
                        std::thread::yield_now();
                    };
                    ready.store(true, Ordering::SeqCst);
                    registered.wake();
                })
            };
            let output = block_on(WokenFromAnotherThread {
                polls: polls.clone(),
                waker,
                ready,
            });
            waker_thread.join().expect("waker thread");
            assert_eq!(
                named!(output: output, polls: polls.load(Ordering::SeqCst)),
                named!(output: "done", polls: 2)
            );
        });
    }

    /// async blocks and `.await` inside work; the output comes back.
    #[test]
    fn runs_nested_awaits() {
        bounded(|| {
            async fn double(n: u32) -> u32 {
                n * 2
            }
            let out = block_on(async { double(double(5).await).await + 1 });
            assert_eq!(out, 21);
        });
    }

    /// Rust futures are lazy where JavaScript is eager: the same steps, opposite order (real Node 20).
    #[test]
    fn lazy_where_node_is_eager() {
        let rust = bounded(|| {
            let order = Arc::new(Mutex::new(Vec::<&str>::new()));
            let body = {
                let order = order.clone();
                async move {
                    order.lock().expect("order").push("body runs");
                    std::future::ready(()).await;
                    order.lock().expect("order").push("body resumes");
                }
            };
            order.lock().expect("order").push("after the call");
            block_on(body);
            order.lock().expect("order").push("awaited");
            // Edition 2024 drops the guard of a tail expression before `order` itself.
            order.lock().expect("order").clone()
        });
        assert_eq!(
            rust,
            ["after the call", "body runs", "body resumes", "awaited"]
        );
        let script = kata_support::chapter_file(CHAPTER, "tests/oracle/eager.js");
        let input = std::fs::read_to_string(&script).expect("reading eager.js");
        let observed = oracle::recorded(
            CHAPTER,
            "async_await/eager",
            NodeVersion::V20,
            &input,
            1,
            |node| oracle::run_once(node, &script),
        );
        let (outcome, _) = observed.outcomes.iter().next().expect("one run");
        assert_eq!(
            outcome.lines,
            ["body runs", "after the call", "body resumes", "awaited"],
            "node 20 runs the body during the call"
        );
    }
}

#[cfg(not(kata_skip = "async_await::join_all"))]
mod join_all {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use ch03_async_patterns::async_await::join_all;
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    use crate::katas::async_await::paused_runtime;

    /// Outputs in input order, even when the futures finish in reverse order.
    #[test]
    fn outputs_in_input_order() {
        bounded(|| {
            paused_runtime().block_on(async {
                let finished = Arc::new(AtomicUsize::new(0));
                let futures: Vec<_> = (0..5u64)
                    .map(|i| {
                        let finished = finished.clone();
                        async move {
                            // Later inputs finish first (virtual time; the clock is paused).
                            tokio::time::sleep(std::time::Duration::from_secs(
                                10 - i,
                            ))
                            .await;
                            (i, finished.fetch_add(1, Ordering::SeqCst))
                        }
                    })
                    .collect();
                let out = join_all(futures).await;
                assert_eq!(out, [(0, 4), (1, 3), (2, 2), (3, 1), (4, 0)]);
            });
        });
    }

    /// All run concurrently: five 1-second waits take one virtual second, not five.
    #[test]
    fn runs_them_concurrently() {
        bounded(|| {
            paused_runtime().block_on(async {
                let start = tokio::time::Instant::now();
                let futures: Vec<_> = (0..5)
                    .map(|_| tokio::time::sleep(std::time::Duration::from_secs(1)))
                    .collect();
                let out = join_all(futures).await;
                assert_eq!(
                    named!(outputs: out.len(), elapsed_secs: start.elapsed().as_secs()),
                    named!(outputs: 5, elapsed_secs: 1)
                );
            });
        });
    }

    /// No futures: an empty vector at once.
    #[test]
    fn empty_is_empty() {
        bounded(|| {
            let out = ch03_async_patterns::async_await::block_on(join_all(Vec::<
                std::future::Ready<u8>,
            >::new(
            )));
            assert_eq!(out, Vec::<u8>::new());
        });
    }
}

#[cfg(not(kata_skip = "async_await::select"))]
mod select {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use ch03_async_patterns::async_await::{Either, select};
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    use crate::katas::async_await::{Live, paused_runtime};

    /// The first to finish wins; the loser is dropped (cancelled) when select returns.
    fn first_wins_loser_dropped(
        left_secs: u64,
        right_secs: u64,
        expected: Either<&'static str, &'static str>,
    ) {
        bounded(move || {
            paused_runtime().block_on(async move {
                let live = Arc::new(AtomicUsize::new(0));
                let (l, r) = (Live::new(&live), Live::new(&live));
                let left = async move {
                    let _alive = l;
                    tokio::time::sleep(Duration::from_secs(left_secs)).await;
                    "left"
                };
                let right = async move {
                    let _alive = r;
                    tokio::time::sleep(Duration::from_secs(right_secs)).await;
                    "right"
                };
                let start = tokio::time::Instant::now();
                let winner = select(left, right).await;
                assert_eq!(
                    named!(
                        winner: winner,
                        live: live.load(Ordering::SeqCst),
                        elapsed_secs: start.elapsed().as_secs(),
                    ),
                    named!(
                        winner: expected,
                        live: 0,
                        elapsed_secs: left_secs.min(right_secs),
                    )
                );
            });
        });
    }
    cases!(first_wins_loser_dropped {
        left_faster: (1, 2, Either::Left("left")),
        right_faster: (3, 1, Either::Right("right")),
        tie_goes_left: (2, 2, Either::Left("left")),
    });
}

#[cfg(not(kata_skip = "async_await::timeout"))]
mod timeout {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use ch03_async_patterns::async_await::{Elapsed, timeout};
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    use crate::katas::async_await::{Live, paused_runtime};

    /// In time: `Ok`; too slow: `Err(Elapsed)` at exactly the limit (virtual clock), the work dropped.
    fn gives_up_at_the_limit(
        work_secs: u64,
        limit_secs: u64,
        expected: Result<u32, Elapsed>,
        elapsed_secs: u64,
    ) {
        bounded(move || {
            paused_runtime().block_on(async move {
                let live = Arc::new(AtomicUsize::new(0));
                let guard = Live::new(&live);
                let work = async move {
                    let _alive = guard;
                    tokio::time::sleep(Duration::from_secs(work_secs)).await;
                    7
                };
                let start = tokio::time::Instant::now();
                let result = timeout(Duration::from_secs(limit_secs), work).await;
                assert_eq!(
                    named!(
                        result: result,
                        elapsed_secs: start.elapsed().as_secs(),
                        live: live.load(Ordering::SeqCst),
                    ),
                    named!(result: expected, elapsed_secs: elapsed_secs, live: 0)
                );
            });
        });
    }
    cases!(gives_up_at_the_limit {
        in_time: (2, 5, Ok(7), 2),
        too_slow: (
            9,
            5,
            Err(Elapsed {
                limit: Duration::from_secs(5)
            }),
            5
        ),
    });

    /// The error names the limit.
    #[test]
    fn error_names_the_limit() {
        bounded(|| {
            paused_runtime().block_on(async {
                let result =
                    timeout(Duration::from_millis(250), std::future::pending::<()>())
                        .await;
                let message = result.expect_err("never finishes").to_string();
                assert_eq!(message, "future did not finish within 250ms");
            });
        });
    }
}

#[cfg(not(kata_skip = "async_await::delay"))]
mod delay {
    use std::time::Duration;

    use ch03_async_patterns::async_await::Backoff;
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    fn policy(factor: u32) -> Backoff {
        Backoff {
            attempts: 10,
            first_delay: Duration::from_millis(100),
            factor,
            max_delay: Duration::from_secs(1),
        }
    }

    /// 100 ms, doubled each time, capped at 1 s; no overflow for huge failure counts.
    fn grows_and_caps(factor: u32, millis: &'static [u64]) {
        bounded(move || {
            let backoff = policy(factor);
            let delays: Vec<u64> = (0..millis.len() as u32)
                .map(|n| backoff.delay(n).as_millis() as u64)
                .collect();
            assert_eq!(delays, millis);
            let capped =
                Duration::from_millis(*millis.last().expect("a case lists delays"));
            assert_eq!(backoff.delay(u32::MAX), capped);
        });
    }
    cases!(grows_and_caps {
        doubling: (2, &[0, 100, 200, 400, 800, 1000, 1000]),
        constant: (1, &[0, 100, 100, 100, 100, 100, 100]),
        tenfold: (10, &[0, 100, 1000, 1000, 1000, 1000, 1000]),
    });
}

#[cfg(not(kata_skip = "async_await::retry"))]
mod retry {
    use std::cell::RefCell;
    use std::rc::Rc;
    use std::time::Duration;

    use ch03_async_patterns::async_await::{Backoff, RetryError, block_on, retry};
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    use crate::katas::async_await::paused_runtime;

    fn policy(attempts: u32) -> Backoff {
        Backoff {
            attempts,
            first_delay: Duration::from_millis(100),
            factor: 2,
            max_delay: Duration::from_secs(1),
        }
    }

    /// Counts attempts and the delays asked for (an injected sleeper: nothing waits).
    fn attempts_and_delays(
        attempts: u32,
        failures: u32,
        expected: Result<&'static str, RetryError<String>>,
        tried: &'static [u32],
        slept_ms: &'static [u64],
    ) {
        bounded(move || {
            let calls: Rc<RefCell<Vec<u32>>> = Rc::default();
            let slept: Rc<RefCell<Vec<u64>>> = Rc::default();
            let result = block_on(retry(
                &policy(attempts),
                |attempt| {
                    calls.borrow_mut().push(attempt);
                    async move {
                        if attempt <= failures {
                            Err(format!("fail {attempt}"))
                        } else {
                            Ok(if attempt == 1 { "ok on 1" } else { "ok on 3" })
                        }
                    }
                },
                |delay| {
                    slept.borrow_mut().push(delay.as_millis() as u64);
                    std::future::ready(())
                },
            ));
            assert_eq!(result, expected);
            assert_eq!(*calls.borrow(), tried);
            assert_eq!(*slept.borrow(), slept_ms);
        });
    }
    cases!(attempts_and_delays {
        first_try: (3, 0, Ok("ok on 1"), &[1], &[]),
        third_try: (3, 2, Ok("ok on 3"), &[1, 2, 3], &[100, 200]),
        exhausted: (
            3,
            5,
            Err(RetryError::Exhausted {
                attempts: 3,
                last: "fail 3".to_owned()
            }),
            &[1, 2, 3],
            &[100, 200]
        ),
        one_attempt_no_sleep: (
            1,
            5,
            Err(RetryError::Exhausted {
                attempts: 1,
                last: "fail 1".to_owned()
            }),
            &[1],
            &[]
        ),
        zero_attempts: (
            0,
            0,
            Err(RetryError::NoAttempts { policy: policy(0) }),
            &[],
            &[]
        ),
    });

    /// With tokio's sleep on the paused clock: five failures cost 100+200+400+800 ms of virtual time.
    #[test]
    fn real_sleeps_on_the_paused_clock() {
        bounded(|| {
            paused_runtime().block_on(async {
                let start = tokio::time::Instant::now();
                let result: Result<(), _> = retry(
                    &policy(5),
                    |attempt| async move { Err::<(), _>(format!("fail {attempt}")) },
                    tokio::time::sleep,
                )
                .await;
                assert_eq!(
                    named!(result: result, elapsed: start.elapsed()),
                    named!(result: Err::<(), _>(RetryError::Exhausted {
                            attempts: 5,
                            last: "fail 5".to_owned()
                        }), elapsed: Duration::from_millis(1500))
                );
            });
        });
    }
}

#[cfg(not(kata_skip = "async_await::map_limited"))]
mod map_limited {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use ch03_async_patterns::async_await::{LimitError, map_limited};
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    use crate::katas::async_await::MAX_TURNS;

    #[derive(Default)]
    struct Counters {
        in_flight: AtomicUsize,
        most: AtomicUsize,
        finished: AtomicUsize,
    }

    /// At most K jobs in flight, and K reached: each job waits (by yielding) until K are
    /// running or every job not yet finished is running; outputs come back in input order.
    fn at_most_k_in_flight(limit: usize, jobs: usize) {
        bounded(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .build()
                .expect("a tokio runtime");
            runtime.block_on(async move {
                let counters = Arc::new(Counters::default());
                let work: Vec<_> = (0..jobs)
                    .map(|i| {
                        let c = counters.clone();
                        move || async move {
                            let now = c.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                            c.most.fetch_max(now, Ordering::SeqCst);
                            let mut turns = 0;
                            loop {
                                let running = c.in_flight.load(Ordering::SeqCst);
                                let left = jobs - c.finished.load(Ordering::SeqCst);
                                if running == limit.min(left) {
                                    break;
                                }
                                turns += 1;
                                assert!(
                                    turns < MAX_TURNS,
                                    "{running} running, {left} left"
                                );
                                tokio::task::yield_now().await;
                            }
                            c.in_flight.fetch_sub(1, Ordering::SeqCst);
                            c.finished.fetch_add(1, Ordering::SeqCst);
                            i * 10
                        }
                    })
                    .collect();
                let out = map_limited(limit, work).await;
                let expected: Vec<usize> = (0..jobs).map(|i| i * 10).collect();
                assert_eq!(out, Ok(expected));
                assert_eq!(
                    counters.most.load(Ordering::SeqCst),
                    limit.min(jobs),
                    "the most jobs ever in flight"
                );
            });
        });
    }
    cases!(at_most_k_in_flight {
        three_of_twenty: (3, 20),
        one_at_a_time: (1, 5),
        limit_above_jobs: (8, 5),
    });

    /// A limit of 0 is refused; a panicking job is reported by index.
    #[test]
    fn zero_limit_and_panics_are_errors() {
        bounded(|| {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .build()
                .expect("a tokio runtime");
            runtime.block_on(async {
                let none: Vec<fn() -> std::future::Ready<u8>> = vec![];
                assert_eq!(map_limited(0, none).await, Err(LimitError::ZeroLimit));
                let jobs: Vec<Box<dyn FnOnce() -> std::future::Ready<u8> + Send>> = vec![
                    Box::new(|| std::future::ready(1)),
                    Box::new(|| panic!("job 1 fails on purpose")),
                ];
                assert_eq!(
                    map_limited(2, jobs).await,
                    Err(LimitError::JobPanicked { index: 1 })
                );
            });
        });
    }
}
