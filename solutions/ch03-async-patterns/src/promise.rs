//! Promise/Deferred (Promise/Deferred模式): a Promises/A+ state machine on an explicit microtask queue.
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
//! JavaScript values are modelled by [`Value`], just enough of them to port the
//! Promises/A+ suite: primitives, arrays, plain objects and thenables (objects
//! with a `then`), functions (Rust closures that return or throw), errors and
//! promises. Everything here is single-threaded, like a JavaScript agent.
//! Book: book/src/ch03-async-patterns/promise.md

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::fmt;
use std::rc::Rc;

/// How a JavaScript call ends: `Ok` with the returned value, or `Err` with the thrown one.
pub type Completion = Result<Value, Value>;

/// A function body: called with the arguments, returns or throws.
pub type Body = Rc<dyn Fn(&[Value]) -> Completion>;

/// A property getter: reading `x.then` may itself throw.
pub type Getter = Rc<dyn Fn() -> Completion>;

/// A JavaScript function: a name (for printing) and a body shared by every copy.
#[derive(Clone)]
pub struct Function {
    /// The name `[Function: name]` shows.
    pub name: Rc<str>,
    /// What calling the function does.
    pub body: Body,
}

impl Function {
    /// A function called `name` with the given body.
    pub fn new(name: &str, body: impl Fn(&[Value]) -> Completion + 'static) -> Function {
        Function {
            name: name.into(),
            body: Rc::new(body),
        }
    }

    /// Calls the function; a missing argument reads as `undefined`, as in JavaScript.
    pub fn call(&self, args: &[Value]) -> Completion {
        (self.body)(args)
    }

    /// True when both are the same function object (JavaScript's `===`).
    pub fn is(&self, other: &Function) -> bool {
        Rc::ptr_eq(&self.body, &other.body)
    }
}

/// A plain object: named fields, and possibly a `then` property, which makes it a thenable.
pub struct Object {
    /// The object's own data fields, in insertion order (`{ status, value }`).
    pub fields: Vec<(String, Value)>,
    /// How reading `obj.then` behaves; `None` means the object has no `then` at all.
    /// A getter lets a test count the reads or throw from one (Promises/A+ 2.3.3.1–2).
    pub then: Option<Getter>,
}

impl Object {
    /// A plain object with these fields and no `then`.
    pub fn plain(fields: Vec<(String, Value)>) -> Value {
        Value::Object(Rc::new(Object { fields, then: None }))
    }

    /// A thenable: an object whose `then` property is `then` (any value, not only a function).
    pub fn thenable(then: Value) -> Value {
        Object::with_then_getter(move || Ok(then.clone()))
    }

    /// An object whose `then` is an accessor property running `getter` on every read.
    pub fn with_then_getter(getter: impl Fn() -> Completion + 'static) -> Value {
        Value::Object(Rc::new(Object {
            fields: Vec::new(),
            then: Some(Rc::new(getter)),
        }))
    }

    /// `obj.then`: the getter's completion, or `undefined` when there is no such property.
    pub fn get_then(&self) -> Completion {
        match &self.then {
            Some(getter) => getter(),
            None => Ok(Value::Undefined),
        }
    }
}

/// The error classes the katas raise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// `Error`, what user code usually throws.
    Error,
    /// `TypeError`: what resolving a promise with itself rejects with.
    TypeError,
    /// `AggregateError`: what `Promise.any` rejects with when every input rejected.
    AggregateError,
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ErrorKind::Error => "Error",
            ErrorKind::TypeError => "TypeError",
            ErrorKind::AggregateError => "AggregateError",
        })
    }
}

/// A JavaScript error object.
#[derive(Debug, Clone, PartialEq)]
pub struct JsError {
    /// Its class.
    pub kind: ErrorKind,
    /// Its `message`.
    pub message: String,
    /// `AggregateError`'s `errors`, in input order; empty for the others.
    pub errors: Vec<Value>,
}

/// The message V8 gives `Promise.any`'s `AggregateError`.
pub const ALL_REJECTED: &str = "All promises were rejected";

/// The message V8 gives the `TypeError` of a promise resolved with itself.
pub const SELF_RESOLUTION: &str = "Chaining cycle detected for promise #<Promise>";

