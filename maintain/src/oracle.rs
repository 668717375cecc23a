//! `cargo xtask oracle record|live [CHAPTER]`: maintainers refresh and check
//! the recorded real-Node answers in `recordings/<chapter>/`.
//!
//! Kata tests judge the models against what real Node printed, recorded once
//! and committed (`kata_support::oracle::recorded`), so a learner's `check`
//! never starts Node. `record` runs a chapter's solution tests with
//! `KATA_ORACLE=record`: every oracle case runs real Node 10, 20 or 22 and
//! writes its recording (merged with a current one of the same input and Node
//! release, so a racy case's recording grows towards every order Node prints).
//! `live` runs them with `KATA_ORACLE=live`: a case whose recording is missing
//! or stale, or for which live Node prints an outcome the recording lacks,
//! fails, named. `verify` runs the `live` check for every chapter.
//!
//! Real Node's races depend on load: record on a quiet machine, and run
//! `record` twice or three times for chapters with racy cases (chapter 2).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::cargo::{Cargo, Outcome, Profile, TestResult, TestRun, TestSpec, tail};
use crate::chapters::{Chapter, Workspace};
use crate::files::collect_files;
use crate::term;

/// Options of `oracle`.
#[derive(Debug, clap::Args)]
pub struct OracleArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: OracleAction,
}

/// `oracle` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum OracleAction {
    /// Run real Node for every oracle case and write the recordings (default: every chapter).
    Record {
        /// The chapter (`chapter-2`, `2`, `async-io`…).
        chapter: Option<String>,
    },
    /// Check every recording against live Node, as `verify` does (default: every chapter).
    Live {
        /// The chapter (`chapter-2`, `2`, `async-io`…).
        chapter: Option<String>,
    },
}

