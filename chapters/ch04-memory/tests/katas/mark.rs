//! Katas of `mark.rs`: marking everything reachable from the roots.

// The kata is `mark::mark`: test paths start with the kata name.
#![allow(clippy::module_inception)]

#[cfg(not(kata_skip = "mark::mark"))]
mod mark {
    use ch04_memory::heap::{Colour, Heap};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    use crate::katas::at;

    fn colour(heap: &Heap, name: &str) -> Colour {
        heap.object(at(heap, name)).unwrap().colour
    }

    /// Reachable objects in every space turn black; unreachable ones, even a cycle, stay white.
    #[test]
    fn blackens_the_reachable_only() {
        bounded(|| {
            let mut heap = Heap::new(1000);
            let root = heap.alloc_new("root", 10).unwrap();
            let old = heap.alloc_old("old", 10);
            let large = heap.alloc_large("large", 5000);
            let young = heap.alloc_new("young", 10).unwrap();
            heap.link(root, old);
            heap.link(old, large);
            heap.link(large, young);
            heap.link(young, root);
            let x = heap.alloc_old("x", 10);
            let y = heap.alloc_new("y", 10).unwrap();
            heap.link(x, y);
            heap.link(y, x);
            heap.add_root(root);
            assert_eq!(heap.mark(), 4);
            for name in ["root", "old", "large", "young"] {
                assert_eq!(colour(&heap, name), Colour::Black, "{name}");
            }
            for name in ["x", "y"] {
                assert_eq!(colour(&heap, name), Colour::White, "{name}");
            }
        });
    }

    /// The remembered set is no root for a full marking.
    #[test]
    fn remembered_set_is_not_a_root() {
        bounded(|| {
            let mut heap = Heap::new(1000);
            let holder = heap.alloc_old("holder", 10);
            let target = heap.alloc_new("target", 10).unwrap();
            heap.write_ref(holder, target);
            assert_eq!(heap.mark(), 0);
            assert_eq!(colour(&heap, "target"), Colour::White);
        });
    }

    /// Two roots on one object, a self-reference: each object counts once.
    #[test]
    fn counts_each_object_once() {
        bounded(|| {
            let mut heap = Heap::new(1000);
            let a = heap.alloc_old("a", 10);
            heap.link(a, a);
            heap.add_root(a);
            heap.roots.push(a);
            assert_eq!(heap.mark(), 1);
        });
    }

    /// A chain twenty thousand long, marked on a 256 KiB stack: a work list,
    /// not recursion. Recursion overflows that stack in debug and release
    /// builds alike, where on a default 2 MiB stack a release build's
    /// recursion needed a chain of 100 000, 0.1 s of a learner's every save.
    #[test]
    fn long_chain() {
        const LENGTH: usize = 20_000;
        kata_support::bounded(|| {
            let mut heap = Heap::new(1 << 20);
            let mut previous = heap.alloc_new("0", 8).unwrap();
            heap.add_root(previous);
            for i in 1..LENGTH {
                let next = heap.alloc_new(&i.to_string(), 8).unwrap();
                heap.link(previous, next);
                previous = next;
            }
            // Named as the test's own thread is, so an overflow names the test.
            let name = std::thread::current().name().map(str::to_owned);
            let marked = std::thread::Builder::new()
                .name(name.unwrap_or_else(|| "mark::long_chain".to_owned()))
                .stack_size(256 << 10)
                .spawn(move || heap.mark())
                .expect("spawning the marking thread")
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            assert_eq!(marked, LENGTH);
        });
    }
}
