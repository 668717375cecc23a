//! `cargo xtask verify`: prove the workspace sound. CI runs this; so should you
//! before sending a change.
//!
//! rustlings' `dev check` plus rust-analyzer's `tidy`, as steps printed
//! `✓ step` / `✗ step` (with details), ending with the line
//! `N passed, N failed` where N counts steps:
//!
//! - set-up (`setup.rs`): the tools the steps need are there, installed first
//!   when missing (`--offline`: listed instead);
//! - `cargo fmt --all --check`; the stubs are what `cargo xtask stubs`
//!   generates from the solutions (`stubs --check`); tidy (every `.rs` starts with `//!`, no bare
//!   `#[should_panic]` in katas);
//! - the book: every `{{#include path:anchor}}` resolves, the rules of
//!   `cargo xtask book --check` hold (code fits the column at 1280 px, SUMMARY
//!   titles are the pages' H1s, images resolve, callouts cite evidence),
//!   `mdbook build` succeeds;
//! - `cargo clippy --workspace --all-targets -- -D warnings`;
//! - per written chapter: the solution passes every `katas` test under nextest
//!   and `cargo test` (debug) and under nextest in `--release`, judged by the
//!   recorded real-Node answers (`recordings/`); every recording matches live
//!   Node (`KATA_ORACLE=live`: a stale, missing or orphan recording fails,
//!   named; see `oracle.rs`); every kata test fails on the generated stubs (one
//!   that passes is vacuous); katas.toml is complete (tests, hints, book
//!   anchors, no orphan tests);
//! - book order: each kata's tests pass with only the katas up to it solved
//!   (`book_order.rs`, one staged build per chapter);
//! - every other test in the workspace passes;
//! - snapshots are pristine: none written, none pending, none orphaned;
//! - when tmux is installed, the scripted terminal sessions (`watch`, `hint`,
//!   `reset`, `list` in a real terminal, `xtask/tests/sessions.rs`) pass;
//!   without tmux the step is skipped and says so.
//!
//! A failed step never stops the run: the report lists every problem at once.
//! `--fast` skips the duplicate solution runs (`cargo test`, release).
//!
//! Build cost: one target dir; the debug test binary is built once and run by
//! both runners; only the solutions are built in release.

use crate::files::{collect_files, files_with_extension};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{ExitCode, Stdio};

use anyhow::{Context, Result};

use crate::book;
use crate::book_order;
use crate::bookcheck;
use crate::cargo::{
    Cargo, Outcome, Profile, Runner, TestResult, TestSpec, capture, echo, tail,
};
use crate::chapters::{Chapter, Workspace};
use crate::isolation;
use crate::katas::{Katas, Role};
use crate::node;
use crate::oracle;
use crate::orphans;
use crate::stubs;
use crate::term;

/// Options of `verify`.
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// Skip the duplicate solution runs (plain `cargo test`, and `--release`).
    #[arg(long)]
    pub fast: bool,
    /// Verify only this chapter's katas (the workspace-wide steps still run).
    #[arg(long)]
    pub chapter: Option<String>,
    /// The set-up step's options (`--offline`).
    #[command(flatten)]
    pub setup: crate::setup::SetupArgs,
}

/// The outcome of one step: what it found wrong, and a short summary when all is well.
#[derive(Debug, Default)]
struct Check {
    /// Shown after the step's name when it passed, e.g. `(42 tests)`.
    summary: String,
    /// One line per problem; the step fails when there is any.
    problems: Vec<String>,
}

impl Check {
    fn ok(summary: impl Into<String>) -> Check {
        Check {
            summary: summary.into(),
            problems: Vec::new(),
        }
    }

    fn problem(problem: impl Into<String>) -> Check {
        Check {
            summary: String::new(),
            problems: vec![problem.into()],
        }
    }
}

/// Counts and prints steps as they finish, each with the time it took.
#[derive(Debug)]
struct Steps {
    passed: usize,
    /// Each failed step's name and problems, repeated at the end: CI keeps only
    /// the tail of a long log, and the failure must be in it.
    failed: Vec<(String, Vec<String>)>,
    /// When the previous step finished: a step runs between two `record`s.
    since: std::time::Instant,
}

impl Default for Steps {
    fn default() -> Self {
        Steps {
            passed: 0,
            failed: Vec::new(),
            since: std::time::Instant::now(),
        }
    }
}

