//! The learner's half of `cargo xtask`: the loop a learner lives in (`check`,
//! `watch`, `hint`, `reset`, `list`, `run`) and what it stands on (chapters and
//! katas, cargo runs, results, the stub generator, the terminal).
//!
//! It is a library so that the other half, `maintain/` (`verify`, `grade`,
//! `book`, `oracle`, …), can build on the same modules without being compiled
//! on a learner's first `cargo xtask check`: a fresh clone builds this crate
//! and nothing of the maintainers' commands.

#[doc(hidden)]
pub mod by_hand;
pub mod cargo;
pub mod chapters;
pub mod check;
pub mod files;
pub mod hint;
pub mod katas;
pub mod left_out;
pub mod list;
pub mod orphans;
pub mod reset;
pub mod run;
pub mod scratch;
pub mod state;
pub mod stubs;
pub mod term;
pub mod watch;

use std::process::ExitCode;

use clap::Subcommand;

/// An error in what the user asked for (an unknown chapter, kata or example):
/// exit status 2, with a message that lists the valid choices.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Parses the command line: `--verbose` and one of `C`'s commands.
///
/// What `#[derive(Parser)]` would build (see `by_hand.rs` for why it is not):
/// a command is required, and `cargo xtask` alone prints the help.
fn parse<C: Subcommand>() -> (bool, C) {
    let cli = clap::Command::new("cargo xtask")
        .bin_name("cargo xtask")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .arg(
            clap::Arg::new("verbose")
                .long("verbose")
                .short('v')
                .global(true)
                .action(clap::ArgAction::SetTrue)
                .help("Show every command xtask runs (`$ cargo test …`)"),
        );
    // After the commands: a derived `C` sets its own doc comment as the about.
    let matches = C::augment_subcommands(cli)
        .about(
            "Node Internals in Rust: check your katas, read hints, run demos, \
             verify the workspace",
        )
        .get_matches();
    let command = C::from_arg_matches(&matches).unwrap_or_else(|error| error.exit());
    (matches.get_flag("verbose"), command)
}

/// The descriptions of the commands `cargo xtask` hands to `maintain`, which
/// both binaries' help shows.
pub mod about {
    /// `node`.
    pub const NODE: &str =
        "Find or install the Node binaries the oracle tests compare against";
    /// `book`.
    pub const BOOK: &str =
        "Build the book with mdBook (`--open` to read it, `--check` to check it)";
    /// `grade`.
    pub const GRADE: &str =
        "Instructors: grade clones tamper-proof (Markdown, JSON, JUnit)";
    /// `bench-check`.
    pub const BENCH_CHECK: &str =
        "Maintainers: time save → verdict over several edits (min/median/max)";
    /// `mutants`.
    pub const MUTANTS: &str = "Maintainers: list the wrong kata bodies no kata test catches (cargo-mutants)";
    /// `book-order`.
    pub const BOOK_ORDER: &str =
        "Maintainers: prove every kata passes with only the katas before it solved";
    /// `setup`.
    pub const SETUP: &str =
        "Maintainers: install what `verify` needs and this machine lacks";
    /// `oracle`.
    pub const ORACLE: &str = "Maintainers: refresh (`record`) or check (`live`) the recorded real-Node answers";
    /// `verify`.
    pub const VERIFY: &str = "Maintainers: prove the workspace sound (what CI runs)";
}

/// Both binaries' `main`: parses the command line into `C`, makes this process
/// the reaper of its runs' orphans, and runs the command. `--verbose`, or
/// `always_verbose` of the command, shows every command run. Exit status: the
/// command's, or 2 after printing the error and its causes (a usage error, or
/// an error that kept the command from its job).
pub fn start<C: Subcommand>(
    always_verbose: fn(&C) -> bool,
    run: fn(&C) -> anyhow::Result<ExitCode>,
) -> ExitCode {
    quiet_when_the_reader_leaves();
    let (verbose, command) = parse::<C>();
    // Orphans of the runs below become ours, to be found and stopped.
    orphans::adopt();
    term::set_verbose(verbose || always_verbose(&command));
    match run(&command) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("{} {error}", term::error_label());
            for cause in error.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(2)
        }
    }
}

/// Ends quietly when stdout's reader has gone (`… | head`, or `less` quit
/// early), as a Unix tool killed by SIGPIPE does, exit status 141 included.
///
/// Rust ignores SIGPIPE, so `println!` to a closed pipe panics instead, with a
/// message and, under `RUST_BACKTRACE`, a backtrace: noise about a reader that
/// simply had enough. Restoring the signal would need `unsafe`.
fn quiet_when_the_reader_leaves() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if message.starts_with("failed printing to stdout")
            && message.contains("Broken pipe")
        {
            std::process::exit(141);
        }
        default(info);
    }));
}
