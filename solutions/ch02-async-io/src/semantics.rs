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

    /// Whether the queues drain between two callbacks of one timers list or one check phase.
    ///
    /// This is the whole Node 11 change: `runNextTicks()` calls added to
    /// `listOnTimeout` and `processImmediate` in `lib/internal/timers.js`.
    pub fn drains_between_callbacks(self) -> bool {
        self == Semantics::Node11Plus
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

/// What running JavaScript costs on the model's clock, in microseconds.
///
/// The katas run on an ideal machine ([`CostModel::IDEAL`]): JavaScript takes
/// no time and the clock moves only while poll waits. Real Node's clock keeps
/// running while callbacks print, and that decides races between a timer and
/// the rest of the loop. The only costs big enough to matter are printing:
/// the first `console.log` creates `process.stdout` (milliseconds), and every
/// later one writes to it (tens of microseconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CostModel {
    /// The first `console.log`, including the creation of `process.stdout`.
    pub first_log_us: u64,
    /// Every later `console.log`.
    pub log_us: u64,
}

impl CostModel {
    /// JavaScript takes no time at all.
    pub const IDEAL: CostModel = CostModel {
        first_log_us: 0,
        log_us: 0,
    };

    /// Costs measured on the project's 2-core machines, stdout a pipe.
    ///
    /// The first log: on Node 10 a `setTimeout(f, d)` made just before it beats
    /// a `setImmediate` for d = 1 always and d = 2 half the time; on Node 20 and
    /// 22 for d ≤ 3 always, d = 4 mostly and d = 5 rarely. Later logs: about
    /// 0.05 ms on Node 10 and 0.03 ms on Node 20. The figures were then tuned
    /// on 140 generated scripts against real Node (see the book's event-loop page).
    pub fn measured(semantics: Semantics) -> CostModel {
        match semantics {
            Semantics::Node10 => CostModel {
                first_log_us: 2_000,
                log_us: 50,
            },
            Semantics::Node11Plus => CostModel {
                first_log_us: 4_500,
                log_us: 35,
            },
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
pub fn check_supported(program: &Program, semantics: Semantics) -> Result<(), ParseError> {
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
