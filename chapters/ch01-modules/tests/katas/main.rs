//! Chapter 1 katas: one test binary, one module per source file, in book order.
//!
//! A test's path starts with its kata's name (`resolve::resolve::agrees_with_node20`),
//! which is how `cargo xtask check chapter-1 resolve::resolve` finds it. The
//! same file is compiled against the learner's crate (`chapters/ch01-modules`)
//! and against the reference solution (`solutions/ch01-modules`).
//! Shared here: temp directory trees and the real-Node `require.resolve` oracle.

// A learner's `cargo xtask check` compiles only the tests of katas begun and
// the first not begun: each kata's module is behind `#[cfg(not(kata_skip =
// "module::item"))]`. What only the others use is then unused, no fault of theirs.
#![cfg_attr(kata_skip, allow(unused))]

mod builtins;
mod cache;
mod compile;
mod cycles;
mod exports;
mod locate;
mod package_json;
mod paths;
mod resolve;
mod semver;

use std::path::{Path, PathBuf};
use std::process::Command;

use kata_support::oracle::NodeVersion;

/// The chapter's folder name, for snapshots.
pub const CHAPTER: &str = "ch01-modules";

/// A directory tree in a fresh temp folder, written from a compact spec.
///
/// One entry per line: `path: content` writes a file (`\n` not needed),
/// `path/` makes a folder, `path -> target` makes a symlink. Paths are
/// relative to the tree's root.
pub struct Tree {
    /// Keeps the folder alive; removed on drop.
    _dir: tempfile::TempDir,
    /// The tree's real root path (temp folders may sit behind a symlink).
    pub root: PathBuf,
}

impl Tree {
    /// Writes `spec` into a new temp folder.
    #[track_caller]
    pub fn new(spec: &str) -> Tree {
        let dir = tempfile::tempdir().expect("creating a temp dir");
        let root =
            std::fs::canonicalize(dir.path()).expect("canonicalising the temp dir");
        for line in spec.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if let Some((link, target)) = line.split_once(" -> ") {
                let link = root.join(link);
                std::fs::create_dir_all(link.parent().expect("a parent"))
                    .expect("mkdir");
                std::os::unix::fs::symlink(target, &link).expect("symlink");
            } else if let Some((file, content)) = line.split_once(": ") {
                let file = root.join(file);
                std::fs::create_dir_all(file.parent().expect("a parent"))
                    .expect("mkdir");
                std::fs::write(&file, content).expect("writing a tree file");
            } else if let Some(folder) = line.strip_suffix('/') {
                std::fs::create_dir_all(root.join(folder)).expect("mkdir");
            } else {
                let file = root.join(line.trim_end_matches(':'));
                std::fs::create_dir_all(file.parent().expect("a parent"))
                    .expect("mkdir");
                std::fs::write(&file, "").expect("writing a tree file");
            }
        }
        Tree { _dir: dir, root }
    }

    /// A path inside the tree.
    pub fn path(&self, relative: &str) -> PathBuf {
        if relative.is_empty() || relative == "." {
            self.root.clone()
        } else {
            self.root.join(relative)
        }
    }

    /// `text` with `<abs>` replaced by the tree's root (absolute requests and `paths` entries).
    pub fn absolute(&self, text: &str) -> String {
        text.replace("<abs>", &self.root.display().to_string())
    }

    /// `text` with the tree's root replaced by `<root>`, so answers compare across runs.
    pub fn relative(&self, text: &str) -> String {
        text.replace(&self.root.display().to_string(), "<root>")
    }
}

/// The probe run by real Node: resolve each request from a module file in its folder.
///
/// It builds the requiring module the way Node builds a main module (filename
/// in the folder, `paths` from `Module._nodeModulePaths`), which works on Node
/// 10 and 20 alike, and prints one answer per line: the result, or the error's
/// code (its name when it has none).
const PROBE: &str = r#"
const M = require('module'), path = require('path'), fs = require('fs');
const queries = JSON.parse(process.argv[1]);
for (const [dir, request] of queries) {
  let line;
  if (request === null) {
    line = M._nodeModulePaths(fs.realpathSync(dir)).join('|');
  } else {
    const file = path.join(fs.realpathSync(dir), '__from.js');
    const parent = new M(file, null);
    parent.filename = file;
    parent.paths = M._nodeModulePaths(path.dirname(file));
    try { line = M._resolveFilename(request, parent, false); }
    catch (e) { line = e.code || e.name; }
  }
  console.log(line);
}
"#;

/// Real Node's answers for `queries` (folder inside the tree, request; `None`
/// asks for `module.paths`), with the root as `<root>`, from the recording
/// `case` (`recordings/ch01-modules/<case>@node<N>.txt`).
pub fn node_answers(
    case: &str,
    version: NodeVersion,
    spec: &str,
    tree: &Tree,
    queries: &[(&str, Option<&str>)],
) -> Vec<String> {
    let json: Vec<(String, Option<&str>)> = queries
        .iter()
        .map(|(dir, request)| (tree.path(dir).display().to_string(), *request))
        .collect();
    run_probe(case, version, spec, PROBE, &json_array(&json), tree)
}

/// The probe for `require.resolve(request, { paths })`, called in a module in a given folder.
///
/// Each query is `[dir, paths, request]`; Node runs with the tree's root as
/// its working folder. `Module._pathCache` is emptied before each query, since
/// Node 20 caches a self-reference under the request and the `paths` list
/// alone and would hand it to the next caller with the same list.
const PATHS_PROBE: &str = r#"
const M = require('module'), path = require('path'), fs = require('fs');
const queries = JSON.parse(process.argv[1]);
for (const [dir, paths, request] of queries) {
  for (const key of Object.keys(M._pathCache)) delete M._pathCache[key];
  const file = path.join(fs.realpathSync(dir), '__from.js');
  const parent = new M(file, null);
  parent.filename = file;
  parent.paths = M._nodeModulePaths(path.dirname(file));
  let line;
  try { line = M._resolveFilename(request, parent, false, { paths }); }
  catch (e) { line = e.code || e.name; }
  console.log(line);
}
"#;

