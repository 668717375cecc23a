//! `cargo xtask stubs [--check]`: the learner's stubs, generated from the solutions.
//!
//! The solution crate (`solutions/chNN-slug/src/**`) is the one hand-written
//! source of every line a learner reads. Three markers say what the learner
//! does not get, or gets instead:
//!
//! - `// ANCHOR: solution` … `// ANCHOR_END: solution` inside a kata's own
//!   anchor (`// ANCHOR: insert` in `timers.rs`) becomes
//!   `todo!("kata timers::insert")`, indented like the marker;
//! - `// ANCHOR: solution_only` … `// ANCHOR_END: solution_only` is dropped
//!   (helpers, imports and impls that would give the answer away);
//! - a line `// stub: TEXT` is a comment in the solution and `TEXT` in the
//!   stub (the stub crate's `#![allow(..)]` header).
//!
//! The markers look like mdBook anchors on purpose: mdBook drops every anchor
//! line inside an included region, so the book never shows them.
//! A file without markers is provided scaffolding and is copied byte for byte;
//! a file with markers is passed through rustfmt, so removing a region never
//! leaves formatting for a maintainer to fix by hand.
//!
//! `--check` (a `verify` step) writes nothing: it names the first differing
//! line of every committed stub that is not what the generator writes, the way
//! rust-analyzer checks its generated code. `reset` uses [`stub_of`] to restore
//! one kata without needing `git` history.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use anyhow::{Context, Result, bail};
use clap::{ArgMatches, arg};

use crate::by_hand;
use crate::chapters::{Chapter, Workspace};
use crate::files::collect_files;
use crate::katas::Katas;
use crate::term;

/// Options of `stubs`.
#[derive(Debug)]
#[allow(missing_docs)] // Each field's help is its argument's, below.
pub struct StubsArgs {
    pub check: bool,
    pub chapter: Option<String>,
}

impl StubsArgs {
    fn augment(command: clap::Command) -> clap::Command {
        command.args([
            arg!(--check "Write nothing; fail, naming file and line, where a committed \
                 stub differs"),
            arg!([CHAPTER] "Only this chapter (default: every written chapter)"),
        ])
    }

    fn read(matches: &ArgMatches) -> StubsArgs {
        StubsArgs {
            check: matches.get_flag("check"),
            chapter: by_hand::string(matches, "CHAPTER"),
        }
    }
}

crate::args_by_hand!(StubsArgs);

/// The marker that opens a kata body.
const SOLUTION: &str = "// ANCHOR: solution";
/// The marker that closes a kata body.
const SOLUTION_END: &str = "// ANCHOR_END: solution";
/// The marker that opens a region only the solution has.
const SOLUTION_ONLY: &str = "// ANCHOR: solution_only";
/// The marker that closes it.
const SOLUTION_ONLY_END: &str = "// ANCHOR_END: solution_only";
/// The prefix of a line only the stub has.
const STUB_LINE: &str = "// stub:";

/// A marker used the wrong way, found at a 1-based line of a solution file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkerError {
    /// 1-based line of the solution file.
    pub line: usize,
    /// What is wrong there.
    pub problem: MarkerProblem,
}

/// The ways markers can be misused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkerProblem {
    /// A kata body outside any named anchor: the kata would have no name.
    SolutionOutsideKata,
    /// A region opened inside another region.
    Nested,
    /// A region never closed before the end of the file.
    Unclosed(&'static str),
    /// A closing marker with no region open.
    UnopenedEnd(&'static str),
}

impl fmt::Display for MarkerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: ", self.line)?;
        match &self.problem {
            MarkerProblem::SolutionOutsideKata => write!(
                f,
                "`{SOLUTION}` is not inside a kata's `// ANCHOR: item`, so its kata has no name"
            ),
            MarkerProblem::Nested => {
                write!(f, "a marker region opens inside another one")
            }
            MarkerProblem::Unclosed(marker) => {
                write!(f, "`{marker}` is never closed")
            }
            MarkerProblem::UnopenedEnd(marker) => {
                write!(f, "`{marker}` closes nothing")
            }
        }
    }
}

impl std::error::Error for MarkerError {}

