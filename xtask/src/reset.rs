//! `cargo xtask reset <chapter> <KATA> [--yes]`: start one kata over.
//!
//! The kata's stub is the region between `// ANCHOR: item` and
//! `// ANCHOR_END: item` that holds its `todo!("kata module::item")` in the
//! stub generated from the solution (`stubs.rs`), so reset needs no `git`
//! history: it works in a zip download or a squashed template repository.
//! Reset replaces the same region of the learner's file with it, leaving every
//! other kata in the file as the learner wrote it, and first keeps a copy of
//! the whole file under `.kata-state/reset/`. It asks first unless `--yes`.
//!
//! Exit status: 0 when the kata was reset or already pristine, 1 when the
//! learner said no, 2 for an unknown chapter or kata, or a file whose markers
//! were removed (the message says how to restore the whole file instead).

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{ArgMatches, Command, arg};

use crate::by_hand;
use crate::chapters::{Chapter, Workspace};
use crate::files::files_with_extension;
use crate::stubs;
use crate::term;

/// Options of `reset`.
#[derive(Debug)]
#[allow(missing_docs)] // Each field's help is its argument's, below.
pub struct ResetArgs {
    pub chapter: String,
    pub kata: String,
    pub yes: bool,
}

impl ResetArgs {
    fn augment(command: Command) -> Command {
        command.args([
            by_hand::chapter(),
            arg!(<KATA> "The kata to start over (`module::item`, or just `item` when \
                 unambiguous)"),
            arg!(-y --yes "Do not ask before replacing your code"),
        ])
    }

    fn read(matches: &ArgMatches) -> ResetArgs {
        ResetArgs {
            chapter: by_hand::string(matches, "CHAPTER").unwrap_or_default(),
            kata: by_hand::string(matches, "KATA").unwrap_or_default(),
            yes: matches.get_flag("yes"),
        }
    }
}

crate::args_by_hand!(ResetArgs);

/// A kata's stub in one file: its lines between the anchor markers, inclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// The anchor's name (`insert` for `// ANCHOR: insert`).
    pub anchor: String,
    /// 0-based index of the `// ANCHOR:` line.
    pub start: usize,
    /// 0-based index of the `// ANCHOR_END:` line.
    pub end: usize,
}

/// Every `// ANCHOR: name` … `// ANCHOR_END: name` pair in `text`.
pub fn regions(text: &str) -> Vec<Region> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (start, line) in lines.iter().enumerate() {
        let Some(anchor) = line.trim().strip_prefix("// ANCHOR:") else {
            continue;
        };
        let anchor = anchor.trim();
        let end_marker = format!("// ANCHOR_END: {anchor}");
        if let Some(offset) = lines[start..]
            .iter()
            .position(|l| l.trim() == end_marker.as_str())
        {
            found.push(Region {
                anchor: anchor.to_owned(),
                start,
                end: start + offset,
            });
        }
    }
    found
}

/// The smallest region of `text` holding `todo!("kata NAME")`.
pub fn kata_region(text: &str, kata: &str) -> Option<Region> {
    let marker = format!("\"kata {kata}\"");
    let lines: Vec<&str> = text.lines().collect();
    let at = lines.iter().position(|l| l.contains(&marker))?;
    regions(text)
        .into_iter()
        .filter(|r| r.start < at && at < r.end)
        .min_by_key(|r| r.end - r.start)
}

/// Replaces `region` of `learner` (found by the same anchor name) with the
/// lines of `region` in `pristine`. `None` when the learner's markers are gone.
pub fn splice(learner: &str, pristine: &str, region: &Region) -> Option<String> {
    let target = regions(learner)
        .into_iter()
        .find(|r| r.anchor == region.anchor)?;
    let learner_lines: Vec<&str> = learner.lines().collect();
    let pristine_lines: Vec<&str> = pristine.lines().collect();
    let mut out: Vec<&str> = Vec::new();
    out.extend(&learner_lines[..target.start]);
    out.extend(&pristine_lines[region.start..=region.end]);
    out.extend(&learner_lines[target.end + 1..]);
    let mut text = out.join("\n");
    if learner.ends_with('\n') {
        text.push('\n');
    }
    Some(text)
}

