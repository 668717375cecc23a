//! The nextTick queue (`process.nextTick`): callbacks
//! that run as soon as the current one ends.
//!
//! `process.nextTick` is not part of libuv's loop. Node keeps its own FIFO of
//! tick callbacks and drains it whenever a callback from C++ returns, before
//! promise jobs. A tick queued by a tick runs in the same drain, which is how
//! a recursive `nextTick` can starve the loop.
//! Book: book/src/ch02-async-io/next-tick.md

use crate::event_loop::{EventLoop, Phase};

impl EventLoop {
    /// Kata `next_tick::run_next_ticks` — drain the nextTick queue.
    ///
    /// **Task.** Run every callback in [`next_ticks`](EventLoop::next_ticks)
    /// in order with [`Phase::NextTick`], including ticks queued while draining,
    /// until the queue is empty. Do not touch the microtask queue.
    /// **Node does.** The inner `while` of `processTicksAndRejections` in
    /// `lib/internal/process/task_queues.js`.
    /// **Book.** book/src/ch02-async-io/next-tick.md#run-next-ticks
    /// **Check.** `cargo xtask check chapter-2 next_tick::run_next_ticks`
    // ANCHOR: run_next_ticks
    pub fn run_next_ticks(&mut self) {
        todo!("kata next_tick::run_next_ticks")
    }
    // ANCHOR_END: run_next_ticks
}
