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
        todo!("kata emitter::add_listener")
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
        todo!("kata emitter::emit")
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
        todo!("kata emitter::once_wrapper")
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
        todo!("kata emitter::remove_listener")
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
        todo!("kata emitter::remove_all_listeners")
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
        todo!("kata emitter::event_names")
    }
    // ANCHOR_END: event_names
}
