//! Core modules (核心模块): the first step of path analysis.
//!
//! A request that names a core module never touches the file system: `fs`
//! resolves to `fs` even when `node_modules/fs/` exists. Node 20 also accepts
//! the `node:` scheme (`node:fs`), and a few new modules exist only with it
//! (`node:test`). Node 10 knows no scheme: to it `node:fs` is a package name.
//! Book: book/src/ch01-modules/path-analysis.md

use crate::semantics::Semantics;

/// Kata `builtins::is_core` — does `request` name a core module under `semantics`?
///
/// **Task.** True when `request` is in `semantics.builtins()`. When the semantics
/// knows the `node:` scheme, `node:` followed by a builtin or by one of
/// [`scheme_only_builtins`](Semantics::scheme_only_builtins) is core too; a bare
/// scheme-only name is not.
/// **Node does.** `BuiltinModule.normalizeRequirableId`
/// in `lib/internal/bootstrap/realm.js` (Node 20);
/// `NativeModule.nonInternalExists` (Node 10).
/// **Book.** book/src/ch01-modules/path-analysis.md#is-core
/// **Check.** `cargo xtask check chapter-1 builtins::is_core`
// ANCHOR: is_core
pub fn is_core(request: &str, semantics: Semantics) -> bool {
    todo!("kata builtins::is_core")
}
// ANCHOR_END: is_core
