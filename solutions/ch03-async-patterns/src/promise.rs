//! Promise/Deferred (Promise/Deferred模式): a Promises/A+ state machine on an
//! explicit microtask queue.
//!
//! A promise is a box that is pending until it settles, once, as fulfilled
//! with a value or rejected with a reason. `then` registers a *reaction* and
//! returns a new promise; reactions never run while the caller's code runs:
//! settling a promise puts its reactions on the microtask queue, and the host
//! (Node, after each callback) drains that queue. The *resolution procedure*
//! decides what resolving with a value means: a thenable is adopted through
//! its own `then`, in a job of its own, which is why `resolve(promise)` costs
//! two extra ticks in real Node.
//!
//! The JavaScript values, the microtask queue and the `Promise` object's state
//! are provided in [`js`](crate::js); this file holds the katas.
//! Book: book/src/ch03-async-patterns/promise.md

// ANCHOR: solution_only
use std::cell::{Cell, RefCell};
use std::rc::Rc;
// ANCHOR_END: solution_only

pub use crate::js::{
    ALL_REJECTED, Body, Completion, Deferred, ErrorKind, Function, Getter, Job,
    JsError, MicrotaskQueue, Object, Outcome, Promise, Reaction, SELF_RESOLUTION,
    Slot, State, Value,
};

/// The first argument, or `undefined`.
fn arg(args: &[Value]) -> Value {
    args.first().cloned().unwrap_or(Value::Undefined)
}

impl Promise {
    /// Kata `promise::settle` — fulfil or reject, once; queue the waiting reactions.
    ///
    /// **Task.** Settle a pending promise with `outcome` and return `true`: each
    /// reaction registered so far gets its job on the microtask queue, in
    /// registration order — none runs now. A promise already settled does not change,
    /// and `false` says so.
    /// **Node does.** V8's `FulfillPromise`/`RejectPromise`
    /// (`TriggerPromiseReactions`).
    /// **Book.** book/src/ch03-async-patterns/promise.md#settle
    /// **Check.** `cargo xtask check chapter-3 promise::settle`
    // ANCHOR: settle
    pub fn settle(&self, outcome: Outcome) -> bool {
        // ANCHOR: solution
        let reactions = {
            let mut slot = self.slot.borrow_mut();
            if slot.state != State::Pending {
                return false;
            }
            slot.state = State::Settled(outcome.clone());
            std::mem::take(&mut slot.reactions)
        };
        // The borrow ends before queueing: a job must be free to touch this promise.
        for reaction in reactions {
            let outcome = outcome.clone();
            self.queue
                .enqueue(move || Promise::run_reaction(reaction, outcome));
        }
        true
        // ANCHOR_END: solution
    }
    // ANCHOR_END: settle

    /// Kata `promise::run_reaction` — the job a reaction becomes: call the handler,
    /// feed the derived promise.
    ///
    /// **Task.** Pick `on_fulfilled` for a fulfilment and `on_rejected` for a
    /// rejection. If it is a function, call it with the value: what it returns
    /// *resolves* `reaction.derived`, what it throws *rejects* it. If it is not
    /// a function, pass the outcome through: resolve with the value or reject
    /// with the reason.
    /// **Node does.** V8's `PromiseReactionJob`.
    /// **Book.** book/src/ch03-async-patterns/promise.md#run-reaction
    /// **Check.** `cargo xtask check chapter-3 promise::run_reaction`
    // ANCHOR: run_reaction
    pub fn run_reaction(reaction: Reaction, outcome: Outcome) {
        // ANCHOR: solution
        let (handler, value, rejected) = match outcome {
            Outcome::Fulfilled(value) => (reaction.on_fulfilled, value, false),
            Outcome::Rejected(reason) => (reaction.on_rejected, reason, true),
        };
        let completion = match handler {
            Value::Function(handler) => handler.call(&[value]),
            // Not a function: the outcome passes through unchanged (2.2.7.3–4).
            _ if rejected => Err(value),
            _ => Ok(value),
        };
        match completion {
            Ok(returned) => reaction.derived.resolve(returned),
            Err(thrown) => reaction.derived.reject(thrown),
        }
        // ANCHOR_END: solution
    }
    // ANCHOR_END: run_reaction

