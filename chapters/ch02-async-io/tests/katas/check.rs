//! Katas of `check.rs`: the check phase and `setImmediate`.

#[cfg(not(kata_skip = "check::process_immediate"))]
mod process_immediate {
    use ch02_async_io::{Phase, Semantics};
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    use crate::katas::{labels, loop_after_main};

    /// Immediates run in order, in the check phase, and the queue ends empty.
    #[test]
    fn runs_immediates_in_order() {
        bounded(|| {
            let mut event_loop = loop_after_main(
                Semantics::Node11Plus,
                "setImmediate(() => console.log('i1'))
                 setImmediate(() => console.log('i2'))",
            );
            event_loop.process_immediate();
            assert_eq!(labels(&event_loop), ["i1", "i2"]);
            assert!(
                event_loop
                    .printed
                    .iter()
                    .all(|logged| logged.phase == Phase::Check)
            );
            assert!(event_loop.immediates.is_empty());
        });
    }

    /// An immediate queued during check waits for the next check phase.
    #[test]
    fn immediates_queued_during_check_wait() {
        bounded(|| {
            let mut event_loop = loop_after_main(
                Semantics::Node10,
                "setImmediate(() => {
                    console.log('i1')
                    setImmediate(() => console.log('child'))
                 })
                 setImmediate(() => console.log('i2'))",
            );
            event_loop.process_immediate();
            assert_eq!(labels(&event_loop), ["i1", "i2"]);
            assert_eq!(event_loop.immediates.len(), 1);
            event_loop.process_immediate();
            assert_eq!(labels(&event_loop), ["i1", "i2", "child"]);
        });
    }

    /// Node 10 runs the whole queue, then drains; Node 11+ drains after every immediate.
    fn drains_per_semantics(semantics: Semantics, expected: &[&str]) {
        let expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
        bounded(move || {
            let mut event_loop = loop_after_main(
                semantics,
                "setImmediate(() => {
                    console.log('i1')
                    Promise.resolve().then(() => console.log('i1 promise'))
                 })
                 setImmediate(() => {
                    console.log('i2')
                    process.nextTick(() => console.log('i2 tick'))
                 })
                 setImmediate(() => console.log('i3'))",
            );
            event_loop.process_immediate();
            assert_eq!(labels(&event_loop), expected);
            assert!(
                event_loop.microtasks.is_empty() && event_loop.next_ticks.is_empty()
            );
        });
    }
    cases!(drains_per_semantics {
        node10: (
            Semantics::Node10,
            &["i1", "i2", "i3", "i2 tick", "i1 promise"]
        ),
        node20: (
            Semantics::Node11Plus,
            &["i1", "i1 promise", "i2", "i2 tick", "i3"]
        ),
    });
}
