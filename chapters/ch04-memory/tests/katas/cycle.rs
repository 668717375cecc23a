//! Katas of `cycle.rs`: an `Rc` cycle leaks; a `Weak` back-reference does not.

use crate::katas::thread_counts;

/// The leak: a child holding its parent with `Rc` keeps both alive after the last handle goes (provided code).
#[test]
fn given_strong_cycles_leak() {
    kata_support::bounded(|| {
        use ch04_memory::cycle::{LeakyNode, adopt_leaky};
        use std::rc::Rc;
        let before = thread_counts().live_blocks;
        for _ in 0..1_000 {
            let parent = Rc::new(LeakyNode {
                data: vec![0; 1024],
                ..LeakyNode::default()
            });
            adopt_leaky(&parent, Rc::new(LeakyNode::default()));
        }
        let after = thread_counts().live_blocks;
        assert!(after - before >= 2_000, "{before} → {after}");
    });
}

#[cfg(not(kata_skip = "cycle::adopt"))]
mod adopt {
    use std::rc::Rc;

    use ch04_memory::cycle::{TreeNode, adopt};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    use crate::katas::thread_counts;

    /// The child sees its parent, the parent owns the child, and only the parent's handle counts.
    #[test]
    fn links_both_ways_one_strong() {
        bounded(|| {
            let parent = Rc::new(TreeNode::default());
            let child = Rc::new(TreeNode::default());
            adopt(&parent, Rc::clone(&child));
            assert!(Rc::ptr_eq(&child.parent().expect("a parent"), &parent));
            assert_eq!(parent.children.borrow().len(), 1);
            assert_eq!((Rc::strong_count(&parent), Rc::weak_count(&parent)), (1, 1));
            assert_eq!(Rc::strong_count(&child), 2);
            drop(parent);
            assert!(child.parent().is_none(), "a dead parent upgrades to None");
        });
    }

    /// The fix, proven: a thousand parent–child pairs, dropped, leave no allocation behind.
    #[test]
    fn dropped_trees_are_freed() {
        bounded(|| {
            let before = thread_counts().live_blocks;
            for _ in 0..1_000 {
                let parent = Rc::new(TreeNode {
                    data: vec![0; 1024],
                    ..TreeNode::default()
                });
                adopt(&parent, Rc::new(TreeNode::default()));
            }
            assert_eq!(thread_counts().live_blocks, before);
        });
    }
}
