//! Katas of `slab.rs`: the 8 KiB pool, at Node 10's and Node 20's exact offsets.

/// Real-Node scenarios shared by the slab katas' oracle tests: (name, steps, minimum script size).
pub const SCENARIOS: &[(&str, &str, usize)] = &[
    (
        "issue_example",
        r#"[{"alloc":"allocUnsafe","length":10},{"alloc":"from","u16":[104,233,108,108,111],"encoding":"utf8"},{"alloc":"alloc","length":100},{"alloc":"allocUnsafeSlow","length":100}]"#,
        0,
    ),
    (
        "fill_the_pool",
        r#"[{"alloc":"allocUnsafe","length":4000},{"alloc":"allocUnsafe","length":4000},{"alloc":"allocUnsafe","length":200},{"alloc":"allocUnsafe","length":1}]"#,
        0,
    ),
    (
        "half_pool_is_not_pooled",
        r#"[{"alloc":"allocUnsafe","length":4095},{"alloc":"allocUnsafe","length":4096},{"alloc":"allocUnsafe","length":0},{"alloc":"allocUnsafe","length":3}]"#,
        0,
    ),
    (
        "big_node10_script",
        r#"[{"alloc":"allocUnsafe","length":1},{"alloc":"allocUnsafe","length":4090}]"#,
        3747,
    ),
    (
        "script_over_4k",
        r#"[{"alloc":"allocUnsafe","length":1}]"#,
        5000,
    ),
    (
        "estimate_decides",
        r#"[{"alloc":"allocUnsafe","length":4000},{"alloc":"from","u16":[97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97,97],"encoding":"latin1"},{"alloc":"from","u16":[122,122],"encoding":"hex"},{"alloc":"from","u16":[81,85,74,68,61],"encoding":"base64"},{"alloc":"from","u16":[],"encoding":"utf8"}]"#,
        0,
    ),
];

/// Builds the big-string scenarios (too long to write out by hand).
pub fn generated_scenarios() -> Vec<(String, String)> {
    let repeat = |unit: u16, n: usize| vec![unit.to_string(); n].join(",");
    vec![
        (
            "from_sizes".to_owned(),
            format!(
                r#"[{{"alloc":"allocUnsafe","length":4095}},{{"alloc":"from","u16":[{}]}},{{"alloc":"from","u16":[{}]}},{{"alloc":"from","u16":[{}]}},{{"alloc":"from","u16":[{}]}}]"#,
                repeat(97, 1023),
                repeat(97, 1024),
                repeat(97, 4095),
                repeat(97, 4096)
            ),
        ),
        (
            "big_base64_estimate".to_owned(),
            format!(
                r#"[{{"alloc":"from","u16":[{}],"encoding":"base64"}},{{"alloc":"from","u16":[{}],"encoding":"hex"}},{{"alloc":"from","u16":[{}],"encoding":"utf8"}}]"#,
                [81, 85, 74, 68, 33, 33, 33, 33]
                    .repeat(1000)
                    .iter()
                    .map(u16::to_string)
                    .collect::<Vec<_>>()
                    .join(","),
                repeat(97, 6001),
                repeat(0xe9, 3000)
            ),
        ),
    ]
}

/// Runs every scenario on real `version` and through the model's `slab` op.
#[track_caller]
pub fn scenarios_agree(version: kata_support::oracle::NodeVersion) {
    let mut cases: Vec<(String, String, usize)> = SCENARIOS
        .iter()
        .map(|(n, s, m)| ((*n).to_owned(), (*s).to_owned(), *m))
        .collect();
    cases.extend(generated_scenarios().into_iter().map(|(n, s)| (n, s, 0)));
    for (name, steps, min_bytes) in cases {
        let (expected, size) =
            crate::katas::node_slab(&name, version, &steps, min_bytes);
        let request = format!(
            r#"{{"op":"slab","node":{},"main_script_bytes":{size},"steps":{steps}}}"#,
            version.major()
        );
        let actual =
            kata_support::bounded(move || ch05_buffer::protocol::answer(&request));
        pretty_assertions::assert_eq!(
            actual,
            expected,
            "scenario {name} ({size}-byte script) on {version}"
        );
    }
}

