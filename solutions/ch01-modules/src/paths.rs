//! Path analysis (路径分析): what kind of request
//! this is, and where a bare one is searched.
//!
//! Node sorts a request by its first characters: `./` and `../` are relative
//! to the requiring module's folder, `/…` is absolute, and anything else is a
//! *bare* request searched in `node_modules` folders from the requiring
//! module's folder up to the root — the list `module.paths` holds.
//! Book: book/src/ch01-modules/path-analysis.md

use std::path::{Component, Path, PathBuf};

/// How Node treats a (non-core) request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequestKind {
    /// Starts with `./` or `..`, or is `.`: resolved
    /// against the requiring module's folder only.
    Relative,
    /// Starts with `/`: resolved as given.
    Absolute,
    /// Anything else (`koa`, `@scope/pkg/lib/x`,
    /// `.hidden`): searched through `module.paths`.
    Bare,
}

/// Kata `paths::classify` — sort a request the way `Module._resolveLookupPaths` does.
///
/// **Task.** `/x` is [`RequestKind::Absolute`]. A request is
/// [`RequestKind::Relative`] when it is exactly `.`, or starts with `./`, or
/// starts with `..` (Node checks only the first two characters, so `..x` counts).
/// Everything else — including `.hidden` — is [`RequestKind::Bare`].
/// **Node does.** `Module._resolveLookupPaths` and `path.isAbsolute` in
/// `lib/internal/modules/cjs/loader.js`.
/// **Book.** book/src/ch01-modules/path-analysis.md#classify
/// **Check.** `cargo xtask check chapter-1 paths::classify`
// ANCHOR: classify
pub fn classify(request: &str) -> RequestKind {
    // ANCHOR: solution
    if request.starts_with('/') {
        return RequestKind::Absolute;
    }
    let mut chars = request.chars();
    match (chars.next(), chars.next()) {
        // Node's test: the first character is `.`
        // and the second is missing, `.` or `/`.
        (Some('.'), None | Some('.') | Some('/')) => RequestKind::Relative,
        _ => RequestKind::Bare,
    }
    // ANCHOR_END: solution
}
// ANCHOR_END: classify

/// Kata `paths::node_modules_paths` — the folders
/// a bare request is searched in, nearest first.
///
/// **Task.** For an absolute folder `dir`, return `<ancestor>/node_modules`
/// for `dir` and every ancestor up to the root, nearest first, ending with
/// `/node_modules`. Skip an ancestor whose own name is `node_modules`, so
/// `/a/node_modules/b` gives `/a/node_modules/b/node_modules`, `/a/node_modules`,
/// `/node_modules` — never `/a/node_modules/node_modules`.
/// **Node does.** `Module._nodeModulePaths(from)`; the result is `module.paths`.
/// **Book.** book/src/ch01-modules/path-analysis.md#node-modules-paths
/// **Check.** `cargo xtask check chapter-1 paths::node_modules_paths`
// ANCHOR: node_modules_paths
pub fn node_modules_paths(dir: &Path) -> Vec<PathBuf> {
    // ANCHOR: solution
    // Node calls `path.resolve(from)` first, which folds `.` and `..` lexically.
    let mut folders = vec![PathBuf::from("/")];
    for component in dir.components() {
        match component {
            Component::Normal(name) => {
                let next = folders.last().map(|f| f.join(name)).unwrap_or_default();
                folders.push(next);
            }
            Component::ParentDir if folders.len() > 1 => {
                folders.pop();
            }
            _ => {}
        }
    }
    folders
        .iter()
        .rev()
        .filter(|folder| folder.file_name().is_none_or(|name| name != "node_modules"))
        .map(|folder| folder.join("node_modules"))
        .collect()
    // ANCHOR_END: solution
}
// ANCHOR_END: node_modules_paths
