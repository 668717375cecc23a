//! Building and running a chapter's kata tests, and reading the results.
//!
//! A chapter's tests (`tests/katas/`) are a module of its library, compiled in
//! only under `cargo test` (`#[cfg(test)] mod katas` in `src/lib.rs`): after a
//! save cargo rebuilds one crate, where a separate test binary would mean the
//! library and then the binary that links it (0.1 s more per save). A chapter
//! whose tests need one of its binaries keeps them in a test binary named
//! `katas`, since cargo builds binaries (`CARGO_BIN_EXE_*`) only for those
//! (chapter 7). `--tests` selects whichever the package has, and
//! [`test_path`] drops the module's name from test paths, so a test is
//! `paths::classify::…` either way.
//!
//! Two runners give per-test outcomes:
//! - **nextest** (`cargo nextest run --profile kata`) runs each test in its own
//!   process with a hard timeout, and writes a JUnit report
//!   (`target/nextest/kata/junit.xml`, see `.config/nextest.toml`) that we parse.
//! - **cargo test** runs every test in one process; we parse libtest's human
//!   output (`test NAME ... ok|FAILED|ignored` lines and the
//!   `---- NAME stdout ----` sections), which has been stable for years. A hung
//!   test is bounded by `kata_support::bounded` instead.
//!
//! Both are needed: nextest is what `check` prefers, plain `cargo test` is what
//! every machine has, and `verify` proves the solutions pass under both.
//!
//! Two variations serve `watch` and `grade`: a run can be *cancelled* (a newer
//! save supersedes it: the child's whole process group is killed), and a
//! *sandboxed* runner gives its children an environment stripped of every
//! variable that changes what a build or a test run means (`CARGO_*`,
//! `RUSTFLAGS`, `INSTA_*`, `NEXTEST_*`…), so a grade cannot be bent from outside.

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::left_out::{self, Slot};
use crate::orphans;
use crate::scratch::Scratch;
use crate::term;
use anyhow::{Context, Result, bail};

/// The message `kata_support::bounded` panics with when a test hangs under plain `cargo test`.
const TIMEOUT_MARKER: &str = kata_support::TIMEOUT_MARKER;

/// Which test runner executes the katas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Runner {
    /// `cargo nextest run --profile kata`: one process per test, hard timeouts.
    Nextest,
    /// Plain `cargo test`: one process, timeouts from `kata_support::bounded`.
    Cargo,
}

crate::named_variants!(Runner { Nextest => "nextest", Cargo => "cargo" });

// `--runner nextest|cargo`, with each choice explained in `--help`.
impl clap::ValueEnum for Runner {
    fn value_variants<'a>() -> &'a [Self] {
        &[Runner::Nextest, Runner::Cargo]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        let help = match self {
            Runner::Nextest => {
                "`cargo nextest run --profile kata`: one process per test, hard timeouts"
            }
            Runner::Cargo => {
                "Plain `cargo test`: one process, timeouts from `kata_support::bounded`"
            }
        };
        Some(clap::builder::PossibleValue::new(self.name()).help(help))
    }
}

/// Debug or release build of the test binary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Cargo's `test` profile (unoptimised): what learners run.
    Debug,
    /// `--release`: `verify` runs the solutions optimised too, where timing
    /// and overflow behaviour differ.
    Release,
}

/// How one test ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The test passed.
    Passed,
    /// The test failed (a panic, an abort, or the binary crashed under it).
    Failed,
    /// nextest killed it, or `kata_support::bounded` gave up waiting.
    TimedOut,
    /// `#[ignore]`d: not run at all.
    Ignored,
    /// Not reached: the run stopped when another test hung (see
    /// `kata_support::HANG_MARKER`); `check` runs it again if it can.
    NotRun,
    /// Not run on purpose: its kata is still the untouched stub, whose
    /// `todo!()` every one of its tests would hit (`check` only).
    Untouched,
}

crate::named_variants!(Outcome {
    Passed => "passed",
    Failed => "failed",
    TimedOut => "timed_out",
    Ignored => "ignored",
    NotRun => "not_run",
    Untouched => "untouched",
});

/// One test's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestResult {
    /// The test's path inside the binary: `timers::due_timers::ties_keep_order`.
    pub name: String,
    /// How it ended.
    pub outcome: Outcome,
    /// What it printed when it failed (the panic message, a diff); empty otherwise.
    pub output: String,
}

// `{"name", "outcome", "output"}`, the output only when there is one.
impl serde::Serialize for TestResult {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let fields = if self.output.is_empty() { 2 } else { 3 };
        let mut object = serializer.serialize_struct("TestResult", fields)?;
        object.serialize_field("name", &self.name)?;
        object.serialize_field("outcome", &self.outcome)?;
        if !self.output.is_empty() {
            object.serialize_field("output", &self.output)?;
        }
        object.end()
    }
}

/// Everything one test run produced.
#[derive(Debug, Default)]
pub struct TestRun {
    /// One entry per test that ran or was ignored, in the runner's order.
    pub tests: Vec<TestResult>,
    /// The runner's own stderr, for when something other than a test went wrong.
    pub stderr: String,
}

/// What one test run should do.
#[derive(Debug, Clone)]
pub struct TestSpec<'a> {
    /// The package whose kata tests run.
    pub package: &'a str,
    /// Debug or release.
    pub profile: Profile,
    /// nextest or cargo test.
    pub runner: Runner,
    /// Run only tests whose path contains one of these (a kata's `name::`);
    /// every test when empty.
    pub filters: Vec<String>,
    /// Leave out tests whose path contains one of these (libtest's `--skip`).
    pub skip: Vec<String>,
    /// `cargo test` only: how many tests run at once (libtest's default, one
    /// per core, when `None`).
    pub test_threads: Option<usize>,
    /// `cargo test` only: the binary [`Cargo::build`] made, run directly
    /// (one cargo invocation fewer per `check`: cargo would only find it fresh).
    pub binary: Option<PathBuf>,
    /// The workspace root, for insta (`INSTA_WORKSPACE_ROOT`).
    pub workspace_root: Option<PathBuf>,
    /// `cargo test` only: the first test that hangs ends the run at once
    /// (`KATA_STOP_ON_HANG`), and the tests it cut off are [`Outcome::NotRun`].
    pub stop_on_hang: bool,
    /// Extra environment, e.g. `KATA_ORACLE=live` for `verify`.
    pub env: Vec<(String, String)>,
    /// Whether insta and pretty_assertions may colour their diffs.
    pub color: bool,
}

