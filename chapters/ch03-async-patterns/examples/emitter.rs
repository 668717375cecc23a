//! `emitter`: replay a JSON-lines script of emitter operations and print what Node would.
//!
//! ```text
//! cargo run -q -p ch03-async-patterns-solution --example emitter -- FILE.jsonl
//! cargo xtask run chapter-3 emitter -- FILE.jsonl           (your own emitter)
//! node chapters/ch03-async-patterns/tests/oracle/emitter.js FILE.jsonl   (real Node)
//! ```
//!
//! Prints one line per observable effect (a listener call, emit's return
//! value, a warning, an unhandled `error`); the format is described in
//! book/src/ch03-async-patterns/emitter-script.md. Bad input (no file, a line
//! that is not an operation) prints one clear line on stderr and exits 2.

use std::io::Write as _;
use std::process::ExitCode;

use ch03_async_patterns::script;

const USAGE: &str = "usage: emitter FILE.jsonl";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let file = match args.as_slice() {
        [flag] if flag == "-h" || flag == "--help" => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
        [flag] if flag.starts_with('-') => {
            eprintln!("emitter: unknown flag {flag}\n{USAGE}");
            return ExitCode::from(2);
        }
        [file] => file,
        _ => {
            eprintln!("emitter: expected exactly one script file\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("emitter: cannot read {file}: {error}");
            return ExitCode::from(2);
        }
    };
    match script::run_script(&text) {
        Ok(lines) => {
            let mut out = std::io::stdout().lock();
            for line in lines {
                // A closed pipe (`| head`) is not worth a panic.
                if writeln!(out, "{line}").is_err() {
                    break;
                }
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("emitter: {file}: {error}");
            ExitCode::from(2)
        }
    }
}
