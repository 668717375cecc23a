//! Katas of `threadpool.rs`: a libuv-style pool of real threads over real files.
//!
//! Every test judges by counting, never by timing: how many requests were
//! inside their work at once, which thread ran a callback, how often each
//! callback ran. Where a test must wait for other threads, it waits on a
//! condition variable and gives up with a clear message after a deadline.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use ch02_async_io::threadpool::{Request, Shared, ThreadPool};

/// How long a test waits for other threads before calling the pool stuck.
const PATIENCE: Duration = Duration::from_secs(5);

/// Writes `count` small files named `0.txt`, `1.txt`… into `dir`.
fn write_files(dir: &Path, count: usize) -> Vec<PathBuf> {
    (0..count)
        .map(|i| {
            let path = dir.join(format!("{i}.txt"));
            std::fs::write(&path, contents(i)).expect("writing a test file");
            path
        })
        .collect()
}

/// What `write_files` puts in file `i`.
fn contents(i: usize) -> Vec<u8> {
    format!("file {i}\n").into_bytes()
}

/// A fresh temporary directory for one test.
fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("creating a temp dir")
}

/// Queues a request the way `submit` would, for tests that play the loop side
/// themselves: push, then wake every worker.
fn enqueue(shared: &Shared, mut request: Request, id: u64) {
    request.id = id;
    shared.lock().pending.push_back(request);
    shared.work_available.notify_all();
}

/// Panics with `why` if a worker thread of `pool` has already exited:
/// a stub's `todo!()` or a worker that returned too early.
#[track_caller]
fn assert_workers_alive(pool: &ThreadPool, why: &str) {
    assert!(
        pool.workers.iter().all(|w| !w.is_finished()),
        "a pool worker exited early ({why}); did worker_loop panic or return?"
    );
}

/// Counts requests inside their work, records the most seen at once, and
/// holds them at a gate the test opens.
#[derive(Default)]
struct Gate {
    state: Mutex<GateState>,
    changed: Condvar,
}

#[derive(Default)]
struct GateState {
    /// Requests inside their work right now.
    inside: usize,
    /// The most that were ever inside at once: the high-water mark.
    high_water: usize,
    /// Requests that have entered their work so far.
    entered: usize,
    /// Whether works may leave.
    open: bool,
}

impl Gate {
    /// The body of a gated work: enter, wait for the gate, leave.
    fn pass(&self) {
        let mut state = self.state.lock().expect("gate lock");
        state.inside += 1;
        state.entered += 1;
        state.high_water = state.high_water.max(state.inside);
        self.changed.notify_all();
        while !state.open {
            state = self.changed.wait(state).expect("gate lock");
        }
        state.inside -= 1;
        self.changed.notify_all();
    }

    /// Waits until `entered` reaches `count`, checking that the workers live.
    #[track_caller]
    fn wait_for_entered(&self, count: usize, pool: &ThreadPool) {
        let deadline = Instant::now() + PATIENCE;
        let mut state = self.state.lock().expect("gate lock");
        while state.entered < count {
            assert_workers_alive(pool, "waiting for requests to start");
            assert!(
                Instant::now() < deadline,
                "only {} of {count} requests started while the first ones were still \
                 running: does a worker hold the queue lock while it works?",
                state.entered
            );
            state = self
                .changed
                .wait_timeout(state, Duration::from_millis(20))
                .expect("gate lock")
                .0;
        }
    }

    /// Lets every work through, now and later.
    fn open(&self) {
        self.state.lock().expect("gate lock").open = true;
        self.changed.notify_all();
    }

    /// The high-water mark.
    fn high_water(&self) -> usize {
        self.state.lock().expect("gate lock").high_water
    }
}

/// A request whose work passes `gate`, then reports success.
fn gated(gate: &Arc<Gate>, i: usize) -> Request {
    let gate = Arc::clone(gate);
    Request::new(
        format!("gated {i}"),
        move || {
            gate.pass();
            Ok(contents(i))
        },
        |_| {},
    )
}

