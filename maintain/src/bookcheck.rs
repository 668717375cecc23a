//! `cargo xtask book --check`: the book's layout and evidence rules, checked on
//! the Markdown (no browser, no mdBook needed).
//!
//! - **Width.** No line of a code block (```` ``` ````, `~~~` or `<pre>`) is wider
//!   than the content column, counting what `{{#include}}` pulls in the way
//!   mdBook does (anchor markers dropped, `# ` lines of Rust blocks hidden).
//! - **Titles.** Each SUMMARY.md title equals its page's H1.
//! - **Links that must resolve.** Every image and every include (file, anchor).
//! - **Links that stay in the book.** A relative link that climbs out of `book/src`
//!   works only from a checkout opened with `file://`; on a served book it is a 404.
//! - **Drawings a phone can read.** An SVG's smallest text, scaled to the 357 px
//!   column a 412 px phone shows, must stay at 9.5 px or more.
//! - **Evidence.** Every "Where the notes are out of date" callout links to a
//!   test or script of the repository that proves it against real Node.
//!
//! The column was measured, not guessed: mdBook 0.5's default theme in Chromium
//! at 1280 px shows `<main>` 750 px wide; a code block's `<code>` has 10 px of
//! padding on each side and a 14 px Source Code Pro font whose every glyph
//! (box drawing and arrows included) is 8.4 px wide, so 730 / 8.4 = 86.9 and
//! 86 characters fit. The 750 px cap is the same with or without the sidebar.

use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result};

use crate::book;
use crate::files::files_with_extension;

/// Characters of a code line that fit the content column at 1280 px (measured; see the module doc).
pub const COLUMN: usize = 86;

/// The phrases that open a callout about the notes, which must cite evidence.
const CALLOUTS: [&str; 2] = [
    "Where the notes are out of date",
    "Where the notes go wrong",
];

/// The content column of a 412 px phone, in CSS pixels (measured in Chromium on
/// mdBook 0.5's default theme: `<main>` is 357 px wide there).
pub const PHONE_COLUMN: f64 = 357.0;

/// The smallest text a drawing may show on that phone, in CSS pixels: 11-unit text
/// in a drawing 400 units wide (the book's usual size) shows at 9.8 px.
pub const SMALLEST_TEXT: f64 = 9.5;

/// Folders whose files count as evidence: a test, a bench, an example, a script.
const EVIDENCE_DIRS: [&str; 4] = ["tests", "benches", "examples", "scripts"];

/// Runs every check on the book at `root/book`; each problem as `page:line: what`.
pub fn check(root: &Path) -> Result<Vec<String>> {
    let src = root.join("book").join("src");
    let repo_url = repository_url(&root.join("book").join("book.toml"))?;
    let exceptions_file = root.join("book").join(EXCEPTIONS);
    let exceptions = read_exceptions(&exceptions_file)?;
    let mut used = std::collections::BTreeSet::new();
    let mut problems = Vec::new();
    problems.extend(summary_titles(&src)?);
    let (_, includes) = book::check_includes(&src)?;
    problems.extend(includes);
    for page in files_with_extension(&src, "md")? {
        let text = std::fs::read_to_string(&page)
            .with_context(|| format!("reading {}", page.display()))?;
        let shown = page
            .strip_prefix(&src)
            .unwrap_or(&page)
            .display()
            .to_string();
        let folder = page.parent().unwrap_or(&src);
        for wide in too_wide(&text, folder) {
            if let Some((path, _)) = &wide.included {
                let source = repo_relative(&folder.join(path), root);
                let key = (source, wide.text.clone());
                if exceptions.contains(&key) {
                    used.insert(key);
                    continue;
                }
            }
            problems.push(format!("{shown}:{}: {}", wide.line, wide.message()));
        }
        for (line, message) in broken_images(&text, folder) {
            problems.push(format!("{shown}:{line}: {message}"));
        }
        for (line, message) in links_out_of_book(&text, folder, &src) {
            problems.push(format!("{shown}:{line}: {message}"));
        }
        for (line, message) in unreadable_drawings(&text, folder) {
            problems.push(format!("{shown}:{line}: {message}"));
        }
        for (line, message) in
            callouts_without_evidence(&text, folder, root, repo_url.as_deref())
        {
            problems.push(format!("{shown}:{line}: {message}"));
        }
    }
    for (source, text) in exceptions.difference(&used) {
        problems.push(format!(
            "book/{EXCEPTIONS}: `{source}` no longer shows the wide line `{text}` in the book: \
             delete it from the list"
        ));
    }
    Ok(problems)
}

