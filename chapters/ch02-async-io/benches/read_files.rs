//! Blocking vs pooled reads, measured (阻塞I/O与非阻塞I/O): not a test, a bench binary.
//!
//! ```text
//! cargo bench -p ch02-async-io-solution --bench read_files
//! cargo bench -p ch02-async-io-solution --bench read_files -- --files 5000 --size 16384 --runs 9
//! ```
//!
//! Writes `--files` files of `--size` bytes into a temp dir and reads all of
//! them, `--runs` times each way, reporting the median:
//!
//! 1. sequentially with `std::fs::read`, one blocking call after another;
//! 2. through this chapter's pool (the reference solution's `ThreadPool`, 4 workers);
//! 3. through tokio: `tokio::fs::read` per file, and `spawn_blocking(std::fs::read)`,
//!    with 4 blocking threads;
//! 4. through real Node, when `node` is on PATH: `readFileSync` in a loop and
//!    `readFile` for every file at once (benches/read_files.js).
//!
//! A second scenario gives every read 1 ms of waiting (`--latency-ms`), the
//! way a cold disk or a network file system makes a thread wait: that is
//! where a pool pays off. Times depend on the machine; the ratios are the lesson.
//! Book: book/src/ch02-async-io/blocking-io.md#measured

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ch02_async_io::threadpool::{Request, ThreadPool};
use tokio::task::JoinSet;

/// Workers in every pool: libuv's default, and tokio's blocking threads to match.
const WORKERS: usize = 4;

/// What the command line asked for.
struct Options {
    files: usize,
    size: usize,
    runs: usize,
    slow_files: usize,
    latency: Duration,
}

fn parse_options() -> Result<Options, String> {
    let mut options = Options {
        files: 2000,
        size: 4096,
        runs: 7,
        slow_files: 200,
        latency: Duration::from_millis(1),
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        // `cargo bench` passes `--bench` to every bench binary.
        if flag == "--bench" {
            continue;
        }
        let value = args
            .next()
            .ok_or_else(|| format!("{flag} needs a number"))?;
        let number: u64 = value
            .parse()
            .map_err(|_| format!("{flag} {value}: not a number"))?;
        let as_count = || {
            usize::try_from(number)
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| format!("{flag} {value}: must be at least 1"))
        };
        match flag.as_str() {
            "--files" => options.files = as_count()?,
            "--size" => options.size = as_count()?,
            "--runs" => options.runs = as_count()?,
            "--slow-files" => options.slow_files = as_count()?,
            "--latency-ms" => options.latency = Duration::from_millis(number),
            other => return Err(format!("unknown flag {other}")),
        }
    }
    Ok(options)
}

/// A way of reading every file: returns the bytes read, so nothing is optimised away.
type Reader<'a> = Box<dyn FnMut(&[PathBuf]) -> std::io::Result<usize> + 'a>;

/// Runs `read` once to warm up, then `runs` times; returns the median time.
fn measure(
    runs: usize,
    paths: &[PathBuf],
    mut read: Reader<'_>,
) -> std::io::Result<Duration> {
    let expected = read(paths)?;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let bytes = read(paths)?;
        times.push(start.elapsed());
        if bytes != expected {
            return Err(std::io::Error::other(format!(
                "read {bytes} bytes, expected {expected}"
            )));
        }
    }
    times.sort_unstable();
    Ok(times[times.len() / 2])
}

/// `std::fs::read`, plus the simulated wait of a slow device.
fn read_blocking(path: &Path, latency: Duration) -> std::io::Result<Vec<u8>> {
    let bytes = std::fs::read(path)?;
    if !latency.is_zero() {
        std::thread::sleep(latency);
    }
    Ok(bytes)
}

fn sequential(latency: Duration) -> Reader<'static> {
    Box::new(move |paths| {
        let mut bytes = 0;
        for path in paths {
            bytes += read_blocking(path, latency)?.len();
        }
        Ok(bytes)
    })
}

fn learner_pool(latency: Duration) -> Reader<'static> {
    Box::new(move |paths| {
        let mut pool = ThreadPool::new(WORKERS).map_err(std::io::Error::other)?;
        let bytes = Arc::new(AtomicUsize::new(0));
        let failures = Arc::new(AtomicUsize::new(0));
        for path in paths {
            let (bytes, failures, path) =
                (Arc::clone(&bytes), Arc::clone(&failures), path.clone());
            let request = Request::new(
                format!("read {}", path.display()),
                move || read_blocking(&path, latency),
                move |result| {
                    match result {
                        Ok(data) => bytes.fetch_add(data.len(), Ordering::Relaxed),
                        Err(_) => failures.fetch_add(1, Ordering::Relaxed),
                    };
                },
            );
            pool.submit(request).map_err(std::io::Error::other)?;
        }
        pool.run().map_err(std::io::Error::other)?;
        pool.shutdown().map_err(std::io::Error::other)?;
        match failures.load(Ordering::Relaxed) {
            0 => Ok(bytes.load(Ordering::Relaxed)),
            n => Err(std::io::Error::other(format!(
                "{n} reads failed in the pool"
            ))),
        }
    })
}

fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .max_blocking_threads(WORKERS)
        .build()
}

