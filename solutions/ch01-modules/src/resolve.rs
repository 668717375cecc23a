//! `require.resolve` (模块路径解析): path analysis and file location put together.
//!
//! The order is Node's: a core module answers at once; Node 20 then checks
//! whether the request names the requiring module's own package
//! (self-reference through `exports`); then the request is looked up in each
//! folder of its lookup list — the requiring folder for `./x`, the root for
//! `/x`, `module.paths` for `koa` — trying `exports` (Node 20), then the file,
//! then the folder, until something is found.
//! `require.resolve(request, { paths })` swaps in a lookup list built from the
//! given folders — and there Node 10 and Node 20 disagree the most.
//! Book: book/src/ch01-modules/resolve.md

use std::fmt;
use std::path::{Path, PathBuf};

pub use crate::error::ResolveError;

use crate::builtins::is_core;
use crate::exports::resolve_exports;
use crate::locate::{find_in, is_dir, lexical_join, try_file};
use crate::package_json::read_package;
use crate::paths::{RequestKind, classify, node_modules_paths};
use crate::semantics::Semantics;

/// What `require.resolve` returns.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Resolved {
    /// A core module, named exactly as requested (`fs`, or `node:fs` on Node 20).
    Core(String),
    /// A file: an absolute real path, symlinks resolved.
    File(PathBuf),
}

