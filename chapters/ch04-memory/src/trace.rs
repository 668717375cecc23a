//! The GC trace (垃圾回收日志): one `--trace-gc`-shaped line per collection.
//!
//! `node --trace-gc app.js` prints a line for every collection:
//!
//! ```text
//! [13927:0x220c4d80]  31 ms: Scavenge 4.0 (5.0) -> 3.9 (6.0) MB, 0.64 / 0.00 ms  (average mu = 1.000, current mu = 1.000) allocation failure;
//! ```
//!
//! process and isolate, milliseconds since start, the collector, heap used
//! (committed) before and after, the pause, the mutator utilisation, and the
//! reason. Our line keeps the same fields in the same order, with what a toy
//! can say deterministically in place of clock readings: a collection number
//! for the timestamp, kilobytes (our heaps are tiny), and the collector's work
//! (objects copied / promoted, or marked / freed) for the pause.
//! Book: book/src/ch04-memory/trace.md

use crate::heap::{GcEvent, GcKind};

/// The collector's name as `--trace-gc` prints it.
pub fn kind_name(kind: GcKind) -> &'static str {
    match kind {
        GcKind::Scavenge => "Scavenge",
        GcKind::MarkSweep => "Mark-Sweep",
        GcKind::MarkCompact => "Mark-Compact",
    }
}

/// Kata `trace::line` — render one collection as a `--trace-gc`-shaped line.
///
/// **Task.** Produce, for example,
/// `[toy]  #3: Scavenge 12.0 (32.0) -> 4.5 (32.0) KB,`
/// `5 copied / 2 promoted  allocation failure;` (one line)
/// — the event number; [`kind_name`]; used and committed before and after in
/// KB (bytes / 1024) with one decimal; then `copied / promoted` for a
/// scavenge or `marked / freed` for a full collection; two spaces, the
/// reason, and a `;`.
/// **Node does.** V8's `Heap::PrintShortHeapStatistics` / `GCTracer::Print`;
/// the book shows real Node 20's line beside ours.
/// **Book.** book/src/ch04-memory/trace.md#line
/// **Check.** `cargo xtask check chapter-4 trace::line`
// ANCHOR: line
pub fn line(event: &GcEvent) -> String {
    todo!("kata trace::line")
}
// ANCHOR_END: line
