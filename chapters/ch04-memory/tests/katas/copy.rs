//! Katas of `copy.rs`: a streaming copy through a slow writer, with flat memory.

use std::fs::File;
use std::path::Path;

use ch04_memory::copy::{CopyReport, Sink, Throttle};

/// Chunks of 64 KiB, as `fs.createReadStream` reads them.
pub const CHUNK: usize = 64 * 1024;
/// The sink's high-water mark: 16 KiB, Node's default for a Writable.
pub const HWM: usize = 16 * 1024;
/// The sink writes 16 KiB per tick while the reader reads 64 KiB: four times slower.
pub const SLOW: Throttle = Throttle::PerTick(16 * 1024);

/// A file of `size` bytes of varied content in `dir`.
pub fn source(dir: &Path, size: usize) -> std::path::PathBuf {
    let path = dir.join(format!("src-{size}"));
    // A 251-byte pattern repeated: varied content, cheap to build in debug.
    let pattern: Vec<u8> = (0..251u32).map(|i| (i * 7 % 251) as u8).collect();
    let bytes: Vec<u8> = pattern.iter().copied().cycle().take(size).collect();
    std::fs::write(&path, bytes).expect("writing the source file");
    path
}

/// Copies `size` bytes with `copy`; returns the report and this thread's peak heap bytes above the start.
pub fn measure(
    size: usize,
    copy: fn(&mut File, &mut Sink<File>, usize) -> std::io::Result<CopyReport>,
) -> (CopyReport, i64) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let src = source(dir.path(), size);
    let dst = dir.path().join("dst");
    let mut reader = File::open(&src).expect("opening the source");
    let mut sink = Sink::new(File::create(&dst).expect("creating dst"), HWM, SLOW);
    counting_alloc::reset_thread_peak();
    let start = crate::katas::thread_counts().live_bytes;
    let report = copy(&mut reader, &mut sink, CHUNK).expect("copying");
    let peak = crate::katas::thread_counts().peak_bytes - start;
    drop(sink);
    assert_eq!(
        std::fs::read(&src).unwrap(),
        std::fs::read(&dst).unwrap(),
        "the copy differs"
    );
    (report, peak)
}

// The `given_` tests below check what `copy::pipe` writes to, and copy real
// files (0.1 s): a learner's `check` compiles and runs them with that kata.

/// The provided writable answers like Node's: go on while the buffer is below the mark.
#[cfg(not(kata_skip = "copy::pipe"))]
#[test]
fn given_sink_answers_like_a_writable() {
    kata_support::bounded(|| {
        let mut sink = Sink::new(Vec::new(), 10, Throttle::PerTick(4));
        assert!(sink.write(vec![1; 5]), "5 of 10 buffered: go on");
        assert!(!sink.write(vec![2; 5]), "10 of 10 buffered: wait for drain");
        sink.tick().unwrap();
        assert_eq!((sink.buffered, sink.written, sink.inner.len()), (6, 4, 4));
        sink.finish().unwrap();
        assert_eq!(sink.inner, [1, 1, 1, 1, 1, 2, 2, 2, 2, 2]);
        assert_eq!(
            (sink.buffered, sink.written, sink.peak_buffered),
            (0, 10, 10)
        );
    });
}

/// The real-time throttle (the `copy` example's) never writes faster than its rate.
#[cfg(not(kata_skip = "copy::pipe"))]
#[test]
fn given_sink_per_second_throttle() {
    kata_support::bounded(|| {
        // 1 KiB/s: a 64 KiB chunk cannot be written by an immediate tick.
        let mut slow = Sink::new(Vec::new(), HWM, Throttle::PerSecond(1024));
        slow.write(vec![0; CHUNK]);
        slow.tick().unwrap();
        assert!(
            slow.buffered > CHUNK / 2,
            "{} still buffered",
            slow.buffered
        );
        // 1 MiB/s: 64 KiB takes at least 62.5 ms, and does drain.
        let start = std::time::Instant::now();
        let mut sink = Sink::new(Vec::new(), HWM, Throttle::PerSecond(1 << 20));
        sink.write(vec![0; CHUNK]);
        while sink.buffered > 0 && start.elapsed().as_secs() < 10 {
            sink.tick().unwrap();
        }
        assert_eq!((sink.buffered, sink.written), (0, CHUNK as u64));
        assert!(start.elapsed().as_millis() >= 60, "{:?}", start.elapsed());
    });
}

