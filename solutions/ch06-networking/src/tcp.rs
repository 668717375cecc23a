//! TCP (构建TCP服务): the notes' greeting server, an echo server with half-close,
//! and a writer that applies backpressure the way `socket.write()` does.
//!
//! Node's `net.Socket` is an event emitter over a libuv stream: `'connect'`,
//! `'data'`, `'end'` (the peer sent FIN), `'drain'` (the write queue emptied),
//! `'timeout'`, `'error'`, `'close'`. tokio gives the same facts as return
//! values: `read` returning 0 is `'end'`, an `Err` is `'error'`, dropping the
//! stream is `'close'`.
//! Book: book/src/ch06-networking/tcp.md

use std::io;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The notes' greeting, sent as soon as a client connects.
pub const GREETING: &str = "欢迎光临《深入浅出Node.js》示例：\n";

/// What the notes' server writes for every `'data'` event.
pub const REPLY: &str = "你好";

/// Node's default `highWaterMark` for a socket: 16 KiB.
pub const HIGH_WATER_MARK: usize = 16 * 1024;

/// Kata `tcp::greet` — the notes' `net.createServer` connection listener.
///
/// **Task.** Write [`GREETING`], then write [`REPLY`] once per successful read
/// (one `'data'` event), until the client sends FIN; then close. Return the
/// events Node would emit, in order, as lines: `data <text>` per read (lossy
/// UTF-8), then `end`, then `close`; a read error is `error <kind>` then `close`.
/// **Node does.** `lib/net.js`: `onStreamRead` emits `'data'`,
/// a zero-length read pushes `null` and emits `'end'`; with
/// `allowHalfOpen` false the socket then ends itself.
/// **Book.** book/src/ch06-networking/tcp.md#greet
/// **Check.** `cargo xtask check chapter-6 tcp::greet`
// ANCHOR: greet
pub async fn greet(stream: TcpStream) -> Vec<String> {
    // ANCHOR: solution
    let mut stream = stream;
    let mut events = Vec::new();
    if let Err(e) = stream.write_all(GREETING.as_bytes()).await {
        events.push(format!("error {:?}", e.kind()));
        events.push("close".to_owned());
        return events;
    }
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf).await {
            Ok(0) => {
                events.push("end".to_owned());
                break;
            }
            Ok(n) => {
                events.push(format!("data {}", String::from_utf8_lossy(&buf[..n])));
                // A peer that already left makes this fail; Node would emit 'error'.
                if let Err(e) = stream.write_all(REPLY.as_bytes()).await {
                    events.push(format!("error {:?}", e.kind()));
                    break;
                }
            }
            Err(e) => {
                events.push(format!("error {:?}", e.kind()));
                break;
            }
        }
    }
    // allowHalfOpen is false by default: after 'end' Node ends its side too.
    let _ = stream.shutdown().await;
    events.push("close".to_owned());
    events
    // ANCHOR_END: solution
}
// ANCHOR_END: greet

/// Kata `tcp::echo` — an echo server that keeps writing after the client's FIN.
///
/// **Task.** Write back every byte read, in order; when the client half-closes
/// (read returns 0), finish writing, then send FIN yourself. Return the number
/// of bytes echoed.
/// **Node does.** `net.createServer({ allowHalfOpen: true }, s => s.pipe(s))`:
/// after `'end'` the socket stays writable until `end()` is called.
/// **Book.** book/src/ch06-networking/tcp.md#half-close
/// **Check.** `cargo xtask check chapter-6 tcp::echo`
// ANCHOR: echo
pub async fn echo(stream: TcpStream) -> io::Result<u64> {
    // ANCHOR: solution
    let mut stream = stream;
    let (mut reader, mut writer) = stream.split();
    let echoed = tokio::io::copy(&mut reader, &mut writer).await?;
    // The client's FIN ended the copy; ours tells it we are done too.
    writer.shutdown().await?;
    Ok(echoed)
    // ANCHOR_END: solution
}
// ANCHOR_END: echo

/// A socket writer with Node's write queue: `write` never waits, it reports
/// whether the caller should pause; `drain` waits until the queue is empty.
#[derive(Debug)]
pub struct Writer {
    /// The socket.
    pub stream: TcpStream,
    /// Bytes accepted by `write` that the kernel has not taken yet
    /// (`socket.writableLength`).
    pub queue: Vec<u8>,
    /// `write` returns false once `queue` holds this many bytes.
    pub high_water_mark: usize,
    /// The largest `queue` ever got: what the test counts.
    pub peak: usize,
}

impl Writer {
    /// A writer with an empty queue and Node's default high-water mark.
    pub fn new(stream: TcpStream) -> Writer {
        Writer {
            stream,
            queue: Vec::new(),
            high_water_mark: HIGH_WATER_MARK,
            peak: 0,
        }
    }

    /// Kata `tcp::write` — `socket.write(data)`: never block, say when to stop.
    ///
    /// **Task.** Never wait. Bytes go to the kernel at once when it takes them
    /// and nothing is queued before them; otherwise they join the queue, in
    /// order. Keep `peak` up to date. Return true while the queue is below
    /// `high_water_mark` — false tells the caller to wait for
    /// [`Writer::drain`]. A real socket error is returned as `Err`.
    /// **Node does.** `Writable.prototype.write` → `writeOrBuffer` returns
    /// `state.length < state.highWaterMark` (`lib/internal/streams/writable.js`);
    /// libuv's `uv_try_write` writes what it can at once.
    /// **Book.** book/src/ch06-networking/tcp.md#backpressure
    /// **Check.** `cargo xtask check chapter-6 tcp::write`
    // ANCHOR: write
    pub fn write(&mut self, data: &[u8]) -> io::Result<bool> {
        // ANCHOR: solution
        let mut rest = data;
        // Bytes must leave in order: skip the fast path while others wait.
        if self.queue.is_empty() {
            while !rest.is_empty() {
                match self.stream.try_write(rest) {
                    Ok(n) => rest = &rest[n..],
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                    Err(e) => return Err(e),
                }
            }
        }
        self.queue.extend_from_slice(rest);
        self.peak = self.peak.max(self.queue.len());
        Ok(self.queue.len() < self.high_water_mark)
        // ANCHOR_END: solution
    }
    // ANCHOR_END: write

    /// Kata `tcp::drain` — wait for `'drain'`: the queue handed to the kernel.
    ///
    /// **Task.** Write the queued bytes to the socket, waiting as long as the
    /// kernel's buffer is full (a slow reader), until the queue is empty.
    /// **Node does.** `afterWrite` emits `'drain'` when `state.needDrain` and the
    /// buffer emptied (`lib/internal/streams/writable.js`).
    /// **Book.** book/src/ch06-networking/tcp.md#backpressure
    /// **Check.** `cargo xtask check chapter-6 tcp::drain`
    // ANCHOR: drain
    pub async fn drain(&mut self) -> io::Result<()> {
        // ANCHOR: solution
        self.stream.write_all(&self.queue).await?;
        self.queue.clear();
        Ok(())
        // ANCHOR_END: solution
    }
    // ANCHOR_END: drain
}
