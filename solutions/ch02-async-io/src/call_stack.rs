//! Running JavaScript to completion (执行栈):
//! one callback at a time, never interrupted.
//!
//! A callback runs from its first statement to its last before anything else
//! happens. Calls like `setTimeout` or `process.nextTick` do not run their
//! function: they put it in a queue and return at once. That is why
//! `console.log('end')` prints before every callback the script scheduled.
//! Book: book/src/ch02-async-io/call-stack.md

use crate::event_loop::{EventLoop, Phase};
use crate::microtasks::Microtask;
use crate::script::{Callback, Stmt};

impl EventLoop {
    /// Kata `call_stack::run_to_completion` —
    /// run one callback's statements, in order.
    ///
    /// **Task.** Run `callback` to the end, as the JavaScript call stack does:
    /// `console.log` prints now, with `phase`; every other statement only *schedules*
    /// its callback — a timer at the time [`now()`](EventLoop::now) reads (through
    /// [`Timers::insert`](crate::timers::Timers::insert), a later kata), an
    /// immediate, a nextTick, a promise chain or `queueMicrotask` job, or a file read
    /// in flight. Nothing scheduled runs here.
    /// **Node does.** V8 runs a function to completion; Node's APIs only queue work.
    /// **Book.** book/src/ch02-async-io/call-stack.md#run-to-completion
    /// **Check.** `cargo xtask check chapter-2 call_stack::run_to_completion`
    // ANCHOR: run_to_completion
    pub fn run_to_completion(&mut self, callback: &Callback, phase: Phase) {
        // ANCHOR: solution
        for stmt in callback.stmts() {
            match stmt {
                Stmt::Log(text) => self.log(phase, text),
                Stmt::SetTimeout { callback, delay } => {
                    let now = self.now();
                    self.timers.insert(callback.clone(), *delay, now);
                }
                Stmt::SetImmediate(callback) => {
                    self.immediates.push_back(callback.clone())
                }
                Stmt::NextTick(callback) => {
                    self.next_ticks.push_back(callback.clone())
                }
                Stmt::QueueMicrotask { callback, .. } => {
                    self.microtasks
                        .push_back(Microtask::single(callback.clone()));
                }
                // `Promise.resolve()` is already fulfilled, so its first reaction
                // is queued right away; the later `then`s wait for the one before.
                Stmt::PromiseThen(chain) => {
                    self.microtasks.push_back(Microtask::new(chain.clone()))
                }
                Stmt::ReadFile(callback) => self.read_file(callback.clone()),
            }
        }
        // ANCHOR_END: solution
    }
    // ANCHOR_END: run_to_completion
}
