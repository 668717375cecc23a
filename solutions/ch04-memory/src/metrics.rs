//! Memory metrics (内存指标): `process.memoryUsage()` and
//! `os.totalmem()`/`os.freemem()` for a Rust process.
//!
//! Node asks two sources. The operating system knows the resident set size
//! (`rss`: every page of the process in RAM — code, stacks, the JavaScript
//! heap, Buffers) and the machine's total and free memory; on Linux both come
//! from text files under `/proc`. V8 knows its own heap (`heapTotal`,
//! `heapUsed`). A Rust program has no V8 to ask, so the heap figures here come
//! from the counting global allocator (`counting-alloc`), which sees every
//! `Box`, `Vec` and `String` the process allocates.
//! Book: book/src/ch04-memory/metrics.md

use std::fmt;

/// Why a `/proc` file could not be read as expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetricsError {
    /// The field is not in the text (`VmRSS` missing from `/proc/self/status`).
    MissingField {
        /// The field's name, e.g. `"VmRSS"`.
        field: String,
    },
    /// The field is there but its value is not `<number> kB`.
    BadValue {
        /// The field's name.
        field: String,
        /// The text after the colon, trimmed.
        value: String,
    },
    /// The file could not be read (not Linux, or no `/proc`).
    Unreadable {
        /// The path.
        path: String,
        /// The I/O error, as text.
        reason: String,
    },
}

impl fmt::Display for MetricsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MetricsError::MissingField { field } => write!(f, "no {field} field"),
            MetricsError::BadValue { field, value } => {
                write!(f, "{field} is {value:?}, not a number of kB")
            }
            MetricsError::Unreadable { path, reason } => {
                write!(f, "cannot read {path}: {reason}")
            }
        }
    }
}

impl std::error::Error for MetricsError {}

/// Kata `metrics::field_kb` — one `Name:   1234 kB` line of a `/proc` file.
///
/// **Task.** Find the line whose name (the text before the first `:`) is
/// exactly `field` and return its value in bytes (the files count in kB, i.e.
/// 1024 bytes). A missing field is `MissingField`; a value that is not a
/// whole number followed by `kB` is `BadValue`.
/// **Node does.** libuv's `uv_resident_set_memory` reads `/proc/self/stat`;
/// `uv_get_total_memory` and `uv_get_free_memory` (behind `os.totalmem()` and
/// `os.freemem()`) read `/proc/meminfo`, both text. See proc(5) and the
/// book's metrics page.
/// **Book.** book/src/ch04-memory/metrics.md#field-kb
/// **Check.** `cargo xtask check chapter-4 metrics::field_kb`
// ANCHOR: field_kb
pub fn field_kb(text: &str, field: &str) -> Result<u64, MetricsError> {
    // ANCHOR: solution
    for line in text.lines() {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        // `VmRSS` must not match `VmRSSx`, nor `MemFree` match `Free`.
        if name != field {
            continue;
        }
        let value = value.trim();
        let bad = || MetricsError::BadValue {
            field: field.to_owned(),
            value: value.to_owned(),
        };
        let number = value.strip_suffix("kB").ok_or_else(bad)?.trim_end();
        let kb: u64 = number.parse().map_err(|_| bad())?;
        return kb.checked_mul(1024).ok_or_else(bad);
    }
    Err(MetricsError::MissingField {
        field: field.to_owned(),
    })
    // ANCHOR_END: solution
}
// ANCHOR_END: field_kb

/// What `process.memoryUsage()` reports, for this process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryUsage {
    /// Resident set size in bytes (`VmRSS` of `/proc/self/status`).
    pub rss: u64,
    /// The most bytes the allocator held at once so far — the nearest thing to
    /// V8's `heapTotal` (memory the heap has taken and may still be holding).
    pub heap_total: u64,
    /// Bytes in live allocations now (`heapUsed`).
    pub heap_used: u64,
    /// Allocations live now; V8 has no such figure, but leaks show in it first.
    pub live_allocations: u64,
}

