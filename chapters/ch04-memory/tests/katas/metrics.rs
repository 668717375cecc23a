//! Katas of `metrics.rs`: `process.memoryUsage()` and the machine's memory, from /proc.

#[cfg(not(kata_skip = "metrics::field_kb"))]
mod field_kb {
    use ch04_memory::metrics::{MetricsError, field_kb};
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    const STATUS: &str = "Name:\tcargo\nVmPeak:\t  200000 kB\nVmRSS:\t   51234 kB\nVmRSSx:\t 1 kB\nThreads:\t4\n";

    /// Values in kB become bytes; the name must match exactly.
    fn reads_one_field(field: &str, expected: Result<u64, MetricsError>) {
        let field = field.to_owned();
        let got = bounded(move || field_kb(STATUS, &field));
        assert_eq!(got, expected);
    }
    cases!(reads_one_field {
        rss: ("VmRSS", Ok(51_234 * 1024)),
        first_line_fields_too: ("VmPeak", Ok(200_000 * 1024)),
        exact_name_only: ("VmRSSx", Ok(1024)),
        missing: (
            "VmHWM",
            Err(MetricsError::MissingField {
                field: "VmHWM".into()
            })
        ),
        no_unit: (
            "Threads",
            Err(MetricsError::BadValue {
                field: "Threads".into(),
                value: "4".into()
            })
        ),
        not_a_number: (
            "Name",
            Err(MetricsError::BadValue {
                field: "Name".into(),
                value: "cargo".into()
            })
        ),
    });

    /// A prefix of a name is not the name: `Mem` finds nothing in /proc/meminfo.
    #[test]
    fn a_prefix_is_not_a_match() {
        let got = bounded(|| field_kb("MemTotal: 10 kB\n", "Mem"));
        assert_eq!(
            got,
            Err(MetricsError::MissingField {
                field: "Mem".into()
            })
        );
    }
}

#[cfg(not(kata_skip = "metrics::system_memory"))]
mod system_memory {
    use ch04_memory::metrics::{MetricsError, SystemMemory, system_memory};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    /// Free memory is `MemAvailable`, as libuv reads it, not `MemFree`.
    #[test]
    fn free_is_mem_available() {
        let text = "MemTotal:       24683792 kB\nMemFree:        18358808 kB\nMemAvailable:   23490216 kB\n";
        let got = bounded(move || system_memory(text));
        assert_eq!(
            got,
            Ok(SystemMemory {
                total: 24_683_792 * 1024,
                free: 23_490_216 * 1024
            })
        );
    }

    /// Kernels before 3.14 have no `MemAvailable`: fall back to `MemFree`.
    #[test]
    fn old_kernels_fall_back_to_mem_free() {
        let got = bounded(|| system_memory("MemTotal: 100 kB\nMemFree: 40 kB\n"));
        assert_eq!(
            got,
            Ok(SystemMemory {
                total: 102_400,
                free: 40_960
            })
        );
    }

    /// Only a missing `MemAvailable` falls back: one that is there but malformed is an error naming it.
    #[test]
    fn a_malformed_mem_available_is_an_error() {
        let text = "MemTotal: 100 kB\nMemFree: 40 kB\nMemAvailable: lots\n";
        let got = bounded(move || system_memory(text));
        assert_eq!(
            got,
            Err(MetricsError::BadValue {
                field: "MemAvailable".into(),
                value: "lots".into()
            }),
            "meminfo {text:?}: MemAvailable is present, so MemFree is no stand-in for it"
        );
    }

    /// A file without `MemTotal` is an error naming it.
    #[test]
    fn total_is_required() {
        let got = bounded(|| system_memory("MemFree: 40 kB\n"));
        assert_eq!(
            got,
            Err(MetricsError::MissingField {
                field: "MemTotal".into()
            })
        );
    }

    /// Real Node 20 (`tests/oracle/os_memory.js`, recorded) reports `MemTotal` and
    /// `MemAvailable`; so do we, given a meminfo where all three fields differ.
    #[test]
    fn reads_what_real_node20_reads() {
        let lines = crate::katas::node20("os_memory.js");
        assert_eq!(
            lines,
            ["totalmem_reads MemTotal", "freemem_reads MemAvailable"]
        );
        let text = "MemTotal: 1000 kB\nMemFree: 100 kB\nMemAvailable: 600 kB\n";
        let ours = bounded(move || system_memory(text));
        assert_eq!(
            ours,
            Ok(SystemMemory {
                total: 1000 * 1024,
                free: 600 * 1024
            })
        );
    }
}

#[cfg(not(kata_skip = "metrics::memory_usage"))]
mod memory_usage {
    use ch04_memory::metrics::{field_kb, memory_usage};
    use kata_support::bounded;

    /// rss is the kernel's `VmRSS`; the heap figures are the counting allocator's.
    #[test]
    fn rss_and_heap_move_with_a_big_allocation() {
        bounded(|| {
            const SIZE: usize = 64 << 20;
            let before = memory_usage().expect("memory_usage");
            assert!(
                before.rss > 0 && before.heap_used > 0 && before.live_allocations > 0
            );
            assert!(before.heap_total >= before.heap_used);
            // Touch every page, so the kernel counts them as resident.
            // `black_box`: an allocation nobody reads may be optimised away in release.
            let big = std::hint::black_box(vec![1u8; SIZE]);
            let during = memory_usage().expect("memory_usage");
            // Other tests allocate and free meanwhile: half the size is a safe margin.
            assert!(
                during.heap_used >= before.heap_used + (SIZE / 2) as u64,
                "{before:?} → {during:?}"
            );
            assert!(
                during.rss >= before.rss + (SIZE / 2) as u64,
                "{before:?} → {during:?}"
            );
            let status = std::fs::read_to_string("/proc/self/status").unwrap();
            let rss_now = field_kb(&status, "VmRSS").unwrap();
            assert!(rss_now.abs_diff(during.rss) < (SIZE / 4) as u64);
            drop(big);
        });
    }
}
