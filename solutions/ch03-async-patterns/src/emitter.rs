//! Publish/subscribe (发布-订阅): Node's `EventEmitter`, with its exact semantics.
//!
//! An emitter maps event names to lists of listeners. `emit` calls the
//! listeners of one event, in order, with the emit's arguments, and returns
//! whether there were any. The details are where hand-written emitters (the
//! notes' included) go wrong, and every one of them is observable in Node 20's
//! `lib/events.js`: `once` removes its wrapper *before* the listener runs;
//! `off` removes only the most recently added match, and finds a once-wrapper
//! by its original function; `emit` works on a copy of the list, so changes
//! made by a listener affect the next emit only; an `error` event nobody
//! listens to throws; `newListener` and `removeListener` are events too; past
//! `maxListeners` (10) Node prints a leak warning, once per event.
//! Book: book/src/ch03-async-patterns/emitter.md

use std::cell::{Cell, RefCell};
use std::fmt;
use std::rc::Rc;

use crate::json::{Json, js_key_order};

/// `EventEmitter.defaultMaxListeners`: how many listeners per event before the leak warning.
pub const DEFAULT_MAX_LISTENERS: usize = 10;

/// The name Node 20 gives a once-wrapper: `onceWrapper.bind(state)`.
pub const ONCE_WRAPPER_NAME: &str = "bound onceWrapper";

/// What a listener runs: it receives the emitter (`this` in Node) and the emit's arguments.
///
/// A listener may call back into the emitter (add, remove, emit). An error it
/// returns is an exception thrown from the listener: it unwinds through `emit`.
pub type Body = dyn Fn(&mut EventEmitter, &[Arg]) -> Result<(), EmitError>;

/// A listener function: a name for printing, and a body whose *identity* is the function's.
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
    pub fn call(&self, emitter: &mut EventEmitter, args: &[Arg]) -> Result<(), EmitError> {
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
    /// How the replayer prints it: `JSON.stringify` for values, `[Function: name]` for functions.
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
    /// Added by `once`/`prependOnceListener`: removes itself, then calls its listener.
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
    /// A caller's function (`emitter.off(type, fn)`): matches it, or a once-wrapper around it.
    Listener(&'a Listener),
    /// One particular once-wrapper (a wrapper removing itself, or `removeAllListeners`).
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
    /// Anything else a listener threw (the script replayer throws one to stop a runaway script).
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
            EmitError::Unhandled { payload: None } => write!(f, "unhandled 'error' event"),
            EmitError::Thrown { message } => write!(f, "a listener threw: {message}"),
        }
    }
}

impl std::error::Error for EmitError {}

