//! Katas of `full.rs`: the full collection, sweeping or compacting old space.

#[cfg(not(kata_skip = "full::collect"))]
mod collect {
    use ch04_memory::full::fragmentation_percent;
    use ch04_memory::heap::{Colour, Heap, Policy};
    use ch04_memory::{GcKind, Live};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    use crate::katas::names;

    /// Old space of ten 10-byte objects of which `dead` are unreachable.
    fn old_heap(dead: usize) -> Heap {
        let mut heap = Heap::new(1000);
        for i in 0..10 {
            let addr = heap.alloc_old(&format!("o{i}"), 10);
            if i >= dead {
                heap.add_root(addr);
            }
        }
        heap
    }

    /// Little garbage: sweep (holes stay, 30 % fragmentation).
    #[test]
    fn sweeps_when_fragmentation_is_low() {
        bounded(|| {
            let mut heap = old_heap(3);
            let event = heap.collect("requested");
            assert_eq!(event.kind, GcKind::MarkSweep);
            assert_eq!((event.work, event.moved), (7, 3));
            assert_eq!(heap.old.blocks.len(), 10);
            assert_eq!(fragmentation_percent(&heap), 30);
        });
    }

    /// Mostly garbage: compact (no holes left).
    #[test]
    fn compacts_when_fragmentation_is_high() {
        bounded(|| {
            let mut heap = old_heap(6);
            let event = heap.collect("requested");
            assert_eq!(event.kind, GcKind::MarkCompact);
            assert_eq!((event.work, event.moved), (4, 6));
            assert_eq!(heap.old.blocks.len(), 4);
            assert_eq!(fragmentation_percent(&heap), 0);
        });
    }

    /// Holes an earlier sweep left are free bytes too: the second collection
    /// sees 30 % already free plus 30 % newly dead, and compacts.
    #[test]
    fn earlier_holes_count_as_free() {
        bounded(|| {
            let mut heap = old_heap(3);
            assert_eq!(heap.collect("requested").kind, GcKind::MarkSweep);
            // o3..o9 were the roots; o7, o8 and o9 die now.
            heap.roots.truncate(4);
            let second = heap.collect("requested");
            assert_eq!(
                second.kind,
                GcKind::MarkCompact,
                "old space of 100 committed bytes: 30 in holes from the first sweep, \
                 30 newly dead, 40 live; a sweep would leave 60 % free, over the policy's 50 %"
            );
            assert_eq!((second.work, second.moved), (4, 3));
            assert_eq!(heap.old.blocks.len(), 4);
        });
    }

    /// The threshold is the policy's: exactly at it sweeps, above it compacts.
    #[test]
    fn threshold_is_strict() {
        bounded(|| {
            let at_threshold = old_heap(5).collect("requested");
            assert_eq!(at_threshold.kind, GcKind::MarkSweep);
            let mut strict = old_heap(1);
            strict.policy = Policy {
                compact_percent: 5,
                ..strict.policy
            };
            assert_eq!(strict.collect("requested").kind, GcKind::MarkCompact);
        });
    }

    /// Dead young and large objects go too; survivors end white; the figures are before and after.
    #[test]
    fn frees_every_space() {
        bounded(|| {
            let mut heap = Heap::new(1000);
            let young = heap.alloc_new("young", 10).unwrap();
            heap.alloc_new("young_dead", 10);
            let large = heap.alloc_large("large", 5000);
            heap.alloc_large("large_dead", 6000);
            heap.link(young, large);
            heap.add_root(young);
            let event = heap.collect("requested");
            assert_eq!(
                heap.live(),
                Live {
                    new: names(&["young"]),
                    old: vec![],
                    large: names(&["large"]),
                }
            );
            assert_eq!((event.before.used, event.after.used), (11_020, 5_010));
            assert_eq!(event.moved, 2);
            assert!(
                heap.addrs()
                    .iter()
                    .all(|&a| heap.object(a).unwrap().colour == Colour::White)
            );
            assert_eq!(crate::katas::refs_of(&heap, "young"), names(&["large"]));
        });
    }

    /// Floating garbage ends at a full collection: the unreachable holder and its target both go.
    #[test]
    fn frees_floating_garbage() {
        bounded(|| {
            let mut heap = Heap::new(1000);
            let holder = heap.alloc_old("holder", 10);
            let target = heap.alloc_new("target", 10).unwrap();
            heap.write_ref(holder, target);
            heap.scavenge("requested");
            assert_eq!(heap.live().new, names(&["target"]));
            heap.collect("requested");
            assert_eq!(heap.live(), Live::default());
            assert!(heap.remembered.is_empty());
        });
    }

    /// The next full collection waits until old space doubles what survived (or the policy's floor).
    #[test]
    fn limit_follows_the_live_size() {
        bounded(|| {
            let mut heap = Heap::new(100);
            assert_eq!(heap.old_limit, 400);
            for i in 0..30 {
                let addr = heap.alloc_old(&format!("o{i}"), 10);
                heap.add_root(addr);
            }
            heap.collect("requested");
            assert_eq!(heap.old_limit, 600);
            heap.roots.truncate(5);
            heap.collect("requested");
            assert_eq!(heap.old_limit, 400);
        });
    }
}
