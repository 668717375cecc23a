//! `tokio_pool`: tokio's blocking pool is the thread pool of this chapter, under another name.
//!
//! ```text
//! cargo run -q -p ch02-async-io-solution --example tokio_pool [-- FILES]
//! ```
//!
//! Writes `FILES` small files (default 32) and one name that does not exist
//! into a temp dir, then reads them through tokio the two ways tokio offers:
//!
//! 1. `spawn_blocking(|| std::fs::read(path))`: the request object is the
//!    closure, the worker is one of tokio's blocking threads, and the
//!    completion is the `JoinHandle`, awaited on the thread that runs
//!    `block_on` — our "loop thread". At most `max_blocking_threads` closures
//!    run at once; a latch holds the first ones so the overlap is certain.
//! 2. `tokio::fs::read(path)`: the same thing, wrapped. tokio's file API calls
//!    `spawn_blocking` inside, because Linux offers no readiness for files
//!    either (the `io-uring` work aside).
//!
//! It prints what it counted — threads used, requests inside their work at
//! once, where the completions ran, what the missing file returned — never a
//! time. Bad input (a count that is not a number) exits 2 with one line.
//! Book: book/src/ch02-async-io/threadpool.md#tokio

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::{self, ThreadId};

use tokio::task::JoinSet;

/// tokio's blocking pool, sized like libuv's default pool.
const BLOCKING_THREADS: usize = 4;

/// What the blocking closures saw, counted under one lock.
#[derive(Default)]
struct Counts {
    /// Closures inside their work right now.
    inside: usize,
    /// The most that were inside at once.
    high_water: usize,
    /// Closures that have entered so far.
    entered: usize,
    /// The threads the closures ran on.
    threads: HashSet<ThreadId>,
}

/// Holds the first `BLOCKING_THREADS` closures until they are all inside,
/// so the high-water mark does not depend on how fast the machine is.
#[derive(Default)]
struct Latch {
    counts: Mutex<Counts>,
    changed: Condvar,
}

impl Latch {
    /// Runs `read` as one request: count in, wait for the first batch, read, count out.
    fn run(
        &self,
        read: impl FnOnce() -> std::io::Result<Vec<u8>>,
    ) -> std::io::Result<Vec<u8>> {
        let mut counts = self.lock();
        counts.inside += 1;
        counts.entered += 1;
        counts.high_water = counts.high_water.max(counts.inside);
        counts.threads.insert(thread::current().id());
        self.changed.notify_all();
        while counts.entered < BLOCKING_THREADS {
            counts = self
                .changed
                .wait(counts)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        drop(counts);
        let result = read();
        self.lock().inside -= 1;
        result
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Counts> {
        self.counts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Writes `count` files and returns their paths plus one path that does not exist.
fn make_files(dir: &Path, count: usize) -> std::io::Result<Vec<PathBuf>> {
    let mut paths = Vec::with_capacity(count + 1);
    for i in 0..count {
        let path = dir.join(format!("{i}.txt"));
        std::fs::write(&path, format!("file {i}\n"))?;
        paths.push(path);
    }
    paths.push(dir.join("missing.txt"));
    Ok(paths)
}

/// Where the completions of one run were handled, and what they received.
struct Report {
    ok: usize,
    errors: Vec<String>,
    on_loop_thread: usize,
}

impl Report {
    fn print(&self, total: usize) {
        let completed = self.ok + self.errors.len();
        println!("  completions:             {completed} of {total}");
        println!(
            "  handled on the loop:     {} of {total} (the thread running block_on)",
            self.on_loop_thread
        );
        println!("  files read:              {}", self.ok);
        for error in &self.errors {
            println!("  error delivered:         {error}");
        }
    }
}

fn main() -> ExitCode {
    let count = match std::env::args().nth(1).map(|a| a.parse::<usize>()) {
        None => 32,
        Some(Ok(n)) if n >= BLOCKING_THREADS => n,
        Some(_) => {
            eprintln!(
                "tokio_pool: FILES must be a number of at least {BLOCKING_THREADS}"
            );
            return ExitCode::from(2);
        }
    };
    match run(count) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("tokio_pool: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(count: usize) -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let paths = make_files(dir.path(), count)?;
    let total = paths.len();

    // One worker thread for async tasks, four blocking threads: the same
    // shape as Node's one JavaScript thread and libuv's four pool workers.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .max_blocking_threads(BLOCKING_THREADS)
        .build()?;
    let loop_thread = thread::current().id();

    println!(
        "spawn_blocking(|| std::fs::read(path)), max_blocking_threads = {BLOCKING_THREADS}:"
    );
    let latch = Arc::new(Latch::default());
    let report = runtime.block_on(async {
        let mut set = JoinSet::new();
        for path in &paths {
            let (latch, path) = (Arc::clone(&latch), path.clone());
            // The request object: a closure owning its input, sent to a worker.
            set.spawn_blocking(move || (latch.run(|| std::fs::read(&path)), path));
        }
        let mut report = Report {
            ok: 0,
            errors: Vec::new(),
            on_loop_thread: 0,
        };
        // The completions: each `join_next` resumes this future, on this thread.
        while let Some(joined) = set.join_next().await {
            if thread::current().id() == loop_thread {
                report.on_loop_thread += 1;
            }
            match joined {
                Ok((Ok(_), _)) => report.ok += 1,
                Ok((Err(error), path)) => {
                    report.errors.push(format!("{}: {error}", file_name(&path)))
                }
                Err(join_error) => {
                    report.errors.push(format!("a task failed: {join_error}"))
                }
            }
        }
        report
    });
    report.print(total);
    let counts = latch.lock();
    println!(
        "  blocking threads used:   {} (never more than {BLOCKING_THREADS})",
        counts.threads.len()
    );
    println!(
        "  most requests at once:   {} (the latch makes the first {BLOCKING_THREADS} overlap)",
        counts.high_water
    );
    println!(
        "  a read ran on the loop:  {}",
        counts.threads.contains(&loop_thread)
    );
    drop(counts);

    println!();
    println!("tokio::fs::read(path), the same pool behind an async API:");
    let report = runtime.block_on(async {
        let mut set = JoinSet::new();
        for path in &paths {
            let path = path.clone();
            // Each read is a task on the async worker; inside, tokio::fs hands
            // the blocking call to the blocking pool and awaits its handle.
            set.spawn(async move { (tokio::fs::read(&path).await, path) });
        }
        let mut report = Report {
            ok: 0,
            errors: Vec::new(),
            on_loop_thread: 0,
        };
        while let Some(joined) = set.join_next().await {
            if thread::current().id() == loop_thread {
                report.on_loop_thread += 1;
            }
            match joined {
                Ok((Ok(_), _)) => report.ok += 1,
                Ok((Err(error), path)) => {
                    report.errors.push(format!("{}: {error}", file_name(&path)))
                }
                Err(join_error) => {
                    report.errors.push(format!("a task failed: {join_error}"))
                }
            }
        }
        report
    });
    report.print(total);
    Ok(())
}

/// The last component of `path`, for short messages.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