/// The machine's memory, as `os.totalmem()` and `os.freemem()` report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SystemMemory {
    /// `MemTotal`, in bytes.
    pub total: u64,
    /// `MemAvailable`, in bytes: what libuv (and so Node 20) calls free memory.
    pub free: u64,
}

fn read(path: &str) -> Result<String, MetricsError> {
    std::fs::read_to_string(path).map_err(|e| MetricsError::Unreadable {
        path: path.to_owned(),
        reason: e.to_string(),
    })
}

/// Kata `metrics::memory_usage` — this process's `process.memoryUsage()`.
///
/// **Task.** Read `rss` from `/proc/self/status` (`VmRSS`) with [`field_kb`];
/// the heap figures come from the counting allocator:
/// `counting_alloc::process()` (`live_bytes`, `peak_bytes`, `live_blocks`).
/// **Node does.** `process.memoryUsage()` in `lib/internal/process/per_thread.js`
/// calls `uv_resident_set_memory` and V8's `GetHeapStatistics`.
/// **Book.** book/src/ch04-memory/metrics.md#memory-usage
/// **Check.** `cargo xtask check chapter-4 metrics::memory_usage`
// ANCHOR: memory_usage
pub fn memory_usage() -> Result<MemoryUsage, MetricsError> {
    // ANCHOR: solution
    let rss = field_kb(&read("/proc/self/status")?, "VmRSS")?;
    let counts = counting_alloc::process();
    // The counters are signed (a free on one thread of memory allocated on
    // another moves them apart); process-wide they never go below zero.
    let clamp = |n: i64| u64::try_from(n).unwrap_or(0);
    Ok(MemoryUsage {
        rss,
        heap_total: clamp(counts.peak_bytes),
        heap_used: clamp(counts.live_bytes),
        live_allocations: clamp(counts.live_blocks),
    })
    // ANCHOR_END: solution
}
// ANCHOR_END: memory_usage

/// Kata `metrics::system_memory` — `os.totalmem()`, `os.freemem()` from meminfo.
///
/// **Task.** Given the text of `/proc/meminfo`, return `MemTotal` and, as
/// free memory, `MemAvailable` (the kernel's estimate of what can be
/// allocated without swapping); fall back to `MemFree` only when
/// `MemAvailable` is missing (kernels older than 3.14). A `MemAvailable`
/// that is there but malformed is an error, like any malformed field.
/// **Node does.** `os.freemem()` calls libuv's `uv_get_free_memory`, which
/// reads `MemAvailable` — not `MemFree`, which leaves out the page cache.
/// libuv has no error to return, so when it cannot read a number there
/// (missing or malformed) it falls back to `sysinfo`'s free RAM, the
/// `MemFree` figure; we report the malformed file instead.
/// **Book.** book/src/ch04-memory/metrics.md#system-memory
/// **Check.** `cargo xtask check chapter-4 metrics::system_memory`
// ANCHOR: system_memory
pub fn system_memory(meminfo: &str) -> Result<SystemMemory, MetricsError> {
    // ANCHOR: solution
    let total = field_kb(meminfo, "MemTotal")?;
    let free = match field_kb(meminfo, "MemAvailable") {
        Ok(bytes) => bytes,
        Err(MetricsError::MissingField { .. }) => field_kb(meminfo, "MemFree")?,
        Err(other) => return Err(other),
    };
    Ok(SystemMemory { total, free })
    // ANCHOR_END: solution
}
// ANCHOR_END: system_memory

/// `os.totalmem()`: the machine's memory in bytes.
pub fn totalmem() -> Result<u64, MetricsError> {
    Ok(system_memory(&read("/proc/meminfo")?)?.total)
}

/// `os.freemem()`: the memory available to new allocations, in bytes.
pub fn freemem() -> Result<u64, MetricsError> {
    Ok(system_memory(&read("/proc/meminfo")?)?.free)
}