impl Steps {
    /// Prints `✓ name (summary)` or `✗ name` with its problems; an error is a problem too.
    /// CI has a time budget, so every line says how long its step took.
    fn record(&mut self, name: &str, check: Result<Check>) {
        let mut check =
            check.unwrap_or_else(|error| Check::problem(format!("{error:#}")));
        // Nothing a step starts may outlive it (xtask adopts orphans, see
        // orphans.rs): whatever is left is named here, and stopped.
        orphans::stop_leftovers();
        let left = orphans::take_stopped();
        if !left.is_empty() {
            let names: Vec<String> = left.iter().map(ToString::to_string).collect();
            check.problems.push(format!(
                "left running after its tests, stopped now:\n{}",
                names.join("\n")
            ));
        }
        let took =
            term::dim(&format!("[{:.0} s]", self.since.elapsed().as_secs_f64()));
        self.since = std::time::Instant::now();
        if check.problems.is_empty() {
            self.passed += 1;
            let summary = if check.summary.is_empty() {
                String::new()
            } else {
                format!("  {}", term::dim(&format!("({})", check.summary)))
            };
            println!("{} {name}{summary} {took}", term::green("✓"));
        } else {
            println!("{} {name} {took}", term::red("✗"));
            print_problems(&check.problems, usize::MAX);
            self.failed.push((name.to_owned(), check.problems));
        }
    }

    /// The closing lines: each failed step again, its problems cut to a screenful,
    /// then `N passed, N failed`, the line CI reads.
    fn finish(&self) -> ExitCode {
        if !self.failed.is_empty() {
            println!();
            println!("{}", term::bold("failed steps (in full above)"));
            for (name, problems) in &self.failed {
                println!("{} {name}", term::red("✗"));
                print_problems(problems, 12);
            }
        }
        println!("{} passed, {} failed", self.passed, self.failed.len());
        if self.failed.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    }
}

/// A step's problems as an indented list, each cut to its first `lines` lines.
fn print_problems(problems: &[String], lines: usize) {
    for problem in problems {
        let all: Vec<&str> = problem.trim_end().lines().collect();
        for (i, line) in all.iter().take(lines).enumerate() {
            let lead = if i == 0 { "    - " } else { "      " };
            println!("{}", format!("{lead}{line}").trim_end());
        }
        if all.len() > lines {
            println!("      … {} more lines", all.len() - lines);
        }
    }
}

