//! Emitter scripts (provided): JSON lines of emitter operations, replayed through
//! [`EventEmitter`].
//!
//! Each line is one operation, such as `{"op":"on","event":"x","listener":"a"}`
//! or `{"op":"emit","event":"x","args":[1,"two"]}`. Listeners are named
//! functions that print a line when called and then run the actions a
//! `define` line gave them, so a listener can add, remove or emit in the middle
//! of an emit. [`replay`] prints one line per observable effect; the companion
//! `tests/oracle/emitter.js` replays the same file through Node's own `events`
//! module and prints the same lines, which is how the oracle test compares them.
//! Book: book/src/ch03-async-patterns/emitter-script.md

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt;
use std::rc::{Rc, Weak};

use crate::events::{Arg, EmitError, EventEmitter, Listener, Registration};
use crate::json::{Json, JsonError};

/// How many listener calls may be in progress at once. A listener called
/// deeper than this prints its call line, then `depth limit NAME`, and skips
/// its actions; without a bound, a listener that re-emits its own event (or a
/// `newListener` listener that adds listeners) would recurse forever.
pub const MAX_DEPTH: usize = 3;

/// How many listener calls one script may make. The next call prints
/// `call limit reached` and throws, which ends the script: a `once` listener
/// that re-registers itself on `removeListener` loops forever without passing
/// through a listener's actions, so [`MAX_DEPTH`] alone cannot stop it.
pub const MAX_CALLS: usize = 200;

/// The message of the exception that ends a script at [`MAX_CALLS`].
const CALL_LIMIT: &str = "call limit reached";

/// One operation of a script.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// `{"op":"define","listener":"a","actions":[...]}`:
    /// from now on, `a` runs these when called.
    Define {
        /// The listener's name.
        listener: String,
        /// Operations it runs after printing its call line.
        actions: Vec<Op>,
    },
    /// `on`, `addListener`, `prependListener`, `once` or `prependOnceListener`.
    Add {
        /// Which of the five methods.
        method: AddMethod,
        /// The event name.
        event: String,
        /// The listener's name.
        listener: String,
    },
    /// `off` or `removeListener`.
    Off {
        /// The event name.
        event: String,
        /// The listener's name.
        listener: String,
    },
    /// `removeAllListeners`, for one event or (without `event`) all.
    RemoveAll {
        /// The event, if one was named.
        event: Option<String>,
    },
    /// `setMaxListeners` with `n`, a non-negative integer.
    SetMax(usize),
    /// `getMaxListeners`: prints `getMaxListeners N`.
    GetMax,
    /// `emit` with optional `args`: prints `emit "event" true|false`.
    Emit {
        /// The event name.
        event: String,
        /// The arguments.
        args: Vec<Json>,
    },
    /// `listenerCount`: prints `listenerCount "event" N`.
    ListenerCount(String),
    /// `eventNames`: prints `eventNames [...]`.
    EventNames,
    /// `listeners`: prints `listeners "event"` and each name.
    Listeners(String),
    /// `rawListeners`: like `listeners`, with once-wrappers as `once:name`.
    RawListeners(String),
}

/// The five ways to add a listener.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddMethod {
    /// `on`.
    On,
    /// `addListener`, the same as `on`.
    AddListener,
    /// `prependListener`.
    PrependListener,
    /// `once`.
    Once,
    /// `prependOnceListener`.
    PrependOnceListener,
}

/// Why a script cannot be replayed.
#[derive(Debug, Clone, PartialEq)]
pub enum ScriptError {
    /// A line is not JSON.
    Json {
        /// 1-based line number.
        line: usize,
        /// What the JSON reader said.
        source: JsonError,
    },
    /// A line is JSON but not an operation this format knows.
    Op {
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
}

impl fmt::Display for ScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScriptError::Json { line, source } => {
                write!(f, "line {line}: not JSON: {source}")
            }
            ScriptError::Op { line, message } => write!(f, "line {line}: {message}"),
        }
    }
}

impl std::error::Error for ScriptError {}

/// Parses a whole script; blank lines are skipped.
pub fn parse(text: &str) -> Result<Vec<Op>, ScriptError> {
    let mut ops = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        let value = Json::parse(line).map_err(|source| ScriptError::Json {
            line: number,
            source,
        })?;
        ops.push(op(&value).map_err(|message| ScriptError::Op {
            line: number,
            message,
        })?);
    }
    Ok(ops)
}