fn tokio_fs(runtime: &tokio::runtime::Runtime) -> Reader<'_> {
    Box::new(move |paths| {
        runtime.block_on(async {
            let mut set = JoinSet::new();
            for path in paths {
                let path = path.clone();
                set.spawn(async move { tokio::fs::read(path).await });
            }
            let mut bytes = 0;
            while let Some(joined) = set.join_next().await {
                bytes += joined.map_err(std::io::Error::other)??.len();
            }
            Ok(bytes)
        })
    })
}

fn spawn_blocking(
    runtime: &tokio::runtime::Runtime,
    latency: Duration,
) -> Reader<'_> {
    Box::new(move |paths| {
        runtime.block_on(async {
            let mut set = JoinSet::new();
            for path in paths {
                let path = path.clone();
                set.spawn_blocking(move || read_blocking(&path, latency));
            }
            let mut bytes = 0;
            while let Some(joined) = set.join_next().await {
                bytes += joined.map_err(std::io::Error::other)??.len();
            }
            Ok(bytes)
        })
    })
}

/// Runs benches/read_files.js over the same files; `None` without Node.
fn node_figures(
    dir: &Path,
    files: usize,
    runs: usize,
) -> Option<Vec<(String, Duration)>> {
    let script = dir.join("read_files.js");
    std::fs::write(&script, include_str!("read_files.js")).ok()?;
    let output = std::process::Command::new("node")
        .arg(&script)
        .arg(dir)
        .arg(files.to_string())
        .arg(runs.to_string())
        .env_remove("UV_THREADPOOL_SIZE")
        .env_remove("NODE_OPTIONS")
        .output()
        .ok()?;
    if !output.status.success() {
        eprintln!(
            "node failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
        return None;
    }
    let version = std::process::Command::new("node")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    let figures = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| {
            let (name, ms) = line.split_once(' ')?;
            let ms: f64 = ms.parse().ok()?;
            Some((
                format!("node {version} fs.{name}"),
                Duration::from_secs_f64(ms / 1000.0),
            ))
        })
        .collect();
    Some(figures)
}

/// Prints one table: each way's median, per file, and its ratio to the first row.
fn print_table(title: &str, files: usize, rows: &[(String, Duration)]) {
    println!("{title}");
    println!(
        "  {:<44} {:>10} {:>12} {:>8}",
        "way", "median", "per file", "vs seq"
    );
    let base = rows.first().map_or(Duration::ZERO, |(_, d)| *d);
    for (name, time) in rows {
        let per_file_us = time.as_secs_f64() * 1e6 / files as f64;
        let ratio = time.as_secs_f64() / base.as_secs_f64();
        println!(
            "  {name:<44} {:>8.2}ms {:>10.2}µs {:>7.2}×",
            time.as_secs_f64() * 1e3,
            per_file_us,
            ratio
        );
    }
    println!();
}

fn write_files(
    dir: &Path,
    count: usize,
    size: usize,
) -> std::io::Result<Vec<PathBuf>> {
    let body: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
    (0..count)
        .map(|i| {
            let path = dir.join(format!("{i}.bin"));
            std::fs::write(&path, &body)?;
            Ok(path)
        })
        .collect()
}

fn run(options: &Options) -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let paths = write_files(dir.path(), options.files, options.size)?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "{} files of {} bytes in a temp dir (page cache warm), {} runs each, median; {cores} cores, {WORKERS} workers per pool",
        options.files, options.size, options.runs
    );
    println!();

    let runtime = runtime()?;
    let none = Duration::ZERO;
    let mut rows = vec![
        (
            "sequential std::fs::read".to_owned(),
            measure(options.runs, &paths, sequential(none))?,
        ),
        (
            "chapter pool (ThreadPool, 4 workers)".to_owned(),
            measure(options.runs, &paths, learner_pool(none))?,
        ),
        (
            "tokio::fs::read (4 blocking threads)".to_owned(),
            measure(options.runs, &paths, tokio_fs(&runtime))?,
        ),
        (
            "tokio spawn_blocking(std::fs::read)".to_owned(),
            measure(options.runs, &paths, spawn_blocking(&runtime, none))?,
        ),
    ];
    match node_figures(dir.path(), options.files, options.runs) {
        Some(figures) => rows.extend(figures),
        None => println!("  (node not found or failed: no Node figures)"),
    }
    print_table(
        "Warm page cache: nothing blocks for long",
        options.files,
        &rows,
    );

    let slow = &paths[..options.slow_files.min(paths.len())];
    let latency = options.latency;
    let rows = vec![
        (
            "sequential std::fs::read".to_owned(),
            measure(options.runs, slow, sequential(latency))?,
        ),
        (
            "chapter pool (ThreadPool, 4 workers)".to_owned(),
            measure(options.runs, slow, learner_pool(latency))?,
        ),
        (
            "tokio spawn_blocking(std::fs::read)".to_owned(),
            measure(options.runs, slow, spawn_blocking(&runtime, latency))?,
        ),
    ];
    print_table(
        &format!(
            "Slow device: every read also waits {} ms ({} files)",
            latency.as_millis(),
            slow.len()
        ),
        slow.len(),
        &rows,
    );
    Ok(())
}

fn main() -> ExitCode {
    let options = match parse_options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("read_files: {message}");
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("read_files: {error}");
            ExitCode::FAILURE
        }
    }
}
