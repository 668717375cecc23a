//! Katas of `queue.rs`: a producer faster than its consumer; a bounded queue with timeouts.

use crate::katas::thread_counts;

/// Ten thousand ticks: three 64-byte requests arrive per tick, one is served.
/// Returns the live allocations after the first 5 000 ticks and after all.
fn overload(
    mut offer: impl FnMut(Vec<u8>, u64),
    mut take: impl FnMut(u64),
) -> (i64, i64) {
    let mut half = 0;
    for tick in 0..10_000u64 {
        for _ in 0..3 {
            offer(vec![0u8; 64], tick);
        }
        take(tick);
        if tick == 4_999 {
            half = thread_counts().live_blocks;
        }
    }
    (half, thread_counts().live_blocks)
}

/// The leak: an unbounded queue holds every request the consumer has not reached (provided code).
#[test]
fn given_unbounded_queue_grows() {
    kata_support::bounded(|| {
        let queue =
            std::cell::RefCell::new(ch04_memory::queue::UnboundedQueue::default());
        let (half, end) = overload(
            |item, _| queue.borrow_mut().offer(item),
            |_| {
                queue.borrow_mut().take();
            },
        );
        assert!(end - half >= 9_000, "{half} → {end}");
    });
}

#[cfg(not(kata_skip = "queue::offer"))]
mod offer {
    use ch04_memory::queue::{BoundedQueue, QueueError};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    /// Past its capacity the queue hands the item back.
    #[test]
    fn refuses_when_full() {
        bounded(|| {
            let mut queue = BoundedQueue::new(2, 100);
            assert_eq!(queue.offer("a", 0), Ok(()));
            assert_eq!(queue.offer("b", 1), Ok(()));
            assert_eq!(
                queue.offer("c", 2),
                Err(QueueError::Full("c")),
                "capacity 2, `a` and `b` waiting: a third item is handed back"
            );
            assert_eq!(queue.items.len(), 2);
            assert_eq!(queue.items.back(), Some(&("b", 1)));
        });
    }

    /// The fix, proven: under the same overload the live allocations stay flat.
    #[test]
    fn stays_flat_under_overload() {
        bounded(|| {
            let queue = std::cell::RefCell::new(BoundedQueue::new(100, u64::MAX));
            let (half, end) = super::overload(
                |item, now| {
                    let _refused = queue.borrow_mut().offer(item, now);
                },
                |_| {
                    queue.borrow_mut().items.pop_front();
                },
            );
            assert_eq!(
                queue.borrow().items.len(),
                99,
                "capacity 100, 3 offers then 1 take per tick: the queue holds at most \
                 100 items, 99 after each tick's take"
            );
            assert_eq!(
                end, half,
                "live allocations after 5 000 and 10 000 ticks: what is refused is not kept"
            );
        });
    }
}

#[cfg(not(kata_skip = "queue::take"))]
mod take {
    use ch04_memory::queue::{BoundedQueue, QueueError};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    /// Oldest first; an item that waited the timeout or longer comes back as a timeout.
    #[test]
    fn serves_in_order_or_times_out() {
        bounded(|| {
            let mut queue = BoundedQueue::new(10, 50);
            queue.offer("old", 0).unwrap();
            queue.offer("edge", 10).unwrap();
            queue.offer("fresh", 30).unwrap();
            assert_eq!(
                queue.take(55),
                Some(Err(QueueError::TimedOut {
                    item: "old",
                    waited: 55
                }))
            );
            assert_eq!(
                queue.take(60),
                Some(Err(QueueError::TimedOut {
                    item: "edge",
                    waited: 50
                }))
            );
            assert_eq!(queue.take(60), Some(Ok("fresh")));
            assert_eq!(queue.take(60), None);
        });
    }

    /// Timeouts free memory too: with a slow consumer, nothing waits longer than the timeout.
    #[test]
    fn timeouts_bound_the_wait() {
        bounded(|| {
            let mut queue = BoundedQueue::new(1_000, 20);
            let mut timed_out = 0;
            for tick in 0..1_000u64 {
                for _ in 0..3 {
                    let _refused = queue.offer(tick, tick);
                }
                // The consumer answers timeouts at once (cheap) and serves one request.
                while let Some(Err(QueueError::TimedOut { .. })) = queue.take(tick) {
                    timed_out += 1;
                }
            }
            assert!(queue.items.len() <= 3 * 21, "{} waiting", queue.items.len());
            assert!(timed_out > 1_000);
        });
    }
}