/// Runs `verify`.
pub fn run(args: &VerifyArgs) -> Result<ExitCode> {
    // First install what the steps below need (`cargo xtask setup`).
    let set_up = crate::setup::prepare(args.setup.offline);
    let workspace = Workspace::load()?;
    let cargo = Cargo::new(&workspace.root);
    let chapters: Vec<&Chapter> = match &args.chapter {
        Some(name) => vec![workspace.resolve_written(name)?.0],
        None => workspace.written().collect(),
    };
    let nextest = cargo.nextest_installed();
    let target = cargo.target_dir()?;
    let scratch = target.join("xtask");
    std::fs::create_dir_all(&scratch)
        .with_context(|| format!("creating {}", scratch.display()))?;
    let snapshots_before = git_status(&workspace.root, "snapshots");
    let mut steps = Steps::default();

    println!("{}", term::bold("verify"));
    for (version, found) in node::status() {
        let found = found.map_or("not found".to_owned(), |p| p.display().to_string());
        println!("{}", term::dim(&format!("  oracle: {version}: {found}")));
    }
    if !nextest {
        println!(
            "{}",
            term::dim("  cargo-nextest is not installed: the nextest steps fail")
        );
    }

    let set_up = Check {
        summary: set_up.summary,
        problems: set_up.problems,
    };
    steps.record("set-up: the tools verify needs", Ok(set_up));
    steps.record("cargo fmt --all --check", fmt(&cargo));
    steps.record(
        "stubs: chapters/*/src is what `cargo xtask stubs` generates from solutions/",
        stubs_generated(&workspace, &chapters),
    );
    steps.record(
        "tidy: every .rs starts with //!, no bare #[should_panic] in katas",
        tidy(&workspace.root),
    );
    steps.record(
        "book: every {{#include path:anchor}} resolves",
        includes(&workspace.root),
    );
    steps.record(
        "book: code fits the column, titles match, images resolve, callouts cite evidence",
        book_rules(&workspace.root),
    );
    steps.record(
        "book: book/scripts agree with real Node 10, 20 and 22",
        book_scripts(&workspace.root),
    );
    steps.record(
        "book: mdbook build",
        mdbook(&workspace.root, &scratch.join("book")),
    );
    steps.record(
        "cargo clippy --workspace --all-targets -- -D warnings",
        clippy(&cargo),
    );

    let mut referenced = BTreeSet::new();
    let mut orphan_checks = Vec::new();
    let mut skipped_orphans = Vec::new();
    for chapter in &chapters {
        let (_, katas) = workspace.resolve_written(&chapter.dir_name())?;
        let refs = scratch.join(format!("snapshot-refs-{}.txt", chapter.dir_name()));
        let _ = std::fs::remove_file(&refs);
        let dir = chapter.dir_name();
        let mut names = BTreeSet::new();

        let mut all_solution_runs_complete = true;
        let runs: Vec<(Runner, Profile, &str)> = if args.fast {
            vec![(Runner::Nextest, Profile::Debug, "nextest, debug")]
        } else {
            vec![
                (Runner::Nextest, Profile::Debug, "nextest, debug"),
                (Runner::Cargo, Profile::Debug, "cargo test, debug"),
                (Runner::Nextest, Profile::Release, "nextest, release"),
            ]
        };
        for (runner, profile, label) in runs {
            let env = vec![(
                "INSTA_SNAPSHOT_REFERENCES_FILE".to_owned(),
                refs.display().to_string(),
            )];
            let check = if runner == Runner::Nextest && !nextest {
                all_solution_runs_complete = false;
                Ok(Check::problem(
                    "cargo-nextest is not installed: `cargo install cargo-nextest --locked`",
                ))
            } else {
                solution_passes(&cargo, chapter, runner, profile, env, &mut names)
            };
            if !check.as_ref().is_ok_and(|c| c.problems.is_empty()) {
                all_solution_runs_complete = false;
            }
            steps.record(&format!("{dir}: solution passes ({label})"), check);
        }
        steps.record(
            &format!("{dir}: every recording matches live Node (KATA_ORACLE=live)"),
            oracle::scratch_list(&cargo, &dir)
                .and_then(|list| oracle::live(&cargo, chapter, &list))
                .map(|problems| Check {
                    summary: String::new(),
                    problems,
                }),
        );
        let runner = if nextest {
            Runner::Nextest
        } else {
            Runner::Cargo
        };
        steps.record(
            &format!("{dir}: every kata test fails on the stubs"),
            stubs_fail(&cargo, chapter, &katas, runner, &mut names),
        );
        steps.record(
            &format!(
                "{dir}: each kata's tests compile without the others' (`check` leaves out katas not begun)"
            ),
            kata_isolation(&cargo, &workspace.root, chapter, &katas),
        );
        steps.record(
            &format!(
                "{dir}: katas.toml (tests, hints, book anchors, stubs' Book lines)"
            ),
            book_lines(&workspace.root, chapter, &katas).map(|missing| {
                let mut check = katas_complete(&workspace.root, &katas, &names);
                check.problems.extend(missing);
                check
            }),
        );
        if all_solution_runs_complete {
            referenced.extend(read_references(&refs));
            orphan_checks.push(chapter.dir_name());
        } else {
            // A failing test may stop before its snapshot assertion: no verdict on orphans.
            skipped_orphans.push(chapter.dir_name());
        }
    }

    steps.record(
        "book order: every kata passes with only the katas up to it solved",
        book_order(&cargo, &workspace, &chapters),
    );
    steps.record(
        "other tests (cargo test on every crate but the chapters)",
        other_tests(&cargo, &workspace),
    );
    steps.record(
        "verify-only test targets of the solutions (live Node 10/22 peers)",
        verify_only_targets(&workspace, &chapters),
    );
    steps.record(
        "snapshots pristine (none written or pending, none orphaned)",
        snapshots(
            &workspace.root,
            snapshots_before.as_deref(),
            &referenced,
            &orphan_checks,
        ),
    );
    if tmux_installed() {
        steps.record(
            "terminal sessions in tmux (watch, hint, reset, list)",
            sessions(&cargo),
        );
    } else {
        println!(
            "{}",
            term::dim(
                "  terminal sessions skipped: tmux is not installed (apt-get install tmux)"
            )
        );
    }
    if !skipped_orphans.is_empty() {
        println!(
            "{}",
            term::dim(&format!(
                "  orphan snapshots not checked for {} (the solution did not pass every run)",
                skipped_orphans.join(", ")
            ))
        );
    }

    Ok(steps.finish())
}

