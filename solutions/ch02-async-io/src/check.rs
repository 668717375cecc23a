//! The check phase (check 阶段): `setImmediate` callbacks.
//!
//! Check runs right after poll. It takes the immediates queued so far and runs
//! them; an immediate queued *during* check waits for the next turn of the
//! loop, so a recursive `setImmediate` cannot starve I/O (a recursive
//! `process.nextTick` can).
//! Book: book/src/ch02-async-io/check.md

use crate::event_loop::{EventLoop, Phase};

impl EventLoop {
    /// Kata `check::process_immediate` — one check phase.
    ///
    /// **Task.** The check phase: run the immediates queued before the phase began,
    /// in order, with [`Phase::Check`]; an immediate queued by one of them waits for
    /// the next loop iteration. The queues drain after the last immediate, and
    /// between two of them only when
    /// [`drains_between_callbacks`](crate::Semantics::drains_between_callbacks).
    /// **Node does.** `processImmediate` in `lib/internal/timers.js`, which
    /// detaches the queue before running it and, since Node 11, calls
    /// `runNextTicks()` between immediates.
    /// **Book.** book/src/ch02-async-io/check.md#process-immediate
    /// **Check.** `cargo xtask check chapter-2 check::process_immediate`
    // ANCHOR: process_immediate
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