impl<'a> TestSpec<'a> {
    /// Every test of `package` in the workspace at `root`: debug, plain `cargo
    /// test` built by cargo itself, no filter, no colour, no extra environment.
    /// Callers change what they need with `..TestSpec::every_test(…)`.
    pub fn every_test(package: &'a str, root: &Path) -> TestSpec<'a> {
        TestSpec {
            package,
            profile: Profile::Debug,
            runner: Runner::Cargo,
            filters: Vec::new(),
            skip: Vec::new(),
            test_threads: None,
            binary: None,
            workspace_root: Some(root.to_path_buf()),
            stop_on_hang: false,
            env: Vec::new(),
            color: false,
        }
    }
}

/// The error a cancelled run returns (see [`Cargo::with_cancel`]).
#[derive(Debug)]
pub struct Cancelled;

impl std::fmt::Display for Cancelled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("cancelled: a newer change superseded this run")
    }
}

impl std::error::Error for Cancelled {}

/// What a build of a chapter's kata tests produced.
#[derive(Debug, Default)]
pub struct Build {
    /// True when it compiled.
    pub ok: bool,
    /// The compiler's warnings and errors, rendered as rustc prints them.
    pub diagnostics: String,
    /// cargo's own stderr (manifest errors and the like, which are not diagnostics).
    pub stderr: String,
    /// The test executable, when it compiled.
    pub executable: Option<PathBuf>,
}

impl Build {
    /// What to show a person: the diagnostics, or cargo's stderr when a build
    /// failed without any (a broken manifest).
    pub fn report(&self) -> String {
        if self.diagnostics.trim().is_empty() && !self.ok {
            tail(&self.stderr, 30)
        } else {
            self.diagnostics.trim_end().to_owned()
        }
    }
}

/// Environment variables a sandboxed run never passes on: everything that
/// changes what cargo builds (`CARGO_*` incl. `CARGO_ENCODED_RUSTFLAGS` and
/// `CARGO_TARGET_*_RUNNER`, `RUSTFLAGS`, wrappers) or what the tests accept
/// (`INSTA_*` such as `INSTA_FORCE_PASS`, `NEXTEST_*` such as a default filter).
/// `CARGO_HOME` is kept: it is where this machine's registry cache and
/// credentials-free config live, the grader's and not the clone's.
pub fn stripped_variable(name: &str) -> bool {
    const EXACT: [&str; 9] = [
        "CARGO",
        "RUSTFLAGS",
        "RUSTDOCFLAGS",
        "RUSTC",
        "RUSTDOC",
        "RUSTC_WRAPPER",
        "RUSTC_WORKSPACE_WRAPPER",
        "RUSTC_BOOTSTRAP",
        "CLICOLOR_FORCE",
    ];
    (name.starts_with("CARGO_") && name != "CARGO_HOME")
        || name.starts_with("INSTA_")
        || name.starts_with("NEXTEST_")
        || name.starts_with("RUST_TEST_")
        || EXACT.contains(&name)
}

/// Runs cargo for the workspace at `root`.
#[derive(Debug, Clone)]
pub struct Cargo {
    /// The workspace root; every command runs there.
    root: PathBuf,
    /// The cargo that runs xtask (`CARGO`), so toolchain overrides carry over.
    program: OsString,
    /// Set by `watch`: once it reads true, the running child is killed.
    cancel: Option<Arc<AtomicBool>>,
    /// Set by `grade`: children get a stripped environment and this target dir.
    sandbox_target: Option<PathBuf>,
    /// `cargo metadata`'s target directory, asked once.
    target_dir: Arc<OnceLock<PathBuf>>,
}