/// A JavaScript value, as far as the katas need one.
#[derive(Clone)]
pub enum Value {
    /// `undefined`.
    Undefined,
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number (integers are enough here).
    Number(i64),
    /// A string.
    Str(String),
    /// An array, as `Promise.all` fulfils with.
    Array(Vec<Value>),
    /// A plain object or a thenable.
    Object(Rc<Object>),
    /// A function.
    Function(Function),
    /// A promise of this module.
    Promise(Promise),
    /// An error object.
    Error(Rc<JsError>),
}

impl Value {
    /// A string value.
    pub fn str(text: &str) -> Value {
        Value::Str(text.to_owned())
    }

    /// An error of `kind` with `message`.
    pub fn error(kind: ErrorKind, message: &str) -> Value {
        Value::Error(Rc::new(JsError {
            kind,
            message: message.to_owned(),
            errors: Vec::new(),
        }))
    }

    /// The value as this chapter prints it (the Node side prints the same way):
    /// strings in double quotes, `[1, 2]`, `{status: "fulfilled", value: 1}`,
    /// `TypeError: message`, `[Function: name]`, `[Promise]`.
    pub fn show(&self) -> String {
        match self {
            Value::Undefined => "undefined".to_owned(),
            Value::Null => "null".to_owned(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => n.to_string(),
            Value::Str(s) => format!("{s:?}"),
            Value::Array(items) => {
                let shown: Vec<String> = items.iter().map(Value::show).collect();
                format!("[{}]", shown.join(", "))
            }
            Value::Object(object) if object.then.is_some() => "[thenable]".to_owned(),
            Value::Object(object) => {
                let shown: Vec<String> = object
                    .fields
                    .iter()
                    .map(|(k, v)| format!("{k}: {}", v.show()))
                    .collect();
                format!("{{{}}}", shown.join(", "))
            }
            Value::Function(f) => format!("[Function: {}]", f.name),
            Value::Promise(_) => "[Promise]".to_owned(),
            Value::Error(e) if e.kind == ErrorKind::AggregateError => {
                let shown: Vec<String> = e.errors.iter().map(Value::show).collect();
                format!("{}: {} [{}]", e.kind, e.message, shown.join(", "))
            }
            Value::Error(e) => format!("{}: {}", e.kind, e.message),
        }
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.show())
    }
}

/// Values compare as JavaScript's `===` would for objects (identity), and by
/// content for primitives, arrays, errors and plain objects, which is what a test wants.
impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Undefined, Value::Undefined) | (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Number(a), Value::Number(b)) => a == b,
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Array(a), Value::Array(b)) => a == b,
            (Value::Object(a), Value::Object(b)) => {
                Rc::ptr_eq(a, b) || (a.then.is_none() && b.then.is_none() && a.fields == b.fields)
            }
            (Value::Function(a), Value::Function(b)) => a.is(b),
            (Value::Promise(a), Value::Promise(b)) => a.is(b),
            (Value::Error(a), Value::Error(b)) => a == b,
            _ => false,
        }
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Value {
        Value::Number(n)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::str(s)
    }
}

/// One queued job.
pub type Job = Box<dyn FnOnce()>;

/// The microtask queue (provided): first in, first out, drained by the host.
///
/// In Node, V8 owns this queue and Node drains it after every callback
/// (chapter 2's `microtasks` page); here the test is the host and calls
/// [`run`](MicrotaskQueue::run). Clones share one queue.
#[derive(Clone, Default)]
pub struct MicrotaskQueue {
    /// The jobs waiting, oldest first.
    pub jobs: Rc<RefCell<VecDeque<Job>>>,
}

impl MicrotaskQueue {
    /// An empty queue.
    pub fn new() -> MicrotaskQueue {
        MicrotaskQueue::default()
    }

    /// Queues `job` at the back.
    pub fn enqueue(&self, job: impl FnOnce() + 'static) {
        self.jobs.borrow_mut().push_back(Box::new(job));
    }

    /// How many jobs wait.
    pub fn len(&self) -> usize {
        self.jobs.borrow().len()
    }

    /// True when no job waits.
    pub fn is_empty(&self) -> bool {
        self.jobs.borrow().is_empty()
    }

    /// Runs the oldest job, if any; returns whether one ran.
    ///
    /// The job is taken out before it runs, so it may queue more jobs.
    pub fn run_one(&self) -> bool {
        let job = self.jobs.borrow_mut().pop_front();
        match job {
            Some(job) => {
                job();
                true
            }
            None => false,
        }
    }

    /// Runs jobs until the queue is empty, including jobs queued meanwhile; returns how many ran.
    pub fn run(&self) -> usize {
        let mut ran = 0;
        while self.run_one() {
            ran += 1;
        }
        ran
    }
}

