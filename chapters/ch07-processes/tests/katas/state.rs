//! Katas of `state.rs`: the primary as a mediator between workers.

#[cfg(not(kata_skip = "state::relay"))]
mod relay {
    use std::time::{Duration, Instant};

    use ch07_processes::channel::Event;
    use ch07_processes::fork::{ForkOptions, Forked, fork};
    use ch07_processes::state::Mediator;
    use kata_support::bounded;
    use pretty_assertions::assert_eq;
    use serde_json::{Value, json};

    /// A `set` becomes one update per worker, the sender included, with the next version.
    #[test]
    fn set_reaches_every_worker() {
        let (out, mediator) = bounded(|| {
            let mut mediator = Mediator::new();
            mediator.relay(0, &json!({"cmd": "set", "key": "a", "value": 1}), 3);
            let out = mediator.relay(
                1,
                &json!({"cmd": "set", "key": "color", "value": "blue"}),
                3,
            );
            (out, mediator)
        });
        let update =
            json!({"cmd": "state", "key": "color", "value": "blue", "version": 2});
        assert_eq!(
            out,
            vec![(0, update.clone()), (1, update.clone()), (2, update)]
        );
        assert_eq!(mediator.version, 2);
        assert_eq!(mediator.values.get("color"), Some(&json!("blue")));
    }

    /// A snapshot goes to the asker only; junk goes nowhere.
    #[test]
    fn snapshot_and_junk() {
        let got = bounded(|| {
            let mut mediator = Mediator::new();
            mediator.relay(0, &json!({"cmd": "set", "key": "k", "value": [1]}), 2);
            let snapshot = mediator.relay(1, &json!({"cmd": "snapshot"}), 2);
            let junk = mediator.relay(1, &json!({"cmd": "set", "value": 5}), 2);
            let other = mediator.relay(1, &json!("hello"), 2);
            (snapshot, junk, other, mediator.version)
        });
        assert_eq!(
            got,
            (
                vec![(
                    1,
                    json!({"cmd": "snapshot", "values": {"k": [1]}, "version": 1})
                )],
                vec![],
                vec![],
                1
            )
        );
    }

    fn state_child() -> Forked {
        fork(&crate::child_program(), &["state"], &ForkOptions::default())
            .expect("forks")
    }

    /// Runs the primary's relay until `messages` have come in from the workers.
    ///
    /// The workers' side is fixed (the `state` role in `src/child.rs`): one
    /// snapshot request as each starts, one `set` per `please-set`. So the test
    /// knows how many messages to relay and never waits out a quiet spell. A
    /// `read` sent afterwards is answered after everything sent before it: one
    /// channel keeps its order.
    fn pump(mediator: &mut Mediator, children: &mut [Forked], messages: usize) {
        let n = children.len();
        let deadline = Instant::now() + crate::LIMIT;
        let mut relayed = 0;
        while relayed < messages {
            assert!(
                Instant::now() < deadline,
                "the workers sent {relayed} of the {messages} messages expected"
            );
            for from in 0..n {
                if let Ok(Event::Message(m)) =
                    children[from].receiver.recv(Duration::from_millis(5))
                {
                    relayed += 1;
                    for (to, out) in mediator.relay(from, &m, n) {
                        children[to].sender.send(&out).expect("send");
                    }
                }
            }
        }
    }

    fn read(child: &mut Forked, key: &str) -> Value {
        child
            .sender
            .send(&json!({"cmd": "read", "key": key}))
            .expect("send");
        match child.receiver.recv(crate::LIMIT).expect("an answer") {
            Event::Message(m) => m,
            other => panic!("{other:?}"),
        }
    }

    /// Three real worker processes: one sets a value, the others see it through the primary,
    /// and a worker that starts later gets it in its snapshot.
    #[test]
    fn workers_share_through_the_primary() {
        bounded(|| {
            let mut mediator = Mediator::new();
            let mut children = vec![state_child(), state_child(), state_child()];
            // Three snapshot requests.
            pump(&mut mediator, &mut children, 3);
            children[0]
                .sender
                .send(&json!({"cmd": "please-set", "key": "color", "value": "blue"}))
                .expect("send");
            // The `set` it asked for.
            pump(&mut mediator, &mut children, 1);
            for child in children.iter_mut() {
                assert_eq!(
                    read(child, "color"),
                    json!({"read": "color", "value": "blue", "version": 1})
                );
            }
            children.push(state_child());
            // The newcomer's snapshot request.
            pump(&mut mediator, &mut children, 1);
            assert_eq!(
                read(&mut children[3], "color"),
                json!({"read": "color", "value": "blue", "version": 1})
            );
            let pids: Vec<u32> = children.iter().map(|c| c.child.pid).collect();
            drop(children);
            crate::assert_reaped(&pids);
        });
    }
}
