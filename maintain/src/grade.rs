//! `cargo xtask grade [--format json|junit|markdown] [--out DIR] [CLONE...]`:
//! grade learners' clones so that no file or variable of theirs can bend the result.
//!
//! The *grader* is the workspace this xtask belongs to: in CI, the course
//! repository checked out at a pinned commit, beside the learner's clone. For
//! each CLONE (default: the grader itself, a self-check) grade:
//!
//! 1. builds a fresh tree from the grader (`<work>/trees/NN-name`): its
//!    manifests, `Cargo.lock`, `.cargo/`, `.config/` (nextest, insta),
//!    `rust-toolchain.toml`, tests, snapshots and support crates; the
//!    solution crates without their `src/` (an empty placeholder lib keeps
//!    the workspace's `solutions/*` members loadable, and leaves nothing to
//!    `#[path]` or `include!` into), no book;
//! 2. copies into it only the clone's `chapters/*/src/**` regular files
//!    (symlinks and hidden files are not copied, and are flagged);
//! 3. reports every other file of the clone that differs from the grader's
//!    (tests, snapshots, manifests, config: *not run*, the grader's copy ran);
//! 4. flags learner code that smells: `#[ignore]`, a `build.rs`, proc-macros,
//!    `include!`/`include_str!`/`#[path]` reaching outside `src/`, reading
//!    test or snapshot files or naming the tests' module, `process::exit`/
//!    `abort` (a test process that exits 0 passes under nextest); the lines
//!    of `src/lib.rs` that compile the tests into the crate are replaced by
//!    the grader's (a change to them is flagged);
//! 5. builds and runs every written chapter in the tree with a sandboxed
//!    cargo (`cargo.rs`): `CARGO_*` (but `CARGO_HOME`), `RUSTFLAGS`, `INSTA_*`,
//!    `NEXTEST_*` and friends are stripped, `INSTA_UPDATE=no`,
//!    `RUST_BACKTRACE=0`, the target dir is grade's own (`<work>/target`).
//!
//! Scores: a kata scores 1 when every one of its tests passes, else 0; a
//! chapter's score is its passing katas over its katas. Reports: Markdown (a CI
//! job summary), JSON (schema in `docs/grade-report.schema.json`, `schema` =
//! `kata-grade/1`), JUnit XML (one `<testsuite>` per clone and chapter, one
//! `<testcase>` per kata). `--format` picks what goes to stdout; `--out DIR`
//! writes all three (`grade.md`, `grade.json`, `junit.xml`).
//!
//! Exit status: 0 when grading ran, whatever the scores; 2 when a clone could
//! not be graded (not a workspace, cargo failed to start…), after reporting
//! the others.

use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use serde::Serialize;

use crate::cargo::{Cargo, Runner};
use crate::chapters::{Chapter, Workspace};
use crate::check::{self, CheckOptions, Verdict};
use crate::files::collect_files;
use crate::katas::Katas;
use crate::orphans::Leftover;
use crate::term;

/// The report's schema id; bumped on any incompatible change.
pub const SCHEMA: &str = "kata-grade/1";

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A Markdown table, for a CI job summary.
    Markdown,
    /// The JSON report (`docs/grade-report.schema.json`).
    Json,
    /// JUnit XML: one testcase per kata.
    Junit,
}

/// Options of `grade`.
#[derive(Debug, clap::Args)]
pub struct GradeArgs {
    /// What to print on stdout.
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: Format,
    /// Also write every format here: grade.md, grade.json, junit.xml.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Where the fresh trees and their builds go (default: target/grade).
    #[arg(long, value_name = "DIR")]
    pub work_dir: Option<PathBuf>,
    /// Force a test runner (default: nextest when installed, else cargo test).
    #[arg(long, value_enum)]
    pub runner: Option<Runner>,
    /// The learners' clones (default: this workspace itself).
    #[arg(value_name = "CLONE")]
    pub clones: Vec<PathBuf>,
}

/// The whole report.
#[derive(Debug, Serialize)]
pub struct GradeReport {
    /// [`SCHEMA`].
    pub schema: &'static str,
    /// The runner the katas ran under.
    pub runner: Runner,
    /// The grader workspace (its tests, snapshots and config are the ones that ran).
    pub grader: String,
    /// One entry per clone, in the order given.
    pub clones: Vec<CloneGrade>,
}

/// One clone's grade.
#[derive(Debug, Serialize)]
pub struct CloneGrade {
    /// The clone's folder name, used in the reports.
    pub name: String,
    /// The clone's path as given.
    pub path: String,
    /// Graded, or not (then `error` says why and the scores are empty).
    pub status: CloneStatus,
    /// Why it could not be graded.
    pub error: Option<String>,
    /// Katas passing over all written chapters.
    pub score: Score,
    /// One entry per written chapter of the grader, in book order.
    pub chapters: Vec<ChapterGrade>,
    /// The clone's files outside `chapters/*/src` that differ from the
    /// grader's: reported, never used.
    pub changes: Vec<Change>,
    /// Suspicious things in the learner's code.
    pub flags: Vec<Flag>,
}

/// Passing katas over katas.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Score {
    /// Katas whose every test passes.
    pub passed: usize,
    /// Katas graded.
    pub total: usize,
    /// `passed / total` in percent, one decimal (0 when there are none).
    pub percent: f64,
}

