//! Katas of `promise.rs`: a Promises/A+ state machine, the suite's sections 2.1–2.3 as named
//! cases (`a2_2_1_…` follows the spec's numbering), and reaction order against real Node 20.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use ch03_async_patterns::promise::{
    Deferred, Function, MicrotaskQueue, Object, Outcome, Promise, State, Value,
};
use kata_support::oracle::{self, NodeVersion};

use crate::katas::CHAPTER;

/// A tiny JavaScript host: a microtask queue and a list of log lines.
#[derive(Clone, Default)]
struct Host {
    queue: MicrotaskQueue,
    lines: Rc<RefCell<Vec<String>>>,
}

impl Host {
    fn new() -> Host {
        Host::default()
    }

    /// A function that logs `label` and its argument (if any), then returns `returns`.
    fn log_returning(&self, label: &str, returns: Value) -> Value {
        let (lines, label) = (self.lines.clone(), label.to_owned());
        Value::Function(Function::new(&label.clone(), move |args| {
            let shown: Vec<String> = std::iter::once(label.clone())
                .chain(args.iter().map(Value::show))
                .collect();
            lines.borrow_mut().push(shown.join(" "));
            Ok(returns.clone())
        }))
    }

    /// A function that logs `label` and its argument, and returns `undefined`.
    fn log(&self, label: &str) -> Value {
        self.log_returning(label, Value::Undefined)
    }

    /// A function that logs `label` and throws `thrown`.
    fn log_throwing(&self, label: &str, thrown: Value) -> Value {
        let (lines, label) = (self.lines.clone(), label.to_owned());
        Value::Function(Function::new(&label.clone(), move |args| {
            let shown: Vec<String> = std::iter::once(label.clone())
                .chain(args.iter().map(Value::show))
                .collect();
            lines.borrow_mut().push(shown.join(" "));
            Err(thrown.clone())
        }))
    }

    /// The JavaScript side's `ticker(log, turns)`: logs `tick N` once per microtask turn.
    fn ticker(&self, turns: usize) {
        let mut chain = Promise::resolved(&self.queue, Value::Undefined);
        for turn in 1..=turns {
            let tick = self.log_returning(&format!("tick {turn}"), Value::Undefined);
            // The JavaScript ticker calls `log` with no argument; drop the one `then` passes.
            let Value::Function(tick) = tick else {
                unreachable!()
            };
            let bare = Function::new("tick", move |_| tick.call(&[]));
            chain = chain.then(Value::Function(bare), Value::Undefined);
        }
    }

    fn deferred(&self) -> Deferred {
        Promise::deferred(&self.queue)
    }

    fn resolved(&self, value: impl Into<Value>) -> Promise {
        Promise::resolved(&self.queue, value)
    }

    fn rejected(&self, reason: impl Into<Value>) -> Promise {
        Promise::rejected(&self.queue, reason)
    }

    /// Drains the queue, like Node after a callback.
    fn run(&self) -> usize {
        self.queue.run()
    }

    fn lines(&self) -> Vec<String> {
        self.lines.borrow().clone()
    }
}

/// A function that ignores its arguments and logs a fixed line (JavaScript's `() => log(label)`).
fn say(host: &Host, label: &str) -> Value {
    let Value::Function(log) = host.log(label) else {
        unreachable!()
    };
    Value::Function(Function::new(label, move |_| log.call(&[])))
}

/// A function returning `value`.
fn returning(value: Value) -> Value {
    Value::Function(Function::new("", move |_| Ok(value.clone())))
}

/// The scenarios of `tests/oracle/promise.js`, built on the model; returns the log.
fn scenario(name: &str) -> Vec<String> {
    let host = Host::new();
    let h = &host;
    let u = || Value::Undefined;
    match name {
        "two_chains" => {
            let (p, q) = (h.resolved("p"), h.resolved("q"));
            p.then(h.log("p1"), u()).then(h.log("p2"), u());
            q.then(h.log("q1"), u());
            p.then(h.log("p3"), u());
        }
        "resolve_with_promise" => {
            let outer = h.deferred();
            outer.resolve(Value::Promise(h.resolved("inner")));
            outer.promise.then(h.log("outer"), u());
            h.ticker(4);
        }
        "resolve_with_thenable" => {
            let then = Function::new("then", {
                let log = h.log("then called");
                move |args| {
                    if let Value::Function(log) = &log {
                        log.call(&[])?;
                    }
                    if let Some(Value::Function(resolve)) = args.first() {
                        resolve.call(&["first".into()])?;
                        resolve.call(&["second".into()])?;
                    }
                    Ok(Value::Undefined)
                }
            });
            let thenable = Object::thenable(Value::Function(then));
            h.resolved(thenable).then(h.log("adopted"), u());
            h.ticker(3);
        }
        "handler_returns_promise" => {
            let queue = h.queue.clone();
            let inner = Value::Function(Function::new("", move |_| {
                Ok(Value::Promise(Promise::resolved(&queue, "r")))
            }));
            h.resolved(u()).then(inner, u()).then(h.log("after"), u());
            h.ticker(5);
        }
        "rejection_skips_handlers" => {
            h.rejected("boom")
                .then(h.log("never"), u())
                .then(h.log("never"), u())
                .catch(h.log("caught"));
            h.ticker(4);
        }
        "finally_keeps_value" => {
            h.resolved(1)
                .finally(say(h, "cleanup"))
                .then(h.log("kept"), u());
            h.ticker(5);
        }
        "all_order" => {
            let late = h.resolved(u()).then(returning("late".into()), u());
            let items = vec![
                1.into(),
                Value::Promise(h.resolved(2)),
                Value::Promise(late),
            ];
            Promise::all(&h.queue, items).then(h.log("all"), u());
            Promise::all(&h.queue, vec![]).then(h.log("empty"), u());
            let failing = vec![Value::Promise(h.rejected("no")), 3.into()];
            Promise::all(&h.queue, failing).catch(h.log("rejected"));
            h.ticker(4);
        }
        "race_order" => {
            let late = h.resolved(u()).then(returning("late".into()), u());
            let items = vec![
                Value::Promise(late),
                Value::Promise(h.resolved("early")),
                3.into(),
            ];
            Promise::race(&h.queue, items).then(h.log("race"), u());
            let failing = vec![Value::Promise(h.rejected("no")), "value".into()];
            Promise::race(&h.queue, failing).catch(h.log("rejected"));
            h.ticker(3);
        }
        "all_settled_order" => {
            let late = h.resolved(u()).then(returning("late".into()), u());
            let items = vec![
                Value::Promise(h.rejected("no")),
                1.into(),
                Value::Promise(late),
            ];
            Promise::all_settled(&h.queue, items).then(h.log("settled"), u());
            h.ticker(4);
        }
        "any_order" => {
            let late = h.resolved(u()).then(returning("late".into()), u());
            let items = vec![
                Value::Promise(h.rejected("a")),
                Value::Promise(late),
                "b".into(),
            ];
            Promise::any(&h.queue, items).then(h.log("any"), u());
            let failing = vec![
                Value::Promise(h.rejected("x")),
                Value::Promise(h.rejected("y")),
            ];
            Promise::any(&h.queue, failing).catch(h.log("none"));
            Promise::any(&h.queue, vec![]).catch(h.log("empty"));
            h.ticker(3);
        }
        other => panic!("no scenario {other}"),
    }
    host.run();
    host.lines()
}

