//! The emitter's data (provided): listeners, once-wrappers, the `_events` table.
//!
//! Everything here is scaffolding for the katas in [`emitter`](crate::emitter):
//! the values Node 20's `lib/events.js` keeps (a listener function, the
//! `onceWrapper` state, the per-event listener array and its `warned` flag,
//! `_events` itself) and the one-line methods that only forward to a kata
//! (`on` is `add_listener`, `off` is `remove_listener`).
//! Book: book/src/ch03-async-patterns/emitter.md

use std::cell::{Cell, RefCell};
use std::fmt;
use std::rc::Rc;

use crate::json::Json;

/// `EventEmitter.defaultMaxListeners`: how many
/// listeners per event before the leak warning.
pub const DEFAULT_MAX_LISTENERS: usize = 10;

/// The name Node 20 gives a once-wrapper: `onceWrapper.bind(state)`.
pub const ONCE_WRAPPER_NAME: &str = "bound onceWrapper";

/// What a listener runs: it receives the emitter
/// (`this` in Node) and the emit's arguments.
///
/// A listener may call back into the emitter (add, remove, emit). An error it
/// returns is an exception thrown from the listener: it unwinds through `emit`.
pub type Body = dyn Fn(&mut EventEmitter, &[Arg]) -> Result<(), EmitError>;

/// A listener function: a name for printing, and
/// a body whose *identity* is the function's.
///
/// Cloning shares the body, so a clone is the same function (`===` in
/// JavaScript); two listeners made by two `new` calls are different functions
/// even with the same name.
#[derive(Clone)]
pub struct Listener {
    name: Rc<str>,
    body: Rc<Body>,
}

impl Listener {
    /// A new function called `name`.
    pub fn new(
        name: &str,
        body: impl Fn(&mut EventEmitter, &[Arg]) -> Result<(), EmitError> + 'static,
    ) -> Listener {
        Listener {
            name: name.into(),
            body: Rc::new(body),
        }
    }

    /// The function's `name`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// True when both are the same function (JavaScript's `===` on functions).
    pub fn is(&self, other: &Listener) -> bool {
        std::ptr::addr_eq(Rc::as_ptr(&self.body), Rc::as_ptr(&other.body))
    }

    /// Calls the function with `emitter` as `this`.
    pub fn call(
        &self,
        emitter: &mut EventEmitter,
        args: &[Arg],
    ) -> Result<(), EmitError> {
        (self.body)(emitter, args)
    }
}

impl fmt::Debug for Listener {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[Function: {}]", self.name)
    }
}

/// One argument of an emit: a JSON value, or a function (`newListener` and
/// `removeListener` pass the listener), kept by name because it is only printed.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// A plain value.
    Json(Json),
    /// A function, by its `name`.
    Function(String),
}

impl Arg {
    /// How the replayer prints it: `JSON.stringify`
    /// for values, `[Function: name]` for functions.
    pub fn show(&self) -> String {
        match self {
            Arg::Json(value) => value.to_js_string(),
            Arg::Function(name) => format!("[Function: {name}]"),
        }
    }
}

impl From<&str> for Arg {
    fn from(text: &str) -> Arg {
        Arg::Json(Json::String(text.to_owned()))
    }
}

impl From<Json> for Arg {
    fn from(value: Json) -> Arg {
        Arg::Json(value)
    }
}

/// The wrapper `once` registers instead of the listener (Node's `_onceWrap` state).
///
/// Its identity is the `fired` cell: clones are the same wrapper.
#[derive(Debug, Clone)]
pub struct OnceWrapper {
    /// The function the caller passed to `once` (Node's `wrapFn.listener`).
    pub listener: Listener,
    /// Set once the wrapper has run the listener; a second call does nothing.
    pub fired: Rc<Cell<bool>>,
}

impl OnceWrapper {
    /// A fresh, unfired wrapper around `listener`.
    pub fn new(listener: Listener) -> OnceWrapper {
        OnceWrapper {
            listener,
            fired: Rc::new(Cell::new(false)),
        }
    }