impl Score {
    fn new(passed: usize, total: usize) -> Score {
        let percent = if total == 0 {
            0.0
        } else {
            (passed as f64 * 1000.0 / total as f64).round() / 10.0
        };
        Score {
            passed,
            total,
            percent,
        }
    }
}

/// One chapter's grade.
#[derive(Debug, Serialize)]
pub struct ChapterGrade {
    /// `ch02-async-io`.
    pub chapter: String,
    /// 1-based chapter number.
    pub number: u32,
    /// English title.
    pub title: String,
    /// False when the learner's code did not compile (every kata scores 0).
    pub compiled: bool,
    /// Passing katas over the chapter's katas.
    pub score: Score,
    /// One entry per kata, in book order.
    pub katas: Vec<KataGrade>,
    /// Processes the learner's code left running after the tests, stopped.
    pub left_running: Vec<Leftover>,
}

/// One kata's grade.
#[derive(Debug, Serialize)]
pub struct KataGrade {
    /// `module::item`.
    pub name: String,
    /// `check`'s verdict, or `not_compiled`.
    pub verdict: Verdict,
    /// 1 when passed, else 0.
    pub score: u8,
    /// Tests of this kata that passed.
    pub tests_passed: usize,
    /// Tests of this kata that ran.
    pub tests_total: usize,
    /// The first failure's message, without colour, when it did not pass.
    pub message: Option<String>,
}

/// A file of the clone that differs from the grader's (and was not used).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Change {
    /// Relative to the workspace root, `/`-separated.
    pub path: String,
    /// What kind of file it is.
    pub kind: ChangeKind,
    /// Modified, added or deleted.
    pub change: ChangeHow,
}

/// Something in the learner's code a grader should look at.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Flag {
    /// Relative to the clone's root.
    pub path: String,
    /// 1-based line, when the flag is about one line.
    pub line: Option<usize>,
    /// What was flagged.
    pub kind: FlagKind,
    /// What was found, for a person.
    pub detail: String,
}

/// Whether a clone could be graded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloneStatus {
    /// Every written chapter was built and run.
    Graded,
    /// Grading could not run (see the clone's `error`).
    Error,
}

/// The kinds of grader-owned file a clone may have changed (never used).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// A kata test, example or bench under `chapters/*/`.
    Test,
    /// A snapshot under `snapshots/`.
    Snapshot,
    /// A `build.rs`.
    BuildScript,
    /// A `Cargo.toml`.
    Manifest,
    /// Configuration (`.cargo/`, `.config/`, the root's files).
    Config,
    /// Test support under `crates/`.
    Support,
}

/// How a grader-owned file differs in a clone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeHow {
    /// The clone's copy differs.
    Modified,
    /// Only the clone has it.
    Added,
    /// Only the grader has it.
    Deleted,
}

/// What in a clone's learner code deserves a grader's look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagKind {
    /// `#[ignore]` in learner code.
    Ignore,
    /// A `build.rs` beside the learner's code.
    BuildScript,
    /// A procedural macro crate or attribute.
    ProcMacro,
    /// `include!`-like macros reaching outside `src/`.
    IncludeOutsideSrc,
    /// `#[path]` reaching outside `src/`.
    PathOutsideSrc,
    /// Code that reads the test files or snapshots.
    ReadsTestFiles,
    /// `std::process::exit` or `abort` in learner code.
    ProcessExit,
    /// A symbolic link in `src/`.
    Symlink,
    /// A hidden file in `src/`.
    HiddenFile,
    /// The clone has no `src/` for the chapter.
    MissingSrc,
    /// `src/lib.rs` lost or changed the lines that compile the chapter's
    /// tests into the crate (the grader's ran all the same).
    TestsModule,
}

// The snake_case names all three reports (JSON, Markdown, JUnit) use.
xtask::named_variants!(CloneStatus {
    Graded => "graded",
    Error => "error",
});

xtask::named_variants!(ChangeKind {
    Test => "test",
    Snapshot => "snapshot",
    BuildScript => "build_script",
    Manifest => "manifest",
    Config => "config",
    Support => "support",
});

xtask::named_variants!(ChangeHow {
    Modified => "modified",
    Added => "added",
    Deleted => "deleted",
});

xtask::named_variants!(FlagKind {
    Ignore => "ignore",
    BuildScript => "build_script",
    ProcMacro => "proc_macro",
    IncludeOutsideSrc => "include_outside_src",
    PathOutsideSrc => "path_outside_src",
    ReadsTestFiles => "reads_test_files",
    ProcessExit => "process_exit",
    Symlink => "symlink",
    HiddenFile => "hidden_file",
    MissingSrc => "missing_src",
    TestsModule => "tests_module",
});