#[cfg(not(kata_skip = "threadpool::pool_size"))]
mod pool_size {
    use ch02_async_io::threadpool::{
        DEFAULT_POOL_SIZE, MAX_POOL_SIZE, ThreadPool, pool_size,
    };
    use kata_support::bounded;
    use kata_support::cases;
    use kata_support::oracle::{self, NodeVersion, Outcome};
    use pretty_assertions::assert_eq;

    /// Unset means libuv's default, four workers.
    #[test]
    fn unset_means_four() {
        bounded(|| assert_eq!(pool_size(None), DEFAULT_POOL_SIZE));
    }

    /// `UV_THREADPOOL_SIZE` is read with C's `atoi`, then clamped to 1..=1024.
    fn reads_like_atoi(value: &'static str, expected: usize) {
        bounded(move || assert_eq!(pool_size(Some(value)), expected, "{value:?}"));
    }
    cases!(reads_like_atoi {
        plain: ("8", 8),
        one: ("1", 1),
        zero_means_one: ("0", 1),
        empty_means_one: ("", 1),
        not_a_number_means_one: ("abc", 1),
        hex_is_not_read: ("0x10", 1),
        exponent_is_not_read: ("1e3", 1),
        trailing_text_is_ignored: ("3x", 3),
        leading_space_is_skipped: (" \t7", 7),
        plus_sign: ("+5", 5),
        minus_zero: ("-0", 1),
        max_is_kept: ("1024", MAX_POOL_SIZE),
        above_max_is_clamped: ("1025", MAX_POOL_SIZE),
        minus_one_wraps_to_max: ("-1", MAX_POOL_SIZE),
        int_overflow_keeps_low_bits: ("4294967297", 1),
        int_overflow_to_zero: ("4294967296", 1),
        int_overflow_to_two: ("4294967298", 2),
        long_overflow_saturates: ("99999999999999999999999", MAX_POOL_SIZE),
    });

    /// What real Node 20 printed for each `UV_THREADPOOL_SIZE`, from the recording.
    const POOL_SCRIPT: &str = "const fs = require('fs');\n\
         const before = fs.readdirSync('/proc/self/task').length;\n\
         fs.readFile(__filename, () => {\n\
         \x20 console.log(fs.readdirSync('/proc/self/task').length - before);\n\
         });\n";

    /// The values tried; `None` leaves the variable unset.
    const POOL_VALUES: [Option<&str>; 8] = [
        None,
        Some("1"),
        Some("0"),
        Some("3x"),
        Some("abc"),
        Some("-1"),
        Some("4294967298"),
        Some("2000"),
    ];

    /// One run of real Node per value: a line `<value> <threads started>` each
    /// (Linux: Node counts its own threads in /proc/self/task).
    fn count_pool_threads(node: &std::path::Path) -> std::io::Result<Outcome> {
        let dir = super::tempdir();
        let script = dir.path().join("count_pool.js");
        std::fs::write(&script, POOL_SCRIPT)?;
        let mut lines = Vec::new();
        let mut success = true;
        for value in POOL_VALUES {
            let mut command = std::process::Command::new(node);
            command.arg(&script).env_remove("NODE_OPTIONS");
            match value {
                Some(text) => command.env("UV_THREADPOOL_SIZE", text),
                None => command.env_remove("UV_THREADPOOL_SIZE"),
            };
            let output = command.output()?;
            success &= output.status.success();
            let printed = String::from_utf8_lossy(&output.stdout);
            lines.push(format!("{value:?} {}", printed.trim()));
        }
        Ok(Outcome { lines, success })
    }

    /// Real Node 20 starts as many pool threads as the model predicts.
    #[test]
    fn agrees_with_real_node() {
        bounded(|| {
            let input = format!("{POOL_SCRIPT}\nUV_THREADPOOL_SIZE: {POOL_VALUES:?}");
            let observed = oracle::recorded(
                crate::katas::CHAPTER,
                "pool_size/threads_started",
                NodeVersion::V20,
                &input,
                1,
                count_pool_threads,
            );
            assert!(
                !observed.is_racy(),
                "real Node's thread counts varied:\n{observed}"
            );
            let real = observed.outcomes.keys().next().expect("at least one run");
            assert!(
                real.success,
                "real Node failed counting its threads:\n{observed}"
            );
            assert_eq!(real.lines.len(), POOL_VALUES.len(), "one line per value");
            for (value, line) in POOL_VALUES.into_iter().zip(&real.lines) {
                let printed =
                    line.strip_prefix(&format!("{value:?} ")).unwrap_or(line);
                let started: usize = printed.parse().unwrap_or_else(|_| {
                    panic!(
                        "node printed {printed:?} for UV_THREADPOOL_SIZE={value:?}"
                    )
                });
                assert_eq!(
                    pool_size(value),
                    started,
                    "UV_THREADPOOL_SIZE={value:?}: real Node started {started} pool threads"
                );
            }
        });
    }

