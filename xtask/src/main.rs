//! `cargo xtask`: the workspace's command line for learners and maintainers.
//!
//! `cargo xtask` is an alias (`.cargo/config.toml`) for running this crate, in
//! the style of rust-analyzer's xtask: plain Rust instead of shell scripts, so
//! it works wherever cargo does. This file parses arguments and dispatches; each
//! command lives in its own module of the library. The commands a learner's
//! loop never runs (`verify`, `grade`, `book`, …) live in `maintain/` and are
//! handed to it whole: a learner's first build compiles none of them.
//!
//! Exit status: 0 when all is well, 1 when a kata, a build or a verify step
//! fails, 2 for bad usage (unknown chapter, kata or example) and for errors
//! that kept a command from doing its job.

use std::ffi::OsString;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Subcommand};
use xtask::{
    about, cargo::Cargo, chapters, check, hint, list, reset, run, stubs, watch,
};

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
    #[command(about = about::NODE)]
    Node(Forwarded),
    #[command(about = about::BOOK)]
    Book(Forwarded),
    #[command(about = about::GRADE)]
    Grade(Forwarded),
    /// Maintainers: generate the stubs from the solutions (`--check` compares).
    Stubs(stubs::StubsArgs),
    #[command(about = about::BENCH_CHECK)]
    BenchCheck(Forwarded),
    #[command(about = about::MUTANTS)]
    Mutants(Forwarded),
    #[command(about = about::BOOK_ORDER)]
    BookOrder(Forwarded),
    #[command(about = about::SETUP)]
    Setup(Forwarded),
    #[command(about = about::ORACLE)]
    Oracle(Forwarded),
    #[command(about = about::VERIFY)]
    Verify(Forwarded),
}

/// A command `maintain/` runs: its arguments, `--help` included, are its own.
#[derive(Debug, Args)]
#[command(disable_help_flag = true)]
struct Forwarded {
    /// Passed to the command unread (`--help` shows them).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    args: Vec<OsString>,
}

/// Runs the maintainers' binary with this command line, as typed, and takes
/// its exit status. It is built on first use (cargo prints its progress).
fn forward() -> anyhow::Result<ExitCode> {
    let root = chapters::project_root();
    let mut command =
        Cargo::new(&root).command(["run", "--quiet", "--package", "maintain", "--"]);
    command.args(std::env::args_os().skip(1));
    let status = command.status().context(
        "running the maintainers' commands (`cargo run --package maintain`)",
    )?;
    Ok(run::exit_code(status))
}

fn main() -> ExitCode {
    xtask::start(
        |_| false,
        |command| match command {
            Command::Check(args) => check::run(args),
            Command::Watch(args) => watch::run(args),
            Command::Hint(args) => hint::run(args),
            Command::Reset(args) => reset::run(args),
            Command::List(args) => list::run(args),
            Command::Run(args) => run::run(args),
            // The generator is the learner's half: `reset` splices from it.
            Command::Stubs(args) => stubs::run(args),
            Command::Node(_)
            | Command::Book(_)
            | Command::Grade(_)
            | Command::BenchCheck(_)
            | Command::Mutants(_)
            | Command::BookOrder(_)
            | Command::Setup(_)
            | Command::Oracle(_)
            | Command::Verify(_) => forward(),
        },
    )
}
