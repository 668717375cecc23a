//! Mark-sweep (标记清除): freeing the dead in place.
//!
//! After marking, the sweeper walks old space and turns every block whose
//! object stayed white into a free block. Nothing moves, so nothing has to be
//! updated, and sweeping is cheap (V8 does it concurrently, page by page).
//! The cost comes later: free blocks sit between live ones, a new object only
//! fits a hole that is big enough, and the space fragments.
//! Book: book/src/ch04-memory/mark-sweep.md

use crate::heap::{Colour, Heap};

impl Heap {
    /// Kata `sweep::sweep` — free old space's unmarked objects, leaving holes.
    ///
    /// **Task.** After [`Heap::mark`], empty every old-space block whose object
    /// is white (the block keeps its size and place, `object` becomes `None`)
    /// and return how many objects were freed (a block that was already free
    /// frees nothing). Leave other spaces and the
    /// colours of survivors alone.
    /// **Node does.** V8's `Sweeper` adds each dead range to the page's free list.
    /// **Book.** book/src/ch04-memory/mark-sweep.md#sweep
    /// **Check.** `cargo xtask check chapter-4 sweep::sweep`
    // ANCHOR: sweep
    pub fn sweep(&mut self) -> usize {
        todo!("kata sweep::sweep")
    }
    // ANCHOR_END: sweep
}
