//! The HTTP server (HTTP服务): one task per connection, requests read in order.
//!
//! Node's `http.Server` is a `net.Server` whose `'connection'` listener gives
//! each socket an llhttp parser. Requests on one connection are answered in the
//! order they arrived (pipelining); the connection stays open between requests
//! (keep-alive) until the client says `close`, goes quiet for 5 s, or breaks the
//! protocol, in which case Node writes a bare refusal and destroys the socket.
//! Book: book/src/ch06-networking/server.md

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tokio::time::{Instant, timeout_at};

use crate::chunked;
use crate::request::{self, Framing, RequestHead, Version};
use crate::response::{self, Body, Meta, Response};

/// A request with its whole body, as a handler sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// Request line and headers.
    pub head: RequestHead,
    /// The body, de-chunked.
    pub body: Vec<u8>,
}

/// The function that answers requests (Node's `'request'` listener, reduced to a
/// value in, a value out).
pub type Handler = Arc<dyn Fn(Request) -> Response + Send + Sync>;

/// The handler every test, the `http-server` example and the Node side of the
/// differential test use: `200`, body `METHOD URL BODYLENGTH\n`.
pub fn echo_handler() -> Handler {
    Arc::new(|request: Request| {
        let text = format!(
            "{} {} {}\n",
            request.head.method,
            request.head.target,
            request.body.len()
        );
        Response::new(200, text)
    })
}

/// Timeouts and limits; [`Config::default`] is Node 20's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// How long a kept-alive connection may sit idle between requests
    /// (`server.keepAliveTimeout`, 5 s). Then it is closed without a word.
    pub keep_alive_timeout: Duration,
    /// How long a client may take to send a whole head once it has started
    /// (`server.headersTimeout`, 60 s). Then 408 and close: the slowloris defence.
    pub headers_timeout: Duration,
    /// How long a whole request may take, body
    /// included (`server.requestTimeout`, 300 s).
    pub request_timeout: Duration,
    /// The largest body this server buffers; larger is 413. Node has no such
    /// limit because it streams bodies to the handler; ours reads them whole.
    pub max_body_bytes: u64,
    /// Write a `Date` header (`res.sendDate`, on by default).
    pub send_date: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            keep_alive_timeout: Duration::from_secs(5),
            headers_timeout: Duration::from_secs(60),
            request_timeout: Duration::from_secs(300),
            max_body_bytes: 64 * 1024 * 1024,
            send_date: true,
        }
    }
}

/// One connection: the socket and the bytes read from it but not parsed yet.
///
/// Pipelined requests arrive together, so what one read returns may hold the
/// end of this request and the start of the next; `buf` keeps the rest.
#[derive(Debug)]
pub struct Conn {
    /// The socket.
    pub stream: TcpStream,
    /// Bytes received and not yet consumed by a parsed request.
    pub buf: Vec<u8>,
}

impl Conn {
    /// A connection with nothing buffered.
    pub fn new(stream: TcpStream) -> Conn {
        Conn {
            stream,
            buf: Vec::new(),
        }
    }

    /// Reads whatever the socket has into `buf`; `Ok(0)` means the client sent FIN.
    pub async fn fill(&mut self) -> io::Result<usize> {
        // Read straight into the spare capacity: no zeroed scratch buffer, no copy.
        self.buf.reserve(16 * 1024);
        self.stream.read_buf(&mut self.buf).await
    }

    /// Writes a refusal (`400`, `408`, `413`, `431`) and closes as Node does.
    pub async fn refuse(mut self, status: u16) {
        let _ = self.stream.write_all(&response::refusal(status)).await;
        self.close().await;
    }

    /// Ends the connection: FIN, then read and drop what the client still sends
    /// for a moment, so the kernel does not answer unread bytes with a reset
    /// that could destroy the response before the client reads it.
    pub async fn close(mut self) {
        let _ = self.stream.shutdown().await;
        let deadline = Instant::now() + Duration::from_millis(500);
        let mut sink = [0u8; 4096];
        for _ in 0..64 {
            match timeout_at(deadline, self.stream.read(&mut sink)).await {
                Ok(Ok(n)) if n > 0 => continue,
                _ => break,
            }
        }
    }
}