#[cfg(not(kata_skip = "slab::at_startup"))]
mod at_startup {
    use ch05_buffer::{NodeLine, SlabAllocator};
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    /// Measured with `Buffer.allocUnsafe(1).byteOffset` as a script's first line.
    fn first_free_offset(node: NodeLine, script: usize, offset: usize) {
        bounded(move || {
            let slab = SlabAllocator::at_startup(node, script);
            assert_eq!(
                named!(
                    pool_offset: slab.pool_offset,
                    pool_bytes: slab.pool.byte_length(),
                    wasted: slab.wasted,
                ),
                named!(pool_offset: offset, pool_bytes: 8192, wasted: 0)
            );
        });
    }
    cases!(first_free_offset {
        node20_small_script: (NodeLine::Node20, 355, 8),
        node20_big_script: (NodeLine::Node20, 9355, 8),
        node10_1087_bytes: (NodeLine::Node10, 1087, 1088),
        node10_3355_bytes: (NodeLine::Node10, 3355, 3360),
        node10_aligned: (NodeLine::Node10, 2048, 2048),
        node10_4095_bytes: (NodeLine::Node10, 4095, 4096),
        node10_4096_bytes: (NodeLine::Node10, 4096, 0),
        node10_stdin: (NodeLine::Node10, 0, 0),
    });
}

#[cfg(not(kata_skip = "slab::alloc_unsafe"))]
mod alloc_unsafe {
    use ch05_buffer::{NodeLine, SlabAllocator};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    /// Small buffers share the pool at 8-aligned offsets; a misfit starts a new pool and wastes the tail.
    #[test]
    fn carves_aligned_windows() {
        bounded(|| {
            let mut slab = SlabAllocator::new(NodeLine::Node20);
            let first_pool = slab.pool.clone();
            let a = slab.alloc_unsafe(10);
            let b = slab.alloc_unsafe(3);
            assert_eq!(
                named!(
                    a_byte_offset: a.byte_offset,
                    b_byte_offset: b.byte_offset,
                    pool_offset: slab.pool_offset,
                ),
                named!(a_byte_offset: 0, b_byte_offset: 16, pool_offset: 24)
            );
            assert!(
                a.memory.same_memory(&first_pool)
                    && b.memory.same_memory(&first_pool)
            );
            let big = slab.alloc_unsafe(4095);
            let misfit = slab.alloc_unsafe(4090);
            assert_eq!(
                named!(big_byte_offset: big.byte_offset, misfit_byte_offset: misfit.byte_offset),
                named!(big_byte_offset: 24, misfit_byte_offset: 0)
            );
            assert!(!misfit.memory.same_memory(&first_pool));
            assert_eq!(slab.wasted, 8192 - 4120);
            // The abandoned pool lives on through its buffers.
            assert_eq!(a.memory.byte_length(), 8192);
        });
    }

    /// Half a pool or more, and zero bytes, get memory of their own; the offset does not move.
    #[test]
    fn big_and_empty_are_alone() {
        bounded(|| {
            let mut slab = SlabAllocator::new(NodeLine::Node10);
            let big = slab.alloc_unsafe(4096);
            let empty = slab.alloc_unsafe(0);
            assert_eq!(
                named!(
                    big_memory_bytes: big.memory.byte_length(),
                    empty_memory_bytes: empty.memory.byte_length(),
                    pool_offset: slab.pool_offset,
                ),
                named!(big_memory_bytes: 4096, empty_memory_bytes: 0, pool_offset: 0)
            );
        });
    }
}

#[cfg(not(kata_skip = "slab::from_string"))]
mod from_string {
    use ch05_buffer::{NodeLine, SlabAllocator, js};
    use kata_support::bounded;
    use kata_support::oracle::NodeVersion;
    use pretty_assertions::assert_eq;

    /// Node 20 plans for 4 bytes a unit: 1023 'a's need a new pool when 4092 bytes are not free.
    #[test]
    fn node20_plans_four_bytes_a_unit() {
        bounded(|| {
            let mut slab = SlabAllocator::at_startup(NodeLine::Node20, 0);
            slab.alloc_unsafe(4095);
            let a1023 = slab.from_string(&vec![0x61; 1023], "utf8").expect("utf8");
            assert_eq!(
                named!(
                    a1023_byte_offset: a1023.byte_offset,
                    a1023_len: a1023.len(),
                    pool_offset: slab.pool_offset,
                ),
                named!(a1023_byte_offset: 0, a1023_len: 1023, pool_offset: 1024)
            );
            let a1024 = slab.from_string(&vec![0x61; 1024], "utf8").expect("utf8");
            assert_eq!(a1024.byte_offset, 1024);
        });
    }

