//! A counting global allocator: how many allocations and bytes are live, now and at the peak.
//!
//! Node reports `heapUsed` from V8's own bookkeeping; a Rust program has no
//! collector to ask, so chapter 4 wraps the system allocator and counts.
//! Two sets of counters are kept:
//!
//! - **process-wide** atomics, which `memory_usage()` reports (every thread);
//! - **per-thread** counters, which the leak tests read, because a test binary
//!   runs many tests on many threads at once and only the measured thread's
//!   allocations say anything about the code under test.
//!
//! Memory freed on another thread than the one that allocated it moves the
//! per-thread figures of both threads; the tests measure single-threaded code.
//! Install it in a binary with
//! `#[global_allocator] static A: counting_alloc::Counting = counting_alloc::Counting;`.
//! Book: book/src/ch04-memory/metrics.md

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};

/// The allocator: the system allocator plus counters. Zero-sized; install it as a static.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counting;

static INSTALLED: AtomicBool = AtomicBool::new(false);
static LIVE_BLOCKS: AtomicI64 = AtomicI64::new(0);
static LIVE_BYTES: AtomicI64 = AtomicI64::new(0);
static PEAK_BYTES: AtomicI64 = AtomicI64::new(0);
static TOTAL_BLOCKS: AtomicI64 = AtomicI64::new(0);

thread_local! {
    // `const` thread-locals without a destructor never allocate on first use,
    // which is what makes them safe to touch from inside the allocator.
    static THREAD_BLOCKS: Cell<i64> = const { Cell::new(0) };
    static THREAD_BYTES: Cell<i64> = const { Cell::new(0) };
    static THREAD_PEAK: Cell<i64> = const { Cell::new(0) };
}

fn record(blocks: i64, bytes: i64) {
    INSTALLED.store(true, Ordering::Relaxed);
    LIVE_BLOCKS.fetch_add(blocks, Ordering::Relaxed);
    let live = LIVE_BYTES.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK_BYTES.fetch_max(live, Ordering::Relaxed);
    if blocks > 0 {
        TOTAL_BLOCKS.fetch_add(blocks, Ordering::Relaxed);
    }
    // `try_with`: during thread teardown the locals may be gone; skip them then.
    let _ = THREAD_BLOCKS.try_with(|c| c.set(c.get() + blocks));
    let _ = THREAD_BYTES.try_with(|c| {
        let now = c.get() + bytes;
        c.set(now);
        let _ = THREAD_PEAK.try_with(|p| p.set(p.get().max(now)));
    });
}

// The only unsafe code in the workspace: `GlobalAlloc` is an unsafe trait.
// Every method forwards to `System` unchanged and only adds counting.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is; the caller upholds `alloc`'s contract.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            record(1, layout.size() as i64);
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            record(1, layout.size() as i64);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded as is; `ptr` came from this allocator.
        unsafe { System.dealloc(ptr, layout) };
        record(-1, -(layout.size() as i64));
    }

    unsafe fn realloc(
        &self,
        ptr: *mut u8,
        layout: Layout,
        new_size: usize,
    ) -> *mut u8 {
        // SAFETY: forwarded as is.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            record(0, new_size as i64 - layout.size() as i64);
        }
        new
    }
}

/// A snapshot of the counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// Allocations made and not yet freed.
    pub live_blocks: i64,
    /// Bytes in those allocations.
    pub live_bytes: i64,
    /// The most bytes that were live at once since the last [`reset_peak`]/[`reset_thread_peak`].
    pub peak_bytes: i64,
}

/// True once the allocator has seen an allocation, i.e. it is the global allocator.
pub fn installed() -> bool {
    INSTALLED.load(Ordering::Relaxed)
}

/// The whole process's counters.
pub fn process() -> Counts {
    Counts {
        live_blocks: LIVE_BLOCKS.load(Ordering::Relaxed),
        live_bytes: LIVE_BYTES.load(Ordering::Relaxed),
        peak_bytes: PEAK_BYTES.load(Ordering::Relaxed),
    }
}

/// Allocations ever made by the process (never decreases).
pub fn total_allocations() -> i64 {
    TOTAL_BLOCKS.load(Ordering::Relaxed)
}

/// The calling thread's counters (allocations minus frees made on this thread).
pub fn thread() -> Counts {
    Counts {
        live_blocks: THREAD_BLOCKS.with(Cell::get),
        live_bytes: THREAD_BYTES.with(Cell::get),
        peak_bytes: THREAD_PEAK.with(Cell::get),
    }
}

/// Starts a new process-wide peak from the bytes live now.
pub fn reset_peak() {
    PEAK_BYTES.store(LIVE_BYTES.load(Ordering::Relaxed), Ordering::Relaxed);
}

/// Starts a new peak for the calling thread from its bytes live now.
pub fn reset_thread_peak() {
    let now = THREAD_BYTES.with(Cell::get);
    THREAD_PEAK.with(|p| p.set(now));
}
