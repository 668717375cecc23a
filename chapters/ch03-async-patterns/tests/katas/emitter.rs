//! Katas of `emitter.rs`: Node's `EventEmitter`, method by method, then whole against real Node 20.

/// What a `removeListener` listener hears when `a` (added with `method`, beside
/// `listeners - 1` others) leaves `x`: by `off`, or by firing (`by_emit`).
fn heard_on_removal(method: &str, listeners: usize, by_emit: bool) -> String {
    use ch03_async_patterns::emitter::{EventEmitter, Listener};

    use crate::katas::{lines, log, logger};

    let log = log();
    let a = logger("a", &log);
    let mut emitter = EventEmitter::new();
    let heard = log.clone();
    let watcher = Listener::new("watcher", move |_, args| {
        let shown: Vec<String> = args.iter().map(|a| a.show()).collect();
        heard
            .borrow_mut()
            .push(format!("removeListener {}", shown.join(" ")));
        Ok(())
    });
    emitter.on("removeListener", &watcher).expect("on");
    if method == "once" {
        emitter.once("x", &a).expect("once");
    } else {
        emitter.on("x", &a).expect("on");
    }
    if listeners == 2 {
        emitter.on("x", &logger("other", &log)).expect("on");
    }
    log.borrow_mut().clear();
    if by_emit {
        emitter.emit("x", &[]).expect("emit");
    } else {
        emitter.off("x", &a).expect("off");
    }
    lines(&log)
        .into_iter()
        .find(|l| l.starts_with("removeListener"))
        .expect("a removeListener event")
}

/// The provided lookups, on an emitter built by hand (no kata involved).
mod given {
    use ch03_async_patterns::emitter::{EventEmitter, Handlers};
    use pretty_assertions::assert_eq;

    /// `handlers_mut` finds the entry of the event asked for, and nothing else.
    #[test]
    fn given_handlers_mut_finds_the_event() {
        let mut emitter = EventEmitter::new();
        emitter.events.push(("a".to_owned(), Handlers::default()));
        emitter.events.push(("b".to_owned(), Handlers::default()));
        emitter.handlers_mut("b").expect("b is there").warned = true;
        assert!(emitter.handlers_mut("c").is_none());
        let warned: Vec<(&str, bool)> = emitter
            .events
            .iter()
            .map(|(name, handlers)| (name.as_str(), handlers.warned))
            .collect();
        assert_eq!(warned, [("a", false), ("b", true)]);
    }
}

#[cfg(not(kata_skip = "emitter::add_listener"))]
mod add_listener {
    use ch03_async_patterns::emitter::{EventEmitter, MaxListenersWarning};
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    use crate::katas::{lines, log, logger};

    fn names(emitter: &EventEmitter, event: &str) -> Vec<String> {
        emitter
            .listeners(event)
            .iter()
            .map(|l| l.name().to_owned())
            .collect()
    }

    /// `on` appends, `prependListener` puts the listener first; each event keeps its own list.
    #[test]
    fn appends_and_prepends() {
        bounded(|| {
            let log = log();
            let (a, b, c) = (logger("a", &log), logger("b", &log), logger("c", &log));
            let mut emitter = EventEmitter::new();
            emitter.on("x", &a).expect("on");
            emitter.on("x", &b).expect("on");
            emitter.prepend_listener("x", &c).expect("prepend");
            emitter.on("y", &a).expect("on");
            assert_eq!(names(&emitter, "x"), ["c", "a", "b"]);
            assert_eq!(names(&emitter, "y"), ["a"]);
            assert_eq!(emitter.listener_count("x"), 3);
        });
    }

    /// The same function added twice is called twice: Node does not deduplicate.
    #[test]
    fn the_same_function_twice_is_two_listeners() {
        bounded(|| {
            let log = log();
            let a = logger("a", &log);
            let mut emitter = EventEmitter::new();
            emitter.on("x", &a).expect("on");
            emitter.on("x", &a).expect("on");
            assert_eq!(emitter.listener_count("x"), 2);
        });
    }

