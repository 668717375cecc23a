//! Katas of `races.rs`: every order a racy script may print.

#[cfg(not(kata_skip = "races::all_orders"))]
mod all_orders {
    use std::collections::BTreeSet;

    use ch02_async_io::races::all_orders;
    use ch02_async_io::{Semantics, run_script, script};
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    use crate::katas::CHAPTER;

    /// All orders of a scenario from the bank, each joined by `=>`.
    fn orders_of(scenario: &str, semantics: Semantics) -> BTreeSet<String> {
        let path = kata_support::chapter_file(
            CHAPTER,
            &format!("tests/scenarios/{scenario}.js"),
        );
        let source = std::fs::read_to_string(&path).expect("scenario file");
        bounded(move || {
            let program = script::parse(&source).expect("scenarios are loopscript");
            let found = all_orders(&program, semantics);
            assert!(
                found.complete,
                "the search gave up after {} runs",
                found.runs
            );
            // One run prints one order, so `runs` can be no fewer than the
            // orders found (a count that never grows would never stop a
            // search at MAX_RUNS either).
            assert!(
                found.runs >= found.orders.len(),
                "{} orders found in {} runs: `runs` counts every run of the program",
                found.orders.len(),
                found.runs
            );
            found
                .orders
                .into_iter()
                .map(|order| order.join("=>"))
                .collect()
        })
    }

    fn set(orders: &[&str]) -> BTreeSet<String> {
        orders.iter().map(|order| order.to_string()).collect()
    }

    /// The main module's `setTimeout(0)` against `setImmediate`: exactly two orders.
    fn main_module_race_has_two_orders(semantics: Semantics) {
        let expected = set(&["immediate=>timeout", "timeout=>immediate"]);
        assert_eq!(orders_of("main_immediate_vs_timeout", semantics), expected);
    }
    cases!(main_module_race_has_two_orders {
        node10: (Semantics::Node10),
        node20: (Semantics::Node11Plus),
    });

    /// Inside an I/O callback there is no race: check always comes first.
    fn io_callback_has_one_order(semantics: Semantics) {
        assert_eq!(
            orders_of("io_immediate_vs_timeout", semantics),
            set(&["immediate=>timeout"])
        );
    }
    cases!(io_callback_has_one_order {
        node10: (Semantics::Node10),
        node20: (Semantics::Node11Plus),
    });

    /// The notes' script: Node 10 may split its timer batch, Node 11+ cannot change.
    fn notes_example(semantics: Semantics, expected: &[&str]) {
        assert_eq!(orders_of("notes_example", semantics), set(expected));
    }
    cases!(notes_example {
        node10: (
            Semantics::Node10,
            &[
                "start=>end=>promise3=>timer1=>promise1=>timer2=>promise2",
                "start=>end=>promise3=>timer1=>timer2=>promise1=>promise2",
            ]
        ),
        node20: (
            Semantics::Node11Plus,
            &["start=>end=>promise3=>timer1=>promise1=>timer2=>promise2"]
        ),
    });

    /// A readFile may finish after the third, fourth or fifth immediate, never before the third.
    #[test]
    fn read_file_against_immediates() {
        let orders = orders_of("read_file_vs_immediates", Semantics::Node11Plus);
        let expected = set(&[
            "i1=>i2=>i3=>read=>i4=>i5",
            "i1=>i2=>i3=>i4=>read=>i5",
            "i1=>i2=>i3=>i4=>i5=>read",
        ]);
        assert_eq!(orders, expected);
    }

