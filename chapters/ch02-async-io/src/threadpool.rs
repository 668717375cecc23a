//! The thread pool (线程池): request objects
//! (请求对象) and their callbacks (执行回调).
//!
//! Beyond the model: a real pool of worker threads over real files, built the
//! way libuv builds the pool behind `fs.readFile`. The loop thread submits a
//! *request object* that carries its work and its `oncomplete`; a worker takes
//! it from the shared queue, does the blocking part, stores the result in the
//! request and posts it to the loop's *done queue*; the loop thread drains that
//! queue and calls each `oncomplete` itself, never on a worker.
//! Book: book/src/ch02-async-io/threadpool.md

use std::collections::VecDeque;
use std::fmt;
use std::io;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;

/// Workers in a pool when `UV_THREADPOOL_SIZE` is not set: libuv's default.
pub const DEFAULT_POOL_SIZE: usize = 4;

/// The most workers libuv will start, whatever `UV_THREADPOOL_SIZE` asks for
/// (it was 128 before libuv 1.30).
pub const MAX_POOL_SIZE: usize = 1024;

/// Kata `threadpool::pool_size` — how many workers `UV_THREADPOOL_SIZE` asks for.
///
/// **Task.** `value` is the variable's text, or `None` when it is not set.
/// Unset means [`DEFAULT_POOL_SIZE`]. Otherwise read the number the way C's
/// `atoi` does on Linux: skip leading whitespace, take one optional `+` or
/// `-`, then as many decimal digits as follow, and ignore the rest (`"3x"` is
/// 3, `"abc"` and `""` are 0). The digits saturate at `i64::MAX` like
/// `strtol`; the result is then cut to a 32-bit `int` and stored in an
/// `unsigned int`, so `-1` becomes 4294967295 and 4294967297 becomes 1.
/// Finally 0 becomes 1, and anything above [`MAX_POOL_SIZE`] becomes the maximum.
/// **Node does.** libuv's `init_threads` in `src/threadpool.c`:
/// `nthreads = atoi(val)`, then `0 → 1` and `> MAX_THREADPOOL_SIZE → 1024`.
/// Real Node 20 agrees with every case in the tests (see the oracle test).
/// **Book.** book/src/ch02-async-io/threadpool.md#pool-size
/// **Check.** `cargo xtask check chapter-2 threadpool::pool_size`
// ANCHOR: pool_size
pub fn pool_size(value: Option<&str>) -> usize {
    todo!("kata threadpool::pool_size")
}

// ANCHOR_END: pool_size

/// What a request's work produces: the file's bytes, or the error that stopped it.
pub type Outcome = io::Result<Vec<u8>>;

/// The blocking part of a request, run on a worker thread (libuv's `work_cb`).
pub type Work = Box<dyn FnOnce() -> Outcome + Send>;

/// The callback a request carries, run on the loop thread with the outcome
/// (Node's `req.oncomplete`, libuv's `after_work_cb`).
pub type OnComplete = Box<dyn FnOnce(Outcome) + Send>;

// ANCHOR: request
/// A request object (请求对象): one piece of blocking work and the callback
/// that wants its result.
///
/// The whole object travels: loop → queue → worker → done queue → loop.
/// That is why `oncomplete` must be `Send`, even though only the loop thread
/// may call it. (Node keeps the JavaScript function on the main thread and
/// lets only the C part of the request travel; Rust's closures can travel
/// safely, so the model keeps them together, as the notes describe.)
pub struct Request {
    /// Numbered by [`ThreadPool::submit`] in submission order, from 0.
    pub id: u64,
    /// What the request does, for errors and traces (`read /tmp/…/a.txt`).
    pub what: String,
    /// The blocking part; a worker takes it out and runs it exactly once.
    pub work: Option<Work>,
    /// Filled in by the worker (libuv's `req->result`); `None` until then.
    pub result: Option<Outcome>,
    /// Called on the loop thread with `result`, exactly once.
    pub oncomplete: OnComplete,
}
// ANCHOR_END: request

