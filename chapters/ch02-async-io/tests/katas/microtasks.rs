//! Katas of `microtasks.rs`: the microtask queue and its drain with nextTick.

#[cfg(not(kata_skip = "microtasks::run_microtasks"))]
mod run_microtasks {
    use ch02_async_io::{Phase, Semantics};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    use crate::katas::{labels, loop_after_main};

    /// Jobs run in queue order, in the microtasks "phase", until the queue is empty.
    #[test]
    fn runs_jobs_in_order() {
        bounded(|| {
            let mut event_loop = loop_after_main(
                Semantics::Node11Plus,
                "Promise.resolve().then(() => console.log('p1'))
                 queueMicrotask(() => console.log('m1'))
                 Promise.resolve().then(() => console.log('p2'))",
            );
            event_loop.run_microtasks();
            assert_eq!(labels(&event_loop), ["p1", "m1", "p2"]);
            assert!(
                event_loop
                    .printed
                    .iter()
                    .all(|logged| logged.phase == Phase::Microtasks)
            );
            assert!(event_loop.microtasks.is_empty());
        });
    }

    /// Each `then` is queued only when the previous one returns, so two chains interleave.
    #[test]
    fn then_chains_take_turns() {
        bounded(|| {
            let mut event_loop = loop_after_main(
                Semantics::Node10,
                "Promise.resolve().then(() => console.log('a1')).then(() => console.log('a2')).then(() => console.log('a3'))
                 Promise.resolve().then(() => console.log('b1')).then(() => console.log('b2'))",
            );
            event_loop.run_microtasks();
            assert_eq!(labels(&event_loop), ["a1", "b1", "a2", "b2", "a3"]);
        });
    }

    /// A job queued by a job runs in the same drain, after the jobs already queued.
    #[test]
    fn jobs_queued_while_draining_run_in_the_same_drain() {
        bounded(|| {
            let mut event_loop = loop_after_main(
                Semantics::Node11Plus,
                "Promise.resolve().then(() => {
                    console.log('p1')
                    queueMicrotask(() => console.log('p3'))
                 })
                 Promise.resolve().then(() => console.log('p2'))",
            );
            event_loop.run_microtasks();
            assert_eq!(labels(&event_loop), ["p1", "p2", "p3"]);
        });
    }

    /// A nextTick queued by a job is not run by the microtask drain.
    #[test]
    fn leaves_ticks_queued() {
        bounded(|| {
            let mut event_loop = loop_after_main(
                Semantics::Node11Plus,
                "Promise.resolve().then(() => {
                    console.log('promise')
                    process.nextTick(() => console.log('tick'))
                 })",
            );
            event_loop.run_microtasks();
            assert_eq!(labels(&event_loop), ["promise"]);
            assert_eq!(event_loop.next_ticks.len(), 1);
        });
    }

    /// A chain's next step is queued when the current step returns, so a job
    /// the step queued runs first: real Node 10 and 20 print `a x b`.
    #[test]
    fn the_next_step_is_queued_after_the_step_runs() {
        bounded(|| {
            let mut event_loop = loop_after_main(
                Semantics::Node11Plus,
                "Promise.resolve().then(() => {
                    console.log('a')
                    queueMicrotask(() => console.log('x'))
                 }).then(() => console.log('b'))",
            );
            event_loop.run_microtasks();
            assert_eq!(labels(&event_loop), ["a", "x", "b"]);
        });
    }
}

#[cfg(not(kata_skip = "microtasks::process_ticks_and_rejections"))]
mod process_ticks_and_rejections {
    use ch02_async_io::Semantics;
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    use crate::katas::{labels, loop_after_main};

    /// nextTick has priority: a tick queued after a promise job still runs first.
    #[test]
    fn ticks_run_before_promise_jobs() {
        bounded(|| {
            let mut event_loop = loop_after_main(
                Semantics::Node11Plus,
                "Promise.resolve().then(() => console.log('promise'))
                 process.nextTick(() => console.log('tick'))",
            );
            event_loop.process_ticks_and_rejections();
            assert_eq!(labels(&event_loop), ["tick", "promise"]);
        });
    }

    /// A tick queued by a promise job waits for every queued job, then runs.
    #[test]
    fn a_tick_from_a_job_runs_after_all_jobs() {
        bounded(|| {
            let mut event_loop = loop_after_main(
                Semantics::Node10,
                "Promise.resolve().then(() => {
                    console.log('p1')
                    process.nextTick(() => console.log('tick from p1'))
                    Promise.resolve().then(() => console.log('p3'))
                 })
                 Promise.resolve().then(() => console.log('p2'))",
            );
            event_loop.process_ticks_and_rejections();
            assert_eq!(labels(&event_loop), ["p1", "p2", "p3", "tick from p1"]);
        });
    }

    /// The pair repeats until both queues are empty, however deep the ping-pong goes.
    #[test]
    fn repeats_until_both_queues_are_empty() {
        bounded(|| {
            let mut event_loop = loop_after_main(
                Semantics::Node11Plus,
                "process.nextTick(() => {
                    console.log('t1')
                    Promise.resolve().then(() => {
                        console.log('p1')
                        process.nextTick(() => {
                            console.log('t3')
                            queueMicrotask(() => console.log('p2'))
                        })
                    })
                 })
                 process.nextTick(() => console.log('t2'))",
            );
            event_loop.process_ticks_and_rejections();
            assert_eq!(labels(&event_loop), ["t1", "t2", "p1", "t3", "p2"]);
            assert!(
                event_loop.next_ticks.is_empty() && event_loop.microtasks.is_empty()
            );
        });
    }
}
