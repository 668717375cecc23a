//! Chapter 3 — Async patterns (异步编程的解决方案):
//! the tools Node programs use to tame callbacks.
//!
//! The katas, in book order:
//!
//! 1. [`emitter`] — publish/subscribe: Node's
//!    `EventEmitter`, checked against real Node 20.
//! 2. [`sentinel`] — the sentinel `after(times, cb)` and a gather that renders once.
//! 3. [`avalanche`] — the avalanche problem, solved
//!    by a single-flight once-queue on tokio.
//! 4. [`promise`] — Promise/Deferred: a Promises/A+ state machine on an explicit
//!    microtask queue.
//! 5. [`async_await`] — lazy Rust futures: a tiny executor, join/select, timeout,
//!    retry, a concurrency limit.
//!
//! [`json`] and [`script`] are provided: the emitter script format and its replayer.
//! Book: book/src/ch03-async-patterns/index.md

// Kata bodies are `todo!()` until you solve them, so their parameters and
// the imports a solution needs look unused, and `todo!` is the point;
// `[lints]` cannot relax these per crate.
#![allow(unused_variables, unused_imports, dead_code, clippy::todo)]

pub mod async_await;
pub mod avalanche;
pub mod emitter;
pub mod events;
pub mod js;
pub mod json;
pub mod promise;
pub mod script;
pub mod sentinel;

pub use emitter::{Arg, EmitError, EventEmitter, Listener};
pub use json::Json;

// The tests name this crate `ch03_async_patterns`, as code outside it would.
#[cfg(test)]
extern crate self as ch03_async_patterns;

// The chapter's tests (tests/katas/) are a module of this crate under `cargo
// test`, so a save rebuilds one crate instead of this one and a test binary.
// The path climbs to the workspace root and back down so that the solution
// crate, one folder over, can say the same. Keep these lines: without them
// `cargo xtask check` finds no test to run.
#[cfg(test)]
#[path = "../../../chapters/ch03-async-patterns/tests/katas/main.rs"]
mod katas;
