//! `copy`: copy a file through a (possibly slow) writable, with or without backpressure.
//!
//! ```text
//! cargo run -q --release -p ch04-memory-solution --example copy -- \
//!     [--no-backpressure] [--sink-mib-per-s N] SRC DST
//! ```
//!
//! Reads 64 KiB chunks (`fs.createReadStream`'s size) into a writable with
//! Node's default 16 KiB high-water mark. By default the copy is
//! [`ch04_memory::copy::pipe`]; `--no-backpressure` is the notes' `data` →
//! `write` copy. `--sink-mib-per-s` makes the writer that slow. Prints
//! `key value` lines: bytes, seconds, MiB/s, and the peaks of the writable's
//! buffer, the heap (counting allocator) and the resident set (`VmHWM`).
//! Book: book/src/ch04-memory/streams.md

use std::fs::File;
use std::process::ExitCode;
use std::time::Instant;

use ch04_memory::copy::{Sink, Throttle, copy_ignoring_backpressure, pipe};
use ch04_memory::metrics::field_kb;

#[global_allocator]
static ALLOCATOR: counting_alloc::Counting = counting_alloc::Counting;

/// `fs.createReadStream`'s chunk size.
const CHUNK: usize = 64 * 1024;
/// A Writable's default `highWaterMark`.
const HWM: usize = 16 * 1024;
const MIB: f64 = 1024.0 * 1024.0;

fn usage() -> ExitCode {
    eprintln!("usage: copy [--no-backpressure] [--sink-mib-per-s N] SRC DST");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut backpressure = true;
    let mut throttle = Throttle::Unlimited;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--no-backpressure" => backpressure = false,
            "--sink-mib-per-s" => {
                match args.next().and_then(|v| v.parse::<f64>().ok()) {
                    Some(rate) if rate > 0.0 => {
                        throttle = Throttle::PerSecond((rate * MIB) as u64)
                    }
                    _ => return usage(),
                }
            }
            _ => files.push(arg),
        }
    }
    let [src, dst] = files.as_slice() else {
        return usage();
    };
    let mut reader = match File::open(src) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("copy: cannot open {src}: {e}");
            return ExitCode::from(1);
        }
    };
    let writer = match File::create(dst) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("copy: cannot create {dst}: {e}");
            return ExitCode::from(1);
        }
    };
    let mut sink = Sink::new(writer, HWM, throttle);
    counting_alloc::reset_peak();
    let heap_before = counting_alloc::process().live_bytes;
    let started = Instant::now();
    let result = if backpressure {
        pipe(&mut reader, &mut sink, CHUNK)
    } else {
        copy_ignoring_backpressure(&mut reader, &mut sink, CHUNK)
    };
    let report = match result {
        Ok(report) => report,
        Err(e) => {
            eprintln!("copy: {e}");
            return ExitCode::from(1);
        }
    };
    let seconds = started.elapsed().as_secs_f64();
    let peak_heap = counting_alloc::process().peak_bytes - heap_before;
    let hwm = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| field_kb(&s, "VmHWM").ok())
        .unwrap_or(0);
    println!("bytes {}", report.bytes);
    println!("seconds {seconds:.3}");
    println!(
        "mib_per_s {:.1}",
        report.bytes as f64 / MIB / seconds.max(1e-9)
    );
    println!("peak_buffered_mib {:.2}", report.peak_buffered as f64 / MIB);
    println!("peak_heap_mib {:.2}", peak_heap as f64 / MIB);
    println!("peak_rss_mib {:.1}", hwm as f64 / MIB);
    ExitCode::SUCCESS
}
