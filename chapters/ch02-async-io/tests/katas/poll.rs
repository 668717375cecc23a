//! Katas of `poll.rs`: I/O completions, and where the loop blocks.

#[cfg(not(kata_skip = "poll::poll_io"))]
mod poll_io {
    use ch02_async_io::poll::READ_FILE_ROUND_TRIPS;
    use ch02_async_io::{Phase, Semantics};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    use crate::katas::{labels, loop_after_main};

    /// `fs.readFile`'s callback runs in the poll phase of its fourth round trip.
    #[test]
    fn read_file_completes_after_four_round_trips() {
        bounded(|| {
            let mut event_loop = loop_after_main(
                Semantics::Node11Plus,
                "fs.readFile(__filename, () => console.log('read'))",
            );
            for trip in 1..READ_FILE_ROUND_TRIPS {
                event_loop.poll_io();
                assert_eq!(
                    labels(&event_loop),
                    Vec::<String>::new(),
                    "nothing runs after trip {trip}"
                );
                assert_eq!(
                    event_loop.in_flight[0].round_trips_left,
                    READ_FILE_ROUND_TRIPS - trip
                );
            }
            event_loop.poll_io();
            assert_eq!(labels(&event_loop), ["read"]);
            assert_eq!(event_loop.printed[0].phase, Phase::Poll);
            assert!(event_loop.in_flight.is_empty());
        });
    }

    /// Completions run in submission order, each followed by a drain of the queues.
    #[test]
    fn each_completion_is_followed_by_a_drain() {
        bounded(|| {
            let mut event_loop = loop_after_main(
                Semantics::Node10,
                "fs.readFile(__filename, () => {
                    console.log('A')
                    Promise.resolve().then(() => console.log('A promise'))
                    process.nextTick(() => console.log('A tick'))
                 })
                 fs.readFile(__filename, () => console.log('B'))",
            );
            for _ in 0..READ_FILE_ROUND_TRIPS {
                event_loop.poll_io();
            }
            assert_eq!(labels(&event_loop), ["A", "A tick", "A promise", "B"]);
        });
    }

    /// A request submitted by a completion callback starts its trips in the next poll.
    #[test]
    fn requests_from_callbacks_wait_for_the_next_poll() {
        bounded(|| {
            let mut event_loop = loop_after_main(
                Semantics::Node11Plus,
                "fs.readFile(__filename, () => {
                    console.log('first')
                    fs.readFile(__filename, () => console.log('second'))
                 })",
            );
            for _ in 0..READ_FILE_ROUND_TRIPS {
                event_loop.poll_io();
            }
            assert_eq!(labels(&event_loop), ["first"]);
            assert_eq!(event_loop.in_flight.len(), 1);
            assert_eq!(
                event_loop.in_flight[0].round_trips_left,
                READ_FILE_ROUND_TRIPS
            );
        });
    }

    /// With nothing in flight and no immediate, poll blocks until the earliest timer.
    #[test]
    fn blocks_until_the_earliest_timer() {
        bounded(|| {
            let mut event_loop = loop_after_main(
                Semantics::Node11Plus,
                "setTimeout(() => console.log('late'), 50)
                 setTimeout(() => console.log('early'), 5)",
            );
            event_loop.poll_io();
            assert_eq!(event_loop.clock, 5);
            assert_eq!(
                labels(&event_loop),
                Vec::<String>::new(),
                "poll does not run timers"
            );
        });
    }

    /// The clock never goes backwards, even when a timer is overdue.
    #[test]
    fn never_moves_the_clock_back() {
        bounded(|| {
            let mut event_loop = loop_after_main(
                Semantics::Node10,
                "setTimeout(() => console.log('overdue'), 5)",
            );
            event_loop.clock = 9;
            event_loop.poll_io();
            assert_eq!(event_loop.clock, 9);
        });
    }

    /// Queued immediates, or I/O in flight, keep poll from waiting for timers.
    #[test]
    fn does_not_block_when_other_work_is_ready() {
        bounded(|| {
            let mut with_immediate = loop_after_main(
                Semantics::Node11Plus,
                "setTimeout(() => console.log('t'), 5)
                 setImmediate(() => console.log('i'))",
            );
            with_immediate.poll_io();
            assert_eq!(with_immediate.clock, 0, "an immediate is waiting");

            let mut with_io = loop_after_main(
                Semantics::Node11Plus,
                "setTimeout(() => console.log('t'), 5)
                 fs.readFile(__filename, () => console.log('read'))",
            );
            with_io.poll_io();
            assert_eq!(with_io.clock, 0, "I/O completes before the timer");
            assert_eq!(
                with_io.in_flight[0].round_trips_left,
                READ_FILE_ROUND_TRIPS - 1
            );
        });
    }
}
