//! Chapter 6 — Networking (网络编程): TCP, UDP, HTTP/1.1 and WebSocket on tokio.
//!
//! Node's `net`, `dgram` and `http` modules are thin JavaScript over libuv
//! sockets and llhttp; here the same protocols are written over tokio's sockets.
//! The katas, in book order:
//!
//! 1. [`tcp`] — the notes' greeting server, half-close, backpressure.
//! 2. [`udp`] — datagrams with their sender, truncation.
//! 3. [`request`] — the request line, headers, framing and keep-alive rules,
//!    parsed by hand with Node 20's refusals.
//! 4. [`chunked`] and [`response`] — bodies in and out.
//! 5. [`server`] — one connection's loop: pipelining, `Expect`, timeouts.
//! 6. [`client`] — `http.request` and a keep-alive agent with `maxSockets`.
//! 7. [`frame`] and [`websocket`] — RFC 6455 frames, the handshake, an echo server.
//!
//! [`sha1`] and [`protocol`] are provided.
//!
//! Book: book/src/ch06-networking/index.md

// Kata bodies are `todo!()` until you solve them, so their parameters and
// the imports a solution needs look unused, and `todo!` is the point;
// `[lints]` cannot relax these per crate.
#![allow(unused_variables, unused_imports, dead_code, clippy::todo)]

pub mod chunked;
pub mod client;
pub mod frame;
pub mod protocol;
pub mod request;
pub mod response;
pub mod server;
pub mod sha1;
pub mod tcp;
pub mod udp;
pub mod websocket;

// The tests name this crate `ch06_networking`, as code outside it would.
#[cfg(test)]
extern crate self as ch06_networking;

// The chapter's tests (tests/katas/) are a module of this crate under `cargo
// test`, so a save rebuilds one crate instead of this one and a test binary.
// The path climbs to the workspace root and back down so that the solution
// crate, one folder over, can say the same. Keep these lines: without them
// `cargo xtask check` finds no test to run.
#[cfg(test)]
#[path = "../../../chapters/ch06-networking/tests/katas/main.rs"]
mod katas;