    /// Kata `promise::then` — register a reaction and return a new promise.
    ///
    /// **Task.** `promise.then(onFulfilled, onRejected)`: return a
    /// new promise that the handler's result will settle. A handler
    /// never runs during `then`, even when the outcome is already
    /// known: it runs from the microtask queue after settlement.
    /// **Node does.** `Promise.prototype.then` → V8's `PerformPromiseThen`.
    /// **Book.** book/src/ch03-async-patterns/promise.md#then
    /// **Check.** `cargo xtask check chapter-3 promise::then`
    // ANCHOR: then
    pub fn then(&self, on_fulfilled: Value, on_rejected: Value) -> Promise {
        // ANCHOR: solution
        let derived = Promise::deferred(&self.queue);
        let promise = derived.promise.clone();
        let reaction = Reaction {
            on_fulfilled,
            on_rejected,
            derived,
        };
        let state = self.state();
        match state {
            State::Pending => self.slot.borrow_mut().reactions.push(reaction),
            // Already settled: the handler still runs later, from the queue (2.2.4).
            State::Settled(outcome) => self
                .queue
                .enqueue(move || Promise::run_reaction(reaction, outcome)),
        }
        promise
        // ANCHOR_END: solution
    }
    // ANCHOR_END: then

    /// Kata `promise::resolving_functions` — the `resolve`/`reject` pair, which work
    /// at most once between them.
    ///
    /// **Task.** Return two [`Function`]s sharing one "already resolved" flag. The
    /// first call of either sets the flag; every later call of either does nothing.
    /// `resolve(x)` runs the resolution procedure ([`Promise::resolve`]); `reject(r)`
    /// settles as rejected. Both return `undefined`.
    /// **Node does.** V8's `CreateResolvingFunctions`; the flag is why a thenable
    /// that calls back twice counts once, even while the promise is still pending.
    /// **Book.** book/src/ch03-async-patterns/promise.md#resolving-functions
    /// **Check.** `cargo xtask check chapter-3 promise::resolving_functions`
    // ANCHOR: resolving_functions
    pub fn resolving_functions(&self) -> (Function, Function) {
        // ANCHOR: solution
        // The flag, not the state: after resolve(thenable) the promise is still
        // pending, yet a second resolve or reject must already be ignored.
        let already = Rc::new(Cell::new(false));
        let resolve = {
            let (promise, already) = (self.clone(), already.clone());
            Function::new("resolve", move |args| {
                if !already.replace(true) {
                    promise.resolve(arg(args));
                }
                Ok(Value::Undefined)
            })
        };
        let reject = {
            let promise = self.clone();
            Function::new("reject", move |args| {
                if !already.replace(true) {
                    promise.settle(Outcome::Rejected(arg(args)));
                }
                Ok(Value::Undefined)
            })
        };
        (resolve, reject)
        // ANCHOR_END: solution
    }
    // ANCHOR_END: resolving_functions

    /// Kata `promise::resolve` — the resolution procedure `[[Resolve]](promise, x)`.
    ///
    /// **Task.** The resolution procedure of Promises/A+ (`resolve(x)`): resolving
    /// with the promise itself rejects with a `TypeError` ([`SELF_RESOLUTION`]); a
    /// promise or a thenable (an object whose `then`, read once, is a function) is
    /// adopted through its `then`, called from a job of its own; an error reading
    /// `then` rejects; anything else fulfils with `x`.
    /// **Node does.** V8's promise resolve functions and
    /// `NewPromiseResolveThenableJob`: the job is why adopting a thenable takes one
    /// extra tick, and a promise two.
    /// **Book.** book/src/ch03-async-patterns/promise.md#resolve
    /// **Check.** `cargo xtask check chapter-3 promise::resolve`
    // ANCHOR: resolve
    pub fn resolve(&self, x: Value) {
        // ANCHOR: solution
        let then = match &x {
            Value::Promise(p) if p.is(self) => {
                let error = Value::error(ErrorKind::TypeError, SELF_RESOLUTION);
                self.settle(Outcome::Rejected(error));
                return;
            }
            Value::Promise(inner) => {
                let (this, inner) = (self.clone(), inner.clone());
                self.queue.enqueue(move || {
                    let (resolve, reject) = this.resolving_functions();
                    inner.then(Value::Function(resolve), Value::Function(reject));
                });
                return;
            }
            // Read `then` exactly once (2.3.3.1):
            // a getter may count, change or throw.
            Value::Object(object) => match object.get_then() {
                Ok(Value::Function(then)) => then,
                Ok(_) => {
                    self.settle(Outcome::Fulfilled(x));
                    return;
                }
                Err(thrown) => {
                    self.settle(Outcome::Rejected(thrown));
                    return;
                }
            },
            _ => {
                self.settle(Outcome::Fulfilled(x));
                return;
            }
        };
        let this = self.clone();
        self.queue.enqueue(move || {
            let (resolve, reject) = this.resolving_functions();
            let args = [Value::Function(resolve), Value::Function(reject.clone())];
            if let Err(thrown) = then.call(&args) {
                // Ignored by the flag if the thenable
                // already called back (2.3.3.3.4.1).
                let _ = reject.call(&[thrown]);
            }
        });
        // ANCHOR_END: solution
    }
    // ANCHOR_END: resolve

