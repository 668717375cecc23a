//! The JavaScript the promise katas run on
//! (provided): values, the microtask queue, promises.
//!
//! [`Value`] models just enough JavaScript to port the Promises/A+ suite:
//! primitives, arrays, plain objects and thenables (objects with a `then`),
//! functions (Rust closures that return or throw), errors and promises.
//! [`MicrotaskQueue`] is the host's job queue, and [`Promise`] is a shared
//! [`Slot`] (state and waiting reactions) plus the queue its jobs go to, with
//! the constructors that only call the katas in [`promise`](crate::promise).
//! Everything is single-threaded, like a JavaScript agent.
//! Book: book/src/ch03-async-patterns/promise.md

use std::cell::RefCell;
use std::collections::VecDeque;
use std::fmt;
use std::rc::Rc;

/// How a JavaScript call ends: `Ok` with the
/// returned value, or `Err` with the thrown one.
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
    pub fn new(
        name: &str,
        body: impl Fn(&[Value]) -> Completion + 'static,
    ) -> Function {
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

/// A plain object: named fields, and possibly a
/// `then` property, which makes it a thenable.
pub struct Object {
    /// The object's own data fields, in insertion order (`{ status, value }`).
    pub fields: Vec<(String, Value)>,
    /// How reading `obj.then` behaves; `None` means the object
    /// has no `then` at all. A getter lets a test count the
    /// reads or throw from one (Promises/A+ 2.3.3.1–2).
    pub then: Option<Getter>,
}

impl Object {
    /// A plain object with these fields and no `then`.
    pub fn plain(fields: Vec<(String, Value)>) -> Value {
        Value::Object(Rc::new(Object { fields, then: None }))
    }

    /// A thenable: an object whose `then` property
    /// is `then` (any value, not only a function).
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

    /// `obj.then`: the getter's completion, or
    /// `undefined` when there is no such property.
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

/// Values compare as JavaScript's `===` would for objects (identity), and by content
/// for primitives, arrays, errors and plain objects, which is what a test wants.
impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Undefined, Value::Undefined) | (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Number(a), Value::Number(b)) => a == b,
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Array(a), Value::Array(b)) => a == b,
            (Value::Object(a), Value::Object(b)) => {
                Rc::ptr_eq(a, b)
                    || (a.then.is_none() && b.then.is_none() && a.fields == b.fields)
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

    /// Runs jobs until the queue is empty, including
    /// jobs queued meanwhile; returns how many ran.
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
    /// Called with the value on fulfilment, if it
    /// is a function; any other value is ignored.
    pub on_fulfilled: Value,
    /// Called with the reason on rejection, if it
    /// is a function; any other value is ignored.
    pub on_rejected: Value,
    /// The promise `then` returned, with its resolving functions: the handler's
    /// result goes there.
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

/// A promise with its resolving functions: the *Deferred* of the notes, what
/// `Promise.withResolvers()` returns on Node 22 (Node 10 and 20 lack it).
#[derive(Clone)]
pub struct Deferred {
    /// The promise the consumer sees.
    pub promise: Promise,
    /// Resolves it (runs the resolution procedure),
    /// at most once together with `reject`.
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
}
