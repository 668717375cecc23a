//! Listeners that are never removed (作用域未释放):
//! an emitter keeps every closure alive.
//!
//! A listener is a closure, and a closure keeps alive everything it captured.
//! A long-lived emitter (a server, a database connection, `process`) that
//! gets one listener per request, never removed, holds every request's data
//! for as long as the emitter lives. Node warns past ten listeners on one
//! event (`MaxListenersExceededWarning`) for exactly this reason. The fix is
//! to remove the listener when its request is done (`off`, or `once`).
//! Book: book/src/ch04-memory/leaks.md

/// A listener's handle, for removing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ListenerId(pub u64);

/// A listener: a boxed closure called with each event's payload.
pub type Listener = Box<dyn FnMut(&str)>;

/// A one-event emitter, enough to show the leak.
#[derive(Default)]
pub struct Emitter {
    /// Listeners in the order they were added.
    pub listeners: Vec<(ListenerId, Listener)>,
    /// The next id to hand out.
    pub next_id: u64,
}

impl std::fmt::Debug for Emitter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emitter")
            .field("listeners", &self.listeners.len())
            .finish()
    }
}

impl Emitter {
    /// Adds a listener; returns its id.
    pub fn on(&mut self, listener: Listener) -> ListenerId {
        let id = ListenerId(self.next_id);
        self.next_id += 1;
        self.listeners.push((id, listener));
        id
    }

    /// Calls every listener with `payload`; returns how many there were.
    pub fn emit(&mut self, payload: &str) -> usize {
        for (_, listener) in &mut self.listeners {
            listener(payload);
        }
        self.listeners.len()
    }

    /// Kata `listeners::off` — remove the listener `id`, dropping its closure.
    ///
    /// **Task.** Remove the listener with this id and return true; return
    /// false when there is none. Other listeners keep their order. The
    /// removed closure must be dropped, freeing what it captured.
    /// **Node does.** `emitter.off(event, fn)` (`removeListener`) in `lib/events.js`.
    /// **Book.** book/src/ch04-memory/leaks.md#off
    /// **Check.** `cargo xtask check chapter-4 listeners::off`
    // ANCHOR: off
    pub fn off(&mut self, id: ListenerId) -> bool {
        // ANCHOR: solution
        match self.listeners.iter().position(|(l, _)| *l == id) {
            Some(index) => {
                // `remove`, not `swap_remove`: Node keeps listeners in order.
                // Dropping the closure here frees what it captured.
                drop(self.listeners.remove(index));
                true
            }
            None => false,
        }
        // ANCHOR_END: solution
    }
    // ANCHOR_END: off
}

/// One request handled the leaking way: a listener capturing the request's
/// body is added to a long-lived emitter and never removed.
pub fn handle_request_leaky(server: &mut Emitter, body: Vec<u8>) {
    server.on(Box::new(move |_event| {
        let _still_needed = body.len();
    }));
}

/// The same request, cleaned up: the listener goes when the request is done.
pub fn handle_request(server: &mut Emitter, body: Vec<u8>) {
    let id = server.on(Box::new(move |_event| {
        let _still_needed = body.len();
    }));
    // … the request's work happens here …
    server.off(id);
}
