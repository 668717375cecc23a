//! The timers phase (定时器): how Node stores
//! `setTimeout` timers and runs the due ones.
//!
//! Node does not keep one heap of timers. It groups them into *lists* by
//! duration (every 100 ms timer in one list, in creation order), and keeps the
//! lists in a priority queue ordered by the expiry of each list's head, ties
//! broken by a list id. The timers phase takes the earliest due list, runs its
//! due timers in order, and moves on. A delay of 0 — or anything outside
//! 1..=2147483647 — becomes 1 ms, which is why `setTimeout(f, 0)` can lose to
//! `setImmediate(g)`.
//! Book: book/src/ch02-async-io/timers.md

use std::collections::{BTreeMap, VecDeque};

use crate::event_loop::{EventLoop, Phase};
use crate::script::Callback;

/// The longest delay Node accepts (2³¹ − 1 ms,
/// about 24.8 days); longer ones become 1 ms.
pub const TIMEOUT_MAX: u64 = 2_147_483_647;

/// One pending `setTimeout`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timer {
    /// The function to call.
    pub callback: Callback,
    /// The loop time when the timer was created (Node's `timer._idleStart`).
    pub start: u64,
}

/// All timers of one duration, oldest first (Node's `TimersList`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimerList {
    /// The duration every timer in this list waits, in ms (after clamping).
    pub msecs: u64,
    /// When the list's head is due; the priority queue orders lists by this.
    pub expiry: u64,
    /// Breaks ties between lists with the same expiry: lower runs first.
    /// Taken from a counter shared by new and rescheduled lists.
    pub id: u64,
    /// The timers, in creation order; their expiries are therefore ascending.
    pub timers: VecDeque<Timer>,
}

/// Every pending timer (Node's `timerListMap` plus `timerListQueue`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timers {
    /// Duration in ms → the list of timers with that duration.
    pub lists: BTreeMap<u64, TimerList>,
    /// The next list id to hand out (Node's `timerListId`).
    pub next_list_id: u64,
}

impl Timers {
    /// Kata `timers::insert` — add a timer the way
    /// `setTimeout(callback, delay)` does at time `now`.
    ///
    /// **Task.** Schedule `callback` the way `setTimeout(callback, delay)` does at
    /// time `now`: a delay outside `1..=TIMEOUT_MAX` means 1 ms, and timers of one
    /// duration share one [`TimerList`], in creation order. A list's `expiry` and
    /// `id` decide when it runs against the other lists.
    /// **Node does.** `setTimeout` → `new Timeout(...)` (the clamping) →
    /// `insert()` in `lib/internal/timers.js`.
    /// **Book.** book/src/ch02-async-io/timers.md#insert
    /// **Check.** `cargo xtask check chapter-2 timers::insert`
    // ANCHOR: insert
    pub fn insert(&mut self, callback: Callback, delay: u64, now: u64) {
        todo!("kata timers::insert")
    }
    // ANCHOR_END: insert

    /// Kata `timers::peek_due` — which list the
    /// timers phase should run next at time `now`.
    ///
    /// **Task.** Among the lists whose `expiry` is at or before `now`, return
    /// the duration (`msecs`) of the one with the smallest `(expiry, id)`;
    /// `None` when no list is due.
    /// **Node does.** `timerListQueue.peek()` (a binary heap compared by
    /// `compareTimersLists`) and the `list.expiry > now` test in `processTimers`.
    /// **Book.** book/src/ch02-async-io/timers.md#peek-due
    /// **Check.** `cargo xtask check chapter-2 timers::peek_due`
    // ANCHOR: peek_due
    pub fn peek_due(&self, now: u64) -> Option<u64> {
        todo!("kata timers::peek_due")
    }
    // ANCHOR_END: peek_due

    /// The earliest expiry of any list: when poll must stop blocking.
    pub fn next_expiry(&self) -> Option<u64> {
        self.lists.values().map(|list| list.expiry).min()
    }

    /// True when no timer is pending.
    pub fn is_empty(&self) -> bool {
        self.lists.values().all(|list| list.timers.is_empty())
    }

    /// How many timers are pending, over all lists.
    pub fn len(&self) -> usize {
        self.lists.values().map(|list| list.timers.len()).sum()
    }
}

impl EventLoop {
    /// Kata `timers::process_timers` — the timers phase.
    ///
    /// **Task.** The timers phase: run every timer that is due, with
    /// [`Phase::Timers`]. Lists run in [`peek_due`](Timers::peek_due) order and each
    /// list's timers in creation order; a list whose head is not due yet waits for a
    /// later phase behind every list due now, and an emptied list disappears. The
    /// nextTick and microtask queues drain after each list, and between two timers
    /// only when
    /// [`drains_between_callbacks`](crate::Semantics::drains_between_callbacks).
    /// Node 10 reads the clock for each list
    /// ([`reads_clock_per_list`](crate::semantics::Semantics::reads_clock_per_list));
    /// Node 11+ reads it once per phase. It must hold under both clocks the loop
    /// uses: the ideal one and the cost clock, where reading the time costs time.
    /// **Node does.** Node 11+: `processTimers` and `listOnTimeout` in
    /// `lib/internal/timers.js`, one libuv timer for all lists. Node 10: one
    /// libuv timer per list, fired by `uv__run_timers`, each calling
    /// `listOnTimeout` in `lib/timers.js` with a fresh `now`. The final drain
    /// happens when the C++ callback scope closes.
    /// **Book.** book/src/ch02-async-io/timers.md#process-timers
    /// **Check.** `cargo xtask check chapter-2 timers::process_timers`
    // ANCHOR: process_timers
    pub fn process_timers(&mut self) {
        todo!("kata timers::process_timers")
    }
    // ANCHOR_END: process_timers
}