/// Known wide lines of the crates' sources that the book includes, one
/// `path<TAB>trimmed line` a line: debt the checks tolerate until the sources
/// are rewrapped (issue 11). A listed line that is no longer shown is an error,
/// so the list only shrinks.
pub const EXCEPTIONS: &str = "wide-lines.txt";

/// The exceptions of `path` (none when it does not exist); `#` lines are comments.
fn read_exceptions(
    path: &Path,
) -> Result<std::collections::BTreeSet<(String, String)>> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Ok(Default::default());
    };
    Ok(text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(p, t)| (p.to_owned(), t.to_owned()))
        .collect())
}

/// `path` relative to `root`, with `/` separators, `..` resolved.
fn repo_relative(path: &Path, root: &Path) -> String {
    let path = normalize(path);
    let path = path.strip_prefix(normalize(root)).unwrap_or(&path);
    path.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The first line that marks a script of `book/scripts` as a check `verify` runs.
pub const CHECKED_SCRIPT: &str = "// Checked by `cargo xtask verify`";

/// Runs every checked script of `book/scripts` under each Node of `nodes`
/// (`None`: that version is missing, which is a problem too); returns
/// the number of runs and the problems.
pub fn run_scripts(
    root: &Path,
    nodes: &[(String, Option<PathBuf>)],
) -> Result<(usize, Vec<String>)> {
    let mut problems = Vec::new();
    let mut runs = 0;
    let scripts: Vec<PathBuf> =
        files_with_extension(&root.join("book").join("scripts"), "js")?
            .into_iter()
            .filter(|s| {
                std::fs::read_to_string(s)
                    .is_ok_and(|t| t.starts_with(CHECKED_SCRIPT))
            })
            .collect();
    for (version, binary) in nodes {
        let Some(binary) = binary else {
            problems.push(format!(
                "{version} not found: the book's scripts must run on it (`cargo xtask node install`)"
            ));
            continue;
        };
        for script in &scripts {
            runs += 1;
            let output = std::process::Command::new(binary)
                .arg(script)
                .current_dir(root)
                .stdin(std::process::Stdio::null())
                .output()
                .with_context(|| format!("running {}", binary.display()))?;
            if !output.status.success() {
                let shown = script.strip_prefix(root).unwrap_or(script).display();
                problems.push(format!(
                    "{shown} on {version}: the book's claim does not hold\n{}",
                    String::from_utf8_lossy(&output.stdout).trim_end()
                ));
            }
        }
    }
    Ok((runs, problems))
}

/// `[output.html] git-repository-url` of `book.toml`, if set.
fn repository_url(book_toml: &Path) -> Result<Option<String>> {
    let Ok(text) = std::fs::read_to_string(book_toml) else {
        return Ok(None);
    };
    let config: toml::Table = toml::from_str(&text)
        .with_context(|| format!("malformed {}", book_toml.display()))?;
    Ok(config
        .get("output")
        .and_then(|o| o.get("html"))
        .and_then(|h| h.get("git-repository-url"))
        .and_then(|u| u.as_str())
        .map(|u| u.trim_end_matches('/').to_owned()))
}

/// How many columns `line` takes in a code block: East Asian wide characters
/// take two, a tab goes to the next multiple of 8 (the browser's `tab-size`).
pub fn display_width(line: &str) -> usize {
    let mut width = 0;
    for c in line.chars() {
        if c == '\t' {
            width += 8 - width % 8;
        } else if is_wide(c) {
            width += 2;
        } else if !c.is_control() {
            width += 1;
        }
    }
    width
}

/// CJK, Hangul, fullwidth forms and emoji: two columns.
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F
        | 0x1F900..=0x1F9FF | 0x20000..=0x3FFFD)
}