fn string_field(value: &Json, key: &str) -> Result<String, String> {
    match value.get(key) {
        Some(Json::String(s)) => Ok(s.clone()),
        Some(other) => Err(format!(
            "\"{key}\" must be a string, not {}",
            other.to_js_string()
        )),
        None => Err(format!("missing \"{key}\" in {}", value.to_js_string())),
    }
}

/// Reads one operation from its JSON object.
pub fn op(value: &Json) -> Result<Op, String> {
    let name = string_field(value, "op")?;
    let event = || string_field(value, "event");
    let listener = || string_field(value, "listener");
    let add = |method| -> Result<Op, String> {
        Ok(Op::Add {
            method,
            event: event()?,
            listener: listener()?,
        })
    };
    match name.as_str() {
        "define" => {
            let actions = match value.get("actions") {
                Some(Json::Array(items)) => {
                    items.iter().map(op).collect::<Result<_, _>>()?
                }
                None => Vec::new(),
                Some(other) => {
                    return Err(format!(
                        "\"actions\" must be an array of operations, not {}",
                        other.to_js_string()
                    ));
                }
            };
            Ok(Op::Define {
                listener: listener()?,
                actions,
            })
        }
        "on" => add(AddMethod::On),
        "addListener" => add(AddMethod::AddListener),
        "prependListener" => add(AddMethod::PrependListener),
        "once" => add(AddMethod::Once),
        "prependOnceListener" => add(AddMethod::PrependOnceListener),
        "off" | "removeListener" => Ok(Op::Off {
            event: event()?,
            listener: listener()?,
        }),
        "removeAllListeners" => Ok(Op::RemoveAll {
            event: value.get("event").map(|_| event()).transpose()?,
        }),
        "setMaxListeners" => match value.get("n") {
            Some(Json::Number(n)) if *n >= 0.0 && n.fract() == 0.0 && *n <= 1e9 => {
                Ok(Op::SetMax(*n as usize))
            }
            other => Err(format!(
                "setMaxListeners needs \"n\", a non-negative integer, not {}",
                other.map_or_else(|| "nothing".to_owned(), Json::to_js_string)
            )),
        },
        "getMaxListeners" => Ok(Op::GetMax),
        "emit" => Ok(Op::Emit {
            event: event()?,
            args: match value.get("args") {
                Some(Json::Array(items)) => items.clone(),
                None => Vec::new(),
                Some(other) => {
                    return Err(format!(
                        "\"args\" must be an array, not {}",
                        other.to_js_string()
                    ));
                }
            },
        }),
        "listenerCount" => Ok(Op::ListenerCount(event()?)),
        "eventNames" => Ok(Op::EventNames),
        "listeners" => Ok(Op::Listeners(event()?)),
        "rawListeners" => Ok(Op::RawListeners(event()?)),
        other => Err(format!("unknown op \"{other}\"")),
    }
}

/// The replayer's state, shared with the listener functions it creates.
#[derive(Default)]
struct Replay {
    out: RefCell<Vec<String>>,
    actions: RefCell<HashMap<String, Rc<Vec<Op>>>>,
    functions: RefCell<HashMap<String, Listener>>,
    depth: Cell<usize>,
    calls: Cell<usize>,
}

impl Replay {
    fn print(&self, line: String) {
        self.out.borrow_mut().push(line);
    }

    /// The function called `name`, created on first
    /// mention (like the JavaScript replayer).
    fn listener(self: &Rc<Self>, name: &str) -> Listener {
        if let Some(listener) = self.functions.borrow().get(name) {
            return listener.clone();
        }
        // A weak link: the state owns the functions,
        // the functions must not own the state.
        let state: Weak<Replay> = Rc::downgrade(self);
        let own_name = name.to_owned();
        let listener = Listener::new(name, move |emitter, args| {
            let Some(state) = state.upgrade() else {
                return Ok(());
            };
            if state.calls.replace(state.calls.get() + 1) >= MAX_CALLS {
                state.print(CALL_LIMIT.to_owned());
                return Err(EmitError::Thrown {
                    message: CALL_LIMIT.to_owned(),
                });
            }
            let mut line = format!("call {own_name}");
            for arg in args {
                line.push(' ');
                line.push_str(&arg.show());
            }
            state.print(line);
            if state.depth.get() >= MAX_DEPTH {
                state.print(format!("depth limit {own_name}"));
                return Ok(());
            }
            let actions = state.actions.borrow().get(&own_name).cloned();
            state.depth.set(state.depth.get() + 1);
            let result = actions
                .iter()
                .flat_map(|a| a.iter())
                .try_for_each(|action| state.run(emitter, action));
            state.depth.set(state.depth.get() - 1);
            result
        });
        self.functions
            .borrow_mut()
            .insert(name.to_owned(), listener.clone());
        listener
    }

