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
        // ANCHOR: solution
        let before = self.figures();
        self.whiten_all();
        let marked = self.mark();
        let committed = self.old.committed();
        let live: usize = self
            .old
            .blocks
            .iter()
            .filter_map(|b| b.object.as_ref())
            .filter(|o| o.colour == Colour::Black)
            .map(|o| o.size)
            .sum();
        // Free after a sweep = committed minus what survives; compare as
        // whole numbers so 50 % of 3 bytes does not round.
        let free_after_sweep = committed - live;
        let threshold = self.policy.compact_percent;
        let compacting = free_after_sweep * 100 > committed * threshold;
        let mut freed = if compacting {
            self.compact()
        } else {
            self.sweep()
        };
        freed += self.sweep_young_and_large();
        self.whiten_all();
        self.rebuild_remembered();
        self.old_limit = self.policy.old_limit.max(2 * self.old.used());
        GcEvent {
            number: 0,
            kind: if compacting {
                GcKind::MarkCompact
            } else {
                GcKind::MarkSweep
            },
            before,
            after: self.figures(),
            work: marked,
            moved: freed,
            reason: reason.to_owned(),
        }
        // ANCHOR_END: solution
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
