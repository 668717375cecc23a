//! The pristine copy of every chapter's stubs: `pristine/chNN-slug/src/**`.
//!
//! `reset` restores a kata from here rather than from git history, which a
//! learner may have rewritten, squashed or never had (a zip download). The
//! folder is committed with the workspace and learners are told not to edit
//! it (`pristine/README.md`). In the maintainers' repository the stubs in
//! `chapters/*/src` *are* pristine, so `verify` checks the copy equals them
//! byte for byte; after changing a stub a maintainer runs
//! `cargo xtask pristine --update`.
//!
//! `cargo xtask pristine` (no flag) is that same comparison, exit 1 on a
//! difference. In a learner's clone it lists the files they have changed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::chapters::{Chapter, Workspace};
use crate::files::collect_files;
use crate::term;

/// Options of `pristine`.
#[derive(Debug, clap::Args)]
pub struct PristineArgs {
    /// Maintainers: copy every written chapter's `src/` into `pristine/`.
    #[arg(long)]
    pub update: bool,
}

/// `pristine/chNN-slug/src` under `root`.
pub fn src_dir(root: &Path, chapter: &Chapter) -> PathBuf {
    root.join("pristine").join(chapter.dir_name()).join("src")
}

/// `chapters/chNN-slug/src` under `root`.
pub fn learner_src(root: &Path, chapter: &Chapter) -> PathBuf {
    chapter.learner_dir(root).join("src")
}

/// How the learner's `src/` differs from the pristine copy, one line per
/// file (`changed: src/timers.rs`); empty when they are equal.
pub fn differences(root: &Path, chapter: &Chapter) -> Result<Vec<String>> {
    let pristine = src_dir(root, chapter);
    let learner = learner_src(root, chapter);
    if !pristine.is_dir() {
        return Ok(vec![format!(
            "{} has no pristine copy (pristine/{}/src is missing)",
            chapter.dir_name(),
            chapter.dir_name()
        )]);
    }
    let relative = |dir: &Path| -> Result<Vec<PathBuf>> {
        let mut files = Vec::new();
        collect_files(dir, &mut files)?;
        let mut files: Vec<PathBuf> = files
            .into_iter()
            .filter_map(|f| f.strip_prefix(dir).ok().map(Path::to_path_buf))
            .collect();
        files.sort();
        Ok(files)
    };
    let pristine_files = relative(&pristine)?;
    let learner_files = relative(&learner)?;
    let shown = |file: &Path| format!("chapters/{}/src/{}", chapter.dir_name(), file.display());
    let mut problems = Vec::new();
    for file in &pristine_files {
        if !learner_files.contains(file) {
            problems.push(format!("only in pristine/: {}", shown(file)));
            continue;
        }
        let a = std::fs::read(pristine.join(file))
            .with_context(|| format!("reading {}", pristine.join(file).display()))?;
        let b = std::fs::read(learner.join(file))
            .with_context(|| format!("reading {}", learner.join(file).display()))?;
        if a != b {
            problems.push(format!("differs from pristine/: {}", shown(file)));
        }
    }
    for file in &learner_files {
        if !pristine_files.contains(file) {
            problems.push(format!("not in pristine/: {}", shown(file)));
        }
    }
    Ok(problems)
}

/// Replaces `pristine/<chapter>/src` with a copy of the chapter's `src/`.
pub fn update(root: &Path, chapter: &Chapter) -> Result<usize> {
    let pristine = src_dir(root, chapter);
    let learner = learner_src(root, chapter);
    if pristine.exists() {
        std::fs::remove_dir_all(&pristine)
            .with_context(|| format!("removing {}", pristine.display()))?;
    }
    let mut files = Vec::new();
    collect_files(&learner, &mut files)?;
    for file in &files {
        let relative = file.strip_prefix(&learner).unwrap_or(file);
        let dest = pristine.join(relative);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::copy(file, &dest)
            .with_context(|| format!("copying {} to {}", file.display(), dest.display()))?;
    }
    Ok(files.len())
}

/// Runs `pristine`.
pub fn run(args: &PristineArgs) -> Result<ExitCode> {
    let workspace = Workspace::load()?;
    let mut differing = 0;
    for chapter in workspace.written() {
        if args.update {
            let count = update(&workspace.root, chapter)?;
            println!(
                "{} pristine/{}/src ({count} files)",
                term::green("✓"),
                chapter.dir_name()
            );
            continue;
        }
        let problems = differences(&workspace.root, chapter)?;
        if problems.is_empty() {
            println!("{} {}", term::green("✓"), chapter.dir_name());
        } else {
            differing += 1;
            println!("{} {}", term::red("✗"), chapter.dir_name());
            for problem in problems {
                println!("    - {problem}");
            }
        }
    }
    if differing > 0 {
        println!();
        println!(
            "Maintainers: after changing a stub, run `cargo xtask pristine --update`.\n\
             Learners: these are your edits; `cargo xtask reset <chapter> <KATA>` undoes one."
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}