/// How a promise settled.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Fulfilled with a value.
    Fulfilled(Value),
    /// Rejected with a reason.
    Rejected(Value),
}

/// A promise's state: pending, or settled for good.
#[derive(Debug, Clone, PartialEq)]
pub enum State {
    /// Not settled yet; reactions wait in the promise.
    Pending,
    /// Settled; it never changes again.
    Settled(Outcome),
}

/// A `then` registration: the two handlers and the promise `then` returned.
#[derive(Clone)]
pub struct Reaction {
    /// Called with the value on fulfilment, if it is a function; any other value is ignored.
    pub on_fulfilled: Value,
    /// Called with the reason on rejection, if it is a function; any other value is ignored.
    pub on_rejected: Value,
    /// The promise `then` returned, with its resolving functions: the handler's result goes there.
    pub derived: Deferred,
}

/// A promise's insides, shared by every copy of the [`Promise`] handle.
pub struct Slot {
    /// Pending or settled.
    pub state: State,
    /// Reactions registered while pending, in registration order.
    pub reactions: Vec<Reaction>,
}

/// A promise: a shared [`Slot`] and the microtask queue its reactions go to.
#[derive(Clone)]
pub struct Promise {
    /// The state and reactions, shared by every handle.
    pub slot: Rc<RefCell<Slot>>,
    /// Where reaction jobs are queued.
    pub queue: MicrotaskQueue,
}

/// A promise with its resolving functions: the *Deferred* of the notes, `Promise.withResolvers()` today.
#[derive(Clone)]
pub struct Deferred {
    /// The promise the consumer sees.
    pub promise: Promise,
    /// Resolves it (runs the resolution procedure), at most once together with `reject`.
    pub resolve: Function,
    /// Rejects it, at most once together with `resolve`.
    pub reject: Function,
}

impl Deferred {
    /// Calls `resolve(value)`; resolving functions never throw.
    pub fn resolve(&self, value: impl Into<Value>) {
        let _ = self.resolve.call(&[value.into()]);
    }

    /// Calls `reject(reason)`.
    pub fn reject(&self, reason: impl Into<Value>) {
        let _ = self.reject.call(&[reason.into()]);
    }
}

/// The first argument, or `undefined`.
fn arg(args: &[Value]) -> Value {
    args.first().cloned().unwrap_or(Value::Undefined)
}

impl Promise {
    /// A pending promise on `queue`.
    pub fn new(queue: &MicrotaskQueue) -> Promise {
        Promise {
            slot: Rc::new(RefCell::new(Slot {
                state: State::Pending,
                reactions: Vec::new(),
            })),
            queue: queue.clone(),
        }
    }

    /// A pending promise and its resolving functions.
    pub fn deferred(queue: &MicrotaskQueue) -> Deferred {
        let promise = Promise::new(queue);
        let (resolve, reject) = promise.resolving_functions();
        Deferred {
            promise,
            resolve,
            reject,
        }
    }

    /// `new Promise(executor)`: runs `executor(resolve, reject)` now, synchronously;
    /// if it throws, the promise is rejected (unless already resolved).
    pub fn with_executor(queue: &MicrotaskQueue, executor: &Function) -> Promise {
        let deferred = Promise::deferred(queue);
        let args = [
            Value::Function(deferred.resolve.clone()),
            Value::Function(deferred.reject.clone()),
        ];
        if let Err(thrown) = executor.call(&args) {
            deferred.reject(thrown);
        }
        deferred.promise
    }

    /// `Promise.resolve(value)`: a promise of this module is returned as it is;
    /// anything else gets a new promise resolved with it.
    pub fn resolved(queue: &MicrotaskQueue, value: impl Into<Value>) -> Promise {
        match value.into() {
            Value::Promise(promise) => promise,
            value => {
                let deferred = Promise::deferred(queue);
                deferred.resolve(value);
                deferred.promise
            }
        }
    }

    /// `Promise.reject(reason)`.
    pub fn rejected(queue: &MicrotaskQueue, reason: impl Into<Value>) -> Promise {
        let deferred = Promise::deferred(queue);
        deferred.reject(reason);
        deferred.promise
    }

    /// The current state.
    pub fn state(&self) -> State {
        self.slot.borrow().state.clone()
    }

    /// True when both handles are the same promise.
    pub fn is(&self, other: &Promise) -> bool {
        Rc::ptr_eq(&self.slot, &other.slot)
    }