/// `3 tests`, `1 test`.
fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// `cargo fmt --all --check`.
fn fmt(cargo: &Cargo) -> Result<Check> {
    let mut command = cargo.command(["fmt", "--all", "--check"]);
    echo(&command);
    let output = capture(&mut command)?;
    if output.status.success() {
        return Ok(Check::ok(""));
    }
    // rustfmt prints `Diff in /path/file.rs:12:` headers; the files are what matter.
    let stdout = String::from_utf8_lossy(&output.stdout);
    let root = format!("{}/", cargo.root().display());
    let mut files: Vec<String> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("Diff in "))
        .filter_map(|l| l.split(':').next())
        .map(|file| file.strip_prefix(&root).unwrap_or(file).to_owned())
        .collect();
    files.dedup();
    let mut check = Check::default();
    if files.is_empty() {
        check
            .problems
            .push(tail(&String::from_utf8_lossy(&output.stderr), 20));
    }
    for file in files {
        check.problems.push(format!("not formatted: {file}"));
    }
    check.problems.push("run `cargo fmt --all`".to_owned());
    Ok(check)
}

/// `cargo clippy --workspace --all-targets -- -D warnings`, its diagnostics on stderr.
fn clippy(cargo: &Cargo) -> Result<Check> {
    let mut command = cargo.command([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]);
    command.stdin(Stdio::null()).stdout(std::io::stderr());
    echo(&command);
    let status = command.status().context("running cargo clippy")?;
    Ok(if status.success() {
        Check::ok("")
    } else {
        Check::problem("clippy found problems: see its output above")
    })
}

/// Tidy rules over the Rust sources (see the module docs).
fn tidy(root: &Path) -> Result<Check> {
    let mut check = Check::default();
    let mut count = 0;
    for folder in ["chapters", "solutions", "crates", "xtask", "maintain"] {
        for file in files_with_extension(&root.join(folder), "rs")? {
            count += 1;
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let shown = file
                .strip_prefix(root)
                .unwrap_or(&file)
                .display()
                .to_string();
            if !text.starts_with("//!") {
                check.problems.push(format!(
                    "{shown}: does not start with a `//!` comment (what it models, the Node behaviour, the book page)"
                ));
            }
            let in_katas = folder == "chapters" && shown.contains("/tests/");
            if in_katas {
                for line in bare_should_panic(&text) {
                    check.problems.push(format!(
                        "{shown}:{line}: bare #[should_panic] passes against todo!(): \
                         add `expected = \"…\"` or assert the error as a value"
                    ));
                }
            }
        }
    }
    check.summary = plural(count, "file");
    Ok(check)
}

/// 1-based lines holding a `#[should_panic]` without `expected`.
fn bare_should_panic(source: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    for (at, _) in source.match_indices("#[should_panic") {
        let attribute = source[at..].split(']').next().unwrap_or("");
        if !attribute.contains("expected") {
            lines.push(source[..at].matches('\n').count() + 1);
        }
    }
    lines
}

/// Every include in `book/src` resolves to a file holding its anchor.
fn includes(root: &Path) -> Result<Check> {
    let src = root.join("book").join("src");
    if !src.is_dir() {
        return Ok(Check::problem("book/src does not exist"));
    }
    let (count, problems) = book::check_includes(&src)?;
    Ok(Check {
        summary: plural(count, "include"),
        problems,
    })
}

/// `cargo xtask book --check`: the layout and evidence rules of [`bookcheck`].
fn book_rules(root: &Path) -> Result<Check> {
    let problems = bookcheck::check(root)?;
    Ok(Check {
        summary: String::new(),
        problems,
    })
}

/// Every checked script of `book/scripts` exits 0 on every Node version.
fn book_scripts(root: &Path) -> Result<Check> {
    let nodes: Vec<(String, Option<PathBuf>)> = node::status()
        .into_iter()
        .map(|(version, path)| (version.to_string(), path))
        .collect();
    let (runs, problems) = bookcheck::run_scripts(root, &nodes)?;
    Ok(Check {
        summary: plural(runs, "script run"),
        problems,
    })
}

/// `mdbook build book` into `dest`, so a reader's `book/build` stays as it is.
fn mdbook(root: &Path, dest: &Path) -> Result<Check> {
    if !root.join("book").join("book.toml").is_file() {
        return Ok(Check::problem("book/book.toml does not exist"));
    }
    Ok(if book::build(root, Some(dest), false, true)? {
        Check::ok("")
    } else {
        Check::problem("mdbook build failed: see its output above")
    })
}