/// What the marker regions of a file turned into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stub {
    /// The stub's text, before rustfmt.
    pub text: String,
    /// Whether any marker was found (a file without one is copied as is).
    pub has_markers: bool,
    /// The katas whose bodies became `todo!()`, in file order (`timers::insert`).
    pub katas: Vec<String>,
}

/// Which region the generator is inside while reading a solution file.
enum Region {
    /// Copying lines.
    Outside,
    /// Dropping a kata body (after writing its `todo!()`).
    KataBody,
    /// Dropping a solution-only region.
    SolutionOnly,
}

/// The stub of one solution file; `module` is the file's stem (`timers`),
/// which with the enclosing anchor names the kata.
pub fn stub_of(solution: &str, module: &str) -> Result<Stub, MarkerError> {
    transform(solution, module, None)
}

/// The *staged* source of one solution file, for proving book order: every
/// kata body stays, behind a run-time switch, so one build can play any
/// learner who has solved the katas up to some point. With `KATA_STAGE=N` in
/// the environment, the kata at book-order index `i` runs its solution when
/// `i <= N` and panics like its stub (`todo!("kata …")`) otherwise; without
/// the variable every kata is solved. Solution-only regions stay (the bodies
/// need them) and stub-only lines apply (the crate is the learner's).
/// `index` gives a kata's book-order index.
pub fn staged_of(
    solution: &str,
    module: &str,
    index: BookIndex<'_>,
) -> Result<Stub, MarkerError> {
    transform(solution, module, Some(index))
}

/// A kata's book-order index, from its name (`timers::insert`).
type BookIndex<'a> = &'a dyn Fn(&str) -> Option<usize>;

/// [`stub_of`] without `index`, [`staged_of`] with it.
fn transform(
    solution: &str,
    module: &str,
    index: Option<BookIndex<'_>>,
) -> Result<Stub, MarkerError> {
    let mut out = String::with_capacity(solution.len());
    let mut katas = Vec::new();
    let mut has_markers = false;
    // Named anchors open around the current line (`insert`, `timer_list`…).
    let mut anchors: Vec<&str> = Vec::new();
    let mut region = Region::Outside;
    let mut opened_at = 0;
    for (at, line) in solution.split_inclusive('\n').enumerate() {
        let number = at + 1;
        let trimmed = line.trim();
        let error = |problem| MarkerError {
            line: number,
            problem,
        };
        let indent = &line[..line.len() - line.trim_start().len()];
        match region {
            Region::KataBody => {
                if trimmed == SOLUTION_END {
                    region = Region::Outside;
                    if index.is_some() {
                        let kata =
                            katas.last().map(String::as_str).unwrap_or_default();
                        out.push_str(&format!(
                            "{indent}}} else {{\n{indent}    todo!(\"kata {kata}\")\n{indent}}}\n"
                        ));
                    }
                } else if trimmed == SOLUTION || trimmed == SOLUTION_ONLY {
                    return Err(error(MarkerProblem::Nested));
                } else if index.is_some() {
                    out.push_str(line);
                }
                continue;
            }
            Region::SolutionOnly => {
                if trimmed == SOLUTION_ONLY_END {
                    region = Region::Outside;
                } else if trimmed == SOLUTION || trimmed == SOLUTION_ONLY {
                    return Err(error(MarkerProblem::Nested));
                } else if index.is_some() {
                    out.push_str(line);
                }
                continue;
            }
            Region::Outside => {}
        }
        if trimmed == SOLUTION {
            has_markers = true;
            let Some(anchor) = anchors.last() else {
                return Err(error(MarkerProblem::SolutionOutsideKata));
            };
            let kata = format!("{module}::{anchor}");
            match index {
                None => out.push_str(&format!("{indent}todo!(\"kata {kata}\")\n")),
                // A kata not in katas.toml is never solved (usize::MAX).
                Some(index) => out.push_str(&format!(
                    "{indent}if ::std::env::var(\"KATA_STAGE\").ok().and_then(|s| s.parse::<usize>().ok()).is_none_or(|stage| {} <= stage) {{\n",
                    index(&kata).unwrap_or(usize::MAX)
                )),
            }
            katas.push(kata);
            region = Region::KataBody;
            opened_at = number;
        } else if trimmed == SOLUTION_ONLY {
            has_markers = true;
            region = Region::SolutionOnly;
            opened_at = number;
        } else if trimmed == SOLUTION_END {
            return Err(error(MarkerProblem::UnopenedEnd(SOLUTION_END)));
        } else if trimmed == SOLUTION_ONLY_END {
            return Err(error(MarkerProblem::UnopenedEnd(SOLUTION_ONLY_END)));
        } else if let Some(text) = trimmed.strip_prefix(STUB_LINE) {
            has_markers = true;
            let text = text.strip_prefix(' ').unwrap_or(text);
            if text.is_empty() {
                out.push('\n');
            } else {
                out.push_str(&format!("{indent}{text}\n"));
            }
        } else {
            if let Some(name) = trimmed.strip_prefix("// ANCHOR:") {
                anchors.push(name.trim());
            } else if let Some(name) = trimmed.strip_prefix("// ANCHOR_END:") {
                if let Some(at) = anchors.iter().rposition(|a| *a == name.trim()) {
                    anchors.remove(at);
                }
            }
            out.push_str(line);
        }
    }
    match region {
        Region::Outside => Ok(Stub {
            text: out,
            has_markers,
            katas,
        }),
        Region::KataBody => Err(MarkerError {
            line: opened_at,
            problem: MarkerProblem::Unclosed(SOLUTION),
        }),
        Region::SolutionOnly => Err(MarkerError {
            line: opened_at,
            problem: MarkerProblem::Unclosed(SOLUTION_ONLY),
        }),
    }
}

