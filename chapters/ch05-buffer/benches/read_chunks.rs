//! Reading a file in chunks of different sizes (`highWaterMark`), measured: not a test, a bench binary.
//!
//! ```text
//! cargo bench -p ch05-buffer-solution --bench read_chunks
//! cargo bench -p ch05-buffer-solution --bench read_chunks -- --mib 16 --runs 9
//! ```
//!
//! The notes say a bigger `highWaterMark` reads a file faster, and that the
//! chunk size also decides how the slab pool is used. This bench writes the
//! notes' poem repeated to `--mib` MiB into a temp file and reads it whole with
//! chunk sizes from 1 KiB to 1 MiB (64 KiB is Node's default for fs streams):
//!
//! 1. in Rust, `std::fs::File::read` into one buffer of the chunk size, reused
//!    for every read, as a C program would;
//! 2. in Rust again, a fresh zeroed `Vec` of the chunk size for every read, the
//!    shape of what Node 20 does (a new `ArrayBuffer` per chunk);
//! 3. in real Node 20, and Node 10 when it is installed
//!    (benches/read_chunks.js): `fs.createReadStream(path, { highWaterMark })`
//!    counting `'data'` events and bytes, plus one untimed pass that reports
//!    where the chunks' memory lives (`chunk.buffer.byteLength`).
//!
//! The file has just been written, so it is in the page cache: this measures
//! what each read costs (a system call, a copy, in Node a trip through the
//! thread pool and the stream), not the disk. Every figure is the median of
//! `--runs` runs. Book: book/src/ch05-buffer/index.md#high-water-mark

use std::fmt::Write as _;
use std::fs::File;
use std::hint::black_box;
use std::io::{BufWriter, Read, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use ch05_buffer::garbled::POEM;
use kata_support::bench::{
    NodeFigures, load_average, median, positive_arg, run_node_script,
};
use kata_support::oracle::{NodeVersion, find_node};

/// The chunk sizes, smallest first; 64 KiB is `fs.createReadStream`'s default.
const CHUNKS: [usize; 6] = [1 << 10, 4 << 10, 16 << 10, 64 << 10, 256 << 10, 1 << 20];

/// What the command line asked for.
struct Options {
    /// Size of the file in MiB.
    mib: usize,
    /// Runs per figure; the median is reported.
    runs: usize,
}

fn parse_options() -> Result<Options, String> {
    let mut options = Options { mib: 64, runs: 7 };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        // `cargo bench` passes `--bench` to every bench binary.
        if flag == "--bench" {
            continue;
        }
        let number = positive_arg(&flag, &mut args)?;
        match flag.as_str() {
            "--mib" => options.mib = number,
            "--runs" => options.runs = number,
            other => return Err(format!("unknown flag {other}")),
        }
    }
    Ok(options)
}

/// Writes the notes' poem repeated to exactly `size` bytes (the last copy cut short).
fn write_file(path: &Path, size: usize) -> std::io::Result<()> {
    let mut out = BufWriter::new(File::create(path)?);
    let poem = POEM.as_bytes();
    let mut left = size;
    while left > 0 {
        let n = left.min(poem.len());
        out.write_all(&poem[..n])?;
        left -= n;
    }
    out.flush()
}

/// One whole read of the file: the time, the bytes and the `read` calls it took.
struct Pass {
    time: Duration,
    bytes: usize,
    calls: usize,
}

/// Reads the file with `read` into one buffer of `chunk` bytes, reused for every call.
/// The last call is the one that returns 0, end of file, as in Node.
fn read_reusing(path: &Path, chunk: usize) -> std::io::Result<Pass> {
    let mut buf = vec![0u8; chunk];
    let start = Instant::now();
    let mut file = File::open(path)?;
    let (mut bytes, mut calls, mut sum) = (0, 0, 0u8);
    loop {
        let n = file.read(&mut buf)?;
        calls += 1;
        if n == 0 {
            break;
        }
        bytes += n;
        // Touch the chunk, as a 'data' handler would get it.
        sum = sum.wrapping_add(buf[n - 1]);
    }
    black_box(sum);
    Ok(Pass {
        time: start.elapsed(),
        bytes,
        calls,
    })
}

/// The same, with a fresh zeroed buffer for every read, kept until the next
/// read: the shape of Node 20's stream, which makes a new `ArrayBuffer` per chunk.
fn read_fresh(path: &Path, chunk: usize) -> std::io::Result<Pass> {
    let start = Instant::now();
    let mut file = File::open(path)?;
    let (mut bytes, mut calls, mut sum) = (0, 0, 0u8);
    loop {
        let mut buf = vec![0u8; chunk];
        let n = file.read(&mut buf)?;
        calls += 1;
        if n == 0 {
            break;
        }
        bytes += n;
        sum = sum.wrapping_add(buf[n - 1]);
        black_box(buf);
    }
    black_box(sum);
    Ok(Pass {
        time: start.elapsed(),
        bytes,
        calls,
    })
}

/// MB/s (10^6 bytes a second) for `bytes` in `time`.
fn mbps(bytes: usize, time: Duration) -> f64 {
    bytes as f64 / 1e6 / time.as_secs_f64()
}

/// The Rust figures of one chunk size.
#[derive(Default)]
struct Samples {
    reuse: Vec<Duration>,
    fresh: Vec<Duration>,
    calls: usize,
}