    fn run(
        self: &Rc<Self>,
        emitter: &mut EventEmitter,
        op: &Op,
    ) -> Result<(), EmitError> {
        match op {
            Op::Define { listener, actions } => {
                self.listener(listener);
                self.actions
                    .borrow_mut()
                    .insert(listener.clone(), Rc::new(actions.clone()));
            }
            Op::Add {
                method,
                event,
                listener,
            } => {
                let listener = self.listener(listener);
                match method {
                    AddMethod::On | AddMethod::AddListener => {
                        emitter.on(event, &listener)?
                    }
                    AddMethod::PrependListener => {
                        emitter.prepend_listener(event, &listener)?
                    }
                    AddMethod::Once => emitter.once(event, &listener)?,
                    AddMethod::PrependOnceListener => {
                        emitter.prepend_once_listener(event, &listener)?
                    }
                }
            }
            Op::Off { event, listener } => {
                let listener = self.listener(listener);
                emitter.off(event, &listener)?;
            }
            Op::RemoveAll { event } => {
                emitter.remove_all_listeners(event.as_deref())?
            }
            Op::SetMax(n) => emitter.set_max_listeners(*n),
            Op::GetMax => {
                self.print(format!("getMaxListeners {}", emitter.get_max_listeners()))
            }
            Op::Emit { event, args } => {
                let shown = Json::String(event.clone()).to_js_string();
                let args: Vec<Arg> = args.iter().cloned().map(Arg::Json).collect();
                let heard = emitter.emit(event, &args)?;
                self.print(format!("emit {shown} {heard}"));
            }
            Op::ListenerCount(event) => self.print(format!(
                "listenerCount {} {}",
                Json::String(event.clone()).to_js_string(),
                emitter.listener_count(event)
            )),
            Op::EventNames => {
                let names = emitter
                    .event_names()
                    .into_iter()
                    .map(Json::String)
                    .collect();
                self.print(format!(
                    "eventNames {}",
                    Json::Array(names).to_js_string()
                ));
            }
            Op::Listeners(event) => {
                let mut line = format!(
                    "listeners {}",
                    Json::String(event.clone()).to_js_string()
                );
                for listener in emitter.listeners(event) {
                    line.push(' ');
                    line.push_str(listener.name());
                }
                self.print(line);
            }
            Op::RawListeners(event) => {
                let mut line = format!(
                    "rawListeners {}",
                    Json::String(event.clone()).to_js_string()
                );
                for registration in emitter.raw_listeners(event) {
                    line.push(' ');
                    if let Registration::Once(wrapper) = &registration {
                        line.push_str("once:");
                        line.push_str(wrapper.listener.name());
                    } else {
                        line.push_str(registration.listener().name());
                    }
                }
                self.print(line);
            }
        }
        Ok(())
    }
}

/// Replays `ops` on a fresh [`EventEmitter`] and returns the printed lines.
///
/// An operation that throws (an unhandled `error` event, even one emitted deep
/// inside a listener) prints `unhandled error PAYLOAD` and the script goes on
/// with the next line, as the JavaScript replayer's `try`/`catch` does. The
/// call limit ([`MAX_CALLS`]) ends the script instead.
pub fn replay(ops: &[Op]) -> Vec<String> {
    let state = Rc::new(Replay::default());
    let mut emitter = EventEmitter::new();
    let printer = Rc::downgrade(&state);
    emitter.on_warning = Some(Rc::new(move |warning| {
        if let Some(state) = printer.upgrade() {
            state.print(format!(
                "warning {}: {warning}",
                crate::emitter::MaxListenersWarning::NAME
            ));
        }
    }));
    for op in ops {
        match state.run(&mut emitter, op) {
            Ok(()) => {}
            Err(EmitError::Unhandled { payload }) => {
                let shown =
                    payload.map_or_else(|| "undefined".to_owned(), |p| p.show());
                state.print(format!("unhandled error {shown}"));
            }
            // The call limit ends the script; anything else thrown is printed.
            Err(EmitError::Thrown { message }) if message == CALL_LIMIT => break,
            Err(EmitError::Thrown { message }) => {
                state.print(format!("threw {message}"))
            }
        }
    }
    // Listener closures hold only weak links, so dropping the emitter and the
    // state frees everything.
    drop(emitter);
    state.out.take()
}

/// Parses and replays a script's text.
pub fn run_script(text: &str) -> Result<Vec<String>, ScriptError> {
    Ok(replay(&parse(text)?))
}
