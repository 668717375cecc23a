//! Katas of `alloc.rs`: where objects go, and the collections allocating triggers.

#[cfg(not(kata_skip = "alloc::allocate"))]
mod allocate {
    use ch04_memory::heap::{Addr, Heap, Policy};
    use ch04_memory::{GcKind, Live};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    use crate::katas::names;

    /// Objects that fit go to new space, bump after bump; no collection.
    #[test]
    fn bumps_in_new_space() {
        bounded(|| {
            let mut heap = Heap::new(100);
            assert_eq!(heap.allocate("a", 40), Addr::New(0));
            assert_eq!(heap.allocate("b", 60), Addr::New(1));
            assert_eq!(heap.from.used, 100);
            assert!(heap.log.is_empty());
        });
    }

    /// An object bigger than a semispace goes to the large-object space; one that fits exactly does not.
    #[test]
    fn large_objects_skip_new_space() {
        bounded(|| {
            let mut heap = Heap::new(100);
            assert_eq!(heap.allocate("big", 101), Addr::Large(0));
            assert_eq!(heap.allocate("exact", 100), Addr::New(0));
            assert!(heap.log.is_empty());
        });
    }

    /// A full semispace triggers a scavenge, logged as an allocation failure, then the bump succeeds.
    #[test]
    fn allocation_failure_scavenges() {
        bounded(|| {
            let mut heap = Heap::new(100);
            let kept = heap.allocate("kept", 10);
            heap.add_root(kept);
            heap.allocate("garbage", 80);
            let c = heap.allocate("c", 20);
            assert_eq!(c, Addr::New(1));
            assert_eq!(heap.log.len(), 1);
            let event = &heap.log[0];
            assert_eq!((event.number, event.kind), (1, GcKind::Scavenge));
            assert_eq!(event.reason, "allocation failure");
            assert_eq!(
                heap.live(),
                Live {
                    new: names(&["c", "kept"]),
                    ..Live::default()
                }
            );
        });
    }

    /// When everything survives and no room is left, the object goes to old space.
    #[test]
    fn falls_back_to_old_space() {
        bounded(|| {
            let policy = Policy {
                to_space_percent: 100,
                ..Policy::v8(100)
            };
            let mut heap = Heap::with_policy(100, policy);
            let a = heap.allocate("a", 90);
            heap.add_root(a);
            assert_eq!(heap.allocate("b", 20), Addr::Old(0));
            assert_eq!(heap.live().new, names(&["a"]));
        });
    }

    /// Promotions that push old space past its limit trigger a full collection right after the scavenge.
    #[test]
    fn old_space_limit_runs_a_full_collection() {
        bounded(|| {
            let policy = Policy {
                old_limit: 30,
                ..Policy::v8(100)
            };
            let mut heap = Heap::with_policy(100, policy);
            // Old garbage counts against the limit until a full collection.
            for i in 0..3 {
                heap.alloc_old(&format!("old{i}"), 10);
            }
            let a = heap.allocate("a", 20);
            heap.add_root(a);
            heap.allocate("b", 60);
            // `a` survived once; the next failure promotes it: old space 50 > 30.
            heap.allocate("c", 60);
            heap.allocate("d", 60);
            let kinds: Vec<(GcKind, &str)> = heap
                .log
                .iter()
                .map(|e| (e.kind, e.reason.as_str()))
                .collect();
            assert_eq!(
                kinds,
                vec![
                    (GcKind::Scavenge, "allocation failure"),
                    (GcKind::Scavenge, "allocation failure"),
                    (GcKind::MarkCompact, "old space limit"),
                ]
            );
            assert_eq!(heap.live().old, names(&["a"]));
            assert_eq!(heap.old_limit, 40);
        });
    }

    /// Real Node 20's spaces (`v8.getHeapSpaceStatistics()`) include the toy's three:
    /// new, old and large-object space; its heap limit is not the notes' 1.4 GB; and
    /// heap snapshots need no add-on.
    #[test]
    fn given_real_node20_spaces_and_limits() {
        let lines = crate::katas::node20("heap_spaces.js");
        let spaces = lines[0].strip_prefix("spaces ").expect("a spaces line");
        let spaces: Vec<&str> = spaces.split(' ').collect();
        for ours in ["new_space", "old_space", "large_object_space"] {
            assert!(spaces.contains(&ours), "{ours} missing from {spaces:?}");
        }
        assert_eq!(
            lines[1..],
            [
                "default_limit_over_1400_mib true",
                // --max-old-space-size sets old space; the limit adds the young generation.
                "limit_with_max_old_512_mib 560",
                "limit_with_max_old_64_mib 112",
                // heapdump's job, built in since Node 11.13: v8.writeHeapSnapshot().
                "write_heap_snapshot true",
                // 16 370 doubles (130 960 bytes) are a regular object, 16 400 (131 200) a
                // large one: V8's kMaxRegularHeapObjectSize is 128 KiB.
                "doubles_16370_large false",
                "doubles_16400_large true",
                // Node 20 starts large objects young; the first scavenge promotes them.
                "first_scavenge_moves_it_to_large_object_space true",
            ]
        );
    }
}
