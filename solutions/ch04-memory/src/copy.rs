//! Large data (大内存应用): copying a file through
//! a slow writer, with and without backpressure.
//!
//! The notes copy a file with `reader.on('data', chunk => writer.write(chunk))`.
//! That ignores what `write()` returns: `false` means "my buffer is past its
//! `highWaterMark`, stop until I emit `drain`". When the writer is slower than
//! the reader, every chunk read waits in the writer's buffer, and the process
//! holds as much of the file as the writer is behind — up to all of it.
//! `reader.pipe(writer)` (or `stream.pipeline`) pauses the reader on `false`
//! and resumes it on `drain`, so memory stays at about one buffer's worth
//! whatever the file's size.
//!
//! [`Sink`] is a writable stream with Node's buffering rules over any
//! `io::Write`, draining at most a set rate: per tick (deterministic, for
//! tests) or per second (real time, for the `copy` example). One loop turn of
//! a copy is one tick.
//! Book: book/src/ch04-memory/streams.md

use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::time::{Duration, Instant};

/// How fast a [`Sink`] drains its buffer into the real writer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Throttle {
    /// Everything buffered is written at every tick.
    Unlimited,
    /// At most this many bytes per tick.
    PerTick(usize),
    /// At most this many bytes per second of real time since the sink was made.
    PerSecond(u64),
}

/// A writable stream: a buffer in front of a writer, with a high-water mark.
#[derive(Debug)]
pub struct Sink<W: Write> {
    /// Where the bytes go in the end.
    pub inner: W,
    /// Chunks accepted but not written yet, oldest first.
    pub queue: VecDeque<Vec<u8>>,
    /// Bytes in `queue` (Node's `writableLength`).
    pub buffered: usize,
    /// `write()` returns false once `buffered` reaches this (Node 20: 16 KiB,
    /// `fs.createWriteStream` too; the 64 KiB is `fs.createReadStream`'s chunk
    /// size. Node 22 raised every default to 64 KiB).
    pub high_water_mark: usize,
    /// The drain rate.
    pub throttle: Throttle,
    /// The most bytes ever buffered at once.
    pub peak_buffered: usize,
    /// Bytes written to `inner` so far.
    pub written: u64,
    started: Instant,
}

impl<W: Write> Sink<W> {
    /// A sink over `inner`.
    pub fn new(inner: W, high_water_mark: usize, throttle: Throttle) -> Sink<W> {
        Sink {
            inner,
            queue: VecDeque::new(),
            buffered: 0,
            high_water_mark,
            throttle,
            peak_buffered: 0,
            written: 0,
            started: Instant::now(),
        }
    }

    /// Node's `writable.write(chunk)`: the chunk is always accepted; the answer
    /// says whether the caller should go on (`true`) or wait for the buffer to
    /// drain (`false`).
    pub fn write(&mut self, chunk: Vec<u8>) -> bool {
        self.buffered += chunk.len();
        self.peak_buffered = self.peak_buffered.max(self.buffered);
        self.queue.push_back(chunk);
        self.buffered < self.high_water_mark
    }

    /// One tick of time: writes as much of the buffer as the throttle allows.
    ///
    /// With a real-time throttle and nothing allowed yet, sleeps a millisecond
    /// so a caller waiting for `drain` does not spin.
    pub fn tick(&mut self) -> io::Result<()> {
        let mut allowance = match self.throttle {
            Throttle::Unlimited => usize::MAX,
            Throttle::PerTick(bytes) => bytes,
            Throttle::PerSecond(rate) => {
                let due = (self.started.elapsed().as_secs_f64() * rate as f64) as u64;
                let allowed = due.saturating_sub(self.written);
                if allowed == 0 && self.buffered > 0 {
                    std::thread::sleep(Duration::from_millis(1));
                }
                usize::try_from(allowed).unwrap_or(usize::MAX)
            }
        };
        while allowance > 0 {
            let Some(front) = self.queue.front_mut() else {
                break;
            };
            let n = front.len().min(allowance);
            self.inner.write_all(&front[..n])?;
            if n == front.len() {
                self.queue.pop_front();
            } else {
                front.drain(..n);
            }
            self.buffered -= n;
            self.written += n as u64;
            allowance -= n;
        }
        Ok(())
    }

    /// Node's `writable.end()`: ticks until the buffer is empty, then flushes.
    pub fn finish(&mut self) -> io::Result<()> {
        while self.buffered > 0 {
            self.tick()?;
        }
        self.inner.flush()
    }
}

/// What a copy did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CopyReport {
    /// Bytes copied.
    pub bytes: u64,
    /// The most bytes the sink held at once.
    pub peak_buffered: usize,
}

/// The notes' copy: every chunk read is written at once, `write()`'s answer ignored.
pub fn copy_ignoring_backpressure<R: Read, W: Write>(
    reader: &mut R,
    sink: &mut Sink<W>,
    chunk_size: usize,
) -> io::Result<CopyReport> {
    let mut bytes = 0;
    loop {
        let mut chunk = vec![0; chunk_size];
        let n = reader.read(&mut chunk)?;
        if n == 0 {
            break;
        }
        chunk.truncate(n);
        bytes += n as u64;
        // The mistake: `write` said whether to wait, and nobody listened.
        sink.write(chunk);
        sink.tick()?;
    }
    sink.finish()?;
    Ok(CopyReport {
        bytes,
        peak_buffered: sink.peak_buffered,
    })
}

/// Kata `copy::pipe` — copy `reader` into `sink` in chunks, respecting backpressure.
///
/// **Task.** Read chunks of at most `chunk_size` bytes (a fresh `Vec` each,
/// truncated to what was read) until the reader is exhausted, and hand each
/// to `sink.write`. Each loop turn is one tick of time: call `sink.tick()`
/// once after each write. When `write` answers `false`, read nothing more
/// until the sink's buffer is empty (Node's `drain`), ticking meanwhile.
/// End with `sink.finish()` and report the bytes and `sink.peak_buffered`.
/// **Node does.** `Readable.prototype.pipe` in `lib/internal/streams/readable.js`
/// pauses on `false` and resumes on `'drain'`.
/// **Book.** book/src/ch04-memory/streams.md#pipe
/// **Check.** `cargo xtask check chapter-4 copy::pipe`
// ANCHOR: pipe
pub fn pipe<R: Read, W: Write>(
    reader: &mut R,
    sink: &mut Sink<W>,
    chunk_size: usize,
) -> io::Result<CopyReport> {
    // ANCHOR: solution
    let mut bytes = 0;
    loop {
        let mut chunk = vec![0; chunk_size];
        let n = reader.read(&mut chunk)?;
        if n == 0 {
            break;
        }
        chunk.truncate(n);
        bytes += n as u64;
        let go_on = sink.write(chunk);
        sink.tick()?;
        if !go_on {
            // Paused: the reader waits for 'drain' (an empty buffer), so at
            // most about one high-water mark plus one chunk is ever held.
            while sink.buffered > 0 {
                sink.tick()?;
            }
        }
    }
    sink.finish()?;
    Ok(CopyReport {
        bytes,
        peak_buffered: sink.peak_buffered,
    })
    // ANCHOR_END: solution
}
// ANCHOR_END: pipe
