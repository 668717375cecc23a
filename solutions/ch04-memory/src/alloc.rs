//! Allocation (分配): where a new object goes,
//! and when allocating triggers a collection.
//!
//! V8 allocates by bumping a pointer in new space. When the bump would pass
//! the end of the semispace, the allocation fails and a scavenge runs first —
//! the "allocation failure" at the end of most `--trace-gc` lines. Objects too
//! big to copy go to the large-object space directly, and when old space has
//! grown past its limit V8 runs a full collection before going on.
//! Book: book/src/ch04-memory/heap.md

use crate::heap::{Addr, Heap};

impl Heap {
    /// Kata `alloc::allocate` — allocate an object of `size` bytes named `name`.
    ///
    /// **Task.** An object bigger than a semispace's capacity goes to the
    /// large-object space. Otherwise allocate in From-space; when it has no
    /// room, run a scavenge (reason `"allocation failure"`) and record it; if
    /// old space now uses more than `self.old_limit` bytes, run a full
    /// collection (reason `"old space limit"`) and record it too. Then
    /// allocate in From-space, or, if it still has no room, in old space.
    /// Return the object's address.
    /// **Node does.** V8's `Heap::AllocateRaw`: a failed new-space allocation
    /// triggers `CollectGarbage(NEW_SPACE, kAllocationFailure)`.
    /// **Book.** book/src/ch04-memory/heap.md#allocate
    /// **Check.** `cargo xtask check chapter-4 alloc::allocate`
    // ANCHOR: allocate
    pub fn allocate(&mut self, name: &str, size: usize) -> Addr {
        // ANCHOR: solution
        if size > self.from.capacity {
            // Copying a big object at every scavenge would cost more than it
            // saves; V8's threshold is `kMaxRegularHeapObjectSize`.
            return self.alloc_large(name, size);
        }
        if let Some(addr) = self.alloc_new(name, size) {
            return addr;
        }
        let event = self.scavenge("allocation failure");
        self.record(event);
        if self.old.used() > self.old_limit {
            let event = self.collect("old space limit");
            self.record(event);
        }
        match self.alloc_new(name, size) {
            Some(addr) => addr,
            // Everything in new space survived and no room is left: allocate
            // old (V8 would try harder, then pretenure or run out of memory).
            None => self.alloc_old(name, size),
        }
        // ANCHOR_END: solution
    }
    // ANCHOR_END: allocate
}
