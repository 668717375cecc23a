//! Katas of `scavenge.rs`: Cheney's copying collector over two semispaces.

// The kata is `scavenge::scavenge`: test paths start with the kata name.
#![allow(clippy::module_inception)]

#[cfg(not(kata_skip = "scavenge::evacuate"))]
mod evacuate {
    use ch04_memory::heap::{Addr, Cell, Heap};
    use ch04_memory::scavenge::Evacuation;
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    /// A young object is copied to the end of To-space, one survival older, and leaves a forwarding address.
    #[test]
    fn copies_to_to_space_and_forwards() {
        bounded(|| {
            let mut heap = Heap::new(1000);
            let _garbage = heap.alloc_new("garbage", 10).unwrap();
            let a = heap.alloc_new("a", 20).unwrap();
            let mut work = Evacuation::default();
            let moved = heap.evacuate(a, &mut work);
            assert_eq!(moved, Addr::New(0));
            assert_eq!(heap.from.cells[1], Cell::Forwarded(Addr::New(0)));
            let Cell::Live(copy) = &heap.to.cells[0] else {
                panic!("To-space's first cell holds no object");
            };
            assert_eq!((copy.name.as_str(), copy.survived), ("a", 1));
            assert_eq!(heap.to.used, 20);
            assert_eq!((work.copied, work.promoted), (1, 0));
        });
    }

    /// A second path to the same object finds the forwarding address: one copy, not two.
    #[test]
    fn second_visit_finds_the_forwarding_address() {
        bounded(|| {
            let mut heap = Heap::new(1000);
            let a = heap.alloc_new("a", 20).unwrap();
            let mut work = Evacuation::default();
            let first = heap.evacuate(a, &mut work);
            let second = heap.evacuate(a, &mut work);
            assert_eq!(first, second);
            assert_eq!(heap.to.cells.len(), 1);
            assert_eq!(work.copied, 1);
        });
    }

    /// Old and large addresses are not new space's business.
    #[test]
    fn old_and_large_stay_put() {
        bounded(|| {
            let mut heap = Heap::new(1000);
            let old = heap.alloc_old("o", 10);
            let large = heap.alloc_large("l", 5000);
            let mut work = Evacuation::default();
            assert_eq!(heap.evacuate(old, &mut work), old);
            assert_eq!(heap.evacuate(large, &mut work), large);
            assert_eq!(work, Evacuation::default());
        });
    }

    /// A survivor of one scavenge is promoted at the next and queued for scanning.
    #[test]
    fn second_survival_promotes() {
        bounded(|| {
            let mut heap = Heap::new(1000);
            let a = heap.alloc_new("a", 20).unwrap();
            if let Some(object) = heap.object_mut(a) {
                object.survived = 1;
            }
            let mut work = Evacuation::default();
            let moved = heap.evacuate(a, &mut work);
            assert_eq!(moved, Addr::Old(0));
            assert_eq!(heap.object(moved).map(|o| o.name.as_str()), Some("a"));
            assert_eq!(work.promoted_queue, vec![Addr::Old(0)]);
            assert_eq!((work.copied, work.promoted), (0, 1));
            assert!(heap.to.cells.is_empty());
        });
    }

    /// A copy that would fill To-space past 25 % is promoted on its first survival.
    #[test]
    fn a_quarter_full_promotes() {
        bounded(|| {
            let mut heap = Heap::new(1000);
            let small = heap.alloc_new("small", 200).unwrap();
            let big = heap.alloc_new("big", 100).unwrap();
            let mut work = Evacuation::default();
            assert_eq!(heap.evacuate(small, &mut work), Addr::New(0));
            assert_eq!(heap.evacuate(big, &mut work), Addr::Old(0));
        });
    }

    /// Evacuating does not scan: the copy's references still point into From.
    #[test]
    fn references_are_not_scanned_yet() {
        bounded(|| {
            let mut heap = Heap::new(1000);
            let a = heap.alloc_new("a", 10).unwrap();
            let b = heap.alloc_new("b", 10).unwrap();
            heap.link(a, b);
            let mut work = Evacuation::default();
            heap.evacuate(a, &mut work);
            let Cell::Live(copy) = &heap.to.cells[0] else {
                panic!("no copy");
            };
            assert_eq!(copy.refs, vec![b]);
            assert_eq!(heap.to.cells.len(), 1);
        });
    }
}

