//! Katas of `listeners.rs`: listeners that keep requests alive, and removing them.

use crate::katas::thread_counts;

/// Handles `n` requests of 1 KiB each; returns live allocations before and after.
fn serve(n: usize, mut handle: impl FnMut(Vec<u8>)) -> (i64, i64) {
    let before = thread_counts().live_blocks;
    for _ in 0..n {
        handle(vec![7u8; 1024]);
    }
    (before, thread_counts().live_blocks)
}

/// The leak: one listener per request on a long-lived emitter, never removed (provided code).
#[test]
fn given_listeners_never_removed_grow() {
    kata_support::bounded(|| {
        let mut server = ch04_memory::listeners::Emitter::default();
        let (before, after) = serve(5_000, |body| {
            ch04_memory::listeners::handle_request_leaky(&mut server, body)
        });
        assert!(after - before >= 5_000, "{before} → {after}");
        assert_eq!(server.emit("close"), 5_000);
    });
}

#[cfg(not(kata_skip = "listeners::off"))]
mod off {
    use std::rc::Rc;

    use ch04_memory::listeners::{Emitter, ListenerId, handle_request};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    /// Removing one listener leaves the others, in order; an unknown id is refused.
    #[test]
    fn removes_one_keeping_order() {
        bounded(|| {
            let seen = Rc::new(std::cell::RefCell::new(Vec::new()));
            let mut emitter = Emitter::default();
            let ids: Vec<ListenerId> = (0..3)
                .map(|i| {
                    let seen = Rc::clone(&seen);
                    emitter.on(Box::new(move |p| {
                        seen.borrow_mut().push(format!("{i}:{p}"))
                    }))
                })
                .collect();
            assert!(emitter.off(ids[1]));
            assert!(!emitter.off(ids[1]));
            assert!(!emitter.off(ListenerId(99)));
            assert_eq!(emitter.emit("x"), 2);
            assert_eq!(*seen.borrow(), vec!["0:x", "2:x"]);
        });
    }

    /// Removing the first of four leaves the other three in the order they were added, as Node does.
    #[test]
    fn removing_the_first_keeps_the_rest_in_order() {
        bounded(|| {
            let seen = Rc::new(std::cell::RefCell::new(Vec::new()));
            let mut emitter = Emitter::default();
            let ids: Vec<ListenerId> = (0..4)
                .map(|i| {
                    let seen = Rc::clone(&seen);
                    emitter.on(Box::new(move |_| seen.borrow_mut().push(i)))
                })
                .collect();
            assert!(emitter.off(ids[0]));
            emitter.emit("x");
            assert_eq!(
                *seen.borrow(),
                vec![1, 2, 3],
                "listeners 0, 1, 2, 3 added in that order, then off(0): \
                 emit calls the others in the order they were added"
            );
        });
    }

    /// The removed closure is dropped: what it captured is released.
    #[test]
    fn drops_the_closure() {
        bounded(|| {
            let captured = Rc::new(vec![0u8; 16]);
            let mut emitter = Emitter::default();
            let inner = Rc::clone(&captured);
            let id = emitter.on(Box::new(move |_| {
                let _ = inner.len();
            }));
            assert_eq!(Rc::strong_count(&captured), 2);
            emitter.off(id);
            assert_eq!(Rc::strong_count(&captured), 1);
        });
    }

    /// The fix, proven: five thousand requests leave no allocation behind.
    #[test]
    fn removed_listeners_free_their_requests() {
        bounded(|| {
            let mut server = Emitter::default();
            // One request first, so the listener vector's own buffer exists before we count.
            handle_request(&mut server, vec![0u8; 8]);
            let (before, after) =
                super::serve(5_000, |body| handle_request(&mut server, body));
            assert_eq!(after, before);
            assert_eq!(server.emit("close"), 0);
        });
    }
}
