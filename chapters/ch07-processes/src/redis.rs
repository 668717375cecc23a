//! Shared state in an external store (状态共享): a tiny Redis client.
//!
//! The other way to share state is to keep it out of every Node process, in a
//! database or a cache that all workers talk to. Redis speaks RESP: a command is
//! an array of bulk strings (`*2\r\n$3\r\nGET\r\n$5\r\ncolor\r\n`), and a reply
//! starts with one byte that says its type (`+` simple string, `-` error,
//! `:` integer, `$` bulk string, `*` array). Workers learn about a change either by
//! polling (`GET` every so often) or by subscription (`SUBSCRIBE`, and the server
//! pushes each `PUBLISH`).
//! Book: book/src/ch07-processes/state.md

use std::fmt;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// One RESP2 reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// `+OK`.
    Simple(String),
    /// `-ERR …`.
    Error(String),
    /// `:42`.
    Integer(i64),
    /// `$5\r\nhello` (bytes).
    Bulk(Vec<u8>),
    /// `$-1` or `*-1`: no value.
    Nil,
    /// `*2\r\n…`: replies inside a reply.
    Array(Vec<Reply>),
}

/// A reply that is not RESP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RespError {
    /// Where in the input it went wrong.
    pub offset: usize,
    /// What was wrong there.
    pub reason: String,
}

impl fmt::Display for RespError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "malformed RESP at byte {}: {}", self.offset, self.reason)
    }
}

impl std::error::Error for RespError {}

/// Kata `redis::encode` — a command as RESP: an array of bulk strings.
///
/// **Task.** `*<count>\r\n`, then for each argument `$<byte
/// length>\r\n<bytes>\r\n`.
/// **Node does.** Nothing: this is the store's protocol (what `ioredis` or
/// `node-redis` write for you). Spec: "RESP protocol spec" on redis.io.
/// **Book.** book/src/ch07-processes/state.md#encode
/// **Check.** `cargo xtask check chapter-7 redis::encode`
// ANCHOR: encode
pub fn encode(args: &[&[u8]]) -> Vec<u8> {
    todo!("kata redis::encode")
}
// ANCHOR_END: encode

/// Kata `redis::parse` — read one reply from the front of `input`.
///
/// **Task.** Return `Ok(Some((reply, bytes used)))` for a complete reply,
/// `Ok(None)` when `input` ends before the reply does (read more, then call again),
/// and `Err` for bytes that are not RESP. Arrays nest; `$-1` and `*-1` are
/// [`Reply::Nil`].
/// **Node does.** Nothing: a Redis client library's parser does this.
/// **Book.** book/src/ch07-processes/state.md#parse
/// **Check.** `cargo xtask check chapter-7 redis::parse`
// ANCHOR: parse
pub fn parse(input: &[u8]) -> Result<Option<(Reply, usize)>, RespError> {
    todo!("kata redis::parse")
}
// ANCHOR_END: parse

/// A connection to a Redis server (blocking, one reply at a time).
#[derive(Debug)]
pub struct Client {
    /// The socket.
    stream: TcpStream,
    /// Bytes read and not yet parsed.
    buffer: Vec<u8>,
}

impl Client {
    /// Connects to `addr`; every read waits at most `limit`.
    pub fn connect(addr: SocketAddr, limit: Duration) -> std::io::Result<Client> {
        let stream = TcpStream::connect_timeout(&addr, limit)?;
        stream.set_read_timeout(Some(limit))?;
        stream.set_nodelay(true)?;
        Ok(Client {
            stream,
            buffer: Vec::new(),
        })
    }

    /// Another handle on the same connection (to shut it down from another thread).
    pub fn connection(&self) -> std::io::Result<TcpStream> {
        self.stream.try_clone()
    }

    /// Sends one command and reads its reply.
    pub fn command(&mut self, args: &[&str]) -> std::io::Result<Reply> {
        self.send(args)?;
        self.read_reply()
    }

    /// Sends one command without reading (for `SUBSCRIBE`, whose replies are pushed).
    pub fn send(&mut self, args: &[&str]) -> std::io::Result<()> {
        let args: Vec<&[u8]> = args.iter().map(|a| a.as_bytes()).collect();
        self.stream.write_all(&encode(&args))
    }

    /// Reads the next reply (a command's, or a pushed message).
    pub fn read_reply(&mut self) -> std::io::Result<Reply> {
        loop {
            match parse(&self.buffer) {
                Ok(Some((reply, used))) => {
                    self.buffer.drain(..used);
                    return Ok(reply);
                }
                Ok(None) => {}
                Err(e) => {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        e,
                    ));
                }
            }
            let mut chunk = [0u8; 4096];
            let n = self.stream.read(&mut chunk)?;
            if n == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            self.buffer.extend_from_slice(&chunk[..n]);
        }
    }
}