/// Node's `MaxListenersExceededWarning`, raised once per event when its list grows past the limit.
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

    /// Records a warning and hands it to [`on_warning`](Self::on_warning) (`process.emitWarning`).
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
    pub fn prepend_listener(&mut self, event: &str, listener: &Listener) -> Result<(), EmitError> {
        self.add_listener(event, Registration::Plain(listener.clone()), true)
    }

    /// `emitter.once(event, listener)`.
    pub fn once(&mut self, event: &str, listener: &Listener) -> Result<(), EmitError> {
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

    // ANCHOR: add_listener
    /// Kata `emitter::add_listener` — register a listener at the end (or the front) of `event`'s list.
    ///
    /// **Task.** If anyone listens to `newListener`, first emit
    /// `newListener(event, fn)` with the caller's function (a once-wrapper's
    /// listener, not the wrapper). Then append `registration` to `event`'s
    /// list — at the front when `prepend` — creating the entry at the end of
    /// [`events`](Self::events) if the event had none. If the list now has more
    /// than [`max_listeners`](Self::max_listeners) entries (a limit of 0 means
    /// none) and this event has not warned yet, mark it warned and raise a
    /// [`MaxListenersWarning`] through [`emit_warning`](Self::emit_warning).
    /// **Node does.** `_addListener` in `lib/events.js`.
    /// **Book.** book/src/ch03-async-patterns/emitter.md
    /// **Check.** `cargo xtask check chapter-3 emitter::add_listener`
    pub fn add_listener(
        &mut self,
        event: &str,
        registration: Registration,
        prepend: bool,
    ) -> Result<(), EmitError> {
        // ANCHOR: solution
        // `newListener` hears about a listener before it is added, so a
        // `newListener` listener never hears about itself.
        if self.handlers("newListener").is_some() {
            let name = Arg::Function(registration.listener().name().to_owned());
            self.emit("newListener", &[Arg::from(event), name])?;
        }
        let max = self.max_listeners;
        let index = match self.events.iter().position(|(e, _)| e == event) {
            Some(index) => index,
            None => {
                self.events.push((event.to_owned(), Handlers::default()));
                self.events.len() - 1
            }
        };
        let handlers = &mut self.events[index].1;
        let count = {
            let mut list = handlers.list.borrow_mut();
            if prepend {
                list.insert(0, registration);
            } else {
                list.push(registration);
            }
            list.len()
        };
        if max > 0 && count > max && !handlers.warned {
            handlers.warned = true;
            self.emit_warning(MaxListenersWarning {
                event: event.to_owned(),
                count,
                max,
            });
        }
        Ok(())
        // ANCHOR_END: solution
    }
    // ANCHOR_END: add_listener

    // ANCHOR: emit
    /// Kata `emitter::emit` — call every listener of `event` with `args`; say whether there were any.
    ///
    /// **Task.** Copy `event`'s list first, then call each entry of the copy in
    /// order: a plain listener with [`Listener::call`], a once-wrapper with
    /// [`once_wrapper`](Self::once_wrapper). A listener's error stops the emit and
    /// is returned. Return `Ok(true)` if the list had entries, `Ok(false)` if
    /// not — except for `"error"`: with no listener, return
    /// [`EmitError::Unhandled`] carrying the first argument.
    /// **Node does.** `EventEmitter.prototype.emit`: `arrayClone(handler)`, and
    /// `throw new ERR_UNHANDLED_ERROR(...)` with `err.context = er`.
    /// **Book.** book/src/ch03-async-patterns/emitter.md
    /// **Check.** `cargo xtask check chapter-3 emitter::emit`
    pub fn emit(&mut self, event: &str, args: &[Arg]) -> Result<bool, EmitError> {
        // ANCHOR: solution
        // The copy is the point: a listener that adds or removes listeners
        // changes the *next* emit, never this one.
        let Some(snapshot) = self.handlers(event).map(|h| h.list.borrow().clone()) else {
            if event == "error" {
                return Err(EmitError::Unhandled {
                    payload: args.first().cloned(),
                });
            }
            return Ok(false);
        };
        for registration in &snapshot {
            match registration {
                Registration::Plain(listener) => listener.call(self, args)?,
                Registration::Once(wrapper) => self.once_wrapper(event, wrapper, args)?,
            }
        }
        Ok(true)
        // ANCHOR_END: solution
    }
    // ANCHOR_END: emit

    // ANCHOR: once_wrapper
    /// Kata `emitter::once_wrapper` — what a `once` registration does when an emit reaches it.
    ///
    /// **Task.** If the wrapper has fired already, do nothing. Otherwise remove
    /// *this wrapper* from `event`'s list ([`Removal::Wrapper`]), mark it fired,
    /// and only then call its listener with `args`.
    /// **Node does.** `onceWrapper` in `lib/events.js`: `removeListener`, `fired = true`, `apply`.
    /// **Book.** book/src/ch03-async-patterns/emitter.md
    /// **Check.** `cargo xtask check chapter-3 emitter::once_wrapper`
    pub fn once_wrapper(
        &mut self,
        event: &str,
        wrapper: &OnceWrapper,
        args: &[Arg],
    ) -> Result<(), EmitError> {
        // ANCHOR: solution
        // The `fired` flag matters when the listener emits the same event
        // again: the outer emit's copy still holds this wrapper.
        if wrapper.fired.get() {
            return Ok(());
        }
        self.remove_listener(event, Removal::Wrapper(wrapper))?;
        wrapper.fired.set(true);
        wrapper.listener.call(self, args)
        // ANCHOR_END: solution
    }
    // ANCHOR_END: once_wrapper

    // ANCHOR: remove_listener
    /// Kata `emitter::remove_listener` — remove one matching entry from `event`'s list.
    ///
    /// **Task.** A [`Removal::Listener`] matches an entry whose
    /// [`listener()`](Registration::listener) is that function (so it finds
    /// once-wrappers too); a [`Removal::Wrapper`] matches only that wrapper.
    /// Remove the *last* match, if any; drop the event's entry when its list
    /// is empty, and when it shrinks to one listener give the event a new
    /// list holding that one (Node's `events[type] = list[0]`: the old list
    /// keeps its last entry for anyone holding it) and clear `warned`. Then, if
    /// anyone listens to `removeListener`, emit `removeListener(event, fn)`:
    /// `fn` is the removed entry's listener when the list held one entry, and
    /// otherwise what was asked for — a wrapper shows as [`ONCE_WRAPPER_NAME`].
    /// **Node does.** `removeListener` in `lib/events.js` (its two branches,
    /// single function and array, pass different functions to the event).
    /// **Book.** book/src/ch03-async-patterns/emitter.md
    /// **Check.** `cargo xtask check chapter-3 emitter::remove_listener`
    pub fn remove_listener(&mut self, event: &str, target: Removal<'_>) -> Result<(), EmitError> {
        // ANCHOR: solution
        let Some(index) = self.events.iter().position(|(e, _)| e == event) else {
            return Ok(());
        };
        let handlers = &mut self.events[index].1;
        let matches = |registration: &Registration| match (target, registration) {
            (Removal::Listener(listener), r) => r.listener().is(listener),
            (Removal::Wrapper(wrapper), Registration::Once(other)) => other.is(wrapper),
            (Removal::Wrapper(_), Registration::Plain(_)) => false,
        };
        let mut list = handlers.list.borrow_mut();
        // Search from the end: the most recently added match goes first.
        let Some(position) = list.iter().rposition(matches) else {
            return Ok(());
        };
        let was_single = list.len() == 1;
        let removed = list.remove(position);
        let survivor = (list.len() == 1).then(|| list[0].clone());
        drop(list);
        if was_single {
            self.events.remove(index);
        } else if let Some(survivor) = survivor {
            // Node turns a one-element array back into a bare function: the
            // event gets a new list, and a `removeAllListeners` still holding
            // the old one keeps reading it. The `warned` flag lived on the array.
            handlers.list = Rc::new(RefCell::new(vec![survivor]));
            handlers.warned = false;
        }
        if self.handlers("removeListener").is_some() {
            let shown = match target {
                _ if was_single => removed.listener().name().to_owned(),
                Removal::Listener(listener) => listener.name().to_owned(),
                Removal::Wrapper(_) => ONCE_WRAPPER_NAME.to_owned(),
            };
            self.emit("removeListener", &[Arg::from(event), Arg::Function(shown)])?;
        }
        Ok(())
        // ANCHOR_END: solution
    }
    // ANCHOR_END: remove_listener

    // ANCHOR: remove_all_listeners
    /// Kata `emitter::remove_all_listeners` — remove every listener of `event`, or of every event.
    ///
    /// **Task.** With nobody listening to `removeListener`, just drop the
    /// entries (one event's, or all). Otherwise remove them one at a time
    /// through [`remove_listener`](Self::remove_listener), so the event fires
    /// for each: for one event, hold on to its list (`Rc::clone`, Node's
    /// `const listeners = events[type]`) and walk *that* list's indices from
    /// the last at the start to 0, reading each entry when its turn comes and
    /// removing it (a plain entry as [`Removal::Listener`], a wrapper as
    /// [`Removal::Wrapper`]); an index past the held list's end is Node's
    /// `ERR_INVALID_ARG_TYPE`, an [`EmitError::Thrown`]. For all
    /// events, each name in [`event_names`](Self::event_names) order except
    /// `removeListener`, then `removeListener` itself last, then clear everything.
    /// **Node does.** `removeAllListeners` in `lib/events.js`.
    /// **Book.** book/src/ch03-async-patterns/emitter.md
    /// **Check.** `cargo xtask check chapter-3 emitter::remove_all_listeners`
    pub fn remove_all_listeners(&mut self, event: Option<&str>) -> Result<(), EmitError> {
        // ANCHOR: solution
        if self.handlers("removeListener").is_none() {
            match event {
                None => self.events.clear(),
                Some(event) => self.events.retain(|(e, _)| e != event),
            }
            return Ok(());
        }
        let Some(event) = event else {
            for name in self.event_names() {
                if name != "removeListener" {
                    self.remove_all_listeners(Some(&name))?;
                }
            }
            self.remove_all_listeners(Some("removeListener"))?;
            self.events.clear();
            return Ok(());
        };
        // Node reads `events[type]` once and walks that array from the end
        // (LIFO), one removeListener each, reading `listeners[i]` as it goes.
        // While the array is still the event's list, a `removeListener`
        // listener that adds to or removes from this event changes what the
        // next step reads; once the array is abandoned (the list shrank to
        // one, or was deleted) the walk reads what the array was left with.
        let Some(held) = self.handlers(event).map(|h| Rc::clone(&h.list)) else {
            return Ok(());
        };
        let start = held.borrow().len();
        for i in (0..start).rev() {
            let registration = held.borrow().get(i).cloned();
            // Listeners removed more than one entry: `listeners[i]` is
            // `undefined`, and Node's `removeListener` throws on it.
            let Some(registration) = registration else {
                return Err(EmitError::Thrown {
                    message: "ERR_INVALID_ARG_TYPE".to_owned(),
                });
            };
            let target = match &registration {
                Registration::Plain(listener) => Removal::Listener(listener),
                Registration::Once(wrapper) => Removal::Wrapper(wrapper),
            };
            self.remove_listener(event, target)?;
        }
        Ok(())
        // ANCHOR_END: solution
    }
    // ANCHOR_END: remove_all_listeners

    // ANCHOR: event_names
    /// Kata `emitter::event_names` — the names of the events that have listeners, in JavaScript key order.
    ///
    /// **Task.** Names that are array indices ([`is_array_index`](crate::json::is_array_index):
    /// `"0"`, `"42"`) come first, in ascending numeric order; then every other
    /// name in the order it was added to [`events`](Self::events).
    /// **Node does.** `eventNames()` returns `Reflect.ownKeys(this._events)`,
    /// and JavaScript objects list their keys that way.
    /// **Book.** book/src/ch03-async-patterns/emitter.md
    /// **Check.** `cargo xtask check chapter-3 emitter::event_names`
    pub fn event_names(&self) -> Vec<String> {
        // ANCHOR: solution
        js_key_order(&self.events)
            .into_iter()
            .map(|(name, _)| name.clone())
            .collect()
        // ANCHOR_END: solution
    }
    // ANCHOR_END: event_names
}
