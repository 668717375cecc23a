//! Katas of `next_tick.rs`: the nextTick queue.

#[cfg(not(kata_skip = "next_tick::run_next_ticks"))]
mod run_next_ticks {
    use ch02_async_io::{Phase, Semantics};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    use crate::katas::{callback, labels, loop_after_main};

    /// Ticks run first in, first out, in the nextTick "phase".
    #[test]
    fn runs_ticks_in_fifo_order() {
        bounded(|| {
            let mut event_loop = loop_after_main(
                Semantics::Node11Plus,
                "process.nextTick(() => console.log('a'))
                 process.nextTick(() => console.log('b'))",
            );
            event_loop.run_next_ticks();
            assert_eq!(labels(&event_loop), ["a", "b"]);
            assert!(
                event_loop
                    .printed
                    .iter()
                    .all(|logged| logged.phase == Phase::NextTick)
            );
            assert!(event_loop.next_ticks.is_empty());
        });
    }

    /// A tick queued by a tick joins the back of the same drain.
    #[test]
    fn ticks_queued_while_draining_run_in_the_same_drain() {
        bounded(|| {
            let mut event_loop = loop_after_main(
                Semantics::Node10,
                "process.nextTick(() => {
                    console.log('a')
                    process.nextTick(() => {
                        console.log('c')
                        process.nextTick(() => console.log('d'))
                    })
                 })
                 process.nextTick(() => console.log('b'))",
            );
            event_loop.run_next_ticks();
            assert_eq!(labels(&event_loop), ["a", "b", "c", "d"]);
        });
    }

    /// Draining ticks leaves the microtask queue for later.
    #[test]
    fn leaves_promise_jobs_queued() {
        bounded(|| {
            let mut event_loop = loop_after_main(
                Semantics::Node11Plus,
                "process.nextTick(() => {
                    console.log('tick')
                    Promise.resolve().then(() => console.log('promise'))
                 })",
            );
            event_loop.run_next_ticks();
            assert_eq!(labels(&event_loop), ["tick"]);
            assert_eq!(event_loop.microtasks.len(), 1);
            assert_eq!(
                event_loop.microtasks[0].callback(),
                &callback("console.log('promise')")
            );
        });
    }
}
