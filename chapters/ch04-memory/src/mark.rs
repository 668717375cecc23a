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
        todo!("kata mark::mark")
    }
    // ANCHOR_END: mark
}
