//! `usage`: the notes' memory loop in Rust — `memory_usage()` after each 20 MiB allocation.
//!
//! ```text
//! cargo run -q --release -p ch04-memory-solution --example usage
//! ```
//!
//! The original book's `useMem` keeps 20 MiB arrays in a list and prints
//! `process.memoryUsage()` after each; this does the same with `Vec<u8>`s and
//! prints `rss`, `heap_total`, `heap_used` in MiB, then `totalmem`/`freemem`.
//! Book: book/src/ch04-memory/metrics.md

use ch04_memory::metrics::{freemem, memory_usage, totalmem};

#[global_allocator]
static ALLOCATOR: counting_alloc::Counting = counting_alloc::Counting;

const MIB: f64 = 1024.0 * 1024.0;

fn show(label: &str) {
    match memory_usage() {
        Ok(u) => println!(
            "{label:<8} rss {:>6.1} MiB  heap_total {:>6.1} MiB  heap_used {:>6.1} MiB  allocations {}",
            u.rss as f64 / MIB,
            u.heap_total as f64 / MIB,
            u.heap_used as f64 / MIB,
            u.live_allocations
        ),
        Err(e) => println!("{label:<8} {e}"),
    }
}

fn main() {
    show("start");
    let mut total = Vec::new();
    for round in 1..=5 {
        // Filled, not just reserved: untouched pages would not count in rss.
        total.push(vec![round as u8; 20 << 20]);
        show(&format!("round {round}"));
    }
    drop(total);
    show("dropped");
    match (totalmem(), freemem()) {
        (Ok(t), Ok(f)) => println!(
            "totalmem {:.1} MiB  freemem {:.1} MiB",
            t as f64 / MIB,
            f as f64 / MIB
        ),
        (Err(e), _) | (_, Err(e)) => println!("{e}"),
    }
}
