//! The client side (客户端): `http.request` over one connection, and an agent
//! that pools connections with a `maxSockets` limit and keep-alive reuse.
//!
//! Node's `http.request` never opens a socket itself: it asks an `http.Agent`,
//! which hands out an idle kept-alive socket to the same host if it has one,
//! opens a new one while fewer than `maxSockets` are in use, and otherwise
//! queues the request until a socket is free. Since Node 19 the global agent
//! keeps sockets alive by default.
//! Book: book/src/ch06-networking/client.md

use std::io;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;
use tokio::sync::Semaphore;

use crate::chunked;
use crate::request::parse_header_line;
use crate::server::Conn;

/// A response as the client reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientResponse {
    /// The status code.
    pub status: u16,
    /// Headers in arrival order.
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked.
    pub body: Vec<u8>,
    /// The server left the connection open for another request.
    pub keep_alive: bool,
}

impl ClientResponse {
    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A protocol error as an `io::Error` (the client has no status to answer with).
fn bad(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_owned())
}

/// Kata `client::request` — send one request on `conn` and read its response.
///
/// **Task.** Write `METHOD path HTTP/1.1`, `Host`, `Content-Length` (always,
/// even 0, as Node does for `req.end(body)`), `Connection: keep-alive`, a blank
/// line and the body. Read the status line and headers (reuse
/// [`parse_header_line`]), skip any `1xx` interim response, then the body:
/// none after `HEAD` or for 204/304; `Content-Length` bytes; chunked through
/// [`chunked::decode`]; otherwise until the server closes. `keep_alive` is
/// false when the server said `Connection: close` or the body ran to the close.
/// Leave bytes after the response in `conn.buf`.
/// **Node does.** `ClientRequest` (`lib/_http_client.js`) writes the head;
/// `parserOnIncomingClient` reads the response with llhttp.
/// **Book.** book/src/ch06-networking/client.md#request
/// **Check.** `cargo xtask check chapter-6 client::request`
// ANCHOR: request
pub async fn request(
    conn: &mut Conn,
    method: &str,
    host: &str,
    path: &str,
    body: &[u8],
) -> io::Result<ClientResponse> {
    // ANCHOR: solution
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Length: {}\r\n\
         Connection: keep-alive\r\n\r\n",
        body.len()
    );
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    conn.stream.write_all(&bytes).await?;
    loop {
        // The head: up to the first blank line.
        let end = loop {
            if let Some(at) = conn.buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break at;
            }
            if conn.fill().await? == 0 {
                return Err(bad("connection closed before the response head"));
            }
        };
        let head: Vec<u8> = conn.buf.drain(..end + 4).collect();
        let mut lines = head[..end]
            .split(|&b| b == b'\n')
            .map(|l| l.strip_suffix(b"\r").unwrap_or(l));
        let status_line = lines.next().unwrap_or_default();
        let status: u16 = std::str::from_utf8(status_line)
            .ok()
            .and_then(|l| {
                l.strip_prefix("HTTP/1.1 ")
                    .or_else(|| l.strip_prefix("HTTP/1.0 "))
            })
            .and_then(|l| l.get(..3))
            .and_then(|code| code.parse().ok())
            .ok_or_else(|| bad("malformed status line"))?;
        let headers = lines
            .map(parse_header_line)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| bad(&e.to_string()))?;
        // `100 Continue` and friends come before the real answer.
        if (100..200).contains(&status) {
            continue;
        }
        let mut response = ClientResponse {
            status,
            headers,
            body: Vec::new(),
            keep_alive: true,
        };
        if response.header("connection").is_some_and(|c| {
            c.split(',').any(|t| t.trim().eq_ignore_ascii_case("close"))
        }) {
            response.keep_alive = false;
        }
        let no_body = method == "HEAD" || status == 204 || status == 304;
        if no_body {
            return Ok(response);
        }
        let chunked = response
            .header("transfer-encoding")
            .is_some_and(|te| te.to_ascii_lowercase().ends_with("chunked"));
        let length = response.header("content-length").map(str::parse::<usize>);
        if chunked {
            loop {
                match chunked::decode(&conn.buf) {
                    Ok(Some((body, used))) => {
                        conn.buf.drain(..used);
                        response.body = body;
                        return Ok(response);
                    }
                    Ok(None) => {}
                    Err(e) => return Err(bad(&e.to_string())),
                }
                if conn.fill().await? == 0 {
                    return Err(bad("connection closed inside a chunked body"));
                }
            }
        }
        if let Some(length) = length {
            let length = length.map_err(|_| bad("invalid Content-Length"))?;
            while conn.buf.len() < length {
                if conn.fill().await? == 0 {
                    return Err(bad("connection closed inside the body"));
                }
            }
            response.body = conn.buf.drain(..length).collect();
            return Ok(response);
        }
        // No framing: the body is everything until the server closes.
        while conn.fill().await? > 0 {}
        response.body = std::mem::take(&mut conn.buf);
        response.keep_alive = false;
        return Ok(response);
    }
    // ANCHOR_END: solution
}
// ANCHOR_END: request

