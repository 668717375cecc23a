//! Which Node's event loop to model (provided scaffolding): Node ≤ 10 or Node ≥ 11.
//!
//! Node 11 changed one thing that every "guess the output" quiz depends on:
//! when `process.nextTick` callbacks and microtasks run between timers and
//! between immediates. The loop's phases and queues are otherwise the same,
//! so the model takes the semantics as a value instead of copying the loop.
//! Book: book/src/ch02-async-io/node11.md

use std::fmt;

use crate::script::{Callback, ParseError, Program, Stmt};

/// The two event-loop behaviours Node has had.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Semantics {
    /// Node 10 and older: a timers list or the whole immediate queue runs as
    /// one batch; nextTicks and microtasks wait for the batch to end (Node 10
    /// still drains them between two timer *lists*).
    Node10,
    /// Node 11 and newer (20, 22…): nextTicks and microtasks drain after
    /// every single timer and immediate callback, as browsers do.
    Node11Plus,
}

impl Semantics {
    /// The semantics of a Node major version; versions before 10 are not modelled.
    pub fn for_node(major: u32) -> Result<Semantics, UnsupportedNode> {
        match major {
            10 => Ok(Semantics::Node10),
            11.. => Ok(Semantics::Node11Plus),
            _ => Err(UnsupportedNode(major)),
        }
    }

    /// Whether the queues drain between two callbacks
    /// of one timers list or one check phase.
    ///
    /// This is the whole Node 11 change: `runNextTicks()` calls added to
    /// `listOnTimeout` and `processImmediate` in `lib/internal/timers.js`.
    pub fn drains_between_callbacks(self) -> bool {
        self == Semantics::Node11Plus
    }

    /// Whether each timer list reads the clock afresh (Node 10) instead of the
    /// whole timers phase sharing one reading (Node 11+).
    ///
    /// Node 10 gave every duration its own libuv timer handle; libuv fired the
    /// due handles one by one, and Node read the clock for each. A list whose
    /// head was not yet due restarted its handle from a fresh reading, and
    /// libuv kept firing handles while any was due at the latest reading, so a
    /// slow callback could let a later list run in the same phase. Node 11
    /// moved all timers onto one handle and one `now` per phase.
    pub fn reads_clock_per_list(self) -> bool {
        self == Semantics::Node10
    }
}

impl fmt::Display for Semantics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Semantics::Node10 => write!(f, "Node 10"),
            Semantics::Node11Plus => write!(f, "Node 11+"),
        }
    }
}

/// A duration real Node spends somewhere, as the range it falls in, in microseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cost {
    /// The fastest it was seen to take.
    pub min: u64,
    /// The slowest it is assumed to take on an idle machine.
    pub max: u64,
}

impl Cost {
    /// A cost known exactly.
    pub const fn exactly(us: u64) -> Cost {
        Cost { min: us, max: us }
    }

    /// A cost anywhere from `min` to `max`.
    pub const fn between(min: u64, max: u64) -> Cost {
        Cost { min, max }
    }
}

/// What running JavaScript costs on the model's clock.
///
/// The katas run on an ideal machine ([`CostModel::IDEAL`]): JavaScript takes
/// no time and the clock moves only while poll waits. Real Node's clock keeps
/// running while callbacks print, and that decides races between a timer and
/// the rest of the loop. The costs big enough to matter are printing — the
/// first `console.log` creates `process.stdout` (milliseconds), and every
/// later one writes to it (tens of microseconds) — where in its first
/// millisecond the script starts, thread-pool round trips, and how late poll
/// wakes up for a timer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CostModel {
    /// How far into its first millisecond the loop's clock is when main starts.
    pub start_us: Cost,
    /// What passes between two readings of the clock with nothing printed between.
    pub read_gap_us: Cost,
    /// Node's own work after the main module returns, before the first nextTick runs.
    pub main_exit_us: Cost,
    /// Each turn of the loop, from checking it is alive to the timers phase.
    pub turn_us: Cost,
    /// The first `console.log`, including the creation of `process.stdout`.
    pub first_log_us: Cost,
    /// Every later `console.log`.
    pub log_us: Cost,
    /// The first `fs.readFile`, which loads the code behind it.
    pub first_read_us: Cost,
    /// A poll phase that delivers thread-pool completions.
    pub io_trip_us: Cost,
    /// How late poll wakes up after sleeping until a timer.
    pub wake_late_us: Cost,
}

