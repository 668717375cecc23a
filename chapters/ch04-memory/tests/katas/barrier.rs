//! Katas of `barrier.rs`: the write barrier and the remembered set.

#[cfg(not(kata_skip = "barrier::write_ref"))]
mod write_ref {
    use ch04_memory::heap::{Addr, Heap};
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    use crate::katas::{names, refs_of};

    fn place(heap: &mut Heap, space: &str, name: &str) -> Addr {
        match space {
            "new" => heap.alloc_new(name, 10).unwrap(),
            "old" => heap.alloc_old(name, 10),
            _ => heap.alloc_large(name, 5000),
        }
    }

    /// Only a store from the old generation (old or large space) into new space is recorded.
    fn records_old_to_new(from: &str, to: &str, recorded: bool) {
        let (from, to) = (from.to_owned(), to.to_owned());
        bounded(move || {
            let mut heap = Heap::new(1000);
            let holder = place(&mut heap, &from, "holder");
            let target = place(&mut heap, &to, "target");
            assert!(heap.write_ref(holder, target));
            assert_eq!(refs_of(&heap, "holder"), names(&["target"]));
            assert_eq!(heap.remembered.contains(&holder), recorded);
            assert_eq!(heap.remembered.len(), usize::from(recorded));
        });
    }
    cases!(records_old_to_new {
        old_to_new: ("old", "new", true),
        large_to_new: ("large", "new", true),
        new_to_new: ("new", "new", false),
        new_to_old: ("new", "old", false),
        old_to_old: ("old", "old", false),
        old_to_large: ("old", "large", false),
    });

    /// A store into nothing is refused and records nothing.
    #[test]
    fn refuses_a_missing_holder() {
        bounded(|| {
            let mut heap = Heap::new(1000);
            let target = heap.alloc_new("target", 10).unwrap();
            assert!(!heap.write_ref(Addr::Old(7), target));
            assert!(heap.remembered.is_empty());
        });
    }

    /// Through the barrier, an old holder keeps its young target alive across a scavenge.
    #[test]
    fn scavenge_keeps_the_target() {
        bounded(|| {
            let mut heap = Heap::new(1000);
            let holder = heap.alloc_old("holder", 10);
            heap.add_root(holder);
            let target = heap.alloc_new("target", 10).unwrap();
            heap.write_ref(holder, target);
            heap.scavenge("requested");
            assert_eq!(heap.live().new, names(&["target"]));
            assert_eq!(refs_of(&heap, "holder"), names(&["target"]));
        });
    }

    /// Floating garbage (浮动垃圾): an unreachable old holder still keeps its target through scavenges.
    #[test]
    fn floating_garbage_survives_scavenges() {
        bounded(|| {
            let mut heap = Heap::new(1000);
            let holder = heap.alloc_old("holder", 10);
            let target = heap.alloc_new("target", 10).unwrap();
            heap.write_ref(holder, target);
            // Nothing reaches `holder`: no root, no reference. A scavenge cannot know.
            assert!(heap.roots.is_empty());
            heap.scavenge("requested");
            heap.scavenge("requested");
            assert_eq!(heap.live().old, names(&["holder", "target"]));
        });
    }
}
