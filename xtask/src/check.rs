//! `cargo xtask check <chapter> [KATA]`: what to do next, kata by kata.
//!
//! Builds the chapter's kata tests (compile errors appear exactly as
//! rustc prints them), runs them under nextest or `cargo test`, and prints one
//! row per kata in book order: ✓ passed, ✗ failed, … not started (its stub
//! still panics with `todo!("kata …")`), ⏱ timed out. For the first kata that
//! does not pass it shows the failing test's message or diff, the hint command
//! and the book page; when every kata passes, it points at the next chapter.
//! Exit status: 0 when every kata passes, 1 otherwise.
//!
//! In a learner's whole-chapter run, katas whose code is still exactly their
//! stub are reported not started without running their tests, all but the
//! first (see [`untouched_in_order`]; `--every-kata` runs them all). Under the
//! default runner their tests are not even compiled (`left_out.rs`), which
//! is most of what a save costs, except those in the first one's block
//! ([`BLOCK`]), so that beginning a kata seldom changes what is compiled.
//! Tests that ask for long deadlines get at most [`LONGEST_DEADLINE_MS`], so
//! a hang costs seconds wherever it is.
//!
//! A full learner run (no KATA, not `--solution`) is remembered in
//! `.kata-state/` (see `state.rs`), so `list` and `hint` need not run it again.

use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Result;
use clap::{ArgMatches, Command, arg};

use crate::by_hand;
use crate::cargo::{Cargo, Outcome, Profile, Runner, TestResult, TestSpec};
use crate::chapters::{Chapter, Workspace};
use crate::katas::{Kata, Katas, Role};
use crate::left_out::Slot;
use crate::orphans::{self, Leftover};
use crate::reset;
use crate::state::{self, CachedResults};
use crate::term::{self, Spinner};

/// The longest failure message shown in full; longer ones are cut with a note.
const MAX_FAILURE_LINES: usize = 80;

/// Options of `check`.
#[derive(Debug)]
#[allow(missing_docs)] // Each field's help is its argument's, below.
pub struct CheckArgs {
    pub chapter: String,
    pub kata: Option<String>,
    pub solution: bool,
    pub runner: Option<Runner>,
    pub json: bool,
    pub all_failures: bool,
    pub every_kata: bool,
}

impl CheckArgs {
    fn augment(command: Command) -> Command {
        command.args([
            by_hand::chapter(),
            arg!([KATA] "Only this kata (`module::item`, or just `item` when unambiguous)"),
            arg!(--solution "Check the reference solution instead of your code"),
            by_hand::runner(
                "The test runner (default: cargo test, one process: the fastest verdict; \
                 nextest runs each test in its own process, as `verify` and `grade` do)",
            ),
            arg!(--json "Print the verdicts as JSON on stdout instead of the table (with \
                 every failing test's message)"),
            arg!(--"all-failures" "Show every failing test's message, not only the first one's"),
            arg!(--"every-kata" "Run the tests of every kata, also of those still untouched \
                 (by default one test of the first untouched kata runs and the others' are \
                 not even compiled: they can only fail on their `todo!()`)"),
        ])
    }

    fn read(matches: &ArgMatches) -> CheckArgs {
        CheckArgs {
            chapter: by_hand::string(matches, "CHAPTER").unwrap_or_default(),
            kata: by_hand::string(matches, "KATA"),
            solution: matches.get_flag("solution"),
            runner: by_hand::runner_of(matches),
            json: matches.get_flag("json"),
            all_failures: matches.get_flag("all-failures"),
            every_kata: matches.get_flag("every-kata"),
        }
    }
}

crate::args_by_hand!(CheckArgs);

/// A kata's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Every test passes.
    Passed,
    /// Some test fails.
    Failed,
    /// The stub is untouched: its tests panic with `todo!("kata …")`.
    NotStarted,
    /// A test hung and was stopped.
    TimedOut,
    /// No test judges this kata (a bug in the chapter).
    NoTests,
    /// Its tests never ran: an earlier kata's test hung and stopped the run.
    NotRun,
    /// `grade` only: the learner's crate did not compile, so no test ran.
    NotCompiled,
}

crate::named_variants!(Verdict {
    Passed => "passed",
    Failed => "failed",
    NotStarted => "not_started",
    TimedOut => "timed_out",
    NoTests => "no_tests",
    NotRun => "not_run",
    NotCompiled => "not_compiled",
});

impl Verdict {
    /// The table's status mark, coloured.
    fn mark(self) -> String {
        match self {
            Verdict::Passed => term::green("✓"),
            Verdict::Failed | Verdict::NoTests | Verdict::NotCompiled => {
                term::red("✗")
            }
            Verdict::NotStarted | Verdict::NotRun => term::yellow("…"),
            Verdict::TimedOut => term::yellow("⏱"),
        }
    }
}

/// One kata's result.
#[derive(Debug, Clone)]
pub struct KataReport {
    /// `module::item`.
    pub name: String,
    /// Its verdict.
    pub verdict: Verdict,
    /// How many of its tests passed.
    pub tests_passed: usize,
    /// How many tests judge it (ignored ones excluded).
    pub tests_total: usize,
    /// Its book page, relative to `book/src`.
    pub book: String,
    /// Another kata whose `todo!()` its tests hit first, if any.
    pub needs: Option<String>,
    /// Each of its tests.
    pub tests: Vec<TestResult>,
    /// The first failing test's message (trimmed), when it does not pass.
    pub message: Option<String>,
    /// The first failing test's name.
    pub first_failure: Option<String>,
}

// `first_failure` is for the terminal; JSON has every message in `tests`.
crate::serialize_fields!(KataReport {
    name,
    verdict,
    tests_passed,
    tests_total,
    book,
    needs,
    tests,
    message,
});

/// Whose code a report judges (`--json`'s `target`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The learner's crate, `chapters/chNN-slug`.
    Learner,
    /// The reference solution, `solutions/chNN-slug` (`--solution`).
    Solution,
}

crate::named_variants!(Target { Learner => "learner", Solution => "solution" });

