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
//!
//! Lines are printed as the model logs them, so a loop that is only partly
//! solved still shows what it did; a panic ends the output with its message
//! and the kata it came from, and exits 101.
//! Book: book/src/ch02-async-io/event-loop.md

use std::panic::{self, AssertUnwindSafe};
use std::process::ExitCode;
use std::sync::Mutex;

use ch02_async_io::races::all_orders;
use ch02_async_io::{
    Logged, ScriptError, Semantics, run_script_echoing, script, semantics,
};

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
            flag if flag.starts_with('-') => {
                return Err(format!("unknown flag {flag}\n{USAGE}"));
            }
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
    let echo: fn(&Logged) = if args.phases {
        |logged| println!("{}  {}", logged.phase, logged.text)
    } else {
        |logged| println!("{}", logged.text)
    };
    // The default hook would print the panic before the lines logged so far
    // are flushed; keep it for the end, with the kata it came from.
    panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| {
                info.payload()
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
            })
            .unwrap_or_default();
        let place = info.location().map(|l| (l.file().to_owned(), l.line()));
        *PANIC.lock().unwrap_or_else(|e| e.into_inner()) = Some((message, place));
    }));
    let run = panic::catch_unwind(AssertUnwindSafe(|| {
        run_script_echoing(&source, args.semantics, Some(echo))
    }));
    match run {
        Ok(Ok(_)) => ExitCode::SUCCESS,
        Ok(Err(error)) => {
            eprintln!("loop: {}: {error}", args.file);
            ExitCode::from(2)
        }
        Err(_) => {
            let (message, place) = PANIC
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .take()
                .unwrap_or_default();
            let kata =
                message
                    .split("kata ")
                    .nth(1)
                    .map(str::to_owned)
                    .or_else(|| {
                        place.as_ref().and_then(|(file, line)| kata_at(file, *line))
                    });
            let at = place
                .map_or(String::new(), |(file, line)| format!(" at {file}:{line}"));
            match kata {
                Some(kata) => eprintln!(
                    "loop: the model panicked in kata {kata}{at}: {message}"
                ),
                None => eprintln!("loop: the model panicked{at}: {message}"),
            }
            ExitCode::from(101)
        }
    }
}

/// The last panic's message and place, kept by the hook for `main` to print.
type PanicRecord = Option<(String, Option<(String, u32)>)>;

/// Where the panic hook leaves what it saw.
static PANIC: Mutex<PanicRecord> = Mutex::new(None);

/// The kata whose `// ANCHOR:` region holds `line` of `file`: `timers::insert`
/// for a line inside `// ANCHOR: insert` in `src/timers.rs`.
fn kata_at(file: &str, line: u32) -> Option<String> {
    // Panic locations are relative to the workspace root, two levels up.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let text = std::fs::read_to_string(root.join(file)).ok()?;
    let module = std::path::Path::new(file)
        .file_stem()?
        .to_string_lossy()
        .into_owned();
    let mut open: Vec<&str> = Vec::new();
    for (number, text) in text.lines().enumerate() {
        if number + 1 == line as usize {
            return open.last().map(|anchor| format!("{module}::{anchor}"));
        }
        let text = text.trim();
        if let Some(name) = text.strip_prefix("// ANCHOR:") {
            open.push(name.trim());
        } else if let Some(name) = text.strip_prefix("// ANCHOR_END:") {
            open.retain(|a| *a != name.trim());
        }
    }
    None
}

/// `--all`: every order the script may print, one per line.
fn print_all_orders(args: &Args, source: &str) -> ExitCode {
    let checked =
        script::parse(source)
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
