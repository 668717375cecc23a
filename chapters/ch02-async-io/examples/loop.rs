//! `loop`: run a loopscript file through the event-loop model and print what Node would.
//!
//! ```text
//! cargo run -q -p ch02-async-io-solution --example loop -- --node 10|20 [--phases | --all] FILE.js
//! cargo xtask run chapter-2 loop -- --node 20 snippet.js        (your own loop)
//! ```
//!
//! Prints one label per line, in the order the script logs them; with
//! `--phases`, each line is `phase  label`; with `--all`, every order the
//! script may print (it is racy when there is more than one), one per line,
//! labels joined by `=>`. Bad input (unknown flag, missing
//! file, text outside loopscript, an API the chosen Node lacks) prints one
//! clear line on stderr and exits 2.
//! Book: book/src/ch02-async-io/event-loop.md

use std::process::ExitCode;

use ch02_async_io::races::all_orders;
use ch02_async_io::{ScriptError, Semantics, run_script, script, semantics};

const USAGE: &str = "usage: loop --node 10|20 [--phases | --all] FILE.js";

struct Args {
    semantics: Semantics,
    phases: bool,
    all: bool,
    file: String,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let (mut node, mut phases, mut all, mut file) = (None, false, false, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--node" => {
                let value = args.next().ok_or("--node needs a version: 10 or 20")?;
                let major = value.trim_start_matches('v').parse::<u32>().map_err(|_| {
                    format!("--node {value}: expected a major version such as 10 or 20")
                })?;
                node = Some(Semantics::for_node(major).map_err(|e| e.to_string())?);
            }
            "--phases" => phases = true,
            "--all" => all = true,
            "-h" | "--help" => return Err(USAGE.to_owned()),
            flag if flag.starts_with('-') => return Err(format!("unknown flag {flag}\n{USAGE}")),
            path if file.is_none() => file = Some(path.to_owned()),
            extra => return Err(format!("unexpected argument {extra}\n{USAGE}")),
        }
    }
    if phases && all {
        return Err(format!("--phases and --all do not combine\n{USAGE}"));
    }
    Ok(Args {
        semantics: node.ok_or_else(|| format!("missing --node\n{USAGE}"))?,
        phases,
        all,
        file: file.ok_or_else(|| format!("missing the script file\n{USAGE}"))?,
    })
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("loop: {message}");
            return ExitCode::from(2);
        }
    };
    let source = match std::fs::read_to_string(&args.file) {
        Ok(source) => source,
        Err(error) => {
            eprintln!("loop: cannot read {}: {error}", args.file);
            return ExitCode::from(2);
        }
    };
    if args.all {
        return print_all_orders(&args, &source);
    }
    match run_script(&source, args.semantics) {
        Ok(event_loop) if args.phases => print!("{}", event_loop.phase_trace()),
        Ok(event_loop) => {
            for label in event_loop.labels() {
                println!("{label}");
            }
        }
        Err(error) => {
            eprintln!("loop: {}: {error}", args.file);
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

/// `--all`: every order the script may print, one per line.
fn print_all_orders(args: &Args, source: &str) -> ExitCode {
    let checked = script::parse(source)
        .map_err(ScriptError::Parse)
        .and_then(|program| {
            semantics::check_supported(&program, args.semantics)
                .map(|()| program)
                .map_err(ScriptError::Unsupported)
        });
    let program = match checked {
        Ok(program) => program,
        Err(error) => {
            eprintln!("loop: {}: {error}", args.file);
            return ExitCode::from(2);
        }
    };
    let found = all_orders(&program, args.semantics);
    for order in &found.orders {
        println!("{}", order.join("=>"));
    }
    if !found.complete {
        eprintln!(
            "loop: {}: stopped after {} runs; there may be more orders",
            args.file, found.runs
        );
    }
    ExitCode::SUCCESS
}