    // ANCHOR: settle
    /// Kata `promise::settle` — fulfil or reject, once; queue the waiting reactions.
    ///
    /// **Task.** If the promise is pending: store `outcome` as the state, take
    /// every waiting reaction and queue one job per reaction, in registration
    /// order, each running [`Promise::run_reaction`] with its own clone of the
    /// outcome; return `true`. If it has already settled: change nothing and
    /// return `false`. Never run a reaction here.
    /// **Node does.** V8's `FulfillPromise`/`RejectPromise` (`TriggerPromiseReactions`).
    /// **Book.** book/src/ch03-async-patterns/promise.md
    /// **Check.** `cargo xtask check chapter-3 promise::settle`
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

    // ANCHOR: run_reaction
    /// Kata `promise::run_reaction` — the job a reaction becomes: call the handler, feed the derived promise.
    ///
    /// **Task.** Pick `on_fulfilled` for a fulfilment and `on_rejected` for a
    /// rejection. If it is a function, call it with the value: what it returns
    /// *resolves* `reaction.derived`, what it throws *rejects* it. If it is not
    /// a function, pass the outcome through: resolve with the value or reject
    /// with the reason.
    /// **Node does.** V8's `PromiseReactionJob`.
    /// **Book.** book/src/ch03-async-patterns/promise.md
    /// **Check.** `cargo xtask check chapter-3 promise::run_reaction`
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

    // ANCHOR: then
    /// Kata `promise::then` — register a reaction and return a new promise.
    ///
    /// **Task.** Make a [`Promise::deferred`] for the result. Pending: append a
    /// [`Reaction`] to the slot's list. Settled: queue the reaction's job now
    /// (never call it here, even though the outcome is known). Return the new promise.
    /// **Node does.** `Promise.prototype.then` → V8's `PerformPromiseThen`.
    /// **Book.** book/src/ch03-async-patterns/promise.md
    /// **Check.** `cargo xtask check chapter-3 promise::then`
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

    // ANCHOR: resolving_functions
    /// Kata `promise::resolving_functions` — the `resolve`/`reject` pair, which work at most once between them.
    ///
    /// **Task.** Return two [`Function`]s sharing one "already resolved" flag.
    /// The first call of either sets the flag; every later call of either does
    /// nothing. `resolve(x)` runs the resolution procedure
    /// ([`Promise::resolve`]); `reject(r)` settles as rejected. Both return `undefined`.
    /// **Node does.** V8's `CreateResolvingFunctions`; the flag is why a thenable
    /// that calls back twice counts once, even while the promise is still pending.
    /// **Book.** book/src/ch03-async-patterns/promise.md
    /// **Check.** `cargo xtask check chapter-3 promise::resolving_functions`
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