impl Cargo {
    /// A runner for the workspace at `root`.
    pub fn new(root: &Path) -> Cargo {
        Cargo {
            root: root.to_path_buf(),
            program: std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()),
            cancel: None,
            sandbox_target: None,
            target_dir: Arc::new(OnceLock::new()),
        }
    }

    /// A runner whose every child is killed (with its process group) once
    /// `cancel` turns true; the call then fails with [`Cancelled`].
    pub fn with_cancel(mut self, cancel: Arc<AtomicBool>) -> Cargo {
        self.cancel = Some(cancel);
        self
    }

    /// A runner whose children see none of the [`stripped_variable`]s and
    /// build into `target_dir`.
    pub fn sandboxed(mut self, target_dir: PathBuf) -> Cargo {
        self.target_dir = Arc::new(OnceLock::from(target_dir.clone()));
        self.sandbox_target = Some(target_dir);
        self
    }

    /// `cargo ARGS…` in the workspace root, not yet started.
    pub fn command<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let mut command = Command::new(&self.program);
        command.args(args).current_dir(&self.root);
        self.sandbox(&mut command);
        command
    }

    /// In a sandboxed runner, strips `command`'s environment (see
    /// [`Cargo::sandboxed`]); otherwise leaves it alone.
    fn sandbox(&self, command: &mut Command) {
        if let Some(target) = &self.sandbox_target {
            for (name, _) in std::env::vars_os() {
                if stripped_variable(&name.to_string_lossy()) {
                    command.env_remove(&name);
                }
            }
            command.env("CARGO_TARGET_DIR", target);
        }
    }

    /// Runs `command` to completion with stdout and stderr captured; with a
    /// cancel flag, kills it (and every process it started) when the flag turns.
    pub fn output(&self, command: &mut Command) -> Result<Output> {
        match &self.cancel {
            None => capture(command),
            Some(cancel) => run_cancellable(command, cancel, Sweep::No),
        }
    }

    /// [`Cargo::output`] for a run of the tests: what the run leaves running is
    /// stopped ([`orphans::stop_leftovers`]) before its pipes are read to the
    /// end, since such a process may hold them open. Only here, where nothing
    /// else of xtask's runs meanwhile: a sweep stops every child xtask did not
    /// start through [`orphans::spawn`] (`setup`'s parallel probes, say).
    ///
    /// The run's temporary files go in a folder of its own, removed when it
    /// ends: a hung or killed test never removes its own ([`Scratch`]).
    fn output_of_tests(&self, command: &mut Command) -> Result<Output> {
        let scratch = Scratch::new()?;
        command.env("TMPDIR", scratch.path());
        match &self.cancel {
            None => run_to_end(command, None, Sweep::Yes),
            Some(cancel) => run_cancellable(command, cancel, Sweep::Yes),
        }
    }

    /// The workspace root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// True when `cargo nextest` is installed.
    pub fn nextest_installed(&self) -> bool {
        self.command(["nextest", "--version"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    /// The runner to use: the one asked for, else nextest when installed.
    pub fn pick_runner(&self, asked: Option<Runner>) -> Result<Runner> {
        match asked {
            Some(Runner::Nextest) if !self.nextest_installed() => bail!(
                "cargo-nextest is not installed; install it with \
                 `cargo install cargo-nextest --locked`, or use `--runner cargo`"
            ),
            Some(runner) => Ok(runner),
            None if self.nextest_installed() => Ok(Runner::Nextest),
            None => Ok(Runner::Cargo),
        }
    }

    /// The target directory without asking `cargo metadata` (0.05 s, on
    /// every save): as known, else `CARGO_TARGET_DIR`, else `target/` in
    /// the workspace root. A `target-dir` set in a cargo config elsewhere is
    /// missed, which only puts a kata's cache under `target/`.
    fn target_dir_guess(&self) -> PathBuf {
        if let Some(dir) = self.target_dir.get() {
            return dir.clone();
        }
        match std::env::var_os("CARGO_TARGET_DIR") {
            Some(dir) => self.root.join(dir),
            None => self.root.join("target"),
        }
    }

    /// The target directory (`cargo metadata`), where nextest writes its JUnit report.
    pub fn target_dir(&self) -> Result<PathBuf> {
        if let Some(dir) = self.target_dir.get() {
            return Ok(dir.clone());
        }
        let metadata = self.metadata()?;
        let dir = metadata["target_directory"]
            .as_str()
            .context("`cargo metadata` printed no target_directory")?;
        Ok(self.target_dir.get_or_init(|| PathBuf::from(dir)).clone())
    }

    /// The workspace members' package names (`cargo metadata --no-deps`).
    pub fn member_packages(&self) -> Result<Vec<String>> {
        let metadata = self.metadata()?;
        let packages = metadata["packages"]
            .as_array()
            .context("`cargo metadata` printed no packages")?;
        Ok(packages
            .iter()
            .filter_map(|p| p["name"].as_str().map(str::to_owned))
            .collect())
    }

    fn metadata(&self) -> Result<serde_json::Value> {
        let mut command =
            self.command(["metadata", "--no-deps", "--format-version", "1"]);
        let output = self.output(&mut command)?;
        if !output.status.success() {
            bail!(
                "`cargo metadata` failed:\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        serde_json::from_slice(&output.stdout)
            .context("parsing `cargo metadata` output")
    }

    /// Compiles `package`'s kata tests without running them, and prints
    /// the compiler's warnings and errors to stderr exactly as rustc renders
    /// them, unless `quiet` (`list` only says "does not compile").
    /// Returns whether it compiled.
    pub fn build_tests(
        &self,
        package: &str,
        profile: Profile,
        quiet: bool,
    ) -> Result<bool> {
        let build =
            self.build(package, profile, term::stderr_colored(), &[], Slot::Chapter)?;
        if !quiet {
            let report = build.report();
            if !report.is_empty() {
                eprintln!("{report}");
            }
        }
        Ok(build.ok)
    }

    /// Compiles `package`'s kata tests with everything captured: the
    /// rendered diagnostics come from cargo's JSON messages
    /// (`--message-format=json-diagnostic-rendered-ansi` when `color`), so a
    /// spinner can turn meanwhile and `watch` can put them on its screen.
    ///
    /// The tests of the katas in `left_out` are not compiled at all (a debug
    /// build only; see [`left_out`]): the binary then holds no test of theirs.
    /// `slot` says whose incremental cache such a build uses.
    pub fn build(
        &self,
        package: &str,
        profile: Profile,
        color: bool,
        left_out: &[String],
        slot: Slot,
    ) -> Result<Build> {
        let format = if color {
            "--message-format=json-diagnostic-rendered-ansi"
        } else {
            "--message-format=json"
        };
        let leave_out = !left_out.is_empty() && profile == Profile::Debug;
        let mut command = if leave_out {
            // `--profile test` is `cargo test --no-run`'s build; the `--cfg`s
            // after `--` reach the test crate only.
            let mut command = self.command([
                "rustc",
                "--profile",
                "test",
                "--package",
                package,
                "--tests",
                format,
                "--",
            ]);
            command.args(left_out::rustc_args(left_out));
            command.args(left_out::cache_args(slot, &self.target_dir_guess()));
            command
        } else {
            self.command([
                "test",
                "--no-run",
                "--package",
                package,
                "--tests",
                format,
            ])
        };
        if profile == Profile::Release {
            command.arg("--release");
        }
        echo(&command);
        let output = self
            .output(&mut command)
            .with_context(|| format!("running cargo to build {package}'s katas"))?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        let executable = katas_executable(&stdout);
        // Only a debug build ever leaves katas out, so only there can an
        // older set's executable need deleting.
        if let Some(executable) =
            executable.as_ref().filter(|_| profile == Profile::Debug)
        {
            let slot = if leave_out { slot } else { Slot::Chapter };
            if let Err(error) =
                left_out::keep_only(package, slot, executable, leave_out)
            {
                term::note(&format!("an older build was not deleted: {error:#}"));
            }
        }
        Ok(Build {
            ok: output.status.success(),
            diagnostics: rendered_diagnostics(&stdout),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            executable,
        })
    }

    /// Runs the tests `spec` describes and returns each test's outcome.
    ///
    /// The binary must be built already ([`Cargo::build_tests`]), so the
    /// runner's own build step is a no-op and its output is captured.
    pub fn run_tests(&self, spec: &TestSpec<'_>) -> Result<TestRun> {
        let mut run = match spec.runner {
            Runner::Nextest => self.run_nextest(spec)?,
            Runner::Cargo => self.run_cargo_test(spec)?,
        };
        // `kata_support::bounded` may give up before nextest's own timeout does.
        for test in &mut run.tests {
            if test.outcome == Outcome::Failed && test.output.contains(TIMEOUT_MARKER)
            {
                test.outcome = Outcome::TimedOut;
            }
            test.output = readable(&test.output, spec.color);
        }
        Ok(run)
    }

    fn run_nextest(&self, spec: &TestSpec<'_>) -> Result<TestRun> {
        // nextest's store is `target/nextest` under the workspace root
        // whatever CARGO_TARGET_DIR says; older versions used the target dir.
        let junit = self
            .root
            .join("target")
            .join("nextest")
            .join("kata")
            .join("junit.xml");
        // A stale report from an earlier run must never be read as this run's.
        if junit.exists() {
            std::fs::remove_file(&junit).with_context(|| {
                format!("removing the old report {}", junit.display())
            })?;
        }
        let started = std::time::SystemTime::now();
        let mut command = self.command([
            "nextest",
            "run",
            "--profile",
            "kata",
            "--package",
            spec.package,
            "--tests",
            "--no-fail-fast",
            "--no-tests=warn",
        ]);
        if spec.profile == Profile::Release {
            command.arg("--release");
        }
        command.args(self.filters(spec));
        if !spec.skip.is_empty() {
            command.arg("--").args(skip_args(spec));
        }
        set_test_env(&mut command, spec);
        echo(&command);
        let output = self.output_of_tests(&mut command)?;
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let junit = if junit.exists() {
            junit
        } else {
            let other = self
                .target_dir()?
                .join("nextest")
                .join("kata")
                .join("junit.xml");
            let fresh = std::fs::metadata(&other)
                .and_then(|m| m.modified())
                .is_ok_and(|modified| modified >= started);
            if fresh { other } else { junit }
        };
        let xml = match std::fs::read_to_string(&junit) {
            Ok(xml) => xml,
            Err(error) => bail!(
                "nextest wrote no report at {} ({error}); its output:\n{stderr}",
                junit.display()
            ),
        };
        let tests = parse_junit(&xml).with_context(|| {
            format!("reading nextest's report {}", junit.display())
        })?;
        Ok(TestRun { tests, stderr })
    }

    fn run_cargo_test(&self, spec: &TestSpec<'_>) -> Result<TestRun> {
        let mut command = self.libtest_command(spec);
        command.args(["--color", "never"]);
        command.args(self.filters(spec)).args(skip_args(spec));
        if let Some(threads) = spec.test_threads {
            command.arg(format!("--test-threads={threads}"));
        }
        set_test_env(&mut command, spec);
        if spec.stop_on_hang {
            command.env("KATA_STOP_ON_HANG", "1");
        }
        echo(&command);
        let output = self.output_of_tests(&mut command)?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let mut tests = parse_libtest(&stdout);
        // A hang stopped the run: the hung test timed out, the ones it cut
        // off did not run (and are no one's failure).
        if let Some((hung, millis)) = hung_test(&stderr) {
            tests.retain(|t| t.name != hung);
            // libtest prints failure messages only at the end of a run: a test
            // that failed before the hang lost its message, so it runs again.
            tests.retain(|t| !(t.outcome == Outcome::Failed && t.output.is_empty()));
            tests.push(TestResult {
                name: hung.clone(),
                outcome: Outcome::TimedOut,
                output: format!(
                    "{TIMEOUT_MARKER} {:.1}s (an endless loop, or a queue that never drains?)",
                    millis as f64 / 1000.0
                ),
            });
            for name in self.list_tests(spec)? {
                if !tests.iter().any(|t| t.name == name) {
                    tests.push(TestResult {
                        name,
                        outcome: Outcome::NotRun,
                        output: format!("not run: the run stopped when {hung} hung"),
                    });
                }
            }
            return Ok(TestRun { tests, stderr });
        }
        // libtest prints a summary line last; without it the process died
        // mid-run (a stack overflow, an abort) and took unfinished tests with it.
        if !stdout.contains("\ntest result: ") {
            let listed = self.list_tests(spec)?;
            let crash = format!(
                "the test binary crashed before this test finished; it said:\n{}\n\
                 (`--runner nextest` runs each test alone and names the culprit)",
                crash_report(&stderr)
            );
            for name in listed {
                if !tests.iter().any(|t| t.name == name) {
                    tests.push(TestResult {
                        name,
                        outcome: Outcome::Failed,
                        output: crash.clone(),
                    });
                }
            }
        }
        Ok(TestRun { tests, stderr })
    }

    /// A command to which libtest's own arguments can be added: the built
    /// binary itself, run from its package's folder as cargo runs it, or
    /// `cargo test -p PKG --tests --no-fail-fast [--release] --`.
    fn libtest_command(&self, spec: &TestSpec<'_>) -> Command {
        if let Some(binary) = &spec.binary {
            let mut command = Command::new(binary);
            command.current_dir(self.package_dir(spec.package));
            self.sandbox(&mut command);
            return command;
        }
        let mut command = self.command([
            "test",
            "--package",
            spec.package,
            "--tests",
            "--no-fail-fast",
        ]);
        if spec.profile == Profile::Release {
            command.arg("--release");
        }
        command.arg("--");
        command
    }

    /// libtest's filters for `spec`. Where the tests are a module of the
    /// library (its `lib.rs` declares `mod katas;`), each is anchored in that
    /// module, and no filter becomes `katas::`: a learner's own unit tests
    /// (`#[cfg(test)] mod tests` beside a kata) are theirs to run with `cargo
    /// test`, not `check`'s to report as broken scaffolding, or to hang on.
    fn filters(&self, spec: &TestSpec<'_>) -> Vec<String> {
        let lib = self.package_dir(spec.package).join("src").join("lib.rs");
        let in_library = std::fs::read_to_string(lib)
            .is_ok_and(|text| text.lines().any(|line| line.trim() == "mod katas;"));
        match (in_library, spec.filters.is_empty()) {
            (false, _) => spec.filters.clone(),
            (true, true) => vec!["katas::".to_owned()],
            (true, false) => {
                spec.filters.iter().map(|f| format!("katas::{f}")).collect()
            }
        }
    }

    /// The folder of `package`: `chapters/chNN-slug`, or `solutions/chNN-slug`
    /// for `chNN-slug-solution`.
    fn package_dir(&self, package: &str) -> PathBuf {
        match package.strip_suffix("-solution") {
            Some(chapter) => self.root.join("solutions").join(chapter),
            None => self.root.join("chapters").join(package),
        }
    }

    /// The names of the tests `spec` selects, from libtest's `--list`.
    pub fn list_tests(&self, spec: &TestSpec<'_>) -> Result<Vec<String>> {
        let mut command = self.libtest_command(spec);
        command.args(["--list", "--format", "terse"]);
        command.args(self.filters(spec)).args(skip_args(spec));
        echo(&command);
        let output = self.output(&mut command)?;
        Ok(String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| line.strip_suffix(": test"))
            .map(|name| test_path(name).to_owned())
            .collect())
    }
}

/// libtest's `--skip PATTERN` for each of `spec.skip`.
fn skip_args<'a>(spec: &'a TestSpec<'_>) -> impl Iterator<Item = &'a str> {
    spec.skip.iter().flat_map(|s| ["--skip", s.as_str()])
}

/// The test that stopped the run by hanging, and its deadline in ms, from
/// the line `kata_support::stop_the_run` writes to the test binary's stderr.
fn hung_test(stderr: &str) -> Option<(String, u64)> {
    let line = stderr
        .lines()
        .find_map(|l| l.strip_prefix(kata_support::HANG_MARKER))?;
    let (name, rest) = line.trim().split_once(" after ")?;
    let millis = rest.trim_end_matches(" ms").parse().ok()?;
    Some((test_path(name).to_owned(), millis))
}

/// A test's path as katas.toml and the learner see it: without the `katas::`
/// the library's test module adds (the module docs above).
pub fn test_path(name: &str) -> &str {
    name.strip_prefix("katas::").unwrap_or(name)
}

/// A test's output with its panic lines naming the test as [`test_path`]
/// does (`thread 'paths::classify::…' panicked at …`).
fn without_test_module(output: &str) -> String {
    output.replace("thread 'katas::", "thread '")
}

/// A test's output as the learner should read it: its paths tidied
/// ([`tidy_paths`]) and, without `color`, no escape codes. pretty_assertions
/// colours its diffs whatever the terminal, so a pipe, `--json` or NO_COLOR
/// would otherwise get them.
fn readable(output: &str, color: bool) -> String {
    let plain = if color {
        output.into()
    } else {
        console::strip_ansi_codes(output)
    };
    tidy_paths(&plain)
}

/// `output` with each `dir/../` folded away: the kata tests are a module the
/// library pulls in by `#[path = "../../../chapters/…"]`, so a panic in them is
/// located at `chapters/ch01-modules/src/../../../chapters/ch01-modules/tests/…`;
/// the learner should read `chapters/ch01-modules/tests/…`. A leading `../`
/// (nothing to fold) stays.
fn tidy_paths(output: &str) -> String {
    let mut text = output.to_owned();
    let mut from = 0;
    while let Some(found) = text[from..].find("/../") {
        let at = from + found;
        let segment_start = text[..at]
            .rfind(|c: char| c == '/' || c.is_whitespace())
            .map_or(0, |i| i + 1);
        let segment = &text[segment_start..at];
        if segment.is_empty() || segment == ".." || segment == "." {
            from = at + 1;
            continue;
        }
        text.replace_range(segment_start..at + "/../".len(), "");
        // The `/` before the folded segment may now open another `/../`.
        from = segment_start.saturating_sub(1);
    }
    text
}

/// The environment every kata run gets: no backtraces (learners read the
/// panic message, not frames), insta may never write a snapshot, and oracle
/// tests judge by the committed recordings (no `KATA_ORACLE` from the caller's
/// shell: only `spec.env` may ask for live Node, as `verify` and `oracle` do).
fn set_test_env(command: &mut Command, spec: &TestSpec<'_>) {
    command
        .env("RUST_BACKTRACE", "0")
        .env("INSTA_UPDATE", "no")
        .env("INSTA_FORCE_PASS", "0")
        .env_remove("KATA_ORACLE")
        .env_remove("KATA_ORACLE_REFERENCES");
    // Spares insta a `cargo metadata` per test binary to find the root.
    if let Some(root) = &spec.workspace_root {
        command.env("INSTA_WORKSPACE_ROOT", root);
    }
    if spec.color {
        // insta colours its diffs only on a terminal; ours is one, its pipe is not.
        command.env("CLICOLOR_FORCE", "1");
    } else {
        command.env_remove("CLICOLOR_FORCE");
    }
    for (key, value) in &spec.env {
        command.env(key, value);
    }
}

/// Prints `command` to stderr, dimmed, before it runs (`$ cargo test …`),
/// when `--verbose` asked for it.
pub fn echo(command: &Command) {
    if !term::verbose() {
        return;
    }
    let program = Path::new(command.get_program())
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut line = format!("$ {program}");
    for arg in command.get_args() {
        let arg = arg.to_string_lossy();
        // Quoted as a shell would need it, so the line can be pasted back
        // (`--cfg 'kata_skip="paths::classify"'`).
        let plain = |c: char| c.is_ascii_alphanumeric() || "-_./:=,+@%".contains(c);
        if arg.is_empty() || !arg.chars().all(plain) {
            line.push_str(&format!(" '{}'", arg.replace('\'', r"'\''")));
        } else {
            line.push(' ');
            line.push_str(&arg);
        }
    }
    term::note(&line);
}

/// Runs `command` to completion with stdout and stderr captured.
pub fn capture(command: &mut Command) -> Result<Output> {
    run_to_end(command, None, Sweep::No)
}

/// Whether a run ends by stopping what it left running (see [`Cargo::output_of_tests`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sweep {
    Yes,
    No,
}

/// Runs `command` like [`capture`], in its own process group, polling
/// `cancel`: when it turns true the whole group (cargo, rustc, the test
/// processes) is killed and the call fails with [`Cancelled`].
fn run_cancellable(
    command: &mut Command,
    cancel: &AtomicBool,
    sweep: Sweep,
) -> Result<Output> {
    use std::os::unix::process::CommandExt as _;

    if cancel.load(Ordering::SeqCst) {
        return Err(Cancelled.into());
    }
    run_to_end(command.process_group(0), Some(cancel), sweep)
}

/// [`capture`] and [`run_cancellable`]: spawn, drain both pipes on their own
/// threads (so a chatty child never blocks), wait for the process (not for the
/// pipes' end, as `Command::output` does), stop what the run left behind if
/// asked, then collect the output.
fn run_to_end(
    command: &mut Command,
    cancel: Option<&AtomicBool>,
    sweep: Sweep,
) -> Result<Output> {
    let program = command.get_program().to_string_lossy().into_owned();
    let mut child = orphans::spawn(
        command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped()),
    )
    .with_context(|| format!("running `{program}`"))?;
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let status = match cancel {
        None => child.wait(),
        Some(cancel) => loop {
            match child.try_wait() {
                Ok(Some(status)) => break Ok(status),
                Ok(None) => {}
                Err(error) => break Err(error),
            }
            if cancel.load(Ordering::SeqCst) {
                kill_group(&mut child);
                orphans::forget(&child);
                return Err(Cancelled.into());
            }
            // A finished child is noticed within 2 ms: a save's verdict waits on two.
            std::thread::sleep(Duration::from_millis(2));
        },
    };
    orphans::forget(&child);
    let status = status.with_context(|| format!("waiting for `{program}`"))?;
    if sweep == Sweep::Yes {
        orphans::stop_leftovers();
    }
    Ok(Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    })
}