    /// `from_env_value` sizes the pool with `pool_size`.
    #[test]
    fn sizes_a_pool_from_the_variable() {
        bounded(|| {
            let unset = ThreadPool::from_env_value(None).expect("starting a pool");
            assert_eq!(unset.size(), DEFAULT_POOL_SIZE);
            let two = ThreadPool::from_env_value(Some("2")).expect("starting a pool");
            assert_eq!(two.size(), 2);
        });
    }

    /// Provided: `ThreadPool::new` clamps the worker count to 1..=1024 and names each worker.
    #[test]
    fn given_new_clamps_and_names_workers() {
        bounded(|| {
            let pool = ThreadPool::new(0).expect("starting a pool");
            assert_eq!(pool.size(), 1);
            let names: Vec<Option<&str>> =
                pool.workers.iter().map(|w| w.thread().name()).collect();
            assert_eq!(names, [Some("pool-worker-0")]);
        });
    }
}

#[cfg(not(kata_skip = "threadpool::worker_loop"))]
mod worker_loop {
    use std::io;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex, mpsc};
    use std::thread::{self, ThreadId};

    use ch02_async_io::threadpool::{Request, Shared, ThreadPool};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    use super::{
        Gate, PATIENCE, assert_workers_alive, contents, enqueue, gated, tempdir,
        write_files,
    };

    /// Receives the next finished request, failing clearly when none comes.
    #[track_caller]
    fn next_done(done: &mpsc::Receiver<Request>) -> Request {
        done.recv_timeout(PATIENCE)
            .expect("no finished request was posted to the done queue")
    }

    /// A worker runs the work, stores the result in the request and posts it back.
    #[test]
    fn runs_the_work_and_posts_the_result() {
        bounded(|| {
            let dir = tempdir();
            let paths = write_files(dir.path(), 1);
            let shared = Arc::new(Shared::default());
            let (done_tx, done) = mpsc::channel();
            enqueue(&shared, Request::read_file(&paths[0], |_| {}), 7);
            let worker = {
                let shared = Arc::clone(&shared);
                thread::spawn(move || {
                    ch02_async_io::threadpool::worker_loop(&shared, &done_tx)
                })
            };
            let request = next_done(&done);
            assert_eq!(request.id, 7);
            assert!(request.work.is_none(), "the work was taken out and run");
            assert_eq!(
                request.result.expect("the worker stores the result").ok(),
                Some(contents(0))
            );
            shared.lock().shutting_down = true;
            shared.work_available.notify_all();
            worker.join().expect("the worker exits cleanly");
        });
    }

    /// The worker never calls `oncomplete`: that is the loop thread's job.
    #[test]
    fn never_calls_oncomplete() {
        bounded(|| {
            let dir = tempdir();
            let paths = write_files(dir.path(), 3);
            let pool = ThreadPool::new(2).expect("starting a pool");
            let called = Arc::new(AtomicUsize::new(0));
            for (id, path) in (0..).zip(&paths) {
                let called = Arc::clone(&called);
                let request = Request::read_file(path, move |_| {
                    called.fetch_add(1, Ordering::SeqCst);
                });
                enqueue(&pool.shared, request, id);
            }
            for _ in &paths {
                assert_workers_alive(&pool, "waiting for finished requests");
                let request = next_done(&pool.done);
                assert!(request.result.is_some(), "{request:?} has its result");
            }
            assert_eq!(called.load(Ordering::SeqCst), 0);
        });
    }

    /// A read that fails is posted with its error, not dropped.
    #[test]
    fn posts_a_failed_read_with_its_error() {
        bounded(|| {
            let dir = tempdir();
            let missing = dir.path().join("missing.txt");
            let pool = ThreadPool::new(1).expect("starting a pool");
            enqueue(&pool.shared, Request::read_file(&missing, |_| {}), 0);
            assert_workers_alive(&pool, "before the read");
            let request = next_done(&pool.done);
            let error = request
                .result
                .expect("the worker stores the result")
                .expect_err("the file does not exist");
            assert_eq!(error.kind(), io::ErrorKind::NotFound);
        });
    }

    /// A work that panics becomes an error naming the request, and the worker serves on.
    #[test]
    fn survives_a_panicking_work() {
        bounded(|| {
            let pool = ThreadPool::new(1).expect("starting a pool");
            let boom = Request::new(
                "explode",
                || -> io::Result<Vec<u8>> { panic!("work exploded") },
                |_| {},
            );
            enqueue(&pool.shared, boom, 0);
            enqueue(
                &pool.shared,
                Request::new("after", || Ok(b"fine".to_vec()), |_| {}),
                1,
            );
            let first = next_done(&pool.done);
            let error = first
                .result
                .expect("the worker stores the result")
                .expect_err("the work panicked");
            assert_eq!(error.kind(), io::ErrorKind::Other);
            let message = error.to_string();
            assert!(
                message.contains("explode") && message.contains("work exploded"),
                "the error names the request and the panic: {message}"
            );
            let second = next_done(&pool.done);
            assert_eq!(
                second.result.expect("a result").ok(),
                Some(b"fine".to_vec())
            );
            assert_workers_alive(&pool, "after a panicking work");
        });
    }

    /// Workers take requests in queue order, on their own threads, not the caller's.
    #[test]
    fn runs_work_on_worker_threads() {
        bounded(|| {
            let pool = ThreadPool::new(3).expect("starting a pool");
            let seen: Arc<Mutex<Vec<ThreadId>>> = Arc::default();
            for id in 0..6 {
                let seen = Arc::clone(&seen);
                let request = Request::new(
                    format!("where {id}"),
                    move || {
                        seen.lock().expect("lock").push(thread::current().id());
                        Ok(Vec::new())
                    },
                    |_| {},
                );
                enqueue(&pool.shared, request, id);
            }
            for _ in 0..6 {
                assert_workers_alive(&pool, "waiting for finished requests");
                next_done(&pool.done);
            }
            let workers: Vec<ThreadId> =
                pool.workers.iter().map(|w| w.thread().id()).collect();
            let seen = seen.lock().expect("lock");
            assert_eq!(seen.len(), 6);
            assert!(
                seen.iter().all(|id| workers.contains(id)),
                "every work ran on one of the pool's workers"
            );
        });
    }

    /// N workers run N requests at once, never more: the rest wait in the queue.
    #[test]
    fn at_most_n_requests_in_flight() {
        bounded(|| {
            const WORKERS: usize = 3;
            const REQUESTS: usize = 10;
            let pool = ThreadPool::new(WORKERS).expect("starting a pool");
            let gate = Arc::new(Gate::default());
            for i in 0..REQUESTS {
                enqueue(&pool.shared, gated(&gate, i), i as u64);
            }
            // All three workers are held at the gate: the queue keeps the others.
            gate.wait_for_entered(WORKERS, &pool);
            assert_eq!(pool.shared.lock().pending.len(), REQUESTS - WORKERS);
            assert_eq!(gate.high_water(), WORKERS);
            gate.open();
            let mut finished: Vec<u64> =
                (0..REQUESTS).map(|_| next_done(&pool.done).id).collect();
            finished.sort_unstable();
            assert_eq!(finished, (0..REQUESTS as u64).collect::<Vec<_>>());
            assert_eq!(gate.high_water(), WORKERS, "never more than N at once");
        });
    }

    /// An idle worker sleeps on the condvar and wakes for a request queued later.
    #[test]
    fn waits_for_work_when_the_queue_is_empty() {
        bounded(|| {
            let shared = Arc::new(Shared::default());
            let (done_tx, done) = mpsc::channel();
            let worker = {
                let shared = Arc::clone(&shared);
                thread::spawn(move || {
                    ch02_async_io::threadpool::worker_loop(&shared, &done_tx)
                })
            };
            // Queue nothing yet: a worker that returns on an empty queue drops
            // its sender, and the receive below reports it.
            let early = done.recv_timeout(std::time::Duration::from_millis(50));
            assert!(
                matches!(early, Err(mpsc::RecvTimeoutError::Timeout)),
                "the worker must wait for work, not exit: {early:?}"
            );
            enqueue(
                &shared,
                Request::new("late", || Ok(b"late".to_vec()), |_| {}),
                0,
            );
            let request = next_done(&done);
            assert_eq!(
                request.result.expect("a result").ok(),
                Some(b"late".to_vec())
            );
            shared.lock().shutting_down = true;
            shared.work_available.notify_all();
            worker.join().expect("the worker exits cleanly");
        });
    }

    /// At shutdown a worker first finishes every queued request, then returns.
    #[test]
    fn drains_the_queue_before_exiting() {
        bounded(|| {
            let shared = Arc::new(Shared::default());
            let (done_tx, done) = mpsc::channel();
            for id in 0..4 {
                enqueue(
                    &shared,
                    Request::new(format!("r{id}"), || Ok(Vec::new()), |_| {}),
                    id,
                );
            }
            shared.lock().shutting_down = true;
            let worker = {
                let shared = Arc::clone(&shared);
                thread::spawn(move || {
                    ch02_async_io::threadpool::worker_loop(&shared, &done_tx)
                })
            };
            worker.join().expect("the worker exits cleanly");
            let ids: Vec<u64> = done.try_iter().map(|r| r.id).collect();
            assert_eq!(ids, [0, 1, 2, 3], "queue order, none lost");
        });
    }
}

