//! The loop's clock (provided scaffolding): `uv_now`, what JavaScript costs, and
//! where real time can differ.
//!
//! libuv keeps the loop's time in whole milliseconds and Node reads it when a
//! timer is created and when the timers phase starts. In the model, time is an
//! interval: the real clock is somewhere in
//! `[clock ms + busy_us, clock ms + busy_us + spread_us]`. Plain runs have no
//! spread, so every reading is exact. A run exploring races (`--all`) has
//! spread, and each reading that could fall in more than one millisecond is a
//! *choice point*: the explorer in `races.rs` tries every answer.
//! Book: book/src/ch02-async-io/races.md

use std::hash::{Hash, Hasher};

use crate::event_loop::{EventLoop, Logged, Phase};
use crate::script::Callback;
use crate::semantics::Cost;

impl EventLoop {
    /// Reads the loop's clock in milliseconds, as Node does when it creates a
    /// timer or starts the timers phase (provided: use it instead of `self.clock`).
    ///
    /// With no uncertainty this is just [`clock`](EventLoop::clock). While
    /// exploring races, the real time may already be a millisecond or more
    /// past it; the reading is then a choice, and once made it narrows what
    /// later readings can say (time never goes backwards).
    pub fn now(&mut self) -> u64 {
        // Some time always passes between two readings of a real clock.
        self.charge(self.costs.read_gap_us);
        let latest = (self.busy_us + self.spread_us) / 1000;
        if latest == 0 {
            // Every possible real time is inside the current millisecond.
            self.spread_us = self.spread_us.min(999 - self.busy_us);
            self.loop_time = self.clock;
            return self.clock;
        }
        let ahead = self.choose(latest as usize + 1) as u64;
        if ahead == 0 {
            self.spread_us = 999 - self.busy_us;
        } else {
            let upper = self.busy_us + self.spread_us - ahead * 1000;
            self.clock += ahead;
            self.busy_us = 0;
            self.spread_us = upper.min(999);
        }
        self.loop_time = self.clock;
        self.clock
    }

    /// Spends `cost` of real time: the earliest possible time moves by its
    /// minimum, the uncertainty grows by its spread.
    pub fn charge(&mut self, cost: Cost) {
        self.busy_us += cost.min;
        self.spread_us += cost.max - cost.min;
        self.clock += self.busy_us / 1000;
        self.busy_us %= 1000;
    }

    /// Prints `text` from a callback running in
    /// `phase` (provided: call it for `console.log`).
    ///
    /// Printing takes real time while timers keep counting: Node creates
    /// `process.stdout` on the first `console.log`, which takes milliseconds,
    /// and every write after that costs a little. The clock moves by those
    /// [`costs`](EventLoop::costs), so a timer made before a slow print can
    /// already be due when the loop starts, as in real Node.
    pub fn log(&mut self, phase: Phase, text: &str) {
        let cost = if self.stdout_ready {
            self.costs.log_us
        } else {
            self.costs.first_log_us
        };
        self.stdout_ready = true;
        self.charge(cost);
        let logged = Logged {
            phase,
            text: text.to_owned(),
        };
        if let Some(echo) = self.echo {
            echo(&logged);
        }
        self.printed.push(logged);
    }

    /// Moves the clock forward to `time`, as when
    /// poll sleeps until a timer (provided).
    ///
    /// The clock never goes backwards: a timer that is already overdue leaves
    /// it as it is. Waking up starts a fresh millisecond, give or take how
    /// late the kernel wakes the loop.
    pub fn advance_clock_to(&mut self, time: u64) {
        if time > self.clock {
            self.clock = time;
            self.loop_time = time;
            self.busy_us = 0;
            self.spread_us = 0;
            self.charge(self.costs.wake_late_us);
        }
    }