#[cfg(not(kata_skip = "scavenge::scavenge"))]
mod scavenge {
    use ch04_memory::heap::{Addr, Heap, Policy};
    use ch04_memory::{GcKind, Live};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    use crate::katas::{at, names, refs_of};

    /// The roots' objects and what they reach survive; the rest is gone after the flip.
    #[test]
    fn frees_the_unreachable() {
        bounded(|| {
            let mut heap = Heap::new(1000);
            let a = heap.alloc_new("a", 10).unwrap();
            let b = heap.alloc_new("b", 20).unwrap();
            let _c = heap.alloc_new("c", 30).unwrap();
            heap.link(a, b);
            heap.add_root(a);
            let event = heap.scavenge("requested");
            assert_eq!(
                heap.live(),
                Live {
                    new: names(&["a", "b"]),
                    ..Live::default()
                }
            );
            assert_eq!(refs_of(&heap, "a"), names(&["b"]));
            assert_eq!(heap.roots, vec![at(&heap, "a")]);
            assert_eq!(event.kind, GcKind::Scavenge);
            assert_eq!((event.before.used, event.after.used), (60, 30));
            assert_eq!((event.work, event.moved), (2, 0));
            assert_eq!(event.reason, "requested");
            // The flip: survivors are in From; To is empty with the same capacity.
            assert_eq!((heap.from.used, heap.from.capacity), (30, 1000));
            assert_eq!(
                (heap.to.used, heap.to.cells.len(), heap.to.capacity),
                (0, 0, 1000)
            );
        });
    }

    /// Breadth first: copies land in To-space in the order Cheney's scan reaches them.
    #[test]
    fn copies_breadth_first() {
        bounded(|| {
            let mut heap = Heap::new(1000);
            let root = heap.alloc_new("root", 10).unwrap();
            let d = heap.alloc_new("d", 10).unwrap();
            let c = heap.alloc_new("c", 10).unwrap();
            let b = heap.alloc_new("b", 10).unwrap();
            heap.link(root, b);
            heap.link(root, c);
            heap.link(b, d);
            heap.add_root(root);
            heap.scavenge("requested");
            let order: Vec<&str> = heap
                .from
                .cells
                .iter()
                .map(|cell| match cell {
                    ch04_memory::heap::Cell::Live(o) => o.name.as_str(),
                    ch04_memory::heap::Cell::Forwarded(_) => "<forwarded>",
                })
                .collect();
            assert_eq!(order, vec!["root", "b", "c", "d"]);
        });
    }

    /// An object two roots share is copied once and both references see the copy; cycles end.
    #[test]
    fn shared_objects_and_cycles() {
        bounded(|| {
            let mut heap = Heap::new(1000);
            let a = heap.alloc_new("a", 10).unwrap();
            let b = heap.alloc_new("b", 10).unwrap();
            let shared = heap.alloc_new("shared", 10).unwrap();
            heap.link(a, shared);
            heap.link(b, shared);
            heap.link(shared, a);
            heap.add_root(a);
            heap.add_root(b);
            let event = heap.scavenge("requested");
            assert_eq!(event.work, 3);
            assert_eq!(heap.from.cells.len(), 3);
            let from_a = heap.object(at(&heap, "a")).unwrap().refs[0];
            let from_b = heap.object(at(&heap, "b")).unwrap().refs[0];
            assert_eq!(from_a, from_b);
            assert_eq!(refs_of(&heap, "shared"), names(&["a"]));
        });
    }

    /// The second scavenge an object lives through moves it, and what it holds, to old space.
    #[test]
    fn second_scavenge_promotes() {
        bounded(|| {
            let mut heap = Heap::new(1000);
            let a = heap.alloc_new("a", 10).unwrap();
            let b = heap.alloc_new("b", 10).unwrap();
            heap.link(a, b);
            heap.add_root(a);
            heap.scavenge("requested");
            let second = heap.scavenge("requested");
            assert_eq!(
                heap.live(),
                Live {
                    old: names(&["a", "b"]),
                    ..Live::default()
                }
            );
            assert_eq!((second.work, second.moved), (0, 2));
            assert_eq!(refs_of(&heap, "a"), names(&["b"]));
            assert!(matches!(heap.roots[0], Addr::Old(_)));
        });
    }