/// The lines an include pulls in, as mdBook shows them; `None` when it does not resolve.
fn included_lines(folder: &Path, target: &str) -> Option<Vec<String>> {
    let mut parts = target.splitn(2, ':');
    let path = parts.next()?;
    let selector = parts.next().unwrap_or("");
    let source = std::fs::read_to_string(folder.join(path)).ok()?;
    let lines: Vec<&str> = source.lines().collect();
    let is_marker = |l: &str| l.contains("ANCHOR:") || l.contains("ANCHOR_END:");
    if selector.is_empty() {
        return Some(lines.iter().map(|l| (*l).to_owned()).collect());
    }
    let first = selector.split(':').next().unwrap_or("");
    if first.is_empty() || first.chars().all(|c| c.is_ascii_digit()) {
        // A line range: `N` (one line), `N:` (to the end), `:M`, `N:M` (1-based, inclusive).
        let mut bounds = selector.splitn(2, ':');
        let start: usize = bounds.next()?.parse().unwrap_or(1).max(1);
        let end = match bounds.next() {
            None => start,
            Some("") => lines.len(),
            Some(m) => m.parse().ok()?,
        };
        return Some(
            lines
                .iter()
                .skip(start - 1)
                .take(end.saturating_sub(start - 1))
                .map(|l| (*l).to_owned())
                .collect(),
        );
    }
    let begin = lines.iter().position(|l| marker_is(l, "ANCHOR:", first))?;
    let end = lines[begin..]
        .iter()
        .position(|l| marker_is(l, "ANCHOR_END:", first))?;
    Some(
        lines[begin + 1..begin + end]
            .iter()
            .filter(|l| !is_marker(l))
            .map(|l| (*l).to_owned())
            .collect(),
    )
}

/// True when `line` holds `marker` followed by exactly `name`.
fn marker_is(line: &str, marker: &str, name: &str) -> bool {
    line.match_indices(marker).any(|(at, _)| {
        let word: String = line[at + marker.len()..]
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        word == name
    })
}

/// The `{{#include …}}`-style target on `line`, if the whole line is one.
fn include_target(line: &str) -> Option<&str> {
    let inner = line.trim().strip_prefix("{{")?.strip_suffix("}}")?.trim();
    let link = inner.strip_prefix('#')?;
    let mut words = link.split_whitespace();
    matches!(words.next()?, "include" | "rustdoc_include").then_some(())?;
    words.next()
}

/// Lines of code blocks wider than [`COLUMN`].
pub fn too_wide(markdown: &str, folder: &Path) -> Vec<WideLine> {
    let mut problems = Vec::new();
    // (fence marker, is a Rust block) while inside a fenced block; `pre` inside `<pre>`.
    let mut fence: Option<(String, bool)> = None;
    let mut pre = false;
    for (index, line) in markdown.lines().enumerate() {
        let number = index + 1;
        let trimmed = line.trim_start();
        if let Some((marker, _)) = &fence {
            if trimmed.starts_with(marker.as_str()) && trimmed.trim_end() == marker {
                fence = None;
                continue;
            }
        } else if !pre {
            if let Some(marker) =
                ["```", "~~~"].iter().find(|m| trimmed.starts_with(**m))
            {
                let ticks: String = trimmed
                    .chars()
                    .take_while(|c| *c == marker.as_bytes()[0] as char)
                    .collect();
                let info = trimmed[ticks.len()..].trim().to_ascii_lowercase();
                let rust = info.split([',', ' ']).next() == Some("rust");
                fence = Some((ticks, rust));
                continue;
            }
            if let Some(at) = pre_tag(line) {
                pre = !line[at..].contains("</pre>");
                let inner = &line[at..];
                let inner = inner.find('>').map_or("", |gt| &inner[gt + 1..]);
                let inner = inner.split("</pre>").next().unwrap_or("");
                check_line(&strip_tags(inner), number, None, &mut problems);
                continue;
            }
            continue;
        }
        if pre {
            let text = line.split("</pre>").next().unwrap_or("");
            if line.contains("</pre>") {
                pre = false;
            }
            check_line(&strip_tags(text), number, None, &mut problems);
            continue;
        }
        let rust = fence.as_ref().is_some_and(|(_, rust)| *rust);
        if let Some(target) = include_target(line) {
            let Some(lines) = included_lines(folder, target) else {
                continue; // The include check reports it.
            };
            let path = target.split(':').next().unwrap_or(target);
            for (offset, included) in lines.iter().enumerate() {
                if rust && hidden_in_rust(included) {
                    continue;
                }
                check_line(included, number, Some((path, offset + 1)), &mut problems);
            }
            continue;
        }
        if rust && hidden_in_rust(line) {
            continue;
        }
        check_line(line, number, None, &mut problems);
    }
    problems
}

