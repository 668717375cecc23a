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
use clap::{Arg, ArgMatches, FromArgMatches, Subcommand};
use xtask::{
    about, cargo::Cargo, chapters, check, hint, list, reset, run, stubs, watch,
};

/// The commands this binary runs itself, and one variant for those `maintain` runs.
#[derive(Debug)]
enum Command {
    Check(check::CheckArgs),
    Watch(watch::WatchArgs),
    Hint(hint::HintArgs),
    Reset(reset::ResetArgs),
    List(list::ListArgs),
    Run(run::RunArgs),
    Stubs(stubs::StubsArgs),
    /// One of `maintain`'s, whose arguments, `--help` included, are its own.
    Forwarded,
}

/// The commands `maintain` runs, with their descriptions, in `--help`'s order.
const FORWARDED: [(&str, &str); 9] = [
    ("node", about::NODE),
    ("book", about::BOOK),
    ("grade", about::GRADE),
    ("bench-check", about::BENCH_CHECK),
    ("mutants", about::MUTANTS),
    ("book-order", about::BOOK_ORDER),
    ("setup", about::SETUP),
    ("oracle", about::ORACLE),
    ("verify", about::VERIFY),
];

/// `name`'s options, described by `about`.
fn learner<A: clap::Args>(name: &'static str, about: &'static str) -> clap::Command {
    A::augment_args(clap::Command::new(name).about(about))
}

/// A command handed over: everything after its name goes unread.
fn forwarded(name: &'static str, about: &'static str) -> clap::Command {
    clap::Command::new(name)
        .about(about)
        .disable_help_flag(true)
        .arg(
            Arg::new("args")
                .value_name("ARGS")
                .num_args(0..)
                .trailing_var_arg(true)
                .allow_hyphen_values(true)
                .value_parser(clap::value_parser!(OsString))
                .help("Passed to the command unread (`--help` shows them)"),
        )
}

impl Subcommand for Command {
    fn augment_subcommands(cli: clap::Command) -> clap::Command {
        // `--help` has always listed node, book and grade before stubs, the
        // maintainers' commands after it.
        let [node, book, grade, rest @ ..] = FORWARDED.map(|(n, a)| forwarded(n, a));
        cli.subcommands([
            learner::<check::CheckArgs>(
                "check",
                "Build and test a chapter: each kata ✓/✗, then the first failure \
                 with its hint",
            ),
            learner::<watch::WatchArgs>(
                "watch",
                "Re-run a chapter's katas on every save (keys: h hint, l list, q quit)",
            ),
            learner::<hint::HintArgs>(
                "hint",
                "The next hint for a kata (default: the first that does not pass)",
            ),
            learner::<reset::ResetArgs>(
                "reset",
                "Start a kata over from its stub (your other katas stay as they are)",
            ),
            learner::<list::ListArgs>("list", "Every chapter with your progress"),
            learner::<run::RunArgs>(
                "run",
                "Run one of a chapter's examples on your code (or `--solution`)",
            ),
            node,
            book,
            grade,
            learner::<stubs::StubsArgs>(
                "stubs",
                "Maintainers: generate the stubs from the solutions (`--check` compares)",
            ),
        ])
        .subcommands(rest)
    }

    fn augment_subcommands_for_update(cli: clap::Command) -> clap::Command {
        Command::augment_subcommands(cli)
    }

    fn has_subcommand(name: &str) -> bool {
        ["check", "watch", "hint", "reset", "list", "run", "stubs"].contains(&name)
            || FORWARDED.iter().any(|(forwarded, _)| *forwarded == name)
    }
}

impl FromArgMatches for Command {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Command, clap::Error> {
        let Some((name, args)) = matches.subcommand() else {
            return Err(clap::Error::new(clap::error::ErrorKind::MissingSubcommand));
        };
        Ok(match name {
            "check" => Command::Check(FromArgMatches::from_arg_matches(args)?),
            "watch" => Command::Watch(FromArgMatches::from_arg_matches(args)?),
            "hint" => Command::Hint(FromArgMatches::from_arg_matches(args)?),
            "reset" => Command::Reset(FromArgMatches::from_arg_matches(args)?),
            "list" => Command::List(FromArgMatches::from_arg_matches(args)?),
            "run" => Command::Run(FromArgMatches::from_arg_matches(args)?),
            "stubs" => Command::Stubs(FromArgMatches::from_arg_matches(args)?),
            _ => Command::Forwarded,
        })
    }

    fn update_from_arg_matches(
        &mut self,
        matches: &ArgMatches,
    ) -> Result<(), clap::Error> {
        *self = Command::from_arg_matches(matches)?;
        Ok(())
    }
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
            Command::Forwarded => forward(),
        },
    )
}
