//! `cargo xtask bench-check CHAPTER [KATA] [--edits N]`: how long a learner
//! waits between saving a file and reading the verdict.
//!
//! Each round edits one of the chapter's stub files the way a save does (a
//! comment line that changes every time, so cargo must rebuild), then runs
//! `cargo xtask check` exactly as a learner types it, and times the whole
//! command. The file is restored afterwards, whatever happens. It prints every
//! round and the minimum, median and maximum; CONTRIBUTING.md keeps the figures.

use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::chapters::Workspace;
use crate::files::files_with_extension;
use crate::stubs;

/// Options of `bench-check`.
#[derive(Debug, clap::Args)]
pub struct BenchCheckArgs {
    /// The chapter: `chapter-2`, `2`, `ch02` or `async-io`.
    pub chapter: String,
    /// Time `check CHAPTER KATA` instead of the whole chapter.
    pub kata: Option<String>,
    /// How many edits to time (after one warm-up).
    #[arg(long, default_value_t = 10)]
    pub edits: usize,
}

/// Puts a file back as it was when dropped, even after an error or a panic.
struct Restore {
    /// The edited file.
    path: PathBuf,
    /// Its text before the first edit.
    text: String,
}

impl Drop for Restore {
    fn drop(&mut self) {
        let _ = std::fs::write(&self.path, &self.text);
    }
}

/// Runs `bench-check`.
pub fn run(args: &BenchCheckArgs) -> Result<ExitCode> {
    let workspace = Workspace::load()?;
    let (chapter, katas) = workspace.resolve_written(&args.chapter)?;
    let kata = args.kata.as_deref().map(|k| katas.find(k)).transpose()?;
    // The kata's own file, or the chapter's first kata file: an edit there
    // rebuilds the crate that holds the tests, as a learner's save does.
    let module = kata
        .map_or_else(|| katas.list[0].module(), |k| k.module())
        .to_owned();
    let src = stubs::learner_src(&workspace.root, chapter);
    let path = files_with_extension(&src, "rs")?
        .into_iter()
        .find(|p| p.file_stem().is_some_and(|s| s.to_string_lossy() == module))
        .with_context(|| format!("no {module}.rs in {}", src.display()))?;
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("reading {}", path.display()))?;
    let restore = Restore {
        path: path.clone(),
        text: text.clone(),
    };
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut times = Vec::new();
    // Round 0 warms the build; it is not counted.
    for round in 0..=args.edits {
        let edited = format!("{text}// bench-check edit {round}\n");
        std::fs::write(&path, edited)
            .with_context(|| format!("writing {}", path.display()))?;
        let mut command = Command::new(&cargo);
        command
            .current_dir(&workspace.root)
            .args(["xtask", "check", &chapter.cli_name()])
            .args(kata.map(|k| k.name.as_str()))
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let started = Instant::now();
        command.status().context("running cargo xtask check")?;
        let took = started.elapsed();
        if round > 0 {
            println!("edit {round:>2}: {:.2} s", took.as_secs_f64());
            times.push(took);
        }
    }
    drop(restore);
    times.sort();
    let Some((min, max)) = times.first().zip(times.last()) else {
        println!("no edits timed");
        return Ok(ExitCode::SUCCESS);
    };
    let median = median(&times);
    let what = kata.map_or_else(
        || chapter.cli_name(),
        |k| format!("{} {}", chapter.cli_name(), k.name),
    );
    println!(
        "check {what}, save → verdict over {} edits: min {:.2} s, median {:.2} s, max {:.2} s",
        times.len(),
        min.as_secs_f64(),
        median.as_secs_f64(),
        max.as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// The median of sorted `times` (the mean of the middle two for an even count).
fn median(times: &[Duration]) -> Duration {
    let mid = times.len() / 2;
    if times.len() % 2 == 0 {
        (times[mid - 1] + times[mid]) / 2
    } else {
        times[mid]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        let ms = Duration::from_millis;
        assert_eq!(median(&[ms(1), ms(2), ms(9)]), ms(2));
        assert_eq!(median(&[ms(1), ms(3), ms(5), ms(9)]), ms(4));
    }
}
