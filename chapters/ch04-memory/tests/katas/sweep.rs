//! Katas of `sweep.rs`: freeing dead old objects in place.

// The kata is `sweep::sweep`: test paths start with the kata name.
#![allow(clippy::module_inception)]

#[cfg(not(kata_skip = "sweep::sweep"))]
mod sweep {
    use ch04_memory::heap::{Addr, Block, Colour, Heap};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    use crate::katas::names;

    /// Old space with five objects, the 2nd and 4th unreachable, marked.
    fn marked_heap() -> Heap {
        let mut heap = Heap::new(1000);
        for (name, size) in [
            ("a", 10),
            ("dead1", 40),
            ("b", 10),
            ("dead2", 20),
            ("c", 10),
        ] {
            let addr = heap.alloc_old(name, size);
            if !name.starts_with("dead") {
                heap.add_root(addr);
            }
        }
        heap.mark();
        heap
    }

    /// Dead blocks become holes that keep their size and place; nothing moves.
    #[test]
    fn leaves_holes() {
        bounded(|| {
            let mut heap = marked_heap();
            assert_eq!(heap.sweep(), 2);
            let shape: Vec<(usize, Option<&str>)> = heap
                .old
                .blocks
                .iter()
                .map(|b: &Block| (b.size, b.object.as_ref().map(|o| o.name.as_str())))
                .collect();
            assert_eq!(
                shape,
                vec![
                    (10, Some("a")),
                    (40, None),
                    (10, Some("b")),
                    (20, None),
                    (10, Some("c"))
                ]
            );
            assert_eq!((heap.old.used(), heap.old.committed()), (30, 90));
            assert_eq!(heap.roots, vec![Addr::Old(0), Addr::Old(2), Addr::Old(4)]);
            // Survivors keep their colour; the collector whitens them afterwards.
            assert_eq!(heap.object(Addr::Old(0)).unwrap().colour, Colour::Black);
        });
    }

    /// The holes form the free list: the next old object goes into the first one that fits.
    #[test]
    fn holes_are_reused_first_fit() {
        bounded(|| {
            let mut heap = marked_heap();
            heap.sweep();
            assert_eq!(heap.alloc_old("fits_second_hole", 15), Addr::Old(1));
            assert_eq!(heap.alloc_old("fits_fourth_hole", 15), Addr::Old(3));
            assert_eq!(heap.alloc_old("fits_nowhere", 15), Addr::Old(5));
            assert_eq!(heap.old.committed(), 105);
        });
    }

    /// A second collection counts only what died since: the holes of the first were freed already.
    #[test]
    fn holes_are_not_freed_twice() {
        bounded(|| {
            let mut heap = marked_heap();
            assert_eq!(heap.sweep(), 2);
            // `b` dies now; `dead1` and `dead2` are holes since the first sweep.
            heap.remove_root(Addr::Old(2));
            heap.whiten_all();
            heap.mark();
            assert_eq!(
                heap.sweep(),
                1,
                "old space [a, hole 40, b (now unreachable), hole 20, c]: \
                 one object died; blocks that were already free are not freed objects"
            );
            assert_eq!(heap.old.used(), 20);
        });
    }

    /// Sweeping old space leaves new space and large objects to the rest of the collector.
    #[test]
    fn only_old_space() {
        bounded(|| {
            let mut heap = Heap::new(1000);
            heap.alloc_new("young", 10);
            heap.alloc_large("large", 5000);
            heap.alloc_old("old", 10);
            heap.mark();
            assert_eq!(heap.sweep(), 1);
            let live = heap.live();
            assert_eq!(
                (live.new, live.large),
                (names(&["young"]), names(&["large"]))
            );
        });
    }
}
