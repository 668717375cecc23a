//! `cargo xtask list`: every chapter of the curriculum with the learner's progress.
//!
//! Each written chapter (one with `katas.toml`) shows "N of M katas", a bar and
//! the next kata to do. Results come from `.kata-state/results/` while the
//! chapter's source hash is unchanged (see `state.rs`), so `list` is instant
//! after a `check` or a `watch`; a chapter whose sources changed is built and
//! run again, quietly, with a spinner. `--no-run` never runs anything and shows
//! what is cached. Chapters not written yet say so.

use std::process::ExitCode;

use anyhow::Result;
use clap::{ArgMatches, Command, arg};

use crate::cargo::{Cargo, Runner};
use crate::chapters::{Chapter, Workspace};
use crate::check::Verdict;
use crate::check::{self, CheckOptions};
use crate::katas::Katas;
use crate::state::{self, CachedKata, CachedResults};
use crate::stubs;
use crate::term;

/// Width of the progress bar, in cells.
const BAR_WIDTH: usize = 12;

/// Options of `list`.
#[derive(Debug)]
#[allow(missing_docs)] // Each field's help is its argument's, below.
pub struct ListArgs {
    pub no_run: bool,
    pub json: bool,
}

impl ListArgs {
    fn augment(command: Command) -> Command {
        command.args([
            arg!(--"no-run" "Do not build or run anything: show cached results and kata \
                 counts only"),
            arg!(--json "Print the rows as JSON on stdout"),
        ])
    }

    fn read(matches: &ArgMatches) -> ListArgs {
        ListArgs {
            no_run: matches.get_flag("no-run"),
            json: matches.get_flag("json"),
        }
    }
}

crate::args_by_hand!(ListArgs);

/// One chapter's row.
#[derive(Debug)]
pub struct Row {
    /// 1-based chapter number.
    pub number: u32,
    /// `async-io`.
    pub slug: String,
    /// English title.
    pub title: String,
    /// The notes' title.
    pub chinese: String,
    /// How far `list` got with the chapter.
    pub state: RowState,
    /// Katas that pass, when the tests ran.
    pub passed: Option<usize>,
    /// Katas in `katas.toml`, when written.
    pub katas: Option<usize>,
    /// The first kata (book order) that does not pass yet.
    pub next: Option<String>,
    /// True when the row came from `.kata-state/` rather than a run just now.
    pub cached: bool,
}

crate::serialize_fields!(Row {
    number,
    slug,
    title,
    chinese,
    state,
    passed,
    katas,
    next,
    cached,
});

/// How far `list` got with a chapter (`--json`'s `state`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowState {
    /// No katas.toml yet.
    NotWritten,
    /// Written, but no results for its current sources (`--no-run`).
    NotRun,
    /// The learner's crate does not compile.
    CompileError,
    /// The katas ran (now or, cached, since the sources last changed).
    Ran,
    /// Running it failed for another reason (said on stderr).
    Error,
}

crate::named_variants!(RowState {
    NotWritten => "not_written",
    NotRun => "not_run",
    CompileError => "compile_error",
    Ran => "ran",
    Error => "error",
});

/// Picks the test runner once, and only if some chapter has to run.
#[derive(Debug, Default)]
pub struct LazyRunner(Option<Runner>);

impl LazyRunner {
    /// The runner: nextest when installed, else `cargo test`.
    pub fn get(&mut self, cargo: &Cargo) -> Result<Runner> {
        if let Some(runner) = self.0 {
            return Ok(runner);
        }
        let runner = cargo.pick_runner(Some(crate::cargo::Runner::Cargo))?;
        self.0 = Some(runner);
        Ok(runner)
    }
}

/// A chapter's results: cached when its sources are unchanged, else from a
/// quiet run now (unless `run` is false, then `None`).
pub fn results(
    cargo: &Cargo,
    chapter: &Chapter,
    katas: &Katas,
    runner: &mut LazyRunner,
    run: bool,
) -> Result<(Option<CachedResults>, bool)> {
    let hash = state::source_hash(cargo.root(), chapter)?;
    if let Some(cached) = state::cached_results(cargo.root(), chapter, &hash) {
        return Ok((Some(cached), true));
    }
    // A chapter nobody has touched is its generated stubs: every kata is
    // not started, and nothing needs building to say so (a fresh clone's
    // first `list` would otherwise build every chapter).
    if stubs::differences(cargo.root(), chapter).is_ok_and(|d| d.is_empty()) {
        let untouched = CachedResults {
            hash,
            compiled: true,
            katas: katas
                .list
                .iter()
                .map(|kata| CachedKata {
                    name: kata.name.clone(),
                    verdict: Verdict::NotStarted,
                })
                .collect(),
        };
        return Ok((Some(untouched), true));
    }
    if !run {
        return Ok((None, false));
    }
    let options = CheckOptions {
        solution: false,
        runner: runner.get(cargo)?,
        quiet: true,
        color: false,
        skip_untouched: true,
    };
    let report = check::learner_run(cargo, chapter, katas, &options)?;
    Ok((Some(CachedResults::from_report(hash, &report)), false))
}

