//! Races (竞态): every order a script may print, found by trying every answer at
//! every choice point.
//!
//! Real Node reads a real clock, so some scripts print different orders from
//! run to run: a 1 ms timer against an immediate in the main module, two
//! sibling timers that read the clock a millisecond apart, a file read that
//! may finish before or after the next check phase. The model marks each such
//! moment as a *choice point* (see `clock.rs`): a plain run always takes the
//! first option; a [`Choices`] value can steer a run down any path. Exploring
//! every path, the way a model checker does, gives the full set of orders.
//! Book: book/src/ch02-async-io/races.md

use std::collections::{BTreeSet, HashSet};

use crate::event_loop::EventLoop;
use crate::script::Program;
use crate::semantics::Semantics;

/// One path through a run's choice points (provided scaffolding).
///
/// A run replays `prefix` — the option to take at the first choice point, the
/// second, … — and takes option 0 at every later one. It records, in `taken`,
/// each choice point it met as `(option taken, number of options)`.
///
/// It also remembers every `(state, option)` pair any run has taken. When a
/// run reaches, past its prefix, a state some earlier run already went on
/// from, everything it could still print was already found: the run records
/// the rest of its choice points as having one option, so nobody explores
/// them again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Choices {
    /// The options to take at the first choice points, in order.
    pub prefix: Vec<usize>,
    /// Every choice point met so far: the option taken and how many there were.
    pub taken: Vec<(usize, usize)>,
    /// `(state fingerprint, option)` pairs taken by this or an earlier run.
    pub visited: HashSet<(u64, usize)>,
    /// Set once this run reached a state already explored.
    pub pruned: bool,
}

impl Choices {
    /// A path that starts with `prefix`, remembering what earlier runs visited.
    pub fn replaying(prefix: Vec<usize>, visited: HashSet<(u64, usize)>) -> Choices {
        Choices {
            prefix,
            taken: Vec::new(),
            visited,
            pruned: false,
        }
    }

    /// Decides a choice point with `options` ways to go, in the state `state`.
    pub fn choose(&mut self, options: usize, state: u64) -> usize {
        let point = self.taken.len();
        let pick = self
            .prefix
            .get(point)
            .copied()
            .unwrap_or(0)
            .min(options.saturating_sub(1));
        // Points before the prefix's last one were taken by the run that
        // pushed this prefix; seeing them again is expected.
        let replaying = point + 1 < self.prefix.len();
        // The same state at a different point of the run may sit in a
        // different phase, so the point's index is part of the key.
        let fresh = self
            .visited
            .insert((state ^ (point as u64).rotate_left(32), pick));
        if self.pruned || (!fresh && !replaying) {
            self.pruned = true;
            self.taken.push((pick, 1));
        } else {
            self.taken.push((pick, options));
        }
        pick
    }
}

/// Runs one program down chosen paths, remembering
/// what it has seen (provided scaffolding).
#[derive(Debug)]
pub struct Explorer<'a> {
    program: &'a Program,
    semantics: Semantics,
    visited: HashSet<(u64, usize)>,
}

/// What one run down a path printed, and the choice points it met.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    /// The labels printed, in order.
    pub labels: Vec<String>,
    /// Each choice point met: `(option taken, number of options)`. Points met
    /// after the run reached an already explored state show one option.
    pub taken: Vec<(usize, usize)>,
}

impl<'a> Explorer<'a> {
    /// An explorer of `program` under `semantics`, with the costs' full ranges.
    pub fn new(program: &'a Program, semantics: Semantics) -> Explorer<'a> {
        Explorer {
            program,
            semantics,
            visited: HashSet::new(),
        }
    }

    /// Runs the program once, taking `prefix` at the first choice points and
    /// option 0 after that.
    pub fn run_path(&mut self, prefix: Vec<usize>) -> Path {
        let visited = std::mem::take(&mut self.visited);
        let mut event_loop =
            EventLoop::exploring(self.semantics, Choices::replaying(prefix, visited));
        event_loop.run(self.program);
        let labels = event_loop.labels().into_iter().map(str::to_owned).collect();
        let choices = event_loop.choices.take().unwrap_or_default();
        self.visited = choices.visited;
        Path {
            labels,
            taken: choices.taken,
        }
    }
}

/// The most runs [`all_orders`] makes before it gives up on a script.
pub const MAX_RUNS: usize = 20_000;

/// Every order a script may print, and whether the search finished.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllOrders {
    /// Each order, as the labels printed.
    pub orders: BTreeSet<Vec<String>>,
    /// How many runs the search made.
    pub runs: usize,
    /// False when the search stopped at [`MAX_RUNS`] with paths left to try.
    pub complete: bool,
}

/// Kata `races::all_orders` — every order `program` may print under `semantics`.
///
/// **Task.** Every output the program can print on this semantics, by running it
/// along every path through the clock's choice points: a depth-first search over the
/// [`Explorer`], whose [`run_path`](Explorer::run_path) follows a given prefix of
/// choices and takes option 0 at every later point. Stop, with `complete: false`,
/// after [`MAX_RUNS`] runs.
/// **Node does.** Nothing like it: real Node takes one path per run, chosen
/// by the clock and the thread pool. Running it many times samples paths;
/// this finds them all.
/// **Book.** book/src/ch02-async-io/races.md#all-orders
/// **Check.** `cargo xtask check chapter-2 races::all_orders`
// ANCHOR: all_orders
pub fn all_orders(program: &Program, semantics: Semantics) -> AllOrders {
    todo!("kata races::all_orders")
}
// ANCHOR_END: all_orders
