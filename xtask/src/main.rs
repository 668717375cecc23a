//! `cargo xtask`: the workspace's command line for learners and maintainers.
//!
//! `cargo xtask` is an alias (`.cargo/config.toml`) for running this crate, in
//! the style of rust-analyzer's xtask: plain Rust instead of shell scripts, so
//! it works wherever cargo does. This file parses arguments and dispatches; each
//! command lives in its own module. Exit status: 0 when all is well, 1 when a
//! kata, a build or a verify step fails, 2 for bad usage (unknown chapter, kata
//! or example) and for errors that kept a command from doing its job.

mod bench_check;
mod book;
mod book_order;
mod bookcheck;
mod cargo;
mod chapters;
mod check;
mod files;
mod grade;
mod hint;
mod katas;
mod list;
mod mutants;
mod node;
mod oracle;
mod orphans;
mod reset;
mod run;
mod screenshots;
mod setup;
mod state;
mod stubs;
mod term;
mod verify;
mod watch;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Node Internals in Rust: check your katas, read hints, run demos, verify the workspace.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
struct Cli {
    /// Show every command xtask runs (`$ cargo test …`).
    #[arg(long, short, global = true)]
    verbose: bool,
    /// What to do.
    #[command(subcommand)]
    command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
enum Command {
    /// Build and test a chapter: each kata ✓/✗, then the first failure with its hint.
    Check(check::CheckArgs),
    /// Re-run a chapter's katas on every save (keys: h hint, l list, q quit).
    Watch(watch::WatchArgs),
    /// The next hint for a kata (default: the first that does not pass).
    Hint(hint::HintArgs),
    /// Start a kata over from its stub (your other katas stay as they are).
    Reset(reset::ResetArgs),
    /// Every chapter with your progress.
    List(list::ListArgs),
    /// Run one of a chapter's examples on your code (or `--solution`).
    Run(run::RunArgs),
    /// Find or install the Node binaries the oracle tests compare against.
    Node(node::NodeArgs),
    /// Build the book with mdBook (`--open` to read it, `--check` to check it).
    Book(book::BookArgs),
    /// Instructors: grade clones tamper-proof (Markdown, JSON, JUnit).
    Grade(grade::GradeArgs),
    /// Maintainers: generate the stubs from the solutions (`--check` compares).
    Stubs(stubs::StubsArgs),
    /// Maintainers: time save → verdict over several edits (min/median/max).
    BenchCheck(bench_check::BenchCheckArgs),
    /// Maintainers: list the wrong kata bodies no kata test catches (cargo-mutants).
    Mutants(mutants::MutantsArgs),
    /// Maintainers: prove every kata passes with only the katas before it solved.
    BookOrder(book_order::BookOrderArgs),
    /// Maintainers: install what `verify` needs and this machine lacks.
    Setup(setup::SetupArgs),
    /// Maintainers: refresh (`record`) or check (`live`) the recorded real-Node answers.
    Oracle(oracle::OracleArgs),
    /// Maintainers: prove the workspace sound (what CI runs).
    Verify(verify::VerifyArgs),
}

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

fn main() -> ExitCode {
    quiet_when_the_reader_leaves();
    let cli = Cli::parse();
    // Orphans of the runs below become ours, to be found and stopped.
    orphans::adopt();
    // `verify`'s log is CI's record: it always shows what it ran.
    term::set_verbose(cli.verbose || matches!(cli.command, Command::Verify(_)));
    let result = match &cli.command {
        Command::Check(args) => check::run(args),
        Command::Watch(args) => watch::run(args),
        Command::Hint(args) => hint::run(args),
        Command::Reset(args) => reset::run(args),
        Command::List(args) => list::run(args),
        Command::Run(args) => run::run(args),
        Command::Node(args) => node::run(args),
        Command::Book(args) => book::run(args),
        Command::Grade(args) => grade::run(args),
        Command::Stubs(args) => stubs::run(args),
        Command::BenchCheck(args) => bench_check::run(args),
        Command::BookOrder(args) => book_order::run(args),
        Command::Mutants(args) => mutants::run(args),
        Command::Setup(args) => setup::run(args),
        Command::Oracle(args) => oracle::run(args),
        Command::Verify(args) => verify::run(args),
    };
    match result {
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
