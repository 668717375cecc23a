//! Katas of `tcp.rs`: the notes' greeting server, half-close, backpressure;
//! real Node 20 `net` on the other end where it has something to say.

use std::net::SocketAddr;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The notes' client, made deterministic: read the greeting, send `world!\r\n`,
/// read the reply, half-close, read to the end. Returns everything received.
pub async fn notes_client(addr: SocketAddr) -> String {
    let greeting = ch06_networking::tcp::GREETING.len();
    let reply = ch06_networking::tcp::REPLY.len();
    let mut stream = TcpStream::connect(addr).await.expect("connecting");
    let mut got = vec![0u8; greeting];
    stream.read_exact(&mut got).await.expect("the greeting");
    stream.write_all(b"world!\r\n").await.expect("writing");
    let mut answer = vec![0u8; reply];
    stream.read_exact(&mut answer).await.expect("the reply");
    got.extend_from_slice(&answer);
    stream.shutdown().await.expect("FIN");
    stream
        .read_to_end(&mut got)
        .await
        .expect("reading to the end");
    String::from_utf8(got).expect("UTF-8")
}

/// Each connection of a listener on a free port, handled by `handler`.
pub async fn serve_one<F, Fut, T>(
    handler: F,
) -> (SocketAddr, tokio::task::JoinHandle<T>)
where
    F: FnOnce(TcpStream) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = T> + Send,
    T: Send + 'static,
{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binding");
    let addr = listener.local_addr().expect("an address");
    let task = tokio::spawn(async move {
        let (stream, _) = listener.accept().await.expect("accepting");
        handler(stream).await
    });
    (addr, task)
}

#[cfg(not(kata_skip = "tcp::greet"))]
mod greet {
    use ch06_networking::tcp::greet;
    use pretty_assertions::assert_eq;

    use super::{notes_client, serve_one};
    use crate::katas::node::NodeChild;
    use crate::katas::run;

    /// Our server with the notes' client: what the client received, and the
    /// server's events.
    fn ours() -> (String, Vec<String>) {
        run(async {
            let (addr, server) = serve_one(greet).await;
            let received = notes_client(addr).await;
            (received, server.await.expect("the server task"))
        })
    }

    /// Node's events, in order, for the notes' client.
    #[test]
    fn events_in_node_order() {
        let (received, events) = ours();
        assert_eq!(received, "欢迎光临《深入浅出Node.js》示例：\n你好");
        assert_eq!(events, ["data world!\r\n", "end", "close"]);
    }

    /// Real Node 20's `net` server logs the same events for the same client.
    #[test]
    fn same_events_as_real_node_server() {
        // Ours first: on a stub it panics before Node is started for nothing.
        let (_, ours) = ours();
        let mut node = NodeChild::start("net_server.js", &[]);
        let port: u16 = node.line().parse().expect("a port");
        let received =
            run(async move { notes_client(([127, 0, 0, 1], port).into()).await });
        let node_events = node.finish(std::time::Duration::from_secs(5));
        let ours: Vec<String> = ours
            .iter()
            .map(|e| match e.strip_prefix("data ") {
                Some(text) => {
                    format!("data {}", serde_json::to_string(text).expect("JSON"))
                }
                None => e.clone(),
            })
            .collect();
        assert_eq!(received, "欢迎光临《深入浅出Node.js》示例：\n你好");
        assert_eq!(ours, node_events);
    }

    /// Real Node 20's `net` client talks to our server and sees connect, data, end, close.
    #[test]
    fn real_node_client() {
        // Ours first, with the notes' client: a stub panics before Node is
        // started for nothing (0.08 s of a learner's save).
        ours();
        let lines = run(async {
            let (addr, server) = serve_one(greet).await;
            let lines = tokio::task::spawn_blocking(move || {
                NodeChild::start("net_client.js", &[addr.port().to_string()])
                    .finish(std::time::Duration::from_secs(5))
            })
            .await
            .expect("node thread");
            let _ = server.await;
            lines
        });
        assert_eq!(
            lines,
            [
                "connect",
                "data \"欢迎光临《深入浅出Node.js》示例：\\n你好\"",
                "end",
                "close"
            ]
        );
    }
}

#[cfg(not(kata_skip = "tcp::echo"))]
mod echo {
    use ch06_networking::tcp::echo;
    use pretty_assertions::assert_eq;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpStream;

    use super::serve_one;
    use crate::katas::run;

    /// After the client's FIN the server still writes everything back, then ends.
    #[test]
    fn writes_after_the_clients_fin() {
        let (back, echoed) = run(async {
            let (addr, server) = serve_one(echo).await;
            let mut stream = TcpStream::connect(addr).await.expect("connecting");
            let sent: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
            let (mut reader, mut writer) = stream.split();
            let write = async {
                writer.write_all(&sent).await.expect("writing");
                writer.shutdown().await.expect("half-close");
            };
            let mut back = Vec::new();
            let read = reader.read_to_end(&mut back);
            let (_, read) = tokio::join!(write, read);
            read.expect("reading");
            (
                back == sent,
                server.await.expect("server task").expect("echo"),
            )
        });
        assert_eq!((back, echoed), (true, 200_000));
    }
}

