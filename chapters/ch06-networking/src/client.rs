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
    todo!("kata client::request")
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
        todo!("kata client::agent_request")
    }
    // ANCHOR_END: agent_request
}
