//! Shared state through the primary (状态共享): the mediator.
//!
//! Workers share no memory. When one of them changes something every worker must
//! see (a feature flag, a config value), it tells the primary, and the primary
//! tells everybody — the notes' "主动通知", a mediator in the middle of a star.
//! Every change gets a version number from the primary, so a worker can tell an
//! old update from a new one, and a worker that joins late asks for a snapshot.
//! Book: book/src/ch07-processes/state.md

use std::collections::BTreeMap;

use serde_json::Value;
// ANCHOR: solution_only
use serde_json::json;
// ANCHOR_END: solution_only

/// The primary's copy of the shared state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mediator {
    /// Every key's current value.
    pub values: BTreeMap<String, Value>,
    /// How many changes were applied (the last change's version).
    pub version: u64,
}

impl Mediator {
    /// An empty state at version 0.
    pub fn new() -> Mediator {
        Mediator::default()
    }

    /// Kata `state::relay` — a worker's message arrives: update the state and say
    /// who hears what.
    ///
    /// **Task.** `{"cmd":"set","key":k,"value":v}` from worker `from`: store it,
    /// count one more version, and return
    /// `{"cmd":"state","key":k,"value":v,"version":n}` for *every* worker
    /// `0..workers` (the sender too: it learns the version). `{"cmd":"snapshot"}`:
    /// return `{"cmd":"snapshot","values":{…},"version":n}` to `from` only.
    /// Anything else (or a `set` without a string key): nothing.
    /// **Node does.** Nothing built in: `cluster` gives you the channels
    /// (`worker.send`, `process.on('message')`) and the notes the pattern.
    /// **Book.** book/src/ch07-processes/state.md#relay
    /// **Check.** `cargo xtask check chapter-7 state::relay`
    // ANCHOR: relay
    pub fn relay(
        &mut self,
        from: usize,
        message: &Value,
        workers: usize,
    ) -> Vec<(usize, Value)> {
        // ANCHOR: solution
        match message.get("cmd").and_then(Value::as_str) {
            Some("set") => {
                let Some(key) = message.get("key").and_then(Value::as_str) else {
                    return Vec::new();
                };
                let value = message.get("value").cloned().unwrap_or(Value::Null);
                self.values.insert(key.to_owned(), value.clone());
                self.version += 1;
                let update = json!({
                    "cmd": "state",
                    "key": key,
                    "value": value,
                    "version": self.version,
                });
                // One copy each; the channel is per worker, so there is no broadcast.
                (0..workers).map(|to| (to, update.clone())).collect()
            }
            Some("snapshot") => vec![(
                from,
                json!({
                    "cmd": "snapshot",
                    "values": self.values,
                    "version": self.version,
                }),
            )],
            _ => Vec::new(),
        }
        // ANCHOR_END: solution
    }
    // ANCHOR_END: relay
}