/// Where a `<pre>` element opens on `line` (HTML blocks start the line).
fn pre_tag(line: &str) -> Option<usize> {
    let at = line.len() - line.trim_start().len();
    let rest = &line[at..];
    (rest.starts_with("<pre>") || rest.starts_with("<pre ")).then_some(at)
}

/// mdBook hides `# ` lines (and a lone `#`) of Rust blocks.
fn hidden_in_rust(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed == "#" || trimmed.starts_with("# ")
}

/// A code line wider than the column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WideLine {
    /// The page's line: the line itself, or the `{{#include}}` that pulled it in.
    pub line: usize,
    /// Its width in columns.
    pub width: usize,
    /// For an included line: the file as the include names it, and the line's
    /// 1-based position in what the include pulls in.
    pub included: Option<(String, usize)>,
    /// The line, trimmed.
    pub text: String,
}

impl WideLine {
    /// The problem as a sentence.
    pub fn message(&self) -> String {
        let from = self.included.as_ref().map_or(String::new(), |(path, n)| {
            format!(" (line {n} of what {path} includes)")
        });
        let shown: String = self.text.chars().take(40).collect();
        format!(
            "a code line {} columns wide, wider than the {COLUMN} the column shows at 1280 px{from}: `{shown}…`",
            self.width
        )
    }
}

/// Records `line` when it is wider than the column.
fn check_line(
    line: &str,
    number: usize,
    included: Option<(&str, usize)>,
    problems: &mut Vec<WideLine>,
) {
    let width = display_width(line.trim_end());
    if width <= COLUMN {
        return;
    }
    problems.push(WideLine {
        line: number,
        width,
        included: included.map(|(path, n)| (path.to_owned(), n)),
        text: line.trim().to_owned(),
    });
}

/// `text` without HTML tags, with the common entities decoded.
fn strip_tags(text: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// SUMMARY.md titles that differ from their page's first H1.
pub fn summary_titles(src: &Path) -> Result<Vec<String>> {
    let path = src.join("SUMMARY.md");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("reading {}", path.display()))?;
    let mut problems = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let Some((title, target)) = summary_link(line) else {
            continue;
        };
        if target.is_empty() || title.ends_with(PLAN_TITLE) {
            // A draft chapter (no page), or the plan page of a chapter not
            // written yet, whose H1 already names the chapter to come.
            continue;
        }
        let page = src.join(&target);
        let Ok(page_text) = std::fs::read_to_string(&page) else {
            problems
                .push(format!("SUMMARY.md:{}: {target} does not exist", index + 1));
            continue;
        };
        match first_h1(&page_text) {
            Some(h1) if h1 == title => {}
            Some(h1) => problems.push(format!(
                "SUMMARY.md:{}: the title \"{title}\" differs from the H1 of {target}: \"{h1}\"",
                index + 1
            )),
            None => problems.push(format!(
                "SUMMARY.md:{}: {target} has no `# ` heading to match \"{title}\"",
                index + 1
            )),
        }
    }
    Ok(problems)
}

/// How SUMMARY.md titles the plan page of a chapter not written yet.
const PLAN_TITLE: &str = "(not written yet)";

/// `(title, target)` of a SUMMARY line `- [Title](path.md)` or `[Title](path.md)`.
fn summary_link(line: &str) -> Option<(String, String)> {
    let trimmed = line.trim_start();
    let trimmed = trimmed
        .strip_prefix("- ")
        .or_else(|| trimmed.strip_prefix("* "))
        .unwrap_or(trimmed);
    let rest = trimmed.strip_prefix('[')?;
    let close = rest.find("](")?;
    let title = rest[..close].to_owned();
    let target = rest[close + 2..].strip_suffix(')')?.trim().to_owned();
    Some((title, target))
}

/// The text of the first `# ` heading outside code blocks, without a `{#id}` block.
fn first_h1(markdown: &str) -> Option<String> {
    let mut fenced = false;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        if let Some(text) = line.strip_prefix("# ") {
            let text = text.trim();
            let text = match text.rfind(" {#") {
                Some(at) if text.ends_with('}') => text[..at].trim_end(),
                _ => text,
            };
            return Some(text.to_owned());
        }
    }
    None
}