    // ANCHOR: resolve
    /// Kata `promise::resolve` — the resolution procedure `[[Resolve]](promise, x)`.
    ///
    /// **Task.** `x` is this very promise: reject with a `TypeError`
    /// ([`SELF_RESOLUTION`]). `x` is a promise: queue a job that calls
    /// `x.then(resolve, reject)` with fresh [`resolving_functions`](Promise::resolving_functions)
    /// of this promise. `x` is an object: read `x.then` once; if reading throws,
    /// reject with what it threw; if it is a function, queue a job that calls it
    /// with fresh resolving functions and, if the call throws, calls `reject`
    /// with the thrown value (ignored when already resolved); otherwise fulfil
    /// with `x`. Anything else: fulfil with `x`.
    /// **Node does.** V8's promise resolve functions and `NewPromiseResolveThenableJob`:
    /// the job is why adopting a thenable takes one extra tick, and a promise two.
    /// **Book.** book/src/ch03-async-patterns/promise.md
    /// **Check.** `cargo xtask check chapter-3 promise::resolve`
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
            // Read `then` exactly once (2.3.3.1): a getter may count, change or throw.
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
                // Ignored by the flag if the thenable already called back (2.3.3.3.4.1).
                let _ = reject.call(&[thrown]);
            }
        });
        // ANCHOR_END: solution
    }
    // ANCHOR_END: resolve

    // ANCHOR: catch
    /// Kata `promise::catch` — `p.catch(onRejected)`.
    ///
    /// **Task.** It is `then` with no fulfilment handler.
    /// **Node does.** `Promise.prototype.catch` calls `this.then(undefined, onRejected)`.
    /// **Book.** book/src/ch03-async-patterns/promise.md
    /// **Check.** `cargo xtask check chapter-3 promise::catch`
    pub fn catch(&self, on_rejected: Value) -> Promise {
        // ANCHOR: solution
        self.then(Value::Undefined, on_rejected)
        // ANCHOR_END: solution
    }
    // ANCHOR_END: catch

    // ANCHOR: finally
    /// Kata `promise::finally` — `p.finally(onFinally)`: run a cleanup, keep the outcome.
    ///
    /// **Task.** If `on_finally` is not a function, it is `then(on_finally, on_finally)`.
    /// Otherwise call `then` with two new functions. On fulfilment with `v`:
    /// call `on_finally()` with no arguments; if it throws, throw that; else
    /// take `Promise::resolved(result)` and return its `then` with a function
    /// returning `v`. On rejection with `r`: the same, but the last function
    /// throws `r`. So a cleanup that returns a promise is waited for, and a
    /// cleanup that throws or rejects replaces the outcome.
    /// **Node does.** `Promise.prototype.finally` (ES2018), which V8 builds exactly so.
    /// **Book.** book/src/ch03-async-patterns/promise.md
    /// **Check.** `cargo xtask check chapter-3 promise::finally`
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

    // ANCHOR: all
    /// Kata `promise::all` — `Promise.all(items)`: every value in order, or the first rejection.
    ///
    /// **Task.** Make a deferred result. For each item `i`: `Promise::resolved(item)`,
    /// then `then` it with a function storing the value at index `i` and, when
    /// no item is outstanding any more, resolving the result with the array; and
    /// the result's `reject` as the rejection handler. No items: resolve with `[]` at once.
    /// **Node does.** `Promise.all` → `PerformPromiseAll` (a remaining-elements count).
    /// **Book.** book/src/ch03-async-patterns/promise.md
    /// **Check.** `cargo xtask check chapter-3 promise::all`
    pub fn all(queue: &MicrotaskQueue, items: Vec<Value>) -> Promise {
        // ANCHOR: solution
        let result = Promise::deferred(queue);
        let values = Rc::new(RefCell::new(vec![Value::Undefined; items.len()]));
        let remaining = Rc::new(Cell::new(items.len()));
        if items.is_empty() {
            result.resolve(Value::Array(Vec::new()));
        }
        for (index, item) in items.into_iter().enumerate() {
            let (values, remaining, done) = (values.clone(), remaining.clone(), result.clone());
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

    // ANCHOR: race
    /// Kata `promise::race` — `Promise.race(items)`: the first item to settle decides.
    ///
    /// **Task.** For each item, `Promise::resolved(item).then(resolve, reject)`
    /// with the result's own resolving functions: the first call wins, the
    /// rest are ignored. No items: the result stays pending for ever.
    /// **Node does.** `Promise.race` → `PerformPromiseRace`.
    /// **Book.** book/src/ch03-async-patterns/promise.md
    /// **Check.** `cargo xtask check chapter-3 promise::race`
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

    // ANCHOR: all_settled
    /// Kata `promise::all_settled` — `Promise.allSettled(items)`: every outcome, never a rejection.
    ///
    /// **Task.** Like [`Promise::all`], but both handlers store a record:
    /// `{status: "fulfilled", value}` or `{status: "rejected", reason}`
    /// (an [`Object::plain`] with the fields in that order), and the result
    /// resolves with the array of records once every item has settled.
    /// **Node does.** `Promise.allSettled` (ES2020).
    /// **Book.** book/src/ch03-async-patterns/promise.md
    /// **Check.** `cargo xtask check chapter-3 promise::all_settled`
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

    // ANCHOR: any
    /// Kata `promise::any` — `Promise.any(items)`: the first fulfilment, or an `AggregateError` of every reason.
    ///
    /// **Task.** The mirror of [`Promise::all`]: the first fulfilment resolves
    /// the result; each rejection stores its reason at the item's index, and
    /// when none is outstanding the result rejects with an
    /// `AggregateError` ([`ALL_REJECTED`]) whose `errors` are the reasons in
    /// input order. No items: reject that way at once, with no errors.
    /// **Node does.** `Promise.any` (ES2021).
    /// **Book.** book/src/ch03-async-patterns/promise.md
    /// **Check.** `cargo xtask check chapter-3 promise::any`
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
            let (reasons, remaining, done) = (reasons.clone(), remaining.clone(), result.clone());
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
