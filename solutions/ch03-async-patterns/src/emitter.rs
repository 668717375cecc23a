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
//!
//! The data Node keeps (listeners, once-wrappers, the `_events` table) is
//! provided in [`events`](crate::events); this file holds the katas.
//! Book: book/src/ch03-async-patterns/emitter.md

// ANCHOR: solution_only
use std::cell::RefCell;
use std::rc::Rc;

use crate::json::js_key_order;
// ANCHOR_END: solution_only

pub use crate::events::{
    Arg, Body, DEFAULT_MAX_LISTENERS, EmitError, EventEmitter, Handlers, Listener,
    MaxListenersWarning, ONCE_WRAPPER_NAME, OnceWrapper, Registration, Removal,
    WarningHook,
};

impl EventEmitter {
    /// Kata `emitter::add_listener` — register a listener at the end (or the front)
    /// of `event`'s list.
    ///
    /// **Task.** After the call, `registration` is in `event`'s list — last, or first
    /// when `prepend` — and an event seen for the first time comes last in
    /// [`events`](Self::events). Listeners of `newListener` hear about the caller's
    /// function (never the once-wrapper) *before* it is added, and the first time an
    /// event's list grows past [`max_listeners`](Self::max_listeners) (0: no limit)
    /// it raises one [`MaxListenersWarning`] through
    /// [`emit_warning`](Self::emit_warning).
    /// **Node does.** `_addListener` in `lib/events.js`.
    /// **Book.** book/src/ch03-async-patterns/emitter.md#add-listener
    /// **Check.** `cargo xtask check chapter-3 emitter::add_listener`
    // ANCHOR: add_listener
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

    /// Kata `emitter::emit` — call every listener of
    /// `event` with `args`; say whether there were any.
    ///
    /// **Task.** Call every listener of `event` with `args`, in order, and say
    /// whether there were any. Listeners added or removed while the emit runs change
    /// the next emit, never this one; a `once` registration runs through
    /// [`once_wrapper`](Self::once_wrapper); a listener's error stops the emit and is
    /// returned. `emit("error", ..)` with nobody listening is
    /// [`EmitError::Unhandled`] carrying the first argument.
    /// **Node does.** `EventEmitter.prototype.emit`: `arrayClone(handler)`, and
    /// `throw new ERR_UNHANDLED_ERROR(...)` with `err.context = er`.
    /// **Book.** book/src/ch03-async-patterns/emitter.md#emit
    /// **Check.** `cargo xtask check chapter-3 emitter::emit`
    // ANCHOR: emit
    pub fn emit(&mut self, event: &str, args: &[Arg]) -> Result<bool, EmitError> {
        // ANCHOR: solution
        // The copy is the point: a listener that adds or removes listeners
        // changes the *next* emit, never this one.
        let Some(snapshot) = self.handlers(event).map(|h| h.list.borrow().clone())
        else {
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
                Registration::Once(wrapper) => {
                    self.once_wrapper(event, wrapper, args)?
                }
            }
        }
        Ok(true)
        // ANCHOR_END: solution
    }
    // ANCHOR_END: emit

    /// Kata `emitter::once_wrapper` — what a `once`
    /// registration does when an emit reaches it.
    ///
    /// **Task.** A `once` listener runs at most once, and is already gone from
    /// `event`'s list when it runs: inside it, `listenerCount` does not count it, and
    /// an emit of the same event does not reach it again.
    /// **Node does.** `onceWrapper` in `lib/events.js`: `removeListener`,
    /// `fired = true`, `apply`.
    /// **Book.** book/src/ch03-async-patterns/emitter.md#once-wrapper
    /// **Check.** `cargo xtask check chapter-3 emitter::once_wrapper`
    // ANCHOR: once_wrapper
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

    /// Kata `emitter::remove_listener` — remove
    /// one matching entry from `event`'s list.
    ///
    /// **Task.** `off(event, fn)` removes the most recently added registration of
    /// `fn`, plain or once-wrapped; [`Removal::Wrapper`] removes exactly that
    /// wrapper. An event left with no listener leaves [`events`](Self::events); one
    /// left with a single listener gets a fresh list, as Node's
    /// `events[type] = list[0]` does, and may warn again. Listeners of
    /// `removeListener` then hear `(event, fn)`: the removed entry's function when
    /// the event held one entry, otherwise what was asked for — a wrapper shows as
    /// [`ONCE_WRAPPER_NAME`].
    /// **Node does.** `removeListener` in `lib/events.js` (its two branches,
    /// single function and array, pass different functions to the event).
    /// **Book.** book/src/ch03-async-patterns/emitter.md#remove-listener
    /// **Check.** `cargo xtask check chapter-3 emitter::remove_listener`
    // ANCHOR: remove_listener
    pub fn remove_listener(
        &mut self,
        event: &str,
        target: Removal<'_>,
    ) -> Result<(), EmitError> {
        // ANCHOR: solution
        let Some(index) = self.events.iter().position(|(e, _)| e == event) else {
            return Ok(());
        };
        let handlers = &mut self.events[index].1;
        let matches = |registration: &Registration| match (target, registration) {
            (Removal::Listener(listener), r) => r.listener().is(listener),
            (Removal::Wrapper(wrapper), Registration::Once(other)) => {
                other.is(wrapper)
            }
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

    /// Kata `emitter::remove_all_listeners` — remove
    /// every listener of `event`, or of every event.
    ///
    /// **Task.** `removeAllListeners(event)` removes every listener of `event`, or of
    /// every event for `None`. Listeners of `removeListener` hear about each removal
    /// in Node's order: an event's listeners last one first, the events in
    /// [`event_names`](Self::event_names) order with `removeListener` itself last. A
    /// `removeListener` listener that changes the list meanwhile sees what Node's
    /// listener sees — including Node's `ERR_INVALID_ARG_TYPE`
    /// ([`EmitError::Thrown`]) when the walk runs past the list it started on.
    /// **Node does.** `removeAllListeners` in `lib/events.js`.
    /// **Book.** book/src/ch03-async-patterns/emitter.md#remove-all-listeners
    /// **Check.** `cargo xtask check chapter-3 emitter::remove_all_listeners`
    // ANCHOR: remove_all_listeners
    pub fn remove_all_listeners(
        &mut self,
        event: Option<&str>,
    ) -> Result<(), EmitError> {
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

    /// Kata `emitter::event_names` — the names of the events that have listeners, in
    /// JavaScript key order.
    ///
    /// **Task.** Names that are array indices
    /// ([`is_array_index`](crate::json::is_array_index): `"0"`, `"42"`) come first,
    /// in ascending numeric order; then every other name in the order it was added to
    /// [`events`](Self::events).
    /// **Node does.** `eventNames()` returns `Reflect.ownKeys(this._events)`,
    /// and JavaScript objects list their keys that way.
    /// **Book.** book/src/ch03-async-patterns/emitter.md#event-names
    /// **Check.** `cargo xtask check chapter-3 emitter::event_names`
    // ANCHOR: event_names
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