#[cfg(not(kata_skip = "threadpool::submit"))]
mod submit {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::{Arc, mpsc};
    use std::thread;

    use ch02_async_io::threadpool::{PoolError, Request, ThreadPool};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    use super::{PATIENCE, tempdir, write_files};

    /// Each request gets the next id and joins the back of the queue; nothing runs yet.
    #[test]
    fn queues_in_order_with_fresh_ids() {
        bounded(|| {
            let dir = tempdir();
            let paths = write_files(dir.path(), 3);
            let (mut pool, _done_tx) = ThreadPool::unstarted();
            let called = Arc::new(AtomicUsize::new(0));
            let mut ids = Vec::new();
            for path in &paths {
                let called = Arc::clone(&called);
                let request = Request::read_file(path, move |_| {
                    called.fetch_add(1, Ordering::SeqCst);
                });
                ids.push(pool.submit(request).expect("submitting"));
            }
            assert_eq!(ids, [0, 1, 2]);
            assert_eq!(pool.in_flight, 3);
            let queue = pool.shared.lock();
            let queued: Vec<(u64, String)> = queue
                .pending
                .iter()
                .map(|r| (r.id, r.what.clone()))
                .collect();
            let expected: Vec<(u64, String)> = (0..)
                .zip(&paths)
                .map(|(id, p)| (id, format!("read {}", p.display())))
                .collect();
            assert_eq!(queued, expected);
            assert!(
                queue
                    .pending
                    .iter()
                    .all(|r| r.work.is_some() && r.result.is_none())
            );
            assert_eq!(called.load(Ordering::SeqCst), 0, "submit runs nothing");
        });
    }

