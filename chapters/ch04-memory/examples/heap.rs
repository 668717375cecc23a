//! `heap`: run a heap program (JSON lines) on the toy V8 heap, printing `--trace-gc`-shaped lines.
//!
//! ```text
//! cargo run -q -p ch04-memory-solution --example heap -- [--semispace BYTES] FILE.jsonl
//! cargo xtask run chapter-4 heap -- FILE.jsonl             (your own heap)
//! ```
//!
//! Ops: `alloc`, `ref`, `unref`, `root`, `unroot`, `scavenge`, `full`, `live`
//! (see `src/program.rs`). Each collection prints one trace line; `live`
//! prints `{"new":[…],"old":[…],"large":[…]}`; a bad line prints
//! `{"error":"CODE","line":N}` and the program goes on.
//! Book: book/src/ch04-memory/trace.md

use std::io::{self, BufRead, Write};
use std::panic;
use std::process::ExitCode;

use ch04_memory::program::{Runner, error_line};

/// The semispace size when `--semispace` is not given: 16 KiB, small enough
/// that a program of a few dozen allocations sees scavenges.
const DEFAULT_SEMISPACE: usize = 16 * 1024;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut semispace = DEFAULT_SEMISPACE;
    let mut file = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--semispace" => match args.next().and_then(|v| v.parse().ok()) {
                Some(bytes) if bytes > 0 => semispace = bytes,
                _ => {
                    eprintln!("heap: --semispace needs a positive number of bytes");
                    return ExitCode::from(2);
                }
            },
            _ if file.is_none() => file = Some(arg),
            _ => {
                eprintln!("usage: heap [--semispace BYTES] FILE.jsonl");
                return ExitCode::from(2);
            }
        }
    }
    let Some(file) = file else {
        eprintln!("usage: heap [--semispace BYTES] FILE.jsonl");
        return ExitCode::from(2);
    };
    let input = match std::fs::File::open(&file) {
        Ok(f) => io::BufReader::new(f),
        Err(error) => {
            eprintln!("heap: cannot open {file}: {error}");
            return ExitCode::from(1);
        }
    };
    // A kata that is not solved yet panics with `todo!`; report that line and
    // keep going, without the default panic message on every line.
    panic::set_hook(Box::new(|info| eprintln!("heap: {info}")));
    let mut runner = Runner::new(semispace);
    let mut stdout = io::stdout().lock();
    for line in input.split(b'\n') {
        let Ok(bytes) = line else {
            eprintln!("heap: cannot read {file}");
            return ExitCode::from(1);
        };
        // Invalid UTF-8 is a bad line like any other, not a reason to stop.
        let text = String::from_utf8_lossy(&bytes);
        let number = runner.line_number + 1;
        let out = panic::catch_unwind(panic::AssertUnwindSafe(|| runner.line(&text)))
            .unwrap_or_else(|_| {
                runner.line_number = number;
                vec![error_line("KATA_PANICKED", number)]
            });
        for printed in out {
            if writeln!(stdout, "{printed}").is_err() {
                // The reader went away (a closed pipe): stop quietly.
                return ExitCode::SUCCESS;
            }
        }
    }
    ExitCode::SUCCESS
}
