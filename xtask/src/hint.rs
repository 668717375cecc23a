//! `cargo xtask hint <chapter> [KATA] [--all]`: progressive hints from `katas.toml`.
//!
//! Hints live in `katas.toml`, not in the stub, so a learner sees them only
//! when they ask (rustlings does the same). Each call shows one hint more than
//! the last call showed for that kata, from a first nudge to nearly the
//! answer; `.kata-state/hints.json` (git-ignored) remembers how far each kata
//! got. Without KATA, the chapter's first kata that does not pass yet (from
//! the cached results, or a quiet run when the sources changed since).

use std::process::ExitCode;

use anyhow::Result;
use clap::{ArgMatches, Command, arg};

use crate::by_hand;
use crate::cargo::Cargo;
use crate::chapters::{Chapter, Workspace};
use crate::katas::{Kata, Katas};
use crate::list::{self, LazyRunner};
use crate::state::Hints;
use crate::term;

/// Options of `hint`.
#[derive(Debug)]
#[allow(missing_docs)] // Each field's help is its argument's, below.
pub struct HintArgs {
    pub chapter: String,
    pub kata: Option<String>,
    pub all: bool,
}

impl HintArgs {
    fn augment(command: Command) -> Command {
        command.args([
            by_hand::chapter(),
            arg!([KATA] "The kata (`module::item`, or just `item` when unambiguous); \
                 default: the first that does not pass yet"),
            arg!(--all "Show every hint at once (and remember that they were all shown)"),
        ])
    }

    fn read(matches: &ArgMatches) -> HintArgs {
        HintArgs {
            chapter: by_hand::string(matches, "CHAPTER").unwrap_or_default(),
            kata: by_hand::string(matches, "KATA"),
            all: matches.get_flag("all"),
        }
    }
}

crate::args_by_hand!(HintArgs);

/// Runs `hint`.
pub fn run(args: &HintArgs) -> Result<ExitCode> {
    let workspace = Workspace::load()?;
    let (chapter, katas) = workspace.resolve_written(&args.chapter)?;
    let kata = match &args.kata {
        Some(name) => katas.find(name)?.clone(),
        None => match first_unfinished(&workspace, chapter, &katas)? {
            Some(kata) => kata,
            None => {
                println!(
                    "{}",
                    term::green(&format!(
                        "Every kata of {} passes: no hint needed.",
                        chapter.cli_name()
                    ))
                );
                println!(
                    "{}",
                    term::dim(&format!(
                        "(`cargo xtask hint {} KATA` shows a kata's hints anyway)",
                        chapter.cli_name()
                    ))
                );
                return Ok(ExitCode::SUCCESS);
            }
        },
    };
    print!("{}", next_hint(&workspace, chapter, &kata, args.all)?);
    Ok(ExitCode::SUCCESS)
}

/// The first kata of `chapter` that does not pass, by the cached results or a quiet run.
pub fn first_unfinished(
    workspace: &Workspace,
    chapter: &Chapter,
    katas: &Katas,
) -> Result<Option<Kata>> {
    let cargo = Cargo::new(&workspace.root);
    let (results, _) =
        list::results(&cargo, chapter, katas, &mut LazyRunner::default(), true)?;
    let Some(results) = results else {
        return Ok(katas.list.first().cloned());
    };
    if !results.compiled {
        // Nothing ran: start from the top.
        return Ok(katas.list.first().cloned());
    }
    Ok(results
        .next()
        .and_then(|next| katas.list.iter().find(|k| k.name == next.name))
        .cloned())
}

/// Shows one more hint of `kata` than last time (all with `all`), records
/// that, and returns the text to print.
pub fn next_hint(
    workspace: &Workspace,
    chapter: &Chapter,
    kata: &Kata,
    all: bool,
) -> Result<String> {
    let mut state = Hints::load(&workspace.root);
    let key = Hints::key(chapter, &kata.name);
    let before = state.shown.get(&key).copied().unwrap_or(0);
    let total = kata.hints.len();
    let level = if all { total } else { (before + 1).min(total) };
    let mut text = format!(
        "{}\n",
        term::bold(&format!(
            "{} · {}  (hint {level} of {total})",
            chapter.cli_name(),
            kata.name
        ))
    );
    if total == 0 {
        text.push_str("  (no hints for this kata yet)\n");
    }
    for (number, hint) in kata.hints.iter().take(level).enumerate() {
        let shown = numbered(number + 1, hint);
        // Older hints are dimmed so the new one stands out.
        if number + 1 < level {
            text.push_str(&term::dim(&shown));
        } else {
            text.push_str(&shown);
        }
        text.push('\n');
    }
    text.push('\n');
    if level < total {
        text.push_str(&format!(
            "more: {}  (hint {} of {total})\n",
            term::bold(&format!(
                "cargo xtask hint {} {}",
                chapter.cli_name(),
                kata.name
            )),
            level + 1
        ));
    } else if total > 0 {
        text.push_str(&term::dim(
            "That was the last hint: the book section has the rest.\n",
        ));
    }
    text.push_str(&format!("book:  book/src/{}\n", kata.book));
    text.push_str(&format!(
        "check: {}\n",
        term::bold(&format!(
            "cargo xtask check {} {}",
            chapter.cli_name(),
            kata.name
        ))
    ));
    if level > before {
        state.shown.insert(key, level);
        if let Err(error) = state.save(&workspace.root) {
            term::note(&format!("could not remember the hints shown: {error:#}"));
        }
    }
    Ok(text)
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
