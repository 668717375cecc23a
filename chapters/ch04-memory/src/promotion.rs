//! Promotion (晋升): when a young object moves to old space.
//!
//! An object that lived through one scavenge has probably stopped being
//! young: copying it back and forth between the semispaces again would waste
//! time, so V8 moves it to old space at the next scavenge it survives. And
//! when To-space would pass 25 % full, V8 promotes even first-time survivors,
//! so that the semispace keeps room for the allocations that come next.
//! Both rules are read from the heap's [`Policy`] so tests can change them.
//! Book: book/src/ch04-memory/promotion.md

use crate::heap::{Object, Policy};

/// Kata `promotion::should_promote` — does a scavenge copy `object` to old space?
///
/// **Task.** Answer whether the scavenge that is evacuating `object` promotes
/// it, given To-space's bytes in use so far (`to_used` of `to_capacity`).
/// Two rules, either one suffices: the object has already survived
/// `policy.promote_after` scavenges, or copying it into To-space would make
/// To-space more than `policy.to_space_percent` % full.
/// **Node does.** V8's `Scavenger` checks `ShouldBePromoted` (the object is
/// below the age mark) and promotes when To-space is over 25 %; see the book.
/// **Book.** book/src/ch04-memory/promotion.md#should-promote
/// **Check.** `cargo xtask check chapter-4 promotion::should_promote`
// ANCHOR: should_promote
pub fn should_promote(
    policy: &Policy,
    object: &Object,
    to_used: usize,
    to_capacity: usize,
) -> bool {
    todo!("kata promotion::should_promote")
}
// ANCHOR_END: should_promote