/// Every chapter's row, running the stale ones unless `no_run`.
pub fn rows(workspace: &Workspace, cargo: &Cargo, no_run: bool) -> Result<Vec<Row>> {
    let mut runner = LazyRunner::default();
    let mut rows = Vec::new();
    for chapter in &workspace.chapters {
        let mut row = Row {
            number: chapter.number,
            slug: chapter.slug.clone(),
            title: chapter.title.clone(),
            chinese: chapter.chinese.clone(),
            state: RowState::NotWritten,
            passed: None,
            katas: None,
            next: None,
            cached: false,
        };
        if chapter.is_written(&workspace.root) {
            let katas = Katas::load(&chapter.katas_toml(&workspace.root))?;
            row.katas = Some(katas.list.len());
            row.state = RowState::NotRun;
            match results(cargo, chapter, &katas, &mut runner, !no_run) {
                Ok((None, _)) => {}
                Ok((Some(results), cached)) => {
                    row.cached = cached;
                    if results.compiled {
                        row.state = RowState::Ran;
                        row.passed = Some(results.passed());
                        row.next = results.next().map(|k| k.name.clone());
                    } else {
                        row.state = RowState::CompileError;
                    }
                }
                Err(error) => {
                    term::note(&format!("{}: {error:#}", chapter.dir_name()));
                    row.state = RowState::Error;
                }
            }
        }
        rows.push(row);
    }
    Ok(rows)
}

/// Runs `list`.
pub fn run(args: &ListArgs) -> Result<ExitCode> {
    let workspace = Workspace::load()?;
    let cargo = Cargo::new(&workspace.root);
    let rows = rows(&workspace, &cargo, args.no_run)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
    } else {
        print_rows(&rows);
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints one line per chapter, and the next kata under each chapter in progress.
pub fn print_rows(rows: &[Row]) {
    for row in rows {
        let (bar, progress) = match (row.state, row.passed, row.katas) {
            (RowState::Ran, Some(passed), Some(total)) if passed == total => (
                term::green(&bar(passed, total)),
                term::green(&format!("{passed} of {total} katas ✓")),
            ),
            (RowState::Ran, Some(passed), Some(total)) => {
                (bar(passed, total), format!("{passed} of {total} katas"))
            }
            (RowState::CompileError, ..) => {
                (" ".repeat(BAR_WIDTH), term::red("does not compile"))
            }
            (RowState::Error, ..) => {
                (" ".repeat(BAR_WIDTH), term::red("could not run"))
            }
            (_, _, Some(total)) => {
                (term::dim(&bar(0, total)), format!("{total} katas"))
            }
            _ => (" ".repeat(BAR_WIDTH), term::dim("not written yet")),
        };
        // Pad before colouring: escapes would count toward the width.
        let pad = " ".repeat(
            16usize.saturating_sub(term::strip_ansi(&progress).chars().count()),
        );
        println!(
            "  chapter-{}  {:<15} {bar} {progress}{pad} {} · {}",
            row.number, row.slug, row.title, row.chinese
        );
        if let (Some(next), RowState::Ran) = (&row.next, row.state) {
            println!(
                "  {:<26}{}",
                "",
                term::dim(&format!(
                    "next: cargo xtask check chapter-{} {next}",
                    row.number
                ))
            );
        }
    }
    if rows.iter().any(|r| r.state == RowState::CompileError) {
        println!();
        println!("Run `cargo xtask check <chapter>` to see the compile errors.");
    }
    if rows.iter().any(|r| r.state == RowState::NotRun) {
        println!();
        println!(
            "Chapters without results have not been run since they changed (drop `--no-run`)."
        );
    }
}

/// `█████░░░░░░░`: `passed` of `total` as [`BAR_WIDTH`] cells.
fn bar(passed: usize, total: usize) -> String {
    let full = (passed * BAR_WIDTH).checked_div(total).unwrap_or(0);
    format!("{}{}", "█".repeat(full), "░".repeat(BAR_WIDTH - full))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_fills_in_proportion() {
        assert_eq!(bar(0, 10), "░".repeat(BAR_WIDTH));
        assert_eq!(bar(10, 10), "█".repeat(BAR_WIDTH));
        assert_eq!(bar(5, 10), format!("{}{}", "█".repeat(6), "░".repeat(6)));
        assert_eq!(bar(0, 0), "░".repeat(BAR_WIDTH));
    }
}
