//! Cluster (集群): a primary, N workers, two ways to share the connections.
//!
//! The primary forks N copies of one program and talks to each over its IPC channel.
//! Workers report `online` when they start and `listening` when they can take
//! connections. Two strategies decide which worker gets a connection:
//!
//! - **round-robin** (Node's default except on Windows): the primary alone accepts,
//!   and hands each connected socket to the next worker, `i = (i + 1) mod n`, as a
//!   `net.Socket` handle;
//! - **shared**: the primary sends every worker the *listening* socket and they all
//!   accept on it; the kernel decides who wins each connection, which is not fair.
//!
//! A worker that dies unexpectedly is replaced, but only so many times per window
//! (限量重启); past that the primary gives up (`giveup`).
//!
//! This module holds the policies the primary follows: the strategy, the turn of
//! round-robin and the restart budget. The primary that runs them is provided, in
//! [`crate::primary`].
//! Book: book/src/ch07-processes/cluster.md

use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// How connections reach workers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// The primary accepts and deals connections out in turn (`SCHED_RR`).
    RoundRobin,
    /// Every worker accepts on the shared listening socket (`SCHED_NONE`).
    Shared,
}

impl Strategy {
    /// The name the `cluster` example prints (`round-robin`, `shared`).
    pub fn name(self) -> &'static str {
        match self {
            Strategy::RoundRobin => "round-robin",
            Strategy::Shared => "shared",
        }
    }

    /// Parses a name the `cluster` example accepts.
    pub fn parse(name: &str) -> Option<Strategy> {
        match name {
            "round-robin" | "rr" => Some(Strategy::RoundRobin),
            "shared" | "none" => Some(Strategy::Shared),
            _ => None,
        }
    }
}

/// Picks the next worker for a connection, in turn.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoundRobin {
    /// The slot chosen last time (`None` before the first connection).
    pub last: Option<usize>,
}

impl RoundRobin {
    /// Kata `cluster::next` — the notes' `i = (i + 1) mod n`, skipping workers that
    /// cannot take work.
    ///
    /// **Task.** `ready[i]` says whether slot `i` can take a connection now. Return
    /// the first ready slot after the one chosen last time, wrapping around (the
    /// first call starts at slot 0), and remember it. `None` when no slot is ready.
    /// **Node does.** `lib/internal/cluster/round_robin_handle.js` keeps a queue of
    /// *free* workers and hands each connection to the first; the notes describe
    /// the simpler rotation this kata builds.
    /// **Book.** book/src/ch07-processes/cluster.md#next
    /// **Check.** `cargo xtask check chapter-7 cluster::next`
    // ANCHOR: next
    pub fn next(&mut self, ready: &[bool]) -> Option<usize> {
        // ANCHOR: solution
        let n = ready.len();
        let start = self.last.map_or(0, |i| i + 1);
        // One lap at most: every slot is looked at once, starting after the last one.
        // (With no slots the range is empty, so `% n` never divides by zero.)
        let chosen = (0..n).map(|k| (start + k) % n).find(|&i| ready[i])?;
        self.last = Some(chosen);
        Some(chosen)
        // ANCHOR_END: solution
    }
    // ANCHOR_END: next
}

/// The notes' 限量重启: at most `limit` restarts within any `window`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestartBudget {
    /// How many restarts a window may hold.
    pub limit: usize,
    /// How far back a restart still counts.
    pub window: Duration,
    /// When the restarts still inside the window happened, oldest first.
    pub recent: VecDeque<Instant>,
}

impl RestartBudget {
    /// A budget of `limit` restarts per `window`.
    pub fn new(limit: usize, window: Duration) -> RestartBudget {
        RestartBudget {
            limit,
            window,
            recent: VecDeque::new(),
        }
    }

    /// Kata `cluster::allow` — may the primary restart a worker at `now`?
    ///
    /// **Task.** Forget restarts older than `window` before `now`; if fewer than
    /// `limit` remain, record `now` and return `true`; otherwise return `false`
    /// (the primary emits `giveup` and stops restarting).
    /// **Node does.** Nothing: Node's cluster restarts nothing by itself. The notes
    /// (after 《深入浅出Node.js》 §9.4) add this guard so a worker that crashes on
    /// start-up cannot make the primary fork forever.
    /// **Book.** book/src/ch07-processes/cluster.md#allow
    /// **Check.** `cargo xtask check chapter-7 cluster::allow`
    // ANCHOR: allow
    pub fn allow(&mut self, now: Instant) -> bool {
        // ANCHOR: solution
        while let Some(&oldest) = self.recent.front() {
            // `saturating_duration_since`: an `Instant`
            // from before `now` never panics.
            if now.saturating_duration_since(oldest) >= self.window {
                self.recent.pop_front();
            } else {
                break;
            }
        }
        if self.recent.len() >= self.limit {
            return false;
        }
        self.recent.push_back(now);
        true
        // ANCHOR_END: solution
    }
    // ANCHOR_END: allow
}