/// Kills `child`, the leader of its own process group (`process_group(0)`),
/// and the whole group with it: rustc and the test processes too (killpg(2)
/// through rustix's safe wrapper; the group may be gone already); then reaps it.
pub fn kill_group(child: &mut std::process::Child) {
    let group = i32::try_from(child.id()).ok();
    if let Some(group) = group.and_then(rustix::process::Pid::from_raw) {
        let _ =
            rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// The path of the test executable (`cargo test --tests`) in cargo's JSON
/// output, if it was built: the library's, or the `katas` test binary's in a
/// chapter that has one (its library's test harness, if any, holds no kata).
pub fn katas_executable(stdout: &str) -> Option<PathBuf> {
    let built: Vec<serde_json::Value> = stdout
        .lines()
        .filter(|l| l.starts_with('{'))
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|m| {
            m["reason"] == "compiler-artifact"
                && m["profile"]["test"] == true
                && m["executable"].is_string()
        })
        .collect();
    // Never another test binary (chapter 6's solution has `node22`, which only
    // `verify` runs).
    let is_library = |m: &&serde_json::Value| {
        m["target"]["kind"]
            .as_array()
            .is_some_and(|kinds| kinds.iter().any(|k| k == "lib" || k == "rlib"))
    };
    let katas = built
        .iter()
        .find(|m| m["target"]["name"] == "katas")
        .or_else(|| built.iter().find(is_library))?;
    katas["executable"].as_str().map(PathBuf::from)
}

/// The `rendered` text of every compiler message in cargo's JSON output, once each.
pub fn rendered_diagnostics(stdout: &str) -> String {
    let mut seen: Vec<String> = Vec::new();
    for line in stdout.lines().filter(|l| l.starts_with('{')) {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-message" {
            continue;
        }
        if let Some(rendered) = message["message"]["rendered"].as_str() {
            if !seen.iter().any(|s| s == rendered) {
                seen.push(rendered.to_owned());
            }
        }
    }
    seen.concat()
}