/// Runs `oracle`.
pub fn run(args: &OracleArgs) -> Result<ExitCode> {
    let workspace = Workspace::load()?;
    let cargo = Cargo::new(&workspace.root);
    let (chapter, mode) = match &args.action {
        OracleAction::Record { chapter } => (chapter, "record"),
        OracleAction::Live { chapter } => (chapter, "live"),
    };
    let chapters: Vec<&Chapter> = match chapter {
        Some(name) => vec![workspace.resolve_written(name)?.0],
        None => workspace.written().collect(),
    };
    let mut failed = false;
    for chapter in chapters {
        let dir = chapter.dir_name();
        println!("{}", term::bold(&format!("{dir}: KATA_ORACLE={mode}")));
        let problems = if mode == "record" {
            record(&cargo, chapter)?
        } else {
            live(&cargo, chapter, &scratch_list(&cargo, &dir)?)?
        };
        if problems.is_empty() {
            println!("{} {dir}", term::green("✓"));
        } else {
            failed = true;
            println!("{} {dir}", term::red("✗"));
            for problem in problems {
                println!("    - {}", problem.trim_end().replace('\n', "\n      "));
            }
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// A fresh file for `KATA_ORACLE_REFERENCES` under the target dir.
pub fn scratch_list(cargo: &Cargo, dir: &str) -> Result<PathBuf> {
    let scratch = cargo.target_dir()?.join("xtask");
    std::fs::create_dir_all(&scratch)
        .with_context(|| format!("creating {}", scratch.display()))?;
    let list = scratch.join(format!("oracle-refs-{dir}.txt"));
    let _ = std::fs::remove_file(&list);
    Ok(list)
}

/// Runs the chapter's solution tests with `KATA_ORACLE=record`; returns the
/// problems (tests that failed even so) after listing what changed.
fn record(cargo: &Cargo, chapter: &Chapter) -> Result<Vec<String>> {
    let run = run_solution(cargo, chapter, "record", None)?;
    let dir = chapter.dir_name();
    let changed = crate::cargo::capture(
        std::process::Command::new("git")
            .args(["status", "--porcelain", "--untracked-files=all", "--"])
            .arg(Path::new("recordings").join(&dir))
            .current_dir(cargo.root()),
    )
    .map(|output| String::from_utf8_lossy(&output.stdout).into_owned())
    .unwrap_or_default();
    let changed: Vec<&str> = changed.lines().collect();
    println!(
        "{}",
        term::dim(&format!(
            "  {} recording file(s) new or changed; review with `git diff recordings/{dir}`",
            changed.len()
        ))
    );
    Ok(failures(&run))
}

/// Runs the chapter's solution tests with `KATA_ORACLE=live`; returns one
/// problem per failing test (naming the oracle case when the recording is at
/// fault) and one per recording no test read.
pub fn live(
    cargo: &Cargo,
    chapter: &Chapter,
    references: &Path,
) -> Result<Vec<String>> {
    let run = run_solution(cargo, chapter, "live", Some(references))?;
    let mut problems = failures(&run);
    if problems.is_empty() {
        problems.extend(orphans(cargo.root(), &chapter.dir_name(), references)?);
    }
    Ok(problems)
}

/// Builds and runs the chapter's solution `katas` with `KATA_ORACLE=mode`.
fn run_solution(
    cargo: &Cargo,
    chapter: &Chapter,
    mode: &str,
    references: Option<&Path>,
) -> Result<TestRun> {
    let package = chapter.solution_package();
    if !cargo.build_tests(&package, Profile::Debug, false)? {
        anyhow::bail!("{package} does not compile: see the errors above");
    }
    // One test at a time: real Node's races depend on load, and a live run
    // starts Node hundreds of times per test. `cargo test` rather than
    // nextest, whose per-test timeouts are for learners' loops, not for Node.
    let mut env = vec![
        ("KATA_ORACLE".to_owned(), mode.to_owned()),
        ("RUST_TEST_THREADS".to_owned(), "1".to_owned()),
    ];
    if let Some(list) = references {
        env.push((
            "KATA_ORACLE_REFERENCES".to_owned(),
            list.display().to_string(),
        ));
    }
    cargo.run_tests(&TestSpec {
        env,
        ..TestSpec::every_test(&package, cargo.root())
    })
}

/// One line per failing test: the oracle case when its message names one.
fn failures(run: &TestRun) -> Vec<String> {
    let mut problems = Vec::new();
    if run.tests.is_empty() {
        problems.push(format!(
            "no tests ran; the runner said:\n{}",
            tail(&run.stderr, 10)
        ));
    }
    for test in &run.tests {
        if matches!(test.outcome, Outcome::Failed | Outcome::TimedOut) {
            problems.push(format!("{}: {}", test.name, failure(test)));
        }
    }
    problems
}

/// Why a test failed, in a line or two: the oracle case its panic names, and
/// the panic's message. The `note:` lines a live run prints about racy orders
/// it did not fail on (and libtest's backtrace note) are not the reason.
fn failure(test: &TestResult) -> String {
    let message = term::strip_ansi(&test.output);
    let lines: Vec<&str> = message
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("note: "))
        .collect();
    let panic = lines
        .iter()
        .position(|l| l.starts_with("thread '") && l.contains("panicked at"));
    let head = match panic {
        Some(at) => lines[at + 1..]
            .iter()
            .take(3)
            .copied()
            .collect::<Vec<_>>()
            .join("\n"),
        None => lines.first().copied().unwrap_or("(no message)").to_owned(),
    };
    match oracle_case(&lines.join("\n")) {
        Some(case) => format!("{case}: {head}"),
        None => head,
    }
}

/// The case an oracle panic names: `oracle case `scenarios/x` (…)`.
fn oracle_case(message: &str) -> Option<String> {
    let start = message.find("oracle case `")? + "oracle case `".len();
    let end = message[start..].find('`')?;
    Some(format!("recording `{}`", &message[start..start + end]))
}

/// Recordings of `dir` that no test read (listed in `references`).
fn orphans(root: &Path, dir: &str, references: &Path) -> Result<Vec<String>> {
    let folder = root.join("recordings").join(dir);
    let read: BTreeSet<PathBuf> = std::fs::read_to_string(references)
        .unwrap_or_default()
        .lines()
        .map(|line| {
            let path = PathBuf::from(line);
            path.canonicalize().unwrap_or(path)
        })
        .collect();
    let mut files = Vec::new();
    if folder.is_dir() {
        collect_files(&folder, &mut files)?;
    }
    files.sort();
    Ok(files
        .iter()
        .filter(|f| {
            let canonical = f.canonicalize().unwrap_or_else(|_| f.to_path_buf());
            f.extension().is_some_and(|e| e == "txt") && !read.contains(&canonical)
        })
        .map(|f| {
            format!(
                "{}: no test reads this recording (an orphan: delete it)",
                f.strip_prefix(root).unwrap_or(f).display()
            )
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_case_is_read_from_the_oracle_panic() {
        let message = "thread 'x' panicked at a.rs:1:1:\noracle case `scenarios/nested_ticks` \
                       (ch02-async-io, node 10): live Node printed 1 outcome(s) the recording lacks";
        assert_eq!(
            oracle_case(message).as_deref(),
            Some("recording `scenarios/nested_ticks`")
        );
        assert_eq!(oracle_case("assertion failed"), None);
    }

    #[test]
    fn a_failure_is_its_panic_not_a_note_about_a_racy_order() {
        let output = "note: oracle case `generated/037` (ch02-async-io, node 10): live \
                      Node printed, in some of 3 runs, an order the recording lacks\n\
                      thread 'g::node10' panicked at generated.rs:9:5:\n\
                      generated program #12 disagrees with node 10\n---\n";
        let test = TestResult {
            name: "g::node10".to_owned(),
            outcome: Outcome::Failed,
            output: output.to_owned(),
        };
        assert_eq!(
            failure(&test),
            "generated program #12 disagrees with node 10\n---"
        );
        let timed_out = TestResult {
            output: "thread 'x' panicked at lib.rs:1:1:\noracle case `scenarios/a` \
                     (ch02-async-io, node 20): timed out"
                .to_owned(),
            ..test
        };
        assert_eq!(
            failure(&timed_out),
            "recording `scenarios/a`: oracle case `scenarios/a` (ch02-async-io, node 20): \
             timed out"
        );
    }
}