/// Every scenario's lines as real Node 20 prints them (`tests/oracle/promise.js`),
/// from the recording `promise/scenarios`.
fn node20() -> BTreeMap<String, Vec<String>> {
    let script = kata_support::chapter_file(CHAPTER, "tests/oracle/promise.js");
    let input =
        std::fs::read_to_string(&script).expect("reading tests/oracle/promise.js");
    let observed = oracle::recorded(
        CHAPTER,
        "promise/scenarios",
        NodeVersion::V20,
        &input,
        1,
        |node| oracle::run_once(node, &script),
    );
    let (outcome, _) = observed
        .outcomes
        .iter()
        .next()
        .expect("node ran the script");
    assert!(outcome.success, "node promise.js failed: {observed}");
    let mut scenarios = BTreeMap::new();
    let mut current: Option<(String, Vec<String>)> = None;
    for line in &outcome.lines {
        match (line.strip_prefix("=== "), current.as_mut()) {
            (Some("end"), Some(_)) => {
                let (name, lines) = current.take().expect("inside a frame");
                scenarios.insert(name, lines);
            }
            (Some(name), None) => current = Some((name.to_owned(), Vec::new())),
            (_, Some((_, lines))) => lines.push(line.clone()),
            (_, None) => panic!("unframed node output: {line}"),
        }
    }
    scenarios
}

/// Runs scenario `name` on the model (bounded), compares it with real Node 20, and returns its lines.
#[track_caller]
fn agrees_with_node20(name: &'static str) -> Vec<String> {
    let model = kata_support::bounded(move || scenario(name));
    let real = node20();
    let theirs = real
        .get(name)
        .unwrap_or_else(|| panic!("promise.js has no scenario {name}"));
    pretty_assertions::assert_eq!(&model, theirs, "model (left) vs node 20 (right)");
    model
}

/// Pins a scenario's order as a snapshot named after the calling kata and the case.
macro_rules! snapshot_order {
    ($name:expr, $lines:expr) => {{
        let mut settings = kata_support::snapshot_settings(crate::katas::CHAPTER);
        settings.set_snapshot_suffix($name);
        settings.bind(|| insta::assert_snapshot!("order", $lines.join("\n")));
    }};
}

/// A deferred whose resolving functions only record their calls (no kata code involved).
fn recording(queue: &MicrotaskQueue) -> (Deferred, Rc<RefCell<Vec<String>>>) {
    let calls: Rc<RefCell<Vec<String>>> = Rc::default();
    let recorder = |name: &'static str| {
        let calls = calls.clone();
        Function::new(name, move |args| {
            let shown: Vec<String> = args.iter().map(Value::show).collect();
            calls
                .borrow_mut()
                .push(format!("{name} {}", shown.join(" ")));
            Ok(Value::Undefined)
        })
    };
    let deferred = Deferred {
        promise: Promise::new(queue),
        resolve: recorder("resolve"),
        reject: recorder("reject"),
    };
    (deferred, calls)
}

/// The values the suite uses for "not a function".
fn not_a_function(kind: &str) -> Value {
    match kind {
        "undefined" => Value::Undefined,
        "null" => Value::Null,
        "false" => Value::Bool(false),
        "five" => Value::Number(5),
        "object" => Object::plain(vec![]),
        "array" => Value::Array(vec![Value::Number(1)]),
        other => panic!("no such value {other}"),
    }
}

/// What a test thenable's `then` does with the two functions it is given
/// (`promise::resolve`'s tests, and `promise::then`'s).
#[derive(Debug, Clone, Copy)]
enum Step {
    Resolve(i64),
    Reject(i64),
    Throw(i64),
    /// Resolve with a thenable that itself resolves with the number (2.3.3.3.1 recursion).
    ResolveNested(i64),
}