/// A whole chapter's verdicts.
#[derive(Debug, Clone)]
pub struct Report {
    /// `ch02-async-io`.
    pub chapter: String,
    /// The package that was tested.
    pub package: String,
    /// Whose code ran.
    pub target: Target,
    /// Which runner ran the tests.
    pub runner: Runner,
    /// False when the crate did not compile (then `katas` is empty).
    pub compiled: bool,
    /// The compiler's errors and warnings, rendered (empty when it had none).
    pub build_output: String,
    /// Katas that pass.
    pub passed: usize,
    /// Katas reported.
    pub total: usize,
    /// One entry per kata, in book order.
    pub katas: Vec<KataReport>,
    /// Tests outside every kata (`given_*` and scaffolding) that did not pass.
    pub scaffolding_failures: Vec<TestResult>,
    /// Processes the tests left running, stopped after the run.
    pub left_running: Vec<Leftover>,
}

// `build_output` is shown in the terminal only.
crate::serialize_fields!(Report {
    chapter,
    package,
    target,
    runner,
    compiled,
    passed,
    total,
    katas,
    scaffolding_failures,
    left_running,
});

impl Report {
    /// True when everything reported passes.
    pub fn all_pass(&self) -> bool {
        self.compiled
            && self.passed == self.total
            && self.scaffolding_failures.is_empty()
    }
}

/// Classifies each kata from its tests' outcomes; `only` limits the report to one kata.
pub fn verdicts(
    katas: &Katas,
    tests: &[TestResult],
    only: Option<&Kata>,
) -> Vec<KataReport> {
    katas
        .list
        .iter()
        .filter(|kata| only.is_none_or(|o| o.name == kata.name))
        .map(|kata| kata_report(kata, katas, tests))
        .collect()
}

/// One kata's verdict: see [`Verdict`] for the classes.
fn kata_report(kata: &Kata, katas: &Katas, tests: &[TestResult]) -> KataReport {
    let mut own: Vec<TestResult> = tests
        .iter()
        .filter(|t| {
            katas.role(&t.name) == Role::Kata(kata) && t.outcome != Outcome::Ignored
        })
        .cloned()
        .collect();
    // Runners report in completion order; by name, both runners agree on the
    // first failure shown.
    own.sort_by(|a, b| a.name.cmp(&b.name));
    let passed = own.iter().filter(|t| t.outcome == Outcome::Passed).count();
    let failing: Vec<&TestResult> = own
        .iter()
        .filter(|t| t.outcome != Outcome::Passed)
        .collect();
    let ran: Vec<&TestResult> = failing
        .iter()
        .copied()
        .filter(|t| !matches!(t.outcome, Outcome::NotRun | Outcome::Untouched))
        .collect();
    let verdict = if own.is_empty() {
        Verdict::NoTests
    } else if failing.is_empty() {
        Verdict::Passed
    } else if own.iter().all(|t| t.outcome == Outcome::Untouched) {
        Verdict::NotStarted
    } else if ran.iter().any(|t| t.outcome == Outcome::TimedOut) {
        Verdict::TimedOut
    } else if ran.is_empty() {
        Verdict::NotRun
    } else if passed == 0 && ran.iter().all(|t| todo_kata(&t.output).is_some()) {
        Verdict::NotStarted
    } else {
        Verdict::Failed
    };
    // The learner's own bug first: a timeout when that is the verdict, else
    // a real failure before any `todo!()` panic of a kata not begun.
    let first = ran
        .iter()
        .find(|t| verdict == Verdict::TimedOut && t.outcome == Outcome::TimedOut)
        .or_else(|| ran.iter().find(|t| todo_kata(&t.output).is_none()))
        .or_else(|| ran.first())
        .or_else(|| failing.first())
        .copied();
    let needs = failing
        .iter()
        .filter_map(|t| todo_kata(&t.output).or_else(|| stopped_by(&t.output)))
        .filter_map(|name| katas.kata_of_test(name).or(Some(name)))
        .find(|name| *name != kata.name)
        .map(str::to_owned);
    KataReport {
        name: kata.name.clone(),
        verdict,
        tests_passed: passed,
        tests_total: own.len(),
        book: kata.book.clone(),
        needs,
        message: first.map(|t| trim_failure(&t.output)),
        first_failure: first.map(|t| t.name.clone()),
        tests: own,
    }
}

/// The test whose hang stopped the run before this one ran, from the
/// message `cargo.rs` gives a [`Outcome::NotRun`] test.
fn stopped_by(output: &str) -> Option<&str> {
    output
        .strip_prefix("not run: the run stopped when ")?
        .strip_suffix(" hung")
}

/// The kata named by a stub's `todo!("kata NAME")` panic in `output`, if any.
fn todo_kata(output: &str) -> Option<&str> {
    let rest = output.split("not yet implemented").nth(1)?;
    let name = rest
        .strip_prefix(": kata ")
        .and_then(|r| r.split_whitespace().next())
        .unwrap_or("");
    Some(name)
}

/// The failure output a learner needs: the panic and its diff, without the
/// backtrace hint, and cut to [`MAX_FAILURE_LINES`] lines.
pub fn trim_failure(output: &str) -> String {
    // insta's advice (`cargo insta review`, `INSTA_UPDATE=always`) is for
    // maintainers: a kata's snapshot is the course's answer, recorded from
    // the reference solution and checked against real Node.
    let lines: Vec<&str> = output
        .lines()
        .filter(|l| !l.starts_with("note: run with `RUST_BACKTRACE=1`"))
        .filter(|l| !l.contains("cargo insta") && !l.contains("INSTA_UPDATE"))
        .collect();
    let mut text = lines
        .iter()
        .take(MAX_FAILURE_LINES)
        .copied()
        .collect::<Vec<_>>()
        .join("\n");
    if lines.len() > MAX_FAILURE_LINES {
        text.push_str(&format!(
            "\n… {} more lines (run the test alone to see them all)",
            lines.len() - MAX_FAILURE_LINES
        ));
    }
    if output.contains("Snapshot file:") || output.contains("snapshot assertion for")
    {
        text.push_str(
            "\n\nThe expected output (-) is the snapshot file named above: the course's \
             answer, checked against real Node. Change your code until yours (+) matches; \
             the snapshot is not yours to update.",
        );
    }
    text.trim().to_owned()
}