/// One `require.resolve(request, { paths })` query: the caller's folder
/// inside the tree, the `paths` entries and the request, both with `<abs>`
/// standing for the tree's root (entries without it are relative to the root,
/// Node's working folder here).
pub type PathsQuery<'a> = (&'a str, &'a [&'a str], &'a str);

/// Real Node's answers to `require.resolve(request, { paths })` queries, like [`node_answers`].
pub fn node_answers_with_paths(
    case: &str,
    version: NodeVersion,
    spec: &str,
    tree: &Tree,
    queries: &[PathsQuery<'_>],
) -> Vec<String> {
    let quote = |s: &str| serde_json::Value::from(tree.absolute(s)).to_string();
    let items: Vec<String> = queries
        .iter()
        .map(|(dir, paths, request)| {
            let paths: Vec<String> = paths.iter().map(|p| quote(p)).collect();
            format!(
                "[{},[{}],{}]",
                quote(&tree.path(dir).display().to_string()),
                paths.join(","),
                quote(request)
            )
        })
        .collect();
    run_probe(
        case,
        version,
        spec,
        PATHS_PROBE,
        &format!("[{}]", items.join(",")),
        tree,
    )
}

/// Runs `probe` with `argument` on real `version` in the tree's root (written
/// from `spec`), one answer per line with the root as `<root>`, judged by the
/// recording `case`. The recorded input is the probe, the argument and the
/// spec with the temp root as `<root>`, so it is the same on every machine.
fn run_probe(
    case: &str,
    version: NodeVersion,
    spec: &str,
    probe: &str,
    argument: &str,
    tree: &Tree,
) -> Vec<String> {
    let input = format!(
        "tree:\n{spec}\nprobe:{probe}\nargument: {}\n",
        tree.relative(argument)
    );
    let observed =
        kata_support::oracle::recorded(CHAPTER, case, version, &input, 1, |node| {
            let output = Command::new(node)
                .arg("-e")
                .arg(probe)
                .arg(argument)
                .current_dir(&tree.root)
                .env_remove("NODE_OPTIONS")
                .env_remove("NODE_PATH")
                .output()?;
            Ok(kata_support::oracle::Outcome {
                lines: String::from_utf8_lossy(&output.stdout)
                    .lines()
                    .map(|line| tree.relative(line))
                    .map(|line| {
                        if line.contains('|') {
                            fold_above_root(&line)
                        } else {
                            line
                        }
                    })
                    .collect(),
                success: output.status.success(),
            })
        });
    assert!(
        !observed.is_racy(),
        "{version} answered `{case}` differently across runs:\n{observed}"
    );
    let outcome = observed
        .outcomes
        .into_keys()
        .next()
        .expect("at least one run");
    assert!(
        outcome.success,
        "the probe failed on {version} for `{case}`"
    );
    outcome.lines
}

/// A `|`-separated lookup list (`module.paths`) with the entries above the
/// temp tree folded into one `<above root>`: they depend on where the machine
/// keeps temp folders (`TMPDIR`), so neither a recording nor a verdict may.
/// `skips_node_modules_folders` pins how the list ends.
pub fn fold_above_root(list: &str) -> String {
    let inside: Vec<&str> = list
        .split('|')
        .filter(|entry| entry.starts_with("<root>"))
        .collect();
    let above = list.split('|').count() > inside.len();
    let mut folded = inside.join("|");
    if above {
        folded.push_str("|<above root>");
    }
    folded
}

/// `[[dir, request|null], …]` as JSON text.
fn json_array(queries: &[(String, Option<&str>)]) -> String {
    let quote = |s: &str| serde_json::Value::from(s).to_string();
    let items: Vec<String> = queries
        .iter()
        .map(|(dir, request)| {
            format!("[{},{}]", quote(dir), request.map_or("null".into(), quote))
        })
        .collect();
    format!("[{}]", items.join(","))
}

/// The answer line the `resolve` example prints for one query, with the root as `<root>`.
pub fn model_answer(
    tree: &Tree,
    dir: &str,
    request: &str,
    semantics: ch01_modules::Semantics,
) -> String {
    let answer = match ch01_modules::resolve(request, &tree.path(dir), semantics) {
        Ok(resolved) => resolved.to_string(),
        Err(error) => error.code().to_owned(),
    };
    tree.relative(&answer)
}

/// `path` as text relative to the tree, for readable assertions.
pub fn shown(tree: &Tree, path: &Path) -> String {
    tree.relative(&path.display().to_string())
}

/// The answer line `resolve --paths-option …` prints for one [`PathsQuery`],
/// with the tree's root as the working folder and as `<root>`.
pub fn model_answer_with_paths(
    tree: &Tree,
    (dir, paths, request): PathsQuery<'_>,
    semantics: ch01_modules::Semantics,
) -> String {
    let paths: Vec<PathBuf> = paths
        .iter()
        .map(|p| PathBuf::from(tree.absolute(p)))
        .collect();
    let request = tree.absolute(request);
    let answer = match ch01_modules::resolve_with_paths(
        &request,
        &tree.path(dir),
        &paths,
        &tree.root,
        semantics,
    ) {
        Ok(resolved) => resolved.to_string(),
        Err(error) => error.code().to_owned(),
    };
    tree.relative(&answer)
}
