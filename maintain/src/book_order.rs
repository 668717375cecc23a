//! Book order: a kata's tests pass once it and the katas before it are solved.
//!
//! A learner works through `katas.toml` top to bottom. If the tests of kata K
//! called a later kata, K could never pass when its turn came. `verify` proves
//! the property for every kata of every chapter without building one tree per
//! kata: it copies the workspace into `target/xtask/book-order/`, writes each
//! chapter's *staged* sources there (`stubs::staged_of`: every kata body
//! behind a switch read from `KATA_STAGE`), builds each chapter's test
//! executable once (in `target/book-order-target`, never the real target dir),
//! then runs kata K's tests with `KATA_STAGE=K` — the katas before and at K
//! solved, the ones after it still `todo!()`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};

use crate::cargo::{Cargo, Outcome, capture, echo, parse_libtest};
use crate::chapters::{Chapter, Workspace};
use crate::files::collect_files;
use crate::katas::{Katas, Role};
use crate::stubs;
use crate::term;

/// Options of `book-order`.
#[derive(Debug, clap::Args)]
pub struct BookOrderArgs {
    /// Only this chapter (default: every written chapter).
    pub chapter: Option<String>,
}

/// Runs `book-order`: the `verify` step alone.
pub fn run(args: &BookOrderArgs) -> Result<ExitCode> {
    let workspace = Workspace::load()?;
    let chapters: Vec<&Chapter> = match &args.chapter {
        Some(name) => vec![workspace.resolve_written(name)?.0],
        None => workspace.written().collect(),
    };
    let cargo = Cargo::new(&workspace.root);
    let mut failed = false;
    for (chapter, lines) in problems(&cargo, &workspace, &chapters)? {
        if lines.is_empty() {
            println!("{} {chapter}", term::green("✓"));
        } else {
            failed = true;
            println!("{} {chapter}", term::red("✗"));
            for line in lines {
                println!("    {line}");
            }
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Top-level entries of the workspace not copied into the staged tree.
const NOT_COPIED: [&str; 7] = [
    "target",
    ".git",
    ".cache",
    ".kata-state",
    "book",
    "docs",
    "node_modules",
];

/// What went wrong for each chapter: one line per test of kata K that fails
/// when only the katas up to K are solved (empty when book order holds).
pub fn problems(
    cargo: &Cargo,
    workspace: &Workspace,
    chapters: &[&Chapter],
) -> Result<BTreeMap<String, Vec<String>>> {
    let target = cargo.target_dir()?;
    let tree = target.join("xtask").join("book-order");
    if tree.exists() {
        std::fs::remove_dir_all(&tree)
            .with_context(|| format!("removing {}", tree.display()))?;
    }
    copy_workspace(&workspace.root, &tree)?;
    let mut found = BTreeMap::new();
    for chapter in chapters {
        let katas = Katas::load(&chapter.katas_toml(&workspace.root))?;
        write_staged(&workspace.root, &tree, chapter, &katas)?;
        let binary = build(cargo, &tree, &target, chapter)?;
        let mut lines = Vec::new();
        for (index, kata) in katas.list.iter().enumerate() {
            let mut command = Command::new(&binary);
            command
                .current_dir(tree.join("chapters").join(chapter.dir_name()))
                .args(["--color", "never", "--test-threads", "2"])
                .arg(format!("{}::", kata.name))
                .env("KATA_STAGE", index.to_string())
                .env("RUST_BACKTRACE", "0")
                .env("INSTA_UPDATE", "no")
                .env("INSTA_FORCE_PASS", "0");
            let output = capture(&mut command)?;
            let stdout = String::from_utf8_lossy(&output.stdout);
            for test in parse_libtest(&stdout) {
                if katas.role(&test.name) != Role::Kata(kata)
                    || test.outcome == Outcome::Passed
                {
                    continue;
                }
                let why = test
                    .output
                    .lines()
                    .find(|l| {
                        l.contains("not yet implemented") || l.contains("assert")
                    })
                    .or_else(|| test.output.lines().nth(1))
                    .unwrap_or("")
                    .trim()
                    .to_owned();
                lines.push(format!(
                    "{}: fails with only the katas up to {} solved ({why})",
                    test.name, kata.name
                ));
            }
            if !output.status.success() && !stdout.contains("\ntest result: ") {
                lines.push(format!(
                    "{}: the test binary died with only the katas up to it solved",
                    kata.name
                ));
            }
        }
        found.insert(chapter.dir_name(), lines);
    }
    Ok(found)
}

/// Copies the workspace at `root` to `tree`, skipping [`NOT_COPIED`] and
/// hidden entries other than `.config` and `.cargo`.
fn copy_workspace(root: &Path, tree: &Path) -> Result<()> {
    for entry in std::fs::read_dir(root)
        .with_context(|| format!("listing {}", root.display()))?
    {
        let entry = entry.with_context(|| format!("listing {}", root.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if NOT_COPIED.contains(&name.as_str()) {
            continue;
        }
        let from = entry.path();
        let to = tree.join(&name);
        if from.is_dir() {
            let mut files = Vec::new();
            collect_files(&from, &mut files)?;
            for file in files {
                let relative = file.strip_prefix(&from).unwrap_or(&file);
                copy_file(&file, &to.join(relative))?;
            }
        } else {
            copy_file(&from, &to)?;
        }
    }
    // `collect_files` skips hidden entries; nextest's and cargo's configs matter.
    for hidden in [".config", ".cargo"] {
        let from = root.join(hidden);
        for file in std::fs::read_dir(&from).into_iter().flatten().flatten() {
            copy_file(&file.path(), &tree.join(hidden).join(file.file_name()))?;
        }
    }
    Ok(())
}

/// Copies one file, creating its folder.
fn copy_file(from: &Path, to: &Path) -> Result<()> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    std::fs::copy(from, to)
        .with_context(|| format!("copying {} to {}", from.display(), to.display()))?;
    Ok(())
}

/// Writes the staged sources of `chapter` over its learner crate in `tree`.
fn write_staged(
    root: &Path,
    tree: &Path,
    chapter: &Chapter,
    katas: &Katas,
) -> Result<()> {
    let index = |name: &str| katas.list.iter().position(|k| k.name == name);
    let solution_src = stubs::solution_src(root, chapter);
    let mut files = Vec::new();
    collect_files(&solution_src, &mut files)?;
    for file in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "rs"))
    {
        let relative = file.strip_prefix(&solution_src).unwrap_or(file);
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("reading {}", file.display()))?;
        let module = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let staged = stubs::staged_of(&text, &module, &index)
            .with_context(|| format!("in {}", file.display()))?;
        let dest = stubs::learner_src(tree, chapter).join(relative);
        std::fs::write(&dest, staged.text)
            .with_context(|| format!("writing {}", dest.display()))?;
    }
    Ok(())
}

/// Builds the staged learner crate's test executable into
/// `target/book-order-target` (see the comment inside); returns its path.
fn build(
    cargo: &Cargo,
    tree: &Path,
    target: &Path,
    chapter: &Chapter,
) -> Result<PathBuf> {
    let package = chapter.package();
    let mut command = Cargo::new(tree).command([
        "test",
        "--no-run",
        "--package",
        &package,
        "--tests",
        "--message-format=json",
    ]);
    // A target dir of its own. Cargo hashes a workspace's path packages by
    // their path *within* the workspace, so the staged crates would share the
    // real ones' hashes in the real target dir, and a later `cargo test` there
    // would find the staged (solved) build fresh: stubs passing, and
    // `workspace_root()` pointing into the staged tree.
    command.env("CARGO_TARGET_DIR", target.join("book-order-target"));
    echo(&command);
    let output = cargo.output(&mut command)?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        bail!(
            "the staged {package} does not compile:\n{}",
            crate::cargo::tail(&String::from_utf8_lossy(&output.stderr), 30)
        );
    }
    crate::cargo::katas_executable(&stdout).with_context(|| {
        format!("cargo built no test executable for the staged {package}")
    })
}