/// Link and image targets on `line`: `(is an image, target)`, Markdown and HTML.
fn link_targets(line: &str) -> Vec<(bool, String)> {
    let mut targets = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("](") {
        let before = &rest[..at];
        let open = before.rfind('[');
        let image = open.is_some_and(|o| before[..o].ends_with('!'));
        let after = &rest[at + 2..];
        let end = after.find(')').unwrap_or(after.len());
        let target = after[..end].split_whitespace().next().unwrap_or("");
        targets.push((image, target.to_owned()));
        rest = &after[end.min(after.len())..];
    }
    for (attribute, image) in
        [("src=\"", true), ("data=\"", true), ("href=\"", false)]
    {
        let mut rest = line;
        while let Some(at) = rest.find(attribute) {
            let after = &rest[at + attribute.len()..];
            let end = after.find('"').unwrap_or(after.len());
            targets.push((image, after[..end].to_owned()));
            rest = &after[end..];
        }
    }
    targets
}

/// True for a target outside the book's files: a URL or an in-page anchor.
fn is_external(target: &str) -> bool {
    target.is_empty()
        || target.starts_with('#')
        || target.contains("://")
        || target.starts_with("mailto:")
}

/// Images whose file does not exist, as `(line, message)`.
pub fn broken_images(markdown: &str, folder: &Path) -> Vec<(usize, String)> {
    let mut problems = Vec::new();
    for (line, text) in prose_lines(markdown) {
        for (image, target) in link_targets(text) {
            if !image || is_external(&target) {
                continue;
            }
            let file = target.split(['#', '?']).next().unwrap_or("");
            if !folder.join(file).is_file() {
                problems.push((line, format!("the image {target} does not exist")));
            }
        }
    }
    problems
}

/// The lines of `markdown` outside fenced code blocks, numbered from 1.
fn prose_lines(markdown: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut fenced = false;
    markdown
        .lines()
        .enumerate()
        .filter_map(move |(index, line)| {
            let trimmed = line.trim_start();
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                fenced = !fenced;
                return None;
            }
            (!fenced).then_some((index + 1, line))
        })
}

/// Relative links (not images) that resolve outside `src`, the book's sources.
pub fn links_out_of_book(
    markdown: &str,
    folder: &Path,
    src: &Path,
) -> Vec<(usize, String)> {
    let mut problems = Vec::new();
    for (line, text) in prose_lines(markdown) {
        for (image, target) in link_targets(text) {
            if image || is_external(&target) {
                continue;
            }
            let file = target.split(['#', '?']).next().unwrap_or("");
            if !normalize(&folder.join(file)).starts_with(normalize(src)) {
                problems.push((
                    line,
                    format!(
                        "the link {target} leaves the book, so a served book answers \
                         404: link the file on GitHub (the book.toml \
                         git-repository-url, then /blob/main/…)"
                    ),
                ));
            }
        }
    }
    problems
}

/// SVG images whose smallest text a 412 px phone would show below
/// [`SMALLEST_TEXT`], or whose size the browser would have to guess.
pub fn unreadable_drawings(markdown: &str, folder: &Path) -> Vec<(usize, String)> {
    let mut problems = Vec::new();
    for (line, text) in prose_lines(markdown) {
        for (image, target) in link_targets(text) {
            let file = target.split(['#', '?']).next().unwrap_or("");
            if !image || is_external(&target) || !file.ends_with(".svg") {
                continue;
            }
            let Ok(svg) = std::fs::read_to_string(folder.join(file)) else {
                continue; // `broken_images` reports it.
            };
            if let Some(problem) = drawing_problem(&svg) {
                problems.push((line, format!("{target}: {problem}")));
            }
        }
    }
    problems
}

/// What keeps `svg` from reading well on a phone, if anything.
fn drawing_problem(svg: &str) -> Option<String> {
    let open = &svg[svg.find("<svg")?..];
    let open = &open[..open.find('>')?];
    let attribute = |name: &str| {
        let at = open.find(&format!(" {name}=\""))? + name.len() + 3;
        let value = &open[at..];
        Some(value[..value.find('"')?].to_owned())
    };
    let Some(view_width) = attribute("viewBox")
        .and_then(|v| v.split_whitespace().nth(2)?.parse::<f64>().ok())
    else {
        return Some("the <svg> has no viewBox".to_owned());
    };
    let (Some(width), Some(_)) = (
        attribute("width").and_then(|w| w.trim_end_matches("px").parse::<f64>().ok()),
        attribute("height"),
    ) else {
        return Some(format!(
            "the <svg> needs width and height attributes (its viewBox size, \
             {view_width} wide); without them the browser guesses its size"
        ));
    };
    let smallest = font_sizes(svg).into_iter().fold(16.0_f64, f64::min);
    let shown = smallest * width.min(PHONE_COLUMN) / view_width;
    (shown < SMALLEST_TEXT).then(|| {
        format!(
            "its {smallest} px text in a drawing {view_width} units wide shows at \
             {shown:.1} px on a 412 px phone (the column is {PHONE_COLUMN} px): draw \
             it about 400 units wide with text of 11 or more"
        )
    })
}

