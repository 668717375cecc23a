//! Chapter 4 katas: one test binary, one module per source file, in book order.
//!
//! A test's path starts with its kata's name (`scavenge::evacuate::…`), which
//! is how `cargo xtask check chapter-4 scavenge::evacuate` finds it. The same
//! file is compiled against the learner's crate (`chapters/ch04-memory`) and
//! against the reference solution (`solutions/ch04-memory`).
//!
//! The binary installs the counting allocator as its global allocator, so the
//! leak and streaming tests can count live allocations on their own thread.

// A learner's `cargo xtask check` compiles only the tests of katas begun and
// the first not begun: each kata's module is behind `#[cfg(not(kata_skip =
// "module::item"))]`. What only the others use is then unused, no fault of theirs.
#![cfg_attr(kata_skip, allow(unused))]

mod alloc;
mod barrier;
mod compact;
mod copy;
mod cycle;
mod full;
mod incremental;
mod listeners;
mod lru;
mod mark;
mod metrics;
mod promotion;
mod queue;
mod scavenge;
mod sweep;
mod trace;

use std::collections::BTreeSet;

use ch04_memory::heap::{Addr, Heap};

/// Every allocation in this test binary goes through the counter.
#[global_allocator]
static ALLOCATOR: counting_alloc::Counting = counting_alloc::Counting;

/// The chapter's folder name, for snapshots and files.
pub const CHAPTER: &str = "ch04-memory";

/// A small deterministic generator (xorshift64*), so generated cases are the same on every run.
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed` (0 is replaced).
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    /// The next raw value.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A value in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// The address of the object named `name`, or a panic naming it.
#[track_caller]
pub fn at(heap: &Heap, name: &str) -> Addr {
    heap.find(name)
        .unwrap_or_else(|| panic!("no live object named {name:?}"))
}

/// The names `name`'s object refers to, in slot order.
#[track_caller]
pub fn refs_of(heap: &Heap, name: &str) -> Vec<String> {
    let object = heap.object(at(heap, name)).expect("an object");
    object
        .refs
        .iter()
        .map(|&r| {
            heap.object(r)
                .map(|o| o.name.clone())
                .unwrap_or_else(|| format!("<dangling {r:?}>"))
        })
        .collect()
}

/// The names reachable from the roots, computed independently of the katas.
pub fn reachable(heap: &Heap) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut names = BTreeSet::new();
    let mut todo: Vec<Addr> = heap.roots.clone();
    while let Some(addr) = todo.pop() {
        if !seen.insert(addr) {
            continue;
        }
        if let Some(object) = heap.object(addr) {
            names.insert(object.name.clone());
            todo.extend(object.refs.iter().copied());
        }
    }
    names
}

/// Every live object's name, all spaces together.
pub fn all_names(heap: &Heap) -> BTreeSet<String> {
    let live = heap.live();
    live.new
        .into_iter()
        .chain(live.old)
        .chain(live.large)
        .collect()
}

/// What `tests/oracle/<script>` printed on real Node 20, from `recordings/ch04-memory/`.
///
/// The case is named after the script; its input is the script's text, so
/// editing the script makes the recording stale. `KATA_ORACLE=live` runs Node
/// 20 again (three runs, which must agree with the recording).
pub fn node20(script: &str) -> Vec<String> {
    use kata_support::oracle::{self, NodeVersion};
    let path = kata_support::chapter_file(CHAPTER, &format!("tests/oracle/{script}"));
    let input = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let case = script.trim_end_matches(".js");
    let observed =
        oracle::recorded(CHAPTER, case, NodeVersion::V20, &input, 3, |node| {
            oracle::run_once(node, &path)
        });
    assert!(
        !observed.is_racy(),
        "{script} printed different things:\n{observed}"
    );
    let (outcome, _) = observed.outcomes.into_iter().next().expect("one outcome");
    assert!(outcome.success, "{script} failed on Node 20");
    outcome.lines
}

/// Live allocations and peak bytes of the calling thread, from the counting allocator.
///
/// Each kata test body runs on its own thread (`bounded`), so these counts see
/// only the code under test, whatever other tests do at the same time.
pub fn thread_counts() -> counting_alloc::Counts {
    assert!(
        counting_alloc::installed(),
        "the counting allocator is not installed"
    );
    counting_alloc::thread()
}

/// Names as owned strings, for comparing with `Live` lists.
pub fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}