/// The katas of `chapter` the learner has not begun: each one's region in
/// the learner's file is still its stub.
///
/// `check` asks on every save, so this must cost milliseconds, not a rustfmt
/// run per file as [`stubs::generate`] does: the stub here is
/// [`stubs::stub_of`]'s raw text, and since rustfmt only moves whitespace in
/// it, lines are compared trimmed, blank ones skipped. A kata whose file or
/// markers are gone counts as begun: its tests will say what is wrong.
pub fn untouched_katas(root: &Path, chapter: &Chapter) -> Result<Vec<String>> {
    let solution_src = stubs::solution_src(root, chapter);
    let learner_src = stubs::learner_src(root, chapter);
    let mut untouched = Vec::new();
    for file in files_with_extension(&solution_src, "rs")? {
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("reading {}", file.display()))?;
        let module = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stub = stubs::stub_of(&text, &module)
            .with_context(|| format!("in {}", file.display()))?;
        let relative = file.strip_prefix(&solution_src).unwrap_or(&file);
        let Ok(learner) = std::fs::read_to_string(learner_src.join(relative)) else {
            continue;
        };
        let theirs = regions(&learner);
        for kata in stub.katas {
            let Some(ours) = kata_region(&stub.text, &kata) else {
                continue;
            };
            let same =
                theirs
                    .iter()
                    .find(|r| r.anchor == ours.anchor)
                    .is_some_and(|r| {
                        code_lines(&learner, r).eq(code_lines(&stub.text, &ours))
                    });
            if same {
                untouched.push(kata);
            }
        }
    }
    Ok(untouched)
}

/// The lines of `region` in `text`, trimmed, blank ones left out.
fn code_lines<'a>(text: &'a str, region: &Region) -> impl Iterator<Item = &'a str> {
    text.lines()
        .skip(region.start)
        .take(region.end - region.start + 1)
        .map(str::trim)
        .filter(|line| !line.is_empty())
}

/// Runs `reset`.
pub fn run(args: &ResetArgs) -> Result<ExitCode> {
    let workspace = Workspace::load()?;
    let (chapter, katas) = workspace.resolve_written(&args.chapter)?;
    let kata = katas.find(&args.kata)?;
    let stubs = stubs::generate(&workspace.root, chapter)?;
    let (relative, pristine_text, region) = find_stub(&stubs, &kata.name)?;
    let learner_file = stubs::learner_src(&workspace.root, chapter).join(&relative);
    let shown = learner_file
        .strip_prefix(&workspace.root)
        .unwrap_or(&learner_file)
        .display()
        .to_string();

    let learner_text = match std::fs::read_to_string(&learner_file) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            // Nothing of the learner's can be lost: write the whole stub file.
            std::fs::write(&learner_file, &pristine_text)
                .with_context(|| format!("writing {shown}"))?;
            println!(
                "{} {shown} was gone; it is the stub again.",
                term::green("✓")
            );
            return Ok(ExitCode::SUCCESS);
        }
        Err(error) => {
            return Err(error).with_context(|| format!("reading {shown}"));
        }
    };
    let Some(updated) = splice(&learner_text, &pristine_text, &region) else {
        bail!(crate::UsageError(format!(
            "{shown} no longer has the markers `// ANCHOR: {0}` … `// ANCHOR_END: {0}` around {1}, \
             so reset cannot tell your kata from the rest of the file.\n\
             Put the markers back, or delete the file and run reset again to get the \
             whole stub file back (every kata in it starts over).",
            region.anchor, kata.name
        )))
    };
    if updated == learner_text {
        println!("{} {} is already the stub.", term::green("✓"), kata.name);
        return Ok(ExitCode::SUCCESS);
    }
    // The learner's lines, not the stub's: what reset is about to throw away.
    let lines = regions(&learner_text)
        .into_iter()
        .find(|r| r.anchor == region.anchor)
        .map_or(0, |r| r.end - r.start - 1);
    println!(
        "This replaces your code of {} in {shown} (the {lines} lines between its ANCHOR markers) \
         with its stub.\nOther katas in the file stay as they are.",
        term::bold(&kata.name)
    );
    if !args.yes && !confirm("Start this kata over?")? {
        println!("Nothing changed.");
        return Ok(ExitCode::FAILURE);
    }
    let backup = keep_a_copy(
        &workspace.root,
        &relative,
        chapter.dir_name(),
        &learner_text,
    )?;
    std::fs::write(&learner_file, updated)
        .with_context(|| format!("writing {shown}"))?;
    println!("Your previous code is kept in {}.", backup.display());
    println!(
        "{} {} is a stub again: {}",
        term::green("✓"),
        kata.name,
        term::bold(&format!(
            "cargo xtask check {} {}",
            chapter.cli_name(),
            kata.name
        ))
    );
    Ok(ExitCode::SUCCESS)
}

/// The file (relative to `src/`), its stub text and the region of `kata`.
fn find_stub(
    stubs: &std::collections::BTreeMap<PathBuf, String>,
    kata: &str,
) -> Result<(PathBuf, String, Region)> {
    for (relative, text) in stubs {
        if let Some(region) = kata_region(text, kata) {
            return Ok((relative.clone(), text.clone(), region));
        }
    }
    bail!(
        "no stub of {kata}: no `// ANCHOR: solution` generates `todo!(\"kata {kata}\")` \
         inside a kata anchor (maintainers: see CONTRIBUTING.md, \"Adding a kata\")"
    )
}