    /// A string whose plan is exactly the room left stays in the pool: Node
    /// makes a new pool only when the plan is *more* than the room. On Node 20
    /// and 22, `Buffer.from('a'.repeat(1022))` after `Buffer.allocUnsafe(4095)`
    /// sits at byte 4104 of the same pool.
    #[test]
    fn an_exact_fit_stays_in_the_pool() {
        bounded(|| {
            let mut slab = SlabAllocator::at_startup(NodeLine::Node20, 0);
            let first = slab.alloc_unsafe(4095);
            let a1022 = slab.from_string(&vec![0x61; 1022], "utf8").expect("utf8");
            assert_eq!(
                named!(
                    a1022_byte_offset: a1022.byte_offset,
                    same_pool: a1022.memory.same_memory(&first.memory),
                    pool_offset: slab.pool_offset,
                ),
                named!(a1022_byte_offset: 4104, same_pool: true, pool_offset: 5128)
            );
        });
    }

    /// Node 10 plans with the exact byte length, so the same 1023 'a's still fit.
    #[test]
    fn node10_plans_exact_bytes() {
        bounded(|| {
            let mut slab = SlabAllocator::at_startup(NodeLine::Node10, 1087);
            slab.alloc_unsafe(4095);
            let a1023 = slab.from_string(&vec![0x61; 1023], "utf8").expect("utf8");
            assert_eq!(a1023.byte_offset, 5184);
        });
    }

    /// Bytes land in the pool; an estimate above the real size advances only by the real size.
    #[test]
    fn advances_by_actual_bytes() {
        bounded(|| {
            let mut slab = SlabAllocator::at_startup(NodeLine::Node20, 0);
            let b = slab.from_string(&js("QUJD="), "base64").expect("base64");
            assert_eq!(
                named!(
                    b_byte_offset: b.byte_offset,
                    b_bytes: b.to_vec(),
                    pool_offset: slab.pool_offset,
                ),
                named!(b_byte_offset: 8, b_bytes: b"ABC".to_vec(), pool_offset: 16)
            );
            let empty = slab.from_string(&js("zz"), "hex").expect("hex");
            assert!(empty.memory.same_memory(&b.memory));
            assert_eq!(
                named!(empty_byte_offset: empty.byte_offset, empty_len: empty.len()),
                named!(empty_byte_offset: 16, empty_len: 0)
            );
            assert!(slab.from_string(&[], "bogus").is_err());
        });
    }

    /// Node 20 keeps the estimate as the block size of a big unpooled string; Node 10 does not.
    #[test]
    fn big_strings_get_their_own_block() {
        bounded(|| {
            let junk: Vec<u16> = js("QUJD!!!!").repeat(1000);
            let mut node20 = SlabAllocator::at_startup(NodeLine::Node20, 0);
            let mut node10 = SlabAllocator::at_startup(NodeLine::Node10, 0);
            let b20 = node20.from_string(&junk, "base64").expect("base64");
            let b10 = node10.from_string(&junk, "base64").expect("base64");
            assert_eq!(
                named!(b20_len: b20.len(), b20_memory_bytes: b20.memory.byte_length()),
                named!(b20_len: 3000, b20_memory_bytes: 6000)
            );
            assert_eq!(
                named!(b10_len: b10.len(), b10_memory_bytes: b10.memory.byte_length()),
                named!(b10_len: 3000, b10_memory_bytes: 3000)
            );
        });
    }

    /// Every scenario (`allocUnsafe` and `Buffer.from` steps mixed), against real Node 20.
    #[test]
    fn agrees_with_node20() {
        super::scenarios_agree(NodeVersion::V20);
    }

    /// Every scenario, against real Node 10 (main script read into the first pool).
    #[test]
    fn agrees_with_node10() {
        super::scenarios_agree(NodeVersion::V10);
    }
}

#[cfg(not(kata_skip = "slab::state"))]
mod state {
    use ch05_buffer::{NodeLine, PoolState, SlabAllocator};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    /// Empty → partial → full, and a new pool starts empty again.
    #[test]
    fn three_states() {
        bounded(|| {
            let mut slab = SlabAllocator::new(NodeLine::Node20);
            assert_eq!(slab.state(), PoolState::Empty);
            slab.alloc_unsafe(4000);
            assert_eq!(slab.state(), PoolState::Partial);
            slab.alloc_unsafe(4000);
            slab.alloc_unsafe(192);
            assert_eq!(
                named!(state: slab.state(), pool_offset: slab.pool_offset),
                named!(state: PoolState::Full, pool_offset: 8192)
            );
            slab.create_pool();
            assert_eq!(slab.state(), PoolState::Empty);
        });
    }
}