    /// Ids keep counting across submissions; they are never reused.
    #[test]
    fn ids_keep_counting() {
        bounded(|| {
            let (mut pool, _done_tx) = ThreadPool::unstarted();
            pool.next_id = 41;
            let id = pool
                .submit(Request::new("answer", || Ok(Vec::new()), |_| {}))
                .expect("submitting");
            assert_eq!(
                named!(id: id, next_id: pool.next_id),
                named!(id: 41, next_id: 42)
            );
        });
    }

    /// Submitting wakes a worker that is asleep on the condvar.
    #[test]
    fn wakes_a_sleeping_worker() {
        bounded(|| {
            let (mut pool, _done_tx) = ThreadPool::unstarted();
            let shared = Arc::clone(&pool.shared);
            let asleep = Arc::new(AtomicBool::new(false));
            let (woke_tx, woke) = mpsc::channel();
            let sleeper = {
                let asleep = Arc::clone(&asleep);
                thread::spawn(move || {
                    let mut queue = shared.lock();
                    asleep.store(true, Ordering::SeqCst);
                    while queue.pending.is_empty() {
                        queue =
                            shared.work_available.wait(queue).expect("queue lock");
                    }
                    let _ = woke_tx.send(queue.pending.len());
                })
            };
            // Once the flag is set and we can take the lock, the sleeper is
            // inside `wait` (which releases the lock): only a notify wakes it.
            while !asleep.load(Ordering::SeqCst) {
                thread::yield_now();
            }
            drop(pool.shared.lock());
            pool.submit(Request::new("wake up", || Ok(Vec::new()), |_| {}))
                .expect("submitting");
            let seen = woke
                .recv_timeout(PATIENCE)
                .expect("the sleeping worker was never woken: notify the condvar");
            assert_eq!(seen, 1);
            sleeper.join().expect("the sleeper exits");
        });
    }