    /// Kata `promise::catch` — `p.catch(onRejected)`.
    ///
    /// **Task.** It is `then` with no fulfilment handler.
    /// **Node does.** `Promise.prototype.catch` calls
    /// `this.then(undefined, onRejected)`.
    /// **Book.** book/src/ch03-async-patterns/promise.md#catch
    /// **Check.** `cargo xtask check chapter-3 promise::catch`
    // ANCHOR: catch
    pub fn catch(&self, on_rejected: Value) -> Promise {
        // ANCHOR: solution
        self.then(Value::Undefined, on_rejected)
        // ANCHOR_END: solution
    }
    // ANCHOR_END: catch

    /// Kata `promise::finally` — `p.finally(onFinally)`:
    /// run a cleanup, keep the outcome.
    ///
    /// **Task.** `promise.finally(onFinally)`: call `on_finally()` with no argument
    /// once the promise settles, then settle the result like the original — unless
    /// `on_finally` throws or returns a promise that rejects, which rejects the
    /// result instead; a promise it returns is waited for. A non-function
    /// `on_finally` passes the outcome through.
    /// **Node does.** `Promise.prototype.finally`
    /// (ES2018), which V8 builds exactly so.
    /// **Book.** book/src/ch03-async-patterns/promise.md#finally
    /// **Check.** `cargo xtask check chapter-3 promise::finally`
    // ANCHOR: finally
    pub fn finally(&self, on_finally: Value) -> Promise {
        // ANCHOR: solution
        let Value::Function(cleanup) = on_finally else {
            return self.then(on_finally.clone(), on_finally);
        };
        let queue = self.queue.clone();
        let after = move |outcome: Outcome| -> Completion {
            let result = cleanup.call(&[])?;
            let waited = Promise::resolved(&queue, result);
            // Wait for the cleanup's own promise, then restore the original outcome.
            let restore = Function::new("", move |_| match &outcome {
                Outcome::Fulfilled(value) => Ok(value.clone()),
                Outcome::Rejected(reason) => Err(reason.clone()),
            });
            Ok(Value::Promise(
                waited.then(Value::Function(restore), Value::Undefined),
            ))
        };
        let after = Rc::new(after);
        let on_value = {
            let after = after.clone();
            Function::new("thenFinally", move |args| {
                after(Outcome::Fulfilled(arg(args)))
            })
        };
        let on_reason = Function::new("catchFinally", move |args| {
            after(Outcome::Rejected(arg(args)))
        });
        self.then(Value::Function(on_value), Value::Function(on_reason))
        // ANCHOR_END: solution
    }
    // ANCHOR_END: finally

    /// Kata `promise::all` — `Promise.all(items)`:
    /// every value in order, or the first rejection.
    ///
    /// **Task.** `Promise.all(items)`: fulfil with every item's value in input order
    /// once all have fulfilled (plain values count as fulfilled), or reject with the
    /// first rejection. No items: fulfil with `[]` at once.
    /// **Node does.** `Promise.all` →
    /// `PerformPromiseAll` (a remaining-elements count).
    /// **Book.** book/src/ch03-async-patterns/promise.md#all
    /// **Check.** `cargo xtask check chapter-3 promise::all`
    // ANCHOR: all
    pub fn all(queue: &MicrotaskQueue, items: Vec<Value>) -> Promise {
        // ANCHOR: solution
        let result = Promise::deferred(queue);
        let values = Rc::new(RefCell::new(vec![Value::Undefined; items.len()]));
        let remaining = Rc::new(Cell::new(items.len()));
        if items.is_empty() {
            result.resolve(Value::Array(Vec::new()));
        }
        for (index, item) in items.into_iter().enumerate() {
            let (values, remaining, done) =
                (values.clone(), remaining.clone(), result.clone());
            let store = Function::new("", move |args| {
                values.borrow_mut()[index] = arg(args);
                remaining.set(remaining.get() - 1);
                if remaining.get() == 0 {
                    let all = std::mem::take(&mut *values.borrow_mut());
                    done.resolve(Value::Array(all));
                }
                Ok(Value::Undefined)
            });
            Promise::resolved(queue, item).then(
                Value::Function(store),
                Value::Function(result.reject.clone()),
            );
        }
        result.promise
        // ANCHOR_END: solution
    }
    // ANCHOR_END: all