fn thenable(steps: &'static [Step], calls: Rc<Cell<u32>>, host: &Host) -> Value {
    let queue = host.queue.clone();
    let then = Function::new("then", move |args| {
        calls.set(calls.get() + 1);
        let (Some(Value::Function(resolve)), Some(Value::Function(reject))) =
            (args.first(), args.get(1))
        else {
            panic!("then must get two functions, got {args:?}");
        };
        for step in steps {
            match *step {
                Step::Resolve(n) => resolve.call(&[n.into()])?,
                Step::Reject(n) => reject.call(&[n.into()])?,
                Step::Throw(n) => return Err(n.into()),
                Step::ResolveNested(n) => {
                    let inner = Promise::resolved(&queue, n);
                    let inner_then = Function::new("then", move |args| {
                        let (on_value, on_reason) = (
                            args.first().cloned().unwrap_or(Value::Undefined),
                            args.get(1).cloned().unwrap_or(Value::Undefined),
                        );
                        inner.then(on_value, on_reason);
                        Ok(Value::Undefined)
                    });
                    resolve.call(&[Object::thenable(Value::Function(inner_then))])?
                }
            };
        }
        Ok(Value::Undefined)
    });
    Object::thenable(Value::Function(then))
}

fn fulfilled(value: impl Into<Value>) -> State {
    State::Settled(Outcome::Fulfilled(value.into()))
}

fn rejected(reason: impl Into<Value>) -> State {
    State::Settled(Outcome::Rejected(reason.into()))
}

#[cfg(not(kata_skip = "promise::settle"))]
mod settle {
    use ch03_async_patterns::promise::{
        MicrotaskQueue, Outcome, Promise, Reaction, State,
    };
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    use super::{Host, fulfilled, recording, rejected};

    /// 2.1.1–2.1.3: pending may settle; once settled, neither fulfil nor reject changes anything.
    fn settles_at_most_once(
        first: fn() -> Outcome,
        second: fn() -> Outcome,
        expected: fn() -> State,
    ) {
        bounded(move || {
            let promise = Promise::new(&MicrotaskQueue::new());
            assert_eq!(promise.state(), State::Pending);
            assert_eq!(
                named!(
                    first_settle: promise.settle(first()),
                    second_settle: promise.settle(second()),
                ),
                named!(first_settle: true, second_settle: false)
            );
            assert_eq!(promise.state(), expected());
        });
    }
    cases!(settles_at_most_once {
        a2_1_2_fulfilled_never_changes: (
            || Outcome::Fulfilled(1.into()),
            || Outcome::Rejected(2.into()),
            || fulfilled(1)
        ),
        a2_1_2_fulfilled_keeps_its_value: (
            || Outcome::Fulfilled(1.into()),
            || Outcome::Fulfilled(3.into()),
            || fulfilled(1)
        ),
        a2_1_3_rejected_never_changes: (
            || Outcome::Rejected(2.into()),
            || Outcome::Fulfilled(1.into()),
            || rejected(2)
        ),
        a2_1_3_rejected_keeps_its_reason: (
            || Outcome::Rejected(2.into()),
            || Outcome::Rejected(4.into()),
            || rejected(2)
        ),
    });

    /// Settling queues one job per waiting reaction, and runs none of them on the spot.
    #[test]
    fn queues_reactions_without_running_them() {
        bounded(|| {
            let host = Host::new();
            let promise = Promise::new(&host.queue);
            for label in ["a", "b", "c"] {
                let (derived, _) = recording(&host.queue);
                promise.slot.borrow_mut().reactions.push(Reaction {
                    on_fulfilled: host.log(label),
                    on_rejected: host.log(label),
                    derived,
                });
            }
            assert!(promise.settle(Outcome::Fulfilled(1.into())));
            assert_eq!(host.queue.len(), 3);
            assert!(promise.slot.borrow().reactions.is_empty());
            assert_eq!(host.lines(), Vec::<String>::new());
        });
    }
}

#[cfg(not(kata_skip = "promise::run_reaction"))]
mod run_reaction {
    use ch03_async_patterns::promise::{
        MicrotaskQueue, Outcome, Promise, Reaction, Value,
    };
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    use super::{Host, not_a_function, recording};