impl fmt::Display for Resolved {
    /// Exactly what `console.log(require.resolve(request))` prints.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Resolved::Core(id) => write!(f, "{id}"),
            Resolved::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// Provided: whether Node treats `request` as naming
/// a folder (`x/`, `.`, `..`, `a/.`, `a/..`).
pub fn has_trailing_slash(request: &str) -> bool {
    request.ends_with('/')
        || request == "."
        || request == ".."
        || request.ends_with("/.")
        || request.ends_with("/..")
}

/// Provided: split a bare request into package name and the rest (`@s/p/lib` →
/// `@s/p`, `/lib`).
///
/// `None` when the request cannot name a package (Node's `EXPORTS_PATTERN`).
pub fn split_package_name(request: &str) -> Option<(&str, &str)> {
    if request.is_empty() || request.starts_with('.') || request.contains(['\\', '%'])
    {
        return None;
    }
    let name_end = match request.strip_prefix('@') {
        Some(scoped) => {
            let slash = scoped.find('/')? + 1;
            if slash == 1 {
                return None;
            }
            // `@scope/` must be followed by a name that does not start with `.`.
            let rest = &request[slash + 1..];
            if rest.is_empty() || rest.starts_with(['.', '/']) {
                return split_plain(request);
            }
            slash + 1 + rest.find('/').unwrap_or(rest.len())
        }
        None => return split_plain(request),
    };
    Some(request.split_at(name_end))
}

fn split_plain(request: &str) -> Option<(&str, &str)> {
    let end = request.find('/').unwrap_or(request.len());
    Some(request.split_at(end))
}

/// Kata `resolve::resolve` — what `require.resolve(request)`
/// returns in a module in `from_dir`.
///
/// **Task.** `require.resolve(request)` from a module in `from_dir`, as `semantics`
/// (Node 10 or 20) does it: a core module answers [`Resolved::Core`] with the request
/// as given; anything else is the real path of the first file found along Node's
/// lookup list — `from_dir` for a relative request, the root for an absolute one, the
/// [`node_modules_paths`] for a bare one — or [`ResolveError::NotFound`] naming the
/// request. Node 20 also honours package `exports` ([`resolve_exports`]): a package's
/// own name from inside it (self-reference), and a bare request's package folder. A
/// `from_dir` that cannot be canonicalised is [`ResolveError::FromDir`].
/// **Node does.** `Module._resolveFilename` → `trySelf`,
/// `Module._resolveLookupPaths`, `Module._findPath` and `resolveExports` in
/// `lib/internal/modules/cjs/loader.js`.
/// **Book.** book/src/ch01-modules/resolve.md#resolve
/// **Check.** `cargo xtask check chapter-1 resolve::resolve`
// ANCHOR: resolve
pub fn resolve(
    request: &str,
    from_dir: &Path,
    semantics: Semantics,
) -> Result<Resolved, ResolveError> {
    // ANCHOR: solution
    if is_core(request, semantics) {
        return Ok(Resolved::Core(request.to_owned()));
    }
    let from = canonical_from(from_dir)?;
    if let Some(file) = self_reference(&from, request, semantics)? {
        return Ok(Resolved::File(file));
    }
    let lookup: Vec<PathBuf> = match classify(request) {
        RequestKind::Relative => vec![from.clone()],
        RequestKind::Absolute => vec![PathBuf::from("/")],
        RequestKind::Bare => node_modules_paths(&from),
    };
    search(request, &lookup, true, semantics)
    // ANCHOR_END: solution
}
// ANCHOR_END: resolve

// ANCHOR: solution_only
// ANCHOR: resolve_helpers
/// `from_dir` as the real folder Node's module filenames live in.
fn canonical_from(from_dir: &Path) -> Result<PathBuf, ResolveError> {
    std::fs::canonicalize(from_dir)
        .map_err(|error| error.to_string())
        .and_then(|dir| {
            if is_dir(&dir) {
                Ok(dir)
            } else {
                Err("not a folder".to_owned())
            }
        })
        .map_err(|message| ResolveError::FromDir {
            dir: from_dir.to_path_buf(),
            message,
        })
}

/// An `exports` target must exist as a file (Node's `finalizeEsmResolution`).
fn finalize(target: PathBuf) -> Result<PathBuf, ResolveError> {
    try_file(&target).ok_or_else(|| ResolveError::NotFound {
        request: target.display().to_string(),
    })
}

/// Node 20's `trySelf`: the caller's own package, named through its `exports`.
fn self_reference(
    from: &Path,
    request: &str,
    semantics: Semantics,
) -> Result<Option<PathBuf>, ResolveError> {
    if !semantics.honours_exports() {
        return Ok(None);
    }
    for scope in from.ancestors() {
        if scope.file_name().is_some_and(|name| name == "node_modules") {
            break;
        }
        let Some(package) = read_package(scope, semantics)? else {
            continue;
        };
        if let (Some(name), Some(exports)) = (&package.name, &package.exports) {
            let rest = request
                .strip_prefix(name.as_str())
                .filter(|rest| rest.is_empty() || rest.starts_with('/'));
            if let Some(rest) = rest {
                let subpath = format!(".{rest}");
                return finalize(resolve_exports(scope, exports, &subpath)?)
                    .map(Some);
            }
        }
        break;
    }
    Ok(None)
}

/// `Module._findPath`: the first folder of `lookup` where `request` names a file.
///
/// Folders that are not folders are skipped, unless `!inside_path` (Node 20,
/// a relative request that climbs out of the folder with `..`).
fn search(
    request: &str,
    lookup: &[PathBuf],
    inside_path: bool,
    semantics: Semantics,
) -> Result<Resolved, ResolveError> {
    let bare = classify(request) == RequestKind::Bare;
    let trailing_slash = has_trailing_slash(request);
    for folder in lookup {
        if inside_path && !is_dir(folder) {
            continue;
        }
        if bare
            && semantics.honours_exports()
            && let Some((name, rest)) = split_package_name(request)
        {
            let package_dir = folder.join(name);
            if let Some(package) = read_package(&package_dir, semantics)?
                && let Some(exports) = &package.exports
            {
                let subpath = format!(".{rest}");
                return finalize(resolve_exports(&package_dir, exports, &subpath)?)
                    .map(Resolved::File);
            }
        }
        if let Some(file) =
            find_in(&lexical_join(folder, request), trailing_slash, semantics)?
        {
            return Ok(Resolved::File(file));
        }
    }
    Err(ResolveError::NotFound {
        request: request.to_owned(),
    })
}
// ANCHOR_END: resolve_helpers
// ANCHOR_END: solution_only

/// Kata `resolve::resolve_with_paths` — `require.resolve(request, { paths })` called
/// in a module in `from_dir`.
///
/// `cwd` stands for `process.cwd()`: relative entries of `paths` are resolved
/// against it (lexically, like `path.resolve`; entries are *not*
/// canonicalised, so the `node_modules` climb of a symlinked entry follows its
/// link path), and so are the fallbacks below that name `.`.
///
/// **Task.** `require.resolve(request, { paths })`: the same answers as [`resolve`]
/// for core modules, `from_dir` and Node 20's self-reference (judged from the
/// caller), but the lookup list comes from `paths`, entry by entry — and Node 10 and
/// Node 20 build it differently for `.`, other relative and bare requests, as the
/// book's table shows.
/// **Node does.** `Module._resolveFilename` with `options.paths` (a fake
/// parent per entry, `Module._nodeModulePaths`, `Module._resolveLookupPaths`),
/// then `Module._findPath`, in `lib/internal/modules/cjs/loader.js`.
/// **Book.** book/src/ch01-modules/resolve.md#resolve-with-paths
/// **Check.** `cargo xtask check chapter-1 resolve::resolve_with_paths`
// ANCHOR: resolve_with_paths
pub fn resolve_with_paths(
    request: &str,
    from_dir: &Path,
    paths: &[PathBuf],
    cwd: &Path,
    semantics: Semantics,
) -> Result<Resolved, ResolveError> {
    // ANCHOR: solution
    if is_core(request, semantics) {
        return Ok(Resolved::Core(request.to_owned()));
    }
    // The caller matters only on Node 20, for its self-reference.
    let from = canonical_from(from_dir)?;
    if let Some(file) = self_reference(&from, request, semantics)? {
        return Ok(Resolved::File(file));
    }
    // `path.resolve(cwd, entry)`: lexical, so a symlinked entry climbs its link path.
    let entries: Vec<PathBuf> = paths
        .iter()
        .map(|entry| lexical_join(&cwd.join(entry), "."))
        .collect();
    let kind = classify(request);
    // Node 20's `isRelative`: only these four shapes use the entries as they are.
    let plainly_relative = request == "."
        || request == ".."
        || request.starts_with("./")
        || request.starts_with("../");
    let mut lookup: Vec<PathBuf> = Vec::new();
    let mut inside_path = true;
    match (kind, semantics) {
        (RequestKind::Absolute, _) => lookup.push(PathBuf::from("/")),
        // Node 10 puts each entry itself first, then whatever a parent with
        // no filename would search: `.` adds the cwd before the entry's
        // climb; `./x` and `../x` fall back to the cwd and *its* climb.
        (_, Semantics::Node10) => {
            for entry in &entries {
                lookup.push(entry.clone());
                if request == "." {
                    lookup.push(cwd.to_path_buf());
                    lookup.extend(node_modules_paths(entry));
                } else if kind == RequestKind::Relative {
                    lookup.push(cwd.to_path_buf());
                    lookup.extend(node_modules_paths(cwd));
                } else {
                    lookup.extend(node_modules_paths(entry));
                }
            }
        }
        (RequestKind::Relative, Semantics::Node20) if plainly_relative => {
            lookup = entries;
            // `path.normalize(request).startsWith('..')`: the answer lies
            // outside the entry, so a missing entry is no reason to skip it.
            inside_path = !normalize_relative(request).starts_with("..");
        }
        // `..x` is relative to `_resolveLookupPaths` but not to `isRelative`:
        // the fake parent has no filename, so Node searches `['.']`.
        (RequestKind::Relative, Semantics::Node20) => lookup.push(cwd.to_path_buf()),
        (RequestKind::Bare, Semantics::Node20) => {
            for entry in &entries {
                lookup.extend(node_modules_paths(entry));
            }
        }
    }
    // Node drops duplicates; searching a folder twice finds nothing new, but
    // dropping them keeps the list short.
    let mut seen = std::collections::HashSet::new();
    lookup.retain(|folder| seen.insert(folder.clone()));
    search(request, &lookup, inside_path, semantics)
    // ANCHOR_END: solution
}

// ANCHOR: solution_only
/// `path.normalize` of a relative request: `.` and empty segments dropped,
/// `..` folded into its parent, leading `..` kept (`./a/../../x` → `../x`).
fn normalize_relative(request: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for segment in request.split('/') {
        match segment {
            "" | "." => {}
            ".." if parts.last().is_some_and(|last| *last != "..") => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    }
}
// ANCHOR_END: solution_only
// ANCHOR_END: resolve_with_paths
