//! async/await: what JavaScript's `async` functions
//! become in Rust, and the tools around them.
//!
//! A JavaScript promise is *eager*: `new Promise(executor)` runs the executor at
//! once, and calling an `async function` runs its body up to the first `await`
//! before the call returns. A Rust future is *lazy*: an `async` block is a state
//! machine that does nothing until something polls it, and that something is an
//! executor. So Rust needs what Node has built in: an executor with a waker
//! (here `block_on`, a thread that parks until woken), and the combinators
//! JavaScript spells `Promise.all`, `Promise.race` and `setTimeout` races:
//! `join_all`, `select`, `timeout`, retry with backoff, and a limit on how many
//! tasks run at once. tokio supplies timers and tasks where a runtime is needed.
//! Book: book/src/ch03-async-patterns/async-await.md

use std::fmt;
use std::future::{Future, poll_fn};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};
use std::time::Duration;

use tokio::sync::Semaphore;

/// The waker `block_on` hands to the future it drives (provided).
///
/// Waking sets `woken` and unparks the blocked thread. The flag matters:
/// `thread::park` may return spuriously, and a wake may arrive before the
/// thread parks; the flag tells the loop whether polling again is worth it.
pub struct ThreadWaker {
    /// The thread blocked in `block_on`.
    pub thread: Thread,
    /// Set by a wake, cleared by the executor before it polls again.
    pub woken: AtomicBool,
}

impl ThreadWaker {
    /// A waker for the current thread, not woken yet.
    pub fn for_current_thread() -> Arc<ThreadWaker> {
        Arc::new(ThreadWaker {
            thread: thread::current(),
            woken: AtomicBool::new(false),
        })
    }
}

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::SeqCst);
        self.thread.unpark();
    }
}

/// Kata `async_await::block_on` — a tiny executor:
/// run one future to completion on this thread.
///
/// **Task.** Run `future` to completion on this thread and return its output,
/// sleeping — not spinning — while it is `Pending` until the [`Waker`] it was given
/// is used. Never poll without a wake.
/// **Node does.** Nothing like it: Node's event loop *is* the executor, and a
/// promise starts without being asked. In Rust nothing starts until polled.
/// **Book.** book/src/ch03-async-patterns/async-await.md#block-on
/// **Check.** `cargo xtask check chapter-3 async_await::block_on`
// ANCHOR: block_on
pub fn block_on<F: Future>(future: F) -> F::Output {
    todo!("kata async_await::block_on")
}
// ANCHOR_END: block_on

/// Kata `async_await::join_all` — `Promise.all`
/// for futures: every output, in input order.
///
/// **Task.** Return when every future has finished, with the outputs in the
/// order of `futures`. Poll each unfinished future whenever the combined future
/// is polled; keep finished outputs and never poll a finished future again.
/// **Node does.** `Promise.all`, except that a JavaScript promise is already
/// running when you pass it in, while these futures run only inside `join_all`.
/// **Book.** book/src/ch03-async-patterns/async-await.md#join-all
/// **Check.** `cargo xtask check chapter-3 async_await::join_all`
// ANCHOR: join_all
pub async fn join_all<F: Future>(futures: Vec<F>) -> Vec<F::Output> {
    todo!("kata async_await::join_all")
}
// ANCHOR_END: join_all

/// Which of two futures finished first, with its output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Either<A, B> {
    /// The first future won.
    Left(A),
    /// The second future won.
    Right(B),
}

/// Kata `async_await::select` — `Promise.race` for two futures: the first to finish
/// wins; the other is dropped.
///
/// **Task.** Poll `left`, then `right`, each time the combined future is
/// polled; return the first output as [`Either`]. When both are ready in the
/// same poll, `left` wins. Returning drops the loser, which cancels it.
/// **Node does.** `Promise.race`, but the loser of a JavaScript race keeps
/// running to the end; a dropped Rust future simply stops.
/// **Book.** book/src/ch03-async-patterns/async-await.md#select
/// **Check.** `cargo xtask check chapter-3 async_await::select`
// ANCHOR: select
pub async fn select<A: Future, B: Future>(
    left: A,
    right: B,
) -> Either<A::Output, B::Output> {
    todo!("kata async_await::select")
}
// ANCHOR_END: select

/// A future that did not finish within its time limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Elapsed {
    /// The limit that passed.
    pub limit: Duration,
}

impl fmt::Display for Elapsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "future did not finish within {:?}", self.limit)
    }
}

impl std::error::Error for Elapsed {}

/// Kata `async_await::timeout` — give a future
/// `limit` to finish, or give up (and drop it).
///
/// **Task.** The future's output as `Ok`, or `Err(Elapsed { limit })` when `limit`
/// passes first (the future is then dropped: cancelled). Built on your [`select`] and
/// tokio's timer; it must run inside a tokio runtime with time enabled.
/// **Node does.**
/// `Promise.race([work, new Promise((_, reject) => setTimeout(reject, ms))])`, or
/// `AbortSignal.timeout(ms)` for APIs that accept a signal.
/// **Book.** book/src/ch03-async-patterns/async-await.md#timeout
/// **Check.** `cargo xtask check chapter-3 async_await::timeout`
// ANCHOR: timeout
pub async fn timeout<F: Future>(
    limit: Duration,
    future: F,
) -> Result<F::Output, Elapsed> {
    todo!("kata async_await::timeout")
}
// ANCHOR_END: timeout