impl Request {
    /// A request running any blocking `work`, described as `what`.
    pub fn new(
        what: impl Into<String>,
        work: impl FnOnce() -> Outcome + Send + 'static,
        oncomplete: impl FnOnce(Outcome) + Send + 'static,
    ) -> Request {
        Request {
            id: 0,
            what: what.into(),
            work: Some(Box::new(work)),
            result: None,
            oncomplete: Box::new(oncomplete),
        }
    }

    /// `fs.readFile(path, oncomplete)` as one
    /// request: the worker reads the whole file.
    ///
    /// Node splits a read into four requests (open, fstat, read, close; see
    /// the poll page); one request per file keeps the pool the lesson here.
    pub fn read_file(
        path: impl Into<PathBuf>,
        oncomplete: impl FnOnce(Outcome) + Send + 'static,
    ) -> Request {
        let path = path.into();
        Request::new(
            format!("read {}", path.display()),
            move || std::fs::read(&path),
            oncomplete,
        )
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("id", &self.id)
            .field("what", &self.what)
            .field("work_done", &self.work.is_none())
            .field("result", &self.result)
            .finish_non_exhaustive()
    }
}

/// The submission queue, guarded by [`Shared::queue`] (libuv's `wq`).
#[derive(Debug, Default)]
pub struct Queue {
    /// Requests waiting for a worker, oldest first.
    pub pending: VecDeque<Request>,
    /// Set by [`ThreadPool::shutdown`]: workers finish what is queued, then exit.
    pub shutting_down: bool,
}

/// What the loop thread and every worker share: the queue behind one mutex,
/// and the condition variable idle workers sleep on (libuv's `mutex` and `cond`).
#[derive(Debug, Default)]
pub struct Shared {
    /// The submission queue; lock it only briefly, never while running work.
    pub queue: Mutex<Queue>,
    /// Signalled when a request is queued (one worker) or at shutdown (all).
    pub work_available: Condvar,
}

impl Shared {
    /// Locks the queue. A panic while the lock was held (a bug, never a
    /// request's work, which runs unlocked) leaves the queue usable: the
    /// poison is cleared rather than spread to every other thread.
    pub fn lock(&self) -> MutexGuard<'_, Queue> {
        self.queue
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Kata `threadpool::worker_loop` — the body of every worker thread.
///
/// **Task.** What each pool thread runs until shutdown: take the oldest queued
/// request, run its work *without* holding the queue's lock (other workers keep
/// taking requests), and send the request, its `result` filled in, to
/// [`done`](Shared::done). A work that panics becomes an `io::Error` naming the
/// request, and the worker goes on. A worker sleeps while the queue is empty and
/// leaves once it is empty and shutting down.
/// **Node does.** libuv's `worker()` in `src/threadpool.c`: wait on `cond`,
/// take the queue's head, call `w->work(w)` unlocked, then push the request
/// onto the loop's `wq` and `uv_async_send` to wake the loop.
/// **Book.** book/src/ch02-async-io/threadpool.md#worker-loop
/// **Check.** `cargo xtask check chapter-2 threadpool::worker_loop`
// ANCHOR: worker_loop
pub fn worker_loop(shared: &Shared, done: &Sender<Request>) {
    todo!("kata threadpool::worker_loop")
}

// ANCHOR_END: worker_loop

/// Why the pool could not do what was asked.
#[derive(Debug)]
pub enum PoolError {
    /// The operating system refused to start worker number `worker`.
    Spawn {
        /// Which worker, from 0.
        worker: usize,
        /// What the OS said.
        source: io::Error,
    },
    /// A request was submitted after [`ThreadPool::shutdown`].
    ShutDown {
        /// The refused request's `what`.
        what: String,
    },
    /// A worker thread died outside any request's work (a bug in the pool).
    WorkerPanicked {
        /// The worker thread's name (`pool-worker-2`).
        worker: String,
        /// The panic's message.
        message: String,
    },
    /// Requests are in flight but every worker has exited: they can never complete.
    WorkersGone {
        /// How many requests were still waiting for their completion.
        in_flight: usize,
    },
}

impl fmt::Display for PoolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PoolError::Spawn { worker, source } => {
                write!(f, "cannot start pool worker {worker}: {source}")
            }
            PoolError::ShutDown { what } => {
                write!(f, "cannot submit `{what}`: the pool is shut down")
            }
            PoolError::WorkerPanicked { worker, message } => {
                write!(f, "pool worker {worker} panicked: {message}")
            }
            PoolError::WorkersGone { in_flight } => write!(
                f,
                "{in_flight} request(s) in flight, but every pool worker has exited"
            ),
        }
    }
}

