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
        // ANCHOR: solution
        let msecs = if (1..=TIMEOUT_MAX).contains(&delay) {
            delay
        } else {
            1
        };
        let list = self.lists.entry(msecs).or_insert_with(|| {
            let id = self.next_list_id;
            self.next_list_id += 1;
            TimerList {
                msecs,
                expiry: now + msecs,
                id,
                timers: VecDeque::new(),
            }
        });
        list.timers.push_back(Timer {
            callback,
            start: now,
        });
        // ANCHOR_END: solution
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
        // ANCHOR: solution
        // A handful of lists at most, so a scan reads better than a heap;
        // Node needs the heap because a server may hold thousands of durations.
        self.lists
            .values()
            .filter(|list| list.expiry <= now)
            .min_by_key(|list| (list.expiry, list.id))
            .map(|list| list.msecs)
        // ANCHOR_END: solution
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
        // ANCHOR: solution
        let per_list = self.semantics.reads_clock_per_list();
        let mut now = self.now();
        while let Some(msecs) = self.timers.peek_due(now) {
            if per_list {
                now = self.now();
            }
            self.list_on_timeout(msecs, now);
            // The queues drain after every list: on Node 10 when the list's
            // own callback returns to C++, on Node 11+ before the next list.
            self.process_ticks_and_rejections();
            if per_list {
                // libuv compares the next handle with its cached loop time,
                // which every reading since — even one made while draining —
                // brought forward.
                now = self.loop_time;
            }
        }
        // ANCHOR_END: solution
    }
    // ANCHOR_END: process_timers

    // ANCHOR: solution_only
    /// Runs the due timers of the list for `msecs` (Node's `listOnTimeout`).
    fn list_on_timeout(&mut self, msecs: u64, now: u64) {
        let mut ran_a_timer = false;
        loop {
            let Some(head) =
                self.timers.lists.get(&msecs).and_then(|l| l.timers.front())
            else {
                self.timers.lists.remove(&msecs);
                return;
            };
            let start = head.start;
            // `start + msecs > now`, never `now - start < msecs`: under the cost
            // clock a timer inserted during this phase may start after `now`.
            if start + msecs > now {
                // Timers added during this phase start at `now` or later, so
                // they wait for a later turn of the loop. Node 10 restarts
                // the list's own handle from a fresh reading of the clock.
                let from = if self.semantics.reads_clock_per_list() {
                    self.now()
                } else {
                    now
                };
                let id = self.timers.next_list_id;
                self.timers.next_list_id += 1;
                if let Some(list) = self.timers.lists.get_mut(&msecs) {
                    list.expiry = (start + msecs).max(from + 1);
                    list.id = id;
                }
                return;
            }
            // This is the Node 11 change: Node 10 ran a whole list as one batch.
            if ran_a_timer && self.semantics.drains_between_callbacks() {
                self.process_ticks_and_rejections();
            }
            ran_a_timer = true;
            // Draining cannot have removed the head: new timers go to the back.
            let Some(timer) = self
                .timers
                .lists
                .get_mut(&msecs)
                .and_then(|l| l.timers.pop_front())
            else {
                return;
            };
            self.run_to_completion(&timer.callback, Phase::Timers);
        }
    }
    // ANCHOR_END: solution_only
}
