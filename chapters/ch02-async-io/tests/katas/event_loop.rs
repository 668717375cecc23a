//! Katas of `event_loop.rs`: the whole loop, pinned by snapshots and judged by real Node.

/// Kata `event_loop::run`: the whole loop.
#[cfg(not(kata_skip = "event_loop::run"))]
pub mod run {
    use ch02_async_io::script;
    use ch02_async_io::{EventLoop, Semantics};
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    use crate::katas::{CHAPTER, labels};

    /// The notes' example (深入浅出 Node.js, the check-phase section).
    const NOTES_EXAMPLE: &str = include_str!("../scenarios/notes_example.js");

    /// Runs a whole program on an ideal machine (JavaScript takes no time).
    fn run(source: &'static str, semantics: Semantics) -> EventLoop {
        let program = script::parse(source)
            .unwrap_or_else(|error| panic!("not loopscript: {error}"));
        let mut event_loop = EventLoop::new(semantics);
        event_loop.run(&program);
        event_loop
    }

    /// The notes' famous line, and what Node 11+ prints instead.
    fn notes_order(semantics: Semantics, name: &str) {
        let order =
            bounded(move || labels(&run(NOTES_EXAMPLE, semantics)).join("=>"));
        let mut settings = kata_support::snapshot_settings(CHAPTER);
        settings.set_snapshot_suffix(name);
        settings.bind(|| insta::assert_snapshot!("notes_order", order));
    }
    cases!(notes_order {
        node10: (Semantics::Node10, "node10"),
        node20: (Semantics::Node11Plus, "node20"),
    });

    /// The phase each of the notes' callbacks ran in.
    fn notes_phases(semantics: Semantics, name: &str) {
        let trace = bounded(move || run(NOTES_EXAMPLE, semantics).phase_trace());
        let mut settings = kata_support::snapshot_settings(CHAPTER);
        settings.set_snapshot_suffix(name);
        settings.bind(|| insta::assert_snapshot!("notes_phases", trace));
    }
    cases!(notes_phases {
        node10: (Semantics::Node10, "node10"),
        node20: (Semantics::Node11Plus, "node20"),
    });

    /// Main first, then the queues, then the loop; the loop ends when nothing is pending.
    #[test]
    fn main_then_queues_then_phases() {
        bounded(|| {
            let mut event_loop = run(
                "const fs = require('fs')
                 fs.readFile(__filename, () => console.log('poll'))
                 setImmediate(() => console.log('check'))
                 setTimeout(() => console.log('timers'), 10)
                 Promise.resolve().then(() => console.log('microtask'))
                 process.nextTick(() => console.log('nextTick'))
                 console.log('main')",
                Semantics::Node11Plus,
            );
            let trace = event_loop.phase_trace();
            assert_eq!(
                trace,
                "main  main\nnextTick  nextTick\nmicrotasks  microtask\ncheck  check\npoll  poll\ntimers  timers\n"
            );
            assert!(!event_loop.is_alive());
        });
    }

    /// Inside an I/O callback, setImmediate always beats setTimeout 0: check comes next.
    fn io_callback_prefers_the_immediate(semantics: Semantics) {
        bounded(move || {
            let event_loop = run(
                "const fs = require('fs')
                 fs.readFile(__filename, () => {
                    setTimeout(() => console.log('timeout'), 0)
                    setImmediate(() => console.log('immediate'))
                 })",
                semantics,
            );
            assert_eq!(labels(&event_loop), ["immediate", "timeout"]);
        });
    }
    cases!(io_callback_prefers_the_immediate {
        node10: (Semantics::Node10),
        node20: (Semantics::Node11Plus),
    });

    /// A script with nothing asynchronous never turns the loop.
    #[test]
    fn sync_scripts_finish_after_main() {
        bounded(|| {
            let event_loop = run("console.log('only')", Semantics::Node10);
            assert_eq!(labels(&event_loop), ["only"]);
            assert_eq!(event_loop.clock, 0);
        });
    }

    /// The oracle: every scenario in `tests/scenarios/` through real Node and through the model.
    mod real_node {
        use ch02_async_io::{ScriptError, Semantics, run_script};
        use kata_support::oracle::{NodeVersion, Outcome};
        use pretty_assertions::assert_eq;

        use crate::katas::CHAPTER;

