//! Compilation (编译执行): the loader chosen by extension, and the CommonJS wrapper.
//!
//! Once a file is located, `Module.prototype.load` picks a loader from
//! `Module._extensions` by the file's extension: `.js` is read and compiled
//! inside a function wrapper that supplies `exports`, `require`, `module`,
//! `__filename` and `__dirname`; `.json` is read and `JSON.parse`d, with the
//! file's path in the error; `.node` is a native addon opened with `dlopen`.
//! Any other extension is compiled as JavaScript.
//! Book: book/src/ch01-modules/compile.md

use std::fmt;
use std::path::{Path, PathBuf};

/// The two halves of Node's wrapper (`require('module').wrapper`).
pub const WRAPPER: [&str; 2] = [
    "(function (exports, require, module, __filename, __dirname) { ",
    "\n});",
];

/// Which of `Module._extensions` handles a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Loader {
    /// `Module._extensions['.js']`: wrap and compile.
    Js,
    /// `Module._extensions['.json']`: parse.
    Json,
    /// `Module._extensions['.node']`: `process.dlopen`.
    Addon,
}

/// A module after its loader ran (the model does not execute JavaScript).
#[derive(Debug, Clone, PartialEq)]
pub enum Compiled {
    /// JavaScript: the wrapped source, ready for `vm.compileFunction`.
    Js {
        /// The source inside Node's wrapper.
        wrapped: String,
    },
    /// A JSON module: its parsed value is the module's `exports`.
    Json(serde_json::Value),
    /// A native addon; the model records it without opening it.
    Addon,
}

/// A module file that its loader rejects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    /// The module file.
    pub path: PathBuf,
    /// What is wrong, e.g. the JSON parser's message with line and column.
    pub message: String,
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for CompileError {}

/// Kata `compile::loader_for` — the loader Node picks for a file.
///
/// **Task.** Look at the file name's *last* extension: `.json` → [`Loader::Json`],
/// `.node` → [`Loader::Addon`], anything else (`.js`, `.cjs`, `.txt`, none) →
/// [`Loader::Js`]. A leading dot is not an extension (`.json` alone is a JS file).
/// **Node does.** `findLongestRegisteredExtension` in `Module.prototype.load`
/// (falls back to `'.js'`).
/// **Book.** book/src/ch01-modules/compile.md#loader-for
/// **Check.** `cargo xtask check chapter-1 compile::loader_for`
// ANCHOR: loader_for
pub fn loader_for(path: &Path) -> Loader {
    todo!("kata compile::loader_for")
}
// ANCHOR_END: loader_for

/// Kata `compile::wrap` — put a module's source inside Node's function wrapper.
///
/// **Task.** Return `WRAPPER[0] + source + WRAPPER[1]`, byte for byte what
/// `require('module').wrap(source)` returns.
/// **Node does.** `Module.wrap` in `lib/internal/modules/cjs/loader.js`.
/// **Book.** book/src/ch01-modules/compile.md#wrap
/// **Check.** `cargo xtask check chapter-1 compile::wrap`
// ANCHOR: wrap
pub fn wrap(source: &str) -> String {
    todo!("kata compile::wrap")
}
// ANCHOR_END: wrap

/// Kata `compile::compile` — run the loader for a file whose text has been read.
///
/// **Task.** Strip one leading UTF-8 BOM, then by [`loader_for`]: JavaScript
/// → [`Compiled::Js`] with the [`wrap`]ped source; JSON → parse it, and on
/// failure return a [`CompileError`] with the path and the parser's message;
/// an addon → [`Compiled::Addon`].
/// **Node does.** `Module._extensions['.js']` (`stripBOM`, `wrapSafe`) and
/// `Module._extensions['.json']` (`err.message = filename + ': ' + err.message`).
/// **Book.** book/src/ch01-modules/compile.md#compile
/// **Check.** `cargo xtask check chapter-1 compile::compile`
// ANCHOR: compile
pub fn compile(path: &Path, text: &str) -> Result<Compiled, CompileError> {
    todo!("kata compile::compile")
}
// ANCHOR_END: compile
