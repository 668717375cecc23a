//! Sentinels (哨兵): wait for several results, then act once.
//!
//! Several independent callbacks (a template read, a database query, a
//! resources load) finish in any order, and the page can render only when all
//! have arrived. The notes' answer is a *sentinel*: a counter wrapped around the
//! final callback, `after(times, cb)`, that fires `cb` on the `times`-th call.
//! [`Gather`] is the grown-up version: it knows the names it waits for, refuses
//! names it does not know, and lets the first error win.
//! Book: book/src/ch03-async-patterns/sentinel.md

use std::collections::BTreeMap;
use std::fmt;

/// The notes' `after(times, cb)`: a sentinel that calls `done` with every result on
/// the `times`-th call.
pub struct After<V, F: FnMut(&BTreeMap<String, V>)> {
    /// How many calls to wait for.
    pub times: usize,
    /// Calls so far.
    pub count: usize,
    /// Results by key; a repeated key overwrites (and still counts, as in the notes).
    pub results: BTreeMap<String, V>,
    /// The final callback.
    pub done: F,
}

impl<V, F: FnMut(&BTreeMap<String, V>)> After<V, F> {
    /// `after(times, done)`.
    pub fn new(times: usize, done: F) -> Self {
        After {
            times,
            count: 0,
            results: BTreeMap::new(),
            done,
        }
    }

    /// Kata `sentinel::after` — one result has arrived.
    ///
    /// **Task.** Store `value` under `key`, count the call, and call `done`
    /// with the results when the count reaches `times` exactly — never again after.
    /// **Node does.** Nothing built in: this is the notes' partial-function
    /// pattern, the shape `Promise.all` later made standard.
    /// **Book.** book/src/ch03-async-patterns/sentinel.md#after
    /// **Check.** `cargo xtask check chapter-3 sentinel::after`
    // ANCHOR: after
    pub fn call(&mut self, key: &str, value: V) {
        // ANCHOR: solution
        self.results.insert(key.to_owned(), value);
        self.count += 1;
        // `==`, not `>=`: a late extra call must not render the page twice.
        if self.count == self.times {
            (self.done)(&self.results);
        }
        // ANCHOR_END: solution
    }
    // ANCHOR_END: after
}

/// Why a gather refused its input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GatherError {
    /// A gather needs at least one source.
    NoSources,
    /// The same source was named twice when creating the gather.
    DuplicateSource {
        /// The repeated name.
        name: String,
    },
    /// A result arrived for a source the gather does not wait for.
    UnknownSource {
        /// The unexpected name.
        name: String,
    },
}

impl fmt::Display for GatherError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GatherError::NoSources => write!(f, "a gather needs at least one source"),
            GatherError::DuplicateSource { name } => {
                write!(f, "source {name:?} is named twice")
            }
            GatherError::UnknownSource { name } => {
                write!(f, "result for unknown source {name:?}")
            }
        }
    }
}

impl std::error::Error for GatherError {}

/// How a gather ended: every result by name, or the first error with its source.
pub type Gathered<V, E> = Result<BTreeMap<String, V>, (String, E)>;

/// The final callback of a gather, called once.
pub type Done<V, E> = Box<dyn FnOnce(Gathered<V, E>) + Send>;

/// A multi-source gather: calls `done` exactly
/// once, with all results or the first error.
pub struct Gather<V, E> {
    /// The sources still awaited, by name.
    pub pending: Vec<String>,
    /// Results that have arrived.
    pub results: BTreeMap<String, V>,
    /// The final callback; `None` once it has been called.
    pub done: Option<Done<V, E>>,
}

impl<V, E> Gather<V, E> {
    /// A gather waiting for `sources`; refuses an empty or repeated name list.
    pub fn new(
        sources: &[&str],
        done: impl FnOnce(Gathered<V, E>) + Send + 'static,
    ) -> Result<Self, GatherError> {
        if sources.is_empty() {
            return Err(GatherError::NoSources);
        }
        let mut pending: Vec<String> = Vec::new();
        for name in sources {
            if pending.iter().any(|p| p == name) {
                return Err(GatherError::DuplicateSource {
                    name: (*name).to_owned(),
                });
            }
            pending.push((*name).to_owned());
        }
        Ok(Gather {
            pending,
            results: BTreeMap::new(),
            done: Some(Box::new(done)),
        })
    }

    /// True once `done` has been called.
    pub fn is_done(&self) -> bool {
        self.done.is_none()
    }

    /// Kata `sentinel::deliver` — the result of source `name` has arrived.
    ///
    /// **Task.** After the gather is done, ignore everything (`Ok(())`). A name
    /// that is neither pending nor already delivered is
    /// [`GatherError::UnknownSource`]; a second result for a delivered name is
    /// ignored. An `Err` calls `done(Err((name, error)))` at once (the first
    /// error wins); an `Ok` is stored, and when nothing is pending any more,
    /// `done(Ok(results))` is called.
    /// **Node does.** What `Promise.all` does for promises: settle once, on the
    /// first rejection or the last fulfilment.
    /// **Book.** book/src/ch03-async-patterns/sentinel.md#deliver
    /// **Check.** `cargo xtask check chapter-3 sentinel::deliver`
    // ANCHOR: deliver
    pub fn deliver(
        &mut self,
        name: &str,
        result: Result<V, E>,
    ) -> Result<(), GatherError> {
        // ANCHOR: solution
        if self.done.is_none() {
            return Ok(());
        }
        let Some(index) = self.pending.iter().position(|p| p == name) else {
            if self.results.contains_key(name) {
                return Ok(());
            }
            return Err(GatherError::UnknownSource {
                name: name.to_owned(),
            });
        };
        match result {
            Err(error) => {
                if let Some(done) = self.done.take() {
                    done(Err((name.to_owned(), error)));
                }
            }
            Ok(value) => {
                self.pending.remove(index);
                self.results.insert(name.to_owned(), value);
                if self.pending.is_empty()
                    && let Some(done) = self.done.take()
                {
                    done(Ok(std::mem::take(&mut self.results)));
                }
            }
        }
        Ok(())
        // ANCHOR_END: solution
    }
    // ANCHOR_END: deliver
}
