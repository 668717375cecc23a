//! The poll phase (轮询) and request objects
//! (请求对象): where I/O completions come back.
//!
//! `fs.readFile` is not one request but four trips through libuv's thread
//! pool — open, fstat, read, close — and each completion is delivered in a
//! poll phase, where JavaScript submits the next trip. Only the last one calls
//! the user's callback. Poll is also where the loop *waits*: with no I/O in
//! flight and no immediate queued, it blocks until the earliest timer is due.
//! Book: book/src/ch02-async-io/poll.md

use crate::event_loop::{EventLoop, Phase};
use crate::script::Callback;

/// Thread-pool round trips of one `fs.readFile`: open, fstat, read, close.
///
/// Node 10 and 20 both read a small file this way (`ReadFileContext` in
/// `lib/internal/fs/read_file_context.js`); real runs of a readFile racing a
/// chain of immediates show the callback after the third immediate.
pub const READ_FILE_ROUND_TRIPS: u8 = 4;

/// A request object: what the thread pool works on, carrying the JavaScript callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FsRequest {
    /// The function to call when the whole operation is done (Node's
    /// `req.oncomplete`).
    pub oncomplete: Callback,
    /// Round trips still to complete, each in a separate poll phase.
    pub round_trips_left: u8,
}

impl FsRequest {
    /// A fresh `fs.readFile` request.
    pub fn read_file(oncomplete: Callback) -> FsRequest {
        FsRequest {
            oncomplete,
            round_trips_left: READ_FILE_ROUND_TRIPS,
        }
    }
}

impl EventLoop {
    /// Starts an `fs.readFile` (provided: the call stack kata calls it).
    ///
    /// The request goes in flight. The first read of a process also spends
    /// the time Node takes to load the code behind `fs.readFile`.
    pub fn read_file(&mut self, oncomplete: Callback) {
        if !self.reading_ready {
            self.reading_ready = true;
            self.charge(self.costs.first_read_us);
        }
        self.in_flight.push(FsRequest::read_file(oncomplete));
    }

    /// Kata `poll::poll_io` — one poll phase.
    ///
    /// **Task.** The poll phase: run the completion callbacks of the file
    /// reads that finish now, in the order [`io_ready`](EventLoop::io_ready)
    /// gives, each followed by a drain of the queues; a read started by one
    /// of those callbacks finishes in a later poll. With no read finishing,
    /// poll waits — moving the clock to the earliest timer with
    /// [`advance_clock_to`](EventLoop::advance_clock_to) — but only when no
    /// immediate is queued.
    /// **Node does.** libuv's `uv__io_poll` with the timeout from
    /// `uv_backend_timeout` (0 when immediates wait); the pool's completions
    /// arrive through `uv__work_done`, which calls each request's callback.
    /// **Book.** book/src/ch02-async-io/poll.md#poll-io
    /// **Check.** `cargo xtask check chapter-2 poll::poll_io`
    // ANCHOR: poll_io
    pub fn poll_io(&mut self) {
        todo!("kata poll::poll_io")
    }
    // ANCHOR_END: poll_io
}
