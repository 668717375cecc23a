//! Katas of `server.rs`: reading heads and bodies off a socket, then the whole
//! connection loop, judged by raw clients, curl, a Rust HTTP client and real Node 20.

use std::time::Duration;

use ch06_networking::server::{Config, Conn, Server, echo_handler};
use tokio::net::{TcpListener, TcpStream};

/// A connected pair on loopback: the client's end and the server's [`Conn`].
pub async fn pair() -> (TcpStream, Conn) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("binding");
    let addr = listener.local_addr().expect("an address");
    let (client, accepted) =
        tokio::join!(TcpStream::connect(addr), listener.accept());
    let (stream, _) = accepted.expect("accepting");
    (client.expect("connecting"), Conn::new(stream))
}

/// Node 20's timeouts, but short enough for tests where a test needs them.
pub fn quick(keep_alive_ms: u64, headers_ms: u64) -> Config {
    Config {
        keep_alive_timeout: Duration::from_millis(keep_alive_ms),
        headers_timeout: Duration::from_millis(headers_ms),
        ..Config::default()
    }
}

/// The echo server on a free port.
pub async fn start(config: Config) -> Server {
    Server::bind("127.0.0.1:0", echo_handler(), config)
        .await
        .expect("binding the server")
}

/// Provided scaffolding: the defaults are Node 20's (`keepAliveTimeout` 5 s,
/// `headersTimeout` 60 s, `requestTimeout` 300 s).
#[test]
fn given_defaults_are_node_20s() {
    let config = Config::default();
    assert_eq!(
        (
            config.keep_alive_timeout,
            config.headers_timeout,
            config.request_timeout
        ),
        (
            Duration::from_secs(5),
            Duration::from_secs(60),
            Duration::from_secs(300)
        )
    );
}

#[cfg(not(kata_skip = "server::read_head"))]
mod read_head {
    use std::time::Duration;

    use ch06_networking::server::{HeadEvent, read_head};
    use pretty_assertions::assert_eq;
    use tokio::io::AsyncWriteExt;

    use super::pair;
    use crate::katas::run;

    const LONG: Duration = Duration::from_secs(5);

    /// The head's bytes are consumed; a pipelined request behind it stays buffered.
    #[test]
    fn head_read_rest_kept() {
        let (event, rest) = run(async {
            let (mut client, mut conn) = pair().await;
            client
                .write_all(b"GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2")
                .await
                .expect("writing");
            let event = read_head(&mut conn, LONG, LONG).await;
            (event, conn.buf)
        });
        let HeadEvent::Head(head) = event else {
            panic!("expected a head, got {event:?}");
        };
        assert_eq!((head.target.as_str(), rest), ("/1", b"GET /2".to_vec()));
    }

    /// A head sent one byte at a time is still one head.
    #[test]
    fn head_in_pieces() {
        let event = run(async {
            let (mut client, mut conn) = pair().await;
            let writer = tokio::spawn(async move {
                for &b in b"GET /slow HTTP/1.1\r\nHost: a\r\n\r\n" {
                    client.write_all(&[b]).await.expect("writing");
                    client.flush().await.expect("flushing");
                    tokio::task::yield_now().await;
                }
                client
            });
            let event = read_head(&mut conn, LONG, LONG).await;
            let _client = writer.await;
            event
        });
        assert!(
            matches!(event, HeadEvent::Head(ref h) if h.target == "/slow"),
            "{event:?}"
        );
    }

    /// FIN before any byte, or after blank lines only (Node 20 answers `\r\n\r\n`
    /// and FIN with nothing), or silence for `idle`, closes quietly.
    #[test]
    fn idle_or_fin_is_closed() {
        let (fin, blank_fin, idle) = run(async {
            let (mut client, mut conn) = pair().await;
            client.shutdown().await.expect("FIN");
            let fin = read_head(&mut conn, LONG, LONG).await;
            let (mut client, mut conn) = pair().await;
            client.write_all(b"\r\n\r\n").await.expect("writing");
            client.shutdown().await.expect("FIN");
            let blank_fin = read_head(&mut conn, LONG, LONG).await;
            let (_client, mut conn) = pair().await;
            let idle = read_head(&mut conn, Duration::from_millis(100), LONG).await;
            (fin, blank_fin, idle)
        });
        assert_eq!(
            (fin, blank_fin, idle),
            (HeadEvent::Closed, HeadEvent::Closed, HeadEvent::Closed)
        );
    }

    /// FIN in the middle of a head is a 400 (Node's `parser.finish()` fails).
    #[test]
    fn fin_mid_head_is_400() {
        let event = run(async {
            let (mut client, mut conn) = pair().await;
            client
                .write_all(b"GET / HTTP/1.1\r\nHo")
                .await
                .expect("writing");
            client.shutdown().await.expect("FIN");
            read_head(&mut conn, LONG, LONG).await
        });
        assert_eq!(event, HeadEvent::Refuse(400));
    }

