//! `cargo xtask book --screenshots PAGE…`: render chosen pages of the built
//! book to PNG with headless Chromium, at a laptop's 1280 px and a phone's
//! 412 px, for a person to look at (cut-off code, unreadable drawings).
//!
//! Chromium will not make a window narrower than about 500 px, so each page is
//! shown in an `<iframe>` of exactly the width wanted, inside a small wrapper
//! page. A first run (`--dump-dom`) lets the wrapper measure the page's full
//! height, and count what does not fit: code blocks that scroll sideways,
//! tables wider than the column, images shrunk to fit it; a second run takes
//! the screenshot at that height.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

/// The widths every page is rendered at: a laptop, then a phone.
pub const WIDTHS: [u32; 2] = [1280, 412];

/// The tallest screenshot taken, in px (longer pages are cut here).
const MAX_HEIGHT: u32 = 16_000;

/// Debian's Chromium (`apt-get install chromium`).
const CHROMIUM: &str = "/usr/bin/chromium";

/// The wrapper: shows `page` in an iframe `width` px wide; with `#measure`, it
/// writes the page's height into its title once loaded.
const WRAPPER: &str = r#"<!doctype html>
<html><head><meta charset="utf-8"><title>wrapper</title>
<style>html,body{margin:0;padding:0;overflow:hidden;background:#fff}iframe{border:0;display:block}</style>
</head><body>
<iframe id="page" src="PAGE" width="WIDTH" height="HEIGHT"></iframe>
<script>
document.getElementById('page').addEventListener('load', function () {
  setTimeout(function () {
    var d = this.contentDocument;
    var main = d.querySelector('main');
    var column = main ? main.clientWidth : d.body.clientWidth;
    var pre = 0, table = 0, small = 0;
    d.querySelectorAll('pre').forEach(function (e) {
      var c = e.querySelector('code') || e;
      if (e.scrollWidth > e.clientWidth + 1 || c.scrollWidth > c.clientWidth + 1) pre++;
    });
    d.querySelectorAll('table').forEach(function (e) { if (e.scrollWidth > column + 1) table++; });
    d.querySelectorAll('main img').forEach(function (e) {
      // mdBook draws each image twice (the second for its zoom); the hidden one is 0 wide.
      var shown = e.getBoundingClientRect().width;
      if (e.naturalWidth && shown > 0 && shown < 0.85 * Math.min(e.naturalWidth, column)) small++;
    });
    document.title = 'height=' + Math.max(d.documentElement.scrollHeight, d.body.scrollHeight) +
      ';pre=' + pre + ';table=' + table + ';small=' + small + ';';
  }.bind(this), 300);
});
</script>
</body></html>
"#;

/// Renders each of `pages` (paths under `book/src`, with or without `.md`)
/// from the book built at `build`, writing `<out>/<page>-<width>.png`; returns the files.
pub fn render(build: &Path, pages: &[String], out: &Path) -> Result<Vec<PathBuf>> {
    if !Path::new(CHROMIUM).is_file() {
        bail!("{CHROMIUM} is missing: `apt-get install chromium` (Debian's package)");
    }
    std::fs::create_dir_all(out)
        .with_context(|| format!("creating {}", out.display()))?;
    let mut written = Vec::new();
    for page in pages {
        let stem = page.trim_end_matches(".md").trim_end_matches(".html");
        let html = build.join(format!("{stem}.html"));
        if !html.is_file() {
            bail!(
                "{} was not built: name a page as in book/src (e.g. ch02-async-io/timers)",
                html.display()
            );
        }
        let url = format!("file://{}", html.display());
        let flat = stem.replace('/', "_");
        for width in WIDTHS {
            let wrapper = out.join(format!("{flat}-{width}.wrapper.html"));
            let write = |height: u32| {
                std::fs::write(
                    &wrapper,
                    WRAPPER
                        .replace("PAGE", &url)
                        .replace("WIDTH", &width.to_string())
                        .replace("HEIGHT", &height.to_string()),
                )
                .with_context(|| format!("writing {}", wrapper.display()))
            };
            write(900)?;
            let dom = chromium(&wrapper, width, 900, &["--dump-dom"])?;
            let field = |name: &str| {
                dom.split(&format!("{name}="))
                    .nth(1)
                    .and_then(|s| s.split([';', '<']).next())
                    .and_then(|s| s.trim().parse::<u32>().ok())
            };
            let height = field("height").unwrap_or(4000).clamp(400, MAX_HEIGHT);
            let overflow = [
                ("code block", field("pre")),
                ("table", field("table")),
                ("image shrunk below 85 %", field("small")),
            ];
            write(height)?;
            let png = out.join(format!("{flat}-{width}.png"));
            let shot = format!("--screenshot={}", png.display());
            chromium(&wrapper, width.max(500), height, &[&shot])?;
            let _ = std::fs::remove_file(&wrapper);
            if !png.is_file() {
                bail!("chromium wrote no {}", png.display());
            }
            let problems: Vec<String> = overflow
                .iter()
                .filter_map(|(what, n)| {
                    n.filter(|n| *n > 0).map(|n| format!("{n} {what}"))
                })
                .collect();
            if problems.is_empty() {
                println!("{} ({width}×{height})", png.display());
            } else {
                println!(
                    "{} ({width}×{height}): wider than the column: {}",
                    png.display(),
                    problems.join(", ")
                );
            }
            written.push(png);
        }
    }
    Ok(written)
}

/// Runs headless Chromium on `file` in a window `width`×`height` with a fresh
/// profile, returning its stdout.
fn chromium(file: &Path, width: u32, height: u32, extra: &[&str]) -> Result<String> {
    let profile = std::env::temp_dir().join(format!(
        "xtask-chromium-{}-{width}-{height}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&profile);
    let output = Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            // The wrapper reads the iframe's height: both are files.
            "--allow-file-access-from-files",
            "--virtual-time-budget=4000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--window-size={width},{height}"))
        .args(extra)
        .arg(format!("file://{}", file.display()))
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .context("running chromium")?;
    let _ = std::fs::remove_dir_all(&profile);
    if !output.status.success() {
        bail!("chromium failed on {} ({})", file.display(), output.status);
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}