/// Every stub file of `chapter`: its path relative to `src/` → its text,
/// generated from `solutions/<chapter>/src`.
pub fn generate(root: &Path, chapter: &Chapter) -> Result<BTreeMap<PathBuf, String>> {
    Ok(generate_with_katas(root, chapter)?.0)
}

/// [`generate`], and the katas whose bodies became `todo!()`.
fn generate_with_katas(
    root: &Path,
    chapter: &Chapter,
) -> Result<(BTreeMap<PathBuf, String>, Vec<String>)> {
    let solution_src = solution_src(root, chapter);
    if !solution_src.is_dir() {
        bail!(
            "{} is missing: stubs are generated from it",
            solution_src.display()
        );
    }
    let mut files = Vec::new();
    collect_files(&solution_src, &mut files)?;
    let mut stubs = BTreeMap::new();
    let mut katas = Vec::new();
    for file in files {
        let relative = file
            .strip_prefix(&solution_src)
            .unwrap_or(&file)
            .to_path_buf();
        let shown = file
            .strip_prefix(root)
            .unwrap_or(&file)
            .display()
            .to_string();
        let is_rust = file.extension().is_some_and(|e| e == "rs");
        if !is_rust {
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {shown}"))?;
            stubs.insert(relative, String::from_utf8_lossy(&bytes).into_owned());
            continue;
        }
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("reading {shown}"))?;
        let module = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stub = stub_of(&text, &module).with_context(|| format!("in {shown}"))?;
        katas.extend(stub.katas);
        let text = if stub.has_markers {
            rustfmt(root, &stub.text)
                .with_context(|| format!("formatting the stub of {shown}"))?
        } else {
            stub.text
        };
        stubs.insert(relative, text);
    }
    Ok((stubs, katas))
}

/// `solutions/chNN-slug/src` under `root`.
pub fn solution_src(root: &Path, chapter: &Chapter) -> PathBuf {
    root.join("solutions").join(chapter.dir_name()).join("src")
}

/// `chapters/chNN-slug/src` under `root`.
pub fn learner_src(root: &Path, chapter: &Chapter) -> PathBuf {
    chapter.learner_dir(root).join("src")
}

