//! Package entry points (`exports`, Node ≥ 12):
//! the map that decides what a package exposes.
//!
//! When a package.json has `exports`, Node 20 resolves `pkg` and `pkg/sub`
//! through it and *only* through it: a subpath the map does not list is an
//! error (`ERR_PACKAGE_PATH_NOT_EXPORTED`), even if the file exists. CommonJS
//! matches the conditions `require`, `node`, `node-addons` and `default`.
//! Node 10 has no such thing; the resolver skips this module under Node 10.
//! Book: book/src/ch01-modules/exports.md

use std::path::{Path, PathBuf};

use crate::json::Json;

use crate::error::ResolveError;

/// The conditions `require()` matches in Node 20, besides `default`.
pub const CJS_CONDITIONS: [&str; 3] = ["require", "node", "node-addons"];

/// What one target of the map resolved to (Node's `resolvePackageTarget` results).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A file path inside the package (not yet checked on disk).
    Found(PathBuf),
    /// The map says `null`: deliberately not exported.
    Null,
    /// No condition matched (Node's `undefined`): try the next alternative.
    Unmatched,
}

/// Kata `exports::resolve_exports` — look `subpath` up in a package's `exports` map.
///
/// **Task.** Node 20's package `exports`: the target `subpath` (`.` or `./rest`) of
/// the package in `package_dir` maps to, or why it does not. The map may be a bare
/// target (a string, an array, an object of conditions) or an object of subpaths,
/// exact (`"./a"`) or with `*` patterns (`"./lib/*.js"`); mixing subpath and
/// condition keys is [`ResolveError::InvalidPackageConfig`]. Targets must stay inside
/// the package ([`ResolveError::InvalidPackageTarget`]); conditions are `default` and
/// [`CJS_CONDITIONS`], in the object's order; a subpath with no usable target is
/// [`ResolveError::PathNotExported`].
/// **Node does.** `packageExportsResolve` and
/// `resolvePackageTarget` in `lib/internal/modules/esm/resolve.js`,
/// called by `resolveExports` in the CJS loader.
/// **Book.** book/src/ch01-modules/exports.md#resolve-exports
/// **Check.** `cargo xtask check chapter-1 exports::resolve_exports`
// ANCHOR: resolve_exports
pub fn resolve_exports(
    package_dir: &Path,
    exports: &Json,
    subpath: &str,
) -> Result<PathBuf, ResolveError> {
    todo!("kata exports::resolve_exports")
}

// ANCHOR_END: resolve_exports
