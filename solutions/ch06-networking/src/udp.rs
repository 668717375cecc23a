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
    // ANCHOR: solution
    let mut buf = vec![0u8; capacity + 1];
    let (n, from) = socket.recv_from(&mut buf).await?;
    let truncated = n > capacity;
    buf.truncate(n.min(capacity));
    Ok(Message {
        bytes: buf,
        from,
        truncated,
    })
    // ANCHOR_END: solution
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
    // ANCHOR: solution
    let mut lines = Vec::with_capacity(count);
    for _ in 0..count {
        let message = receive(socket, capacity).await?;
        lines.push(format!(
            "server got: {} from {}:{}",
            String::from_utf8_lossy(&message.bytes),
            message.from.ip(),
            message.from.port()
        ));
        let reply = format!("got {} bytes", message.bytes.len());
        socket.send_to(reply.as_bytes(), message.from).await?;
    }
    Ok(lines)
    // ANCHOR_END: solution
}
// ANCHOR_END: serve
