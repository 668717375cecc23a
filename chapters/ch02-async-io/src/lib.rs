//! Chapter 2 — Async I/O and the event loop
//! (异步I/O): a deterministic model of Node's loop.
//!
//! A *loopscript* program (see [`script`]) runs through [`EventLoop`], which
//! keeps Node's queues — nextTick, microtasks, timers, immediates, I/O in
//! flight — and drives them phase by phase, under the semantics of Node ≤ 10
//! or Node ≥ 11. The katas, in book order:
//!
//! 1. [`call_stack`] — run one callback to completion; scheduling only queues.
//! 2. [`next_tick`] — the nextTick queue.
//! 3. [`microtasks`] — promise jobs, and nextTick's priority over them.
//! 4. [`timers`] — duration lists, the 1 ms floor, the timers phase.
//! 5. [`poll`] — I/O completions and where the loop blocks.
//! 6. [`check`] — `setImmediate`.
//! 7. [`event_loop`] — the whole loop, checked against real Node 10, 20 and 22.
//! 8. [`races`] — every order a racy script may print.
//!
//! Beyond the model, [`threadpool`] is a real libuv-style pool of worker
//! threads over real files: request objects, and completions run on the loop thread.
//!
//! Book: book/src/ch02-async-io/index.md

// Kata bodies are `todo!()` until you solve them, so their parameters and
// the imports a solution needs look unused, and `todo!` is the point;
// `[lints]` cannot relax these per crate.
#![allow(unused_variables, unused_imports, dead_code, clippy::todo)]

pub mod call_stack;
pub mod check;
pub mod clock;
pub mod event_loop;
pub mod microtasks;
pub mod next_tick;
pub mod poll;
pub mod races;
pub mod script;
pub mod semantics;
pub mod threadpool;
pub mod timers;

pub use event_loop::{
    EventLoop, Logged, Phase, ScriptError, run_script, run_script_echoing,
};
pub use semantics::Semantics;

// The tests name this crate `ch02_async_io`, as code outside it would.
#[cfg(test)]
extern crate self as ch02_async_io;

// The chapter's tests (tests/katas/) are a module of this crate under `cargo
// test`, so a save rebuilds one crate instead of this one and a test binary.
// The path climbs to the workspace root and back down so that the solution
// crate, one folder over, can say the same. Keep these lines: without them
// `cargo xtask check` finds no test to run.
#[cfg(test)]
#[path = "../../../chapters/ch02-async-io/tests/katas/main.rs"]
mod katas;