    /// The matching handler gets the value; what it returns resolves the derived promise.
    fn calls_the_matching_handler(
        outcome: fn() -> Outcome,
        called: [&'static str; 1],
        derived: [&'static str; 1],
    ) {
        bounded(move || {
            let host = Host::new();
            let (deferred, calls) = recording(&host.queue);
            let reaction = Reaction {
                on_fulfilled: host.log_returning("ok", "from ok".into()),
                on_rejected: host.log_returning("fail", "from fail".into()),
                derived: deferred,
            };
            Promise::run_reaction(reaction, outcome());
            assert_eq!(host.lines(), called);
            assert_eq!(*calls.borrow(), derived);
        });
    }
    cases!(calls_the_matching_handler {
        a2_2_2_1_onfulfilled_gets_the_value: (
            || Outcome::Fulfilled(7.into()),
            ["ok 7"],
            ["resolve \"from ok\""]
        ),
        a2_2_3_1_onrejected_gets_the_reason: (
            || Outcome::Rejected(8.into()),
            ["fail 8"],
            ["resolve \"from fail\""]
        ),
    });

    /// 2.2.7.2: a handler that throws rejects the derived promise with what it threw.
    fn a_throw_rejects_the_derived_promise(outcome: fn() -> Outcome) {
        bounded(move || {
            let host = Host::new();
            let (deferred, calls) = recording(&host.queue);
            let boom = Value::str("boom");
            let reaction = Reaction {
                on_fulfilled: host.log_throwing("ok", boom.clone()),
                on_rejected: host.log_throwing("fail", boom),
                derived: deferred,
            };
            Promise::run_reaction(reaction, outcome());
            assert_eq!(*calls.borrow(), ["reject \"boom\""]);
        });
    }
    cases!(a_throw_rejects_the_derived_promise {
        a2_2_7_2_onfulfilled_throws: (|| Outcome::Fulfilled(1.into())),
        a2_2_7_2_onrejected_throws: (|| Outcome::Rejected(1.into())),
    });

    /// 2.2.1 and 2.2.7.3–4: a handler that is not a function is ignored; the outcome passes through.
    fn a_non_function_passes_the_outcome_through(kind: &str, rejects: bool) {
        let kind = kind.to_owned();
        bounded(move || {
            let queue = MicrotaskQueue::new();
            let (deferred, calls) = recording(&queue);
            let value = Value::str("sentinel");
            let (outcome, expected) = if rejects {
                (Outcome::Rejected(value), "reject \"sentinel\"")
            } else {
                (Outcome::Fulfilled(value), "resolve \"sentinel\"")
            };
            let reaction = Reaction {
                on_fulfilled: not_a_function(&kind),
                on_rejected: not_a_function(&kind),
                derived: deferred,
            };
            Promise::run_reaction(reaction, outcome);
            assert_eq!(*calls.borrow(), [expected]);
        });
    }
    cases!(a_non_function_passes_the_outcome_through {
        a2_2_1_onfulfilled_ignored_if_undefined: ("undefined", false),
        a2_2_1_onfulfilled_ignored_if_null: ("null", false),
        a2_2_1_onfulfilled_ignored_if_false: ("false", false),
        a2_2_1_onfulfilled_ignored_if_a_number: ("five", false),
        a2_2_1_onfulfilled_ignored_if_an_object: ("object", false),
        a2_2_1_onrejected_ignored_if_undefined: ("undefined", true),
        a2_2_1_onrejected_ignored_if_null: ("null", true),
        a2_2_1_onrejected_ignored_if_false: ("false", true),
        a2_2_1_onrejected_ignored_if_a_number: ("five", true),
        a2_2_1_onrejected_ignored_if_an_array: ("array", true),
    });
}

#[cfg(not(kata_skip = "promise::resolving_functions"))]
mod resolving_functions {
    use ch03_async_patterns::promise::{MicrotaskQueue, Promise, State, Value};
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    use super::rejected;

    /// Of `resolve` and `reject`, the first call wins and every later call, of either, is ignored.
    /// (A first `resolve` runs the resolution procedure: those cases are `resolve`'s.)
    fn first_call_wins(calls: &'static [&'static str], expected: fn() -> State) {
        bounded(move || {
            let promise = Promise::new(&MicrotaskQueue::new());
            let (resolve, reject) = promise.resolving_functions();
            for call in calls {
                let (which, n) = call.split_once(' ').expect("`name n`");
                let n: i64 = n.parse().expect("a number");
                let function = if which == "resolve" {
                    &resolve
                } else {
                    &reject
                };
                assert_eq!(function.call(&[n.into()]), Ok(Value::Undefined));
            }
            assert_eq!(promise.state(), expected());
        });
    }
    cases!(first_call_wins {
        reject_then_resolve: (&["reject 2", "resolve 1"], || rejected(2)),
        a2_3_3_3_3_reject_twice: (&["reject 2", "reject 4"], || rejected(2)),
        reject_then_resolve_then_reject: (
            &["reject 2", "resolve 1", "reject 4"],
            || rejected(2)
        ),
    });
}

#[cfg(not(kata_skip = "promise::resolve"))]
mod resolve {
    use std::cell::Cell;
    use std::rc::Rc;

    use ch03_async_patterns::promise::{
        ErrorKind, Function, Object, Promise, SELF_RESOLUTION, State, Value,
    };
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    use super::{Host, Step, fulfilled, rejected, thenable};

    /// 2.3.1: a promise resolved with itself rejects with a TypeError.
    #[test]
    fn a2_3_1_resolved_with_itself_is_a_type_error() {
        bounded(|| {
            let host = Host::new();
            let deferred = host.deferred();
            deferred.resolve(Value::Promise(deferred.promise.clone()));
            host.run();
            assert_eq!(
                deferred.promise.state(),
                rejected(Value::error(ErrorKind::TypeError, SELF_RESOLUTION))
            );
        });
    }

    /// A first `resolve` wins over every later call of either function (the
    /// resolving functions' flag, with `resolve` running this procedure).
    fn first_resolve_wins(calls: &'static [&'static str], expected: fn() -> State) {
        bounded(move || {
            let promise =
                Promise::new(&ch03_async_patterns::promise::MicrotaskQueue::new());
            let (resolve, reject) = promise.resolving_functions();
            for call in calls {
                let (which, n) = call.split_once(' ').expect("`name n`");
                let n: i64 = n.parse().expect("a number");
                let function = if which == "resolve" {
                    &resolve
                } else {
                    &reject
                };
                assert_eq!(function.call(&[n.into()]), Ok(Value::Undefined));
            }
            assert_eq!(promise.state(), expected());
        });
    }
    cases!(first_resolve_wins {
        resolve_then_reject: (&["resolve 1", "reject 2"], || fulfilled(1)),
        a2_3_3_3_3_resolve_twice: (&["resolve 1", "resolve 3"], || fulfilled(1)),
    });

    /// A missing argument reads as `undefined`.
    #[test]
    fn no_argument_is_undefined() {
        bounded(|| {
            let promise =
                Promise::new(&ch03_async_patterns::promise::MicrotaskQueue::new());
            let (resolve, _) = promise.resolving_functions();
            resolve.call(&[]).expect("resolve");
            assert_eq!(promise.state(), fulfilled(Value::Undefined));
        });
    }

    /// 2.3.4 and 2.3.3.4: values that are not thenables fulfil as they are.
    fn fulfils_with_non_thenables(x: fn() -> Value) {
        bounded(move || {
            let x = x();
            let host = Host::new();
            let deferred = host.deferred();
            deferred.resolve(x.clone());
            assert_eq!(deferred.promise.state(), fulfilled(x), "no tick needed");
        });
    }
    cases!(fulfils_with_non_thenables {
        a2_3_4_number: (|| 5.into()),
        a2_3_4_string: (|| "s".into()),
        a2_3_4_false: (|| Value::Bool(false)),
        a2_3_4_null: (|| Value::Null),
        a2_3_3_4_object_without_then: (|| Object::plain(vec![(
            "a".to_owned(),
            1.into()
        )])),
        a2_3_3_4_then_is_a_number: (|| Object::thenable(5.into())),
        a2_3_3_4_then_is_an_object: (|| Object::thenable(Object::plain(vec![]))),
    });

