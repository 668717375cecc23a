//! Queues that drain too slowly (队列消费不及时): bounded, with timeouts.
//!
//! When requests arrive faster than a consumer (a database, a log writer)
//! takes them, an unbounded queue keeps every waiting request — and whatever
//! it holds: its buffers, its closures, its socket. Memory grows as long as
//! the imbalance lasts. The notes' fixes: watch the queue's length, and give
//! every queued call a deadline, answering it with a timeout error instead of
//! letting it wait for ever. A bound on the queue's length turns the same
//! overload into an immediate, cheap refusal.
//! Time is a number of ms passed in by the caller, so tests are deterministic.
//! Book: book/src/ch04-memory/leaks.md

use std::collections::VecDeque;
use std::fmt;

/// The leaking queue: everything offered waits, however long.
#[derive(Debug)]
pub struct UnboundedQueue<T> {
    /// The waiting items, oldest first.
    pub items: VecDeque<T>,
}

impl<T> Default for UnboundedQueue<T> {
    fn default() -> Self {
        UnboundedQueue {
            items: VecDeque::new(),
        }
    }
}

impl<T> UnboundedQueue<T> {
    /// Queues `item`.
    pub fn offer(&mut self, item: T) {
        self.items.push_back(item);
    }

    /// The oldest item.
    pub fn take(&mut self) -> Option<T> {
        self.items.pop_front()
    }
}

/// Why an item was not served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueueError<T> {
    /// The queue was full when the item was offered; the item comes back.
    Full(T),
    /// The item waited `waited` ms, at least the timeout; the caller answers it with
    /// a timeout error.
    TimedOut {
        /// The item, so its caller can be told.
        item: T,
        /// How long it waited.
        waited: u64,
    },
}

impl<T> fmt::Display for QueueError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueueError::Full(_) => f.write_str("queue full"),
            QueueError::TimedOut { waited, .. } => {
                write!(f, "timed out after {waited} ms in the queue")
            }
        }
    }
}

/// A queue of at most `capacity` items, each served
/// only within `timeout` ms of being offered.
#[derive(Debug)]
pub struct BoundedQueue<T> {
    /// Waiting items with the time each was offered, oldest first.
    pub items: VecDeque<(T, u64)>,
    /// Most items waiting at once.
    pub capacity: usize,
    /// How long an item may wait, in ms.
    pub timeout: u64,
}

impl<T> BoundedQueue<T> {
    /// An empty queue.
    pub fn new(capacity: usize, timeout: u64) -> BoundedQueue<T> {
        BoundedQueue {
            items: VecDeque::with_capacity(capacity),
            capacity,
            timeout,
        }
    }

    /// Kata `queue::offer` — queue `item` at time `now`, unless the queue is full.
    ///
    /// **Task.** With fewer than `capacity` items waiting, queue it (remember
    /// `now`) and return `Ok`. Otherwise hand it back as `QueueError::Full`.
    /// **Node does.** Nothing built in: this is the notes' advice for a task
    /// queue (monitor it, bound it); `async.queue` and `p-limit` on npm bound
    /// concurrency, not length.
    /// **Book.** book/src/ch04-memory/leaks.md#offer
    /// **Check.** `cargo xtask check chapter-4 queue::offer`
    // ANCHOR: offer
    pub fn offer(&mut self, item: T, now: u64) -> Result<(), QueueError<T>> {
        // ANCHOR: solution
        if self.items.len() >= self.capacity {
            // Refusing is the cheapest answer an overloaded server can give.
            return Err(QueueError::Full(item));
        }
        self.items.push_back((item, now));
        Ok(())
        // ANCHOR_END: solution
    }
    // ANCHOR_END: offer

    /// Kata `queue::take` — the next item to serve at `now`, or a timeout to report.
    ///
    /// **Task.** Look at the oldest item. If it has waited `timeout` ms or
    /// more, remove it and return `Some(Err(TimedOut { item, waited }))`;
    /// otherwise remove it and return `Some(Ok(item))`. An empty queue gives
    /// `None`.
    /// **Node does.** The notes' timeout: "start timing when a call joins the
    /// queue; past the deadline, answer it with a timeout error".
    /// **Book.** book/src/ch04-memory/leaks.md#take
    /// **Check.** `cargo xtask check chapter-4 queue::take`
    // ANCHOR: take
    pub fn take(&mut self, now: u64) -> Option<Result<T, QueueError<T>>> {
        // ANCHOR: solution
        let (item, offered) = self.items.pop_front()?;
        let waited = now.saturating_sub(offered);
        if waited >= self.timeout {
            return Some(Err(QueueError::TimedOut { item, waited }));
        }
        Some(Ok(item))
        // ANCHOR_END: solution
    }
    // ANCHOR_END: take
}
