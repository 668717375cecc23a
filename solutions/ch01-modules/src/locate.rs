//! File location (文件定位): from a base path to one real file.
//!
//! Given `<folder>/<request>`, Node tries, in order: the path itself as a
//! file; the path plus `.js`, `.json`, `.node`; and, if it is a folder, the
//! folder's package.json `main`, then `index.js`, `index.json`, `index.node`.
//! A request ending in `/` (or `.`/`..`) skips the file steps. Every hit is
//! returned as a real path, symlinks resolved: that is the cache key.
//! Book: book/src/ch01-modules/file-location.md

use std::path::{Path, PathBuf};

use crate::error::ResolveError;
use crate::json::Json;
use crate::package_json::read_package;
use crate::semantics::Semantics;

/// The extensions `require` completes, in order (`Object.keys(Module._extensions)`).
pub const EXTENSIONS: [&str; 3] = [".js", ".json", ".node"];

/// Provided: `path` as a real path if it is a
/// file (after following symlinks), else `None`.
///
/// Node's `tryFile`: `stat` says "file", then `fs.realpathSync`.
pub fn try_file(path: &Path) -> Option<PathBuf> {
    if std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        std::fs::canonicalize(path).ok()
    } else {
        None
    }
}

/// Provided: true if `path` is a folder (after following symlinks).
pub fn is_dir(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_dir())
}

/// Provided: `base` with `suffix` appended to its
/// last component (`a/b` + `.js` → `a/b.js`).
pub fn with_suffix(base: &Path, suffix: &str) -> PathBuf {
    let mut text = base.as_os_str().to_owned();
    text.push(suffix);
    PathBuf::from(text)
}

/// Kata `locate::try_extensions` — complete a path with `.js`, `.json`, `.node`.
///
/// **Task.** Return the real path of the first of `base.js`, `base.json`,
/// `base.node` that is a file, or `None`. Append the extension to the whole
/// name (`lib.min` → `lib.min.js`), never replace one.
/// **Node does.** `tryExtensions(p, exts)` in `lib/internal/modules/cjs/loader.js`.
/// **Book.** book/src/ch01-modules/file-location.md#try-extensions
/// **Check.** `cargo xtask check chapter-1 locate::try_extensions`
// ANCHOR: try_extensions
pub fn try_extensions(base: &Path) -> Option<PathBuf> {
    // ANCHOR: solution
    EXTENSIONS
        .iter()
        .find_map(|extension| try_file(&with_suffix(base, extension)))
    // ANCHOR_END: solution
}
// ANCHOR_END: try_extensions

/// Kata `locate::try_package` — the file a folder stands for.
///
/// **Task.** Read the folder's package.json with [`read_package`]. A `main`
/// that is a non-empty string names `dir/main`: try it as a file, then with
/// extensions, then as `dir/main/index` with extensions. No usable `main`
/// (absent, `null`, `false`, `0`, `""`; on Node 20 any non-string) → try
/// `dir/index` with extensions. A `main` that names nothing falls back to
/// `dir/index` too; if that also fails, Node 10 returns `Ok(None)` (keep
/// searching) while Node 20 fails with [`ResolveError::InvalidMain`]. On Node
/// 10 a `main` of another type (`true`, `[]`, `{}`, `1`) is
/// [`ResolveError::MainNotString`].
/// **Node does.** `tryPackage` in `lib/internal/modules/cjs/loader.js`.
/// **Book.** book/src/ch01-modules/file-location.md#try-package
/// **Check.** `cargo xtask check chapter-1 locate::try_package`
// ANCHOR: try_package
pub fn try_package(
    dir: &Path,
    semantics: Semantics,
) -> Result<Option<PathBuf>, ResolveError> {
    // ANCHOR: solution
    let index = dir.join("index");
    let package = read_package(dir, semantics)?;
    let main = match package
        .as_ref()
        .and_then(|p| p.main.as_ref().map(|m| (p, m)))
    {
        None => None,
        Some((_, Json::String(main))) if !main.is_empty() => Some(main.clone()),
        // Node 20 keeps `main` only when it is a string.
        Some(_) if semantics == Semantics::Node20 => None,
        // Node 10 skips a falsy `main` and hands any other value to
        // `path.resolve`, which throws ERR_INVALID_ARG_TYPE.
        Some((_, value)) if !value.is_truthy() => None,
        Some((package, value)) => {
            return Err(ResolveError::MainNotString {
                package_json: package.path.clone(),
                found: value.type_of().to_owned(),
            });
        }
    };
    let Some(main) = main else {
        return Ok(try_extensions(&index));
    };
    let target = lexical_join(dir, &main);
    let found = try_file(&target)
        .or_else(|| try_extensions(&target))
        .or_else(|| try_extensions(&target.join("index")))
        .or_else(|| try_extensions(&index));
    match (found, semantics) {
        (Some(file), _) => Ok(Some(file)),
        (None, Semantics::Node10) => Ok(None),
        (None, Semantics::Node20) => Err(ResolveError::InvalidMain {
            package_json: dir.join("package.json"),
            main: target,
        }),
    }
    // ANCHOR_END: solution
}
// ANCHOR_END: try_package

/// Kata `locate::find_in` — one step of `Module._findPath`: resolve `base` to a file.
///
/// **Task.** Unless `trailing_slash`: `base` itself if it is a file, else
/// [`try_extensions`]. Then, if nothing was found and `base` is a folder,
/// [`try_package`]. A file therefore beats a same-named folder (`./lib` finds
/// `lib.js` before `lib/index.js`), and `./lib/` goes straight to the folder.
/// **Node does.** The body of the loop in `Module._findPath`.
/// **Book.** book/src/ch01-modules/file-location.md#find-in
/// **Check.** `cargo xtask check chapter-1 locate::find_in`
// ANCHOR: find_in
pub fn find_in(
    base: &Path,
    trailing_slash: bool,
    semantics: Semantics,
) -> Result<Option<PathBuf>, ResolveError> {
    // ANCHOR: solution
    if !trailing_slash
        && let Some(file) = try_file(base).or_else(|| try_extensions(base))
    {
        return Ok(Some(file));
    }
    if is_dir(base) {
        return try_package(base, semantics);
    }
    Ok(None)
    // ANCHOR_END: solution
}
// ANCHOR_END: find_in

/// Provided: `path.resolve(base, relative)` — join and fold `.` and `..` without
/// touching the disk.
pub fn lexical_join(base: &Path, relative: &str) -> PathBuf {
    let mut out = PathBuf::from("/");
    for component in base.join(relative).components() {
        match component {
            std::path::Component::Normal(name) => out.push(name),
            std::path::Component::ParentDir => {
                out.pop();
            }
            _ => {}
        }
    }
    out
}