/// What waiting for the next request head ended with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeadEvent {
    /// A complete, valid head; its bytes are gone from `conn.buf`.
    Head(RequestHead),
    /// The client closed, or stayed idle, before sending a byte: close quietly.
    Closed,
    /// Refuse with this status and close (`400`, `408`, `431`).
    Refuse(u16),
}

/// Kata `server::read_head` — wait for the next request head on a connection.
///
/// **Task.** Parse `conn.buf` with [`request::parse_head`], reading more while it
/// is incomplete. Before the first byte of a request, wait at most `idle`: then,
/// or at FIN, the connection is [`HeadEvent::Closed`]. Once a request has begun
/// the whole head must arrive within `headers_timeout` (else `Refuse(408)`); FIN
/// in the middle of a head is `Refuse(400)`, a parse error is its status. On
/// success remove the head's bytes from `conn.buf` and keep the rest (the next
/// pipelined request may already be there).
/// **Node does.** `socketOnData` feeds llhttp; `keepAliveTimeout` and
/// `headersTimeout` in `lib/_http_server.js`; `socketOnEnd` calls
/// `parser.finish()`, which fails on a partial message.
/// **Book.** book/src/ch06-networking/server.md#read-head
/// **Check.** `cargo xtask check chapter-6 server::read_head`
// ANCHOR: read_head
pub async fn read_head(
    conn: &mut Conn,
    idle: Duration,
    headers_timeout: Duration,
) -> HeadEvent {
    // ANCHOR: solution
    // Idle phase: a kept-alive connection with nothing to say is closed quietly.
    let idle_deadline = Instant::now() + idle;
    while conn.buf.is_empty() {
        match timeout_at(idle_deadline, conn.fill()).await {
            Ok(Ok(n)) if n > 0 => {}
            _ => return HeadEvent::Closed,
        }
    }
    // A request has begun: the head has a deadline of its own (slowloris).
    let deadline = Instant::now() + headers_timeout;
    loop {
        match request::parse_head(&conn.buf) {
            Ok(Some((head, used))) => {
                conn.buf.drain(..used);
                return HeadEvent::Head(head);
            }
            Ok(None) => {}
            Err(e) => return HeadEvent::Refuse(e.status()),
        }
        match timeout_at(deadline, conn.fill()).await {
            Ok(Ok(n)) if n > 0 => {}
            // FIN after blank lines only is a client that had nothing to ask.
            Ok(Ok(_)) if conn.buf.iter().all(|b| matches!(b, b'\r' | b'\n')) => {
                return HeadEvent::Closed;
            }
            Ok(Ok(_)) => return HeadEvent::Refuse(400),
            Ok(Err(_)) => return HeadEvent::Closed,
            Err(_) => return HeadEvent::Refuse(408),
        }
    }
    // ANCHOR_END: solution
}
// ANCHOR_END: read_head

/// Kata `server::read_body` — read the body `framing` announces.
///
/// **Task.** For `Length(n)`, wait until `n` bytes are buffered and take them;
/// for `Chunked`, feed `conn.buf` to [`chunked::decode`] until it completes.
/// Leave any bytes after the body in `conn.buf`. A body over `max` bytes is
/// `Err(413)`; FIN before the end is `Err(400)`; not finishing by `deadline` is
/// `Err(408)`; a chunk error is its status.
/// **Node does.** llhttp's body states emit `'data'` on the `IncomingMessage`;
/// `'end'` comes with the last byte. Node streams the body instead of buffering it.
/// **Book.** book/src/ch06-networking/server.md#read-body
/// **Check.** `cargo xtask check chapter-6 server::read_body`
// ANCHOR: read_body
pub async fn read_body(
    conn: &mut Conn,
    framing: Framing,
    deadline: Instant,
    max: u64,
) -> Result<Vec<u8>, u16> {
    // ANCHOR: solution
    loop {
        match framing {
            Framing::Length(n) if n > max => return Err(413),
            Framing::Length(n) => {
                // `n <= max`, and `max` fits in memory, so the cast cannot truncate.
                let n = n as usize;
                if conn.buf.len() >= n {
                    return Ok(conn.buf.drain(..n).collect());
                }
            }
            Framing::Chunked => match chunked::decode(&conn.buf) {
                // Only the end of a chunked body tells its size.
                Ok(Some((body, _))) if body.len() as u64 > max => return Err(413),
                Ok(Some((body, used))) => {
                    conn.buf.drain(..used);
                    return Ok(body);
                }
                // Not over yet, and already far more than `max` (the slack is
                // for chunk sizes and extensions): refuse now, not at the deadline.
                Ok(None) if conn.buf.len() as u64 > max.saturating_add(64 * 1024) => {
                    return Err(413);
                }
                Ok(None) => {}
                Err(e) => return Err(e.status()),
            },
        }
        match timeout_at(deadline, conn.fill()).await {
            Ok(Ok(n)) if n > 0 => {}
            Ok(_) => return Err(400),
            Err(_) => return Err(408),
        }
    }
    // ANCHOR_END: solution
}
// ANCHOR_END: read_body

