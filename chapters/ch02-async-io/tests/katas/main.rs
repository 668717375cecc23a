//! Chapter 2 katas: one test binary, one module per source file, in book order.
//!
//! A test's path starts with its kata's name (`timers::insert::zero_ms_means_one_ms`),
//! which is how `cargo xtask check chapter-2 timers::insert` finds it. The same
//! file is compiled against the learner's crate (`chapters/ch02-async-io`) and
//! against the reference solution (`solutions/ch02-async-io`).

// A learner's `cargo xtask check` compiles only the tests of katas begun and
// the first not begun: each kata's module is behind `#[cfg(not(kata_skip =
// "module::item"))]`. What only the others use is then unused, no fault of theirs.
#![cfg_attr(kata_skip, allow(unused))]

/// Names each value of one comparison, so a failing `assert_eq!` says which
/// field differs: `assert_eq!(named!(len: b.len()), named!(len: 3))`.
macro_rules! named {
    ($($name:ident: $value:expr),+ $(,)?) => {
        [$((stringify!($name), format!("{:?}", $value))),+]
    };
}

mod call_stack;
mod check;
pub mod event_loop;
mod generated;
mod microtasks;
mod next_tick;
mod poll;
mod races;
mod script;
mod threadpool;
mod timers;

use ch02_async_io::script::Callback;
use ch02_async_io::{EventLoop, Semantics};

/// The chapter's folder name, for snapshots and scenario files.
pub const CHAPTER: &str = "ch02-async-io";

/// Parses a callback body written as loopscript statements.
#[track_caller]
pub fn callback(source: &str) -> Callback {
    ch02_async_io::script::callback(source)
        .unwrap_or_else(|error| panic!("test callback is not loopscript: {error}"))
}

/// The labels a loop printed, owned, for comparing outside the loop.
pub fn labels(event_loop: &EventLoop) -> Vec<String> {
    event_loop.labels().into_iter().map(str::to_owned).collect()
}

/// A loop whose main run has already executed `main` (through the learner's
/// `run_to_completion`), for katas that start from queued work.
#[track_caller]
pub fn loop_after_main(semantics: Semantics, main: &str) -> EventLoop {
    let mut event_loop = EventLoop::new(semantics);
    event_loop.run_to_completion(&callback(main), ch02_async_io::Phase::Main);
    event_loop
}

/// What real `version` printed for a scenario of `tests/scenarios/`, from its recording.
///
/// Shared by `event_loop::run` and `races::all_orders`, which judge the same
/// recordings.
pub fn scenario_observed(
    scenario: &str,
    version: kata_support::oracle::NodeVersion,
    path: &std::path::Path,
    source: &str,
) -> kata_support::oracle::Observed {
    /// How many times real Node runs each scenario: enough to see a racy one flip.
    const RUNS: u32 = 8;
    kata_support::oracle::recorded(
        CHAPTER,
        &format!("scenarios/{scenario}"),
        version,
        source,
        RUNS,
        |node| kata_support::oracle::run_once(node, path),
    )
}
