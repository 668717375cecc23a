//! Reading a package.json (包描述文件) the way the resolver does.
//!
//! The resolver needs three fields: `main` (which file a folder stands for),
//! `name` and `exports` (Node 20's package entry points). Node 10 parses a
//! package.json only when its text contains `"main"`; Node 20 parses every
//! one it meets, so a malformed file is an error there even on a deep request.
//! Book: book/src/ch01-modules/file-location.md

use std::path::{Path, PathBuf};

use crate::json::Json;

use crate::error::ResolveError;
use crate::semantics::Semantics;

/// The fields of a package.json the resolver reads.
#[derive(Debug, Clone, PartialEq)]
pub struct PackageJson {
    /// The file these fields came from (`<dir>/package.json`).
    pub path: PathBuf,
    /// `name`, when it is a string.
    pub name: Option<String>,
    /// `main` exactly as written: Node 10 and 20 treat non-strings differently.
    pub main: Option<Json>,
    /// `exports`, when present and not `null`.
    pub exports: Option<Json>,
}

/// Kata `package_json::read_package` — read
/// `<dir>/package.json` as the resolver sees it.
///
/// **Task.** No readable file → `Ok(None)`. When `semantics.sniffs_for_main()`
/// and the text lacks the bytes `"main"`, the file is not parsed → `Ok(None)`.
/// Otherwise parse it (a leading UTF-8 BOM is allowed): invalid JSON is
/// [`ResolveError::MalformedPackageJson`] naming the file and the parser's
/// message; valid JSON fills a [`PackageJson`] (`name` only if a string,
/// `exports` only if present and not `null`, `main` as written; a top level
/// that is not an object has no fields).
/// **Node does.** `readPackage` in `lib/internal/modules/package_json_reader.js`
/// (Node 20); `internalModuleReadJSON` + `readPackage` in `loader.js` (Node 10).
/// **Book.** book/src/ch01-modules/file-location.md#read-package
/// **Check.** `cargo xtask check chapter-1 package_json::read_package`
// ANCHOR: read_package
pub fn read_package(
    dir: &Path,
    semantics: Semantics,
) -> Result<Option<PackageJson>, ResolveError> {
    todo!("kata package_json::read_package")
}
// ANCHOR_END: read_package
