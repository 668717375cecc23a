//! Katas of `cluster.rs`: the rotation, the restart budget, and a real cluster of processes.
//!
//! A real cluster's tests sit with the kata they judge: those that make requests
//! with round-robin under `next` (the primary deals every connection with it),
//! those that crash workers under `allow` (the budget decides each restart), and
//! shared accept, which calls neither, under `handle::send_handle`.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use ch07_processes::cluster::Strategy;
use ch07_processes::http;
use ch07_processes::primary::{ClusterConfig, ClusterEvent, Primary};

/// A cluster of `workers` copies of the chapter's child binary: 5 restarts a minute.
pub(crate) fn config(workers: usize, strategy: Strategy) -> ClusterConfig {
    ClusterConfig {
        workers,
        strategy,
        program: crate::child_program(),
        restart_limit: 5,
        restart_window: Duration::from_secs(60),
    }
}

/// The pids of every worker that still has one.
pub(crate) fn pids(primary: &Primary) -> Vec<u32> {
    (0..primary.forked())
        .filter_map(|id| primary.pid(id))
        .collect()
}

/// `requests` GETs, one after another; how many each body (`worker N`) answered.
pub(crate) fn serve(primary: &Primary, requests: usize) -> BTreeMap<String, usize> {
    let mut served = BTreeMap::new();
    for n in 0..requests {
        let body = http::get(primary.addr(), "/", crate::LIMIT).unwrap_or_else(|error| {
            // A panic in the primary's own thread (in a kata it calls) closes the
            // connection; asking the primary anything re-raises it, message and all.
            let events = primary.events();
            panic!("request {n} got no answer ({error}); the cluster's events: {events:?}")
        });
        *served.entry(body).or_insert(0) += 1;
    }
    served
}

