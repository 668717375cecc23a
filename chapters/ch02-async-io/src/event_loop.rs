//! The event loop (事件循环): the state Node keeps
//! between callbacks, and the loop that drives it.
//!
//! Node runs the main module to completion, drains `process.nextTick` and the
//! microtasks, then turns libuv's loop: timers → pending → idle/prepare →
//! poll → check → close, until nothing is left to wait for. This model keeps
//! the phases our scripts can reach (timers, poll, check) on a virtual clock:
//! running JavaScript takes no time, and time moves only while poll blocks.
//! Book: book/src/ch02-async-io/event-loop.md

use std::collections::VecDeque;
use std::fmt;

use crate::microtasks::Microtask;
use crate::poll::FsRequest;
use crate::races::Choices;
use crate::script::{self, Callback, ParseError, Program};
use crate::semantics::{self, CostModel, Semantics};
use crate::timers::Timers;

/// Everything Node keeps between two callbacks, as plain queues.
#[derive(Debug)]
pub struct EventLoop {
    /// Node ≤ 10 or ≥ 11: when the queues drain inside the timers and check phases.
    pub semantics: Semantics,
    /// The loop's time in virtual milliseconds (libuv's `uv_now`).
    ///
    /// It starts at 0 and moves only when the poll phase blocks waiting for a
    /// timer; callbacks take no time. Real Node's clock also moves while
    /// JavaScript runs, which is where its races come from.
    pub clock: u64,
    /// The clock's last reading (libuv's cached `loop->time`), set by
    /// [`now`](EventLoop::now).
    pub loop_time: u64,
    /// Every `console.log` so far, with the phase that printed it.
    pub printed: Vec<Logged>,
    /// `process.nextTick` callbacks, first in first out.
    pub next_ticks: VecDeque<Callback>,
    /// The microtask queue: promise reactions and `queueMicrotask` jobs.
    pub microtasks: VecDeque<Microtask>,
    /// Pending `setTimeout` timers, grouped into lists by duration as Node does.
    pub timers: Timers,
    /// `setImmediate` callbacks waiting for the check phase.
    pub immediates: VecDeque<Callback>,
    /// File reads in the thread pool, in submission order.
    pub in_flight: Vec<FsRequest>,
    /// What running JavaScript costs on the clock
    /// (see `clock.rs`); nothing in the katas.
    pub costs: CostModel,
    /// Microseconds certainly spent since the clock last reached a whole millisecond.
    pub busy_us: u64,
    /// How many microseconds later than `clock` + `busy_us` the real time may be.
    pub spread_us: u64,
    /// The race explorer's decisions at choice points (`None` in a plain run).
    pub choices: Option<Choices>,
    /// Whether `process.stdout` exists yet, i.e. something was logged.
    pub stdout_ready: bool,
    /// Whether `fs.readFile` was called before (its code is loaded).
    pub reading_ready: bool,
    /// Called with every `console.log` as it happens, when set: the `loop`
    /// example prints lines live, so a loop that panics half-way still shows
    /// what it did first.
    pub echo: Option<fn(&Logged)>,
}

/// Where a callback runs; the phase trace prints it beside each label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    /// The main module's synchronous run.
    Main,
    /// A `process.nextTick` callback (not a libuv
    /// phase: the queue drains between callbacks).
    NextTick,
    /// A promise reaction or `queueMicrotask` job (not a libuv phase either).
    Microtasks,
    /// The timers phase: `setTimeout` callbacks.
    Timers,
    /// The poll phase: I/O completions such as `fs.readFile`'s callback.
    Poll,
    /// The check phase: `setImmediate` callbacks.
    Check,
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Phase::Main => "main",
            Phase::NextTick => "nextTick",
            Phase::Microtasks => "microtasks",
            Phase::Timers => "timers",
            Phase::Poll => "poll",
            Phase::Check => "check",
        })
    }
}

/// One `console.log` line and the phase of the callback that printed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    /// The phase the printing callback ran in.
    pub phase: Phase,
    /// The text logged.
    pub text: String,
}

impl EventLoop {
    /// An empty loop at time 0 on an ideal machine,
    /// where running JavaScript takes no time.
    pub fn new(semantics: Semantics) -> EventLoop {
        EventLoop {
            semantics,
            clock: 0,
            loop_time: 0,
            printed: Vec::new(),
            next_ticks: VecDeque::new(),
            microtasks: VecDeque::new(),
            timers: Timers::default(),
            immediates: VecDeque::new(),
            in_flight: Vec::new(),
            costs: CostModel::IDEAL,
            busy_us: 0,
            spread_us: 0,
            choices: None,
            stdout_ready: false,
            reading_ready: false,
            echo: None,
        }
    }

