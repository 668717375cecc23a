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
use clap::{ArgMatches, Command, arg};

use crate::UsageError;
use crate::by_hand::{self, Fields};
use crate::cargo::{Cargo, echo};
use crate::chapters::Workspace;

/// Options of `run`.
#[derive(Debug)]
#[allow(missing_docs)] // Each field's help is its argument's, below.
pub struct RunArgs {
    pub chapter: String,
    pub example: String,
    pub solution: bool,
    pub args: Vec<String>,
}

impl RunArgs {
    fn augment(command: Command) -> Command {
        command.args([
            by_hand::chapter(),
            arg!(<EXAMPLE> "The example, a file name in the chapter's `examples/` folder \
                 without `.rs`"),
            arg!(--solution "Run it on the reference solution instead of your code"),
            arg!([ARGS] ... "Arguments for the example (after `--`)").last(true),
        ])
    }

    fn read(matches: &ArgMatches) -> RunArgs {
        let args = matches.get_many::<String>("ARGS").into_iter().flatten();
        RunArgs {
            chapter: by_hand::string(matches, "CHAPTER").unwrap_or_default(),
            example: by_hand::string(matches, "EXAMPLE").unwrap_or_default(),
            solution: matches.get_flag("solution"),
            args: args.cloned().collect(),
        }
    }
}

crate::args_by_hand!(RunArgs);

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

/// The features `example` requires in `manifest` (its `required-features`):
/// chapter 2 keeps tokio, which only `tokio_pool` uses, out of its tests' build
/// that way, and cargo would refuse to run the example without them.
fn required_features(manifest: &Path, example: &str) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(manifest)
        .with_context(|| format!("reading {}", manifest.display()))?;
    let what = manifest.display().to_string();
    let read = || -> Result<Vec<String>> {
        // `[[example]]` entries; an example found only by its file has none.
        for mut target in Fields::parse(&text, &what)?.tables("example")? {
            if target.required::<String>("name")? == example {
                return Ok(target.optional("required-features")?.unwrap_or_default());
            }
        }
        Ok(Vec::new())
    };
    read().with_context(|| format!("parsing {what}"))
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