    /// True when both are the same wrapper.
    pub fn is(&self, other: &OnceWrapper) -> bool {
        Rc::ptr_eq(&self.fired, &other.fired)
    }
}

/// One entry in an event's listener list.
#[derive(Debug, Clone)]
pub enum Registration {
    /// Added by `on`/`addListener`/`prependListener`: called on every emit.
    Plain(Listener),
    /// Added by `once`/`prependOnceListener`:
    /// removes itself, then calls its listener.
    Once(OnceWrapper),
}

impl Registration {
    /// The caller's function: the listener itself, or the one a once-wrapper wraps.
    pub fn listener(&self) -> &Listener {
        match self {
            Registration::Plain(listener) => listener,
            Registration::Once(wrapper) => &wrapper.listener,
        }
    }
}

/// What `removeListener` is asked to remove.
#[derive(Debug, Clone, Copy)]
pub enum Removal<'a> {
    /// A caller's function (`emitter.off(type, fn)`):
    /// matches it, or a once-wrapper around it.
    Listener(&'a Listener),
    /// One particular once-wrapper (a wrapper removing itself, or
    /// `removeAllListeners`).
    Wrapper(&'a OnceWrapper),
}

/// An exception thrown out of an emitter call.
#[derive(Debug, Clone, PartialEq)]
pub enum EmitError {
    /// `emit('error', payload)` with no `error` listener: Node throws
    /// `ERR_UNHANDLED_ERROR` carrying the payload as `err.context`.
    Unhandled {
        /// The first argument of the emit, if there was one.
        payload: Option<Arg>,
    },
    /// Anything else a listener threw (the script replayer throws one to stop a
    /// runaway script).
    Thrown {
        /// What was thrown.
        message: String,
    },
}

impl fmt::Display for EmitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EmitError::Unhandled { payload: Some(p) } => {
                write!(f, "unhandled 'error' event ({})", p.show())
            }
            EmitError::Unhandled { payload: None } => {
                write!(f, "unhandled 'error' event")
            }
            EmitError::Thrown { message } => write!(f, "a listener threw: {message}"),
        }
    }
}

impl std::error::Error for EmitError {}

/// Node's `MaxListenersExceededWarning`, raised once
/// per event when its list grows past the limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaxListenersWarning {
    /// The event whose list grew too long.
    pub event: String,
    /// How many listeners it has now.
    pub count: usize,
    /// The emitter's limit at the time.
    pub max: usize,
}

impl MaxListenersWarning {
    /// The warning's `name`.
    pub const NAME: &'static str = "MaxListenersExceededWarning";
}

impl fmt::Display for MaxListenersWarning {
    /// The warning's `message`, word for word as Node 20 prints it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Possible EventEmitter memory leak detected. {} {} listeners added to [EventEmitter]. \
             MaxListeners is {}. Use emitter.setMaxListeners() to increase limit",
            self.count, self.event, self.max
        )
    }
}

/// `process.emitWarning` for the model: called with each warning as it is raised.
pub type WarningHook = Rc<dyn Fn(&MaxListenersWarning)>;

/// The listeners of one event.
#[derive(Debug, Clone, Default)]
pub struct Handlers {
    /// In call order. Shared, like the array in Node's `_events[type]`:
    /// `removeAllListeners` keeps hold of the array it started on while it
    /// works, so it sees the changes made to that array and no other. When
    /// the list shrinks to one listener Node stores the bare function instead
    /// and abandons the array; the model gives the event a new list then.
    pub list: Rc<RefCell<Vec<Registration>>>,
    /// Whether this event already raised the leak warning. Node keeps the flag on
    /// its listener array, so it is lost when the list shrinks back to one listener.
    pub warned: bool,
}

/// Node's `EventEmitter`.
pub struct EventEmitter {
    /// Event name → listeners, in the order the names were added (a JavaScript
    /// object's property order). An event with no listeners has no entry.
    pub events: Vec<(String, Handlers)>,
    /// The leak-warning limit; 0 means no limit.
    pub max_listeners: usize,
    /// Every warning raised so far, in order.
    pub warnings: Vec<MaxListenersWarning>,
    /// Called with each warning as it is raised (`process.emitWarning`).
    pub on_warning: Option<WarningHook>,
}

