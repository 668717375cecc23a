//! Handle passing (句柄传递): sending a socket's descriptor to another process.
//!
//! `subprocess.send(message, server)` sends the line
//! `{"cmd":"NODE_HANDLE","type":"net.Server","msg":<message>}` and, with its first
//! byte, the server's descriptor as an `SCM_RIGHTS` control message: the kernel
//! installs a duplicate in the receiver, which now owns the *same* listening socket.
//! The receiver answers `{"cmd":"NODE_HANDLE_ACK"}`; Node's sender sends no other
//! handle until that ACK arrives. Several processes can then accept on one port,
//! and the parent can close its own copy and serve through them alone.
//! Book: book/src/ch07-processes/handles.md

use std::collections::VecDeque;
use std::os::fd::{AsFd, OwnedFd};

use serde_json::Value;

use crate::channel::{Event, Sender};
use crate::error::ProcessError;
// ANCHOR: solution_only
use serde_json::json;

use crate::ipc;
// ANCHOR_END: solution_only

/// The handle types this chapter sends, by Node's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandleType {
    /// A listening socket (`net.Server`).
    NetServer,
    /// A connected socket (`net.Socket`), as the round-robin primary sends them.
    NetSocket,
}

impl HandleType {
    /// Node's name for it, the `type` field of `NODE_HANDLE`.
    pub fn node_name(self) -> &'static str {
        match self {
            HandleType::NetServer => "net.Server",
            HandleType::NetSocket => "net.Socket",
        }
    }
}

/// Kata `handle::send_handle` — `send(message, handle)`: the wrapper line plus the
/// descriptor.
///
/// **Task.** Send one line, `{"cmd":"NODE_HANDLE","type":<kind>,"msg":<message>}`,
/// with `fd` attached ([`Sender::send_line`] attaches it). Write the keys in Node's
/// order — `serde_json`'s maps sort keys, so build this line yourself.
/// **Node does.** `target._send` in `lib/internal/child_process.js` wraps the
/// message and `channel.writeUtf8String(req, string, handle)` passes the handle to
/// libuv, which sends it with `sendmsg` and `SCM_RIGHTS`.
/// **Book.** book/src/ch07-processes/handles.md#send-handle
/// **Check.** `cargo xtask check chapter-7 handle::send_handle`
// ANCHOR: send_handle
pub fn send_handle(
    sender: &Sender,
    message: &Value,
    kind: HandleType,
    fd: impl AsFd,
) -> Result<(), ProcessError> {
    // ANCHOR: solution
    let kind = Value::String(kind.node_name().to_owned());
    let line = format!(r#"{{"cmd":"NODE_HANDLE","type":{kind},"msg":{message}}}"#);
    let mut line = line.into_bytes();
    line.push(b'\n');
    // The kernel duplicates the descriptor into the receiver during sendmsg,
    // so the caller may close its own copy as soon as this returns.
    sender.send_line(&line, Some(fd.as_fd()))
    // ANCHOR_END: solution
}
// ANCHOR_END: send_handle

/// Kata `handle::adopt` — a `NODE_HANDLE` message arrived: pair it with its
/// descriptor.
///
/// **Task.** Acknowledge with `{"cmd":"NODE_HANDLE_ACK"}` (ignore a failure: the
/// sender may be gone), take the oldest received descriptor from `fds`, and return
/// [`Event::Handle`] with the inner `msg` and the `type`. A `NODE_HANDLE` with no
/// descriptor waiting is an [`Event::Error`], not a panic.
/// **Node does.** The `internalMessage` listener in `setupChannel`
/// (`lib/internal/child_process.js`): ACK first, then `handleConversion[type].got`.
/// Descriptors arrive in the order they were sent, one per `NODE_HANDLE`.
/// **Book.** book/src/ch07-processes/handles.md#adopt
/// **Check.** `cargo xtask check chapter-7 handle::adopt`
// ANCHOR: adopt
pub fn adopt(message: Value, fds: &mut VecDeque<OwnedFd>, sender: &Sender) -> Event {
    // ANCHOR: solution
    // A Node sender waits for this before it sends its next handle: forgetting
    // it stalls a Node parent's second `send(msg, handle)` forever.
    let _ = sender.send(&json!({"cmd": "NODE_HANDLE_ACK"}));
    let kind = message
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let inner = message.get("msg").cloned().unwrap_or(Value::Null);
    match fds.pop_front() {
        Some(fd) => Event::Handle {
            message: inner,
            kind,
            fd,
        },
        None => Event::Error(ipc::IpcError {
            line: message.to_string().chars().take(80).collect(),
            reason: "a NODE_HANDLE message arrived without a descriptor".to_owned(),
        }),
    }
    // ANCHOR_END: solution
}
// ANCHOR_END: adopt