/// Waits (at most [`crate::LIMIT`]) until one of `wanted` has happened; returns every event.
pub(crate) fn events_until(
    primary: &Primary,
    wanted: &[ClusterEvent],
) -> Vec<ClusterEvent> {
    let deadline = Instant::now() + crate::LIMIT;
    loop {
        let events = primary.events();
        if wanted.iter().any(|e| events.contains(e)) || Instant::now() >= deadline {
            return events;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[cfg(not(kata_skip = "cluster::next"))]
mod next {
    use ch07_processes::cluster::RoundRobin;
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    fn picks(ready: &'static [bool], calls: usize) -> Vec<Option<usize>> {
        bounded(move || {
            let mut turn = RoundRobin::default();
            (0..calls).map(|_| turn.next(ready)).collect()
        })
    }

    /// `i = (i + 1) mod n`, starting at 0.
    fn rotation(ready: &'static [bool], expected: Vec<Option<usize>>) {
        assert_eq!(picks(ready, expected.len()), expected);
    }
    cases!(rotation {
        three_ready: (
            &[true, true, true],
            vec![Some(0), Some(1), Some(2), Some(0), Some(1)]
        ),
        skips_the_busy: (
            &[true, false, true],
            vec![Some(0), Some(2), Some(0), Some(2)]
        ),
        only_the_last: (&[false, false, true], vec![Some(2), Some(2)]),
        nobody: (&[false, false], vec![None, None]),
        no_workers: (&[], vec![None]),
    });

    /// A worker coming back does not reset the rotation.
    #[test]
    fn continues_after_the_last_pick() {
        let got = bounded(|| {
            let mut turn = RoundRobin::default();
            let a = turn.next(&[true, true, true]);
            let b = turn.next(&[true, false, true]);
            let c = turn.next(&[true, true, true]);
            [a, b, c]
        });
        assert_eq!(got, [Some(0), Some(2), Some(0)]);
    }

    /// A real cluster dealing connections in turn: the primary is this test, the
    /// workers are the chapter's child binary. Every test here makes requests with
    /// round-robin, so `next` picks the worker for each. (Named to sort after the
    /// small tests above, whose diffs `check` shows first.)
    mod workers {
        use std::collections::BTreeMap;
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::{Arc, Mutex};
        use std::time::Duration;

        use ch07_processes::Exit;
        use ch07_processes::cluster::Strategy;
        use ch07_processes::http;
        use ch07_processes::primary::{ClusterEvent, Primary};
        use kata_support::bounded_for;
        use pretty_assertions::assert_eq;

        use crate::cluster::{config, pids, serve};

        /// Ours first: the primary deals each connection with `next`, so a stub
        /// panics here, in the test, before workers are started for nothing.
        fn next_runs() {
            super::picks(&[true, true], 2);
        }

        /// Round-robin by the primary: sequential requests are dealt exactly in turn,
        /// and the lifecycle events come in Node's order.
        #[test]
        fn round_robin_is_exact() {
            next_runs();
            bounded_for(Duration::from_secs(40), || {
                let primary =
                    Primary::start(config(3, Strategy::RoundRobin)).expect("starts");
                let served = serve(&primary, 30);
                assert_eq!(
                    served,
                    BTreeMap::from([
                        ("worker 0".into(), 10),
                        ("worker 1".into(), 10),
                        ("worker 2".into(), 10)
                    ])
                );
                let started = pids(&primary);
                let events = primary.events();
                for id in 0..3 {
                    let at = |e: ClusterEvent| {
                        events.iter().position(|x| *x == e).expect("event")
                    };
                    assert!(
                        at(ClusterEvent::Fork(id)) < at(ClusterEvent::Online(id))
                    );
                    assert!(
                        at(ClusterEvent::Online(id))
                            < at(ClusterEvent::Listening(id))
                    );
                }
                primary.shutdown(crate::LIMIT).expect("graceful");
                crate::assert_reaped(&started);
            });
        }

        /// One worker's life, as the event names real Node 20 emits for `worker.disconnect()`
        /// after `listening` (recorded: `tests/oracle/cluster_events.js`). Ours serves one
        /// request before it leaves; a request is no cluster event, in Node or here.
        #[test]
        fn events_in_nodes_order() {
            next_runs();
            let script = crate::oracle_script("cluster_events.js");
            let input = std::fs::read_to_string(&script).expect("cluster_events.js");
            let node = crate::recorded_node(
                "cluster_events",
                &input,
                &[&script.to_string_lossy()],
                &[],
            );
            let ours = bounded_for(Duration::from_secs(40), || {
                let primary =
                    Primary::start(config(1, Strategy::RoundRobin)).expect("starts");
                let all = pids(&primary);
                assert_eq!(
                    serve(&primary, 1),
                    BTreeMap::from([("worker 0".into(), 1)])
                );
                primary.disconnect(0, crate::LIMIT).expect("leaves");
                let names: Vec<&str> =
                    primary.events().iter().map(ClusterEvent::name).collect();
                assert_eq!(
                    primary.forked(),
                    1,
                    "a disconnected worker is not replaced"
                );
                primary.shutdown(crate::LIMIT).expect("graceful");
                crate::assert_reaped(&all);
                names.join("=>")
            });
            assert_eq!(vec![ours], node);
        }

        /// The suicide signal: a rolling restart of every worker under load loses no request.
        #[test]
        fn rolling_restart_loses_nothing() {
            next_runs();
            bounded_for(Duration::from_secs(50), || {
                for strategy in [Strategy::RoundRobin, Strategy::Shared] {
                    let primary =
                        Primary::start(config(2, strategy)).expect("starts");
                    let addr = primary.addr();
                    let stop = Arc::new(AtomicBool::new(false));
                    let results = Arc::new(Mutex::new((0usize, 0usize)));
                    let clients: Vec<_> = (0..4)
                        .map(|_| {
                            let (stop, results) = (stop.clone(), results.clone());
                            std::thread::spawn(move || {
                                while !stop.load(Ordering::SeqCst) {
                                    let ok =
                                        http::get(addr, "/?delay=5", crate::LIMIT)
                                            .is_ok();
                                    let mut r = results.lock().expect("lock");
                                    if ok { r.0 += 1 } else { r.1 += 1 }
                                }
                            })
                        })
                        .collect();
                    std::thread::sleep(Duration::from_millis(50));
                    primary.restart_all(crate::LIMIT).expect("rolls");
                    std::thread::sleep(Duration::from_millis(50));
                    stop.store(true, Ordering::SeqCst);
                    for client in clients {
                        client.join().expect("client");
                    }
                    let (answered, lost) = *results.lock().expect("lock");
                    assert_eq!(
                        lost, 0,
                        "{strategy:?}: {answered} answered, {lost} lost"
                    );
                    assert!(answered > 0);
                    assert_eq!(primary.restarts(), 2);
                    let events = primary.events();
                    assert!(events.contains(&ClusterEvent::Exit(
                        0,
                        Exit {
                            code: Some(0),
                            signal: None
                        }
                    )));
                    let all = pids(&primary);
                    primary.shutdown(crate::LIMIT).expect("graceful");
                    crate::assert_reaped(&all);
                }
            });
        }

        /// A primary dropped without `shutdown` (a panicking test) still reaps its workers.
        #[test]
        fn dropped_primary_reaps_its_workers() {
            next_runs();
            bounded_for(Duration::from_secs(40), || {
                let primary =
                    Primary::start(config(2, Strategy::RoundRobin)).expect("starts");
                let all = pids(&primary);
                assert_eq!(all.len(), 2);
                assert_eq!(serve(&primary, 2).len(), 2, "both workers served");
                drop(primary);
                crate::assert_reaped(&all);
            });
        }

        /// Graceful shutdown finishes a request in flight before the worker exits.
        #[test]
        fn shutdown_finishes_in_flight() {
            next_runs();
            bounded_for(Duration::from_secs(40), || {
                let primary =
                    Primary::start(config(1, Strategy::RoundRobin)).expect("starts");
                let addr = primary.addr();
                let slow = std::thread::spawn(move || {
                    http::get(addr, "/?delay=300", crate::LIMIT)
                });
                std::thread::sleep(Duration::from_millis(100));
                let all = pids(&primary);
                primary.shutdown(crate::LIMIT).expect("graceful");
                assert_eq!(
                    slow.join().expect("client").expect("answered"),
                    "worker 0"
                );
                crate::assert_reaped(&all);
            });
        }
    }
}

#[cfg(not(kata_skip = "cluster::allow"))]
mod allow {
    use std::time::{Duration, Instant};

    use ch07_processes::cluster::RestartBudget;
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    /// Three restarts a minute: the fourth inside the minute is refused.
    #[test]
    fn refuses_past_the_limit() {
        let got = bounded(|| {
            let mut budget = RestartBudget::new(3, Duration::from_secs(60));
            let t = Instant::now();
            (0..5)
                .map(|s| budget.allow(t + Duration::from_secs(s)))
                .collect::<Vec<_>>()
        });
        assert_eq!(got, [true, true, true, false, false]);
    }

    /// Old restarts leave the window and make room again.
    #[test]
    fn the_window_slides() {
        let got = bounded(|| {
            let mut budget = RestartBudget::new(2, Duration::from_secs(10));
            let t = Instant::now();
            let s = Duration::from_secs;
            [
                budget.allow(t),
                budget.allow(t + s(5)),
                budget.allow(t + s(9)),
                budget.allow(t + s(10)),
                budget.allow(t + s(12)),
                budget.allow(t + s(15)),
            ]
        });
        assert_eq!(got, [true, true, false, true, false, true]);
    }

    /// A refused restart is not counted.
    #[test]
    fn refusals_do_not_count() {
        let got = bounded(|| {
            let mut budget = RestartBudget::new(1, Duration::from_secs(10));
            let t = Instant::now();
            let s = Duration::from_secs;
            [
                budget.allow(t),
                budget.allow(t + s(9)),
                budget.allow(t + s(10)),
            ]
        });
        assert_eq!(got, [true, false, true]);
    }

    /// A real cluster whose workers crash: the budget decides every restart. Shared
    /// accept, so these tests call no `next` (a kata of its own, judged above).
    /// (Named to sort after the small tests above, whose diffs `check` shows first.)
    mod workers {
        use std::time::Duration;

        use ch07_processes::Exit;
        use ch07_processes::cluster::Strategy;
        use ch07_processes::primary::{ClusterConfig, ClusterEvent, Primary};
        use kata_support::bounded_for;
        use pretty_assertions::assert_eq;

        use crate::cluster::{config, events_until, pids, serve};

        /// A crashed worker: disconnect, exit with the signal, a new worker forked in its place.
        #[test]
        fn crash_is_restarted() {
            bounded_for(Duration::from_secs(40), || {
                let primary =
                    Primary::start(config(2, Strategy::Shared)).expect("starts");
                let first = pids(&primary);
                primary.kill(0, "SIGKILL").expect("kill");
                assert!(
                    primary.wait_for_event(crate::LIMIT, &ClusterEvent::Listening(2)),
                    "worker 0 crashed, the first restart of 5 a minute: worker 2 must be \
                     forked and listen; events: {:?}",
                    primary.events()
                );
                let events = primary.events();
                assert!(events.contains(&ClusterEvent::Disconnect(0)));
                assert!(events.contains(&ClusterEvent::Exit(
                    0,
                    Exit {
                        code: None,
                        signal: Some("SIGKILL")
                    }
                )));
                assert_eq!(primary.restarts(), 1);
                let served = serve(&primary, 4);
                assert_eq!(served.values().sum::<usize>(), 4, "{served:?}");
                assert!(
                    !served.contains_key("worker 0"),
                    "the dead worker answered: {served:?}"
                );
                let mut all = first;
                all.extend(pids(&primary));
                primary.shutdown(crate::LIMIT).expect("graceful");
                crate::assert_reaped(&all);
            });
        }

        /// Past the restart budget the primary gives up instead of forking forever.
        #[test]
        fn gives_up_past_the_budget() {
            bounded_for(Duration::from_secs(40), || {
                let config = ClusterConfig {
                    restart_limit: 1,
                    ..config(1, Strategy::Shared)
                };
                let primary = Primary::start(config).expect("starts");
                let mut all = pids(&primary);
                primary.kill(0, "SIGKILL").expect("kill");
                assert!(
                    primary.wait_for_event(crate::LIMIT, &ClusterEvent::Listening(1)),
                    "worker 0 crashed, the first restart of 1 a minute: worker 1 must be \
                     forked and listen; events: {:?}",
                    primary.events()
                );
                all.extend(pids(&primary));
                primary.kill(1, "SIGKILL").expect("kill");
                // Whichever comes first: `giveup`, or a third worker the budget let through.
                let events = events_until(
                    &primary,
                    &[ClusterEvent::Giveup, ClusterEvent::Fork(2)],
                );
                assert!(
                    !events.contains(&ClusterEvent::Fork(2)),
                    "restart_limit 1 a minute: the second crash within the minute must be \
                     refused (`allow` → false, then `giveup`), but worker 2 was forked; \
                     events: {events:?}"
                );
                assert!(
                    events.contains(&ClusterEvent::Giveup),
                    "no `giveup` after the second crash; events: {events:?}"
                );
                assert_eq!(primary.forked(), 2, "no third worker after giveup");
                primary.shutdown(crate::LIMIT).expect("graceful");
                crate::assert_reaped(&all);
            });
        }
    }
}