/// A connection pool for one host, like
/// `new http.Agent({ keepAlive: true, maxSockets })`.
#[derive(Debug)]
pub struct Agent {
    /// The host's address.
    pub addr: SocketAddr,
    /// Idle kept-alive connections (`agent.freeSockets`).
    pub idle: Mutex<Vec<Conn>>,
    /// One permit per socket that may be in use at once (`maxSockets`).
    pub permits: Semaphore,
    /// How many connections were opened in all (what the tests count).
    pub created: AtomicUsize,
}

impl Agent {
    /// An agent for `addr` that uses at most `max_sockets` connections at once.
    pub fn new(addr: SocketAddr, max_sockets: usize) -> Agent {
        Agent {
            addr,
            idle: Mutex::new(Vec::new()),
            permits: Semaphore::new(max_sockets),
            created: AtomicUsize::new(0),
        }
    }

    /// Kata `client::agent_request` — one request through the pool.
    ///
    /// **Task.** Wait for a permit (at most `maxSockets` requests in flight),
    /// take the most recently freed idle connection or open a new one (count it
    /// in `created`), send the request with [`request`], and give the
    /// connection back to `idle` if the response kept it alive; drop it
    /// otherwise, or on error. Return the response and whether the connection
    /// was reused (`req.reusedSocket`).
    /// **Node does.** `Agent.prototype.addRequest`, `createSocket` and the `'free'`
    /// listener in `lib/_http_agent.js` (`scheduling: 'lifo'` since Node 15).
    /// **Book.** book/src/ch06-networking/client.md#agent
    /// **Check.** `cargo xtask check chapter-6 client::agent_request`
    // ANCHOR: agent_request
    pub async fn request(
        &self,
        method: &str,
        path: &str,
        body: &[u8],
    ) -> io::Result<(ClientResponse, bool)> {
        // ANCHOR: solution
        // The permit lives until this function returns: a queued request waits here.
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| io::Error::other("agent closed"))?;
        // `lifo`: the socket freed last is the least likely to have timed out.
        let pooled = self
            .idle
            .lock()
            .map_err(|_| io::Error::other("poisoned"))?
            .pop();
        let reused = pooled.is_some();
        let mut conn = match pooled {
            Some(conn) => conn,
            None => {
                self.created.fetch_add(1, Ordering::SeqCst);
                let stream = TcpStream::connect(self.addr).await?;
                stream.set_nodelay(true)?;
                Conn::new(stream)
            }
        };
        let host = self.addr.to_string();
        let response = request(&mut conn, method, &host, path, body).await?;
        if response.keep_alive {
            self.idle
                .lock()
                .map_err(|_| io::Error::other("poisoned"))?
                .push(conn);
        }
        Ok((response, reused))
        // ANCHOR_END: solution
    }
    // ANCHOR_END: agent_request
}