    /// 2.3.3.1–2: `then` is read exactly once; a getter that throws rejects with what it threw.
    fn reads_then_once(throws: bool) {
        bounded(move || {
            let host = Host::new();
            let reads = Rc::new(Cell::new(0));
            let x = {
                let reads = reads.clone();
                Object::with_then_getter(move || {
                    reads.set(reads.get() + 1);
                    if throws {
                        Err("getter threw".into())
                    } else {
                        let then = Function::new("then", |args| match args.first() {
                            Some(Value::Function(resolve)) => {
                                resolve.call(&["ok".into()])
                            }
                            _ => Ok(Value::Undefined),
                        });
                        Ok(Value::Function(then))
                    }
                })
            };
            let deferred = host.deferred();
            deferred.resolve(x);
            host.run();
            let expected = if throws {
                rejected("getter threw")
            } else {
                fulfilled("ok")
            };
            assert_eq!(
                named!(state: deferred.promise.state(), reads: reads.get()),
                named!(state: expected, reads: 1)
            );
        });
    }
    cases!(reads_then_once {
        a2_3_3_1_then_read_once: (false),
        a2_3_3_2_then_getter_throws: (true),
    });

    /// 2.3.3.3: `then` is called once with resolvePromise and rejectPromise; the first call back wins.
    fn a2_3_3_3_calls_then(steps: &'static [Step], expected: fn() -> State) {
        bounded(move || {
            let host = Host::new();
            let calls = Rc::new(Cell::new(0));
            let deferred = host.deferred();
            deferred.resolve(thenable(steps, calls.clone(), &host));
            assert_eq!(calls.get(), 0, "then is called from a job, not right away");
            host.run();
            assert_eq!(
                named!(state: deferred.promise.state(), calls: calls.get()),
                named!(state: expected(), calls: 1)
            );
        });
    }
    cases!(a2_3_3_3_calls_then {
        a2_3_3_3_1_resolve_promise_fulfils: (&[Step::Resolve(1)], || fulfilled(1)),
        a2_3_3_3_2_reject_promise_rejects: (&[Step::Reject(2)], || rejected(2)),
        a2_3_3_3_3_calls_back_twice_counts_once: (
            &[Step::Resolve(1), Step::Resolve(3)],
            || fulfilled(1)
        ),
        a2_3_3_3_3_resolve_then_reject: (
            &[Step::Resolve(1), Step::Reject(2)],
            || fulfilled(1)
        ),
        a2_3_3_3_3_reject_then_resolve: (
            &[Step::Reject(2), Step::Resolve(1)],
            || rejected(2)
        ),
        a2_3_3_3_4_1_throw_after_resolve_is_ignored: (
            &[Step::Resolve(1), Step::Throw(5)],
            || fulfilled(1)
        ),
        a2_3_3_3_4_1_throw_after_reject_is_ignored: (
            &[Step::Reject(2), Step::Throw(5)],
            || rejected(2)
        ),
        a2_3_3_3_4_2_throw_first_rejects: (
            &[Step::Throw(5), Step::Resolve(1)],
            || rejected(5)
        ),
    });

    /// A thenable that calls back twice, asynchronously (from a later job): still counted once.
    #[test]
    fn a2_3_3_3_3_late_second_call_is_ignored() {
        bounded(|| {
            let host = Host::new();
            let saved: Rc<std::cell::RefCell<Vec<Function>>> = Rc::default();
            let then = {
                let saved = saved.clone();
                Function::new("then", move |args| {
                    if let (Some(Value::Function(res)), Some(Value::Function(rej))) =
                        (args.first(), args.get(1))
                    {
                        saved.borrow_mut().extend([res.clone(), rej.clone()]);
                    }
                    Ok(Value::Undefined)
                })
            };
            let deferred = host.deferred();
            deferred.resolve(Object::thenable(Value::Function(then)));
            host.run();
            let (resolve, reject) = {
                let saved = saved.borrow();
                (saved[0].clone(), saved[1].clone())
            };
            reject.call(&["first".into()]).expect("reject");
            resolve.call(&["second".into()]).expect("resolve");
            reject.call(&["third".into()]).expect("reject");
            host.run();
            assert_eq!(deferred.promise.state(), rejected("first"));
        });
    }
}

#[cfg(not(kata_skip = "promise::then"))]
mod then {
    use std::cell::RefCell;
    use std::rc::Rc;

    use ch03_async_patterns::promise::{Function, State, Value};
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    use super::{Host, agrees_with_node20, fulfilled, rejected};

    /// 2.2.2/2.2.3/2.2.4: not called before settling, never during `then`, once after the queue runs.
    fn handlers_run_later_and_once(rejects: bool, settle_first: bool) {
        bounded(move || {
            let host = Host::new();
            let deferred = host.deferred();
            let settle = || {
                if rejects {
                    deferred.reject(2);
                    deferred.reject(3);
                    deferred.resolve(4);
                } else {
                    deferred.resolve(1);
                    deferred.resolve(3);
                    deferred.reject(4);
                }
            };
            if settle_first {
                settle();
            }
            deferred.promise.then(host.log("ok"), host.log("fail"));
            assert_eq!(
                host.lines(),
                Vec::<String>::new(),
                "nothing runs inside then"
            );
            if !settle_first {
                host.run();
                assert_eq!(
                    host.lines(),
                    Vec::<String>::new(),
                    "nothing before settling"
                );
                settle();
                assert_eq!(
                    host.lines(),
                    Vec::<String>::new(),
                    "nothing inside resolve"
                );
            }
            host.run();
            host.run();
            let expected = if rejects { "fail 2" } else { "ok 1" };
            assert_eq!(host.lines(), [expected]);
        });
    }
    cases!(handlers_run_later_and_once {
        a2_2_2_onfulfilled_after_fulfilment: (false, false),
        a2_2_4_onfulfilled_async_even_if_already_fulfilled: (false, true),
        a2_2_3_onrejected_after_rejection: (true, false),
        a2_2_4_onrejected_async_even_if_already_rejected: (true, true),
    });

