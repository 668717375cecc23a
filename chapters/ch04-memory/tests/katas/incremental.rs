//! Katas of `incremental.rs`: marking in steps, with the tri-colour invariant.

/// A heap of `n` old objects in a rooted binary tree (object i refers to 2i+1 and 2i+2).
pub fn tree(n: usize) -> ch04_memory::Heap {
    let mut heap = ch04_memory::Heap::new(1 << 16);
    let addrs: Vec<_> = (0..n)
        .map(|i| heap.alloc_old(&format!("n{i}"), 8))
        .collect();
    for i in 0..n {
        for child in [2 * i + 1, 2 * i + 2] {
            if child < n {
                heap.link(addrs[i], addrs[child]);
            }
        }
    }
    heap.add_root(addrs[0]);
    heap
}

#[cfg(not(kata_skip = "incremental::step"))]
mod step {
    /// Orinoco on real Node 20 (`tests/oracle/orinoco.js`, recorded): parallel and
    /// concurrent collectors on by default, and a busy program's full GCs marked in steps.
    #[test]
    fn given_real_node20_marks_in_steps() {
        assert_eq!(
            crate::katas::node20("orinoco.js"),
            [
                "parallel-scavenge on",
                "concurrent-marking on",
                "incremental-marking on",
                "concurrent-sweeping on",
                "parallel-compaction on",
                "full_gc_marked_in_steps true",
            ]
        );
    }

    use ch04_memory::heap::{Colour, Heap};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    use super::tree;

    fn count(heap: &Heap, colour: Colour) -> usize {
        heap.addrs()
            .iter()
            .filter(|&&a| heap.object(a).unwrap().colour == colour)
            .count()
    }

    /// Each step blackens at most `budget` objects; the last one reports completion.
    #[test]
    fn respects_the_budget() {
        bounded(|| {
            let mut heap = tree(15);
            heap.alloc_old("garbage", 8);
            heap.start_marking();
            let mut steps = 0;
            while !heap.step(4) {
                steps += 1;
                assert_eq!(count(&heap, Colour::Black), 4 * steps);
                assert!(heap.tricolour_violations().is_empty());
            }
            assert_eq!(count(&heap, Colour::Black), 15);
            assert_eq!(count(&heap, Colour::Grey), 0);
            assert_eq!(count(&heap, Colour::White), 1);
            assert!(heap.step(4));
        });
    }

    /// Grey objects' targets are shaded grey; a step with budget 1 scans exactly the root.
    #[test]
    fn shades_targets_grey() {
        bounded(|| {
            let mut heap = tree(3);
            heap.start_marking();
            assert!(!heap.step(1));
            assert_eq!(
                (count(&heap, Colour::Black), count(&heap, Colour::Grey)),
                (1, 2)
            );
            assert_eq!(heap.marking.as_ref().map(Vec::len), Some(2));
        });
    }

    /// Finishing (provided, built on `step`) scans roots added meanwhile and frees the rest.
    #[test]
    fn finish_rescans_roots_added_meanwhile() {
        bounded(|| {
            let mut heap = tree(3);
            let late = heap.alloc_old("late", 8);
            heap.alloc_old("garbage", 8);
            heap.alloc_new("young_garbage", 8);
            heap.start_marking();
            heap.step(1);
            // A white object becomes a root after marking started.
            heap.add_root(late);
            let event = heap.finish_marking("finalize incremental marking");
            let mut live = heap.live().old;
            live.sort();
            assert_eq!(live, ["late", "n0", "n1", "n2"]);
            assert_eq!(heap.live().new, Vec::<String>::new());
            assert_eq!((event.work, event.moved), (4, 2));
            assert_eq!((event.before.used, event.after.used), (48, 32));
            assert_eq!(count(&heap, Colour::White), 4, "survivors end white");
        });
    }

    /// A cycle ends: a target already black is not shaded again, so each object is scanned once.
    #[test]
    fn cycles_end() {
        bounded(|| {
            let mut heap = Heap::new(1000);
            let a = heap.alloc_old("a", 8);
            let b = heap.alloc_old("b", 8);
            let c = heap.alloc_old("c", 8);
            heap.link(a, b);
            heap.link(b, c);
            heap.link(c, a);
            heap.link(a, c);
            heap.add_root(a);
            heap.start_marking();
            let done: Vec<bool> = (0..5).map(|_| heap.step(1)).collect();
            assert_eq!(
                done,
                [false, false, true, true, true],
                "step(1) five times on the cycle a → b → c → a (and a → c), rooted at a: \
                 three objects, each scanned once, so marking is complete after the third step"
            );
            assert_eq!(count(&heap, Colour::Black), 3);
        });
    }