/// Runs `grade`.
pub fn run(args: &GradeArgs) -> Result<ExitCode> {
    let grader = Workspace::load()?;
    let work = args
        .work_dir
        .clone()
        .unwrap_or_else(|| grader.root.join("target").join("grade"));
    std::fs::create_dir_all(&work)
        .with_context(|| format!("creating {}", work.display()))?;
    let work = work
        .canonicalize()
        .with_context(|| format!("resolving {}", work.display()))?;
    let runner = Cargo::new(&grader.root).pick_runner(args.runner)?;
    let clones = if args.clones.is_empty() {
        vec![grader.root.clone()]
    } else {
        args.clones.clone()
    };
    let mut report = GradeReport {
        schema: SCHEMA,
        runner,
        grader: grader.root.display().to_string(),
        clones: Vec::new(),
    };
    for (index, clone) in clones.iter().enumerate() {
        let name = clone_name(clone);
        term::note(&format!("grading {name} ({})", clone.display()));
        let graded = grade_clone(&grader, clone, index, &name, &work, runner);
        report
            .clones
            .push(graded.unwrap_or_else(|error| CloneGrade {
                name,
                path: clone.display().to_string(),
                status: CloneStatus::Error,
                error: Some(format!("{error:#}")),
                score: Score::default(),
                chapters: Vec::new(),
                changes: Vec::new(),
                flags: Vec::new(),
            }));
    }

    let markdown = markdown(&report);
    let json = serde_json::to_string_pretty(&report)
        .context("serialising the report")?
        + "\n";
    let junit = junit(&report);
    if let Some(out) = &args.out {
        std::fs::create_dir_all(out)
            .with_context(|| format!("creating {}", out.display()))?;
        for (file, text) in [
            ("grade.md", &markdown),
            ("grade.json", &json),
            ("junit.xml", &junit),
        ] {
            let path = out.join(file);
            std::fs::write(&path, text)
                .with_context(|| format!("writing {}", path.display()))?;
        }
        term::note(&format!(
            "wrote grade.md, grade.json and junit.xml to {}",
            out.display()
        ));
    }
    print!(
        "{}",
        match args.format {
            Format::Markdown => &markdown,
            Format::Json => &json,
            Format::Junit => &junit,
        }
    );
    Ok(
        if report.clones.iter().any(|c| c.status == CloneStatus::Error) {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        },
    )
}

/// The clone's folder name (`alice` for `submissions/alice/`).
fn clone_name(clone: &Path) -> String {
    let resolved = clone.canonicalize().unwrap_or_else(|_| clone.to_path_buf());
    resolved
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| resolved.display().to_string())
}

/// Grades one clone (see the module docs for the steps).
fn grade_clone(
    grader: &Workspace,
    clone: &Path,
    index: usize,
    name: &str,
    work: &Path,
    runner: Runner,
) -> Result<CloneGrade> {
    let clone = clone
        .canonicalize()
        .with_context(|| format!("{} does not exist", clone.display()))?;
    if !clone.join("chapters").is_dir() {
        bail!(
            "{} is not a clone of the workspace: it has no chapters/ folder",
            clone.display()
        );
    }
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let tree = work.join("trees").join(format!("{:02}-{safe}", index + 1));
    let chapters: Vec<&Chapter> = grader.written().collect();

    let mut flags = Vec::new();
    fresh_tree(&grader.root, &tree)?;
    for chapter in &chapters {
        copy_learner_src(&clone, &tree, chapter, &mut flags)?;
    }
    let changes = changes(&grader.root, &clone)?;
    for change in &changes {
        if change.kind == ChangeKind::BuildScript
            && change.change != ChangeHow::Deleted
        {
            flags.push(Flag {
                path: change.path.clone(),
                line: None,
                kind: FlagKind::BuildScript,
                detail: "a build script (not run: the grader's manifests are used)"
                    .to_owned(),
            });
        }
        if change.kind == ChangeKind::Manifest && change.change != ChangeHow::Deleted
        {
            let text =
                std::fs::read_to_string(clone.join(&change.path)).unwrap_or_default();
            if text.contains("proc-macro") || text.contains("proc_macro") {
                flags.push(Flag {
                    path: change.path.clone(),
                    line: None,
                    kind: FlagKind::ProcMacro,
                    detail: "the manifest declares a proc-macro (not used)"
                        .to_owned(),
                });
            }
        }
    }

    let cargo = Cargo::new(&tree).sandboxed(work.join("target"));
    let mut graded = Vec::new();
    for chapter in &chapters {
        let katas = Katas::load(&chapter.katas_toml(&tree))?;
        let report = check::check_chapter(
            &cargo,
            chapter,
            &katas,
            None,
            &CheckOptions {
                solution: false,
                runner,
                quiet: true,
                color: false,
                // A grade runs every test: it judges, it does not hurry.
                skip_untouched: false,
            },
        )
        .with_context(|| format!("running {} of {name}", chapter.dir_name()))?;
        graded.push(chapter_grade(chapter, &katas, &report));
    }
    let passed = graded.iter().map(|c| c.score.passed).sum();
    let total = graded.iter().map(|c| c.score.total).sum();
    Ok(CloneGrade {
        name: name.to_owned(),
        path: clone.display().to_string(),
        status: CloneStatus::Graded,
        error: None,
        score: Score::new(passed, total),
        chapters: graded,
        changes,
        flags,
    })
}

/// One chapter's grade from its `check` report.
fn chapter_grade(
    chapter: &Chapter,
    katas: &Katas,
    report: &check::Report,
) -> ChapterGrade {
    let katas: Vec<KataGrade> = if report.compiled {
        report
            .katas
            .iter()
            .map(|k| KataGrade {
                name: k.name.clone(),
                verdict: k.verdict,
                score: u8::from(k.verdict == Verdict::Passed),
                tests_passed: k.tests_passed,
                tests_total: k.tests_total,
                message: k.message.as_deref().map(term::strip_ansi),
            })
            .collect()
    } else {
        katas
            .list
            .iter()
            .map(|k| KataGrade {
                name: k.name.clone(),
                verdict: Verdict::NotCompiled,
                score: 0,
                tests_passed: 0,
                tests_total: 0,
                message: Some("the learner's code does not compile".to_owned()),
            })
            .collect()
    };
    let passed = katas.iter().filter(|k| k.score == 1).count();
    ChapterGrade {
        chapter: chapter.dir_name(),
        number: chapter.number,
        title: chapter.title.clone(),
        compiled: report.compiled,
        score: Score::new(passed, katas.len()),
        katas,
        left_running: report.left_running.clone(),
    }
}