/// Kata `server::serve_connection` — answer
/// every request on one connection, in order.
///
/// **Task.** Loop: read a head (the first waits `headers_timeout` for its first
/// byte, later ones `keep_alive_timeout`), decide its framing and whether the
/// connection stays open, answer, repeat. Node's rules, in its order: `CONNECT`
/// (no listener) closes without a word; HTTP/1.1 without `Host` gets a 400
/// response with `Connection: close` and an empty chunked body; on HTTP/1.1 an
/// `Expect` of `100-continue` (any case) gets `HTTP/1.1 100 Continue` before the
/// body is read, any other `Expect` gets 417 with an empty chunked body (the
/// body is then read and dropped); every other request's body is read and the
/// handler answers. Write each response with [`response::serialize`]; close
/// after one that does not keep the connection alive. Any refusal closes with
/// [`Conn::refuse`]. Like llhttp, judge what is already buffered behind a
/// request before answering it: a bad pipelined head, or anything but blank
/// lines after a request that closes the connection, is refused (400) instead,
/// and a buffered `CONNECT` closes the connection before this answer is written.
/// **Node does.** `parserOnIncoming`, `resOnFinish` and `socketOnError` in
/// `lib/_http_server.js`.
/// **Book.** book/src/ch06-networking/server.md#serve-connection
/// **Check.** `cargo xtask check chapter-6 server::serve_connection`
// ANCHOR: serve_connection
pub async fn serve_connection(stream: TcpStream, handler: Handler, config: Config) {
    // ANCHOR: solution
    let mut conn = Conn::new(stream);
    let mut idle = config.headers_timeout;
    loop {
        let started = Instant::now();
        let head = match read_head(&mut conn, idle, config.headers_timeout).await {
            HeadEvent::Head(head) => head,
            HeadEvent::Closed => return conn.close().await,
            HeadEvent::Refuse(status) => return conn.refuse(status).await,
        };
        idle = config.keep_alive_timeout;
        let framing = match request::framing(&head) {
            Ok(framing) => framing,
            Err(e) => return conn.refuse(e.status()).await,
        };
        // Without a 'connect' listener Node destroys the socket at once.
        if head.method == "CONNECT" {
            return conn.close().await;
        }
        let mut keep_alive = request::keep_alive(&head);
        let head_request = head.method == "HEAD";
        let meta = |keep_alive: bool| Meta {
            head_request,
            keep_alive,
            keep_alive_timeout: config.keep_alive_timeout.as_secs(),
            date: if config.send_date {
                response::http_date(SystemTime::now())
            } else {
                String::new()
            },
        };
        let empty = |status| Response {
            status,
            headers: Vec::new(),
            body: Body::Chunked(Vec::new()),
        };
        // Node answers these through an ordinary response (`res.writeHead(400,
        // ['Connection', 'close'])`), not through `socketOnError`.
        if head.version == Version::HTTP_11 && head.header("host").is_none() {
            let bytes = response::serialize(&empty(400), &meta(false));
            let _ = conn.stream.write_all(&bytes).await;
            return conn.close().await;
        }
        let mut expectation_failed = false;
        if head.version == Version::HTTP_11
            && let Some(expect) = head.header("expect")
        {
            if is_100_continue(expect) {
                if conn
                    .stream
                    .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
                    .await
                    .is_err()
                {
                    return;
                }
            } else {
                // 417 goes out before the body: a client waiting for `100 Continue`
                // would otherwise wait for ever.
                expectation_failed = true;
                let bytes = response::serialize(&empty(417), &meta(keep_alive));
                if conn.stream.write_all(&bytes).await.is_err() {
                    return;
                }
            }
        }
        let deadline = started + config.request_timeout;
        let body = match read_body(
            &mut conn,
            framing,
            deadline,
            config.max_body_bytes,
        )
        .await
        {
            Ok(body) => body,
            Err(status) => return conn.refuse(status).await,
        };
        // This handler gets the whole body, like a Node handler that waits for
        // the request's 'end' (`tests/node/handler.js`). Node emits 'end' only
        // after llhttp has parsed everything the read returned, so what is
        // already buffered behind this request is judged first: a bad pipelined
        // head, or any byte after a request that closes the connection
        // (`HPE_CLOSED_CONNECTION`), is refused instead of answering this one.
        // (A Node handler that answers at once sends its 200 before llhttp
        // reaches those bytes; Node 20 then closes without the 400.)
        if keep_alive {
            match request::parse_head(&conn.buf) {
                Err(e) => return conn.refuse(e.status()).await,
                // A pipelined CONNECT is destroyed on
                // sight, taking this answer with it.
                Ok(Some((next, _))) if next.method == "CONNECT" => {
                    return conn.close().await;
                }
                Ok(_) => {}
            }
        } else if conn.buf.iter().any(|b| !matches!(b, b'\r' | b'\n')) {
            return conn.refuse(400).await;
        }
        if !expectation_failed {
            let response = handler(Request { head, body });
            let mut meta = meta(keep_alive);
            // A handler's own `Connection: close` ends the connection too.
            if response.headers.iter().any(|(n, v)| {
                n.eq_ignore_ascii_case("connection")
                    && v.eq_ignore_ascii_case("close")
            }) {
                keep_alive = false;
                meta.keep_alive = false;
            }
            let bytes = response::serialize(&response, &meta);
            if conn.stream.write_all(&bytes).await.is_err() {
                return;
            }
        }
        if !keep_alive {
            return conn.close().await;
        }
    }
    // ANCHOR_END: solution
}
// ANCHOR_END: serve_connection

