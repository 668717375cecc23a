//! Mark-compact (标记整理): sliding the survivors together.
//!
//! When sweeping would leave too much of old space in holes, V8 moves live
//! objects instead, so that the free memory is one block at the end. Moving
//! an object changes its address, so every reference to it (from any space,
//! from the roots, from the remembered set) must be rewritten: compaction
//! costs time in proportion to the live data, which is why V8 does it only
//! where fragmentation pays for it.
//! Book: book/src/ch04-memory/mark-sweep.md

use crate::heap::{Addr, Block, Colour, Heap};

impl Heap {
    /// Kata `compact::compact` — slide old space's marked objects to the front.
    ///
    /// **Task.** After [`Heap::mark`], rebuild old space as the marked objects
    /// only, in their original order, each in a block of exactly its size (so
    /// no free block remains); drop the white ones. Then rewrite every
    /// reference to a moved object with [`Heap::update_references`] and
    /// return how many objects were freed (a block already free frees nothing).
    /// **Node does.** V8's `MarkCompactCollector` evacuates fragmented pages
    /// and updates pointers (`UpdatePointersAfterEvacuation`).
    /// **Book.** book/src/ch04-memory/mark-sweep.md#compact
    /// **Check.** `cargo xtask check chapter-4 compact::compact`
    // ANCHOR: compact
    pub fn compact(&mut self) -> usize {
        todo!("kata compact::compact")
    }
    // ANCHOR_END: compact
}