/// Runs `check`.
pub fn run(args: &CheckArgs) -> Result<ExitCode> {
    let workspace = Workspace::load()?;
    let (chapter, katas) = workspace.resolve_written(&args.chapter)?;
    let only = args.kata.as_deref().map(|k| katas.find(k)).transpose()?;
    let cargo = Cargo::new(&workspace.root);
    let runner = cargo.pick_runner(Some(args.runner.unwrap_or(Runner::Cargo)))?;
    let options = CheckOptions {
        solution: args.solution,
        runner,
        quiet: false,
        color: term::stdout_colored() && !args.json,
        skip_untouched: !args.every_kata,
    };
    let report = if only.is_none() && !args.solution {
        learner_run(&cargo, chapter, &katas, &options)?
    } else {
        check_chapter(&cargo, chapter, &katas, only, &options)?
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_report(&report, &workspace, chapter, &katas, "check");
        if args.all_failures {
            print_all_failures(&report);
        }
    }
    Ok(if report.all_pass() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// How to check a chapter.
#[derive(Debug, Clone, Copy)]
pub struct CheckOptions {
    /// The reference solution instead of the learner's crate.
    pub solution: bool,
    /// Which runner.
    pub runner: Runner,
    /// Hide cargo's build output (for `list`).
    pub quiet: bool,
    /// Let tests colour their diffs.
    pub color: bool,
    /// Leave out the tests of katas still untouched, but the first of them
    /// (a learner's whole-chapter run; see [`untouched_in_order`]).
    pub skip_untouched: bool,
}

/// A full run of the learner's crate, remembered in `.kata-state/` under the
/// hash its sources had when it started.
pub fn learner_run(
    cargo: &Cargo,
    chapter: &Chapter,
    katas: &Katas,
    options: &CheckOptions,
) -> Result<Report> {
    let root = cargo.root();
    let hash = state::source_hash(root, chapter)?;
    let options = CheckOptions {
        solution: false,
        ..*options
    };
    let report = check_chapter(cargo, chapter, katas, None, &options)?;
    // The cache is a convenience: failing to write it must not fail the run.
    if let Err(error) =
        state::save_results(root, chapter, &CachedResults::from_report(hash, &report))
    {
        term::note(&format!("could not remember the results: {error:#}"));
    }
    Ok(report)
}

/// Builds and runs one chapter's katas and classifies the results.
pub fn check_chapter(
    cargo: &Cargo,
    chapter: &Chapter,
    katas: &Katas,
    only: Option<&Kata>,
    options: &CheckOptions,
) -> Result<Report> {
    let package = if options.solution {
        chapter.solution_package()
    } else {
        chapter.package()
    };
    let mut report = Report {
        chapter: chapter.dir_name(),
        package: package.clone(),
        target: if options.solution {
            Target::Solution
        } else {
            Target::Learner
        },
        runner: options.runner,
        compiled: false,
        build_output: String::new(),
        passed: 0,
        total: 0,
        katas: Vec::new(),
        scaffolding_failures: Vec::new(),
        left_running: Vec::new(),
    };
    // Only what this run leaves behind is reported.
    orphans::take_stopped();
    // The katas whose tests this run leaves out: for one kata, every other;
    // for the chapter, the untouched ones but the first (see
    // `untouched_in_order`). Run by the test binary itself, it need not even
    // hold their tests: they are not compiled (`left_out.rs`), except those
    // in the first one's block (`left_out_of_run`). One kata's set and the
    // chapter's differ, so each keeps an incremental cache of its own
    // (`left_out::Slot`): going from one to the other rebuilds nothing afresh.
    let learner = options.skip_untouched && !options.solution;
    let untouched = if learner {
        untouched_in_order(cargo.root(), chapter, katas)
    } else {
        Vec::new()
    };
    let LeftOut {
        compiled_out,
        skip_at_run,
    } = left_out_of_run(katas, &untouched, only.filter(|_| learner), options.runner);
    let compiled_out = compiled_out.as_slice();
    let spinner = Spinner::start(format!("building {package}…"));
    // A kata's run and the chapter's keep apart caches (see `left_out::Slot`).
    let slot = match only {
        Some(_) => Slot::Kata,
        None => Slot::Chapter,
    };
    let build =
        cargo.build(&package, Profile::Debug, options.color, compiled_out, slot)?;
    if !options.quiet {
        report.build_output = build.report();
    }
    if !build.ok {
        return Ok(report);
    }
    report.compiled = true;
    spinner.set(format!("running the katas of {package}…"));
    let mut spec = TestSpec {
        package: &package,
        profile: Profile::Debug,
        runner: options.runner,
        filters: only.map(|k| format!("{}::", k.name)).into_iter().collect(),
        skip: skip_at_run.iter().map(|k| format!("{k}::")).collect(),
        test_threads: katas.test_threads,
        // A learner's kata test answers in milliseconds; an endless loop
        // should cost seconds. The first hang stops the run (cargo test
        // only: nextest already runs each test alone).
        env: vec![
            ("KATA_TIMEOUT_MS".to_owned(), HANG_DEADLINE_MS.to_string()),
            (
                "KATA_TIMEOUT_MAX_MS".to_owned(),
                LONGEST_DEADLINE_MS.to_string(),
            ),
            // Property tests try a sample on each save; `verify` tries all.
            ("KATA_PROPERTY_CASES".to_owned(), PROPERTY_CASES.to_string()),
        ],
        color: options.color,
        stop_on_hang: true,
        binary: build.executable.clone(),
        workspace_root: Some(cargo.root().to_path_buf()),
    };
    // The first untouched kata's tests all fail on its `todo!()`: one, the
    // first by name (the one `check` would show), says so. The others wait,
    // some of them on real Node (chapter 6's first kata: 0.13 s a save).
    // The same holds for one kata asked for by name before it is begun.
    let first_untouched = match only {
        None => untouched.first(),
        Some(kata) => untouched.iter().find(|name| **name == kata.name),
    };
    let mut waiting = Vec::new();
    if let Some(first) = first_untouched {
        let mut names = cargo.list_tests(&TestSpec {
            filters: vec![format!("{first}::")],
            skip: Vec::new(),
            ..spec.clone()
        })?;
        names.sort();
        waiting = names.split_off(names.len().min(1));
        spec.skip.extend(waiting.iter().cloned());
    }
    let mut tests = run_until_settled(cargo, katas, &spec)?;
    tests.extend(waiting.into_iter().map(|name| TestResult {
        name,
        outcome: Outcome::Untouched,
        output: String::new(),
    }));
    // Each run of the tests stopped what it left running (`Cargo::output_of_tests`).
    report.left_running = orphans::take_stopped();
    if !skip_at_run.is_empty() {
        let untouched = cargo.list_tests(&TestSpec {
            filters: skip_at_run.iter().map(|k| format!("{k}::")).collect(),
            skip: Vec::new(),
            ..spec.clone()
        })?;
        tests.extend(untouched.into_iter().map(|name| TestResult {
            name,
            outcome: Outcome::Untouched,
            output: String::new(),
        }));
    }
    report.katas = verdicts(katas, &tests, only);
    // Not compiled, so without a test in the binary: not started, by the
    // same reading of their stubs that left them out.
    for kata in report
        .katas
        .iter_mut()
        .filter(|k| k.verdict == Verdict::NoTests && compiled_out.contains(&k.name))
    {
        kata.verdict = Verdict::NotStarted;
    }
    // What was cut off waits for the first kata in book order that hangs:
    // later hangs are most often that one's, met again through a caller.
    let first_hang = report
        .katas
        .iter()
        .find(|k| k.verdict == Verdict::TimedOut)
        .map(|k| k.name.clone());
    for kata in report
        .katas
        .iter_mut()
        .filter(|k| k.verdict == Verdict::NotRun)
    {
        kata.needs.clone_from(&first_hang);
    }
    report.total = report.katas.len();
    report.passed = report
        .katas
        .iter()
        .filter(|k| k.verdict == Verdict::Passed)
        .count();
    report.scaffolding_failures = tests
        .iter()
        .filter(|t| !matches!(katas.role(&t.name), Role::Kata(_)))
        .filter(|t| matches!(t.outcome, Outcome::Failed | Outcome::TimedOut))
        .cloned()
        .collect();
    Ok(report)
}

/// The katas whose tests a run leaves out, by how.
#[derive(Debug, PartialEq, Eq)]
struct LeftOut {
    /// Not compiled at all (`left_out.rs`; the cargo runner only).
    compiled_out: Vec<String>,
    /// Compiled, and skipped by the test binary.
    skip_at_run: Vec<String>,
}

/// What a learner's run leaves out: for `only`, every other kata, all of
/// them compiled out (its filter runs nothing of theirs); for the chapter,
/// the `untouched` katas (book order) but the first. Of those, the ones in
/// the first untouched kata's block of [`BLOCK`] are compiled and skipped at
/// run time, so that beginning a kata changes the set compiled once a block,
/// not each time. Under nextest, which builds its own binary, everything is
/// compiled.
fn left_out_of_run(
    katas: &Katas,
    untouched: &[String],
    only: Option<&Kata>,
    runner: Runner,
) -> LeftOut {
    let position = |name: &str| katas.list.iter().position(|kata| kata.name == name);
    let (skipped, compiled): (Vec<String>, Vec<String>) = match only {
        Some(only) => {
            let others = katas.list.iter().filter(|kata| kata.name != only.name);
            (others.map(|kata| kata.name.clone()).collect(), Vec::new())
        }
        None => {
            let block = untouched
                .first()
                .and_then(|f| position(f))
                .map(|at| at / BLOCK);
            let later = untouched.iter().skip(1).cloned();
            later.partition(|name| position(name).map(|at| at / BLOCK) != block)
        }
    };
    match (runner, only) {
        (Runner::Cargo, _) => LeftOut {
            compiled_out: skipped,
            skip_at_run: compiled,
        },
        (Runner::Nextest, Some(_)) => LeftOut {
            compiled_out: Vec::new(),
            skip_at_run: Vec::new(),
        },
        (Runner::Nextest, None) => LeftOut {
            compiled_out: Vec::new(),
            skip_at_run: [skipped, compiled].concat(),
        },
    }
}

/// The katas still untouched (`reset::untouched_katas`), in book order. A
/// learner's whole-chapter run leaves out the tests of all but the first.
///
/// An untouched kata fails by construction, every test on its stub's
/// `todo!()`, so running its tests on every save only costs time — in
/// chapters 6 and 7 most of the run, as their tests start Node or Redis
/// before they reach the learner's code. The first untouched kata still
/// runs one test: when nothing else fails, its `todo!()` panic is what
/// `check` shows, pointing at the line to write. When the stubs cannot be
/// read, every kata runs.
fn untouched_in_order(root: &Path, chapter: &Chapter, katas: &Katas) -> Vec<String> {
    let untouched = match reset::untouched_katas(root, chapter) {
        Ok(untouched) => untouched,
        Err(error) => {
            term::note(&format!("running every kata's tests: {error:#}"));
            return Vec::new();
        }
    };
    katas
        .list
        .iter()
        .filter(|kata| untouched.contains(&kata.name))
        .map(|kata| kata.name.clone())
        .collect()
}

/// `1 process`, `2 processes`.
fn plural_processes(count: usize) -> String {
    if count == 1 {
        "1 process".to_owned()
    } else {
        format!("{count} processes")
    }
}

/// How many katas in book order make a block: a whole-chapter run compiles
/// the tests of the untouched katas in the first untouched one's block.
///
/// The set of tests compiled is on rustc's command line (`left_out.rs`), and
/// a changed one makes rustc build the crate afresh. When each kata begun
/// changed it, the save that began a kata took 2.1 s in chapter 3 half
/// solved, against 0.78 s for the others. With blocks of three, two katas in
/// three begin at 0.75 s (`bench-check chapter-3 --solved 12 --session 6
/// --edits 3`: 27.5 → 21.9 s in all). The block's untouched tests cost each save a
/// little (chapter 1's stubs: 0.32 → 0.37 s); blocks of four cost more
/// there (0.41 s) and gained little more.
const BLOCK: usize = 3;

/// The deadline of one kata test in a learner's `check` (`KATA_TIMEOUT_MS`).
/// Tests that need longer (real sockets, child processes) set their own with
/// `kata_support::bounded_for`.
const HANG_DEADLINE_MS: u64 = 2000;

/// The cap on the deadlines socket and process tests ask for themselves
/// (`KATA_TIMEOUT_MAX_MS`, `kata_support::deadline_cap`): those tests take
/// about a second on an idle 2-core machine (chapters 6 and 7, solved), and
/// an endless loop in a kata they call must cost seconds, not their 15–40 s.
const LONGEST_DEADLINE_MS: u64 = 5000;

/// How many generated cases a property test tries in a learner's `check`
/// (`kata_support::property_cases`); `verify` runs them all.
const PROPERTY_CASES: u64 = 20;

/// The deadline of every test (`KATA_TIMEOUT_MS` and its cap) when the katas
/// a hang cut off run again, before the hung kata found. The cap a first run
/// gives socket and process tests, 5 s, made an endless loop cost one 5 s
/// wait per kata that calls the hung one: 21 s in chapter 6. The slowest test
/// that passes waits a quiet second (chapter 6's like-Node table), so 2 s
/// still tells slow from hung.
const RERUN_DEADLINE_MS: u64 = HANG_DEADLINE_MS;

/// The same, for the katas after the one found hung: a test of theirs that
/// runs this long is reported not run, waiting for that kata, not timed out.
const LATER_DEADLINE_MS: u64 = 1000;

/// How long after a run that hangs begins the katas after the hung one may
/// still be run again, one more round each time one of them hangs in turn.
/// With a save's build, a hang then costs under 10 s: chapter 6's first run
/// alone waits 5 s (the cap) when a socket test hangs.
const LATER_BUDGET: Duration = Duration::from_secs(7);

/// Runs `spec`; when a hang stops the run, finds the first kata in book
/// order that hangs, and gives the katas after it what verdicts it can.
///
/// The test that hangs first in time is a race between test threads (libtest
/// starts them in name order, not book order), and every later kata that
/// calls the hung code hangs too. So the katas before it that the hang cut
/// off run again, one at a time in book order, until one hangs: that is the
/// learner's bug. A later kata that timed out waits for it, reported
/// [`Outcome::NotRun`]. What the hang cut off after it then runs again, so
/// that katas which do not call it still pass or fail, while
/// [`LATER_BUDGET`] lasts: a kata whose test hangs in its turn is cut short
/// ([`LATER_DEADLINE_MS`]), ends that round, and waits for the bug too, like
/// what is left at the end.
fn run_until_settled(
    cargo: &Cargo,
    katas: &Katas,
    spec: &TestSpec<'_>,
) -> Result<Vec<TestResult>> {
    let started = Instant::now();
    let mut tests = cargo.run_tests(spec)?.tests;
    let Some(first_hang) = earliest_hang(katas, &tests) else {
        return Ok(tests);
    };
    rerun_before(cargo, katas, spec, first_hang, &mut tests)?;
    let bug = earliest_hang(katas, &tests).unwrap_or(first_hang);
    rerun_after(cargo, katas, spec, bug, started, &mut tests)?;
    Ok(tests)
}

/// Runs again, one at a time in book order, the katas before `first_hang`
/// that the hang cut off, until one of them hangs.
fn rerun_before(
    cargo: &Cargo,
    katas: &Katas,
    spec: &TestSpec<'_>,
    first_hang: &Kata,
    tests: &mut Vec<TestResult>,
) -> Result<()> {
    let before: Vec<String> = cut_off(katas, tests)
        .into_iter()
        .take_while(|kata| kata.name != first_hang.name)
        .map(|kata| format!("{}::", kata.name))
        .collect();
    let env = with_deadline(&spec.env, RERUN_DEADLINE_MS);
    for filter in before {
        let rerun = cargo.run_tests(&TestSpec {
            filters: vec![filter],
            env: env.clone(),
            ..spec.clone()
        })?;
        let hung = rerun.tests.iter().any(|t| t.outcome == Outcome::TimedOut);
        merge(tests, rerun.tests);
        if hung {
            break;
        }
    }
    Ok(())
}

/// Marks the katas after `bug` that timed out as waiting for it, then runs
/// again what the hang cut off after it while [`LATER_BUDGET`] (counted from
/// `started`) lasts, one round per kata that hangs in its turn.
fn rerun_after(
    cargo: &Cargo,
    katas: &Katas,
    spec: &TestSpec<'_>,
    bug: &Kata,
    started: Instant,
    tests: &mut Vec<TestResult>,
) -> Result<()> {
    let later: Vec<&Kata> = katas.after(&bug.name).collect();
    // A later kata that timed out in the first run (the one that stopped it,
    // most often) most likely met the bug through a call: it waits for it.
    let mut waiting: Vec<&Kata> = Vec::new();
    for test in tests.iter_mut() {
        let Role::Kata(kata) = katas.role(&test.name) else {
            continue;
        };
        if test.outcome == Outcome::TimedOut && later.contains(&kata) {
            waiting.push(kata);
            test.outcome = Outcome::NotRun;
            test.output =
                format!("not run: it timed out too, while {} hangs", bug.name);
        }
    }
    let env = with_deadline(&spec.env, LATER_DEADLINE_MS);
    while started.elapsed() < LATER_BUDGET {
        let after: Vec<String> = cut_off(katas, tests)
            .into_iter()
            .filter(|kata| later.contains(kata) && !waiting.contains(kata))
            .map(|kata| format!("{}::", kata.name))
            .collect();
        if after.is_empty() {
            break;
        }
        let mut rerun = cargo
            .run_tests(&TestSpec {
                filters: after,
                env: env.clone(),
                ..spec.clone()
            })?
            .tests;
        for test in rerun.iter_mut().filter(|t| t.outcome == Outcome::TimedOut) {
            if let Role::Kata(kata) = katas.role(&test.name) {
                waiting.push(kata);
            }
            test.outcome = Outcome::NotRun;
            test.output = format!(
                "not run: cut short after {:.1} s, since {} hangs",
                LATER_DEADLINE_MS as f64 / 1000.0,
                bug.name
            );
        }
        merge(tests, rerun);
    }
    Ok(())
}

/// The katas, in book order, with a test that a hang kept from running.
fn cut_off<'k>(katas: &'k Katas, tests: &[TestResult]) -> Vec<&'k Kata> {
    katas
        .list
        .iter()
        .filter(|kata| {
            tests.iter().any(|t| {
                t.outcome == Outcome::NotRun
                    && katas.role(&t.name) == Role::Kata(kata)
            })
        })
        .collect()
}