/// Top-level entries of the grader never copied into a tree.
const NOT_COPIED: [&str; 7] = [
    "target",
    ".git",
    ".cache",
    ".kata-state",
    "book",
    "solutions",
    "docs",
];

/// Replaces `tree` with a copy of the grader (minus [`NOT_COPIED`]).
fn fresh_tree(grader: &Path, tree: &Path) -> Result<()> {
    if tree.exists() {
        std::fs::remove_dir_all(tree)
            .with_context(|| format!("removing {}", tree.display()))?;
    }
    std::fs::create_dir_all(tree)
        .with_context(|| format!("creating {}", tree.display()))?;
    for entry in std::fs::read_dir(grader)
        .with_context(|| format!("listing {}", grader.display()))?
    {
        let entry = entry.with_context(|| format!("listing {}", grader.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if NOT_COPIED.contains(&name.as_str()) {
            continue;
        }
        copy_tree(&entry.path(), &tree.join(&name))?;
    }
    // The solutions' manifests (members of the workspace) without their code.
    let solutions = grader.join("solutions");
    if solutions.is_dir() {
        for entry in std::fs::read_dir(&solutions)
            .with_context(|| format!("listing {}", solutions.display()))?
        {
            let entry =
                entry.with_context(|| format!("listing {}", solutions.display()))?;
            if !entry.path().join("Cargo.toml").is_file() {
                continue;
            }
            let dest = tree.join("solutions").join(entry.file_name());
            std::fs::create_dir_all(&dest)
                .with_context(|| format!("creating {}", dest.display()))?;
            for part in std::fs::read_dir(entry.path())
                .with_context(|| format!("listing {}", entry.path().display()))?
            {
                let part = part
                    .with_context(|| format!("listing {}", entry.path().display()))?;
                if part.file_name() != "src" {
                    copy_tree(&part.path(), &dest.join(part.file_name()))?;
                }
            }
            let lib = dest.join("src").join("lib.rs");
            std::fs::create_dir_all(dest.join("src"))
                .with_context(|| format!("creating {}", dest.display()))?;
            std::fs::write(
                &lib,
                "//! Not in a grading tree: grade never builds solutions.\n",
            )
            .with_context(|| format!("writing {}", lib.display()))?;
        }
    }
    Ok(())
}

/// Copies `from` (a file or a folder, recursively, skipping `target`) to `to`.
/// Symlinks are not followed.
fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    let walk = walkdir::WalkDir::new(from)
        .into_iter()
        .filter_entry(|entry| entry.file_name() != "target");
    for entry in walk {
        let entry = entry.with_context(|| format!("walking {}", from.display()))?;
        // `from` itself (a folder, or the one file) is `to`.
        let relative = entry.path().strip_prefix(from).unwrap_or(entry.path());
        let dest = if relative.as_os_str().is_empty() {
            to.to_path_buf()
        } else {
            to.join(relative)
        };
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest)
                .with_context(|| format!("creating {}", dest.display()))?;
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &dest).with_context(|| {
                format!("copying {} to {}", entry.path().display(), dest.display())
            })?;
        }
    }
    Ok(())
}