    /// After shutdown, submit refuses with an error naming the request, and queues nothing.
    #[test]
    fn refuses_after_shutdown() {
        bounded(|| {
            let dir = tempdir();
            let path = dir.path().join("late.txt");
            let (mut pool, _done_tx) = ThreadPool::unstarted();
            pool.shared.lock().shutting_down = true;
            let result = pool.submit(Request::read_file(&path, |_| {}));
            let Err(error @ PoolError::ShutDown { .. }) = result else {
                panic!("expected PoolError::ShutDown, got {result:?}");
            };
            assert!(
                error.to_string().contains(&path.display().to_string()),
                "the message names the file: {error}"
            );
            assert_eq!(pool.in_flight, 0);
            assert!(pool.shared.lock().pending.is_empty());
        });
    }
}

#[cfg(not(kata_skip = "threadpool::run_completions"))]
mod run_completions {
    use std::collections::BTreeMap;
    use std::io;
    use std::sync::{Arc, Mutex};
    use std::thread::{self, ThreadId};

    use ch02_async_io::threadpool::{Outcome, PoolError, Request, ThreadPool};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    use super::{contents, tempdir, write_files};

    /// What a callback received, with the error reduced to its kind so it compares.
    type Seen = Result<Vec<u8>, io::ErrorKind>;

    /// A request already worked on, as a worker would post it.
    fn finished(
        id: u64,
        result: Outcome,
        log: &Arc<Mutex<Vec<(u64, ThreadId)>>>,
    ) -> Request {
        let log = Arc::clone(log);
        let mut request = Request::new(
            format!("finished {id}"),
            || Ok(Vec::new()),
            move |_| log.lock().expect("lock").push((id, thread::current().id())),
        );
        request.id = id;
        request.work = None;
        request.result = Some(result);
        request
    }

    /// With nothing in flight, the loop does not wait.
    #[test]
    fn returns_at_once_when_nothing_is_in_flight() {
        bounded(|| {
            // The test keeps the sender: a `recv` here would wait forever.
            let (mut pool, _done_tx) = ThreadPool::unstarted();
            assert_eq!(pool.run_completions().ok(), Some(0));
        });
    }

    /// Everything already posted runs in one call, in arrival order, on the loop thread.
    #[test]
    fn drains_everything_posted_on_the_loop_thread() {
        bounded(|| {
            let (mut pool, done_tx) = ThreadPool::unstarted();
            let log = Arc::default();
            pool.in_flight = 3;
            // Post from another thread, as a worker would.
            let poster = {
                let log = Arc::clone(&log);
                thread::spawn(move || {
                    for id in [2, 0, 1] {
                        done_tx
                            .send(finished(id, Ok(Vec::new()), &log))
                            .expect("the loop is listening");
                    }
                })
            };
            poster.join().expect("the poster finishes");
            assert_eq!(pool.run_completions().ok(), Some(3));
            assert_eq!(pool.in_flight, 0);
            let loop_thread = thread::current().id();
            let log = log.lock().expect("lock");
            assert_eq!(*log, [(2, loop_thread), (0, loop_thread), (1, loop_thread)]);
        });
    }

