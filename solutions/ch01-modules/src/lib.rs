//! Chapter 1 — Modules (模块化): how `require()` finds, compiles and caches a module.
//!
//! The resolver answers what real Node's `require.resolve` answers, under the
//! semantics of Node 10 (the notes' Node) or Node 20, chosen as a value
//! ([`Semantics`]). The katas, in book order:
//!
//! 1. [`builtins`] and [`paths`] — path analysis (路径分析): core modules,
//!    relative and absolute requests, the `node_modules` climb.
//! 2. [`package_json`], [`locate`] and [`exports`] — file location (文件定位):
//!    extensions, directories, `main`, `index.*`, and Node 20's `exports` map.
//! 3. [`resolve`] — the whole of `require.resolve`.
//! 4. [`compile`], [`cache`] and [`cycles`] — compilation (编译执行), the module
//!    cache, and what a circular `require` sees.
//! 5. [`semver`] — npm's version ranges and the version `npm install` picks.
//!
//! [`semantics`] (the Node version as a value, with its builtin lists), [`error`]
//! (every way resolving fails) and [`json`] are provided.
//! Book: book/src/ch01-modules/index.md

// ANCHOR: solution_only
// rust-analyzer sets `cfg(rust_analyzer)`: hiding the reference solution from it
// keeps its symbols and errors out of a learner's editor (the learner's crate and
// this one share the tests). A maintainer who wants rust-analyzer here adds
// `kata_maintainer` to their editor's `rust-analyzer.cargo.cfgs`.
#![cfg(any(not(rust_analyzer), kata_maintainer))]
// ANCHOR_END: solution_only

// stub: // Kata bodies are `todo!()` until you solve them, so their parameters and
// stub: // the imports a solution needs look unused, and `todo!` is the point;
// stub: // `[lints]` cannot relax these per crate.
// stub: #![allow(unused_variables, unused_imports, dead_code, clippy::todo)]

pub mod builtins;
pub mod cache;
pub mod compile;
pub mod cycles;
pub mod error;
pub mod exports;
pub mod json;
pub mod locate;
pub mod package_json;
pub mod paths;
pub mod resolve;
pub mod semantics;
pub mod semver;

pub use resolve::{ResolveError, Resolved, resolve, resolve_with_paths};
pub use semantics::Semantics;

// The tests name this crate `ch01_modules`, as code outside it would.
#[cfg(test)]
extern crate self as ch01_modules;

// The chapter's tests (tests/katas/) are a module of this crate under `cargo
// test`, so a save rebuilds one crate instead of this one and a test binary.
// The path climbs to the workspace root and back down so that the solution
// crate, one folder over, can say the same. Keep these lines: without them
// `cargo xtask check` finds no test to run.
#[cfg(test)]
#[path = "../../../chapters/ch01-modules/tests/katas/main.rs"]
mod katas;