    /// The leak warning: raised when the list grows past the limit, once per event, with Node 20's text.
    fn warns_past_the_limit(
        limit: Option<usize>,
        listeners: usize,
        warned_with_max: Option<usize>,
    ) {
        bounded(move || {
            let log = log();
            let a = logger("a", &log);
            let mut emitter = EventEmitter::new();
            if let Some(limit) = limit {
                emitter.set_max_listeners(limit);
            }
            for _ in 0..listeners {
                emitter.on("tick", &a).expect("on");
            }
            let expected: Vec<MaxListenersWarning> = warned_with_max
                .map(|max| MaxListenersWarning {
                    event: "tick".to_owned(),
                    count: max + 1,
                    max,
                })
                .into_iter()
                .collect();
            assert_eq!(emitter.warnings, expected);
        });
    }
    cases!(warns_past_the_limit {
        default_limit_warns_at_eleven: (None, 11, Some(10)),
        limit_two_warns_at_three: (Some(2), 3, Some(2)),
        ten_listeners_are_fine: (None, 10, None),
        limit_zero_never_warns: (Some(0), 30, None),
        limit_one_warns_at_two: (Some(1), 5, Some(1)),
    });

    /// Each event warns on its own; prepending counts too; the hook hears the warning as it happens.
    #[test]
    fn each_event_warns_once() {
        bounded(|| {
            let log = log();
            let a = logger("a", &log);
            let heard = log.clone();
            let mut emitter = EventEmitter::new();
            emitter.on_warning =
                Some(std::rc::Rc::new(move |w: &MaxListenersWarning| {
                    heard.borrow_mut().push(w.to_string())
                }));
            emitter.set_max_listeners(1);
            emitter.on("x", &a).expect("on");
            emitter.prepend_listener("x", &a).expect("prepend");
            emitter.on("x", &a).expect("on");
            emitter.on("y", &a).expect("on");
            emitter
                .prepend_once_listener("y", &a)
                .expect("prepend once");
            assert_eq!(
                lines(&log),
                [
                    "Possible EventEmitter memory leak detected. 2 x listeners added to [EventEmitter]. \
                     MaxListeners is 1. Use emitter.setMaxListeners() to increase limit",
                    "Possible EventEmitter memory leak detected. 2 y listeners added to [EventEmitter]. \
                     MaxListeners is 1. Use emitter.setMaxListeners() to increase limit",
                ]
            );
        });
    }
}

#[cfg(not(kata_skip = "emitter::emit"))]
mod emit {
    use ch03_async_patterns::emitter::{
        Arg, EmitError, EventEmitter, Listener, Registration,
    };
    use ch03_async_patterns::json::Json;
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    use crate::katas::{lines, log, logger};

    /// `newListener` fires before the listener is added, with the caller's function (not a wrapper).
    #[test]
    fn new_listener_hears_first() {
        bounded(|| {
            let log = log();
            let seen = log.clone();
            let watcher = Listener::new("watcher", move |emitter, args| {
                let shown: Vec<String> = args.iter().map(|a| a.show()).collect();
                seen.borrow_mut().push(format!(
                    "newListener {} while x has {}",
                    shown.join(" "),
                    emitter.listener_count("x")
                ));
                Ok(())
            });
            let a = logger("a", &log);
            let mut emitter = EventEmitter::new();
            emitter.on("newListener", &watcher).expect("on");
            emitter.on("x", &a).expect("on");
            emitter.once("x", &a).expect("once");
            assert_eq!(
                lines(&log),
                [
                    r#"newListener "x" [Function: a] while x has 0"#,
                    r#"newListener "x" [Function: a] while x has 1"#,
                ]
            );
            assert!(matches!(
                emitter.raw_listeners("x").as_slice(),
                [Registration::Plain(_), Registration::Once(_)]
            ));
        });
    }

    /// A listener added during an emit waits for the next emit (`emit` works on a copy).
    #[test]
    fn listeners_added_during_an_emit_wait() {
        bounded(|| {
            let log = log();
            let b = logger("b", &log);
            let (b2, log2) = (b.clone(), log.clone());
            let a = Listener::new("a", move |emitter, _| {
                log2.borrow_mut().push("a".to_owned());
                emitter.on("x", &b2)
            });
            let mut emitter = EventEmitter::new();
            emitter.on("x", &a).expect("on");
            assert_eq!(emitter.emit("x", &[]), Ok(true));
            log.borrow_mut().push("--".to_owned());
            assert_eq!(emitter.emit("x", &[]), Ok(true));
            assert_eq!(lines(&log), ["a", "--", "a", "b"]);
        });
    }