    /// `oncomplete` receives the worker's result, an error included.
    #[test]
    fn delivers_the_result_and_the_error() {
        bounded(|| {
            let (mut pool, done_tx) = ThreadPool::unstarted();
            let got: Arc<Mutex<Vec<Seen>>> = Arc::default();
            for (id, result) in [
                (0, Ok(b"data".to_vec())),
                (1, Err(io::Error::from(io::ErrorKind::NotFound))),
            ] {
                let got = Arc::clone(&got);
                let mut request = Request::new(
                    "r",
                    || Ok(Vec::new()),
                    move |r: Outcome| {
                        got.lock().expect("lock").push(r.map_err(|e| e.kind()));
                    },
                );
                request.id = id;
                request.work = None;
                request.result = Some(result);
                done_tx.send(request).expect("the loop is listening");
            }
            pool.in_flight = 2;
            assert_eq!(pool.run_completions().ok(), Some(2));
            assert_eq!(
                *got.lock().expect("lock"),
                [Ok(b"data".to_vec()), Err(io::ErrorKind::NotFound)]
            );
        });
    }

    /// With requests in flight and every worker gone, they are reported lost, not waited for.
    #[test]
    fn reports_requests_that_can_never_complete() {
        bounded(|| {
            let (mut pool, done_tx) = ThreadPool::unstarted();
            pool.in_flight = 2;
            drop(done_tx);
            let result = pool.run_completions();
            assert!(
                matches!(result, Err(PoolError::WorkersGone { in_flight: 2 })),
                "{result:?}"
            );
        });
    }

    /// Through a real pool: every callback runs on the loop thread, none on a worker.
    #[test]
    fn completions_run_on_the_loop_thread() {
        bounded(|| {
            let dir = tempdir();
            let paths = write_files(dir.path(), 12);
            let mut pool = ThreadPool::new(4).expect("starting a pool");
            let workers: Vec<ThreadId> =
                pool.workers.iter().map(|w| w.thread().id()).collect();
            let ran_on: Arc<Mutex<Vec<ThreadId>>> = Arc::default();
            for path in &paths {
                let ran_on = Arc::clone(&ran_on);
                pool.submit(Request::read_file(path, move |_| {
                    ran_on.lock().expect("lock").push(thread::current().id());
                }))
                .expect("submitting");
            }
            assert_eq!(pool.run().ok(), Some(paths.len()));
            let loop_thread = thread::current().id();
            let ran_on = ran_on.lock().expect("lock");
            assert_eq!(ran_on.len(), paths.len());
            assert!(ran_on.iter().all(|id| *id == loop_thread));
            assert!(!workers.contains(&loop_thread));
        });
    }

    /// Through a real pool: every request completes exactly once, missing files included.
    #[test]
    fn every_request_completes_exactly_once() {
        bounded(|| {
            let dir = tempdir();
            let existing = write_files(dir.path(), 20);
            let mut pool = ThreadPool::new(3).expect("starting a pool");
            let calls: Arc<Mutex<BTreeMap<usize, Vec<Seen>>>> = Arc::default();
            let mut expected = BTreeMap::new();
            for i in 0..25 {
                // Every fifth request reads a file that does not exist.
                let (path, outcome) = if i % 5 == 4 {
                    (
                        dir.path().join(format!("missing-{i}.txt")),
                        Err(io::ErrorKind::NotFound),
                    )
                } else {
                    let n = i - i / 5;
                    (existing[n].clone(), Ok(contents(n)))
                };
                let calls = Arc::clone(&calls);
                pool.submit(Request::read_file(&path, move |r: Outcome| {
                    let mut calls = calls.lock().expect("lock");
                    calls.entry(i).or_default().push(r.map_err(|e| e.kind()));
                }))
                .expect("submitting");
                expected.insert(i, vec![outcome]);
            }
            assert_eq!(pool.run().ok(), Some(25));
            assert_eq!(pool.in_flight, 0);
            assert_eq!(*calls.lock().expect("lock"), expected);
        });
    }
}

