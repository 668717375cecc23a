//! Katas of `trace.rs`: the `--trace-gc`-shaped log, and the `heap` example's programs.

#[cfg(not(kata_skip = "trace::line"))]
mod line {
    use ch04_memory::heap::{Figures, GcEvent, GcKind};
    use ch04_memory::program::Runner;
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    use crate::katas::{CHAPTER, Rng};

    fn event(kind: GcKind, reason: &str) -> GcEvent {
        GcEvent {
            number: 3,
            kind,
            before: Figures {
                used: 12 * 1024,
                committed: 32 * 1024,
            },
            after: Figures {
                used: 4608,
                committed: 32 * 1024 + 100,
            },
            work: 5,
            moved: 2,
            reason: reason.to_owned(),
        }
    }

    /// The fields of Node 20's line, in its order, with the toy's deterministic values.
    fn formats_like_node(kind: GcKind, reason: &str, expected: &str) {
        let event = event(kind, reason);
        let got = bounded(move || ch04_memory::trace::line(&event));
        assert_eq!(got, expected);
    }
    cases!(formats_like_node {
        scavenge: (
            GcKind::Scavenge,
            "allocation failure",
            "[toy]  #3: Scavenge 12.0 (32.0) -> 4.5 (32.1) KB, 5 copied / 2 promoted  allocation failure;"
        ),
        mark_sweep: (
            GcKind::MarkSweep,
            "requested",
            "[toy]  #3: Mark-Sweep 12.0 (32.0) -> 4.5 (32.1) KB, 5 marked / 2 freed  requested;"
        ),
        mark_compact: (
            GcKind::MarkCompact,
            "old space limit",
            "[toy]  #3: Mark-Compact 12.0 (32.0) -> 4.5 (32.1) KB, 5 marked / 2 freed  old space limit;"
        ),
    });

    /// The notes' allocation loop (modelled on the book's `useMem`), 4 KiB semispaces:
    /// the whole log and the `live` lines, pinned.
    #[test]
    fn use_mem_program() {
        let program = std::fs::read_to_string(kata_support::chapter_file(
            CHAPTER,
            "tests/programs/use_mem.jsonl",
        ))
        .expect("reading tests/programs/use_mem.jsonl");
        let out = bounded(move || Runner::new(4096).run(&program));
        kata_support::snapshot_settings(CHAPTER).bind(|| {
            insta::assert_snapshot!("use_mem", out.join("\n"));
        });
    }

    /// Our line and real Node 20's (`tests/oracle/trace_gc.js`, recorded; numbers as `#`) share
    /// the fields up to the heap sizes: collector, used (committed) -> used (committed).
    #[test]
    fn same_fields_as_real_node20() {
        let node = crate::katas::node20("trace_gc.js");
        assert_eq!(node.len(), 2, "one scavenge, one full GC: {node:?}");
        let shape = |line: &str| {
            let mut out = String::new();
            let mut in_number = false;
            for c in line.chars() {
                let digit = c.is_ascii_digit() || (in_number && c == '.');
                if digit && !in_number {
                    out.push('#');
                }
                if !digit {
                    out.push(c);
                }
                in_number = digit;
            }
            out
        };
        for (kind, node_line) in [
            (GcKind::Scavenge, &node[0]),
            (GcKind::MarkCompact, &node[1]),
        ] {
            let ours =
                bounded(move || ch04_memory::trace::line(&event(kind, "testing")));
            let ours =
                shape(ours.split_once(": ").expect("a ': ' after the prefix").1);
            let sizes = |s: &str| {
                s.split(" MB")
                    .next()
                    .unwrap()
                    .split(" KB")
                    .next()
                    .unwrap()
                    .to_owned()
            };
            assert_eq!(sizes(&ours), sizes(node_line));
            assert!(node_line.contains(" testing;") && ours.ends_with(" testing;"));
        }
    }