// ANCHOR: solution_only
/// Node's `continueExpression`: `/(?:^|\W)100-continue(?:$|\W)/i`.
fn is_100_continue(expect: &str) -> bool {
    let lower = expect.to_ascii_lowercase();
    lower.match_indices("100-continue").any(|(at, word)| {
        let before = lower[..at].chars().next_back();
        let after = lower[at + word.len()..].chars().next();
        let boundary =
            |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        boundary(before) && boundary(after)
    })
}
// ANCHOR_END: solution_only

/// A listening HTTP server; dropping it stops accepting and ends every connection.
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    task: JoinHandle<()>,
}

impl Server {
    /// Listens on `addr` (`127.0.0.1:0` picks a free port) and serves each
    /// connection on its own task with [`serve_connection`].
    pub async fn bind(
        addr: &str,
        handler: Handler,
        config: Config,
    ) -> io::Result<Server> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let task = tokio::spawn(async move {
            // The connections live in this set: aborting the accept task drops
            // the set, which aborts every connection task with it.
            let mut connections = tokio::task::JoinSet::new();
            loop {
                tokio::select! {
                    accepted = listener.accept() => {
                        let Ok((stream, _)) = accepted else { continue };
                        // Small responses go out at once instead of waiting on Nagle.
                        let _ = stream.set_nodelay(true);
                        connections.spawn(serve_connection(stream, handler.clone(), config.clone()));
                    }
                    Some(_) = connections.join_next(), if !connections.is_empty() => {}
                }
            }
        });
        Ok(Server { addr, task })
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops the server and waits until every connection is gone.
    pub async fn close(mut self) {
        self.task.abort();
        let _ = (&mut self.task).await;
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}
