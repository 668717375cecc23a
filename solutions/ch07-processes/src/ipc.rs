//! Node's IPC channel (进程间通信): newline-delimited JSON over a Unix socket pair.
//!
//! `fork` gives parent and child the two ends of one `socketpair(AF_UNIX,
//! SOCK_STREAM)`. With the default `serialization: 'json'` a message is
//! `JSON.stringify(message) + '\n'`; the reader keeps a partial line until the
//! rest arrives, because a stream socket delivers bytes, not messages — a 1 MiB
//! message takes many reads, and one read may hold several messages.
//!
//! This module is that wire format, the katas. The channel that speaks it, a
//! [`Sender`](crate::channel::Sender) and a [`Receiver`](crate::channel::Receiver)
//! over the socket, is provided, in [`crate::channel`].
//! Book: book/src/ch07-processes/ipc.md

use std::fmt;

use serde_json::Value;

/// A line on the channel that is not JSON. Node 20 throws here and its process
/// dies; this model reports it as an `error` event and carries on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IpcError {
    /// The line as received (lossy UTF-8, at most 80 characters).
    pub line: String,
    /// What the JSON parser said.
    pub reason: String,
}

impl fmt::Display for IpcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unparseable message on the IPC channel ({}): {:?}",
            self.reason, self.line
        )
    }
}

impl std::error::Error for IpcError {}

/// Kata `ipc::encode` — one message as the bytes Node writes for it.
///
/// **Task.** Return the message's JSON text followed by one `'\n'`.
/// **Node does.** `lib/internal/child_process/serialization.js`, the `json` mode's
/// `writeChannelMessage`: `JSONStringify(message) + '\n'`. JSON never contains a
/// raw newline (it escapes `\n` inside strings), which is what makes the newline a
/// safe separator.
/// **Book.** book/src/ch07-processes/ipc.md#encode
/// **Check.** `cargo xtask check chapter-7 ipc::encode`
// ANCHOR: encode
pub fn encode(message: &Value) -> Vec<u8> {
    // ANCHOR: solution
    let mut line =
        serde_json::to_vec(message).expect("a JSON value always serialises");
    line.push(b'\n');
    line
    // ANCHOR_END: solution
}
// ANCHOR_END: encode

/// Splits the channel's byte stream back into messages.
#[derive(Debug, Default)]
pub struct LineDecoder {
    /// Bytes of a line whose `'\n'` has not arrived yet.
    pub pending: Vec<u8>,
}

impl LineDecoder {
    /// An empty decoder.
    pub fn new() -> LineDecoder {
        LineDecoder::default()
    }

    /// Kata `ipc::push` — feed the bytes of one read; get every message they
    /// complete.
    ///
    /// **Task.** Append `bytes` to what is pending, and return one item per
    /// complete line, in order: the parsed value, or an [`IpcError`] for a line
    /// that is not JSON (the lines after it still count). Keep the unfinished tail
    /// for the next call. A read may end in the middle of a line, or in the middle
    /// of a UTF-8 character.
    /// **Node does.** `parseChannelMessages` in
    /// `lib/internal/child_process/serialization.js` (a `StringDecoder`, then
    /// `split('\n')`, the last piece kept as `jsonBuffer`).
    /// **Book.** book/src/ch07-processes/ipc.md#push
    /// **Check.** `cargo xtask check chapter-7 ipc::push`
    // ANCHOR: push
    pub fn push(&mut self, bytes: &[u8]) -> Vec<Result<Value, IpcError>> {
        // ANCHOR: solution
        self.pending.extend_from_slice(bytes);
        let mut messages = Vec::new();
        // Work on bytes, not `str`: a multi-byte character split across two reads
        // is only valid once both halves are here, and `'\n'` (0x0a) never occurs
        // inside a UTF-8 sequence, so splitting bytes at it is safe.
        let mut start = 0;
        while let Some(offset) =
            self.pending[start..].iter().position(|&b| b == b'\n')
        {
            let line = &self.pending[start..start + offset];
            messages.push(serde_json::from_slice(line).map_err(|e| IpcError {
                line: String::from_utf8_lossy(line).chars().take(80).collect(),
                reason: e.to_string(),
            }));
            start += offset + 1;
        }
        self.pending.drain(..start);
        messages
        // ANCHOR_END: solution
    }
    // ANCHOR_END: push
}
