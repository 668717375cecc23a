//! `cargo xtask run <chapter> <example> [--solution] [-- ARGS]`: a chapter's demo.
//!
//! Runs `cargo run -q -p <package> --example <example> -- ARGS` on the learner's
//! crate (or the reference solution), e.g. a JS snippet through the learner's
//! own event loop, and exits with the example's exit status. The examples are
//! the files in the chapter's `examples/` folder; the solution crate points its
//! `[[example]]` targets at the same files.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use serde::Deserialize;

use crate::UsageError;
use crate::cargo::{Cargo, echo};
use crate::chapters::Workspace;

/// Options of `run`.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// The chapter: `chapter-2`, `2`, `ch02` or `async-io`.
    pub chapter: String,
    /// The example, a file name in the chapter's `examples/` folder without `.rs`.
    pub example: String,
    /// Run it on the reference solution instead of your code.
    #[arg(long)]
    pub solution: bool,
    /// Arguments for the example (after `--`).
    #[arg(last = true)]
    pub args: Vec<String>,
}

/// Runs `run`.
pub fn run(args: &RunArgs) -> Result<ExitCode> {
    let workspace = Workspace::load()?;
    let chapter = workspace.resolve(&args.chapter)?;
    let dir = chapter.learner_dir(&workspace.root);
    if !dir.is_dir() {
        return Err(UsageError(format!(
            "{} ({}) is not written yet: {} does not exist",
            chapter.cli_name(),
            chapter.slug,
            dir.display()
        ))
        .into());
    }
    let examples = examples(&dir.join("examples"))?;
    if !examples.contains(&args.example) {
        let listed = if examples.is_empty() {
            " none".to_owned()
        } else {
            examples.iter().map(|e| format!("\n  {e}")).collect()
        };
        return Err(UsageError(format!(
            "unknown example `{}` in {}; its examples are:{listed}",
            args.example,
            chapter.dir_name()
        ))
        .into());
    }
    let (package, package_dir) = if args.solution {
        let dir = workspace.root.join("solutions").join(chapter.dir_name());
        (chapter.solution_package(), dir)
    } else {
        (chapter.package(), dir)
    };
    let features = required_features(&package_dir.join("Cargo.toml"), &args.example)?;
    let cargo = Cargo::new(&workspace.root);
    let mut command = cargo.command([
        "run",
        "-q",
        "--package",
        &package,
        "--example",
        &args.example,
    ]);
    if !features.is_empty() {
        command.args(["--features", &features.join(",")]);
    }
    command.arg("--").args(&args.args);
    // Learners read panic messages, not frames (`check` does the same); the
    // printed cargo command is there for whoever wants a backtrace.
    command.env("RUST_BACKTRACE", "0");
    echo(&command);
    let status = command
        .status()
        .with_context(|| format!("running example {} of {package}", args.example))?;
    Ok(exit_code(status))
}

/// The parts of a package manifest `run` reads.
#[derive(Debug, Default, Deserialize)]
struct Manifest {
    /// `[[example]]` entries; examples found only by their file have none.
    #[serde(default)]
    example: Vec<ExampleTarget>,
}

/// One `[[example]]` entry.
#[derive(Debug, Deserialize)]
struct ExampleTarget {
    name: String,
    #[serde(default, rename = "required-features")]
    required_features: Vec<String>,
}

/// The features `example` requires in `manifest` (its `required-features`):
/// chapter 2 keeps tokio, which only `tokio_pool` uses, out of its tests' build
/// that way, and cargo would refuse to run the example without them.
fn required_features(manifest: &Path, example: &str) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(manifest)
        .with_context(|| format!("reading {}", manifest.display()))?;
    let manifest: Manifest = toml::from_str(&text)
        .with_context(|| format!("parsing {}", manifest.display()))?;
    Ok(manifest
        .example
        .into_iter()
        .filter(|target| target.name == example)
        .flat_map(|target| target.required_features)
        .collect())
}

/// The example names in `dir`: `loop.rs` and `loop/main.rs` are both `loop`.
pub fn examples(dir: &Path) -> Result<Vec<String>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir)
        .with_context(|| format!("listing {}", dir.display()))?
    {
        let path = entry
            .with_context(|| format!("listing {}", dir.display()))?
            .path();
        let name = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        let is_example = if path.is_dir() {
            path.join("main.rs").is_file()
        } else {
            path.extension().is_some_and(|e| e == "rs")
        };
        if let (true, Some(name)) = (is_example, name) {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

/// A child's exit status as ours; a signal becomes 128 + its number, as in a shell.
pub fn exit_code(status: std::process::ExitStatus) -> ExitCode {
    #[cfg(unix)]
    if let Some(signal) = std::os::unix::process::ExitStatusExt::signal(&status) {
        return ExitCode::from(128u8.saturating_add(signal as u8));
    }
    match status.code() {
        Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        None => ExitCode::FAILURE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_are_files_and_folders_with_main() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path();
        std::fs::create_dir_all(dir.join("server")).unwrap();
        std::fs::create_dir_all(dir.join("data")).unwrap();
        std::fs::write(dir.join("loop.rs"), "fn main() {}").unwrap();
        std::fs::write(dir.join("README.md"), "").unwrap();
        std::fs::write(dir.join("server/main.rs"), "fn main() {}").unwrap();
        let found = examples(dir).unwrap();
        assert_eq!(found, ["loop", "server"]);
    }

    #[test]
    fn an_example_s_required_features_are_read_from_the_manifest() {
        let temp = tempfile::tempdir().unwrap();
        let manifest = temp.path().join("Cargo.toml");
        std::fs::write(
            &manifest,
            "[package]\nname = \"x\"\n\n[[example]]\nname = \"tokio_pool\"\n\
             required-features = [\"tokio\", \"fs\"]\n\n[[example]]\nname = \"other\"\n",
        )
        .unwrap();
        let features = |name| required_features(&manifest, name).unwrap();
        assert_eq!(features("tokio_pool"), ["tokio", "fs"]);
        assert!(features("other").is_empty());
        assert!(features("loop").is_empty(), "found by its file, not listed");
    }

    #[test]
    fn no_examples_folder_means_no_examples() {
        assert!(
            examples(Path::new("/nonexistent/examples"))
                .unwrap()
                .is_empty()
        );
    }
}
