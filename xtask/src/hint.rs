//! `cargo xtask hint <chapter> [KATA]`: the hints of one kata, from its `katas.toml`.
//!
//! Hints live in `katas.toml`, not in the stub, so a learner sees them only when
//! they ask (rustlings does the same). All hints are shown for now, from a
//! first nudge to nearly the answer; without KATA the chapter's first kata.

use std::process::ExitCode;

use anyhow::Result;

use crate::chapters::Workspace;
use crate::term;

/// Options of `hint`.
#[derive(Debug, clap::Args)]
pub struct HintArgs {
    /// The chapter: `chapter-2`, `2`, `ch02` or `async-io`.
    pub chapter: String,
    /// The kata (`module::item`, or just `item` when unambiguous); default: the first.
    pub kata: Option<String>,
}

/// Runs `hint`.
pub fn run(args: &HintArgs) -> Result<ExitCode> {
    let workspace = Workspace::load()?;
    let (chapter, katas) = workspace.resolve_written(&args.chapter)?;
    let kata = match &args.kata {
        Some(name) => katas.find(name)?,
        None => katas
            .list
            .first()
            .ok_or_else(|| anyhow::anyhow!("{} lists no katas", chapter.dir_name()))?,
    };
    println!(
        "{}",
        term::bold(&format!("{} · {}", chapter.cli_name(), kata.name))
    );
    if kata.hints.is_empty() {
        println!("  (no hints for this kata yet)");
    }
    for (number, hint) in kata.hints.iter().enumerate() {
        println!("{}", numbered(number + 1, hint));
    }
    println!();
    println!("book:  book/src/{}", kata.book);
    println!(
        "check: {}",
        term::bold(&format!(
            "cargo xtask check {} {}",
            chapter.cli_name(),
            kata.name
        ))
    );
    Ok(ExitCode::SUCCESS)
}

/// `  1. first line` with later lines indented under the text.
fn numbered(number: usize, hint: &str) -> String {
    let prefix = format!("  {number}. ");
    let indent = " ".repeat(prefix.chars().count());
    hint.trim()
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let lead = if i == 0 {
                prefix.as_str()
            } else {
                indent.as_str()
            };
            format!("{lead}{line}").trim_end().to_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_line_hints_stay_aligned() {
        assert_eq!(
            numbered(2, "Look at ticks.\nThen the queue.\n"),
            "  2. Look at ticks.\n     Then the queue."
        );
    }
}