    /// A client that starts a head and never ends it gets 408 (slowloris).
    #[test]
    fn slow_head_is_408() {
        let event = run(async {
            let (mut client, mut conn) = pair().await;
            client
                .write_all(b"GET / HTTP/1.1\r\n")
                .await
                .expect("writing");
            read_head(&mut conn, LONG, Duration::from_millis(200)).await
        });
        assert_eq!(event, HeadEvent::Refuse(408));
    }

    /// A parse error is refused with its status, 431 for an oversized head.
    #[test]
    fn parse_errors_refused() {
        let (bad, big) = run(async {
            let (mut client, mut conn) = pair().await;
            client
                .write_all(b"HELLO / HTTP/1.1\r\n")
                .await
                .expect("writing");
            let bad = read_head(&mut conn, LONG, LONG).await;
            let (mut client, mut conn) = pair().await;
            let mut huge = b"GET / HTTP/1.1\r\nX: ".to_vec();
            huge.extend(std::iter::repeat_n(b'v', 20_000));
            client.write_all(&huge).await.expect("writing");
            let big = read_head(&mut conn, LONG, LONG).await;
            (bad, big)
        });
        assert_eq!((bad, big), (HeadEvent::Refuse(400), HeadEvent::Refuse(431)));
    }
}

#[cfg(not(kata_skip = "server::read_body"))]
mod read_body {
    use std::time::Duration;

    use ch06_networking::request::Framing;
    use ch06_networking::server::read_body;
    use pretty_assertions::assert_eq;
    use tokio::io::AsyncWriteExt;
    use tokio::time::Instant;

    use super::pair;
    use crate::katas::run;

    async fn body(
        sent: &[u8],
        framing: Framing,
        fin: bool,
    ) -> (Result<Vec<u8>, u16>, Vec<u8>) {
        let (mut client, mut conn) = pair().await;
        client.write_all(sent).await.expect("writing");
        if fin {
            client.shutdown().await.expect("FIN");
        }
        let deadline = Instant::now() + Duration::from_millis(300);
        let result = read_body(&mut conn, framing, deadline, 1024).await;
        (result, conn.buf)
    }

    /// Exactly `Content-Length` bytes are taken; the next request stays.
    #[test]
    fn length_taken_rest_kept() {
        let got = run(body(b"abcGET /", Framing::Length(3), false));
        assert_eq!(got, (Ok(b"abc".to_vec()), b"GET /".to_vec()));
    }

    /// A chunked body is de-chunked; the next request stays.
    #[test]
    fn chunked_decoded_rest_kept() {
        let got = run(body(b"3\r\nabc\r\n0\r\n\r\nGET /", Framing::Chunked, false));
        assert_eq!(got, (Ok(b"abc".to_vec()), b"GET /".to_vec()));
    }

    /// FIN before the body ends is 400; a body that never ends is 408; too big is 413;
    /// a bad chunk is 400.
    #[test]
    fn refusals() {
        let got = run(async {
            [
                body(b"ab", Framing::Length(3), true).await.0,
                body(b"ab", Framing::Length(3), false).await.0,
                body(b"", Framing::Length(5000), false).await.0,
                body(b"zz\r\n", Framing::Chunked, false).await.0,
            ]
        });
        assert_eq!(got, [Err(400), Err(408), Err(413), Err(400)]);
    }

    /// `max` bytes are a body, one more is 413: announced by `Content-Length`, or
    /// counted when a chunked body ends.
    #[test]
    fn limit_is_inclusive() {
        let got = run(async {
            [
                body(&[b'x'; 1024], Framing::Length(1024), false).await.0,
                body(b"", Framing::Length(1025), false).await.0,
                body(&chunked(1024), Framing::Chunked, false).await.0,
                body(&chunked(1025), Framing::Chunked, false).await.0,
            ]
            .map(|result| result.map(|body| body.len()))
        });
        assert_eq!(got, [Ok(1024), Err(413), Ok(1024), Err(413)]);
    }

    /// A chunked body that goes on and on is refused once far more than `max`
    /// has come, not buffered until the deadline.
    #[test]
    fn endless_chunk_is_413() {
        let sent = [b"20000\r\n".as_slice(), &[b'x'; 70 * 1024]].concat();
        let got = run(async move { body(&sent, Framing::Chunked, false).await.0 });
        assert_eq!(got, Err(413));
    }

    /// One chunk of `len` bytes, then the last chunk.
    fn chunked(len: usize) -> Vec<u8> {
        let mut bytes = format!("{len:x}\r\n").into_bytes();
        bytes.extend(std::iter::repeat_n(b'x', len));
        bytes.extend_from_slice(b"\r\n0\r\n\r\n");
        bytes
    }
}

#[cfg(not(kata_skip = "server::serve_connection"))]
mod serve_connection;
