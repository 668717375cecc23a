//! `cargo xtask list`: every chapter of the curriculum with the learner's progress.
//!
//! A written chapter (one with `katas.toml`) is built and its katas run, quietly,
//! to show "N of M katas"; `--no-run` shows only how many katas it has. Chapters
//! not written yet say so. Results are not cached yet: each written chapter costs
//! one test run.

use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;

use crate::cargo::Cargo;
use crate::chapters::Workspace;
use crate::check::{self, CheckOptions};
use crate::katas::Katas;
use crate::term;

/// Options of `list`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Do not build or run anything: show kata counts only.
    #[arg(long)]
    pub no_run: bool,
    /// Print the rows as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

/// One chapter's row.
#[derive(Debug, Serialize)]
struct Row {
    /// 1-based chapter number.
    number: u32,
    /// `async-io`.
    slug: String,
    /// English title.
    title: String,
    /// The notes' title.
    chinese: String,
    /// `not_written`, `not_run`, `compile_error`, `ran` or `error`.
    state: &'static str,
    /// Katas that pass, when the tests ran.
    passed: Option<usize>,
    /// Katas in `katas.toml`, when written.
    katas: Option<usize>,
}

/// Runs `list`.
pub fn run(args: &ListArgs) -> Result<ExitCode> {
    let workspace = Workspace::load()?;
    let cargo = Cargo::new(&workspace.root);
    let runner = if args.no_run {
        None
    } else {
        Some(cargo.pick_runner(None)?)
    };
    let mut rows = Vec::new();
    for chapter in &workspace.chapters {
        let mut row = Row {
            number: chapter.number,
            slug: chapter.slug.clone(),
            title: chapter.title.clone(),
            chinese: chapter.chinese.clone(),
            state: "not_written",
            passed: None,
            katas: None,
        };
        if chapter.is_written(&workspace.root) {
            let katas = Katas::load(&chapter.katas_toml(&workspace.root))?;
            row.katas = Some(katas.list.len());
            row.state = "not_run";
            if let Some(runner) = runner {
                let options = CheckOptions {
                    solution: false,
                    runner,
                    quiet: true,
                    color: false,
                };
                match check::check_chapter(&cargo, chapter, &katas, None, &options) {
                    Ok(report) if !report.compiled => row.state = "compile_error",
                    Ok(report) => {
                        row.state = "ran";
                        row.passed = Some(report.passed);
                    }
                    Err(error) => {
                        term::note(&format!("{}: {error:#}", chapter.dir_name()));
                        row.state = "error";
                    }
                }
            }
        }
        rows.push(row);
    }

    if args.json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(ExitCode::SUCCESS);
    }
    for row in &rows {
        let progress = match (row.state, row.passed, row.katas) {
            ("ran", Some(passed), Some(total)) if passed == total => {
                term::green(&format!("{passed} of {total} katas ✓"))
            }
            ("ran", Some(passed), Some(total)) => format!("{passed} of {total} katas"),
            ("compile_error", ..) => term::red("does not compile"),
            ("error", ..) => term::red("could not run"),
            (_, _, Some(total)) => format!("{total} katas"),
            _ => term::dim("not written yet"),
        };
        // Pad before colouring: escapes would count toward the width.
        let pad = " ".repeat(18usize.saturating_sub(term::strip_ansi(&progress).chars().count()));
        println!(
            "  chapter-{}  {:<15} {progress}{pad} {} · {}",
            row.number, row.slug, row.title, row.chinese
        );
    }
    if rows.iter().any(|r| r.state == "compile_error") {
        println!();
        println!("Run `cargo xtask check <chapter>` to see the compile errors.");
    }
    Ok(ExitCode::SUCCESS)
}
