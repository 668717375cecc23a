//! UDP (构建UDP服务): datagrams, the sender's address, and truncation.
//!
//! A UDP socket has no connection and no stream: each `send` is one datagram
//! and each receive gets one whole datagram or its truncated front, plus the
//! address it came from (Node's `rinfo`). Node's `dgram` reads into a 64 KiB
//! buffer; a datagram longer than the buffer loses its tail, as the OS does.
//! Book: book/src/ch06-networking/udp.md

use std::io;
use std::net::SocketAddr;

use tokio::net::UdpSocket;

/// One received datagram.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The bytes received (at most the buffer's size).
    pub bytes: Vec<u8>,
    /// Who sent it (`rinfo.address`, `rinfo.port`).
    pub from: SocketAddr,
    /// The datagram was longer than the buffer and lost its tail.
    pub truncated: bool,
}

/// Kata `udp::receive` — one datagram into a buffer of `capacity` bytes.
///
/// **Task.** Receive one datagram with its sender, keeping at most `capacity`
/// bytes of it. The OS silently drops what does not fit in the buffer it is
/// given; report whether that happened as `truncated`.
/// **Node does.** `'message'` with `(msg, rinfo)` from `onMessage` in
/// `lib/dgram.js`; libuv's `uv__udp_recvmsg` passes `UV_UDP_PARTIAL` on `MSG_TRUNC`.
/// **Book.** book/src/ch06-networking/udp.md#receive
/// **Check.** `cargo xtask check chapter-6 udp::receive`
// ANCHOR: receive
pub async fn receive(socket: &UdpSocket, capacity: usize) -> io::Result<Message> {
    todo!("kata udp::receive")
}
// ANCHOR_END: receive

/// Kata `udp::serve` — the notes' `dgram` server, answering each sender.
///
/// **Task.** Receive `count` datagrams (buffer of `capacity` bytes). For each,
/// record the notes' line `server got: <text> from <address>:<port>` (lossy
/// UTF-8) and send `got <n> bytes` back to the sender's address. Return the lines.
/// **Node does.** `server.on('message', (msg, rinfo) => …)`; replies go out with
/// `server.send(buf, rinfo.port, rinfo.address)`.
/// **Book.** book/src/ch06-networking/udp.md#serve
/// **Check.** `cargo xtask check chapter-6 udp::serve`
// ANCHOR: serve
pub async fn serve(
    socket: &UdpSocket,
    count: usize,
    capacity: usize,
) -> io::Result<Vec<String>> {
    todo!("kata udp::serve")
}
// ANCHOR_END: serve