/// What the test binary itself wrote to stderr before dying: the lines
/// between cargo's `Running …` line and its `error: test failed` epilogue.
fn crash_report(cargo_stderr: &str) -> String {
    let lines: Vec<&str> = cargo_stderr.lines().collect();
    let start = lines
        .iter()
        .rposition(|l| l.trim_start().starts_with("Running "))
        .map_or(0, |i| i + 1);
    let end = lines[start..]
        .iter()
        .position(|l| l.starts_with("error: test failed"))
        .map_or(lines.len(), |i| start + i);
    tail(&lines[start..end].join("\n"), 15).trim().to_owned()
}

/// The last `lines` lines of `text`.
pub fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.trim_end().lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// Parses libtest's human output (`cargo test -- --color never`).
///
/// Result lines read `test NAME ... ok`, `... FAILED`, `... ignored` or
/// `... ignored, REASON`; each failure's captured output follows later in a
/// `---- NAME stdout ----` section.
pub fn parse_libtest(stdout: &str) -> Vec<TestResult> {
    let mut tests: Vec<TestResult> = Vec::new();
    for line in stdout.lines() {
        let Some(rest) = line.strip_prefix("test ") else {
            continue;
        };
        let Some((name, status)) = rest.split_once(" ... ") else {
            continue;
        };
        let outcome = match status.trim() {
            "ok" => Outcome::Passed,
            "FAILED" => Outcome::Failed,
            s if s == "ignored" || s.starts_with("ignored,") => Outcome::Ignored,
            _ => continue,
        };
        tests.push(TestResult {
            name: name.to_owned(),
            outcome,
            output: String::new(),
        });
    }

    // Failure sections, delimited by the next known header or the closing list.
    let mut current: Option<usize> = None;
    for line in stdout.lines() {
        let header = line
            .strip_prefix("---- ")
            .and_then(|l| l.strip_suffix(" stdout ----"));
        if let Some(index) =
            header.and_then(|name| tests.iter().position(|t| t.name == name))
        {
            current = Some(index);
            continue;
        }
        if line == "failures:" {
            current = None;
            continue;
        }
        if let Some(index) = current {
            tests[index].output.push_str(line);
            tests[index].output.push('\n');
        }
    }
    for test in &mut tests {
        test.output = without_test_module(test.output.trim());
        test.name = test_path(&test.name).to_owned();
    }
    tests
}

