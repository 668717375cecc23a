//! The full collection (全堆回收): mark, then sweep or compact old space.
//!
//! V8 collects the whole heap when old space reaches its limit: it marks from
//! the roots, frees dead young and large objects, and then chooses, for old
//! space, between sweeping (fast, leaves holes) and compacting (slower, no
//! holes). The choice is a threshold on fragmentation: the share of old
//! space's committed bytes that sweeping would leave free.
//! Book: book/src/ch04-memory/mark-sweep.md

use crate::heap::{Colour, GcEvent, GcKind, Heap};

impl Heap {
    /// Kata `full::collect` — one full collection, sweeping or compacting old space.
    ///
    /// **Task.** Mark ([`Heap::mark`]). Work out which share of old space's
    /// committed bytes would be free after a sweep (holes left by an earlier
    /// sweep included); when that is more than
    /// `policy.compact_percent` %, compact, else sweep. Then free the dead
    /// young and large objects ([`Heap::sweep_young_and_large`]), paint
    /// everything white again, rebuild the remembered set, and set
    /// `old_limit` to the larger of `policy.old_limit` and twice the old
    /// bytes still used. Return the event (not recorded): kind `MarkSweep`
    /// or `MarkCompact`, `work` = marked, `moved` = freed in all spaces.
    /// **Node does.** V8's `Heap::CollectGarbage(OLD_SPACE)`; the limit grows
    /// with the live size after each full GC (`Heap::RecomputeLimits`).
    /// **Book.** book/src/ch04-memory/mark-sweep.md#collect
    /// **Check.** `cargo xtask check chapter-4 full::collect`
    // ANCHOR: collect
    pub fn collect(&mut self, reason: &str) -> GcEvent {
        todo!("kata full::collect")
    }
    // ANCHOR_END: collect
}

/// Old space's committed bytes that hold no object, as a percentage (0 when empty).
pub fn fragmentation_percent(heap: &Heap) -> usize {
    let committed = heap.old.committed();
    if committed == 0 {
        return 0;
    }
    (committed - heap.old.used()) * 100 / committed
}