    /// 2.2.6: `then` many times on one promise: handlers run in registration order,
    /// including those added later and those added while handlers run.
    fn many_handlers_run_in_order(rejects: bool) {
        bounded(move || {
            let host = Host::new();
            let deferred = host.deferred();
            let promise = deferred.promise.clone();
            let adder = {
                let (host, promise) = (host.clone(), promise.clone());
                Function::new("adder", move |_| {
                    promise.then(host.log("added-in-a"), host.log("added-in-a"));
                    Ok(Value::Undefined)
                })
            };
            promise.then(Value::Function(adder.clone()), Value::Function(adder));
            promise.then(host.log("b"), host.log("b"));
            promise.then(host.log("c"), host.log("c"));
            if rejects {
                deferred.reject("r");
            } else {
                deferred.resolve("v");
            }
            promise.then(host.log("d"), host.log("d"));
            host.run();
            let v = if rejects { "\"r\"" } else { "\"v\"" };
            assert_eq!(
                host.lines(),
                [
                    format!("b {v}"),
                    format!("c {v}"),
                    format!("d {v}"),
                    format!("added-in-a {v}"),
                ]
            );
        });
    }
    cases!(many_handlers_run_in_order {
        a2_2_6_1_fulfilment_handlers_in_order: (false),
        a2_2_6_2_rejection_handlers_in_order: (true),
    });

    /// 2.2.7: `then` returns a new promise, settled by the handler's result.
    fn a2_2_7_then_returns_a_promise(
        rejects: bool,
        handler: &str,
        expected: fn() -> State,
    ) {
        let handler = handler.to_owned();
        bounded(move || {
            let host = Host::new();
            let source = if rejects {
                host.rejected("r")
            } else {
                host.resolved("v")
            };
            let h = match handler.as_str() {
                "return" => host.log_returning("h", "x".into()),
                "throw" => host.log_throwing("h", "e".into()),
                _ => Value::Undefined,
            };
            let derived = source.then(h.clone(), h);
            assert!(!derived.is(&source), "a new promise");
            assert_eq!(derived.state(), State::Pending);
            host.run();
            assert_eq!(derived.state(), expected());
        });
    }
    cases!(a2_2_7_then_returns_a_promise {
        a2_2_7_returns_a_new_promise_resolved_by_return: (false, "return", || {
            fulfilled("x")
        }),
        a2_2_7_1_onrejected_return_fulfils: (true, "return", || fulfilled("x")),
        a2_2_7_2_onfulfilled_throw_rejects: (false, "throw", || rejected("e")),
        a2_2_7_2_onrejected_throw_rejects: (true, "throw", || rejected("e")),
        a2_2_7_3_no_onfulfilled_passes_the_value: (false, "absent", || fulfilled(
            "v"
        )),
        a2_2_7_4_no_onrejected_passes_the_reason: (true, "absent", || rejected("r")),
    });

    /// Chains of several promises interleave turn by turn, as in real Node 20.
    #[test]
    fn two_chains_match_node20() {
        let lines = agrees_with_node20("two_chains");
        snapshot_order!("two_chains", lines);
    }

    /// The notes' `then` calls handlers at once when the promise has settled; ours never does.
    #[test]
    fn never_synchronous_unlike_the_notes() {
        bounded(|| {
            let host = Host::new();
            let seen: Rc<RefCell<Vec<&str>>> = Rc::default();
            let handler = {
                let seen = seen.clone();
                Function::new("", move |_| {
                    seen.borrow_mut().push("handler");
                    Ok(Value::Undefined)
                })
            };
            let promise = host.resolved(1);
            let next = promise.then(Value::Function(handler), Value::Undefined);
            seen.borrow_mut().push("after then");
            host.run();
            assert_eq!(*seen.borrow(), ["after then", "handler"]);
            assert_eq!(next.state(), fulfilled(Value::Undefined));
        });
    }

    /// Adopting a promise or thenable: `resolve`'s cases that go through `then`,
    /// so they are judged once `then` is written.
    mod adoption {
        use std::cell::Cell;
        use std::rc::Rc;

        use ch03_async_patterns::promise::{
            ErrorKind, Function, MicrotaskQueue, Outcome, Promise, SELF_RESOLUTION,
            State, Value,
        };
        use kata_support::bounded;
        use kata_support::cases;
        use pretty_assertions::assert_eq;

        use crate::katas::promise::{Host, agrees_with_node20, fulfilled, rejected};
        use crate::katas::promise::{Step, thenable};

        /// The same through `then`: a handler returning the promise `then` gave back (Node: TypeError).
        #[test]
        fn a2_3_1_handler_returning_its_own_promise() {
            bounded(|| {
                let host = Host::new();
                let own: Rc<std::cell::RefCell<Option<Promise>>> = Rc::default();
                let handler = {
                    let own = own.clone();
                    Function::new("", move |_| {
                        Ok(Value::Promise(own.borrow().clone().expect("set")))
                    })
                };
                let derived = host
                    .resolved(1)
                    .then(Value::Function(handler), Value::Undefined);
                *own.borrow_mut() = Some(derived.clone());
                host.run();
                assert_eq!(
                    derived.state(),
                    rejected(Value::error(ErrorKind::TypeError, SELF_RESOLUTION))
                );
            });
        }

