//! The write barrier (写屏障) and the remembered
//! set: old objects pointing at young ones.
//!
//! A scavenge looks only at new space, yet an old object may hold the only
//! reference to a young one. Scanning all of old space to find such
//! references would cost what the scavenge saves, so V8 records them as they
//! are made: every store of a reference goes through a few extra
//! instructions, the write barrier, which notes an old → new store in the
//! remembered set. The scavenge treats recorded objects as roots.
//!
//! The price is precision: a recorded old object keeps its young target alive
//! even when nothing reaches the old object any more, until a full collection
//! finds both dead (floating garbage, 浮动垃圾).
//! Book: book/src/ch04-memory/barrier.md

use crate::heap::{Addr, Heap};

impl Heap {
    /// Kata `barrier::write_ref` — store a reference, through the write barrier.
    ///
    /// **Task.** Store `from → to` (as [`Heap::link`] does) and return whether
    /// `from` held an object. When the store makes an old or large object
    /// point into new space, add `from` to the remembered set. While
    /// incremental marking is under way (`self.marking` is `Some`), also call
    /// [`Heap::marking_barrier`] for the new edge.
    /// **Node does.** V8's generational barrier (`WriteBarrier::GenerationalBarrier`)
    /// records the slot in the page's `OLD_TO_NEW` remembered set.
    /// **Book.** book/src/ch04-memory/barrier.md#write-ref
    /// **Check.** `cargo xtask check chapter-4 barrier::write_ref`
    // ANCHOR: write_ref
    pub fn write_ref(&mut self, from: Addr, to: Addr) -> bool {
        todo!("kata barrier::write_ref")
    }
    // ANCHOR_END: write_ref
}
