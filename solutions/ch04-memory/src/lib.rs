//! Chapter 4 — Memory (内存控制): a toy V8 heap, memory metrics, leaks, and streaming
//! with flat memory.
//!
//! The katas, in book order:
//!
//! 1. [`promotion`], [`scavenge`] — new space: Cheney's copying scavenge and
//!    when survivors move to old space.
//! 2. [`barrier`] — the write barrier and remembered set.
//! 3. [`mark`], [`sweep`], [`compact`], [`full`] — old space: mark-sweep and
//!    mark-compact.
//! 4. [`alloc`] — allocation, large objects, and the collections it triggers.
//! 5. [`incremental`] — marking in steps, with the tri-colour invariant.
//! 6. [`trace`] — the `--trace-gc`-shaped log.
//! 7. [`metrics`] — `process.memoryUsage()`, `os.totalmem()`, `os.freemem()`.
//! 8. [`lru`], [`queue`], [`listeners`], [`cycle`] — four leaks, each fixed.
//! 9. [`copy`] — streaming a large file with backpressure.
//!
//! [`heap`] (provided) holds the spaces and objects; [`program`] (provided)
//! runs the `heap` example's JSON lines with your katas.
//! Book: book/src/ch04-memory/index.md

// ANCHOR: solution_only
// rust-analyzer sets `cfg(rust_analyzer)`: hiding the reference solution from it
// keeps its symbols and errors out of a learner's editor (the learner's crate and
// this one share the tests). A maintainer who wants rust-analyzer here adds
// `kata_maintainer` to their editor's `rust-analyzer.cargo.cfgs`.
#![cfg(any(not(rust_analyzer), kata_maintainer))]
// ANCHOR_END: solution_only
// stub:
// stub: // Kata bodies are `todo!()` until you solve them, so their parameters and
// stub: // the imports a solution needs look unused, and `todo!` is the point;
// stub: // `[lints]` cannot relax these per crate.
// stub: #![allow(unused_variables, unused_imports, dead_code, clippy::todo)]

pub mod alloc;
pub mod barrier;
pub mod compact;
pub mod copy;
pub mod cycle;
pub mod full;
pub mod heap;
pub mod incremental;
pub mod listeners;
pub mod lru;
pub mod mark;
pub mod metrics;
pub mod program;
pub mod promotion;
pub mod queue;
pub mod scavenge;
pub mod sweep;
pub mod trace;

pub use heap::{Addr, Colour, GcEvent, GcKind, Heap, Live, Object, Policy};

// The tests name this crate `ch04_memory`, as code outside it would.
#[cfg(test)]
extern crate self as ch04_memory;

// The chapter's tests (tests/katas/) are a module of this crate under `cargo
// test`, so a save rebuilds one crate instead of this one and a test binary.
// The path climbs to the workspace root and back down so that the solution
// crate, one folder over, can say the same. Keep these lines: without them
// `cargo xtask check` finds no test to run.
#[cfg(test)]
#[path = "../../../chapters/ch04-memory/tests/katas/main.rs"]
mod katas;