/// Replaces the tree's `chapters/X/src` with the clone's regular files,
/// flagging what is not copied and what the code does that it should not.
fn copy_learner_src(
    clone: &Path,
    tree: &Path,
    chapter: &Chapter,
    flags: &mut Vec<Flag>,
) -> Result<()> {
    let relative = Path::new("chapters").join(chapter.dir_name()).join("src");
    let from = clone.join(&relative);
    let to = tree.join(&relative);
    if !from.is_dir() {
        flags.push(Flag {
            path: slash(&relative),
            line: None,
            kind: FlagKind::MissingSrc,
            detail: "the clone has no such folder: the pristine stubs were graded"
                .to_owned(),
        });
        return Ok(());
    }
    // The chapter's tests are a module of the learner's library, declared at
    // the end of the grader's `src/lib.rs`: those lines are the grader's, not
    // the clone's to redirect (to tests of its own inside src/, say).
    let grader_lib = to.join("lib.rs");
    let tests_module = std::fs::read_to_string(&grader_lib)
        .with_context(|| format!("reading {}", grader_lib.display()))?;
    let tests_module = tests_module_lines(&tests_module);
    std::fs::remove_dir_all(&to)
        .with_context(|| format!("removing {}", to.display()))?;
    let mut walk = walkdir::WalkDir::new(&from).min_depth(1).into_iter();
    while let Some(entry) = walk.next() {
        let entry = entry.with_context(|| format!("walking {}", from.display()))?;
        let path = entry.path().to_path_buf();
        let inside = path.strip_prefix(clone).unwrap_or(&path).to_path_buf();
        let kind = entry.file_type();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if kind.is_symlink() || hidden {
            let (kind, detail) = if kind.is_symlink() {
                (FlagKind::Symlink, "a symbolic link (not copied)")
            } else {
                (FlagKind::HiddenFile, "a hidden file or folder (not copied)")
            };
            flags.push(Flag {
                path: slash(&inside),
                line: None,
                kind,
                detail: detail.to_owned(),
            });
            if entry.file_type().is_dir() {
                walk.skip_current_dir();
            }
        } else if kind.is_file() {
            let dest = tree.join(&inside);
            if let Some(parent) = dest.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("creating {}", parent.display()))?;
            }
            std::fs::copy(&path, &dest)
                .with_context(|| format!("copying {}", path.display()))?;
            if path.extension().is_some_and(|e| e == "rs") {
                let mut text = std::fs::read_to_string(&path)
                    .with_context(|| format!("reading {}", path.display()))?;
                if let Some(lines) = tests_module.as_deref()
                    && inside == relative.join("lib.rs")
                {
                    // The grader's lines replace the clone's, after an item of
                    // their own: an attribute the clone put above them (a
                    // second `#[path]`, of which the first wins) then attaches
                    // to that item, not to the grader's module.
                    if !text.contains(lines) {
                        flags.push(Flag {
                            path: slash(&inside),
                            line: None,
                            kind: FlagKind::TestsModule,
                            detail: "the lines that compile the chapter's tests \
                                     were changed or removed; the grader's ran"
                                .to_owned(),
                        });
                    }
                    let own = text.replacen(lines, "", 1);
                    let graded = format!(
                        "{own}\n// The chapter's tests (cargo xtask grade).\n\
                         const _: () = ();\n{lines}"
                    );
                    std::fs::write(&dest, graded)
                        .with_context(|| format!("writing {}", dest.display()))?;
                    text = own;
                }
                flags.extend(scan_source(&inside, &text));
            }
            if entry.file_name() == "build.rs" {
                flags.push(Flag {
                    path: slash(&inside),
                    line: None,
                    kind: FlagKind::BuildScript,
                    detail: "a file named build.rs in src/".to_owned(),
                });
            }
        }
    }
    // A file the clone deleted is not restored from the grader's stubs: a
    // missing module is the learner's choice and fails to compile, as it
    // would for them.
    Ok(())
}

/// The lines of a stub `lib.rs` that compile the chapter's tests into it
/// (`#[cfg(test)]`, `#[path = "…"]`, `mod katas;`), if it has them (chapter 7's
/// tests are a test binary of their own).
fn tests_module_lines(lib_rs: &str) -> Option<String> {
    let lines: Vec<&str> = lib_rs.lines().collect();
    let at = lines.iter().position(|l| *l == "mod katas;")?;
    let start = at.checked_sub(2)?;
    (lines[start] == "#[cfg(test)]" && lines[start + 1].starts_with("#[path = "))
        .then(|| format!("{}\n", lines[start..=at].join("\n")))
}

/// Flags in one learner source file (`path` relative to the clone's root).
pub fn scan_source(path: &Path, text: &str) -> Vec<Flag> {
    let mut flags = Vec::new();
    let src_root: PathBuf = path.components().take(3).collect();
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut flag = |line: usize, kind: FlagKind, detail: String| {
        flags.push(Flag {
            path: slash(path),
            line: Some(line),
            kind,
            detail,
        });
    };
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let code = line.split("//").next().unwrap_or("");
        if code.contains("#[ignore") {
            flag(
                number,
                FlagKind::Ignore,
                "`#[ignore]` in learner code".to_owned(),
            );
        }
        if code.contains("proc_macro") || code.contains("proc-macro") {
            flag(number, FlagKind::ProcMacro, format!("`{}`", line.trim()));
        }
        if code.contains("process::exit") || code.contains("process::abort") {
            flag(
                number,
                FlagKind::ProcessExit,
                format!("`{}` ends the test process early", line.trim()),
            );
        }
        for (needle, kind) in [
            ("include!(", FlagKind::IncludeOutsideSrc),
            ("include_str!(", FlagKind::IncludeOutsideSrc),
            ("include_bytes!(", FlagKind::IncludeOutsideSrc),
            ("#[path", FlagKind::PathOutsideSrc),
        ] {
            let Some(at) = code.find(needle) else {
                continue;
            };
            let rest = &code[at + needle.len()..];
            let target = rest.split('"').nth(1).filter(|_| {
                rest.trim_start()
                    .trim_start_matches('=')
                    .trim_start()
                    .starts_with('"')
            });
            let outside = match target {
                // `include!(concat!(env!(…)))` and friends: cannot tell where it points.
                None => true,
                Some(target) => !stays_inside(&dir.join(target), &src_root),
            };
            if outside {
                flag(
                    number,
                    kind,
                    format!("`{}` reaches outside src/", line.trim()),
                );
            }
        }
        // The tests are a module of the learner's crate (`crate::katas`):
        // code that reaches into it could read the tests' own answers.
        if code.contains("katas::") || code.contains("mod katas") {
            flag(
                number,
                FlagKind::ReadsTestFiles,
                format!("`{}` names the tests' module", line.trim()),
            );
        }
        for needle in [".snap", "snapshots/", "/tests/", "tests/katas"] {
            if code.contains(needle) && code.contains('"') {
                flag(
                    number,
                    FlagKind::ReadsTestFiles,
                    format!("`{}` names the tests or snapshots", line.trim()),
                );
                break;
            }
        }
    }
    flags
}

