//! Bench (not a test): copying 64 MiB to 1 GiB, peak RSS and throughput, beside `cp` and Node 20.
//!
//! For each size it copies a file with `cp`, with this chapter's copy (pipe
//! at full speed; pipe and the notes' `data` → `write` copy into a writer
//! throttled to 64 MiB/s), and with real Node 20 (`pipe()` and the notes'
//! code, which ignores `write()`'s return value), into the file and into a
//! writer as slow as the Rust one. Every copy runs in its own
//! process, so its peak resident set (`VmHWM`, `maxRSS`) is its own. The
//! files live in `/dev/shm` when it exists, so the disk does not set the pace.
//!
//! ```text
//! cargo bench -p ch04-memory-solution --bench copy [-- SIZE_MIB…]
//! ```
//!
//! Prints a table; `node book/scripts/charts.js --copy RUN.txt` turns a saved run
//! into the book's data and chart (book/data/copy.tsv, book/src/img/ch04-copy.svg).
//! Book: book/src/ch04-memory/streams.md

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use ch04_memory::copy::{Sink, Throttle, copy_ignoring_backpressure, pipe};
use ch04_memory::metrics::field_kb;
use kata_support::bench::{load_average, run_node_script};
use kata_support::oracle::{NodeVersion, find_node};

const MIB: u64 = 1024 * 1024;
/// The throttled writer's speed: slower than the page cache reads, so a copy
/// that ignores backpressure falls behind.
const SLOW_SINK: u64 = 64 * MIB;
const CHILD: &str = "CH04_COPY_CHILD";

/// A writable for the Node scripts: the destination file, or (with a rate in
/// bytes per second) a writer that takes each chunk after the time it would
/// need at that rate, like the Rust side's throttled sink.
const NODE_WRITER: &str = r#"
const fs = require('fs');
const { Writable } = require('stream');
const [src, dst, rateArg] = process.argv.slice(2);
const rate = Number(rateArg || 0);
const start = process.hrtime.bigint();
function writer() {
  if (!rate) return fs.createWriteStream(dst);
  let due = 0;
  return new Writable({
    highWaterMark: 16 * 1024,
    write(chunk, _encoding, done) {
      due += chunk.length / rate * 1000;
      const wait = due - Number(process.hrtime.bigint() - start) / 1e6;
      setTimeout(done, Math.max(0, wait));
    },
  });
}
"#;

const NODE_PIPE: &str = r#"
fs.createReadStream(src).pipe(writer()).on('finish', () => {
  console.log('seconds ' + Number(process.hrtime.bigint() - start) / 1e9);
  console.log('peak_rss_mib ' + process.resourceUsage().maxRSS / 1024);
});
"#;

const NODE_DATA_WRITE: &str = r#"
const reader = fs.createReadStream(src);
const out = writer();
// The notes' copy: write()'s return value is ignored.
reader.on('data', (chunk) => { out.write(chunk); });
reader.on('end', () => { out.end(); });
out.on('finish', () => {
  console.log('seconds ' + Number(process.hrtime.bigint() - start) / 1e9);
  console.log('peak_rss_mib ' + process.resourceUsage().maxRSS / 1024);
});
"#;

/// One measured copy.
#[derive(Debug, Clone, Copy)]
struct Figure {
    seconds: f64,
    peak_rss_mib: f64,
}

fn main() {
    if let Ok(mode) = std::env::var(CHILD) {
        child(&mode);
        return;
    }
    // Sizes in MiB; `cargo bench`'s own `--bench` argument is not a number.
    let sizes: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![64, 256, 1024]
    } else {
        sizes
    };
    // Files live in RAM (tmpfs) when the machine has one: on a disk, dirty-page
    // writeback throttles every writer at its own pace and hides the effect
    // of the throttled writer we are measuring.
    let shm = Path::new("/dev/shm");
    let dir = if shm.is_dir() {
        tempfile::Builder::new().prefix("ch04-copy").tempdir_in(shm)
    } else {
        tempfile::tempdir()
    }
    .expect("a temp dir");
    println!("files in {}", dir.path().display());
    let node = find_node(NodeVersion::V20);
    println!(
        "load average {}; writer throttled to {} MiB/s where marked",
        load_average(),
        SLOW_SINK / MIB
    );
    let methods = [
        "cp",
        "rust pipe",
        "rust pipe, slow writer",
        "rust data→write, slow writer",
        "node 20 pipe()",
        "node 20 data→write",
        "node 20 pipe(), slow writer",
        "node 20 data→write, slow writer",
    ];
    for &size in &sizes {
        let src = dir.path().join(format!("src-{size}"));
        make_file(&src, size * MIB);
        let dst = dir.path().join("dst");
        for method in methods {
            let figure = match method {
                "cp" => run_cp(&src, &dst),
                "rust pipe" => run_child("pipe", 0, &src, &dst),
                "rust pipe, slow writer" => run_child("pipe", SLOW_SINK, &src, &dst),
                "rust data→write, slow writer" => {
                    run_child("ignore", SLOW_SINK, &src, &dst)
                }
                "node 20 pipe()" => {
                    run_node(node.as_deref(), &dir, NODE_PIPE, 0, &src, &dst)
                }
                "node 20 data→write" => {
                    run_node(node.as_deref(), &dir, NODE_DATA_WRITE, 0, &src, &dst)
                }
                "node 20 pipe(), slow writer" => {
                    run_node(node.as_deref(), &dir, NODE_PIPE, SLOW_SINK, &src, &dst)
                }
                _ => run_node(
                    node.as_deref(),
                    &dir,
                    NODE_DATA_WRITE,
                    SLOW_SINK,
                    &src,
                    &dst,
                ),
            };
            if let Some(f) = figure {
                println!(
                    "{size:>5} MiB  {method:<30} {:>7.1} MiB peak RSS  {:>7.0} MiB/s",
                    f.peak_rss_mib,
                    size as f64 / f.seconds.max(1e-9)
                );
            } else {
                println!("{size:>5} MiB  {method:<30} (not measured)");
            }
            let _ = std::fs::remove_file(&dst);
        }
        let _ = std::fs::remove_file(&src);
    }
}