    /// With no marking under way there is nothing to do.
    #[test]
    fn idle_is_done() {
        bounded(|| {
            let mut heap = tree(3);
            assert!(heap.step(10));
            assert_eq!(count(&heap, Colour::White), 3);
        });
    }

    /// Stale entries (pushed twice, already black) cost no budget.
    #[test]
    fn skips_entries_no_longer_grey() {
        bounded(|| {
            let mut heap = tree(3);
            heap.start_marking();
            let root = heap.roots[0];
            assert!(!heap.step(1));
            // The root is black now; a stale second entry for it sits on top of the list.
            heap.marking.as_mut().unwrap().push(root);
            assert!(heap.step(2), "the stale entry used up budget");
            assert_eq!(count(&heap, Colour::Black), 3);
        });
    }
}

#[cfg(not(kata_skip = "incremental::marking_barrier"))]
mod marking_barrier {
    use std::collections::BTreeSet;

    use ch04_memory::heap::{Addr, Colour};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    use super::tree;
    use crate::katas::{Rng, all_names, at, reachable};

    /// The lost-object problem: a black holder takes a white object whose last grey path is cut.
    #[test]
    fn keeps_a_moved_reference_alive() {
        bounded(|| {
            let mut heap = tree(3);
            heap.start_marking();
            // The root (n0) is black; n1 and n2 are grey. Hang a white object off n1.
            let victim = heap.alloc_old("victim", 8);
            heap.link(at(&heap, "n1"), victim);
            if let Some(o) = heap.object_mut(victim) {
                o.colour = Colour::White;
            }
            heap.step(1);
            assert_eq!(heap.object(at(&heap, "n0")).unwrap().colour, Colour::Black);
            // The program moves the reference from grey n1 to black n0.
            heap.write_ref(at(&heap, "n0"), victim);
            heap.unlink(at(&heap, "n1"), victim);
            assert!(
                heap.tricolour_violations().is_empty(),
                "black → white after the store"
            );
            assert_eq!(heap.object(victim).unwrap().colour, Colour::Grey);
            heap.finish_marking("finalize incremental marking");
            assert!(
                heap.find("victim").is_some(),
                "a reachable object was freed"
            );
        });
    }

    /// Stores into white or grey holders need no shading: the marker will get there.
    #[test]
    fn leaves_other_stores_alone() {
        bounded(|| {
            let mut heap = tree(3);
            heap.start_marking();
            let target = heap.alloc_old("t", 8);
            if let Some(o) = heap.object_mut(target) {
                o.colour = Colour::White;
            }
            heap.write_ref(at(&heap, "n1"), target);
            assert_eq!(heap.object(target).unwrap().colour, Colour::White);
            assert_eq!(heap.marking.as_ref().map(Vec::len), Some(1));
        });
    }

    /// Random programs interleaved with marking steps: the invariant holds after every
    /// step and store, and marking frees exactly what is unreachable at the end.
    #[test]
    fn random_interleavings_keep_the_invariant() {
        bounded(|| {
            for seed in 1..=kata_support::property_cases(40) {
                let mut rng = Rng::new(seed);
                let mut heap = tree(31);
                heap.start_marking();
                let mut round = 0;
                loop {
                    round += 1;
                    let done = heap.step(1 + rng.below(3));
                    assert_eq!(
                        heap.tricolour_violations(),
                        Vec::<(Addr, Addr)>::new(),
                        "seed {seed} step {round}"
                    );
                    if done {
                        break;
                    }
                    for _ in 0..3 {
                        let addrs = heap.addrs();
                        let from = addrs[rng.below(addrs.len())];
                        let to = addrs[rng.below(addrs.len())];
                        if rng.below(2) == 0 {
                            heap.write_ref(from, to);
                        } else if let Some(&old) =
                            heap.object(from).and_then(|o| o.refs.first())
                        {
                            heap.unlink(from, old);
                        }
                        assert!(
                            heap.tricolour_violations().is_empty(),
                            "seed {seed} store"
                        );
                    }
                }
                let expected: BTreeSet<String> = reachable(&heap);
                heap.finish_marking("finalize incremental marking");
                let survivors = all_names(&heap);
                assert!(
                    expected.is_subset(&survivors),
                    "seed {seed}: freed while reachable: {:?}",
                    expected.difference(&survivors).collect::<Vec<_>>()
                );
            }
        });
    }
}