/// Builds and runs the solution; every test must pass. Adds the test names to `names`.
fn solution_passes(
    cargo: &Cargo,
    chapter: &Chapter,
    runner: Runner,
    profile: Profile,
    env: Vec<(String, String)>,
    names: &mut BTreeSet<String>,
) -> Result<Check> {
    let package = chapter.solution_package();
    if !cargo.build_tests(&package, profile, false)? {
        return Ok(Check::problem(format!(
            "{package} does not compile: see the errors above"
        )));
    }
    // Built by cargo itself (no `binary`): verify proves the plain
    // `cargo test` way works too.
    let run = cargo.run_tests(&TestSpec {
        profile,
        runner,
        env,
        ..TestSpec::every_test(&package, cargo.root())
    })?;
    names.extend(run.tests.iter().map(|t| t.name.clone()));
    let mut check = Check::ok(plural(run.tests.len(), "test"));
    if run.tests.is_empty() {
        check.problems.push(format!(
            "no tests ran; the runner said:\n{}",
            tail(&run.stderr, 10)
        ));
    }
    for test in &run.tests {
        match test.outcome {
            Outcome::Passed => {}
            Outcome::Ignored => check.problems.push(format!(
                "{}: ignored (a test that never runs proves nothing)",
                test.name
            )),
            Outcome::Failed
            | Outcome::TimedOut
            | Outcome::NotRun
            | Outcome::Untouched => check.problems.push(describe_failure(test)),
        }
    }
    Ok(check)
}

/// A failing test's name and the start of its message.
fn describe_failure(test: &TestResult) -> String {
    let message = term::strip_ansi(&test.output);
    // Blank lines only stretch the report; the message reads fine without them.
    let lines: Vec<&str> = message.lines().filter(|l| !l.trim().is_empty()).collect();
    let head = &lines[..lines.len().min(12)];
    let more = lines.len() - head.len();
    let mut text = format!("{} failed:\n  {}", test.name, head.join("\n  "));
    if more > 0 {
        text.push_str(&format!("\n  … {}", plural(more, "more line")));
    }
    text
}

/// Builds and runs the pristine stubs; every kata test must fail.
fn stubs_fail(
    cargo: &Cargo,
    chapter: &Chapter,
    katas: &Katas,
    runner: Runner,
    names: &mut BTreeSet<String>,
) -> Result<Check> {
    let package = chapter.package();
    if !cargo.build_tests(&package, Profile::Debug, false)? {
        return Ok(Check::problem(format!(
            "the stubs ({package}) do not compile: see the errors above"
        )));
    }
    let run = cargo.run_tests(&TestSpec {
        runner,
        // Judged by the recordings, as a learner's run is; a live interop test
        // missing its peer (Node 20, curl, redis-server) fails, never skips.
        ..TestSpec::every_test(&package, cargo.root())
    })?;
    names.extend(run.tests.iter().map(|t| t.name.clone()));
    let mut check = Check::default();
    let mut failing = 0;
    for test in &run.tests {
        if let Role::Kata(kata) = katas.role(&test.name) {
            match test.outcome {
                Outcome::Passed => check.problems.push(format!(
                    "{} passes on the stub of {}: vacuous (name it given_* if it checks scaffolding)",
                    test.name, kata.name
                )),
                Outcome::Failed | Outcome::TimedOut => failing += 1,
                Outcome::Ignored | Outcome::NotRun | Outcome::Untouched => {}
            }
        }
    }
    check.summary = format!("{} fail", plural(failing, "kata test"));
    Ok(check)
}

/// The `kata_skip` attributes are right, and the builds of
/// `isolation::left_out_sets` compile (see `isolation.rs`).
fn kata_isolation(
    cargo: &Cargo,
    root: &Path,
    chapter: &Chapter,
    katas: &Katas,
) -> Result<Check> {
    let mut problems = isolation::attribute_problems(root, chapter, katas)?;
    let (builds, failed) = isolation::build_problems(cargo, chapter, katas)?;
    problems.extend(failed);
    Ok(Check {
        summary: format!("{} of the stubs and tests", plural(builds, "build")),
        problems,
    })
}

