//! Chapter 6 katas: one test binary, one module per source file, in book order.
//!
//! A test's path starts with its kata's name (`request::parse_head::overflow_at_16_kib`),
//! which is how `cargo xtask check chapter-6 request::parse_head` finds it. The
//! same file is compiled against the learner's crate (`chapters/ch06-networking`)
//! and against the reference solution (`solutions/ch06-networking`).
//!
//! Every socket is on 127.0.0.1 with port 0, every wait has a deadline, and every
//! server, task and child is dropped before its test returns.

// A learner's `cargo xtask check` compiles only the tests of katas begun and
// the first not begun: each kata's module is behind `#[cfg(not(kata_skip =
// "module::item"))]`. What only the others use is then unused, no fault of theirs.
#![cfg_attr(kata_skip, allow(unused))]

mod chunked;
mod client;
mod frame;
mod node;
mod request;
mod response;
mod server;
mod tcp;
mod udp;
mod websocket;

use std::any::Any;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::{Instant, timeout_at};

/// The chapter's folder name, for snapshots and oracle files.
pub const CHAPTER: &str = "ch06-networking";

/// The deadline of a test that talks over real sockets: longer than `check`'s
/// short default (`KATA_TIMEOUT_MS`), because these tests wait on purpose
/// (quiet periods, keep-alive and header timeouts, child processes); `check`
/// caps it at 5 s (`KATA_TIMEOUT_MAX_MS`), CI's busy runs get all of it.
pub const SOCKET_TEST_LIMIT: Duration = Duration::from_secs(15);

/// Runs `future` on a fresh two-thread runtime, bounded by [`SOCKET_TEST_LIMIT`].
///
/// The runtime is dropped before this returns, which ends every task the test
/// spawned and closes every socket they held.
#[track_caller]
pub fn run<F>(future: F) -> F::Output
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    // Nearly every test calls this with a future of its own type. Generic,
    // the runtime's `block_on` (hundreds of functions) would be compiled
    // once per test on every save; boxed, it is compiled once.
    let output = run_boxed(Box::pin(async move {
        Box::new(future.await) as Box<dyn Any + Send>
    }));
    *output
        .downcast::<F::Output>()
        .unwrap_or_else(|_| unreachable!("run_boxed returns the future's own output"))
}

#[track_caller]
fn run_boxed(
    future: Pin<Box<dyn Future<Output = Box<dyn Any + Send>> + Send>>,
) -> Box<dyn Any + Send> {
    kata_support::bounded_for(SOCKET_TEST_LIMIT, move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a tokio runtime");
        let output = runtime.block_on(future);
        runtime.shutdown_timeout(Duration::from_secs(1));
        output
    })
}

/// Runs every future as a task of its own, all at once, and returns their
/// outputs in the order given: exchanges that each wait out a quiet period
/// then cost one period together instead of one each.
pub async fn all_at_once<F>(futures: impl IntoIterator<Item = F>) -> Vec<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let tasks: Vec<_> = futures.into_iter().map(tokio::spawn).collect();
    let mut outputs = Vec::with_capacity(tasks.len());
    for task in tasks {
        outputs.push(task.await.expect("a task of all_at_once"));
    }
    outputs
}

/// What a raw client saw: the response bytes and whether the server closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// Everything the server sent, as Latin-1 text.
    pub text: String,
    /// The server sent FIN (or reset) within the quiet period after its last byte.
    pub closed: bool,
}

impl Exchange {
    /// The status lines in order (`HTTP/1.1 200 OK`), bodies skipped.
    pub fn statuses(&self) -> Vec<String> {
        statuses(&self.text)
    }

    /// `statuses` joined with ` | `, then `closed` or `open`: one comparable line.
    pub fn summary(&self) -> String {
        let state = if self.closed { "closed" } else { "open" };
        format!("{} => {state}", self.statuses().join(" | "))
    }
}

/// The status lines of `text` in order (`HTTP/1.1 200 OK`), bodies skipped.
fn statuses(text: &str) -> Vec<String> {
    text.split("\r\n")
        .flat_map(|line| line.split('\n'))
        .filter(|line| line.starts_with("HTTP/1.1 "))
        .map(str::to_owned)
        .collect()
}

/// How long a client that already has every response it expects listens for
/// anything more (another response, or a close) before it calls the connection
/// open: a correct server has nothing more to say, so no busy machine can make
/// this wait too short.
pub const SETTLE: Duration = Duration::from_millis(200);

/// Sends `bytes` to `addr` (then FIN when `half_close`), and reads until the
/// server closes or stays quiet for `quiet`; at most 5 s in all.
pub async fn exchange(
    addr: SocketAddr,
    bytes: &[u8],
    half_close: bool,
    quiet: Duration,
) -> Exchange {
    listen(addr, bytes, half_close, |_| quiet).await
}

/// [`exchange`] by a client that knows what to expect: `expected` is what Node
/// answered, as [`Exchange::summary`] writes it (`HTTP/1.1 200 OK => open`).
///
/// Silence is the only sign that a connection stays open, and waiting out
/// `quiet` after every answer is what made these tests slow. This client
/// waits `quiet` only while the answer is still short of what Node sent or
/// should end in a close; once the responses are all in and Node kept the
/// connection open, [`SETTLE`] of silence is enough.
pub async fn exchange_expecting(
    addr: SocketAddr,
    bytes: &[u8],
    half_close: bool,
    quiet: Duration,
    expected: &str,
) -> Exchange {
    let (answers, state) = expected.rsplit_once(" => ").unwrap_or((expected, ""));
    let stays_open = state == "open";
    let responses = answers.split(" | ").filter(|s| !s.is_empty()).count();
    listen(addr, bytes, half_close, |text| {
        if stays_open && statuses(text).len() >= responses {
            SETTLE
        } else {
            quiet
        }
    })
    .await
}

/// The client of [`exchange`]: after each read it waits `quiet_after(text so
/// far)` for more.
async fn listen(
    addr: SocketAddr,
    bytes: &[u8],
    half_close: bool,
    quiet_after: impl Fn(&str) -> Duration,
) -> Exchange {
    let mut stream = TcpStream::connect(addr).await.expect("connecting");
    let _ = stream.write_all(bytes).await;
    if half_close {
        let _ = stream.shutdown().await;
    }
    let hard_stop = Instant::now() + Duration::from_secs(5);
    let mut text = String::new();
    let mut buf = [0u8; 8192];
    let closed = loop {
        let deadline = (Instant::now() + quiet_after(&text)).min(hard_stop);
        match timeout_at(deadline, stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break true,
            // Latin-1: every byte one char, so nothing the server sent is lost.
            Ok(Ok(n)) => text.extend(buf[..n].iter().map(|&b| char::from(b))),
            Err(_) => break false,
        }
    };
    Exchange { text, closed }
}
