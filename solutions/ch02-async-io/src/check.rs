//! The check phase (check 阶段): `setImmediate` callbacks.
//!
//! Check runs right after poll. It takes the immediates queued so far and runs
//! them; an immediate queued *during* check waits for the next turn of the
//! loop, so a recursive `setImmediate` cannot starve I/O (a recursive
//! `process.nextTick` can).
//! Book: book/src/ch02-async-io/check.md

use crate::event_loop::{EventLoop, Phase};

impl EventLoop {
    // ANCHOR: process_immediate
    /// Kata `check::process_immediate` — one check phase.
    ///
    /// **Task.** Take the current [`immediates`](EventLoop::immediates) queue
    /// (leaving an empty one for immediates queued from now on) and run each
    /// with [`Phase::Check`]. Drain the queues between two immediates only when
    /// [`drains_between_callbacks`](crate::semantics::Semantics::drains_between_callbacks),
    /// and once at the end of the phase.
    /// **Node does.** `processImmediate` in `lib/internal/timers.js`, which
    /// detaches the queue before running it and, since Node 11, calls
    /// `runNextTicks()` between immediates.
    /// **Book.** book/src/ch02-async-io/check.md
    /// **Check.** `cargo xtask check chapter-2 check::process_immediate`
    pub fn process_immediate(&mut self) {
        // ANCHOR: solution
        let queue = std::mem::take(&mut self.immediates);
        for (index, callback) in queue.iter().enumerate() {
            if index > 0 && self.semantics.drains_between_callbacks() {
                self.process_ticks_and_rejections();
            }
            self.run_to_completion(callback, Phase::Check);
        }
        self.process_ticks_and_rejections();
        // ANCHOR_END: solution
    }
    // ANCHOR_END: process_immediate
}