/// Puts the results of a rerun in place of the old ones.
fn merge(tests: &mut Vec<TestResult>, rerun: Vec<TestResult>) {
    for result in rerun {
        match tests.iter_mut().find(|t| t.name == result.name) {
            Some(old) => *old = result,
            None => tests.push(result),
        }
    }
}

/// The first kata in book order with a test that timed out.
fn earliest_hang<'k>(katas: &'k Katas, tests: &[TestResult]) -> Option<&'k Kata> {
    katas.list.iter().find(|kata| hangs(katas, kata, tests))
}

/// Whether a test of `kata` timed out.
fn hangs(katas: &Katas, kata: &Kata, tests: &[TestResult]) -> bool {
    tests.iter().any(|t| {
        t.outcome == Outcome::TimedOut && katas.role(&t.name) == Role::Kata(kata)
    })
}

/// `env` with both test deadlines (`KATA_TIMEOUT_MS`, `KATA_TIMEOUT_MAX_MS`)
/// set to `millis`.
fn with_deadline(env: &[(String, String)], millis: u64) -> Vec<(String, String)> {
    let deadlines = ["KATA_TIMEOUT_MS", "KATA_TIMEOUT_MAX_MS"];
    env.iter()
        .filter(|(key, _)| !deadlines.contains(&key.as_str()))
        .cloned()
        .chain(deadlines.map(|key| (key.to_owned(), millis.to_string())))
        .collect()
}

