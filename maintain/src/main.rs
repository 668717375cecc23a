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
mod isolation;
mod mutants;
mod node;
mod oracle;
mod screenshots;
mod setup;
mod verify;

use std::process::ExitCode;

use clap::Subcommand;
// The learner's half, named as if it were this crate's own (`crate::cargo`).
use xtask::{
    about, cargo, chapters, check, files, katas, left_out, orphans, reset, stubs,
    term,
};

/// The commands (`cargo xtask --help` lists them with the learner's).
#[derive(Debug, Subcommand)]
enum Command {
    #[command(about = about::NODE)]
    Node(node::NodeArgs),
    #[command(about = about::BOOK)]
    Book(book::BookArgs),
    #[command(about = about::GRADE)]
    Grade(grade::GradeArgs),
    #[command(about = about::BENCH_CHECK)]
    BenchCheck(bench_check::BenchCheckArgs),
    #[command(about = about::MUTANTS)]
    Mutants(mutants::MutantsArgs),
    #[command(about = about::BOOK_ORDER)]
    BookOrder(book_order::BookOrderArgs),
    #[command(about = about::SETUP)]
    Setup(setup::SetupArgs),
    #[command(about = about::ORACLE)]
    Oracle(oracle::OracleArgs),
    #[command(about = about::VERIFY)]
    Verify(verify::VerifyArgs),
}

fn main() -> ExitCode {
    xtask::start(
        // `verify`'s log is CI's record: it always shows what it ran.
        |command| matches!(command, Command::Verify(_)),
        |command| match command {
            Command::Node(args) => node::run(args),
            Command::Book(args) => book::run(args),
            Command::Grade(args) => grade::run(args),
            Command::BenchCheck(args) => bench_check::run(args),
            Command::BookOrder(args) => book_order::run(args),
            Command::Mutants(args) => mutants::run(args),
            Command::Setup(args) => setup::run(args),
            Command::Oracle(args) => oracle::run(args),
            Command::Verify(args) => verify::run(args),
        },
    )
}