    /// Which requests in flight finish a thread-pool round trip during this
    /// poll phase, as indices into [`in_flight`](EventLoop::in_flight) in the
    /// order they finish (provided: the poll kata calls it).
    ///
    /// A plain run treats the pool as infinitely fast: every request in flight
    /// finishes one trip, in submission order. While exploring races, a request
    /// on its *last* trip may still be running, and such requests may finish in
    /// any order; earlier trips, which no callback observes, always finish. Only
    /// when poll would otherwise sleep forever must something finish.
    /// `may_block` is whether poll is allowed to wait (no immediate is queued).
    pub fn io_ready(&mut self, may_block: bool) -> Vec<usize> {
        let all: Vec<usize> = (0..self.in_flight.len()).collect();
        if self.choices.is_none() {
            return all;
        }
        let (mut last_trip, mut ready): (Vec<usize>, Vec<usize>) = all
            .into_iter()
            .partition(|&index| self.in_flight[index].round_trips_left == 1);
        // Poll must wait for a completion when it may block, nothing else is
        // in progress, and no timer can wake it sooner than a round trip takes.
        let timer_first_possible = self.timers.next_expiry().is_some_and(|expiry| {
            expiry * 1000
                <= self.clock * 1000
                    + self.busy_us
                    + self.spread_us
                    + self.costs.io_trip_us.max
        });
        let must_finish_one = may_block && ready.is_empty() && !timer_first_possible;
        let mut finished_any = false;
        loop {
            let may_stop = !must_finish_one || finished_any;
            let options = last_trip.len() + usize::from(may_stop);
            if options == 0 {
                break;
            }
            let mut context = StateHasher::new();
            (&ready, &last_trip).hash(&mut context);
            let pick = self.choose_in(options, context.finish());
            if pick == last_trip.len() {
                break;
            }
            ready.push(last_trip.remove(pick));
            finished_any = true;
        }
        if !ready.is_empty() {
            self.charge(self.costs.io_trip_us);
        }
        ready
    }

    /// Takes one of `options` ways at a choice point: the first, unless a race
    /// explorer decides.
    pub fn choose(&mut self, options: usize) -> usize {
        self.choose_in(options, 0)
    }

    /// [`choose`](Self::choose) for a caller whose own local progress (hashed
    /// into `context`) also decides what happens next.
    fn choose_in(&mut self, options: usize, context: u64) -> usize {
        if options < 2 || self.choices.is_none() {
            return 0;
        }
        let mut hasher = StateHasher::new();
        (self.fingerprint(), context, options).hash(&mut hasher);
        let state = hasher.finish();
        self.choices
            .as_mut()
            .map_or(0, |choices| choices.choose(options, state))
    }

    /// A hash of everything that decides what the loop does next, and of what
    /// it printed so far: two runs at the same fingerprint go on identically.
    ///
    /// Callbacks are compared by identity (the address of their statements),
    /// which is stable across runs of one parsed program.
    pub fn fingerprint(&self) -> u64 {
        fn callback(hasher: &mut StateHasher, callback: &Callback) {
            std::ptr::hash(callback.stmts().as_ptr(), hasher);
        }
        let mut hasher = StateHasher::new();
        (self.clock, self.loop_time, self.busy_us, self.spread_us).hash(&mut hasher);
        (self.stdout_ready, self.reading_ready).hash(&mut hasher);
        for logged in &self.printed {
            (logged.phase as u8, &logged.text).hash(&mut hasher);
        }
        self.next_ticks.len().hash(&mut hasher);
        self.next_ticks
            .iter()
            .for_each(|tick| callback(&mut hasher, tick));
        for job in &self.microtasks {
            std::ptr::hash(job.chain.as_ptr(), &mut hasher);
            job.step.hash(&mut hasher);
        }
        self.timers.next_list_id.hash(&mut hasher);
        for list in self.timers.lists.values() {
            (list.msecs, list.expiry, list.id, list.timers.len()).hash(&mut hasher);
            for timer in &list.timers {
                callback(&mut hasher, &timer.callback);
                timer.start.hash(&mut hasher);
            }
        }
        self.immediates.len().hash(&mut hasher);
        self.immediates
            .iter()
            .for_each(|immediate| callback(&mut hasher, immediate));
        for request in &self.in_flight {
            callback(&mut hasher, &request.oncomplete);
            request.round_trips_left.hash(&mut hasher);
        }
        hasher.finish()
    }
}

/// The hasher of loop states: each word goes through splitmix64's finaliser,
/// a bijective mix of all 64 bits, chained into the running state.
///
/// Why not std's `DefaultHasher`: SipHash guards hash tables against chosen
/// keys, which loop states are not, and in a debug build it was a quarter of
/// a race search's time (`perf` on `races::all_orders`' generated programs; a
/// solved chapter's save went from 2.7–3.0 s to 2.3–2.5 s with this one).
#[derive(Default)]
pub struct StateHasher {
    state: u64,
}

impl StateHasher {
    /// A fresh hasher (the same for every run, like `DefaultHasher::new`).
    pub fn new() -> StateHasher {
        StateHasher::default()
    }
}

impl Hasher for StateHasher {
    fn finish(&self) -> u64 {
        self.state
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
        let mut last = [0; 8];
        last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        // The length keeps "ab" + "" apart from "a" + "b".
        self.write_u64(u64::from_le_bytes(last) ^ ((bytes.len() as u64) << 56));
    }

    fn write_u8(&mut self, n: u8) {
        self.write_u64(n.into());
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(n.into());
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn write_u64(&mut self, word: u64) {
        let mut z = (self.state ^ word).wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        self.state = z ^ (z >> 31);
    }
}