    /// Kata `promise::race` — `Promise.race(items)`:
    /// the first item to settle decides.
    ///
    /// **Task.** `Promise.race(items)`: settle like the first item to settle. No
    /// items: stay pending for ever.
    /// **Node does.** `Promise.race` → `PerformPromiseRace`.
    /// **Book.** book/src/ch03-async-patterns/promise.md#race
    /// **Check.** `cargo xtask check chapter-3 promise::race`
    // ANCHOR: race
    pub fn race(queue: &MicrotaskQueue, items: Vec<Value>) -> Promise {
        // ANCHOR: solution
        let result = Promise::deferred(queue);
        for item in items {
            Promise::resolved(queue, item).then(
                Value::Function(result.resolve.clone()),
                Value::Function(result.reject.clone()),
            );
        }
        result.promise
        // ANCHOR_END: solution
    }
    // ANCHOR_END: race

    /// Kata `promise::all_settled` — `Promise.allSettled(items)`: every outcome,
    /// never a rejection.
    ///
    /// **Task.** `Promise.allSettled(items)`: fulfil, once every item has settled,
    /// with one record per item in input order — `{status: "fulfilled", value}` or
    /// `{status: "rejected",
    /// reason}` (an [`Object::plain`], fields in that order). It never rejects.
    /// **Node does.** `Promise.allSettled` (ES2020).
    /// **Book.** book/src/ch03-async-patterns/promise.md#all-settled
    /// **Check.** `cargo xtask check chapter-3 promise::all_settled`
    // ANCHOR: all_settled
    pub fn all_settled(queue: &MicrotaskQueue, items: Vec<Value>) -> Promise {
        // ANCHOR: solution
        let result = Promise::deferred(queue);
        let records = Rc::new(RefCell::new(vec![Value::Undefined; items.len()]));
        let remaining = Rc::new(Cell::new(items.len()));
        if items.is_empty() {
            result.resolve(Value::Array(Vec::new()));
        }
        for (index, item) in items.into_iter().enumerate() {
            let recorder = |status: &'static str, key: &'static str| {
                let (records, remaining, done) =
                    (records.clone(), remaining.clone(), result.clone());
                Function::new("", move |args| {
                    records.borrow_mut()[index] = Object::plain(vec![
                        ("status".to_owned(), Value::str(status)),
                        (key.to_owned(), arg(args)),
                    ]);
                    remaining.set(remaining.get() - 1);
                    if remaining.get() == 0 {
                        let all = std::mem::take(&mut *records.borrow_mut());
                        done.resolve(Value::Array(all));
                    }
                    Ok(Value::Undefined)
                })
            };
            let (on_value, on_reason) = (
                recorder("fulfilled", "value"),
                recorder("rejected", "reason"),
            );
            Promise::resolved(queue, item)
                .then(Value::Function(on_value), Value::Function(on_reason));
        }
        result.promise
        // ANCHOR_END: solution
    }
    // ANCHOR_END: all_settled

    /// Kata `promise::any` — `Promise.any(items)`: the first fulfilment, or an
    /// `AggregateError` of every reason.
    ///
    /// **Task.** `Promise.any(items)`: fulfil with the first fulfilment;
    /// once every item has rejected, reject with an `AggregateError`
    /// ([`ALL_REJECTED`]) whose `errors` are the reasons in input order.
    /// No items: reject that way at once, with no errors.
    /// **Node does.** `Promise.any` (ES2021).
    /// **Book.** book/src/ch03-async-patterns/promise.md#any
    /// **Check.** `cargo xtask check chapter-3 promise::any`
    // ANCHOR: any
    pub fn any(queue: &MicrotaskQueue, items: Vec<Value>) -> Promise {
        // ANCHOR: solution
        let result = Promise::deferred(queue);
        let reasons = Rc::new(RefCell::new(vec![Value::Undefined; items.len()]));
        let remaining = Rc::new(Cell::new(items.len()));
        let aggregate = |errors: Vec<Value>| {
            Value::Error(Rc::new(JsError {
                kind: ErrorKind::AggregateError,
                message: ALL_REJECTED.to_owned(),
                errors,
            }))
        };
        if items.is_empty() {
            result.reject(aggregate(Vec::new()));
        }
        for (index, item) in items.into_iter().enumerate() {
            let (reasons, remaining, done) =
                (reasons.clone(), remaining.clone(), result.clone());
            let store = Function::new("", move |args| {
                reasons.borrow_mut()[index] = arg(args);
                remaining.set(remaining.get() - 1);
                if remaining.get() == 0 {
                    let all = std::mem::take(&mut *reasons.borrow_mut());
                    done.reject(aggregate(all));
                }
                Ok(Value::Undefined)
            });
            Promise::resolved(queue, item).then(
                Value::Function(result.resolve.clone()),
                Value::Function(store),
            );
        }
        result.promise
        // ANCHOR_END: solution
    }
    // ANCHOR_END: any
}