/// Prints the table, the count, and the first failure with its hint and book
/// page; or, when every kata passes, the command for the next chapter
/// (`verb` is the command to suggest: `check` or `watch`).
pub fn print_report(
    report: &Report,
    workspace: &Workspace,
    chapter: &Chapter,
    katas: &Katas,
    verb: &str,
) {
    let root = workspace.root.as_path();
    let who = if report.target == Target::Solution {
        " (reference solution)"
    } else {
        ""
    };
    if !report.build_output.is_empty() {
        if term::stdout_colored() {
            println!("{}", report.build_output);
        } else {
            println!("{}", term::strip_ansi(&report.build_output));
        }
    }
    println!();
    if !report.compiled {
        println!(
            "{} {} does not compile{who}: fix the errors above, then run this again.",
            term::red("✗"),
            report.package
        );
        return;
    }
    println!(
        "{}",
        term::bold(&format!(
            "{} · {} ({}){who}",
            chapter.cli_name(),
            chapter.title,
            chapter.chinese
        ))
    );
    let width = report.katas.iter().map(|k| k.name.len()).max().unwrap_or(0);
    for kata in &report.katas {
        let detail = match kata.verdict {
            Verdict::Passed => String::new(),
            Verdict::Failed => {
                format!("{}/{} tests", kata.tests_passed, kata.tests_total)
            }
            Verdict::NotStarted => match &kata.needs {
                Some(other) => format!("not started (needs {other})"),
                None => "not started".to_owned(),
            },
            Verdict::TimedOut => "timed out".to_owned(),
            Verdict::NoTests => "no tests".to_owned(),
            Verdict::NotCompiled => "does not compile".to_owned(),
            Verdict::NotRun => match &kata.needs {
                Some(other) => format!("not run ({other} hangs)"),
                None => "not run".to_owned(),
            },
        };
        if detail.is_empty() {
            println!("  {} {}", kata.verdict.mark(), kata.name);
        } else {
            let name = format!("{:<width$}", kata.name);
            println!("  {} {name}  {}", kata.verdict.mark(), term::dim(&detail));
        }
    }
    println!("{} of {} katas", report.passed, report.total);
    if !report.left_running.is_empty() {
        println!();
        // After a timeout these are most often the cut-short test's own children,
        // not a bug of the learner's: say so rather than ask for a fix.
        let why = if report.katas.iter().any(|k| k.verdict == Verdict::TimedOut) {
            "a test cut short at its deadline leaves what it started behind"
        } else {
            "whatever starts a process must wait for it or kill it"
        };
        println!(
            "{} the tests left {} running; stopped now ({why}):",
            term::yellow("!"),
            plural_processes(report.left_running.len())
        );
        for leftover in &report.left_running {
            println!("  {leftover}");
        }
    }

    if !report.scaffolding_failures.is_empty() {
        println!();
        println!(
            "{} provided tests fail too (scaffolding the katas rely on; was it edited?):",
            term::red("✗")
        );
        for test in &report.scaffolding_failures {
            println!("  {}", test.name);
        }
    }

    let Some(first) = kata_to_show(report) else {
        if report.scaffolding_failures.is_empty() {
            let what = match report.katas.as_slice() {
                [one] if report.total == 1 && katas.list.len() > 1 => {
                    one.name.clone()
                }
                _ => format!("Every kata of {}", chapter.cli_name()),
            };
            println!("{}", term::green(&format!("{what} passes.")));
            if report.total == katas.list.len() && report.target == Target::Learner {
                print_next_chapter(workspace, chapter, verb);
            }
        } else if let Some(test) = report.scaffolding_failures.first() {
            println!();
            print_failure(&test.name, &test.output);
        }
        return;
    };
    println!();
    match (&first.first_failure, &first.message) {
        (Some(test), Some(message)) => print_failure(test, message),
        // Not one test anywhere: the tests were not compiled in, which a
        // learner's edit of lib.rs can cause (the chapter's own bug would
        // leave some kata without tests, not all of them).
        _ if report.katas.len() > 1
            && report.katas.iter().all(|k| k.verdict == Verdict::NoTests) =>
        {
            println!(
                "No test of {} was found. Its tests are compiled into your crate by \
                 the lines `#[cfg(test)] #[path = \"…/tests/katas/main.rs\"] mod katas;` \
                 at the end of src/lib.rs (chapter 7: by tests/katas/ itself): are they \
                 still there?",
                chapter.cli_name()
            )
        }
        _ => println!(
            "{} has no tests yet: that is a bug in the chapter, not in your code.",
            first.name
        ),
    }
    println!();
    let kata = katas.find(&first.name).ok();
    println!(
        "hint: {}",
        term::bold(&format!(
            "cargo xtask hint {} {}",
            chapter.cli_name(),
            first.name
        ))
    );
    if let Some(kata) = kata {
        let page = root.join("book").join("src").join(kata.book_page());
        let anchor = kata
            .book_anchor()
            .map(|a| format!("#{a}"))
            .unwrap_or_default();
        let shown = page
            .strip_prefix(root)
            .unwrap_or(&page)
            .display()
            .to_string();
        println!("book: {shown}{anchor}");
    }
}

