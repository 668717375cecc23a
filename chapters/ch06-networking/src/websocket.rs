//! WebSocket (构建WebSocket服务): the upgrade handshake and a message-level session.
//!
//! A WebSocket starts as an HTTP/1.1 `GET` with `Upgrade: websocket`; the server
//! proves it understood by hashing the client's key, answers `101 Switching
//! Protocols`, and from then on both sides exchange frames ([`crate::frame`])
//! on the same TCP connection. Node's `http` server hands such a request to its
//! `'upgrade'` listener; the `ws` package does the rest. Here [`serve`] is that
//! listener, echoing every message back.
//! Book: book/src/ch06-networking/websocket.md

use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use crate::frame::{self, Frame};
use crate::request::{RequestHead, Version};
use crate::server::{self, Conn, HeadEvent};
use crate::sha1;

/// The GUID RFC 6455 §1.3 appends to every key before hashing.
pub const GUID: &str = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/// The largest message [`serve`] accepts by default; bigger is closed with 1009.
/// (The `ws` package's `maxPayload` default is 100 MiB; ours is smaller for tests.)
pub const MAX_MESSAGE: usize = 1024 * 1024;

/// Kata `websocket::accept_key` — `Sec-WebSocket-Accept` for a `Sec-WebSocket-Key`.
///
/// **Task.** base64 of the SHA-1 digest of the key, exactly as given, followed
/// by [`GUID`]. [`sha1::sha1`] and [`sha1::base64`] are provided.
/// **Node does.** `createHash('sha1').update(key + GUID).digest('base64')` in
/// the `ws` package's `lib/websocket-server.js`.
/// **Book.** book/src/ch06-networking/websocket.md#accept-key
/// **Check.** `cargo xtask check chapter-6 websocket::accept_key`
// ANCHOR: accept_key
pub fn accept_key(key: &str) -> String {
    todo!("kata websocket::accept_key")
}
// ANCHOR_END: accept_key

/// Why an upgrade request is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandshakeError {
    /// Not `GET` (405, as the `ws` package answers).
    NotGet,
    /// Not HTTP/1.1, or no `Upgrade: websocket`, or no `upgrade` token in
    /// `Connection` (400). Stricter than Node with `ws`, as RFC 6455 asks: `ws`
    /// refuses only an `Upgrade` other than `websocket` here and accepts
    /// HTTP/1.0, and Node's parser hands a request without `Upgrade` or the
    /// token to `'request'`, not to `'upgrade'`.
    NotUpgrade,
    /// `Sec-WebSocket-Version` is missing or not 13 (400; `ws` takes 8 too).
    BadVersion,
    /// `Sec-WebSocket-Key` is missing or not 16 bytes in base64 (400).
    BadKey,
}

impl HandshakeError {
    /// The status the refusal is sent with.
    pub fn status(self) -> u16 {
        match self {
            HandshakeError::NotGet => 405,
            _ => 400,
        }
    }
}

/// Kata `websocket::handshake` — judge an upgrade request and write the 101 answer.
///
/// **Task.** Accept only an HTTP/1.1 `GET` whose `Upgrade` is `websocket` and
/// whose `Connection` list holds `upgrade` (both without case),
/// `Sec-WebSocket-Version: 13`, and a `Sec-WebSocket-Key` of 22 base64
/// characters followed by `==` (16 bytes). Answer
/// `HTTP/1.1 101 Switching Protocols` with `Upgrade: websocket`,
/// `Connection: Upgrade` and `Sec-WebSocket-Accept`, then a blank line.
/// **Node does.** `WebSocketServer.handleUpgrade` and `completeUpgrade` in the
/// `ws` package (`lib/websocket-server.js`).
/// **Book.** book/src/ch06-networking/websocket.md#handshake
/// **Check.** `cargo xtask check chapter-6 websocket::handshake`
// ANCHOR: handshake
pub fn handshake(head: &RequestHead) -> Result<Vec<u8>, HandshakeError> {
    todo!("kata websocket::handshake")
}
// ANCHOR_END: handshake