    /// An empty loop whose clock also counts what running JavaScript costs in
    /// real Node, at its typical values ([`CostModel::measured`]).
    ///
    /// Use this to predict what real Node prints; the katas use [`EventLoop::new`].
    pub fn like_node(semantics: Semantics) -> EventLoop {
        EventLoop {
            costs: CostModel::measured(semantics),
            ..EventLoop::new(semantics)
        }
    }

    /// An empty loop for exploring races: every cost spans its whole range
    /// ([`CostModel::bounds`]) and `choices` decides each choice point.
    pub fn exploring(semantics: Semantics, choices: Choices) -> EventLoop {
        let mut event_loop = EventLoop {
            costs: CostModel::bounds(semantics),
            choices: Some(choices),
            ..EventLoop::new(semantics)
        };
        event_loop.charge(event_loop.costs.start_us);
        event_loop
    }

    /// The labels printed so far, in order.
    pub fn labels(&self) -> Vec<&str> {
        self.printed
            .iter()
            .map(|logged| logged.text.as_str())
            .collect()
    }

    /// The phase trace: one `phase  label` line per `console.log`.
    pub fn phase_trace(&self) -> String {
        self.printed
            .iter()
            .map(|logged| format!("{}  {}\n", logged.phase, logged.text))
            .collect()
    }

    /// Whether the loop has anything left to wait for (libuv's `uv_loop_alive`).
    ///
    /// nextTicks and microtasks are not counted: they always drain before the
    /// loop asks this question. Like the head of `uv_run`, which updates the
    /// loop's time right there, asking it spends a turn's worth of real time
    /// (nothing on the katas' ideal machine).
    pub fn is_alive(&mut self) -> bool {
        self.charge(self.costs.turn_us);
        !self.timers.is_empty()
            || !self.immediates.is_empty()
            || !self.in_flight.is_empty()
    }

    /// Runs the main module to completion (provided), as `node main.js` does
    /// before anything else, and spends what Node does after it returns.
    pub fn run_main(&mut self, program: &Program) {
        self.run_to_completion(&program.main, Phase::Main);
        self.charge(self.costs.main_exit_us);
    }

    /// Kata `event_loop::run` — run a whole program the way `node main.js` does.
    ///
    /// **Task.** Run `program` as `node file.js` does: the main module (the provided
    /// [`run_main`](Self::run_main)), the queues it filled, then loop iterations —
    /// timers, poll, check — while the loop [is alive](Self::is_alive).
    /// **Node does.** `node::SpinEventLoop` calls libuv's `uv_run`; each turn of
    /// `uv_run` visits timers, pending, idle/prepare, poll, check and close.
    /// **Book.** book/src/ch02-async-io/event-loop.md#run
    /// **Check.** `cargo xtask check chapter-2 event_loop::run`
    // ANCHOR: run
    pub fn run(&mut self, program: &Program) {
        todo!("kata event_loop::run")
    }
    // ANCHOR_END: run
}

/// Why a script could not be run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScriptError {
    /// The text is not loopscript.
    Parse(ParseError),
    /// The script uses an API the chosen Node does not have.
    Unsupported(ParseError),
}

impl fmt::Display for ScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScriptError::Parse(error) => write!(f, "not loopscript: {error}"),
            ScriptError::Unsupported(error) => write!(f, "would throw: {error}"),
        }
    }
}

impl std::error::Error for ScriptError {}

/// Parses `source` and runs it the way real Node would ([`EventLoop::like_node`]).
pub fn run_script(
    source: &str,
    semantics: Semantics,
) -> Result<EventLoop, ScriptError> {
    run_script_echoing(source, semantics, None)
}

/// [`run_script`], handing every `console.log` to `echo` as it happens.
pub fn run_script_echoing(
    source: &str,
    semantics: Semantics,
    echo: Option<fn(&Logged)>,
) -> Result<EventLoop, ScriptError> {
    let program = script::parse(source).map_err(ScriptError::Parse)?;
    semantics::check_supported(&program, semantics)
        .map_err(ScriptError::Unsupported)?;
    let mut event_loop = EventLoop::like_node(semantics);
    event_loop.echo = echo;
    event_loop.run(&program);
    Ok(event_loop)
}