#[cfg(not(kata_skip = "tcp::write"))]
mod write {
    use ch06_networking::tcp::{HIGH_WATER_MARK, Writer};
    use pretty_assertions::assert_eq;

    use super::serve_one;
    use crate::katas::run;

    /// A peer that reads nothing: the kernel fills, then `write` queues and says "stop"
    /// once `highWaterMark` bytes wait — counted, never timed.
    #[test]
    fn false_at_the_high_water_mark() {
        let (answers, queued) = run(async {
            let (addr, peer) = serve_one(|stream| async move { stream }).await;
            let stream = tokio::net::TcpStream::connect(addr)
                .await
                .expect("connecting");
            let _peer = peer.await.expect("accepting");
            let mut writer = Writer::new(stream);
            let chunk = vec![7u8; 4096];
            // Enough writes to fill any loopback buffer; stop at the first false.
            let mut answers = Vec::new();
            for _ in 0..100_000 {
                let go_on = writer.write(&chunk).expect("writing");
                answers.push(go_on);
                if !go_on {
                    break;
                }
            }
            (answers, writer.queue.len())
        });
        assert_eq!(answers.last(), Some(&false), "write never said stop");
        assert!(
            (HIGH_WATER_MARK..HIGH_WATER_MARK + 4096).contains(&queued),
            "queued {queued} bytes when write said stop"
        );
    }

    /// While the queue is empty, `write` hands bytes straight to the kernel.
    #[test]
    fn nothing_queued_when_the_kernel_takes_it() {
        let (go_on, queued) = run(async {
            let (addr, peer) = serve_one(|stream| async move { stream }).await;
            let stream = tokio::net::TcpStream::connect(addr)
                .await
                .expect("connecting");
            let _peer = peer.await.expect("accepting");
            let mut writer = Writer::new(stream);
            let go_on = writer.write(b"hello").expect("writing");
            (go_on, writer.queue.len())
        });
        assert_eq!((go_on, queued), (true, 0));
    }

    /// A peer that has closed answers the next bytes with a reset; the write
    /// after that fails (`EPIPE` or `ECONNRESET`, an `'error'` in Node). That
    /// error is the caller's to see, never bytes queued for nobody.
    #[test]
    fn a_closed_peer_is_an_error() {
        let failed = run(async {
            let (addr, peer) = serve_one(|stream| async move { stream }).await;
            let stream = tokio::net::TcpStream::connect(addr)
                .await
                .expect("connecting");
            drop(peer.await.expect("accepting"));
            let mut writer = Writer::new(stream);
            // The reset comes back within a round trip on loopback: bounded
            // by count, a few milliseconds apart.
            for _ in 0..200 {
                if let Err(error) = writer.write(b"hello") {
                    return Some(error.kind());
                }
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            }
            None
        });
        assert!(
            matches!(
                failed,
                Some(
                    std::io::ErrorKind::BrokenPipe
                        | std::io::ErrorKind::ConnectionReset
                )
            ),
            "writing to a closed peer for a second never failed: {failed:?}"
        );
    }
}

#[cfg(not(kata_skip = "tcp::drain"))]
mod drain {
    use ch06_networking::tcp::{HIGH_WATER_MARK, Writer};
    use tokio::io::AsyncReadExt;

    use super::serve_one;
    use crate::katas::run;

    /// 8 MiB to a slow reader: the writer pauses at every `false` and waits for
    /// `drain`, so its queue never grows past one chunk over the mark, and every
    /// byte arrives in order.
    #[test]
    fn slow_reader_bounded_queue() {
        let (peak, stops, intact) = run(async {
            const TOTAL: usize = 8 * 1024 * 1024;
            const CHUNK: usize = 16 * 1024;
            let (addr, reader) = serve_one(|mut stream| async move {
                // Slow: small reads, yielding between them (no sleeping).
                let mut got = Vec::with_capacity(TOTAL);
                let mut buf = [0u8; 1024];
                loop {
                    let n = stream.read(&mut buf).await.expect("reading");
                    if n == 0 {
                        break got;
                    }
                    got.extend_from_slice(&buf[..n]);
                    tokio::task::yield_now().await;
                }
            })
            .await;
            let stream = tokio::net::TcpStream::connect(addr)
                .await
                .expect("connecting");
            let mut writer = Writer::new(stream);
            let mut stops = 0;
            for i in 0..TOTAL / CHUNK {
                let chunk = vec![(i % 251) as u8; CHUNK];
                if !writer.write(&chunk).expect("writing") {
                    stops += 1;
                    writer.drain().await.expect("draining");
                }
            }
            writer.drain().await.expect("draining");
            let peak = writer.peak;
            drop(writer);
            let got = reader.await.expect("the reader");
            let intact = got.len() == TOTAL
                && got
                    .chunks(CHUNK)
                    .enumerate()
                    .all(|(i, c)| c.iter().all(|&b| b == (i % 251) as u8));
            (peak, stops, intact)
        });
        assert!(stops > 0, "write never said stop");
        assert!(
            peak < HIGH_WATER_MARK + 16 * 1024,
            "queue peaked at {peak} bytes"
        );
        assert!(intact, "bytes lost or reordered");
    }
}