/// Every font size `svg` sets: `font-size="N"`, `font-size: Npx` and the
/// `font:` shorthand's `Npx`. Text with none of them is 16 px.
fn font_sizes(svg: &str) -> Vec<f64> {
    let number = |text: &str| {
        let digits: String = text
            .chars()
            .skip_while(|c| matches!(c, '=' | '"' | '\'' | ':' | ' '))
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        digits.parse::<f64>().ok()
    };
    let mut sizes = Vec::new();
    for (at, _) in svg.match_indices("font-size") {
        sizes.extend(number(&svg[at + "font-size".len()..]));
    }
    for (at, _) in svg.match_indices("font:") {
        let declaration = &svg[at + "font:".len()..];
        let end = declaration
            .find([';', '"', '}'])
            .unwrap_or(declaration.len());
        sizes.extend(
            declaration[..end]
                .split_whitespace()
                .filter_map(|word| word.strip_suffix("px")?.parse::<f64>().ok()),
        );
    }
    sizes
}

/// "Where the notes are out of date" (or "… go wrong") callouts with no link to a test or
/// script of the repository, as `(line of the callout, message)`.
///
/// A callout is a blockquote line holding the phrase in bold (it runs to the
/// end of the blockquote) or a heading holding it (it runs to the next heading).
/// Evidence is a link, relative to the page or under the book's
/// `git-repository-url` (`…/blob/<branch>/path`), to an existing file with a
/// `tests`, `benches`, `examples` or `scripts` folder in its path.
pub fn callouts_without_evidence(
    markdown: &str,
    folder: &Path,
    root: &Path,
    repo_url: Option<&str>,
) -> Vec<(usize, String)> {
    let lines: Vec<&str> = markdown.lines().collect();
    let mut problems = Vec::new();
    let mut fenced = false;
    for (index, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        let Some(callout) = CALLOUTS.iter().find(|c| line.contains(**c)) else {
            continue;
        };
        let quote =
            trimmed.starts_with('>') && line.contains(&format!("**{callout}"));
        let heading = trimmed.starts_with('#');
        if !(quote || heading) {
            continue;
        }
        let level = trimmed.chars().take_while(|c| *c == '#').count();
        let body: Vec<&str> = lines[index..]
            .iter()
            .enumerate()
            .take_while(|(i, l)| {
                let l = l.trim_start();
                if *i == 0 {
                    return true;
                }
                if quote {
                    l.starts_with('>')
                } else {
                    let hashes = l.chars().take_while(|c| *c == '#').count();
                    !(hashes > 0 && hashes <= level && l[hashes..].starts_with(' '))
                }
            })
            .map(|(_, l)| *l)
            .collect();
        let evidence = body.iter().any(|l| {
            link_targets(l)
                .iter()
                .any(|(_, t)| is_evidence(t, folder, root, repo_url))
        });
        if !evidence {
            problems.push((
                index + 1,
                format!(
                    "a \"{callout}\" callout without evidence: link the test or script \
                     (under tests/, benches/, examples/ or scripts/) that shows it against real Node"
                ),
            ));
        }
    }
    problems
}

/// True when `target` names an existing test or script file of the repository at `root`.
fn is_evidence(
    target: &str,
    folder: &Path,
    root: &Path,
    repo_url: Option<&str>,
) -> bool {
    let target = target.split(['#', '?']).next().unwrap_or("");
    let relative: Option<PathBuf> = if let Some(url) =
        repo_url.filter(|u| target.starts_with(*u))
    {
        // `<repo>/blob/<branch>/<path>` or `<repo>/tree/<branch>/<path>`.
        let rest = target[url.len()..].trim_start_matches('/');
        let mut parts = rest.splitn(3, '/');
        match (parts.next(), parts.next(), parts.next()) {
            (Some("blob" | "tree"), Some(_), Some(path)) => Some(PathBuf::from(path)),
            _ => None,
        }
    } else if is_external(target) {
        None
    } else {
        let joined = normalize(&folder.join(target));
        joined
            .strip_prefix(normalize(root))
            .ok()
            .map(Path::to_path_buf)
    };
    let Some(relative) = relative else {
        return false;
    };
    let in_evidence_dir = relative
        .components()
        .any(|c| matches!(c, Component::Normal(name) if EVIDENCE_DIRS.iter().any(|d| name == *d)));
    in_evidence_dir && root.join(&relative).is_file()
}

