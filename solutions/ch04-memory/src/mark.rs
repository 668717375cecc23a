//! Marking (标记): finding every object the program can still reach.
//!
//! Old space is too big to copy at every collection, so V8 finds the live
//! objects in place: start from the roots, follow every reference, and mark
//! what you reach. Everything left unmarked is garbage. The marker keeps a
//! work list of objects reached but not scanned yet: grey ones, in the
//! tri-colour vocabulary; scanned ones are black; never reached ones white.
//! Book: book/src/ch04-memory/mark-sweep.md

use crate::heap::{Colour, Heap};

impl Heap {
    /// Kata `mark::mark` — colour every object reachable from the roots black.
    ///
    /// **Task.** Starting from an all-white heap, make every object reachable
    /// from `self.roots` (in any space, following references in any space)
    /// black, and leave every other object white. Return how many objects were
    /// marked. The remembered set is not a root here: a full collection
    /// judges old objects too.
    /// **Node does.** V8's `MarkCompactCollector::MarkLiveObjects` (marking is
    /// concurrent in Node 20; the result is the same set).
    /// **Book.** book/src/ch04-memory/mark-sweep.md#mark
    /// **Check.** `cargo xtask check chapter-4 mark::mark`
    // ANCHOR: mark
    pub fn mark(&mut self) -> usize {
        // ANCHOR: solution
        // An explicit work list, not recursion: a long linked list would
        // overflow the stack, which is why real markers use a deque too.
        let mut grey = Vec::new();
        for &root in &self.roots {
            grey.push(root);
        }
        let mut marked = 0;
        while let Some(addr) = grey.pop() {
            let Some(object) = self.object_mut(addr) else {
                continue;
            };
            if object.colour == Colour::Black {
                continue;
            }
            object.colour = Colour::Black;
            marked += 1;
            grey.extend(object.refs.iter().copied());
        }
        marked
        // ANCHOR_END: solution
    }
    // ANCHOR_END: mark
}
