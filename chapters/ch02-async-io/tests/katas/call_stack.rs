//! Katas of `call_stack.rs`: running one callback to completion.

#[cfg(not(kata_skip = "call_stack::run_to_completion"))]
mod run_to_completion {
    use ch02_async_io::microtasks::Microtask;
    use ch02_async_io::poll::FsRequest;
    use ch02_async_io::semantics::CostModel;
    use ch02_async_io::{EventLoop, Logged, Phase, Semantics};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    use crate::katas::callback;

    /// `console.log` prints at once, in source order, tagged with the phase.
    #[test]
    fn logs_in_source_order() {
        bounded(|| {
            let mut event_loop = EventLoop::new(Semantics::Node11Plus);
            event_loop.run_to_completion(
                &callback("console.log('a'); console.log('b')"),
                Phase::Check,
            );
            let expected = vec![
                Logged {
                    phase: Phase::Check,
                    text: "a".into(),
                },
                Logged {
                    phase: Phase::Check,
                    text: "b".into(),
                },
            ];
            assert_eq!(event_loop.printed, expected);
        });
    }

    /// Scheduling APIs only queue their callback; nothing nested runs now.
    #[test]
    fn scheduling_runs_nothing_now() {
        bounded(|| {
            let mut event_loop = EventLoop::new(Semantics::Node11Plus);
            let main = callback(
                "console.log('start')
                 setImmediate(() => console.log('immediate'))
                 process.nextTick(() => console.log('tick'))
                 Promise.resolve().then(() => console.log('promise'))
                 queueMicrotask(() => console.log('microtask'))
                 fs.readFile(__filename, () => console.log('read'))
                 console.log('end')",
            );
            event_loop.run_to_completion(&main, Phase::Main);
            assert_eq!(event_loop.labels(), ["start", "end"]);
            let queued = (
                event_loop.immediates.len(),
                event_loop.next_ticks.len(),
                event_loop.microtasks.len(),
                event_loop.in_flight.len(),
            );
            assert_eq!(
                queued,
                (1, 1, 2, 1),
                "(immediates, next_ticks, microtasks, in_flight)"
            );
        });
    }

    /// Each queue receives exactly the callback the script passed, in call order.
    #[test]
    fn queues_receive_the_callbacks_in_call_order() {
        bounded(|| {
            let mut event_loop = EventLoop::new(Semantics::Node10);
            let main = callback(
                "process.nextTick(() => console.log('t1'))
                 setImmediate(() => console.log('i1'))
                 process.nextTick(() => console.log('t2'))
                 setImmediate(() => console.log('i2'))",
            );
            event_loop.run_to_completion(&main, Phase::Main);
            let ticks: Vec<_> = event_loop.next_ticks.iter().cloned().collect();
            let immediates: Vec<_> = event_loop.immediates.iter().cloned().collect();
            assert_eq!(
                ticks,
                [callback("console.log('t1')"), callback("console.log('t2')")]
            );
            assert_eq!(
                immediates,
                [callback("console.log('i1')"), callback("console.log('i2')")]
            );
        });
    }

    /// A `then` chain is one job for its first callback; `queueMicrotask` is a chain of one.
    #[test]
    fn a_promise_chain_queues_only_its_first_then() {
        bounded(|| {
            let mut event_loop = EventLoop::new(Semantics::Node11Plus);
            let main = callback(
                "Promise.resolve().then(() => console.log('a')).then(() => console.log('b'))
                 queueMicrotask(() => console.log('m'))",
            );
            event_loop.run_to_completion(&main, Phase::Main);
            let jobs: Vec<_> = event_loop.microtasks.iter().cloned().collect();
            let chain =
                vec![callback("console.log('a')"), callback("console.log('b')")];
            let expected = [
                Microtask::new(chain.into()),
                Microtask::single(callback("console.log('m')")),
            ];
            assert_eq!(jobs, expected);
        });
    }

    /// `fs.readFile` becomes a request object carrying its callback as `oncomplete`.
    #[test]
    fn read_file_becomes_a_request_in_flight() {
        bounded(|| {
            let mut event_loop = EventLoop::new(Semantics::Node11Plus);
            let main = callback(
                "fs.readFile(__filename, (err, data) => console.log('read'))",
            );
            event_loop.run_to_completion(&main, Phase::Main);
            assert_eq!(
                event_loop.in_flight,
                [FsRequest::read_file(callback("console.log('read')"))]
            );
        });
    }

    /// Printing goes through the provided `log`, which charges what printing costs.
    #[test]
    fn prints_through_log() {
        bounded(|| {
            let mut event_loop = EventLoop::like_node(Semantics::Node10);
            event_loop.run_to_completion(
                &callback("console.log('a'); console.log('b')"),
                Phase::Main,
            );
            assert_eq!(event_loop.labels(), ["a", "b"]);
            let costs = CostModel::measured(Semantics::Node10);
            let spent_us = costs.first_log_us.min + costs.log_us.min;
            assert_eq!(event_loop.clock * 1000 + event_loop.busy_us, spent_us);
        });
    }
}