/// What a session hands up after a frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A whole text message (fragments joined, valid UTF-8).
    Text(String),
    /// A whole binary message.
    Binary(Vec<u8>),
    /// A ping: answer with a pong carrying the same payload.
    Ping(Vec<u8>),
    /// A pong (answer to our ping, or unsolicited): nothing to do.
    Pong(Vec<u8>),
    /// The peer starts or answers the close handshake.
    Close {
        /// The status code, if the frame had one.
        code: Option<u16>,
        /// The reason text.
        reason: String,
    },
}

/// The receiving side of one server connection: reassembles fragmented messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The opcode and bytes of a message whose last fragment has not arrived.
    pub partial: Option<(u8, Vec<u8>)>,
    /// The largest message accepted; more is closed with 1009.
    pub max_message: usize,
}

impl Session {
    /// A session with nothing pending.
    pub fn new(max_message: usize) -> Session {
        Session {
            partial: None,
            max_message,
        }
    }

    /// Kata `websocket::receive` — one frame from the client in, maybe one event out.
    ///
    /// **Task.** Apply the rules a server enforces, answering `Err(close code)`:
    /// an unmasked frame, RSV bits (no extension was agreed), a continuation with
    /// no message started, or a new text/binary frame while one is unfinished are
    /// 1002; a message over `max_message` is 1009; a text message that is not
    /// UTF-8 once whole is 1007. A close frame's payload is empty or a 2-byte
    /// code (1000–1003, 1007–1014 or 3000–4999; else 1002) plus a UTF-8 reason
    /// (else 1007); 1 byte is 1002. Control frames may arrive between fragments.
    /// **Node does.** `Receiver.getInfo`, `controlMessage` and `dataMessage` in the
    /// `ws` package (`lib/receiver.js`); `isValidStatusCode` in `lib/validation.js`.
    /// **Book.** book/src/ch06-networking/websocket.md#receive
    /// **Check.** `cargo xtask check chapter-6 websocket::receive`
    // ANCHOR: receive
    pub fn receive(&mut self, frame: Frame) -> Result<Option<Event>, u16> {
        todo!("kata websocket::receive")
    }
    // ANCHOR_END: receive
}

/// A close frame carrying `code` (what a server sends to end with an error).
pub fn close_frame(code: u16) -> Frame {
    Frame::new(frame::CLOSE, code.to_be_bytes().to_vec())
}

/// Kata `websocket::serve` — an echo WebSocket server for one connection.
///
/// **Task.** Read the upgrade request with [`server::read_head`]; refuse a bad
/// one with [`crate::response::refusal`] of its status. Write the 101, then read
/// frames with [`frame::decode`] and feed them to a [`Session`]: echo text and
/// binary messages as one frame each, answer a ping with a pong of the same
/// payload, answer a close with a close of the same code (none if it had none)
/// and end. A frame or session error sends a close frame with its code and ends.
/// FIN from the client ends too.
/// **Node does.** The `ws` package's `WebSocket` (`lib/websocket.js`):
/// `receiverOnPing` → `pong`, `receiverOnConclude` → `close`, `receiverOnError`
/// → `close(err[kStatusCode])`.
/// **Book.** book/src/ch06-networking/websocket.md#serve
/// **Check.** `cargo xtask check chapter-6 websocket::serve`
// ANCHOR: serve
pub async fn serve(stream: TcpStream, max_message: usize) {
    todo!("kata websocket::serve")
}
// ANCHOR_END: serve

/// A listening WebSocket echo server; dropping it ends every connection.
#[derive(Debug)]
pub struct WsServer {
    addr: SocketAddr,
    task: JoinHandle<()>,
}

impl WsServer {
    /// Listens on `addr` and runs [`serve`] for each connection.
    pub async fn bind(addr: &str, max_message: usize) -> io::Result<WsServer> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let task = tokio::spawn(async move {
            let mut connections = tokio::task::JoinSet::new();
            loop {
                tokio::select! {
                    accepted = listener.accept() => {
                        let Ok((stream, _)) = accepted else { continue };
                        let _ = stream.set_nodelay(true);
                        connections.spawn(serve(stream, max_message));
                    }
                    Some(_) = connections.join_next(), if !connections.is_empty() => {}
                }
            }
        });
        Ok(WsServer { addr, task })
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for WsServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}