impl CostModel {
    /// JavaScript takes no time at all.
    pub const IDEAL: CostModel = CostModel {
        start_us: Cost::exactly(0),
        read_gap_us: Cost::exactly(0),
        main_exit_us: Cost::exactly(0),
        turn_us: Cost::exactly(0),
        first_log_us: Cost::exactly(0),
        log_us: Cost::exactly(0),
        first_read_us: Cost::exactly(0),
        io_trip_us: Cost::exactly(0),
        wake_late_us: Cost::exactly(0),
    };

    /// Typical costs, one value each: the model's
    /// single best guess of what real Node prints.
    ///
    /// Measured on the project's 2-core machines with `process.hrtime`, stdout
    /// a pipe: main's end to the first nextTick about 1.05 ms on Node 10 and
    /// 0.47 ms on Node 20; the first `console.log` about 0.8 ms and 2.4 ms,
    /// later ones about 0.1 ms; a turn of the loop about 0.3 ms.
    pub fn measured(semantics: Semantics) -> CostModel {
        let (main_exit, first_log, log) = match semantics {
            Semantics::Node10 => (1_050, 900, 100),
            Semantics::Node11Plus => (470, 3_000, 60),
        };
        CostModel {
            main_exit_us: Cost::exactly(main_exit),
            first_log_us: Cost::exactly(first_log),
            log_us: Cost::exactly(log),
            first_read_us: Cost::exactly(600),
            turn_us: Cost::exactly(250),
            ..CostModel::IDEAL
        }
    }

    /// The range each cost can take: what `--all` explores.
    ///
    /// Wide enough that every order real Node printed for the project's
    /// scenarios and generated scripts is reachable, and no wider, so that a
    /// 50 ms timer never beats an immediate. The first `console.log` spans a
    /// busy machine too: under a load average of 9 on two cores it took a
    /// median 2.3 ms (90th percentile 10.8 ms) on Node 10 and 12.3 ms on
    /// Node 20 (`book/scripts/first_log_cost.js`), against 0.8 and 2.4 ms idle.
    pub fn bounds(semantics: Semantics) -> CostModel {
        let (main_exit, first_log, log) = match semantics {
            Semantics::Node10 => (
                Cost::between(300, 1_400),
                Cost::between(600, 11_000),
                Cost::between(30, 250),
            ),
            Semantics::Node11Plus => (
                Cost::between(150, 800),
                Cost::between(1_800, 15_000),
                Cost::between(10, 150),
            ),
        };
        CostModel {
            start_us: Cost::between(0, 999),
            read_gap_us: Cost::between(0, 150),
            main_exit_us: main_exit,
            turn_us: Cost::between(50, 600),
            first_log_us: first_log,
            log_us: log,
            first_read_us: Cost::between(200, 1_500),
            io_trip_us: Cost::between(10, 1_500),
            wake_late_us: Cost::between(0, 1_200),
        }
    }
}

/// A Node version this model does not cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnsupportedNode(pub u32);

impl fmt::Display for UnsupportedNode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "node {} is not modelled: use 10 (the notes' Node) or 11 and newer (e.g. 20)",
            self.0
        )
    }
}

impl std::error::Error for UnsupportedNode {}

/// Rejects a program that uses an API the chosen Node lacks.
///
/// `queueMicrotask` arrived in Node 11; on Node 10 the call throws a
/// `ReferenceError`, so the model refuses such a script for Node 10.
pub fn check_supported(
    program: &Program,
    semantics: Semantics,
) -> Result<(), ParseError> {
    fn walk(callback: &Callback, semantics: Semantics) -> Result<(), ParseError> {
        for stmt in callback.stmts() {
            match stmt {
                Stmt::Log(_) => {}
                Stmt::QueueMicrotask { callback, at } => {
                    if semantics == Semantics::Node10 {
                        return Err(ParseError {
                            at: *at,
                            message: "queueMicrotask is not defined in Node 10 (it arrived in \
                                      Node 11); use Promise.resolve().then(…)"
                                .into(),
                        });
                    }
                    walk(callback, semantics)?;
                }
                Stmt::SetTimeout { callback, .. }
                | Stmt::SetImmediate(callback)
                | Stmt::NextTick(callback)
                | Stmt::ReadFile(callback) => walk(callback, semantics)?,
                Stmt::PromiseThen(chain) => {
                    for callback in chain.iter() {
                        walk(callback, semantics)?;
                    }
                }
            }
        }
        Ok(())
    }
    walk(&program.main, semantics)
}