        /// 2.3.2: a promise is adopted: pending stays pending, then takes the other's outcome.
        fn a2_3_2_adopts_a_promise(later: fn() -> Outcome, expected: fn() -> State) {
            bounded(move || {
                let host = Host::new();
                let inner = Promise::new(&host.queue);
                let outer = host.deferred();
                outer.resolve(Value::Promise(inner.clone()));
                host.run();
                assert_eq!(outer.promise.state(), State::Pending, "2.3.2.1");
                inner.settle(later());
                host.run();
                assert_eq!(outer.promise.state(), expected());
            });
        }
        cases!(a2_3_2_adopts_a_promise {
            a2_3_2_2_adopts_a_fulfilment: (
                || Outcome::Fulfilled("v".into()),
                || fulfilled("v")
            ),
            a2_3_2_3_adopts_a_rejection: (
                || Outcome::Rejected("r".into()),
                || rejected("r")
            ),
        });

        /// Resolving with a thenable leaves the promise pending, yet a later reject is already ignored.
        #[test]
        fn the_flag_is_not_the_state() {
            bounded(|| {
                let queue = MicrotaskQueue::new();
                let promise = Promise::new(&queue);
                let (resolve, reject) = promise.resolving_functions();
                let slow = Promise::new(&queue);
                resolve
                    .call(&[Value::Promise(slow.clone())])
                    .expect("resolve");
                reject.call(&["too late".into()]).expect("reject");
                queue.run();
                assert_eq!(promise.state(), State::Pending);
                slow.settle(ch03_async_patterns::promise::Outcome::Fulfilled(
                    5.into(),
                ));
                queue.run();
                assert_eq!(promise.state(), fulfilled(5));
            });
        }

        /// 2.3.3.3.1: a thenable that resolves with another thenable is followed to the end.
        #[test]
        fn a2_3_3_3_1_resolve_promise_recurses() {
            bounded(|| {
                let host = Host::new();
                let calls = Rc::new(Cell::new(0));
                let deferred = host.deferred();
                deferred.resolve(thenable(
                    &[Step::ResolveNested(9)],
                    calls.clone(),
                    &host,
                ));
                host.run();
                assert_eq!(
                    named!(state: deferred.promise.state(), calls: calls.get()),
                    named!(state: fulfilled(9), calls: 1)
                );
            });
        }

        /// How many microtask turns adopting costs, against real Node 20 (one for a thenable, two for a promise).
        fn turns_match_node20(name: &'static str) {
            let lines = agrees_with_node20(name);
            snapshot_order!(name, lines);
        }
        cases!(turns_match_node20 {
            resolve_with_promise: ("resolve_with_promise"),
            resolve_with_thenable: ("resolve_with_thenable"),
            handler_returns_promise: ("handler_returns_promise"),
        });
    }
}

#[cfg(not(kata_skip = "promise::catch"))]
mod catch {
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    use super::{Host, agrees_with_node20, fulfilled};

    /// `catch` handles a rejection and fulfils with the handler's result; a fulfilment passes by.
    #[test]
    fn handles_rejections_only() {
        bounded(|| {
            let host = Host::new();
            let caught = host
                .rejected("boom")
                .catch(host.log_returning("caught", "recovered".into()));
            let passed = host.resolved(1).catch(host.log("never"));
            host.run();
            assert_eq!(host.lines(), ["caught \"boom\""]);
            assert_eq!(
                named!(caught_state: caught.state(), passed_state: passed.state()),
                named!(caught_state: fulfilled("recovered"), passed_state: fulfilled(1))
            );
        });
    }

    /// A rejection travels past handlers without a rejection handler, one turn each (real Node 20).
    #[test]
    fn rejection_skips_handlers_match_node20() {
        let lines = agrees_with_node20("rejection_skips_handlers");
        snapshot_order!("rejection_skips_handlers", lines);
    }
}

#[cfg(not(kata_skip = "promise::finally"))]
mod finally {
    use ch03_async_patterns::promise::{Function, Promise, Value};
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    use super::{Host, agrees_with_node20, fulfilled, rejected};

    /// The cleanup runs with no argument and the outcome is kept, unless the cleanup throws or rejects.
    fn keeps_the_outcome(
        rejects: bool,
        cleanup: &str,
        expected: fn() -> ch03_async_patterns::promise::State,
    ) {
        let cleanup = cleanup.to_owned();
        bounded(move || {
            let host = Host::new();
            let source = if rejects {
                host.rejected("r")
            } else {
                host.resolved(1)
            };
            let queue = host.queue.clone();
            let on_finally = match cleanup.as_str() {
                "return" => host.log_returning("cleanup", 99.into()),
                "throw" => host.log_throwing("cleanup", "cleanup failed".into()),
                "reject" => {
                    let Value::Function(log) = host.log("cleanup") else {
                        unreachable!()
                    };
                    Value::Function(Function::new("cleanup", move |args| {
                        log.call(args)?;
                        Ok(Value::Promise(Promise::rejected(
                            &queue,
                            "cleanup rejected",
                        )))
                    }))
                }
                _ => Value::Number(5),
            };
            let result = source.finally(on_finally);
            host.run();
            assert_eq!(result.state(), expected());
            let called = if cleanup == "absent" {
                vec![]
            } else {
                vec!["cleanup".to_owned()]
            };
            assert_eq!(host.lines(), called, "called once, with no argument");
        });
    }
    cases!(keeps_the_outcome {
        keeps_a_value: (false, "return", || fulfilled(1)),
        keeps_a_reason: (true, "return", || rejected("r")),
        a_throw_replaces_the_value: (false, "throw", || rejected("cleanup failed")),
        a_rejected_promise_replaces_the_reason: (true, "reject", || rejected(
            "cleanup rejected"
        )),
        a_non_function_is_passed_to_then: (false, "absent", || fulfilled(1)),
    });

    /// `finally` waits for the cleanup's promise before restoring the value: three turns in real Node 20.
    #[test]
    fn turns_match_node20() {
        let lines = agrees_with_node20("finally_keeps_value");
        snapshot_order!("finally_keeps_value", lines);
    }
}