impl std::error::Error for PoolError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PoolError::Spawn { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// A libuv-style thread pool, owned by one thread: the *loop thread*.
///
/// Requests go in through [`submit`](ThreadPool::submit), workers run them,
/// and completions come back through [`done`](ThreadPool::done), where only
/// [`run_completions`](ThreadPool::run_completions), on the loop thread, runs them.
#[derive(Debug)]
pub struct ThreadPool {
    /// The queue and condition variable, shared with every worker.
    pub shared: Arc<Shared>,
    /// The loop's end of the done queue. Each worker holds a `Sender`; a
    /// `send` both queues the finished request and wakes a loop blocked in
    /// `recv` (libuv needs a separate `uv_async_send` for the waking part).
    pub done: Receiver<Request>,
    /// The worker threads, to join at shutdown.
    pub workers: Vec<JoinHandle<()>>,
    /// Requests submitted whose `oncomplete` has not run yet. Like libuv's
    /// count of active requests, this keeps the loop alive.
    pub in_flight: usize,
    /// The id the next submitted request gets.
    pub next_id: u64,
}

impl ThreadPool {
    /// A pool with no worker thread yet, and the sending end of its done queue.
    ///
    /// [`ThreadPool::new`] starts from this; tests use it to drive one side
    /// of the pool at a time (they play the workers themselves).
    pub fn unstarted() -> (ThreadPool, Sender<Request>) {
        let (done_tx, done_rx) = mpsc::channel();
        let pool = ThreadPool {
            shared: Arc::new(Shared::default()),
            done: done_rx,
            workers: Vec::new(),
            in_flight: 0,
            next_id: 0,
        };
        (pool, done_tx)
    }

    /// Starts `size` workers (clamped to `1..=MAX_POOL_SIZE`), named
    /// `pool-worker-0`, `pool-worker-1`…, each running [`worker_loop`].
    ///
    /// libuv starts its workers lazily, on the first request; starting them
    /// here keeps the lifetime of the threads plain to see.
    pub fn new(size: usize) -> Result<ThreadPool, PoolError> {
        let (mut pool, done_tx) = ThreadPool::unstarted();
        for worker in 0..size.clamp(1, MAX_POOL_SIZE) {
            let shared = Arc::clone(&pool.shared);
            let done = done_tx.clone();
            let handle = std::thread::Builder::new()
                .name(format!("pool-worker-{worker}"))
                .spawn(move || worker_loop(&shared, &done))
                .map_err(|source| PoolError::Spawn { worker, source })?;
            pool.workers.push(handle);
        }
        // Only the workers hold senders now: when the last one exits, the
        // loop's `recv` reports it instead of waiting forever.
        drop(done_tx);
        Ok(pool)
    }

    /// A pool sized the way libuv sizes its own: `value` is the text of
    /// `UV_THREADPOOL_SIZE`, or `None` when it is not set (see [`pool_size`]).
    pub fn from_env_value(value: Option<&str>) -> Result<ThreadPool, PoolError> {
        ThreadPool::new(pool_size(value))
    }