    /// The remembered set is a root: a recorded old object keeps its young target.
    #[test]
    fn remembered_objects_are_roots() {
        bounded(|| {
            let mut heap = Heap::new(1000);
            let holder = heap.alloc_old("holder", 10);
            let kept = heap.alloc_new("kept", 10).unwrap();
            let _lost = heap.alloc_new("lost", 10).unwrap();
            heap.link(holder, kept);
            heap.remembered.insert(holder);
            heap.scavenge("requested");
            assert_eq!(heap.live().new, names(&["kept"]));
            assert_eq!(refs_of(&heap, "holder"), names(&["kept"]));
        });
    }

    /// Without a record the scavenge never looks at old space: the young target dies.
    #[test]
    fn unrecorded_old_references_are_not_seen() {
        bounded(|| {
            let mut heap = Heap::new(1000);
            let holder = heap.alloc_old("holder", 10);
            let target = heap.alloc_new("target", 10).unwrap();
            heap.link(holder, target);
            heap.scavenge("requested");
            assert_eq!(heap.live().new, Vec::<String>::new());
        });
    }

    /// A 1000-byte heap whose first copy may fill To-space up to 10 %, so a
    /// 200-byte object is promoted at its first scavenge.
    fn promoting_heap() -> Heap {
        let policy = Policy {
            to_space_percent: 10,
            ..Policy::v8(1000)
        };
        Heap::with_policy(1000, policy)
    }

    /// A promoted object is scanned too, and its young targets stay alive, remembered.
    #[test]
    fn promoted_objects_are_scanned() {
        bounded(|| {
            // `big` (200 bytes) is promoted at its first scavenge while
            // `small` (10) stays young.
            let mut heap = promoting_heap();
            let big = heap.alloc_new("big", 200).unwrap();
            let small = heap.alloc_new("small", 10).unwrap();
            heap.link(big, small);
            heap.add_root(big);
            heap.scavenge("requested");
            let live = heap.live();
            assert_eq!((live.new, live.old), (names(&["small"]), names(&["big"])));
            assert_eq!(refs_of(&heap, "big"), names(&["small"]));
            assert!(heap.remembered.contains(&at(&heap, "big")));
            // And the next scavenge still finds `small` through the remembered set.
            heap.scavenge("requested");
            assert_eq!(heap.live().old, names(&["big", "small"]));
        });
    }

    /// What a promoted object's young child holds survives too: the scan of
    /// To-space and the promoted queue go on until *both* are empty.
    #[test]
    fn promoted_objects_young_children_are_scanned() {
        bounded(|| {
            // As above, `big` is promoted at once; `small` and `tail` stay young.
            let mut heap = promoting_heap();
            let big = heap.alloc_new("big", 200).unwrap();
            let small = heap.alloc_new("small", 10).unwrap();
            let tail = heap.alloc_new("tail", 10).unwrap();
            heap.link(big, small);
            heap.link(small, tail);
            heap.add_root(big);
            heap.scavenge("requested");
            let live = heap.live();
            assert_eq!(
                (live.new, live.old),
                (names(&["small", "tail"]), names(&["big"])),
                "root → big (promoted) → small → tail: `tail` is reachable and must \
                 stay young; `small` was copied while scanning the promoted `big`, \
                 so To-space needs scanning again after the promoted queue"
            );
            assert_eq!(refs_of(&heap, "small"), names(&["tail"]));
        });
    }

    /// A chain ten thousand long survives: the scan is a loop, not recursion.
    #[test]
    fn long_chain() {
        kata_support::bounded_for(std::time::Duration::from_secs(15), || {
            let mut heap = Heap::new(1 << 20);
            let mut previous = heap.alloc_new("0", 8).unwrap();
            heap.add_root(previous);
            for i in 1..10_000 {
                let next = heap.alloc_new(&i.to_string(), 8).unwrap();
                heap.link(previous, next);
                previous = next;
            }
            let event = heap.scavenge("requested");
            assert_eq!(event.work, 10_000);
        });
    }
}
