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
    todo!("kata resolve::resolve")
}
// ANCHOR_END: resolve

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
    todo!("kata resolve::resolve_with_paths")
}

// ANCHOR_END: resolve_with_paths