/// The notes' `data` → `write` copy holds most of the file when the writer is slower (provided code).
#[cfg(not(kata_skip = "copy::pipe"))]
#[test]
fn given_ignoring_backpressure_grows_with_the_file() {
    // Real files of 1 and 4 MiB: allow more than a learner's check's default deadline.
    kata_support::bounded_for(std::time::Duration::from_secs(15), || {
        let (small, small_peak) =
            measure(1 << 20, ch04_memory::copy::copy_ignoring_backpressure);
        let (big, big_peak) =
            measure(4 << 20, ch04_memory::copy::copy_ignoring_backpressure);
        assert_eq!(big.bytes, 4 << 20);
        assert!(big.peak_buffered >= 3 << 20, "{big:?}");
        assert!(big_peak >= 3 << 20, "peak heap {big_peak}");
        assert!(
            big_peak > 3 * small_peak,
            "{small:?} {small_peak} vs {big_peak}"
        );
    });
}

#[cfg(not(kata_skip = "copy::pipe"))]
mod pipe {
    use ch04_memory::copy::{Sink, Throttle, pipe};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    use super::{CHUNK, HWM, measure};

    /// Every byte arrives, in order, whatever the sink's speed.
    #[test]
    fn copies_every_byte() {
        bounded(|| {
            let data: Vec<u8> = (0..300_001u32).map(|i| (i % 256) as u8).collect();
            for throttle in [
                Throttle::Unlimited,
                Throttle::PerTick(1000),
                Throttle::PerTick(100_000),
            ] {
                let mut sink = Sink::new(Vec::new(), HWM, throttle);
                let report =
                    pipe(&mut data.as_slice(), &mut sink, 4096).expect("copying");
                assert_eq!(report.bytes, 300_001);
                assert_eq!(sink.inner, data, "{throttle:?}");
                assert_eq!(sink.buffered, 0);
            }
        });
    }

    /// Backpressure, proven by the counting allocator: the peak stays one chunk plus
    /// the high-water mark, and the same for a 1 MiB and a 4 MiB file.
    #[test]
    fn peak_memory_is_flat() {
        // Real files of 1 and 4 MiB: allow more than a learner's check's default deadline.
        kata_support::bounded_for(std::time::Duration::from_secs(15), || {
            let (small, small_peak) = measure(1 << 20, pipe);
            let (big, big_peak) = measure(4 << 20, pipe);
            assert_eq!(big.bytes, 4 << 20);
            assert!(big.peak_buffered <= HWM + CHUNK, "{big:?}");
            assert_eq!(small.peak_buffered, big.peak_buffered);
            assert!(big_peak < (4 * CHUNK) as i64, "peak heap {big_peak}");
            assert!(big_peak <= small_peak + 4096, "{small_peak} vs {big_peak}");
        });
    }

    /// Paused means paused: while the buffer drains, nothing more is read.
    #[test]
    fn waits_for_drain() {
        bounded(|| {
            let data = vec![1u8; 10 * CHUNK];
            let mut sink = Sink::new(Vec::new(), HWM, Throttle::PerTick(1024));
            let report =
                pipe(&mut data.as_slice(), &mut sink, CHUNK).expect("copying");
            // One chunk in the buffer at a time: 64 KiB, never two.
            assert_eq!(report.peak_buffered, CHUNK);
        });
    }
}
