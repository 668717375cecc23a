//! `cargo xtask mutants CHAPTER [--file NAME]`: which wrong versions of the
//! katas do the katas' own tests let through?
//!
//! cargo-mutants (crates.io) rewrites one function at a time — a body replaced
//! by a default, a `<` turned into `<=`, a `+` into `-` — and runs the tests
//! against each mutant. Only the kata bodies matter here: provided code is
//! not the learner's to get wrong. The kata bodies are exactly the lines the
//! stub generator removes, so this command writes the stub → solution diff of
//! the chapter (`target/mutants/<chapter>.diff`) and hands it to
//! `cargo mutants --in-diff`. Survivors ("missed") are listed at the end; each
//! is a plausible wrong answer no test catches — a real misconception deserves
//! a test. On 2 cores a mutant costs 10–60 s; `--file` narrows the run.

use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};

use anyhow::{Context, Result, bail};

use crate::cargo::echo;
use crate::chapters::Workspace;
use crate::files::files_with_extension;
use crate::stubs;

/// Options of `mutants`.
#[derive(Debug, clap::Args)]
pub struct MutantsArgs {
    /// The chapter: `chapter-2`, `2`, `ch02` or `async-io`.
    pub chapter: String,
    /// Only this solution file (`buffer.rs`, or its stem `buffer`).
    #[arg(long)]
    pub file: Option<String>,
    /// More arguments for cargo-mutants (after `--`), e.g. `--shard 0/3`.
    #[arg(last = true)]
    pub extra: Vec<String>,
}

/// Runs `mutants`.
pub fn run(args: &MutantsArgs) -> Result<ExitCode> {
    let workspace = Workspace::load()?;
    let (chapter, _) = workspace.resolve_written(&args.chapter)?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let installed = Command::new(&cargo)
        .args(["mutants", "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !installed {
        bail!(
            "cargo-mutants is not installed: `cargo install --locked cargo-mutants`"
        );
    }
    let out = workspace.root.join("target").join("mutants");
    std::fs::create_dir_all(&out)
        .with_context(|| format!("creating {}", out.display()))?;
    let diff_path = out.join(format!("{}.diff", chapter.dir_name()));
    let diff = kata_diff(&workspace.root, chapter, args.file.as_deref())?;
    if diff.trim().is_empty() {
        bail!("no kata body in the files chosen: nothing to mutate");
    }
    std::fs::write(&diff_path, diff)
        .with_context(|| format!("writing {}", diff_path.display()))?;
    let output = out.join(chapter.dir_name());
    let mut command = Command::new(&cargo);
    command
        .current_dir(&workspace.root)
        .args(["mutants", "--package", &chapter.solution_package()])
        .arg("--in-diff")
        .arg(&diff_path)
        .arg("--output")
        .arg(&output)
        // Snapshots are never written; a mutant that hangs is a caught one.
        .env("INSTA_UPDATE", "no")
        // cargo-mutants' own timeout, five times the unmutated run's tests,
        // but never under 30 s: a busy machine must not turn a slow mutant
        // into a "caught" one, and a hung one (an event loop that never
        // drains) should cost half a minute, not two.
        .args(["--minimum-test-timeout", "30"])
        .args(&args.extra);
    echo(&command);
    let status = command.status().context("running cargo mutants")?;
    if args.extra.iter().any(|a| a == "--list") {
        return Ok(ExitCode::SUCCESS);
    }
    let missed = output.join("mutants.out").join("missed.txt");
    let survivors = std::fs::read_to_string(&missed).unwrap_or_default();
    println!();
    if survivors.trim().is_empty() {
        println!("No surviving mutant: every wrong version tried fails a kata test.");
    } else {
        println!("Survivors (wrong versions no kata test catches):");
        for line in survivors.lines() {
            println!("  {line}");
        }
    }
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The unified diff from each stub to its solution, both named by the
/// solution's path, so its added lines are the kata bodies and helpers.
fn kata_diff(
    root: &std::path::Path,
    chapter: &crate::chapters::Chapter,
    only: Option<&str>,
) -> Result<String> {
    let solution_src = stubs::solution_src(root, chapter);
    let stubs = stubs::generate(root, chapter)?;
    let scratch = root.join("target").join("mutants").join("stubs");
    let mut diff = String::new();
    for file in files_with_extension(&solution_src, "rs")? {
        let relative = file
            .strip_prefix(&solution_src)
            .unwrap_or(&file)
            .to_path_buf();
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if only.is_some_and(|o| o != stem && o != relative.to_string_lossy()) {
            continue;
        }
        let Some(stub) = stubs.get(&relative) else {
            continue;
        };
        let stub_file: PathBuf = scratch.join(&relative);
        if let Some(parent) = stub_file.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&stub_file, stub)
            .with_context(|| format!("writing {}", stub_file.display()))?;
        let name = file
            .strip_prefix(root)
            .unwrap_or(&file)
            .display()
            .to_string();
        let output = Command::new("diff")
            .args([
                "-u",
                "--label",
                &format!("a/{name}"),
                "--label",
                &format!("b/{name}"),
            ])
            .arg(&stub_file)
            .arg(&file)
            .output()
            .context("running diff (diffutils)")?;
        diff.push_str(&String::from_utf8_lossy(&output.stdout));
    }
    Ok(diff)
}
