//! Katas of `compact.rs`: sliding live old objects together.

// The kata is `compact::compact`: test paths start with the kata name.
#![allow(clippy::module_inception)]

#[cfg(not(kata_skip = "compact::compact"))]
mod compact {
    use ch04_memory::heap::{Addr, Block, Heap, Object};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    use crate::katas::{at, names, refs_of};

    /// Old space as (block size, the object's name if the block holds one).
    fn shape(heap: &Heap) -> Vec<(usize, Option<&str>)> {
        heap.old
            .blocks
            .iter()
            .map(|b| (b.size, b.object.as_ref().map(|o| o.name.as_str())))
            .collect()
    }

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
            let shape = shape(&heap);
            assert_eq!(shape, vec![(10, Some("a")), (30, Some("b"))]);
            assert_eq!(heap.roots, vec![Addr::Old(0), Addr::Old(1)]);
        });
    }

    /// Old space after a sweep and some reuse: a free 40-byte hole, `a` (10
    /// bytes) in a reused 30-byte hole, `dead` (20), `b` (10); `a` and `b` are roots.
    fn fragmented_heap() -> Heap {
        let mut heap = Heap::new(1000);
        let block = |size, object: Option<Object>| Block { size, object };
        heap.old.blocks = vec![
            block(40, None),
            block(30, Some(Object::new("a", 10))),
            block(20, Some(Object::new("dead", 20))),
            block(10, Some(Object::new("b", 10))),
        ];
        heap.add_root(Addr::Old(1));
        heap.add_root(Addr::Old(3));
        heap.mark();
        heap
    }

    /// A survivor that sat in a bigger, reused hole gets a block of exactly its own size.
    #[test]
    fn reused_holes_shrink_to_their_object() {
        bounded(|| {
            let mut heap = fragmented_heap();
            heap.compact();
            let shape = shape(&heap);
            assert_eq!(
                shape,
                vec![(10, Some("a")), (10, Some("b"))],
                "(block size, object) after compacting [hole 40, a (10) in 30, dead 20, \
                 b 10]: `a` moves into a block of its own size, no free bytes remain"
            );
            assert_eq!(heap.old.committed(), 20);
        });
    }

    /// Only objects are freed: a block that was already a hole does not count.
    #[test]
    fn holes_are_not_freed_objects() {
        bounded(|| {
            let mut heap = fragmented_heap();
            assert_eq!(
                heap.compact(),
                1,
                "compacting [hole 40, a (10) in 30, dead 20, b 10]: one object (`dead`) \
                 died; the hole held none"
            );
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