/// The kata whose failure `check` shows: the earliest one the learner has
/// begun that does not pass — their own bug — and only when none has begun,
/// the first kata not started.
pub fn kata_to_show(report: &Report) -> Option<&KataReport> {
    let begun = |k: &&KataReport| {
        matches!(
            k.verdict,
            Verdict::Failed | Verdict::TimedOut | Verdict::NoTests
        )
    };
    report
        .katas
        .iter()
        .find(begun)
        .or_else(|| report.katas.iter().find(|k| k.verdict != Verdict::Passed))
}

/// Prints the message of every failing test, kata by kata (`--all-failures`).
fn print_all_failures(report: &Report) {
    for kata in &report.katas {
        for test in kata.tests.iter().filter(|t| {
            matches!(t.outcome, Outcome::Failed | Outcome::TimedOut)
                && Some(&t.name) != kata.first_failure.as_ref()
        }) {
            println!();
            print_failure(&test.name, &trim_failure(&test.output));
        }
    }
}

/// Points at the next written chapter after `chapter`, or says there is none yet.
fn print_next_chapter(workspace: &Workspace, chapter: &Chapter, verb: &str) {
    match workspace.written().find(|c| c.number > chapter.number) {
        Some(next) => println!(
            "next: {}  {}",
            term::bold(&format!("cargo xtask {verb} {}", next.cli_name())),
            term::dim(&format!("({} · {})", next.title, next.chinese))
        ),
        None => println!("That was the last chapter written so far: well done."),
    }
}