/// Formats `text` with the workspace's `rustfmt.toml`.
fn rustfmt(root: &Path, text: &str) -> Result<String> {
    let mut command = Command::new("rustfmt");
    let config = root.join("rustfmt.toml");
    if config.is_file() {
        command.arg("--config-path").arg(config);
    }
    let mut child = command
        .args(["--edition", "2024", "--emit", "stdout"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("starting rustfmt (rustup component add rustfmt)")?;
    child
        .stdin
        .take()
        .context("rustfmt's stdin")?
        .write_all(text.as_bytes())
        .context("writing to rustfmt")?;
    let output = child.wait_with_output().context("waiting for rustfmt")?;
    if !output.status.success() {
        bail!(
            "rustfmt failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    String::from_utf8(output.stdout).context("rustfmt printed non-UTF-8")
}

/// How the committed stubs of `chapter` differ from what [`generate`] writes,
/// one line each, naming the file and the first differing line.
pub fn differences(root: &Path, chapter: &Chapter) -> Result<Vec<String>> {
    let (expected, katas) = generate_with_katas(root, chapter)?;
    let learner_src = learner_src(root, chapter);
    let mut committed = Vec::new();
    collect_files(&learner_src, &mut committed)?;
    let shown = |relative: &Path| {
        format!("chapters/{}/src/{}", chapter.dir_name(), relative.display())
    };
    let mut problems = Vec::new();
    for file in &committed {
        let relative = file.strip_prefix(&learner_src).unwrap_or(file);
        if !expected.contains_key(relative) {
            problems.push(format!(
                "{}: not generated from solutions/ (a stub with no solution file)",
                shown(relative)
            ));
        }
    }
    for (relative, want) in &expected {
        let path = learner_src.join(relative);
        let Ok(have) = std::fs::read_to_string(&path) else {
            problems.push(format!("{}: missing", shown(relative)));
            continue;
        };
        if let Some(line) = first_difference(&have, want) {
            problems.push(format!(
                "{}:{line}: differs from what the generator writes",
                shown(relative)
            ));
        }
    }
    // Every kata body has a katas.toml entry (hints, book page), and every
    // entry a body: otherwise `check` would report a kata nobody can start.
    let listed = Katas::load(&chapter.katas_toml(root))?;
    for kata in &katas {
        if !listed.list.iter().any(|k| &k.name == kata) {
            problems.push(format!(
                "{kata}: a kata body in solutions/ with no [[kata]] in katas.toml"
            ));
        }
    }
    for kata in &listed.list {
        if !katas.contains(&kata.name) {
            problems.push(format!(
                "{}: listed in katas.toml but no `// ANCHOR: solution` makes its stub",
                kata.name
            ));
        }
    }
    Ok(problems)
}

/// The 1-based number of the first line where `a` and `b` differ.
fn first_difference(a: &str, b: &str) -> Option<usize> {
    if a == b {
        return None;
    }
    let mut a_lines = a.split_inclusive('\n');
    let mut b_lines = b.split_inclusive('\n');
    let mut number = 1;
    loop {
        match (a_lines.next(), b_lines.next()) {
            (Some(x), Some(y)) if x == y => number += 1,
            _ => return Some(number),
        }
    }
}

/// Writes the generated stubs of `chapter`, removing stub files with no
/// solution file. Returns how many files changed.
pub fn write(root: &Path, chapter: &Chapter) -> Result<usize> {
    let expected = generate(root, chapter)?;
    let learner_src = learner_src(root, chapter);
    let mut committed = Vec::new();
    collect_files(&learner_src, &mut committed)?;
    let mut changed = 0;
    for file in committed {
        let relative = file.strip_prefix(&learner_src).unwrap_or(&file);
        if !expected.contains_key(relative) {
            std::fs::remove_file(&file)
                .with_context(|| format!("removing {}", file.display()))?;
            changed += 1;
        }
    }
    for (relative, text) in expected {
        let path = learner_src.join(&relative);
        if std::fs::read_to_string(&path).is_ok_and(|have| have == text) {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, text)
            .with_context(|| format!("writing {}", path.display()))?;
        changed += 1;
    }
    Ok(changed)
}

/// Runs `stubs`.
pub fn run(args: &StubsArgs) -> Result<ExitCode> {
    let workspace = Workspace::load()?;
    let chapters: Vec<&Chapter> = match &args.chapter {
        Some(name) => vec![workspace.resolve_written(name)?.0],
        None => workspace.written().collect(),
    };
    let mut failed = false;
    for chapter in chapters {
        if args.check {
            let problems = differences(&workspace.root, chapter)?;
            if problems.is_empty() {
                println!("{} {}", term::green("✓"), chapter.dir_name());
            } else {
                failed = true;
                println!("{} {}", term::red("✗"), chapter.dir_name());
                for problem in problems {
                    println!("    {problem}");
                }
            }
        } else {
            let changed = write(&workspace.root, chapter)?;
            println!(
                "{} chapters/{}/src ({changed} files written)",
                term::green("✓"),
                chapter.dir_name()
            );
        }
    }
    if failed {
        println!();
        println!(
            "The stubs are generated from solutions/*/src: edit the solution, then run \
             `cargo xtask stubs`."
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUMS: &str = "\
//! Sums.
// stub: #![allow(dead_code)]

// ANCHOR: add
/// Kata `sums::add`.
pub fn add(a: i32, b: i32) -> i32 {
    // ANCHOR: solution
    // Why: addition.
    a + b
    // ANCHOR_END: solution
}
// ANCHOR_END: add

// ANCHOR: solution_only
fn helper() {}
// ANCHOR_END: solution_only
";

    #[test]
    fn kata_bodies_become_todo_named_by_file_and_anchor() {
        let stub = stub_of(SUMS, "sums").unwrap();
        assert_eq!(
            stub.text,
            "\
//! Sums.
#![allow(dead_code)]

// ANCHOR: add
/// Kata `sums::add`.
pub fn add(a: i32, b: i32) -> i32 {
    todo!(\"kata sums::add\")
}
// ANCHOR_END: add

"
        );
        assert_eq!(stub.katas, vec!["sums::add".to_owned()]);
        assert!(stub.has_markers);
    }

    #[test]
    fn a_file_without_markers_is_copied_unchanged() {
        let text = "//! Provided.\n// ANCHOR: thing\npub struct Thing;\n// ANCHOR_END: thing\n";
        let stub = stub_of(text, "thing").unwrap();
        assert_eq!(stub.text, text);
        assert!(!stub.has_markers);
    }

    #[test]
    fn misused_markers_name_the_line() {
        let outside = "fn f() {\n    // ANCHOR: solution\n    1\n    // ANCHOR_END: solution\n}\n";
        assert_eq!(
            stub_of(outside, "m").unwrap_err(),
            MarkerError {
                line: 2,
                problem: MarkerProblem::SolutionOutsideKata
            }
        );
        let unclosed = "// ANCHOR: f\nfn f() {\n    // ANCHOR: solution\n}\n";
        assert_eq!(
            stub_of(unclosed, "m").unwrap_err(),
            MarkerError {
                line: 3,
                problem: MarkerProblem::Unclosed(SOLUTION)
            }
        );
        let stray = "// ANCHOR_END: solution_only\n";
        assert_eq!(
            stub_of(stray, "m").unwrap_err().problem,
            MarkerProblem::UnopenedEnd(SOLUTION_ONLY_END)
        );
    }

    #[test]
    fn staged_sources_keep_every_body_behind_the_stage_switch() {
        let index = |kata: &str| (kata == "sums::add").then_some(3);
        let staged = staged_of(SUMS, "sums", &index).unwrap();
        assert!(
            staged.text.contains("#![allow(dead_code)]"),
            "{}",
            staged.text
        );
        assert!(
            staged.text.contains(
                "    if ::std::env::var(\"KATA_STAGE\").ok().and_then(|s| s.parse::<usize>().ok())\
                 .is_none_or(|stage| 3 <= stage) {\n    // Why: addition.\n    a + b\n    \
                 } else {\n        todo!(\"kata sums::add\")\n    }\n"
            ),
            "{}",
            staged.text
        );
        assert!(staged.text.contains("fn helper() {}"), "{}", staged.text);
    }

    #[test]
    fn first_difference_counts_lines_from_one() {
        assert_eq!(first_difference("a\nb\n", "a\nb\n"), None);
        assert_eq!(first_difference("a\nb\n", "a\nc\n"), Some(2));
        assert_eq!(first_difference("a\n", "a\nb\n"), Some(2));
    }
}