/// When to try again: `attempts` tries in all, waiting `first_delay`, then that times
/// `factor`, and so on, capped at `max_delay`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backoff {
    /// How many attempts in all, the first included; 0 is refused.
    pub attempts: u32,
    /// The wait before the second attempt.
    pub first_delay: Duration,
    /// How much longer each following wait is.
    pub factor: u32,
    /// No wait is longer than this.
    pub max_delay: Duration,
}

impl Backoff {
    /// Kata `async_await::delay` — how long to wait after failed attempt number
    /// `failures` (1-based).
    ///
    /// **Task.** `first_delay × factor^(failures − 1)`, but never more than
    /// `max_delay`; `failures == 0` is zero. Saturate instead of overflowing:
    /// a large `failures` gives `max_delay`, not a panic.
    /// **Node does.** Nothing built in; npm's `p-retry`/`exponential-backoff`
    /// compute the same shape.
    /// **Book.** book/src/ch03-async-patterns/async-await.md#delay
    /// **Check.** `cargo xtask check chapter-3 async_await::delay`
    // ANCHOR: delay
    pub fn delay(&self, failures: u32) -> Duration {
        todo!("kata async_await::delay")
    }
    // ANCHOR_END: delay
}

/// Why `retry` gave up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RetryError<E> {
    /// The policy allows no attempt at all.
    NoAttempts {
        /// The refused policy.
        policy: Backoff,
    },
    /// Every attempt failed.
    Exhausted {
        /// How many attempts ran.
        attempts: u32,
        /// The last attempt's error.
        last: E,
    },
}

impl<E: fmt::Display> fmt::Display for RetryError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RetryError::NoAttempts { policy } => {
                write!(f, "retry policy {policy:?} allows no attempt")
            }
            RetryError::Exhausted { attempts, last } => {
                write!(f, "gave up after {attempts} attempts: {last}")
            }
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for RetryError<E> {}

/// Kata `async_await::retry` — try `operation` up to `policy.attempts` times,
/// sleeping between tries.
///
/// **Task.** Call `operation(attempt)` with attempt numbers 1, 2, …; the first
/// `Ok` is the answer. After failure number `n`, if attempts remain, await
/// `sleep(policy.delay(n))` and try again; after the last failure return
/// `Exhausted` with the last error. No sleep after the last failure, none
/// before the first attempt. `attempts == 0` is `NoAttempts`.
/// The sleeper is a parameter so tests can count delays instead of waiting them;
/// in production it is `tokio::time::sleep`.
/// **Node does.** A loop around `await`:
/// `for (…) { try { return await op() } catch { await sleep(ms) } }`.
/// **Book.** book/src/ch03-async-patterns/async-await.md#retry
/// **Check.** `cargo xtask check chapter-3 async_await::retry`
// ANCHOR: retry
pub async fn retry<T, E, Op, Fut, Sleep, Slept>(
    policy: &Backoff,
    operation: Op,
    sleep: Sleep,
) -> Result<T, RetryError<E>>
where
    Op: FnMut(u32) -> Fut,
    Fut: Future<Output = Result<T, E>>,
    Sleep: FnMut(Duration) -> Slept,
    Slept: Future<Output = ()>,
{
    todo!("kata async_await::retry")
}
// ANCHOR_END: retry

/// Why `map_limited` refused or failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LimitError {
    /// A limit of zero would never run anything.
    ZeroLimit,
    /// The job at this index panicked.
    JobPanicked {
        /// Its position in the input.
        index: usize,
    },
}

impl fmt::Display for LimitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LimitError::ZeroLimit => {
                write!(f, "a concurrency limit of 0 runs nothing")
            }
            LimitError::JobPanicked { index } => write!(f, "job {index} panicked"),
        }
    }
}

impl std::error::Error for LimitError {}

/// Kata `async_await::map_limited` — run every job
/// as a tokio task, at most `limit` at a time.
///
/// **Task.** Run every job on the tokio runtime with at most
/// `limit` of them running at any moment, and return their outputs
/// in input order. `limit == 0` is [`LimitError::ZeroLimit`]; a job
/// that panicked is [`LimitError::JobPanicked`] with its index.
/// **Node does.** npm's `p-limit`: a queue of thunks and a running count; Node
/// itself only limits its thread pool (`UV_THREADPOOL_SIZE`, default 4).
/// **Book.** book/src/ch03-async-patterns/async-await.md#map-limited
/// **Check.** `cargo xtask check chapter-3 async_await::map_limited`
// ANCHOR: map_limited
pub async fn map_limited<T, Job, Fut>(
    limit: usize,
    jobs: Vec<Job>,
) -> Result<Vec<T>, LimitError>
where
    T: Send + 'static,
    Job: FnOnce() -> Fut + Send + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    todo!("kata async_await::map_limited")
}
// ANCHOR_END: map_limited