        /// Runs `scenario` through real `version` and through the model, and compares.
        ///
        /// One order observed: the model must print exactly it. Several: the
        /// scenario is racy on that Node, and the model's order must be one of them.
        fn agrees(scenario: &str, version: NodeVersion) {
            let path = kata_support::chapter_file(
                CHAPTER,
                &format!("tests/scenarios/{scenario}.js"),
            );
            let source = std::fs::read_to_string(&path).unwrap_or_else(|error| {
                panic!("reading {}: {error}", path.display())
            });
            let semantics = Semantics::for_node(version.major())
                .expect("oracle versions are modelled");
            let script = source.clone();
            let model =
                kata_support::bounded(move || match run_script(&script, semantics) {
                    Ok(event_loop) => Ok(Outcome {
                        lines: event_loop
                            .labels()
                            .into_iter()
                            .map(str::to_owned)
                            .collect(),
                        success: true,
                    }),
                    Err(error) => Err(error),
                });
            let observed =
                crate::katas::scenario_observed(scenario, version, &path, &source);
            match model {
                Err(ScriptError::Parse(error)) => {
                    panic!("{scenario}.js is not loopscript: {error}")
                }
                Err(ScriptError::Unsupported(error)) => assert!(
                    observed.outcomes.keys().all(|outcome| !outcome.success),
                    "the model refuses {scenario}.js ({error}) but {version} ran it:\n{observed}"
                ),
                Ok(model) if observed.is_racy() => {
                    eprintln!(
                        "racy on {version}: {} orders observed\n{observed}",
                        observed.outcomes.len()
                    );
                    assert!(
                        observed.contains(&model),
                        "{scenario}.js is racy on {version}, but the model's order was never observed\n\
                         model: {}\n{version} printed:\n{observed}",
                        model.lines.join("=>")
                    );
                }
                Ok(model) => {
                    let real =
                        observed.outcomes.keys().next().expect("at least one run");
                    assert_eq!(model.lines, real.lines, "{scenario}.js on {version}");
                    assert!(real.success, "{version} failed on {scenario}.js");
                }
            }
        }

        macro_rules! scenarios {
            ($($name:ident $(: $only:ident)?),* $(,)?) => {
                /// Every scenario, so a given test can check the folder holds no others.
                pub const ALL: &[&str] = &[$(stringify!($name)),*];
                $(scenarios!(@one $name $($only)?);)*
            };
            (@one $name:ident) => {
                mod $name {
                    use kata_support::oracle::NodeVersion;

                    /// The scenario on real Node 10 (the notes' Node).
                    #[test]
                    fn node10() {
                        super::agrees(stringify!($name), NodeVersion::V10);
                    }

                    scenarios!(@modern $name);
                }
            };
            // A scenario using an API Node 10 lacks: real Node 10 throws and the
            // model refuses the script before any kata code runs, so that half is
            // a given (scaffolding) test.
            (@one $name:ident node11_only) => {
                mod $name {
                    use kata_support::oracle::NodeVersion;

                    /// Real Node 10 throws on this scenario, and the model refuses it.
                    #[test]
                    fn given_node10_throws() {
                        super::agrees(stringify!($name), NodeVersion::V10);
                    }

                    scenarios!(@modern $name);
                }
            };
            (@modern $name:ident) => {
                /// The scenario on real Node 20 (the machine's Node).
                #[test]
                fn node20() {
                    super::agrees(stringify!($name), NodeVersion::V20);
                }

                /// The scenario on real Node 22.
                #[test]
                fn node22() {
                    super::agrees(stringify!($name), NodeVersion::V22);
                }
            };
        }

        scenarios! {
            function_syntax,
            immediate_in_check,
            immediate_microtask_chain,
            immediate_then_timer,
            immediates_microtasks,
            io_immediate_vs_timeout,
            log_before_loop,
            long_timer_vs_immediates,
            main_immediate_vs_timeout,
            many_immediates_ticks,
            nested_read_file,
            nested_ticks,
            next_tick_before_promise,
            notes_example,
            promise_chains_interleave,
            promise_in_tick_in_timer,
            promise_queues_tick,
            queue_microtask: node11_only,
            read_file_callback_queues,
            read_file_vs_immediates,
            sync_only,
            tick_queues_promise,
            timer_delays,
            timer_immediate_in_tick,
            timer_in_timer,
            timers_expiry_order,
            timers_microtasks,
            timers_two_lists,
            two_reads,
        }
    }

    pub use real_node::ALL as SCENARIOS;
}