/// Prints one failing test's name and trimmed output.
fn print_failure(test: &str, message: &str) {
    println!("{} {}", term::red("──"), term::bold(test));
    if term::stdout_colored() {
        println!("{message}");
    } else {
        println!("{}", term::strip_ansi(message));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|name| format!("calls::{name}")).collect()
    }

    #[test]
    fn the_chapter_compiles_the_untouched_katas_of_the_first_one_s_block() {
        assert_eq!(BLOCK, 3, "the cases below are written for blocks of three");
        let katas = katas();
        let left_out = |untouched: &[&str]| {
            left_out_of_run(&katas, &names(untouched), None, Runner::Cargo)
        };
        let every = ["add", "double", "spin", "trace", "chain", "missing"];
        // Blocks: add, double, spin; then trace, chain, missing.
        assert_eq!(
            left_out(&every),
            LeftOut {
                compiled_out: names(&["trace", "chain", "missing"]),
                skip_at_run: names(&["double", "spin"]),
            }
        );
        // Beginning `add`, then `double`, changes nothing compiled.
        let later = names(&["trace", "chain", "missing"]);
        assert_eq!(left_out(&every[1..]).compiled_out, later);
        assert_eq!(left_out(&every[2..]).compiled_out, later);
        // Beginning `spin` moves on to the next block.
        assert_eq!(
            left_out(&every[3..]),
            LeftOut {
                compiled_out: Vec::new(),
                skip_at_run: names(&["chain", "missing"]),
            }
        );
        // A kata begun out of order is compiled and run like any begun one.
        assert_eq!(
            left_out(&["add", "double", "trace", "chain", "missing"]),
            LeftOut {
                compiled_out: later,
                skip_at_run: names(&["double"]),
            }
        );
    }

    #[test]
    fn a_kata_s_run_compiles_that_kata_alone_and_nextest_compiles_all() {
        let katas = katas();
        let double = katas.find("calls::double").unwrap();
        let untouched =
            names(&["add", "double", "spin", "trace", "chain", "missing"]);
        assert_eq!(
            left_out_of_run(&katas, &untouched, Some(double), Runner::Cargo),
            LeftOut {
                compiled_out: names(&["add", "spin", "trace", "chain", "missing"]),
                skip_at_run: Vec::new(),
            }
        );
        assert_eq!(
            left_out_of_run(&katas, &untouched, Some(double), Runner::Nextest),
            LeftOut {
                compiled_out: Vec::new(),
                skip_at_run: Vec::new(),
            }
        );
        let chapter = left_out_of_run(&katas, &untouched, None, Runner::Nextest);
        assert!(chapter.compiled_out.is_empty());
        let mut skipped = chapter.skip_at_run;
        skipped.sort();
        assert_eq!(
            skipped,
            names(&["chain", "double", "missing", "spin", "trace"])
        );
    }

    fn katas() -> Katas {
        Katas::parse(
            r#"
            [[kata]]
            name = "calls::add"
            book = "ch02-async-io/calls.md#adding"
            hints = ["a", "b"]
            [[kata]]
            name = "calls::double"
            book = "ch02-async-io/calls.md#doubling"
            [[kata]]
            name = "calls::spin"
            book = "ch02-async-io/calls.md#spin"
            [[kata]]
            name = "calls::trace"
            book = "ch02-async-io/calls.md#trace"
            [[kata]]
            name = "calls::chain"
            book = "ch02-async-io/calls.md#chain"
            [[kata]]
            name = "calls::missing"
            book = "ch02-async-io/calls.md#missing"
            "#,
        )
        .unwrap()
    }

    fn test(name: &str, outcome: Outcome, output: &str) -> TestResult {
        TestResult {
            name: name.to_owned(),
            outcome,
            output: output.to_owned(),
        }
    }

    fn results() -> Vec<TestResult> {
        let todo = |k: &str| {
            format!(
                "thread 'x' panicked at src/calls.rs:3:5:\nnot yet implemented: kata {k}"
            )
        };
        vec![
            test("calls::add::small", Outcome::Passed, ""),
            test("calls::add::big", Outcome::Passed, ""),
            test("calls::add::given_helper", Outcome::Failed, "broken helper"),
            test("calls::double::one", Outcome::Passed, ""),
            test("calls::double::two", Outcome::Failed, "assertion failed"),
            test("calls::double::three", Outcome::Ignored, ""),
            test("calls::spin::finishes", Outcome::TimedOut, "timed out"),
            test("calls::spin::other", Outcome::Failed, &todo("calls::spin")),
            test(
                "calls::trace::ticks",
                Outcome::Failed,
                &todo("calls::trace"),
            ),
            test(
                "calls::chain::uses_trace",
                Outcome::Failed,
                &todo("calls::trace"),
            ),
            test("script::parses", Outcome::Failed, "parser broke"),
            test("script::given_words", Outcome::Passed, ""),
        ]
    }

    #[test]
    fn each_kata_gets_its_verdict() {
        let katas = katas();
        let reports = verdicts(&katas, &results(), None);
        let got: Vec<(&str, Verdict, usize, usize)> = reports
            .iter()
            .map(|r| (r.name.as_str(), r.verdict, r.tests_passed, r.tests_total))
            .collect();
        assert_eq!(
            got,
            [
                // The failing `given_` test does not count against the kata.
                ("calls::add", Verdict::Passed, 2, 2),
                // The ignored test counts for neither side.
                ("calls::double", Verdict::Failed, 1, 2),
                ("calls::spin", Verdict::TimedOut, 0, 2),
                ("calls::trace", Verdict::NotStarted, 0, 1),
                ("calls::chain", Verdict::NotStarted, 0, 1),
                ("calls::missing", Verdict::NoTests, 0, 0),
            ]
        );
        assert_eq!(reports[1].message.as_deref(), Some("assertion failed"));
        assert_eq!(
            reports[1].first_failure.as_deref(),
            Some("calls::double::two")
        );
        // A timeout is the message shown, even when another test failed first.
        assert_eq!(reports[2].message.as_deref(), Some("timed out"));
        assert_eq!(reports[3].needs, None);
        assert_eq!(reports[4].needs.as_deref(), Some("calls::trace"));
    }

    #[test]
    fn an_untouched_kata_is_not_started_without_a_run() {
        let katas = katas();
        let mut tests = results();
        tests.retain(|t| !t.name.starts_with("calls::chain::"));
        tests.push(test("calls::chain::uses_trace", Outcome::Untouched, ""));
        tests.push(test("calls::chain::alone", Outcome::Untouched, ""));
        let reports = verdicts(&katas, &tests, None);
        let chain = &reports[4];
        assert_eq!(chain.verdict, Verdict::NotStarted);
        assert_eq!((chain.tests_passed, chain.tests_total), (0, 2));
        assert_eq!(chain.needs, None);
    }

    #[test]
    fn only_one_kata_when_asked() {
        let katas = katas();
        let only = katas.find("calls::double").unwrap();
        let reports = verdicts(&katas, &results(), Some(only));
        assert_eq!(reports.len(), 1);
        assert_eq!(reports[0].name, "calls::double");
    }

    #[test]
    fn a_todo_in_a_partly_passing_kata_is_a_failure() {
        let katas = katas();
        let results = vec![
            test("calls::add::small", Outcome::Passed, ""),
            test(
                "calls::add::big",
                Outcome::Failed,
                "not yet implemented: kata calls::add",
            ),
        ];
        let reports = verdicts(&katas, &results, katas.find("calls::add").ok());
        assert_eq!(reports[0].verdict, Verdict::Failed);
    }

    #[test]
    fn the_learner_s_own_bug_comes_before_a_later_kata_s_todo() {
        let katas = katas();
        let todo =
            "panicked at src/calls.rs:9:5:\nnot yet implemented: kata calls::chain";
        let results = vec![
            // Sorted first by name, but only a later kata's stub panicking.
            test("calls::add::a_uses_chain", Outcome::Failed, todo),
            test(
                "calls::add::b_overflows",
                Outcome::Failed,
                "attempt to subtract with overflow",
            ),
            test(
                "calls::double::one",
                Outcome::Failed,
                "not yet implemented: kata calls::double",
            ),
        ];
        let reports = verdicts(&katas, &results, None);
        assert_eq!(reports[0].verdict, Verdict::Failed);
        assert_eq!(
            reports[0].first_failure.as_deref(),
            Some("calls::add::b_overflows")
        );
        let report = Report {
            chapter: "ch02-async-io".to_owned(),
            package: "ch02-async-io".to_owned(),
            target: Target::Learner,
            runner: Runner::Cargo,
            compiled: true,
            build_output: String::new(),
            passed: 0,
            total: reports.len(),
            katas: reports,
            scaffolding_failures: Vec::new(),
            left_running: Vec::new(),
        };
        assert_eq!(
            kata_to_show(&report).map(|k| k.name.as_str()),
            Some("calls::add")
        );
    }

    #[test]
    fn a_begun_kata_is_shown_before_an_earlier_one_not_started() {
        let katas = katas();
        let results = vec![
            test(
                "calls::add::small",
                Outcome::Failed,
                "not yet implemented: kata calls::add",
            ),
            test("calls::double::one", Outcome::Failed, "assertion failed"),
        ];
        let reports = verdicts(&katas, &results, None);
        let report = Report {
            chapter: "ch02-async-io".to_owned(),
            package: "ch02-async-io".to_owned(),
            target: Target::Learner,
            runner: Runner::Cargo,
            compiled: true,
            build_output: String::new(),
            passed: 0,
            total: reports.len(),
            katas: reports,
            scaffolding_failures: Vec::new(),
            left_running: Vec::new(),
        };
        assert_eq!(
            kata_to_show(&report).map(|k| k.name.as_str()),
            Some("calls::double")
        );
    }

    #[test]
    fn tests_cut_off_by_a_hang_are_not_run_and_name_it() {
        let katas = katas();
        let results = vec![
            test(
                "calls::spin::finishes",
                Outcome::TimedOut,
                "kata timed out after 2.0s",
            ),
            test(
                "calls::trace::ticks",
                Outcome::NotRun,
                "not run: the run stopped when calls::spin::finishes hung",
            ),
        ];
        let reports = verdicts(&katas, &results, None);
        assert_eq!(reports[2].verdict, Verdict::TimedOut);
        assert_eq!(reports[3].verdict, Verdict::NotRun);
        assert_eq!(reports[3].needs.as_deref(), Some("calls::spin"));
    }

    #[test]
    fn todo_message_names_the_kata() {
        assert_eq!(
            todo_kata(
                "panicked at x:\nnot yet implemented: kata timers::due_timers\n"
            ),
            Some("timers::due_timers")
        );
        assert_eq!(todo_kata("not yet implemented"), Some(""));
        assert_eq!(todo_kata("assertion failed"), None);
    }

    #[test]
    fn snapshot_failures_say_the_snapshot_is_the_answer() {
        let output = "Snapshot file: snapshots/ch02-async-io/katas__x.snap\n-old\n+new\n\
                      To update snapshots run `cargo insta review` or set `INSTA_UPDATE=always`\n\
                      Stopped on the first failure. Run `cargo insta test` to run all snapshots.\n\
                      thread 'x' panicked at a.rs:1:1:\nsnapshot assertion for 'x' failed in line 3";
        let trimmed = trim_failure(output);
        assert!(!trimmed.contains("cargo insta"), "{trimmed}");
        assert!(trimmed.contains("not yours to update"), "{trimmed}");
    }

    #[test]
    fn failure_output_is_trimmed() {
        let output = "thread 'x' panicked at a.rs:1:1:\nboom\n\
                      note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n";
        assert_eq!(
            trim_failure(output),
            "thread 'x' panicked at a.rs:1:1:\nboom"
        );
        let long: String = (0..100).map(|i| format!("line {i}\n")).collect();
        let trimmed = trim_failure(&long);
        assert_eq!(trimmed.lines().count(), MAX_FAILURE_LINES + 1);
        assert!(
            trimmed.ends_with("… 20 more lines (run the test alone to see them all)")
        );
    }
}
