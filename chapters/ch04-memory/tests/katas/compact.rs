//! Katas of `compact.rs`: sliding live old objects together.

// The kata is `compact::compact`: test paths start with the kata name.
#![allow(clippy::module_inception)]

mod compact {
    use ch04_memory::heap::{Addr, Heap};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    use crate::katas::{at, names, refs_of};

    /// Survivors slide to the front in their order, each block exactly its object's size.
    #[test]
    fn slides_survivors_to_the_front() {
        bounded(|| {
            let mut heap = Heap::new(1000);
            for (name, size) in [("dead1", 40), ("a", 10), ("dead2", 20), ("b", 30)] {
                let addr = heap.alloc_old(name, size);
                if !name.starts_with("dead") {
                    heap.add_root(addr);
                }
            }
            heap.mark();
            assert_eq!(heap.compact(), 2);
            let shape: Vec<(usize, Option<&str>)> = heap
                .old
                .blocks
                .iter()
                .map(|b| (b.size, b.object.as_ref().map(|o| o.name.as_str())))
                .collect();
            assert_eq!(shape, vec![(10, Some("a")), (30, Some("b"))]);
            assert_eq!(heap.roots, vec![Addr::Old(0), Addr::Old(1)]);
        });
    }

    /// Every reference to a moved object is rewritten: from new, old and large objects and the remembered set.
    #[test]
    fn updates_every_reference() {
        bounded(|| {
            let mut heap = Heap::new(1000);
            let _dead = heap.alloc_old("dead", 40);
            let a = heap.alloc_old("a", 10);
            let b = heap.alloc_old("b", 10);
            let young = heap.alloc_new("young", 10).unwrap();
            let large = heap.alloc_large("large", 5000);
            heap.link(young, a);
            heap.link(large, b);
            heap.link(a, b);
            heap.write_ref(b, young);
            heap.add_root(young);
            heap.add_root(large);
            heap.mark();
            heap.compact();
            assert_eq!(refs_of(&heap, "young"), names(&["a"]));
            assert_eq!(refs_of(&heap, "large"), names(&["b"]));
            assert_eq!(refs_of(&heap, "a"), names(&["b"]));
            assert_eq!(refs_of(&heap, "b"), names(&["young"]));
            assert_eq!(at(&heap, "b"), Addr::Old(1));
            assert!(heap.remembered.contains(&Addr::Old(1)));
        });
    }
}