    /// How many worker threads the pool has.
    pub fn size(&self) -> usize {
        self.workers.len()
    }

    /// Kata `threadpool::submit` — hand a request to the pool, from the loop thread.
    ///
    /// **Task.** Queue `request` and return its id at once, never running it here —
    /// like `fs.readFile` handing work to libuv. One idle worker wakes up for it, and
    /// it counts as [`in_flight`](ThreadPool::in_flight). After shutdown began,
    /// refuse with [`PoolError::ShutDown`] naming the request's `what`.
    /// **Node does.** `uv_queue_work` / `uv__work_submit`: lock, `post()`
    /// (append to `wq`, `uv_cond_signal` when a worker is idle), unlock; the
    /// loop counts the request as active until its callback has run.
    /// **Book.** book/src/ch02-async-io/threadpool.md#submit
    /// **Check.** `cargo xtask check chapter-2 threadpool::submit`
    // ANCHOR: submit
    pub fn submit(&mut self, request: Request) -> Result<u64, PoolError> {
        todo!("kata threadpool::submit")
    }
    // ANCHOR_END: submit

    /// Kata `threadpool::run_completions` — the loop side of the done queue.
    ///
    /// **Task.** The loop's side of the pool: wait for at least one finished request
    /// (not at all when nothing is in flight), then also take those already finished,
    /// and call each one's `oncomplete` with its `result` on *this* thread, in the
    /// order they finished. Return how many ran; with requests in flight but no
    /// worker left, [`PoolError::WorkersGone`].
    /// **Node does.** `uv__work_done` in `src/threadpool.c`, run by the loop
    /// when the pool's async handle fires during poll: it swaps out the
    /// loop's whole `wq` under the lock and calls each `after_work_cb`, which
    /// for `fs` ends in `req.oncomplete` in JavaScript.
    /// **Book.** book/src/ch02-async-io/threadpool.md#run-completions
    /// **Check.** `cargo xtask check chapter-2 threadpool::run_completions`
    // ANCHOR: run_completions
    pub fn run_completions(&mut self) -> Result<usize, PoolError> {
        todo!("kata threadpool::run_completions")
    }
    // ANCHOR_END: run_completions

    /// Runs completions until nothing is in flight; returns how many ran.
    ///
    /// This is the loop of a program whose only work is the pool: libuv's
    /// `uv_run` returns when no request is active any more.
    pub fn run(&mut self) -> Result<usize, PoolError> {
        let mut ran = 0;
        while self.in_flight > 0 {
            ran += self.run_completions()?;
        }
        Ok(ran)
    }

    /// Kata `threadpool::shutdown` — stop the workers without losing a request.
    ///
    /// **Task.** Stop the pool: workers finish the requests already
    /// queued, then exit, and are all joined — a worker that
    /// panicked is [`PoolError::WorkerPanicked`] with its thread
    /// name, reported after the others are joined. Every request
    /// submitted before the shutdown has had its `oncomplete` called
    /// on this thread when it returns, and their count is returned.
    /// **Node does.** libuv's `uv_library_shutdown` posts an exit message to
    /// the queue and joins every worker (`threadpool.c`, `cleanup`); queued
    /// work ahead of the message still runs.
    /// **Book.** book/src/ch02-async-io/threadpool.md#shutdown
    /// **Check.** `cargo xtask check chapter-2 threadpool::shutdown`
    // ANCHOR: shutdown
    pub fn shutdown(&mut self) -> Result<usize, PoolError> {
        todo!("kata threadpool::shutdown")
    }
    // ANCHOR_END: shutdown
}

impl Drop for ThreadPool {
    /// Tells the workers to finish and exit, without waiting for them: a
    /// drop must never hang, so joining is [`ThreadPool::shutdown`]'s job.
    fn drop(&mut self) {
        self.shared.lock().shutting_down = true;
        self.shared.work_available.notify_all();
    }
}