/// Saves `text` (the learner's whole file before reset) as
/// `.kata-state/reset/<chapter>/<file>.<seconds since 1970>` and returns
/// that path relative to the workspace.
fn keep_a_copy(
    root: &Path,
    relative: &Path,
    chapter: String,
    text: &str,
) -> Result<PathBuf> {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let mut name = relative.as_os_str().to_owned();
    name.push(format!(".{seconds}"));
    let backup = Path::new(".kata-state")
        .join("reset")
        .join(chapter)
        .join(name);
    let absolute = root.join(&backup);
    if let Some(parent) = absolute.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    std::fs::write(&absolute, text)
        .with_context(|| format!("writing {}", backup.display()))?;
    Ok(backup)
}

/// Asks `question [y/N]` on stdout and reads the answer from stdin.
fn confirm(question: &str) -> Result<bool> {
    print!("{question} [y/N] ");
    std::io::stdout().flush().context("writing to stdout")?;
    let mut answer = String::new();
    let read = std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .context("reading the answer from stdin")?;
    if read == 0 && !std::io::stdin().is_terminal() {
        println!();
        println!("(no answer on stdin: pass --yes to reset without asking)");
    }
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "Yes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PRISTINE: &str = "//! x\n\
        // ANCHOR: add\n\
        pub fn add() -> i32 {\n    todo!(\"kata sums::add\")\n}\n\
        // ANCHOR_END: add\n\
        \n\
        // ANCHOR: mul\n\
        pub fn mul() -> i32 {\n    todo!(\"kata sums::mul\")\n}\n\
        // ANCHOR_END: mul\n";

    #[test]
    fn finds_the_region_holding_the_kata_s_todo() {
        let region = kata_region(PRISTINE, "sums::mul").unwrap();
        assert_eq!(region.anchor, "mul");
        assert_eq!((region.start, region.end), (7, 11));
        assert!(kata_region(PRISTINE, "sums::div").is_none());
    }

    #[test]
    fn splice_restores_one_kata_and_keeps_the_others() {
        let learner = PRISTINE
            .replace("todo!(\"kata sums::add\")", "1 + 1")
            .replace(
                "todo!(\"kata sums::mul\")",
                "let x = 2;\n    let y = 3;\n    x * y",
            );
        let region = kata_region(PRISTINE, "sums::mul").unwrap();
        let restored = splice(&learner, PRISTINE, &region).unwrap();
        assert_eq!(
            restored,
            PRISTINE.replace("todo!(\"kata sums::add\")", "1 + 1")
        );
    }

    #[test]
    fn a_kata_is_untouched_while_its_region_is_the_stub() {
        let root = tempfile::tempdir().unwrap();
        let chapter = Chapter::sums();
        let solution = stubs::solution_src(root.path(), &chapter);
        let learner = stubs::learner_src(root.path(), &chapter);
        std::fs::create_dir_all(&solution).unwrap();
        std::fs::create_dir_all(&learner).unwrap();
        let solved = PRISTINE
            .replace(
                "todo!(\"kata sums::add\")",
                "// ANCHOR: solution\n    1 + 1\n    // ANCHOR_END: solution",
            )
            .replace(
                "todo!(\"kata sums::mul\")",
                "// ANCHOR: solution\n    6\n    // ANCHOR_END: solution",
            );
        std::fs::write(solution.join("sums.rs"), solved).unwrap();
        // Re-indented and spaced out, `add` is still its stub; `mul` is begun.
        let begun = PRISTINE
            .replace(
                "    todo!(\"kata sums::add\")",
                "\n        todo!(\"kata sums::add\")\n",
            )
            .replace(
                "todo!(\"kata sums::mul\")",
                "let six = 6;\n    todo!(\"kata sums::mul\")",
            );
        std::fs::write(learner.join("sums.rs"), begun).unwrap();
        assert_eq!(
            untouched_katas(root.path(), &chapter).unwrap(),
            ["sums::add"]
        );
        // A learner's file without its markers counts as begun.
        std::fs::write(learner.join("sums.rs"), "pub fn add() -> i32 { 2 }\n")
            .unwrap();
        assert!(untouched_katas(root.path(), &chapter).unwrap().is_empty());
    }

    /// `check` skips the tests of untouched katas, so on the committed stubs
    /// every kata must count as untouched, whatever rustfmt did to its stub.
    #[test]
    fn the_committed_stubs_leave_every_kata_untouched() {
        let workspace = Workspace::load().unwrap();
        for chapter in workspace.written() {
            let (_, katas) = workspace.resolve_written(&chapter.dir_name()).unwrap();
            let untouched = untouched_katas(&workspace.root, chapter).unwrap();
            for kata in &katas.list {
                assert!(
                    untouched.contains(&kata.name),
                    "{}: {} does not read as its stub",
                    chapter.dir_name(),
                    kata.name
                );
            }
        }
    }

    #[test]
    fn splice_needs_the_markers() {
        let learner = "pub fn mul() -> i32 { 6 }\n";
        let region = kata_region(PRISTINE, "sums::mul").unwrap();
        assert!(splice(learner, PRISTINE, &region).is_none());
    }
}