/// Parses nextest's JUnit report.
///
/// A `<testcase>` with a `<failure type="test timeout">` timed out; any other
/// `<failure>` or `<error>` failed; `<skipped>` marks an ignored test. nextest
/// runs each test with `--nocapture`, so `<system-err>` holds everything the
/// test wrote to stderr: insta's diff, then the panic message (with
/// pretty_assertions' diff). That is the output we keep, after whatever the
/// test printed to stdout; the `<failure>` text (only the panic message) is
/// the fallback.
pub fn parse_junit(xml: &str) -> Result<Vec<TestResult>> {
    Ok(junit::cases(xml)?
        .into_iter()
        .map(junit::Case::finish)
        .collect())
}

/// The parts of nextest's JUnit report `check` reads, taken from quick-xml's
/// events (whatever else the report holds is skipped).
mod junit {
    use anyhow::Result;
    use quick_xml::events::{BytesStart, Event};

    use super::{Outcome, TestResult, test_path, test_stdout, without_test_module};

    /// One `<testcase>`.
    #[derive(Default)]
    pub struct Case {
        name: String,
        /// Its `<failure>`, or else its `<error>`.
        failure: Option<Failure>,
        skipped: bool,
        system_out: String,
        system_err: String,
    }

    /// A `<failure>` or `<error>`: its kind, and the panic message (as text
    /// or, in an empty element, as an attribute).
    struct Failure {
        kind: String,
        message: String,
        text: String,
    }

    /// Where the text read next belongs.
    #[derive(Clone, Copy, PartialEq)]
    enum Part {
        Nowhere,
        Failure,
        Out,
        Err,
    }

    /// Every `<testcase>` of every suite, in the report's order.
    pub fn cases(xml: &str) -> Result<Vec<Case>> {
        let mut reader = quick_xml::Reader::from_str(xml);
        let (mut cases, mut case) = (Vec::new(), Case::default());
        let mut part = Part::Nowhere;
        loop {
            let text = match reader.read_event()? {
                Event::Start(element) => {
                    part = start(&element, &mut case)?;
                    continue;
                }
                // `<x/>` opens and closes at once: it holds no text.
                Event::Empty(element) => {
                    start(&element, &mut case)?;
                    if element.local_name().as_ref() == b"testcase" {
                        cases.push(std::mem::take(&mut case));
                    }
                    continue;
                }
                Event::End(element) => {
                    part = Part::Nowhere;
                    if element.local_name().as_ref() == b"testcase" {
                        cases.push(std::mem::take(&mut case));
                    }
                    continue;
                }
                Event::Text(text) => text.xml_content()?.into_owned(),
                Event::CData(text) => text.xml_content()?.into_owned(),
                // `&lt;` and `&#10;` arrive apart from the text around them.
                Event::GeneralRef(reference) => match reference.resolve_char_ref()? {
                    Some(char) => char.to_string(),
                    None => {
                        let name = reference.xml_content()?;
                        let entity = quick_xml::escape::resolve_xml_entity(&name);
                        entity.unwrap_or_default().to_owned()
                    }
                },
                Event::Eof => return Ok(cases),
                _ => continue,
            };
            let into = match part {
                Part::Nowhere => None,
                Part::Failure => case.failure.as_mut().map(|f| &mut f.text),
                Part::Out => Some(&mut case.system_out),
                Part::Err => Some(&mut case.system_err),
            };
            into.into_iter().for_each(|into| into.push_str(&text));
        }
    }

    /// Takes in what an opening tag says; returns where its text belongs.
    fn start(element: &BytesStart<'_>, case: &mut Case) -> Result<Part> {
        let attribute = |name: &str| -> Result<String> {
            Ok(match element.try_get_attribute(name)? {
                Some(value) => value.unescape_value()?.into_owned(),
                None => String::new(),
            })
        };
        Ok(match element.local_name().as_ref() {
            b"testcase" => {
                case.name = attribute("name")?;
                Part::Nowhere
            }
            // A `<failure>` wins over an `<error>`, whichever comes first.
            tag @ (b"failure" | b"error")
                if tag == b"failure" || case.failure.is_none() =>
            {
                case.failure = Some(Failure {
                    kind: attribute("type")?,
                    message: attribute("message")?,
                    text: String::new(),
                });
                Part::Failure
            }
            b"skipped" => {
                case.skipped = true;
                Part::Nowhere
            }
            b"system-out" => Part::Out,
            b"system-err" => Part::Err,
            _ => Part::Nowhere,
        })
    }