    /// `emit` returns whether the event had listeners, and passes the arguments in order.
    #[test]
    fn calls_in_order_and_says_whether_anyone_listened() {
        bounded(|| {
            let log = log();
            let mut emitter = EventEmitter::new();
            assert_eq!(emitter.emit("x", &[]), Ok(false));
            emitter.on("x", &logger("a", &log)).expect("on");
            emitter.on("x", &logger("b", &log)).expect("on");
            let args = [Arg::from("hi"), Arg::Json(Json::Number(2.0))];
            assert_eq!(emitter.emit("x", &args), Ok(true));
            assert_eq!(emitter.emit("y", &args), Ok(false));
            assert_eq!(lines(&log), [r#"a "hi" 2"#, r#"b "hi" 2"#]);
        });
    }

    /// `error` with no listener is an error value carrying the first argument.
    fn unhandled_error(args: Vec<Arg>, payload: Option<Arg>) {
        bounded(move || {
            let mut emitter = EventEmitter::new();
            assert_eq!(
                emitter.emit("error", &args),
                Err(EmitError::Unhandled { payload })
            );
        });
    }
    cases!(unhandled_error {
        string_payload: (vec![Arg::from("boom")], Some(Arg::from("boom"))),
        no_payload: (vec![], None),
        first_of_two: (
            vec![Arg::Json(Json::Number(1.0)), Arg::from("x")],
            Some(Arg::Json(Json::Number(1.0)))
        ),
    });

    /// With an `error` listener, `error` is an ordinary event.
    #[test]
    fn handled_error_is_ordinary() {
        bounded(|| {
            let log = log();
            let mut emitter = EventEmitter::new();
            emitter.on("error", &logger("handler", &log)).expect("on");
            assert_eq!(emitter.emit("error", &[Arg::from("boom")]), Ok(true));
            assert_eq!(lines(&log), [r#"handler "boom""#]);
        });
    }

    /// An exception in a listener stops the emit: later listeners do not run.
    #[test]
    fn a_throwing_listener_stops_the_emit() {
        bounded(|| {
            let log = log();
            let thrower = Listener::new("thrower", |emitter, _| {
                emitter.emit("error", &[Arg::from("inner")]).map(|_| ())
            });
            let mut emitter = EventEmitter::new();
            emitter.on("x", &thrower).expect("on");
            emitter.on("x", &logger("after", &log)).expect("on");
            assert_eq!(
                emitter.emit("x", &[]),
                Err(EmitError::Unhandled {
                    payload: Some(Arg::from("inner"))
                })
            );
            assert_eq!(lines(&log), Vec::<String>::new());
        });
    }
}

#[cfg(not(kata_skip = "emitter::once_wrapper"))]
mod once_wrapper {
    use std::cell::Cell;
    use std::rc::Rc;

    use ch03_async_patterns::emitter::{EventEmitter, Listener};
    use kata_support::{bounded, cases};
    use pretty_assertions::assert_eq;

    use crate::katas::{lines, log, logger};

    /// A once listener runs on the first emit only; the second emit finds nobody.
    #[test]
    fn fires_once() {
        bounded(|| {
            let log = log();
            let mut emitter = EventEmitter::new();
            emitter.once("x", &logger("a", &log)).expect("once");
            assert_eq!(emitter.emit("x", &[]), Ok(true));
            assert_eq!(emitter.emit("x", &[]), Ok(false));
            assert_eq!(lines(&log), ["a"]);
        });
    }

    /// The wrapper is off the list before the listener runs.
    #[test]
    fn removed_before_it_runs() {
        bounded(|| {
            let seen = Rc::new(Cell::new(usize::MAX));
            let inside = seen.clone();
            let a = Listener::new("a", move |emitter, _| {
                inside.set(emitter.listener_count("x"));
                Ok(())
            });
            let mut emitter = EventEmitter::new();
            emitter.once("x", &a).expect("once");
            emitter.emit("x", &[]).expect("emit");
            assert_eq!(seen.get(), 0);
        });
    }

    /// A listener that re-emits the event before the once listener's turn:
    /// the inner emit fires it, and the outer emit's copy must not fire it again.
    #[test]
    fn a_nested_emit_does_not_fire_it_twice() {
        bounded(|| {
            let log = log();
            let first = Rc::new(Cell::new(true));
            let log2 = log.clone();
            let reemit = Listener::new("reemit", move |emitter, _| {
                log2.borrow_mut().push("reemit".to_owned());
                if first.replace(false) {
                    emitter.emit("x", &[])?;
                }
                Ok(())
            });
            let mut emitter = EventEmitter::new();
            emitter.on("x", &reemit).expect("on");
            emitter.once("x", &logger("once", &log)).expect("once");
            emitter.emit("x", &[]).expect("emit");
            assert_eq!(lines(&log), ["reemit", "reemit", "once"]);
        });
    }

    /// `off` with the original function removes its once-wrapper.
    #[test]
    fn off_with_the_original_removes_it() {
        bounded(|| {
            let log = log();
            let a = logger("a", &log);
            let mut emitter = EventEmitter::new();
            emitter.once("x", &a).expect("once");
            emitter.off("x", &a).expect("off");
            assert_eq!(emitter.emit("x", &[]), Ok(false));
            assert_eq!(lines(&log), Vec::<String>::new());
        });
    }

    /// Two once registrations of one function are two wrappers: each fires once, in order.
    #[test]
    fn two_wrappers_of_one_function() {
        bounded(|| {
            let log = log();
            let a = logger("a", &log);
            let mut emitter = EventEmitter::new();
            emitter.once("x", &a).expect("once");
            emitter
                .prepend_once_listener("x", &logger("first", &log))
                .expect("prepend");
            emitter.once("x", &a).expect("once");
            emitter.emit("x", &[]).expect("emit");
            assert_eq!(emitter.listener_count("x"), 0);
            assert_eq!(lines(&log), ["first", "a", "a"]);
        });
    }

    /// What `removeListener` hears when a once-wrapper removes itself: the
    /// original function alone, but the wrapper (`bound onceWrapper`) among two.
    fn removal_event_names_the_wrapper(listeners: usize, shown: &str) {
        let shown = shown.to_owned();
        bounded(move || {
            assert_eq!(
                crate::katas::emitter::heard_on_removal("once", listeners, true),
                format!(r#"removeListener "x" {shown}"#)
            );
        });
    }
    cases!(removal_event_names_the_wrapper {
        once_fires_alone: (1, "[Function: a]"),
        once_fires_among_two: (2, "[Function: bound onceWrapper]"),
    });
}

#[cfg(not(kata_skip = "emitter::remove_listener"))]
mod remove_listener {
    use ch03_async_patterns::emitter::{EventEmitter, Listener, MaxListenersWarning};
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    use crate::katas::{lines, log, logger};

    /// Listeners added or removed during an emit change the next emit, not this one (the removal half needs `off`).
    #[test]
    fn listeners_are_snapshotted() {
        bounded(|| {
            let log = log();
            let b = logger("b", &log);
            let c = logger("c", &log);
            let (b2, c2, log2) = (b.clone(), c.clone(), log.clone());
            let a = Listener::new("a", move |emitter, _| {
                log2.borrow_mut().push("a".to_owned());
                emitter.on("x", &b2)?;
                emitter.off("x", &c2)
            });
            let mut emitter = EventEmitter::new();
            emitter.on("x", &a).expect("on");
            emitter.on("x", &c).expect("on");
            assert_eq!(emitter.emit("x", &[]), Ok(true));
            log.borrow_mut().push("--".to_owned());
            emitter.off("x", &a).expect("off");
            assert_eq!(emitter.emit("x", &[]), Ok(true));
            assert_eq!(lines(&log), ["a", "c", "--", "b"]);
        });
    }

    fn names(emitter: &EventEmitter, event: &str) -> Vec<String> {
        emitter
            .listeners(event)
            .iter()
            .map(|l| l.name().to_owned())
            .collect()
    }

    /// `off` removes the most recently added match only, one per call.
    #[test]
    fn removes_the_last_match_only() {
        bounded(|| {
            let log = log();
            let (a, b) = (logger("a", &log), logger("b", &log));
            let mut emitter = EventEmitter::new();
            for listener in [&a, &b, &a, &b] {
                emitter.on("x", listener).expect("on");
            }
            emitter.off("x", &a).expect("off");
            assert_eq!(names(&emitter, "x"), ["a", "b", "b"]);
            emitter.off("x", &b).expect("off");
            assert_eq!(names(&emitter, "x"), ["a", "b"]);
            emitter
                .off("x", &logger("a", &log))
                .expect("a different function named a");
            assert_eq!(names(&emitter, "x"), ["a", "b"]);
        });
    }

    /// The last listener gone, the event is gone from `eventNames`.
    #[test]
    fn an_empty_event_disappears() {
        bounded(|| {
            let log = log();
            let a = logger("a", &log);
            let mut emitter = EventEmitter::new();
            emitter.on("x", &a).expect("on");
            emitter.on("y", &a).expect("on");
            emitter.off("x", &a).expect("off");
            emitter.off("nothing", &a).expect("off");
            assert_eq!(emitter.event_names(), ["y"]);
        });
    }

    /// What `removeListener` hears: Node 20 passes the original function. (A
    /// once-wrapper removing itself is `once_wrapper`'s case.)
    fn removal_event_names_the_function(method: &str, listeners: usize, shown: &str) {
        let (method, shown) = (method.to_owned(), shown.to_owned());
        bounded(move || {
            assert_eq!(
                crate::katas::emitter::heard_on_removal(&method, listeners, false),
                format!(r#"removeListener "x" {shown}"#)
            );
        });
    }
    cases!(removal_event_names_the_function {
        plain_alone: ("on", 1, "[Function: a]"),
        plain_among_two: ("on", 2, "[Function: a]"),
        off_a_once_alone: ("once", 1, "[Function: a]"),
        off_a_once_among_two: ("once", 2, "[Function: a]"),
    });

    /// Shrinking a list to one listener forgets the warning: growing it again warns again.
    #[test]
    fn shrinking_to_one_rearms_the_warning() {
        bounded(|| {
            let log = log();
            let (a, b) = (logger("a", &log), logger("b", &log));
            let mut emitter = EventEmitter::new();
            emitter.set_max_listeners(1);
            emitter.on("x", &a).expect("on");
            emitter.on("x", &b).expect("on");
            emitter.on("x", &b).expect("on");
            emitter.off("x", &b).expect("off");
            emitter
                .on("x", &b)
                .expect("on: still two or more, no warning");
            emitter.off("x", &b).expect("off");
            emitter.off("x", &b).expect("off: down to one");
            emitter.on("x", &b).expect("on: warns again");
            let warning = MaxListenersWarning {
                event: "x".to_owned(),
                count: 2,
                max: 1,
            };
            assert_eq!(emitter.warnings, [warning.clone(), warning]);
        });
    }

    /// An event removed and added again moves to the end.
    #[test]
    fn re_added_goes_last() {
        bounded(|| {
            let log = log();
            let a = logger("a", &log);
            let mut emitter = EventEmitter::new();
            for event in ["x", "y", "z"] {
                emitter.on(event, &a).expect("on");
            }
            emitter.off("x", &a).expect("off");
            emitter.on("x", &a).expect("on");
            assert_eq!(emitter.event_names(), ["y", "z", "x"]);
        });
    }
}

#[cfg(not(kata_skip = "emitter::event_names"))]
mod event_names {
    use ch03_async_patterns::emitter::EventEmitter;
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    use crate::katas::{log, logger};

    /// Names in insertion order, except that array-index names come first, ascending.
    fn javascript_key_order(added: &[&str], expected: &[&str]) {
        let added: Vec<String> = added.iter().map(|s| s.to_string()).collect();
        let expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
        bounded(move || {
            let log = log();
            let a = logger("a", &log);
            let mut emitter = EventEmitter::new();
            for event in &added {
                emitter.on(event, &a).expect("on");
            }
            assert_eq!(emitter.event_names(), expected);
        });
    }
    cases!(javascript_key_order {
        insertion_order: (&["b", "a", "c"], &["b", "a", "c"]),
        indices_first: (&["x", "10", "2", "y"], &["2", "10", "x", "y"]),
        not_indices: (
            &["x", "01", "-1", "1.5", "0"],
            &["0", "x", "01", "-1", "1.5"]
        ),
        too_big_for_an_index: (
            &["4294967295", "4294967294"],
            &["4294967294", "4294967295"]
        ),
    });
}

#[cfg(not(kata_skip = "emitter::remove_all_listeners"))]
mod remove_all_listeners {
    use ch03_async_patterns::emitter::{EventEmitter, Listener};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    use crate::katas::{lines, log, logger};

    /// Without `removeListener` listeners: one event's list, or everything, just goes.
    #[test]
    fn drops_one_event_or_all() {
        bounded(|| {
            let log = log();
            let a = logger("a", &log);
            let mut emitter = EventEmitter::new();
            for event in ["x", "y", "z"] {
                emitter.on(event, &a).expect("on");
                emitter.once(event, &a).expect("once");
            }
            emitter.remove_all_listeners(Some("y")).expect("one event");
            assert_eq!(emitter.event_names(), ["x", "z"]);
            emitter.remove_all_listeners(None).expect("all");
            assert_eq!(emitter.event_names(), Vec::<String>::new());
            assert_eq!(emitter.emit("x", &[]), Ok(false));
        });
    }

    /// With a `removeListener` listener: one removal event per listener, last first,
    /// every other event before `removeListener`'s own listeners.
    #[test]
    fn reports_each_removal_in_node_order() {
        bounded(|| {
            let log = log();
            let (a, b) = (logger("a", &log), logger("b", &log));
            let heard = log.clone();
            let watcher = Listener::new("watcher", move |_, args| {
                let shown: Vec<String> = args.iter().map(|a| a.show()).collect();
                heard.borrow_mut().push(shown.join(" "));
                Ok(())
            });
            let mut emitter = EventEmitter::new();
            emitter.on("removeListener", &watcher).expect("on");
            emitter.on("removeListener", &b).expect("on");
            emitter.on("x", &a).expect("on");
            emitter.once("x", &b).expect("once");
            emitter.on("2", &a).expect("on");
            log.borrow_mut().clear();
            emitter.remove_all_listeners(None).expect("all");
            assert_eq!(
                lines(&log),
                [
                    r#""2" [Function: a]"#,
                    r#"b "2" [Function: a]"#,
                    r#""x" [Function: bound onceWrapper]"#,
                    r#"b "x" [Function: bound onceWrapper]"#,
                    r#""x" [Function: a]"#,
                    r#"b "x" [Function: a]"#,
                    r#""removeListener" [Function: b]"#,
                ]
            );
            assert_eq!(emitter.event_names(), Vec::<String>::new());
        });
    }

    /// The whole emitter against real Node 20: hand-written scenarios and generated scripts.
    mod real_node {
        use std::collections::BTreeMap;
        use std::process::Command;

        use ch03_async_patterns::script;
        use kata_support::oracle::{self, NodeVersion};
        use pretty_assertions::assert_eq;

        use crate::katas::{CHAPTER, generated};

        /// How many generated scripts the oracle compares (the issue asks for at least 200).
        const GENERATED: u64 = 240;

        /// Every `(name, text)` script replayed by real Node 20 in one process,
        /// from the recording `emitter/<case>`: each script's printed lines.
        fn node_outputs(
            case: &str,
            scripts: &[(String, String)],
        ) -> BTreeMap<String, Vec<String>> {
            let replayer =
                kata_support::chapter_file(CHAPTER, "tests/oracle/emitter.js");
            let js = std::fs::read_to_string(&replayer)
                .expect("reading tests/oracle/emitter.js");
            let mut input = js.clone();
            for (name, text) in scripts {
                input.push_str(&format!("\n=== {name}\n{text}"));
            }
            let observed = oracle::recorded(
                CHAPTER,
                &format!("emitter/{case}"),
                NodeVersion::V20,
                &input,
                1,
                |node| {
                    let dir = tempfile::tempdir()?;
                    let mut command = Command::new(node);
                    command
                        .arg(&replayer)
                        .arg("--batch")
                        .current_dir(dir.path());
                    for (name, text) in scripts {
                        std::fs::write(dir.path().join(name), text)?;
                        command.arg(name);
                    }
                    let output = command.env_remove("NODE_OPTIONS").output()?;
                    Ok(oracle::Outcome {
                        lines: String::from_utf8_lossy(&output.stdout)
                            .lines()
                            .map(str::to_owned)
                            .collect(),
                        success: output.status.success(),
                    })
                },
            );
            assert!(!observed.is_racy(), "node emitter.js varied:\n{observed}");
            let stdout = observed
                .outcomes
                .into_keys()
                .next()
                .expect("at least one run");
            assert!(stdout.success, "node emitter.js failed on `{case}`");
            let mut outputs = BTreeMap::new();
            let mut current: Option<(String, Vec<String>)> = None;
            for line in &stdout.lines {
                match (line.strip_prefix("=== "), current.as_mut()) {
                    (Some("end"), Some(_)) => {
                        let (name, lines) = current.take().expect("inside a frame");
                        outputs.insert(name, lines);
                    }
                    (Some(name), None) => {
                        current = Some((name.to_owned(), Vec::new()))
                    }
                    (_, Some((_, lines))) => lines.push(line.to_owned()),
                    (_, None) => panic!("unframed node output: {line}"),
                }
            }
            outputs
        }

        /// Replays each script through the model and real Node 20, and compares the lines exactly.
        fn agree(case: &str, scripts: Vec<(String, String)>) {
            let real = node_outputs(case, &scripts);
            let model: Vec<(String, Vec<String>)> =
                kata_support::bounded(move || {
                    scripts
                        .into_iter()
                        .map(|(name, text)| {
                            let lines = script::run_script(&text)
                                .unwrap_or_else(|error| panic!("{name}: {error}"));
                            (name, lines)
                        })
                        .collect()
                });
            assert_eq!(
                model.len(),
                real.len(),
                "node replayed a different number of scripts"
            );
            let differing: Vec<&str> = model
                .iter()
                .filter(|(name, lines)| real.get(name) != Some(lines))
                .map(|(name, _)| name.as_str())
                .collect();
            if let Some(&name) = differing.first() {
                let (mine, theirs) = (
                    &model.iter().find(|(n, _)| n == name).expect("listed").1,
                    &real[name],
                );
                let at = mine.iter().zip(theirs).take_while(|(a, b)| a == b).count();
                let window = |lines: &[String]| {
                    lines[at.saturating_sub(3)..lines.len().min(at + 3)].to_vec()
                };
                assert_eq!(
                    window(mine),
                    window(theirs),
                    "{} of {} scripts differ from node 20, first {name} at line {} \
                     (model left, node right; `generated::script(seed)` rebuilds a seed)",
                    differing.len(),
                    model.len(),
                    at + 1
                );
            }
        }

        /// The scenario bank in `tests/oracle/scenarios/`, each a behaviour the book discusses.
        #[test]
        fn scenarios_match_node20() {
            let dir = kata_support::chapter_file(CHAPTER, "tests/oracle/scenarios");
            let mut scripts: Vec<(String, String)> = std::fs::read_dir(&dir)
                .expect("the scenario folder")
                .map(|entry| {
                    let path = entry.expect("a directory entry").path();
                    let name = path
                        .file_name()
                        .expect("a file name")
                        .to_string_lossy()
                        .into_owned();
                    (
                        name,
                        std::fs::read_to_string(&path).expect("a readable scenario"),
                    )
                })
                .collect();
            scripts.sort();
            assert!(scripts.len() >= 8, "the scenario bank is missing files");
            agree("scenarios", scripts);
        }

        /// 240 seeded random scripts: listeners that add, remove and emit while emitted.
        #[test]
        fn generated_scripts_match_node20() {
            let scripts = (0..GENERATED)
                .map(|seed| {
                    (format!("seed-{seed:03}.jsonl"), generated::script(seed))
                })
                .collect();
            agree("generated", scripts);
        }
    }
}