/// Writes `bytes` of varied content, 1 MiB at a time.
fn make_file(path: &Path, bytes: u64) {
    let block: Vec<u8> = (0..MIB).map(|i| (i * 7 % 251) as u8).collect();
    let mut file = File::create(path).expect("creating the source");
    for _ in 0..bytes / MIB {
        file.write_all(&block).expect("writing the source");
    }
}

/// `cp`, timed; its peak RSS from GNU time when installed.
fn run_cp(src: &Path, dst: &Path) -> Option<Figure> {
    let time = Path::new("/usr/bin/time");
    let start = Instant::now();
    let output = if time.exists() {
        Command::new(time)
            .args(["-f", "%M"])
            .arg("cp")
            .arg(src)
            .arg(dst)
            .output()
            .ok()?
    } else {
        Command::new("cp").arg(src).arg(dst).output().ok()?
    };
    let seconds = start.elapsed().as_secs_f64();
    let kb: f64 = String::from_utf8_lossy(&output.stderr)
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(f64::NAN);
    Some(Figure {
        seconds,
        peak_rss_mib: kb / 1024.0,
    })
}

/// This bench binary again, as a child doing one copy (so its `VmHWM` is the copy's own).
fn run_child(mode: &str, rate: u64, src: &Path, dst: &Path) -> Option<Figure> {
    let exe = std::env::current_exe().ok()?;
    let output = Command::new(exe)
        .env(CHILD, format!("{mode} {rate}"))
        .arg(src)
        .arg(dst)
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let value = |key: &str| -> Option<f64> {
        text.lines()
            .find_map(|l| l.strip_prefix(key)?.trim().parse().ok())
    };
    Some(Figure {
        seconds: value("seconds")?,
        peak_rss_mib: value("peak_rss_mib")?,
    })
}

/// The child: `CH04_COPY_CHILD="pipe|ignore RATE" bench SRC DST`.
fn child(mode: &str) {
    let mut parts = mode.split(' ');
    let kind = parts.next().unwrap_or("pipe");
    let rate: u64 = parts.next().and_then(|r| r.parse().ok()).unwrap_or(0);
    let files: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    let (Some(src), Some(dst)) = (files.first(), files.get(1)) else {
        eprintln!("child: SRC DST needed");
        return;
    };
    let mut reader = File::open(src).expect("opening the source");
    let throttle = if rate == 0 {
        Throttle::Unlimited
    } else {
        Throttle::PerSecond(rate)
    };
    let mut sink = Sink::new(
        File::create(dst).expect("creating dst"),
        16 * 1024,
        throttle,
    );
    let start = Instant::now();
    let result = if kind == "pipe" {
        pipe(&mut reader, &mut sink, 64 * 1024)
    } else {
        copy_ignoring_backpressure(&mut reader, &mut sink, 64 * 1024)
    };
    result.expect("copying");
    let seconds = start.elapsed().as_secs_f64();
    let hwm = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| field_kb(&s, "VmHWM").ok())
        .unwrap_or(0);
    println!("seconds {seconds}");
    println!("peak_rss_mib {}", hwm as f64 / MIB as f64);
}

fn run_node(
    node: Option<&Path>,
    dir: &tempfile::TempDir,
    body: &str,
    rate: u64,
    src: &Path,
    dst: &Path,
) -> Option<Figure> {
    let node = node?;
    let args = [
        src.display().to_string(),
        dst.display().to_string(),
        rate.to_string(),
    ];
    let source = format!("{NODE_WRITER}{body}");
    let figures = run_node_script(node, dir.path(), "copy.js", &source, &args)?;
    Some(Figure {
        seconds: *figures.values.get("seconds")?,
        peak_rss_mib: *figures.values.get("peak_rss_mib")?,
    })
}