    impl Case {
        /// The result, with the output a learner should read (see
        /// [`parse_junit`](super::parse_junit)).
        pub fn finish(self) -> TestResult {
            let failure = self.failure;
            let outcome = match (&failure, self.skipped) {
                (Some(f), _) if f.kind == "test timeout" => Outcome::TimedOut,
                (Some(_), _) => Outcome::Failed,
                (None, true) => Outcome::Ignored,
                (None, false) => Outcome::Passed,
            };
            let stderr = self.system_err.trim();
            let mut output = match &failure {
                None => String::new(),
                Some(_) if outcome == Outcome::TimedOut => {
                    "timed out: nextest stopped the test \
                     (an endless loop, or a queue that never drains?)"
                        .to_owned()
                }
                Some(f) => {
                    let message = if f.text.trim().is_empty() {
                        f.message.trim()
                    } else {
                        f.text.trim()
                    };
                    // An abort names only the signal; stderr says why (a stack overflow…).
                    if f.kind == "test abort" {
                        format!("{message}\n{stderr}")
                    } else if stderr.is_empty() {
                        message.to_owned()
                    } else {
                        stderr.to_owned()
                    }
                }
            };
            let printed = test_stdout(&self.system_out, &self.name);
            if outcome != Outcome::Passed && !printed.is_empty() {
                output = format!("{printed}\n{output}");
            }
            TestResult {
                name: test_path(&self.name).to_owned(),
                outcome,
                output: without_test_module(output.trim()),
            }
        }
    }
}