/// katas.toml lists complete katas: each has tests, at least two hints, and a
/// book page with its heading; and every test belongs to a kata or is
/// `given_`/scaffolding.
fn katas_complete(root: &Path, katas: &Katas, names: &BTreeSet<String>) -> Check {
    let mut check = Check::ok(plural(katas.list.len(), "kata"));
    if names.is_empty() {
        check
            .problems
            .push("no test list: neither the solution nor the stubs ran".to_owned());
        return check;
    }
    for kata in &katas.list {
        let tests = names
            .iter()
            .filter(|n| katas.role(n) == Role::Kata(kata))
            .count();
        if tests == 0 {
            check.problems.push(format!(
                "{}: no tests (put them in `mod {}` of tests/katas/{}.rs)",
                kata.name,
                kata.name.rsplit("::").next().unwrap_or(&kata.name),
                kata.module()
            ));
        }
        let hints = kata.hints.iter().filter(|h| !h.trim().is_empty()).count();
        if hints < 2 {
            check.problems.push(format!(
                "{}: {hints} hints, want at least 2 (a nudge, then the concept)",
                kata.name
            ));
        }
        let page = root.join("book").join("src").join(kata.book_page());
        match (std::fs::read_to_string(&page), kata.book_anchor()) {
            (Err(_), _) => check.problems.push(format!(
                "{}: book page book/src/{} does not exist",
                kata.name,
                kata.book_page()
            )),
            (Ok(_), None) => check.problems.push(format!(
                "{}: book = \"{}\" names no #heading",
                kata.name, kata.book
            )),
            (Ok(text), Some(anchor)) => {
                let ids = book::explicit_ids(&text);
                if !ids.contains(&anchor) {
                    check.problems.push(format!(
                        "{}: book/src/{} has no heading with {{#{anchor}}} (its ids: {})",
                        kata.name,
                        kata.book_page(),
                        ids.join(", ")
                    ));
                }
            }
        }
    }
    for name in names {
        if katas.role(name) == Role::Orphan {
            check.problems.push(format!(
                "{name}: in a kata's module but under no kata of katas.toml (a typo?)"
            ));
        }
    }
    check
}

/// Each kata's doc comment (`/// Kata `name` — …`) points at the section its
/// katas.toml entry names (`**Book.** book/src/PAGE#ANCHOR`), so the stub a
/// learner opens says where to read, and says the same as `check`.
fn book_lines(root: &Path, chapter: &Chapter, katas: &Katas) -> Result<Vec<String>> {
    let mut text = String::new();
    for file in files_with_extension(&stubs::solution_src(root, chapter), "rs")? {
        text.push_str(
            &std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?,
        );
    }
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let mut problems = Vec::new();
    for kata in &katas.list {
        let opening = format!("/// Kata `{}`", kata.name);
        let want = format!("/// **Book.** book/src/{}", kata.book);
        let Some(at) = lines.iter().position(|l| l.starts_with(&opening)) else {
            problems.push(format!(
                "{}: no doc comment starting `{opening}`",
                kata.name
            ));
            continue;
        };
        let doc = lines[at..].iter().take_while(|l| l.starts_with("///"));
        if !doc.clone().any(|l| *l == want) {
            problems.push(format!("{}: its doc comment lacks `{want}`", kata.name));
        }
    }
    Ok(problems)
}

/// `cargo test` on every crate that is not a chapter. A chapter's library
/// holds no tests but its katas, which the chapter's own steps run.
fn other_tests(cargo: &Cargo, workspace: &Workspace) -> Result<Check> {
    let chapter_packages: BTreeSet<String> = workspace
        .chapters
        .iter()
        .flat_map(|c| [c.package(), c.solution_package()])
        .collect();
    let others: Vec<String> = cargo
        .member_packages()?
        .into_iter()
        .filter(|p| !chapter_packages.contains(p))
        .collect();
    let mut check = Check::ok(others.join(", "));
    let mut command = cargo.command(["test", "--no-fail-fast"]);
    for package in &others {
        command.args(["--package", package]);
    }
    // The tmux sessions have a step of their own.
    command.args(["--", "--skip", "session_"]);
    // Test output goes to stderr with cargo's, keeping stdout for the report.
    command
        .env("INSTA_UPDATE", "no")
        .stdin(Stdio::null())
        .stdout(std::io::stderr());
    echo(&command);
    if !command.status().context("running cargo test")?.success() {
        check.problems.push(format!(
            "cargo test failed for {}: see above",
            others.join(", ")
        ));
    }
    Ok(check)
}