/// True when `path` (relative, possibly with `..`) stays under `root`.
fn stays_inside(path: &Path, root: &Path) -> bool {
    let mut parts: Vec<Component<'_>> = Vec::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                if parts.pop().is_none() {
                    return false;
                }
            }
            Component::CurDir => {}
            Component::Normal(_) => parts.push(component),
            Component::RootDir | Component::Prefix(_) => return false,
        }
    }
    let normal: PathBuf = parts.iter().collect();
    normal.starts_with(root)
}

/// `a/b/c` whatever the platform.
fn slash(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The files grade compares between grader and clone: everything the grader
/// owns that shapes a build or a verdict (see the module docs).
fn owned_files(root: &Path) -> Result<Vec<String>> {
    let mut files = Vec::new();
    for folder in ["chapters", "snapshots", "crates", ".cargo", ".config"] {
        collect_files(&root.join(folder), &mut files)?;
    }
    let mut names: Vec<String> = files
        .iter()
        .filter_map(|f| f.strip_prefix(root).ok())
        .map(slash)
        .filter(|p| !is_learner_src(p))
        .collect();
    for file in [
        "Cargo.toml",
        "Cargo.lock",
        "rust-toolchain.toml",
        "rust-toolchain",
        "insta.yaml",
        ".insta.yaml",
        "build.rs",
    ] {
        if root.join(file).is_file() {
            names.push(file.to_owned());
        }
    }
    // Hidden files inside chapters (`.cargo/config.toml` beside a manifest)
    // are not collected above; cargo reads them only from the working
    // directory's ancestors, which in the tree are the grader's.
    names.sort();
    names.dedup();
    Ok(names)
}

/// `chapters/<any>/src/**`: the learner's own files.
fn is_learner_src(path: &str) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    parts.len() > 3 && parts[0] == "chapters" && parts[2] == "src"
}

/// What kind of file `path` is, for the change report.
fn change_kind(path: &str) -> ChangeKind {
    let parts: Vec<&str> = path.split('/').collect();
    let file = parts.last().copied().unwrap_or("");
    if file == "build.rs" {
        ChangeKind::BuildScript
    } else if parts[0] == "snapshots" {
        ChangeKind::Snapshot
    } else if parts[0] == "chapters"
        && parts.len() > 3
        && matches!(parts[2], "tests" | "examples" | "benches")
    {
        ChangeKind::Test
    } else if file == "Cargo.toml" {
        ChangeKind::Manifest
    } else if parts[0] == "crates" {
        ChangeKind::Support
    } else {
        ChangeKind::Config
    }
}