/// What test `name` itself printed to stdout, without libtest's own lines
/// (`running 1 test`, `test … FAILED`, the `failures:` lists, `test result:`).
fn test_stdout(system_out: &str, name: &str) -> String {
    let own_result = format!("test {name} ... ");
    let listed = format!("    {name}");
    system_out
        .lines()
        .filter(|line| {
            !(line.trim().is_empty()
                || line.starts_with("running ")
                || line.starts_with(&own_result)
                || *line == "failures:"
                || *line == listed
                || line.starts_with("test result: "))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_colour_a_test_output_has_no_escape_codes() {
        let diff = "\u{1b}[31m<left\u{1b}[0m\n\u{1b}[32m>right\u{1b}[0m";
        assert_eq!(readable(diff, false), "<left\n>right");
        assert_eq!(readable(diff, true), diff);
    }

    #[test]
    fn panics_in_the_kata_tests_point_at_their_file() {
        assert_eq!(
            tidy_paths(
                "panicked at chapters/ch04-memory/src/../../../chapters/ch04-memory/\
                 tests/katas/lru.rs:10:5:\nleft: ../x/../y"
            ),
            "panicked at chapters/ch04-memory/tests/katas/lru.rs:10:5:\nleft: ../y"
        );
    }

    /// What `cargo test -- --color never` prints for a run with every kind of result.
    const LIBTEST: &str = "
running 6 tests
test script::splits_words ... ok
test calls::add::adds_small ... FAILED
test calls::add::skipped ... ignored, needs node 10
test calls::spin::finishes ... FAILED
test calls::double::doubles::one ... FAILED
test calls::add::given_words_split ... ok

failures:

---- calls::add::adds_small stdout ----

thread 'calls::add::adds_small' (4711) panicked at chapters/ch02-async-io/src/calls.rs:3:43:
not yet implemented: kata calls::add
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace

---- calls::spin::finishes stdout ----

thread 'calls::spin::finishes' (4712) panicked at chapters/ch02-async-io/tests/katas/calls.rs:27:5:
kata timed out after 20s (an endless loop, or a queue that never drains?)

---- calls::double::doubles::one stdout ----
printed by the test
---- not a header ----
thread 'calls::double::doubles::one' (4713) panicked at tests/katas/calls.rs:20:5:
assertion failed: `(left == right)`

Diff < left / right > :
<[1, 3]
>[1, 2]


failures:
    calls::add::adds_small
    calls::spin::finishes
    calls::double::doubles::one

test result: FAILED. 2 passed; 3 failed; 1 ignored; 0 measured; 0 filtered out; finished in 20.01s
";

    #[test]
    fn libtest_outcomes() {
        let tests = parse_libtest(LIBTEST);
        let outcomes: Vec<(&str, Outcome)> =
            tests.iter().map(|t| (t.name.as_str(), t.outcome)).collect();
        assert_eq!(
            outcomes,
            [
                ("script::splits_words", Outcome::Passed),
                ("calls::add::adds_small", Outcome::Failed),
                ("calls::add::skipped", Outcome::Ignored),
                // `run_tests` turns this into a timeout, for both runners.
                ("calls::spin::finishes", Outcome::Failed),
                ("calls::double::doubles::one", Outcome::Failed),
                ("calls::add::given_words_split", Outcome::Passed),
            ]
        );
    }

    #[test]
    fn filters_stay_inside_the_library_test_module() {
        let root = tempfile::tempdir().unwrap();
        let src = root.path().join("chapters/ch01-x/src");
        std::fs::create_dir_all(&src).unwrap();
        let cargo = Cargo::new(root.path());
        let spec = |filters: &[&str]| TestSpec {
            filters: filters.iter().map(|f| (*f).to_owned()).collect(),
            ..TestSpec::every_test("ch01-x", root.path())
        };
        // A `katas` test binary (chapter 7): the filters as given.
        std::fs::write(src.join("lib.rs"), "pub mod a;\n").unwrap();
        assert!(cargo.filters(&spec(&[])).is_empty());
        assert_eq!(cargo.filters(&spec(&["a::b::"])), ["a::b::"]);
        // The tests a module of the library: only tests inside it, never the
        // learner's own `a::tests::…`.
        std::fs::write(src.join("lib.rs"), "pub mod a;\n#[cfg(test)]\nmod katas;\n")
            .unwrap();
        assert_eq!(cargo.filters(&spec(&[])), ["katas::"]);
        assert_eq!(
            cargo.filters(&spec(&["a::b::", "a::c::"])),
            ["katas::a::b::", "katas::a::c::"]
        );
    }

    #[test]
    fn test_paths_drop_the_library_test_module() {
        // The same test, run as a module of the library and in a test binary.
        let failed = "test katas::calls::add::adds_small ... FAILED\n\nfailures:\n\n\
                      ---- katas::calls::add::adds_small stdout ----\n\
                      thread 'katas::calls::add::adds_small' (7) panicked at a.rs:1:1:\n\
                      boom\n\nfailures:\n";
        let test = &parse_libtest(failed)[0];
        assert_eq!(
            (test.name.as_str(), test.output.as_str()),
            (
                "calls::add::adds_small",
                "thread 'calls::add::adds_small' (7) panicked at a.rs:1:1:\nboom"
            )
        );
        let module = "test katas::calls::add::adds_small ... ok\n";
        let binary = "test calls::add::adds_small ... ok\n";
        assert_eq!(parse_libtest(module)[0].name, "calls::add::adds_small");
        assert_eq!(parse_libtest(binary)[0].name, "calls::add::adds_small");
        let stderr = format!(
            "{} katas::calls::spin::finishes after 2000 ms\n",
            kata_support::HANG_MARKER
        );
        assert_eq!(
            hung_test(&stderr),
            Some(("calls::spin::finishes".to_owned(), 2000))
        );
        // Only a leading `katas::` is the module's.
        assert_eq!(test_path("calls::katas::x"), "calls::katas::x");
    }

    #[test]
    fn the_test_executable_is_the_library_or_the_katas_binary() {
        let artifact = |name: &str, kind: &str, test: bool, exe: &str| {
            serde_json::json!({
                "reason": "compiler-artifact",
                "target": { "name": name, "kind": [kind] },
                "profile": { "test": test },
                "executable": exe,
            })
            .to_string()
        };
        // A chapter whose tests are a module of its library, beside a test
        // binary of another name (chapter 6's solution has one).
        let lib = [
            artifact("ch01_modules", "lib", false, ""),
            artifact("node22", "test", true, "/t/deps/node22-1"),
            artifact("ch01_modules", "lib", true, "/t/deps/ch01_modules-1"),
        ];
        assert_eq!(
            katas_executable(&lib.join("\n")),
            Some(PathBuf::from("/t/deps/ch01_modules-1"))
        );
        // A chapter with a `katas` test binary, the child binary it starts,
        // and a library harness: the `katas` binary, whatever the order.
        let binary = [
            artifact("ch07_processes", "lib", true, "/t/deps/ch07_processes-1"),
            artifact("ch07-child", "bin", false, "/t/ch07-child"),
            artifact("katas", "test", true, "/t/deps/katas-1"),
        ];
        assert_eq!(
            katas_executable(&binary.join("\n")),
            Some(PathBuf::from("/t/deps/katas-1"))
        );
        assert_eq!(katas_executable("not json\n"), None);
    }

    #[test]
    fn libtest_failure_sections() {
        let tests = parse_libtest(LIBTEST);
        assert!(
            tests[1]
                .output
                .starts_with("thread 'calls::add::adds_small' (4711) panicked at")
        );
        assert!(
            tests[1]
                .output
                .contains("not yet implemented: kata calls::add")
        );
        assert!(!tests[1].output.contains("spin"));
        // A line that merely looks like a header stays in the output, and the
        // section ends at the closing `failures:` list.
        let double = &tests[4].output;
        assert!(double.starts_with("printed by the test\n---- not a header ----"));
        assert!(double.ends_with("<[1, 3]\n>[1, 2]"), "{double}");
        assert_eq!(tests[0].output, "");
    }

    /// Shaped like nextest 0.9's report, with each kind of result.
    const JUNIT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="nextest-run" tests="5" failures="4" errors="0">
    <testsuite name="ch02-async-io::katas" tests="5" errors="0" failures="4">
        <testcase name="a::aborts" classname="ch02-async-io::katas" time="0.006">
            <failure message="process aborted with signal 6 (SIGABRT)" type="test abort">process aborted with signal 6 (SIGABRT)</failure>
            <system-out>
running 1 test
</system-out>
            <system-err>
thread &apos;main&apos; has overflowed its stack
</system-err>
        </testcase>
        <testcase name="a::fails" classname="ch02-async-io::katas" time="0.118">
            <failure message="thread &apos;a::fails&apos; (12184) panicked at tests/katas.rs:3:61" type="test failure with exit code 101">thread &apos;a::fails&apos; (12184) panicked at tests/katas.rs:3:61:
assertion failed: `(left == right)`

Diff &lt; left / right &gt; :
&lt;    2,
&gt;    5,</failure>
            <system-out>
running 1 test
some &lt;stdout&gt; &amp; stuff
test a::fails ... FAILED

failures:

failures:
    a::fails

test result: FAILED. 0 passed; 1 failed; 0 ignored; 0 measured; 5 filtered out; finished in 0.11s
</system-out>
            <system-err>thread &apos;a::fails&apos; panicked at tests/katas.rs:3:61:
assertion failed: `(left == right)`

Diff &lt; left / right &gt; :
&lt;    2,
&gt;    5,
</system-err>
        </testcase>
        <testcase name="a::passes" classname="ch02-async-io::katas" time="0.005"/>
        <testcase name="a::hangs" classname="ch02-async-io::katas" time="2.006">
            <failure type="test timeout"/>
            <system-out>
running 1 test
</system-out>
            <system-err></system-err>
        </testcase>
        <testcase name="a::skipped" classname="ch02-async-io::katas" time="0">
            <skipped/>
        </testcase>
        <testcase name="a::cdata" classname="ch02-async-io::katas" time="0.1">
            <failure type="test failure"><![CDATA[x < y]]></failure>
        </testcase>
    </testsuite>
</testsuites>"#;

    #[test]
    fn junit_outcomes_and_messages() {
        let tests = parse_junit(JUNIT).unwrap();
        let outcomes: Vec<(&str, Outcome)> =
            tests.iter().map(|t| (t.name.as_str(), t.outcome)).collect();
        assert_eq!(
            outcomes,
            [
                ("a::aborts", Outcome::Failed),
                ("a::fails", Outcome::Failed),
                ("a::passes", Outcome::Passed),
                ("a::hangs", Outcome::TimedOut),
                ("a::skipped", Outcome::Ignored),
                ("a::cdata", Outcome::Failed),
            ]
        );
        assert_eq!(
            tests[0].output,
            "process aborted with signal 6 (SIGABRT)\nthread 'main' has overflowed its stack"
        );
        // What the test printed, then its stderr (insta's diff would be there).
        assert_eq!(
            tests[1].output,
            "some <stdout> & stuff\nthread 'a::fails' panicked at tests/katas.rs:3:61:\n\
             assertion failed: `(left == right)`\n\nDiff < left / right > :\n<    2,\n>    5,"
        );
        assert!(tests[3].output.starts_with("timed out"));
        assert_eq!(tests[5].output, "x < y");
    }

    #[test]
    fn junit_garbage_is_an_error() {
        assert!(parse_junit("<testsuites><testcase name='x'></testsuite>").is_err());
    }

    #[test]
    fn crash_report_is_the_binary_s_own_words() {
        let stderr = "warning: unused\n    Finished `test` profile\n     Running tests/katas/main.rs (target/debug/deps/katas-1)\n\n\
                      thread 'a::b' has overflowed its stack\nfatal runtime error: stack overflow, aborting\n\
                      error: test failed, to rerun pass `-p x --test katas`\n\nCaused by:\n  signal: 6\n";
        assert_eq!(
            crash_report(stderr),
            "thread 'a::b' has overflowed its stack\nfatal runtime error: stack overflow, aborting"
        );
    }

    #[test]
    fn tail_keeps_the_last_lines() {
        assert_eq!(tail("a\nb\nc\n", 2), "b\nc");
        assert_eq!(tail("a", 5), "a");
    }
}