#[cfg(not(kata_skip = "threadpool::shutdown"))]
mod shutdown {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};

    use ch02_async_io::threadpool::{PoolError, Request, ThreadPool};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    use super::{tempdir, write_files};

    /// Shutdown joins every worker: afterwards the pool holds no thread and no one else shares its queue.
    #[test]
    fn joins_every_worker() {
        bounded(|| {
            let mut pool = ThreadPool::new(3).expect("starting a pool");
            assert_eq!(pool.shutdown().ok(), Some(0));
            assert!(pool.workers.is_empty());
            assert_eq!(
                Arc::strong_count(&pool.shared),
                1,
                "every worker has exited"
            );
        });
    }

    /// Requests submitted before the shutdown still complete, each exactly once, on the loop thread.
    #[test]
    fn loses_no_queued_request() {
        bounded(|| {
            let dir = tempdir();
            let paths = write_files(dir.path(), 8);
            let mut pool = ThreadPool::new(2).expect("starting a pool");
            let loop_thread = std::thread::current().id();
            let calls = Arc::new(AtomicUsize::new(0));
            let wrong_thread = Arc::new(AtomicUsize::new(0));
            for path in &paths {
                let (calls, wrong_thread) =
                    (Arc::clone(&calls), Arc::clone(&wrong_thread));
                pool.submit(Request::read_file(path, move |result| {
                    assert!(result.is_ok());
                    calls.fetch_add(1, Ordering::SeqCst);
                    if std::thread::current().id() != loop_thread {
                        wrong_thread.fetch_add(1, Ordering::SeqCst);
                    }
                }))
                .expect("submitting");
            }
            assert_eq!(pool.shutdown().ok(), Some(paths.len()));
            assert_eq!(calls.load(Ordering::SeqCst), paths.len());
            assert_eq!(wrong_thread.load(Ordering::SeqCst), 0);
            assert_eq!(pool.in_flight, 0);
        });
    }

    /// After shutdown, submit is refused; a second shutdown has nothing to do.
    #[test]
    fn is_final_and_idempotent() {
        bounded(|| {
            let mut pool = ThreadPool::new(1).expect("starting a pool");
            assert_eq!(pool.shutdown().ok(), Some(0));
            let refused =
                pool.submit(Request::new("too late", || Ok(Vec::new()), |_| {}));
            assert!(
                matches!(refused, Err(PoolError::ShutDown { .. })),
                "{refused:?}"
            );
            assert_eq!(pool.shutdown().ok(), Some(0));
        });
    }

    /// A worker thread that panicked is reported by name, after the others were joined.
    #[test]
    fn reports_a_worker_that_panicked() {
        bounded(|| {
            let mut pool = ThreadPool::new(2).expect("starting a pool");
            let crashed = std::thread::Builder::new()
                .name("pool-worker-9".to_owned())
                .spawn(|| panic!("worker bug"))
                .expect("spawning");
            pool.workers.insert(0, crashed);
            let result = pool.shutdown();
            let Err(error @ PoolError::WorkerPanicked { .. }) = result else {
                panic!("expected PoolError::WorkerPanicked, got {result:?}");
            };
            let message = error.to_string();
            assert!(
                message.contains("pool-worker-9") && message.contains("worker bug"),
                "{message}"
            );
            assert!(
                pool.workers.is_empty(),
                "the healthy workers were joined too"
            );
            assert_eq!(Arc::strong_count(&pool.shared), 1);
        });
    }

    /// The completion of a request that finished before shutdown runs during shutdown.
    #[test]
    fn runs_the_last_completions() {
        bounded(|| {
            let mut pool = ThreadPool::new(1).expect("starting a pool");
            let got: Arc<Mutex<Vec<Vec<u8>>>> = Arc::default();
            let sink = Arc::clone(&got);
            pool.submit(Request::new(
                "one",
                || Ok(b"one".to_vec()),
                move |r| sink.lock().expect("lock").push(r.unwrap_or_default()),
            ))
            .expect("submitting");
            assert_eq!(pool.shutdown().ok(), Some(1));
            assert_eq!(*got.lock().expect("lock"), [b"one".to_vec()]);
        });
    }
}