impl Default for EventEmitter {
    fn default() -> EventEmitter {
        EventEmitter::new()
    }
}

impl fmt::Debug for EventEmitter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventEmitter")
            .field("events", &self.events)
            .field("max_listeners", &self.max_listeners)
            .field("warnings", &self.warnings)
            .finish_non_exhaustive()
    }
}

impl EventEmitter {
    /// An emitter with no listeners and the default limit.
    pub fn new() -> EventEmitter {
        EventEmitter {
            events: Vec::new(),
            max_listeners: DEFAULT_MAX_LISTENERS,
            warnings: Vec::new(),
            on_warning: None,
        }
    }

    /// The listeners of `event`, if it has any.
    pub fn handlers(&self, event: &str) -> Option<&Handlers> {
        self.events.iter().find(|(e, _)| e == event).map(|(_, h)| h)
    }

    /// Mutable access to the listeners of `event`, if it has any.
    pub fn handlers_mut(&mut self, event: &str) -> Option<&mut Handlers> {
        self.events
            .iter_mut()
            .find(|(e, _)| e == event)
            .map(|(_, h)| h)
    }

    /// Records a warning and hands it to [`on_warning`](Self::on_warning)
    /// (`process.emitWarning`).
    pub fn emit_warning(&mut self, warning: MaxListenersWarning) {
        if let Some(hook) = &self.on_warning {
            hook(&warning);
        }
        self.warnings.push(warning);
    }

    /// `emitter.on(event, listener)`, also known as `addListener`.
    pub fn on(&mut self, event: &str, listener: &Listener) -> Result<(), EmitError> {
        self.add_listener(event, Registration::Plain(listener.clone()), false)
    }

    /// `emitter.prependListener(event, listener)`.
    pub fn prepend_listener(
        &mut self,
        event: &str,
        listener: &Listener,
    ) -> Result<(), EmitError> {
        self.add_listener(event, Registration::Plain(listener.clone()), true)
    }

    /// `emitter.once(event, listener)`.
    pub fn once(
        &mut self,
        event: &str,
        listener: &Listener,
    ) -> Result<(), EmitError> {
        let wrapper = OnceWrapper::new(listener.clone());
        self.add_listener(event, Registration::Once(wrapper), false)
    }

    /// `emitter.prependOnceListener(event, listener)`.
    pub fn prepend_once_listener(
        &mut self,
        event: &str,
        listener: &Listener,
    ) -> Result<(), EmitError> {
        let wrapper = OnceWrapper::new(listener.clone());
        self.add_listener(event, Registration::Once(wrapper), true)
    }

    /// `emitter.off(event, listener)`, also known as `removeListener`.
    pub fn off(&mut self, event: &str, listener: &Listener) -> Result<(), EmitError> {
        self.remove_listener(event, Removal::Listener(listener))
    }

    /// `emitter.listenerCount(event)`: once-wrappers count as listeners.
    pub fn listener_count(&self, event: &str) -> usize {
        self.handlers(event).map_or(0, |h| h.list.borrow().len())
    }

    /// `emitter.listeners(event)`: the caller's functions, once-wrappers unwrapped.
    pub fn listeners(&self, event: &str) -> Vec<Listener> {
        self.raw_listeners(event)
            .iter()
            .map(|r| r.listener().clone())
            .collect()
    }

    /// `emitter.rawListeners(event)`: the list as stored, wrappers included.
    pub fn raw_listeners(&self, event: &str) -> Vec<Registration> {
        self.handlers(event)
            .map_or_else(Vec::new, |h| h.list.borrow().clone())
    }

    /// `emitter.setMaxListeners(n)`; 0 turns the warning off.
    pub fn set_max_listeners(&mut self, n: usize) {
        self.max_listeners = n;
    }

    /// `emitter.getMaxListeners()`.
    pub fn get_max_listeners(&self) -> usize {
        self.max_listeners
    }
}