/// `path` with `.` and `..` resolved lexically.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("定时器"), 6);
        assert_eq!(display_width("─┌→"), 3);
        assert_eq!(display_width("\tx"), 9);
    }

    #[test]
    fn rust_blocks_hide_boring_lines_and_text_blocks_do_not() {
        let wide = "x".repeat(COLUMN + 1);
        let page = format!("```rust\n# {wide}\n```\n```text\n# {wide}\n```\n");
        let problems = too_wide(&page, Path::new("."));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 5);
    }

    #[test]
    fn checked_scripts_run_on_every_node_and_a_missing_node_is_a_problem() {
        use std::os::unix::fs::PermissionsExt;
        let root = std::env::temp_dir()
            .join(format!("xtask-scripts-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("book/scripts")).unwrap();
        let write = |name: &str, text: &str| {
            std::fs::write(root.join("book/scripts").join(name), text).unwrap();
        };
        write("holds.js", &format!("{CHECKED_SCRIPT}\npass\n"));
        write("broken.js", &format!("{CHECKED_SCRIPT}\nfail\n"));
        write("measure.js", "// a measurement, not a check\nfail\n");
        // A stand-in for Node: succeeds when the script says `pass`.
        let fake = root.join("fake-node");
        std::fs::write(&fake, "#!/bin/sh\necho \"ran $1\"\ngrep -q pass \"$1\"\n")
            .unwrap();
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755))
            .unwrap();
        let nodes = [
            ("node 20".to_owned(), Some(fake)),
            ("node 10".to_owned(), None),
        ];
        let (runs, problems) = run_scripts(&root, &nodes).unwrap();
        std::fs::remove_dir_all(&root).unwrap();
        assert_eq!(runs, 2);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with(
            "book/scripts/broken.js on node 20: the book's claim does not hold"
        ));
        assert!(problems[1].starts_with("node 10 not found"));
    }

    #[test]
    fn a_drawing_must_read_on_a_phone() {
        let svg = |open: &str, style: &str| {
            format!(
                "<svg xmlns=\"x\" {open}><style>{style}</style><text>a</text></svg>"
            )
        };
        let sized = r#"viewBox="0 0 400 300" width="400" height="300""#;
        assert_eq!(
            drawing_problem(&svg(sized, "text { font-size: 11px }")),
            None
        );
        assert_eq!(drawing_problem(&svg(sized, "")), None, "16 px by default");
        let small = drawing_problem(&svg(sized, ".n { font: 600 10px sans-serif }"));
        assert!(small.unwrap().contains("shows at 8.9 px"));
        let wide = r#"viewBox="0 0 640 300" width="640" height="300""#;
        let problem = drawing_problem(&svg(wide, "")).unwrap();
        assert!(problem.contains("shows at 8.9 px"), "{problem}");
        let unsized_ = drawing_problem(&svg(r#"viewBox="0 0 400 300""#, ""));
        assert!(unsized_.unwrap().contains("needs width and height"));
        assert_eq!(font_sizes(r#"<text font-size="12.5">"#), vec![12.5]);
    }

    #[test]
    fn links_stay_in_the_book() {
        let src = Path::new("/r/book/src");
        let page = "[a](../ch02/x.md) [b](../../../chapters/t.js) ![c](../img/a.svg)\n\
                    ```\n[d](../../../x)\n```\n[e](https://x/y)";
        let problems = links_out_of_book(page, &src.join("ch01"), src);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0]
                .1
                .starts_with("the link ../../../chapters/t.js leaves")
        );
    }

    #[test]
    fn summary_links_parse() {
        assert_eq!(
            summary_link("  - [Timers (定时器)](ch02/timers.md)"),
            Some(("Timers (定时器)".to_owned(), "ch02/timers.md".to_owned()))
        );
        assert_eq!(summary_link("# Chapter 1"), None);
        assert_eq!(
            first_h1("```\n# no\n```\n# Yes {#yes}\n"),
            Some("Yes".to_owned())
        );
    }
}