/// The clone's files that differ from the grader's owned files.
fn changes(grader: &Path, clone: &Path) -> Result<Vec<Change>> {
    let ours = owned_files(grader)?;
    let theirs = owned_files(clone)?;
    let mut found = Vec::new();
    for path in &ours {
        if !theirs.contains(path) {
            found.push(Change {
                path: path.clone(),
                kind: change_kind(path),
                change: ChangeHow::Deleted,
            });
            continue;
        }
        let a = std::fs::read(grader.join(path))
            .with_context(|| format!("reading {}", grader.join(path).display()))?;
        let b = std::fs::read(clone.join(path))
            .with_context(|| format!("reading {}", clone.join(path).display()))?;
        if a != b {
            found.push(Change {
                path: path.clone(),
                kind: change_kind(path),
                change: ChangeHow::Modified,
            });
        }
    }
    for path in &theirs {
        if !ours.contains(path) {
            found.push(Change {
                path: path.clone(),
                kind: change_kind(path),
                change: ChangeHow::Added,
            });
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(found)
}

/// The Markdown report: a summary table, then per clone a kata table,
/// the ignored changes and the flags.
pub fn markdown(report: &GradeReport) -> String {
    let mut md = String::from("## Kata grades\n\n");
    let chapters: Vec<&str> = report
        .clones
        .iter()
        .find(|c| c.status == CloneStatus::Graded)
        .map(|c| c.chapters.iter().map(|ch| ch.chapter.as_str()).collect())
        .unwrap_or_default();
    md.push_str("| clone | score |");
    for chapter in &chapters {
        let _ = write!(md, " {chapter} |");
    }
    md.push_str(" changes ignored | flags |\n| --- | --- |");
    for _ in &chapters {
        md.push_str(" --- |");
    }
    md.push_str(" --- | --- |\n");
    for clone in &report.clones {
        if clone.status != CloneStatus::Graded {
            let _ = writeln!(
                md,
                "| {} | ⚠️ not graded: {} |",
                cell(&clone.name),
                cell(clone.error.as_deref().unwrap_or(""))
            );
            continue;
        }
        let _ = write!(
            md,
            "| {} | **{}/{}** ({}%) |",
            cell(&clone.name),
            clone.score.passed,
            clone.score.total,
            clone.score.percent
        );
        for chapter in &clone.chapters {
            let mark = if chapter.compiled {
                ""
            } else {
                " (does not compile)"
            };
            let _ = write!(
                md,
                " {}/{}{mark} |",
                chapter.score.passed, chapter.score.total
            );
        }
        let _ = writeln!(md, " {} | {} |", clone.changes.len(), clone.flags.len());
    }
    let _ = writeln!(
        md,
        "\nRunner: {}. Tests, snapshots and configuration are the grader's; \
         only `chapters/*/src` comes from each clone.",
        match report.runner {
            Runner::Nextest => "cargo nextest",
            Runner::Cargo => "cargo test",
        }
    );
    for clone in report
        .clones
        .iter()
        .filter(|c| c.status == CloneStatus::Graded)
    {
        let _ = writeln!(
            md,
            "\n### {} — {} of {} katas ({}%)\n",
            cell(&clone.name),
            clone.score.passed,
            clone.score.total,
            clone.score.percent
        );
        md.push_str(
            "| chapter | kata | verdict | tests |\n| --- | --- | --- | --- |\n",
        );
        for chapter in &clone.chapters {
            for kata in &chapter.katas {
                let mark = match kata.verdict {
                    Verdict::Passed => "✅",
                    Verdict::NotStarted => "⬜",
                    Verdict::TimedOut => "⏱️",
                    _ => "❌",
                };
                let _ = writeln!(
                    md,
                    "| {} | `{}` | {mark} {} | {}/{} |",
                    chapter.chapter,
                    kata.name,
                    kata.verdict.to_string().replace('_', " "),
                    kata.tests_passed,
                    kata.tests_total
                );
            }
        }
        if !clone.changes.is_empty() {
            md.push_str(
                "\n**Changes ignored** (the grader's copies ran instead):\n\n",
            );
            for change in &clone.changes {
                let _ = writeln!(
                    md,
                    "- `{}` ({}, {})",
                    change.path, change.kind, change.change
                );
            }
        }
        let leftovers: Vec<(&str, &Leftover)> = clone
            .chapters
            .iter()
            .flat_map(|ch| ch.left_running.iter().map(|l| (ch.chapter.as_str(), l)))
            .collect();
        if !leftovers.is_empty() {
            md.push_str(
                "\n**Left running** after the tests (stopped by the grader; a test \
                 must wait for, or kill, what it starts):\n\n",
            );
            for (chapter, leftover) in leftovers {
                let _ =
                    writeln!(md, "- {chapter}: `{}`", cell(&leftover.to_string()));
            }
        }
        if !clone.flags.is_empty() {
            md.push_str("\n**Flags** (look at these):\n\n");
            for flag in &clone.flags {
                let at = flag.line.map(|l| format!(":{l}")).unwrap_or_default();
                let _ = writeln!(
                    md,
                    "- `{}{at}` {}: {}",
                    flag.path,
                    flag.kind,
                    cell(&flag.detail)
                );
            }
        }
    }
    md
}

/// Text safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The JUnit report: per clone and chapter a `<testsuite name="clone/chapter">`,
/// one `<testcase classname="clone.chapter" name="kata">` per kata; a failing
/// kata has a `<failure type="verdict">`. Changes and flags are
/// `<properties>` of the clone's suites, and a clone that could not be
/// graded is one `<testsuite>` with an `<error>`.
pub fn junit(report: &GradeReport) -> String {
    let mut suites = String::new();
    let (mut tests, mut failures, mut errors) = (0, 0, 0);
    for clone in &report.clones {
        if clone.status != CloneStatus::Graded {
            errors += 1;
            tests += 1;
            let _ = write!(
                suites,
                "  <testsuite name=\"{0}\" tests=\"1\" failures=\"0\" errors=\"1\">\n    \
                 <testcase classname=\"{0}\" name=\"grading\">\n      \
                 <error message=\"{1}\" type=\"grading error\"/>\n    </testcase>\n  </testsuite>\n",
                xml(&clone.name),
                xml(clone.error.as_deref().unwrap_or(""))
            );
            continue;
        }
        let mut properties = String::new();
        for change in &clone.changes {
            let _ = writeln!(
                properties,
                "      <property name=\"ignored-{}-{}\" value=\"{}\"/>",
                change.kind,
                change.change,
                xml(&change.path)
            );
        }
        for flag in &clone.flags {
            let at = flag.line.map(|l| format!(":{l}")).unwrap_or_default();
            let _ = writeln!(
                properties,
                "      <property name=\"flag-{}\" value=\"{}{at}: {}\"/>",
                flag.kind,
                xml(&flag.path),
                xml(&flag.detail)
            );
        }
        for chapter in &clone.chapters {
            let failed = chapter.katas.iter().filter(|k| k.score == 0).count();
            tests += chapter.katas.len();
            failures += failed;
            let _ = writeln!(
                suites,
                "  <testsuite name=\"{}/{}\" tests=\"{}\" failures=\"{failed}\" errors=\"0\">",
                xml(&clone.name),
                chapter.chapter,
                chapter.katas.len()
            );
            if !properties.is_empty() {
                let _ = write!(
                    suites,
                    "    <properties>\n{properties}    </properties>\n"
                );
            }
            for kata in &chapter.katas {
                let classname = format!("{}.{}", xml(&clone.name), chapter.chapter);
                if kata.score == 1 {
                    let _ = writeln!(
                        suites,
                        "    <testcase classname=\"{classname}\" name=\"{}\"/>",
                        xml(&kata.name)
                    );
                } else {
                    let summary = format!(
                        "{}: {}/{} tests passed",
                        kata.verdict.to_string().replace('_', " "),
                        kata.tests_passed,
                        kata.tests_total
                    );
                    let _ = write!(
                        suites,
                        "    <testcase classname=\"{classname}\" name=\"{}\">\n      \
                         <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>\n",
                        xml(&kata.name),
                        xml(&summary),
                        kata.verdict,
                        xml(kata.message.as_deref().unwrap_or(""))
                    );
                }
            }
            suites.push_str("  </testsuite>\n");
        }
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <testsuites name=\"kata-grade\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n\
         {suites}</testsuites>\n"
    )
}

/// Escapes text for XML attributes and content (quick-xml's escaper),
/// first dropping what XML 1.0 cannot carry: ANSI escapes and other control
/// characters but tab, newline and carriage return.
fn xml(text: &str) -> String {
    let plain: String = term::strip_ansi(text)
        .chars()
        .filter(|c| matches!(c, '\n' | '\t' | '\r') || !c.is_control())
        .collect();
    quick_xml::escape::escape(plain).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(path: &str, text: &str) -> Vec<FlagKind> {
        scan_source(Path::new(path), text)
            .into_iter()
            .map(|f| f.kind)
            .collect()
    }

    #[test]
    fn includes_inside_src_are_fine_and_outside_are_flagged() {
        let file = "chapters/ch01-sums/src/sums.rs";
        assert!(
            kinds(file, "const T: &str = include_str!(\"table.txt\");").is_empty()
        );
        assert!(kinds(file, "include!(\"inner/more.rs\");").is_empty());
        assert_eq!(
            kinds(
                file,
                "const T: &str = include_str!(\"../tests/katas/sums.rs\");"
            ),
            [FlagKind::IncludeOutsideSrc, FlagKind::ReadsTestFiles]
        );
        assert_eq!(
            kinds(
                file,
                "include!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/x.rs\"));"
            ),
            [FlagKind::IncludeOutsideSrc]
        );
        assert_eq!(
            kinds(
                file,
                "#[path = \"../../../solutions/ch01-sums/src/sums.rs\"]"
            ),
            [FlagKind::PathOutsideSrc]
        );
        assert_eq!(
            kinds(file, "#[ignore]\nfn x() { std::process::exit(0) }"),
            [FlagKind::Ignore, FlagKind::ProcessExit]
        );
        // Comments do not count.
        assert!(kinds(file, "// #[ignore] include!(\"../x\")").is_empty());
        // The tests are a module of the learner's crate: reaching into it.
        assert_eq!(
            kinds(file, "let answer = crate::katas::node_answers(&case);"),
            [FlagKind::ReadsTestFiles]
        );
    }

    #[test]
    fn the_tests_module_lines_of_a_stub_lib() {
        let lib = "pub mod a;\n\n// Why.\n#[cfg(test)]\n\
                   #[path = \"../tests/katas/main.rs\"]\nmod katas;\n";
        assert_eq!(
            tests_module_lines(lib).as_deref(),
            Some("#[cfg(test)]\n#[path = \"../tests/katas/main.rs\"]\nmod katas;\n")
        );
        // Chapter 7's tests are a test binary: its lib has no such lines.
        assert_eq!(tests_module_lines("pub mod a;\n"), None);
        assert_eq!(tests_module_lines("#[path = \"x.rs\"]\nmod katas;\n"), None);
    }

    #[test]
    fn markdown_names_what_a_clone_left_running() {
        let chapter = ChapterGrade {
            chapter: "ch07-processes".to_owned(),
            number: 7,
            title: "Processes".to_owned(),
            compiled: true,
            score: Score::new(0, 0),
            katas: Vec::new(),
            left_running: vec![Leftover {
                pid: 4242,
                command: "sleep 599".to_owned(),
            }],
        };
        let report = GradeReport {
            schema: SCHEMA,
            runner: Runner::Cargo,
            grader: "grader".to_owned(),
            clones: vec![CloneGrade {
                name: "ada".to_owned(),
                path: "ada".to_owned(),
                status: CloneStatus::Graded,
                error: None,
                score: Score::new(0, 0),
                chapters: vec![chapter],
                changes: Vec::new(),
                flags: Vec::new(),
            }],
        };
        let md = markdown(&report);
        assert!(md.contains("**Left running**"), "{md}");
        assert!(
            md.contains("- ch07-processes: `sleep 599 (pid 4242)`"),
            "{md}"
        );
    }

    #[test]
    fn change_kinds() {
        assert_eq!(
            change_kind("chapters/ch01-sums/tests/katas/sums.rs"),
            ChangeKind::Test
        );
        assert_eq!(
            change_kind("snapshots/ch01-sums/x.snap"),
            ChangeKind::Snapshot
        );
        assert_eq!(
            change_kind("chapters/ch01-sums/build.rs"),
            ChangeKind::BuildScript
        );
        assert_eq!(
            change_kind("chapters/ch01-sums/Cargo.toml"),
            ChangeKind::Manifest
        );
        assert_eq!(change_kind(".config/nextest.toml"), ChangeKind::Config);
        assert_eq!(
            change_kind("crates/kata-support/src/lib.rs"),
            ChangeKind::Support
        );
        assert!(is_learner_src("chapters/ch01-sums/src/lib.rs"));
        assert!(!is_learner_src("chapters/ch01-sums/tests/katas/main.rs"));
    }

    #[test]
    fn xml_escapes_and_drops_control_characters() {
        assert_eq!(
            xml("a<b & \"c\"\x1b[31m!\x07"),
            "a&lt;b &amp; &quot;c&quot;!"
        );
    }
}
