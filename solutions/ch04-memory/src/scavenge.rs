//! Scavenge (新生代回收): Cheney's copying collector over two semispaces.
//!
//! New space is two halves of equal size. Objects are allocated in From; when
//! it fills, the scavenge copies every object reachable from the roots (and
//! from the remembered set) into To, breadth first, then the halves swap roles
//! and everything left behind in the old From is garbage, freed in one go.
//! Cost is proportional to the *live* objects, which is why it suits a space
//! where most objects die young.
//!
//! Copying moves objects, so every copied object leaves a forwarding address
//! in its old cell: a second reference to it finds the copy instead of making
//! another one. The scan pointer walks To-space left to right; everything left
//! of it has had its references fixed, everything right of it still points
//! into From. When the scan pointer meets the allocation pointer, done.
//! Book: book/src/ch04-memory/scavenge.md

use crate::heap::{Addr, Cell, GcEvent, GcKind, Heap};
use crate::promotion::should_promote;

/// The work list of one scavenge, shared by [`Heap::evacuate`] calls.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Evacuation {
    /// Objects promoted to old space whose references still need scanning
    /// (Cheney's scan pointer only walks To-space, so they need a list).
    pub promoted_queue: Vec<Addr>,
    /// How many objects were copied within new space.
    pub copied: usize,
    /// How many objects were promoted.
    pub promoted: usize,
}

impl Heap {
    /// Kata `scavenge::evacuate` — move one young object out of From-space.
    ///
    /// **Task.** Given an address, return where that object lives after the
    /// scavenge. Addresses outside new space are returned unchanged. A From
    /// cell that already holds a forwarding address answers with it. Otherwise
    /// the object leaves From: to old space when [`should_promote`] says so
    /// (queue it in `work.promoted_queue`), else to the end of To-space with
    /// one more survival counted; its From cell becomes `Cell::Forwarded`.
    /// Count the move in `work`. Do not scan the object's references here.
    /// **Node does.** V8's `Scavenger::EvacuateObject` / `MigrateObject`; the book's
    /// scavenge drawing.
    /// **Book.** book/src/ch04-memory/scavenge.md#evacuate
    /// **Check.** `cargo xtask check chapter-4 scavenge::evacuate`
    // ANCHOR: evacuate
    pub fn evacuate(&mut self, addr: Addr, work: &mut Evacuation) -> Addr {
        // ANCHOR: solution
        let Addr::New(index) = addr else {
            return addr;
        };
        // Take the object out, leaving a placeholder we overwrite below.
        let cell = &mut self.from.cells[index];
        let object = match std::mem::replace(cell, Cell::Forwarded(addr)) {
            // Already copied: a second path to the same object finds the copy.
            Cell::Forwarded(to) => {
                self.from.cells[index] = Cell::Forwarded(to);
                return to;
            }
            Cell::Live(object) => object,
        };
        let (used, capacity) = (self.to.used, self.to.capacity);
        let promote = should_promote(&self.policy, &object, used, capacity);
        let new_addr = if promote {
            let to = Addr::Old(self.old.allocate(object));
            work.promoted_queue.push(to);
            work.promoted += 1;
            to
        } else {
            let mut object = object;
            object.survived += 1;
            work.copied += 1;
            Addr::New(self.to.push(object))
        };
        self.from.cells[index] = Cell::Forwarded(new_addr);
        new_addr
        // ANCHOR_END: solution
    }
    // ANCHOR_END: evacuate

    /// Kata `scavenge::scavenge` — collect new space with Cheney's algorithm.
    ///
    /// **Task.** Evacuate what the roots point to, and every new-space
    /// reference held by an object in the remembered set (rewrite each
    /// reference to the returned address). Then scan: walk To-space from its
    /// first cell with a scan index, and the promoted queue, evacuating every
    /// new-space reference found in the scanned objects, until both are done.
    /// Finally flip (To becomes From; the new To is empty, same capacity),
    /// call [`Heap::rebuild_remembered`], and return the event (not recorded):
    /// kind `Scavenge`, figures before and after, `work` = copied,
    /// `moved` = promoted, `reason` as given.
    /// **Node does.** V8's `ScavengerCollector::CollectGarbage`; `--trace-gc`
    /// prints one `Scavenge` line per run.
    /// **Book.** book/src/ch04-memory/scavenge.md#scavenge
    /// **Check.** `cargo xtask check chapter-4 scavenge::scavenge`
    // ANCHOR: scavenge
    pub fn scavenge(&mut self, reason: &str) -> GcEvent {
        // ANCHOR: solution
        let before = self.figures();
        let mut work = Evacuation::default();
        // Roots first: each root slot is rewritten with the survivor's address.
        for i in 0..self.roots.len() {
            self.roots[i] = self.evacuate(self.roots[i], &mut work);
        }
        // The remembered set stands in for scanning all of old space: only
        // these old objects can point into new space.
        for holder in self.remembered.clone() {
            self.scan_object(holder, &mut work);
        }
        // Cheney's loop: the scan pointer chases the allocation pointer
        // (`to.cells.len()`); promoted objects are scanned from their queue.
        let mut scan = 0;
        loop {
            if scan < self.to.cells.len() {
                // Objects in To are addressed as `New` only after the flip, so
                // scan them in place here.
                let refs = match &self.to.cells[scan] {
                    Cell::Live(object) => object.refs.clone(),
                    Cell::Forwarded(_) => Vec::new(),
                };
                let fixed: Vec<Addr> = refs
                    .into_iter()
                    .map(|r| self.evacuate(r, &mut work))
                    .collect();
                if let Cell::Live(object) = &mut self.to.cells[scan] {
                    object.refs = fixed;
                }
                scan += 1;
            } else if let Some(promoted) = work.promoted_queue.pop() {
                self.scan_object(promoted, &mut work);
            } else {
                break;
            }
        }
        // Flip: the survivors' space becomes From; the old From is garbage.
        let capacity = self.from.capacity;
        self.from = std::mem::replace(
            &mut self.to,
            crate::heap::Semispace::with_capacity(capacity),
        );
        self.rebuild_remembered();
        GcEvent {
            number: 0,
            kind: GcKind::Scavenge,
            before,
            after: self.figures(),
            work: work.copied,
            moved: work.promoted,
            reason: reason.to_owned(),
        }
        // ANCHOR_END: solution
    }
    // ANCHOR_END: scavenge

    // ANCHOR: solution_only
    /// Evacuates every reference of the old or large object at `holder` and
    /// writes the new addresses back.
    fn scan_object(&mut self, holder: Addr, work: &mut Evacuation) {
        let Some(refs) = self.object(holder).map(|o| o.refs.clone()) else {
            return;
        };
        let fixed: Vec<Addr> =
            refs.into_iter().map(|r| self.evacuate(r, work)).collect();
        if let Some(object) = self.object_mut(holder) {
            object.refs = fixed;
        }
    }
    // ANCHOR_END: solution_only
}