/// Every `[[test]]` of a solution crate other than `katas` runs here: tests a
/// learner never runs because they need Node 10 or 22 live (chapter 6's
/// `node22`), read from the solution's manifest.
fn verify_only_targets(
    workspace: &Workspace,
    chapters: &[&Chapter],
) -> Result<Check> {
    /// The part of a manifest this step reads.
    #[derive(serde::Deserialize)]
    struct Manifest {
        #[serde(default)]
        test: Vec<Target>,
    }
    /// One `[[test]]`.
    #[derive(serde::Deserialize)]
    struct Target {
        name: String,
    }
    let mut check = Check::default();
    let mut ran = Vec::new();
    for chapter in chapters {
        let path = workspace
            .root
            .join("solutions")
            .join(chapter.dir_name())
            .join("Cargo.toml");
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        let manifest: Manifest = toml::from_str(&text)
            .with_context(|| format!("parsing {}", path.display()))?;
        for target in manifest.test.iter().filter(|t| t.name != "katas") {
            let package = chapter.solution_package();
            let mut command = std::process::Command::new(
                std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()),
            );
            command
                .current_dir(&workspace.root)
                .args(["test", "--package", &package, "--test", &target.name])
                .env("INSTA_UPDATE", "no")
                .stdin(Stdio::null())
                .stdout(std::io::stderr());
            echo(&command);
            if !command.status().context("running cargo test")?.success() {
                check.problems.push(format!(
                    "{package} --test {} failed: see above",
                    target.name
                ));
            }
            ran.push(format!("{package} --test {}", target.name));
        }
    }
    check.summary = if ran.is_empty() {
        "none".to_owned()
    } else {
        ran.join(", ")
    };
    Ok(check)
}

/// [`book_order::problems`] as a step.
fn book_order(
    cargo: &Cargo,
    workspace: &Workspace,
    chapters: &[&Chapter],
) -> Result<Check> {
    let mut check = Check::ok(plural(chapters.len(), "chapter"));
    for (_, lines) in book_order::problems(cargo, workspace, chapters)? {
        check.problems.extend(lines);
    }
    Ok(check)
}

/// Each chapter's committed stubs are what the generator writes from its solution.
fn stubs_generated(workspace: &Workspace, chapters: &[&Chapter]) -> Result<Check> {
    let mut check = Check::ok(plural(chapters.len(), "chapter"));
    for chapter in chapters {
        check
            .problems
            .extend(stubs::differences(&workspace.root, chapter)?);
    }
    if !check.problems.is_empty() {
        check.problems.push(
            "the stubs are generated: edit solutions/*/src, then run `cargo xtask stubs`"
                .to_owned(),
        );
    }
    Ok(check)
}

/// True when `tmux -V` runs.
fn tmux_installed() -> bool {
    std::process::Command::new("tmux")
        .arg("-V")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// `cargo test -p xtask --test sessions` with tmux required.
fn sessions(cargo: &Cargo) -> Result<Check> {
    let mut command =
        cargo.command(["test", "--package", "xtask", "--test", "sessions"]);
    command
        .env("KATA_REQUIRE_TMUX", "1")
        .stdin(Stdio::null())
        .stdout(std::io::stderr());
    echo(&command);
    Ok(
        if command
            .status()
            .context("running the tmux sessions")?
            .success()
        {
            Check::ok("3 sessions")
        } else {
            Check::problem("a terminal session failed: see its screen above")
        },
    )
}

/// `git status --porcelain -- PATH`, or `None` without git or outside a repository.
fn git_status(root: &Path, path: &str) -> Option<String> {
    let output = std::process::Command::new("git")
        .args(["status", "--porcelain", "--", path])
        .current_dir(root)
        .stdin(Stdio::null())
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The snapshot files insta reported using (`INSTA_SNAPSHOT_REFERENCES_FILE`).
fn read_references(path: &Path) -> BTreeSet<PathBuf> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|line| {
            let path = PathBuf::from(line);
            path.canonicalize().unwrap_or(path)
        })
        .collect()
}

