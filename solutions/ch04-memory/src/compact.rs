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
        // ANCHOR: solution
        let blocks = std::mem::take(&mut self.old.blocks);
        // forward[i] = the new index of the object that was in block i.
        let mut forward = vec![usize::MAX; blocks.len()];
        let mut freed = 0;
        for (index, block) in blocks.into_iter().enumerate() {
            match block.object {
                Some(object) if object.colour != Colour::White => {
                    forward[index] = self.old.blocks.len();
                    self.old.blocks.push(Block {
                        size: object.size,
                        object: Some(object),
                    });
                }
                Some(_) => freed += 1,
                None => {}
            }
        }
        // One pass over every reference in the heap; only old addresses move.
        self.update_references(&|a| match a {
            // Only dead objects still point at a dead block; any address will do.
            Addr::Old(i) => Addr::Old(forward.get(i).copied().unwrap_or(i)),
            other => other,
        });
        freed
        // ANCHOR_END: solution
    }
    // ANCHOR_END: compact
}
