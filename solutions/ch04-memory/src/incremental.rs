//! Incremental marking (增量标记): marking in small steps between the program's work.
//!
//! Marking a big old space in one go stops the program for as long as it
//! takes. V8 instead marks a little at a time, interleaved with JavaScript
//! (and, since Orinoco, on helper threads at the same time). The danger: the
//! program keeps changing references while the marker works. If it stores a
//! reference to a white object into a black one (already scanned, never
//! looked at again) and drops every other path to it, the white object is
//! freed while reachable. The tri-colour invariant forbids that edge: no
//! black object points to a white one. The marking write barrier keeps it by
//! shading the white target grey at the moment of the store.
//! Book: book/src/ch04-memory/incremental.md

use crate::heap::{Addr, Colour, GcEvent, GcKind, Heap};

impl Heap {
    /// Starts incremental marking: everything white, the roots grey on the work list.
    pub fn start_marking(&mut self) {
        self.whiten_all();
        let roots = self.roots.clone();
        for &root in &roots {
            if let Some(object) = self.object_mut(root) {
                object.colour = Colour::Grey;
            }
        }
        self.marking = Some(roots);
    }

    /// Kata `incremental::step` — do at most `budget` objects' worth of marking.
    ///
    /// **Task.** Take grey objects from the work list (`self.marking`), at
    /// most `budget` of them; blacken each and shade each of its white
    /// targets grey (pushing it on the list). Entries that are no longer grey
    /// are skipped without using budget. Return true when the list is empty
    /// (marking is complete), false otherwise; with no marking under way,
    /// return true.
    /// **Node does.** V8's `IncrementalMarking::Step`, run on allocation and
    /// from tasks, with a byte budget instead of an object count.
    /// **Book.** book/src/ch04-memory/incremental.md#step
    /// **Check.** `cargo xtask check chapter-4 incremental::step`
    // ANCHOR: step
    pub fn step(&mut self, budget: usize) -> bool {
        // ANCHOR: solution
        let Some(mut grey) = self.marking.take() else {
            return true;
        };
        let mut done = 0;
        while done < budget {
            let Some(addr) = grey.pop() else { break };
            let refs = match self.object_mut(addr) {
                Some(object) if object.colour == Colour::Grey => {
                    object.colour = Colour::Black;
                    object.refs.clone()
                }
                // Already black (pushed twice) or gone: no work.
                _ => continue,
            };
            for target in refs {
                if let Some(t) = self.object_mut(target)
                    && t.colour == Colour::White
                {
                    t.colour = Colour::Grey;
                    grey.push(target);
                }
            }
            done += 1;
        }
        let finished = grey.is_empty();
        self.marking = Some(grey);
        finished
        // ANCHOR_END: solution
    }
    // ANCHOR_END: step

    /// Kata `incremental::marking_barrier` — keep the invariant on a store.
    ///
    /// **Task.** Called by [`Heap::write_ref`] after storing `from → to` while
    /// marking is under way: if `from` is black and `to` is white, shade `to`
    /// grey and put it on the work list. Nothing else changes.
    /// **Node does.** V8's marking barrier (`WriteBarrier::Marking` →
    /// `MarkingBarrier::Write`), a Dijkstra-style insertion barrier.
    /// **Book.** book/src/ch04-memory/incremental.md#marking-barrier
    /// **Check.** `cargo xtask check chapter-4 incremental::marking_barrier`
    // ANCHOR: marking_barrier
    pub fn marking_barrier(&mut self, from: Addr, to: Addr) {
        // ANCHOR: solution
        let black = |o: &crate::heap::Object| o.colour == Colour::Black;
        if !self.object(from).is_some_and(black) {
            // A white or grey holder will still be scanned; it will find `to`.
            return;
        }
        if let Some(target) = self.object_mut(to)
            && target.colour == Colour::White
        {
            target.colour = Colour::Grey;
            if let Some(grey) = &mut self.marking {
                grey.push(to);
            }
        }
        // ANCHOR_END: solution
    }
    // ANCHOR_END: marking_barrier

    /// Finishes incremental marking and sweeps: the roots are scanned again
    /// (the program may have new ones), the rest is marked, the white objects
    /// of every space are freed. Returns the event (not recorded).
    pub fn finish_marking(&mut self, reason: &str) -> GcEvent {
        let before = self.figures();
        let roots = self.roots.clone();
        for &root in &roots {
            if let Some(object) = self.object_mut(root)
                && object.colour == Colour::White
            {
                object.colour = Colour::Grey;
                if let Some(grey) = &mut self.marking {
                    grey.push(root);
                }
            }
        }
        self.step(usize::MAX);
        let marked = self
            .addrs()
            .into_iter()
            .filter(|&a| self.object(a).is_some_and(|o| o.colour == Colour::Black))
            .count();
        self.marking = None;
        let freed = self.sweep() + self.sweep_young_and_large();
        self.whiten_all();
        self.rebuild_remembered();
        GcEvent {
            number: 0,
            kind: GcKind::MarkSweep,
            before,
            after: self.figures(),
            work: marked,
            moved: freed,
            reason: reason.to_owned(),
        }
    }
}