    /// Bad lines get `{"error":"CODE","line":N}` and the program goes on: its
    /// next collection prints its line.
    #[test]
    fn bad_lines_are_reported_and_skipped() {
        let program = [
            r#"{"op":"alloc","id":"a","size":10}"#,
            "not json",
            r#"[1,2]"#,
            r#"{"op":"explode"}"#,
            r#"{"id":"a"}"#,
            r#"{"op":"alloc","id":"b"}"#,
            r#"{"op":"alloc","id":"b","size":-1}"#,
            r#"{"op":"alloc","id":"b","size":1.5}"#,
            r#"{"op":"alloc","id":"a","size":10}"#,
            r#"{"op":"ref","from":"a","to":"nobody"}"#,
            r#"{"op":"ref","from":"a"}"#,
            r#"{"op":"unref","from":"a","to":"a"}"#,
            r#"{"op":"unroot","id":"a"}"#,
            "",
            r#"{"op":"root","id":"a"}"#,
            r#"{"op":"scavenge"}"#,
            r#"{"op":"live"}"#,
        ]
        .join("\n");
        let out = bounded(move || Runner::new(1024).run(&program));
        assert_eq!(
            out,
            vec![
                r#"{"error":"BAD_JSON","line":2}"#,
                r#"{"error":"BAD_JSON","line":3}"#,
                r#"{"error":"UNKNOWN_OP","line":4}"#,
                r#"{"error":"UNKNOWN_OP","line":5}"#,
                r#"{"error":"BAD_FIELD","line":6}"#,
                r#"{"error":"BAD_SIZE","line":7}"#,
                r#"{"error":"BAD_SIZE","line":8}"#,
                r#"{"error":"DUPLICATE_ID","line":9}"#,
                r#"{"error":"UNKNOWN_ID","line":10}"#,
                r#"{"error":"BAD_FIELD","line":11}"#,
                r#"{"error":"NOT_FOUND","line":12}"#,
                r#"{"error":"NOT_FOUND","line":13}"#,
                "[toy]  #1: Scavenge 0.0 (2.0) -> 0.0 (2.0) KB, 1 copied / 0 promoted  requested;",
                r#"{"new":["a"],"old":[],"large":[]}"#,
            ]
        );
    }

    /// Once collected, an id is unknown; a collection prints its line before the error.
    #[test]
    fn collected_ids_are_unknown() {
        let program = [
            r#"{"op":"alloc","id":"gone","size":10}"#,
            r#"{"op":"scavenge"}"#,
            r#"{"op":"root","id":"gone"}"#,
            r#"{"op":"alloc","id":"gone","size":10}"#,
            r#"{"op":"live"}"#,
        ]
        .join("\n");
        let out = bounded(move || Runner::new(1024).run(&program));
        assert_eq!(
            out,
            vec![
                "[toy]  #1: Scavenge 0.0 (2.0) -> 0.0 (2.0) KB, 0 copied / 0 promoted  requested;",
                r#"{"error":"UNKNOWN_ID","line":3}"#,
                r#"{"new":["gone"],"old":[],"large":[]}"#,
            ]
        );
    }

    /// A random program line, often valid, sometimes not.
    fn random_line(rng: &mut Rng, ids: usize) -> String {
        let id = |rng: &mut Rng| format!("o{}", rng.below(ids));
        match rng.below(12) {
            0..=3 => format!(
                r#"{{"op":"alloc","id":"{}","size":{}}}"#,
                id(rng),
                [0, 8, 64, 300, 700, 1500, 5000][rng.below(7)]
            ),
            4..=5 => {
                format!(r#"{{"op":"ref","from":"{}","to":"{}"}}"#, id(rng), id(rng))
            }
            6 => format!(
                r#"{{"op":"unref","from":"{}","to":"{}"}}"#,
                id(rng),
                id(rng)
            ),
            7 => format!(r#"{{"op":"root","id":"{}"}}"#, id(rng)),
            8 => format!(r#"{{"op":"unroot","id":"{}"}}"#, id(rng)),
            9 => [
                r#"{"op":"scavenge"}"#,
                r#"{"op":"full"}"#,
                r#"{"op":"live"}"#,
            ][rng.below(3)]
            .to_owned(),
            10 => [
                "{",
                "null",
                r#"{"op":3}"#,
                r#"{"op":"alloc","id":7,"size":1}"#,
                "\u{0}",
            ][rng.below(5)]
            .to_owned(),
            _ => r#"{"op":"alloc","id":"x","size":99999999999999}"#.to_owned(),
        }
    }

    /// Random programs never panic, and after every collection the heap is sound: no
    /// dangling reference, everything reachable still there, the remembered set complete.
    #[test]
    fn random_programs_never_panic() {
        kata_support::bounded_for(std::time::Duration::from_secs(15), || {
            for seed in 1..=kata_support::property_cases(60) {
                let mut rng = Rng::new(seed);
                let mut runner = Runner::new(1024);
                for _ in 0..150 {
                    let line = random_line(&mut rng, 12);
                    let out = runner.line(&line);
                    for printed in &out {
                        assert!(
                            printed.starts_with("[toy]") || printed.starts_with('{'),
                            "seed {seed}: odd output {printed:?} for {line}"
                        );
                    }
                    let heap = &runner.heap;
                    for addr in heap.addrs() {
                        for r in &heap.object(addr).unwrap().refs {
                            assert!(
                                heap.object(*r).is_some(),
                                "seed {seed}: dangling {r:?} after {line}"
                            );
                            if !addr.is_new() && r.is_new() {
                                assert!(
                                    heap.remembered.contains(&addr),
                                    "seed {seed}: unremembered {addr:?}"
                                );
                            }
                        }
                    }
                    for r in &heap.roots {
                        assert!(
                            heap.object(*r).is_some(),
                            "seed {seed}: dangling root after {line}"
                        );
                    }
                }
            }
        });
    }
}