/// No snapshot changed or is pending, and each chapter whose solution ran
/// completely used every snapshot in its folder.
fn snapshots(
    root: &Path,
    before: Option<&str>,
    referenced: &BTreeSet<PathBuf>,
    checked_chapters: &[String],
) -> Result<Check> {
    let dir = root.join("snapshots");
    let mut check = Check::default();
    let mut files = Vec::new();
    collect_files(&dir, &mut files)?;
    files.sort();
    let shown = |p: &Path| p.strip_prefix(root).unwrap_or(p).display().to_string();
    for file in &files {
        let name = file.to_string_lossy();
        if name.ends_with(".snap.new") || name.ends_with(".pending-snap") {
            check.problems.push(format!(
                "{}: a pending snapshot; review with `cargo insta review`, never commit it",
                shown(file)
            ));
        }
    }
    match (before, git_status(root, "snapshots")) {
        (Some(before), Some(after)) if before != after => check.problems.push(format!(
            "the run changed snapshots/ (git status before:\n{before}after:\n{after})"
        )),
        (None, _) | (_, None) => check
            .summary
            .push_str("git unavailable: change check skipped; "),
        _ => {}
    }
    let mut snap_count = 0;
    for chapter in checked_chapters {
        for file in files.iter().filter(|f| {
            f.extension().is_some_and(|e| e == "snap")
                && f.starts_with(dir.join(chapter))
        }) {
            snap_count += 1;
            let canonical = file.canonicalize().unwrap_or_else(|_| file.clone());
            if !referenced.contains(&canonical) {
                check.problems.push(format!(
                    "{}: no test uses this snapshot (an orphan: delete it, or fix the test's name)",
                    shown(file)
                ));
            }
        }
    }
    check.summary.push_str(&format!(
        "{} referenced in {}",
        plural(snap_count, "snapshot"),
        plural(checked_chapters.len(), "chapter")
    ));
    Ok(check)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_should_panic_is_found_with_its_line() {
        let source = "//! x\n#[test]\n#[should_panic]\nfn a() {}\n\
                      #[should_panic(expected = \"kata\")]\nfn b() {}\n#[should_panic ]\n";
        assert_eq!(bare_should_panic(source), [3, 7]);
    }

    #[test]
    fn book_lines_must_match_katas_toml() {
        let temp = tempfile::tempdir().unwrap();
        let chapter = Chapter {
            number: 9,
            slug: "sums".to_owned(),
            title: "Sums".to_owned(),
            chinese: "加法".to_owned(),
        };
        let src = stubs::solution_src(temp.path(), &chapter);
        std::fs::create_dir_all(&src).unwrap();
        std::fs::write(
            src.join("sums.rs"),
            "/// Kata `sums::add` — add.\n///\n/// **Book.** book/src/ch09/sums.md#add\n\
             pub fn add() {}\n\n/// Kata `sums::mul` — multiply.\n\
             /// **Book.** book/src/ch09/sums.md\npub fn mul() {}\n",
        )
        .unwrap();
        let katas = Katas::parse(
            r#"
            [[kata]]
            name = "sums::add"
            book = "ch09/sums.md#add"
            [[kata]]
            name = "sums::mul"
            book = "ch09/sums.md#mul"
            [[kata]]
            name = "sums::div"
            book = "ch09/sums.md#div"
            "#,
        )
        .unwrap();
        assert_eq!(
            book_lines(temp.path(), &chapter, &katas).unwrap(),
            [
                "sums::mul: its doc comment lacks `/// **Book.** book/src/ch09/sums.md#mul`",
                "sums::div: no doc comment starting `/// Kata `sums::div``",
            ]
        );
    }

    #[test]
    fn katas_complete_reports_each_gap() {
        let temp = tempfile::tempdir().unwrap();
        let root = temp.path();
        std::fs::create_dir_all(root.join("book/src/ch02")).unwrap();
        std::fs::write(
            root.join("book/src/ch02/calls.md"),
            "# Calls\n## Adding numbers {#adding-numbers}\n",
        )
        .unwrap();
        let katas = Katas::parse(
            r#"
            [[kata]]
            name = "calls::add"
            book = "ch02/calls.md#adding-numbers"
            hints = ["a", "b"]
            [[kata]]
            name = "calls::double"
            book = "ch02/calls.md#doubling"
            hints = ["only one"]
            [[kata]]
            name = "calls::spin"
            book = "ch02/gone.md#spin"
            hints = ["a", "b"]
            "#,
        )
        .unwrap();
        let names: BTreeSet<String> = [
            "calls::add::adds",
            "calls::double::doubles",
            "calls::dobule::typo",
            "script::parses",
        ]
        .into_iter()
        .map(str::to_owned)
        .collect();
        let check = katas_complete(root, &katas, &names);
        assert_eq!(
            check.problems,
            [
                "calls::double: 1 hints, want at least 2 (a nudge, then the concept)",
                "calls::double: book/src/ch02/calls.md has no heading with {#doubling} \
                 (its ids: adding-numbers)",
                "calls::spin: no tests (put them in `mod spin` of tests/katas/calls.rs)",
                "calls::spin: book page book/src/ch02/gone.md does not exist",
                "calls::dobule::typo: in a kata's module but under no kata of katas.toml (a typo?)",
            ]
        );
    }
}