fn measure(path: &Path, size: usize, runs: usize) -> std::io::Result<Vec<Samples>> {
    let mut samples: Vec<Samples> =
        CHUNKS.iter().map(|_| Samples::default()).collect();
    // Run 0 warms the page cache and the allocator; its figures are dropped.
    for run in 0..=runs {
        // Alternate the order, so a burst of load on the machine hits every chunk size.
        let order: Vec<usize> = if run % 2 == 0 {
            (0..CHUNKS.len()).collect()
        } else {
            (0..CHUNKS.len()).rev().collect()
        };
        for i in order {
            let reuse = read_reusing(path, CHUNKS[i])?;
            let fresh = read_fresh(path, CHUNKS[i])?;
            for pass in [&reuse, &fresh] {
                if pass.bytes != size {
                    return Err(std::io::Error::other(format!(
                        "chunk {}: read {} bytes of {size}",
                        CHUNKS[i], pass.bytes
                    )));
                }
            }
            if run > 0 {
                samples[i].reuse.push(reuse.time);
                samples[i].fresh.push(fresh.time);
                samples[i].calls = reuse.calls;
            }
        }
    }
    Ok(samples)
}

/// Node's figure `metric` for one chunk size (the script prints `<chunk>.<metric> value`).
fn figure(node: &NodeFigures, chunk: usize, metric: &str) -> Option<f64> {
    node.values.get(&format!("{chunk}.{metric}")).copied()
}

/// Runs benches/read_chunks.js with `node`; `None` (after saying why) when it fails.
fn node_figures(
    node: &Path,
    dir: &Path,
    file: &Path,
    runs: usize,
) -> Option<NodeFigures> {
    run_node_script(
        node,
        dir,
        "read_chunks.js",
        include_str!("read_chunks.js"),
        &[
            vec![file.display().to_string(), runs.to_string()],
            CHUNKS.map(|n| n.to_string()).to_vec(),
        ]
        .concat(),
    )
}

/// A chunk size as people write it: 1 KiB, 64 KiB, 1 MiB.
fn size_name(bytes: usize) -> String {
    if bytes >= 1 << 20 && bytes % (1 << 20) == 0 {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{} KiB", bytes >> 10)
    }
}

fn cell(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| format!("{v:.0}"))
}

fn print_tables(size: usize, samples: &[Samples], nodes: &[NodeFigures]) {
    println!("Throughput, MB/s (10^6 bytes a second), median; higher is better");
    let mut heading = format!(
        "  {:>8} {:>8} {:>12} {:>12}",
        "chunk", "reads", "Rust reuse", "Rust fresh"
    );
    for node in nodes {
        let _ = write!(heading, " {:>16}", format!("node {}", node.version));
    }
    println!("{heading}");
    for (chunk, samples) in CHUNKS.iter().zip(samples) {
        let mut line = format!(
            "  {:>8} {:>8} {:>12.0} {:>12.0}",
            size_name(*chunk),
            samples.calls,
            mbps(size, median(&samples.reuse)),
            mbps(size, median(&samples.fresh)),
        );
        for node in nodes {
            let _ = write!(line, " {:>16}", cell(figure(node, *chunk, "mbps")));
        }
        println!("{line}");
    }
    println!();
    if nodes.is_empty() {
        return;
    }
    println!(
        "Node's chunks: 'data' events / chunk.buffer.byteLength / distinct backing ArrayBuffers"
    );
    let mut heading = format!("  {:>8}", "chunk");
    for node in nodes {
        let _ = write!(heading, " {:>28}", format!("node {}", node.version));
    }
    println!("{heading}");
    for chunk in CHUNKS {
        let mut line = format!("  {:>8}", size_name(chunk));
        for node in nodes {
            let text = format!(
                "{} / {} / {}",
                cell(figure(node, chunk, "chunks")),
                cell(figure(node, chunk, "backing")),
                cell(figure(node, chunk, "buffers"))
            );
            let _ = write!(line, " {text:>28}");
        }
        println!("{line}");
    }
    println!();
}

fn run(options: &Options) -> std::io::Result<()> {
    let size = options.mib << 20;
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("poem.txt");
    write_file(&file, size)?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "a {size}-byte file ({} MiB of the notes' poem), read whole per run, median of {} runs; \
         {cores} cores, load average {} at start",
        options.mib,
        options.runs,
        load_average()
    );
    println!();

    let samples = measure(&file, size, options.runs)?;

    let mut nodes = Vec::new();
    for version in [NodeVersion::V20, NodeVersion::V10] {
        match find_node(version) {
            Some(node) => {
                match node_figures(&node, dir.path(), &file, options.runs) {
                    Some(figures) => nodes.push(figures),
                    None => println!("  ({version} failed: no figures for it)"),
                }
            }
            None => println!("  ({version} not found: no figures for it)"),
        }
    }
    // The script checks every pass itself; make sure it read this file, whole.
    for node in &nodes {
        for chunk in CHUNKS {
            let bytes = figure(node, chunk, "bytes");
            if bytes != Some(size as f64) {
                return Err(std::io::Error::other(format!(
                    "node {} read {bytes:?} bytes with chunk {chunk}, expected {size}",
                    node.version
                )));
            }
        }
    }

    print_tables(size, &samples, &nodes);
    println!("load average {} at the end", load_average());
    Ok(())
}

fn main() -> ExitCode {
    let options = match parse_options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("read_chunks: {message}");
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("read_chunks: {error}");
            ExitCode::FAILURE
        }
    }
}
