//! Microtasks (微任务): promise reactions and
//! `queueMicrotask` jobs, and their drain with nextTick.
//!
//! V8 owns the microtask queue; Node asks V8 to run it empty
//! (`runMicrotasks()`) right after draining the nextTick queue, and repeats
//! the pair until both are empty. So a nextTick queued by a promise job waits
//! for every other promise job, while a promise job queued by a tick runs
//! before the next callback of the loop.
//! Book: book/src/ch02-async-io/microtasks.md

use crate::event_loop::{EventLoop, Phase};
use crate::script::{Callback, Chain};

/// One queued job: the callback at `step` of a promise chain.
///
/// `Promise.resolve().then(a).then(b)` queues `a` at once; `b` is queued only
/// when `a` returns (that is when `a`'s promise resolves). A `queueMicrotask`
/// job is a chain of one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Microtask {
    /// All the chain's callbacks, shared with the source program.
    pub chain: Chain,
    /// Which callback of the chain this job runs.
    pub step: usize,
}

impl Microtask {
    /// The first reaction of a `then` chain.
    pub fn new(chain: Chain) -> Microtask {
        Microtask { chain, step: 0 }
    }

    /// A single job, as `queueMicrotask(callback)` makes.
    pub fn single(callback: Callback) -> Microtask {
        Microtask::new(vec![callback].into())
    }

    /// The callback this job runs.
    pub fn callback(&self) -> &Callback {
        &self.chain[self.step]
    }

    /// The job the chain queues once this one has run, if the chain goes on.
    pub fn then(&self) -> Option<Microtask> {
        (self.step + 1 < self.chain.len()).then(|| Microtask {
            chain: self.chain.clone(),
            step: self.step + 1,
        })
    }
}

impl EventLoop {
    /// Kata `microtasks::run_microtasks` — run the microtask queue empty.
    ///
    /// **Task.** Drain the microtask queue, with [`Phase::Microtasks`]: jobs run in
    /// the order they were queued, including jobs queued while draining, and a
    /// promise chain's next step ([`then`](Microtask::then)) is queued when its
    /// current step has run — behind whatever was already waiting. nextTicks queued
    /// meanwhile wait for the next drain of ticks.
    /// **Node does.** V8's `MicrotaskQueue::PerformCheckpoint`, called by Node's
    /// `runMicrotasks()`.
    /// **Book.** book/src/ch02-async-io/microtasks.md#run-microtasks
    /// **Check.** `cargo xtask check chapter-2 microtasks::run_microtasks`
    // ANCHOR: run_microtasks
    pub fn run_microtasks(&mut self) {
        todo!("kata microtasks::run_microtasks")
    }
    // ANCHOR_END: run_microtasks

    /// Kata `microtasks::process_ticks_and_rejections`
    /// — drain both queues, nextTick first.
    ///
    /// **Task.** Run all nextTicks, then all microtasks, and repeat while
    /// either queue has work: a microtask may queue a tick and a tick may queue
    /// a microtask. Afterwards both queues are empty.
    /// **Node does.** `processTicksAndRejections` in
    /// `lib/internal/process/task_queues.js`: `do { run ticks; runMicrotasks() }
    /// while (queue not empty)`. Node calls it after every callback it makes
    /// into JavaScript (and, since Node 11, between timers and immediates).
    /// **Book.** book/src/ch02-async-io/microtasks.md#process-ticks-and-rejections
    /// **Check.**
    /// `cargo xtask check chapter-2 microtasks::process_ticks_and_rejections`
    // ANCHOR: process_ticks_and_rejections
    pub fn process_ticks_and_rejections(&mut self) {
        todo!("kata microtasks::process_ticks_and_rejections")
    }
    // ANCHOR_END: process_ticks_and_rejections
}