    /// Scripts without a clock or I/O race have exactly one order, the plain run's.
    fn deterministic_scripts_have_one_order(scenario: &str) {
        for semantics in [Semantics::Node10, Semantics::Node11Plus] {
            let orders = orders_of(scenario, semantics);
            let path = kata_support::chapter_file(
                CHAPTER,
                &format!("tests/scenarios/{scenario}.js"),
            );
            let source = std::fs::read_to_string(&path).expect("scenario file");
            let plain = bounded(move || {
                run_script(&source, semantics)
                    .expect("loopscript")
                    .labels()
                    .join("=>")
            });
            assert_eq!(
                orders,
                set(&[plain.as_str()]),
                "{scenario} under {semantics}"
            );
        }
    }
    cases!(deterministic_scripts_have_one_order {
        nested_ticks: ("nested_ticks"),
        promise_chains: ("promise_chains_interleave"),
        immediates: ("immediates_microtasks"),
        long_timer: ("long_timer_vs_immediates"),
    });

    /// The property test for `event_loop::run`, judged here because it needs the
    /// race search to tell deterministic programs from racy ones: a program the
    /// search finds one order for prints exactly that order on real Node.
    mod generated_deterministic {
        use kata_support::oracle::NodeVersion;

        use crate::katas::generated::{Property, check};

        /// Programs the model finds one order for print exactly it on real Node 10.
        #[test]
        fn node10() {
            check(Property::DeterministicAgrees, NodeVersion::V10);
        }

        /// Programs the model finds one order for print exactly it on real Node 20.
        #[test]
        fn node20() {
            check(Property::DeterministicAgrees, NodeVersion::V20);
        }
    }

    /// The property test: every order real Node prints for generated programs is found.
    mod generated {
        use kata_support::oracle::NodeVersion;

        use crate::katas::generated::{Property, check};

        /// Every order real Node 10 printed for a generated program is found.
        #[test]
        fn node10() {
            check(Property::RacesCovered, NodeVersion::V10);
        }

        /// Every order real Node 20 printed for a generated program is found.
        #[test]
        fn node20() {
            check(Property::RacesCovered, NodeVersion::V20);
        }
    }

    /// The oracle: every order real Node printed for a scenario is one the search finds.
    mod real_node {
        use ch02_async_io::Semantics;
        use kata_support::oracle::NodeVersion;

        use super::orders_of;
        use crate::katas::CHAPTER;
        use crate::katas::scenario_observed;

        fn covers(scenario: &str, version: NodeVersion) {
            let path = kata_support::chapter_file(
                CHAPTER,
                &format!("tests/scenarios/{scenario}.js"),
            );
            let source = std::fs::read_to_string(&path).unwrap_or_else(|error| {
                panic!("reading {}: {error}", path.display())
            });
            // The recordings `event_loop::run` judges by, too.
            let observed = scenario_observed(scenario, version, &path, &source);
            let semantics = Semantics::for_node(version.major()).expect("modelled");
            let all = orders_of(scenario, semantics);
            for outcome in observed.outcomes.keys().filter(|outcome| outcome.success)
            {
                let order = outcome.lines.join("=>");
                assert!(
                    all.contains(&order),
                    "{version} printed an order the search missed:\n  {order}\nthe search found:\n  {}",
                    all.iter().cloned().collect::<Vec<_>>().join("\n  ")
                );
            }
        }

        macro_rules! covered {
            ($($name:ident),* $(,)?) => {$(
                mod $name {
                    use kata_support::oracle::NodeVersion;

                    /// Every order real Node 10 printed is found.
                    #[test]
                    fn node10() {
                        super::covers(stringify!($name), NodeVersion::V10);
                    }

                    /// Every order real Node 20 printed is found.
                    #[test]
                    fn node20() {
                        super::covers(stringify!($name), NodeVersion::V20);
                    }

                    /// Every order real Node 22 printed is found.
                    #[test]
                    fn node22() {
                        super::covers(stringify!($name), NodeVersion::V22);
                    }
                }
            )*};
        }

        covered! {
            function_syntax,
            log_before_loop,
            main_immediate_vs_timeout,
            notes_example,
            promise_in_tick_in_timer,
            read_file_vs_immediates,
            timers_microtasks,
            timers_two_lists,
            two_reads,
        }
    }
}