#[cfg(not(kata_skip = "promise::all"))]
mod all {
    use ch03_async_patterns::promise::{Promise, Value};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    use super::{Host, agrees_with_node20, fulfilled, rejected};

    /// Values in input order, not settling order; plain values count as fulfilled.
    #[test]
    fn values_in_input_order() {
        bounded(|| {
            let host = Host::new();
            let (first, second) = (host.deferred(), host.deferred());
            let all = Promise::all(
                &host.queue,
                vec![
                    Value::Promise(first.promise.clone()),
                    7.into(),
                    Value::Promise(second.promise.clone()),
                ],
            );
            second.resolve("b");
            host.run();
            first.resolve("a");
            host.run();
            assert_eq!(
                all.state(),
                fulfilled(Value::Array(vec!["a".into(), 7.into(), "b".into()]))
            );
        });
    }

    /// The first rejection wins, even with other inputs still pending.
    #[test]
    fn first_rejection_wins() {
        bounded(|| {
            let host = Host::new();
            let pending = host.deferred();
            let all = Promise::all(
                &host.queue,
                vec![
                    Value::Promise(pending.promise.clone()),
                    Value::Promise(host.rejected("first")),
                    Value::Promise(host.rejected("second")),
                ],
            );
            host.run();
            assert_eq!(all.state(), rejected("first"));
        });
    }

    /// Against real Node 20: when `all` settles, relative to a ticker; the empty list too.
    #[test]
    fn order_matches_node20() {
        let lines = agrees_with_node20("all_order");
        snapshot_order!("all_order", lines);
    }
}

#[cfg(not(kata_skip = "promise::race"))]
mod race {
    use ch03_async_patterns::promise::{Promise, State, Value};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    use super::{Host, agrees_with_node20, fulfilled};

    /// The first to settle decides; an empty race stays pending for ever.
    #[test]
    fn first_settled_wins() {
        bounded(|| {
            let host = Host::new();
            let (slow, fast) = (host.deferred(), host.deferred());
            let race = Promise::race(
                &host.queue,
                vec![
                    Value::Promise(slow.promise.clone()),
                    Value::Promise(fast.promise.clone()),
                ],
            );
            let empty = Promise::race(&host.queue, vec![]);
            fast.resolve("fast");
            host.run();
            slow.reject("slow");
            host.run();
            assert_eq!(
                named!(race_state: race.state(), empty_state: empty.state()),
                named!(race_state: fulfilled("fast"), empty_state: State::Pending)
            );
        });
    }

    /// Against real Node 20: plain values and settled promises race by turn, in input order.
    #[test]
    fn order_matches_node20() {
        let lines = agrees_with_node20("race_order");
        snapshot_order!("race_order", lines);
    }
}

#[cfg(not(kata_skip = "promise::all_settled"))]
mod all_settled {
    use ch03_async_patterns::promise::{Object, Promise, Value};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    use super::{Host, agrees_with_node20, fulfilled};

    /// Every outcome as a record, in input order; it never rejects.
    #[test]
    fn records_every_outcome() {
        bounded(|| {
            let host = Host::new();
            let settled = Promise::all_settled(
                &host.queue,
                vec![Value::Promise(host.rejected("no")), 1.into()],
            );
            let empty = Promise::all_settled(&host.queue, vec![]);
            host.run();
            let record = |status: &str, key: &str, v: Value| {
                Object::plain(vec![
                    ("status".to_owned(), status.into()),
                    (key.to_owned(), v),
                ])
            };
            assert_eq!(
                named!(settled_state: settled.state(), empty_state: empty.state()),
                named!(settled_state: fulfilled(Value::Array(vec![
                        record("rejected", "reason", "no".into()),
                        record("fulfilled", "value", 1.into()),
                    ])), empty_state: fulfilled(Value::Array(vec![])))
            );
        });
    }

    /// Against real Node 20, records printed as Node's own objects.
    #[test]
    fn order_matches_node20() {
        let lines = agrees_with_node20("all_settled_order");
        snapshot_order!("all_settled_order", lines);
    }
}

#[cfg(not(kata_skip = "promise::any"))]
mod any {
    use std::rc::Rc;

    use ch03_async_patterns::promise::{
        ALL_REJECTED, ErrorKind, JsError, Promise, Value,
    };
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    use super::{Host, agrees_with_node20, fulfilled, rejected};

    /// The first fulfilment wins over earlier rejections.
    #[test]
    fn first_fulfilment_wins() {
        bounded(|| {
            let host = Host::new();
            let later = host.deferred();
            let any = Promise::any(
                &host.queue,
                vec![
                    Value::Promise(host.rejected("a")),
                    Value::Promise(later.promise.clone()),
                ],
            );
            host.run();
            later.resolve("b");
            host.run();
            assert_eq!(any.state(), fulfilled("b"));
        });
    }

    /// All rejected: an AggregateError with every reason, in input order (not rejection order).
    #[test]
    fn all_rejected_is_an_aggregate_error() {
        bounded(|| {
            let host = Host::new();
            let (first, second) = (host.deferred(), host.deferred());
            let any = Promise::any(
                &host.queue,
                vec![
                    Value::Promise(first.promise.clone()),
                    Value::Promise(second.promise.clone()),
                ],
            );
            second.reject("y");
            host.run();
            first.reject("x");
            host.run();
            let expected = Value::Error(Rc::new(JsError {
                kind: ErrorKind::AggregateError,
                message: ALL_REJECTED.to_owned(),
                errors: vec!["x".into(), "y".into()],
            }));
            assert_eq!(any.state(), rejected(expected));
        });
    }

    /// Against real Node 20, including `Promise.any([])`, which rejects at once.
    #[test]
    fn order_matches_node20() {
        let lines = agrees_with_node20("any_order");
        snapshot_order!("any_order", lines);
    }
}
