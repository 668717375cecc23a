//! `maintain`: the commands of `cargo xtask` that a learner's loop never runs —
//! proving the workspace sound (`verify`, `book-order`, `mutants`,
//! `bench-check`), keeping it (`oracle`, `node`, `setup`), grading
//! clones (`grade`) and building the book (`book`).
//!
//! `cargo xtask` hands these commands, with the command line as typed, to this
//! binary (`cargo run --package maintain`), so a learner's first build compiles
//! none of them. It stands on the learner's half, the `xtask` library: the same
//! chapters, katas, cargo runs and terminal. The module graph runs one way:
//! nothing in `xtask` names anything here.

mod bench_check;
mod book;
mod book_order;
mod bookcheck;
mod grade;
mod mutants;
mod node;
mod oracle;
mod screenshots;
mod setup;
mod verify;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
// The learner's half, named as if it were this crate's own (`crate::cargo`).
use xtask::{cargo, chapters, check, files, katas, orphans, stubs, term};

/// Node Internals in Rust: the maintainers', instructors' and readers' commands.
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

/// The commands (`cargo xtask --help` lists them with the learner's).
#[derive(Debug, Subcommand)]
enum Command {
    /// Find or install the Node binaries the oracle tests compare against.
    Node(node::NodeArgs),
    /// Build the book with mdBook (`--open` to read it, `--check` to check it).
    Book(book::BookArgs),
    /// Instructors: grade clones tamper-proof (Markdown, JSON, JUnit).
    Grade(grade::GradeArgs),
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

fn main() -> ExitCode {
    xtask::quiet_when_the_reader_leaves();
    let cli = Cli::parse();
    // Orphans of the runs below become ours, to be found and stopped.
    orphans::adopt();
    // `verify`'s log is CI's record: it always shows what it ran.
    term::set_verbose(cli.verbose || matches!(cli.command, Command::Verify(_)));
    xtask::exit_code(match &cli.command {
        Command::Node(args) => node::run(args),
        Command::Book(args) => book::run(args),
        Command::Grade(args) => grade::run(args),
        Command::BenchCheck(args) => bench_check::run(args),
        Command::BookOrder(args) => book_order::run(args),
        Command::Mutants(args) => mutants::run(args),
        Command::Setup(args) => setup::run(args),
        Command::Oracle(args) => oracle::run(args),
        Command::Verify(args) => verify::run(args),
    })
}
