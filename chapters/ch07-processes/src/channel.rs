//! The two ends of Node's IPC channel (provided): a [`Sender`] and a [`Receiver`]
//! over one end of the socket pair, speaking the wire format of [`crate::ipc`].
//!
//! Messages whose `cmd` starts with `NODE_` are Node's own (handles, their ACKs).
//! A module of its own so that a line typed into a kata in `ipc.rs` moves none of
//! this code down a line: no save makes rustc generate it again.
//! Book: book/src/ch07-processes/ipc.md

use std::collections::VecDeque;
use std::io::{IoSlice, IoSliceMut, Write};
use std::mem::MaybeUninit;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::os::unix::net::UnixStream;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rustix::net::{
    RecvAncillaryBuffer, RecvAncillaryMessage, RecvFlags, SendAncillaryBuffer,
    SendAncillaryMessage, SendFlags,
};
use serde_json::Value;

use crate::error::ProcessError;
use crate::handle;
use crate::ipc::{IpcError, LineDecoder, encode};

/// The `cmd` of a message, when it is an object with a string `cmd`.
pub fn cmd(message: &Value) -> Option<&str> {
    message.get("cmd").and_then(Value::as_str)
}

/// One thing that can happen on a channel, as Node's events name them.
#[derive(Debug)]
pub enum Event {
    /// `'message'`: a message from the other side.
    Message(Value),
    /// `'message'` with a second argument: a message and the descriptor sent with it.
    Handle {
        /// The message the sender passed beside the
        /// handle (`msg` inside `NODE_HANDLE`).
        message: Value,
        /// Node's handle type: `"net.Server"`, `"net.Socket"`.
        kind: String,
        /// The received descriptor (a listening or a connected socket).
        fd: OwnedFd,
    },
    /// `'error'`: a line that is not JSON.
    Error(IpcError),
    /// `'disconnect'`: the other side closed its end (or died).
    Disconnect,
}

/// The sending half of a channel; clones share
/// the socket, and a lock keeps lines whole.
#[derive(Debug, Clone)]
pub struct Sender {
    /// The socket, locked per message so two threads' lines never interleave.
    stream: Arc<Mutex<UnixStream>>,
}

impl Sender {
    /// Sends one message (`subprocess.send(message)` / `process.send(message)`).
    pub fn send(&self, message: &Value) -> Result<(), ProcessError> {
        self.send_line(&encode(message), None)
    }

    /// Writes one whole line; with `fd`, the descriptor travels with its first byte
    /// as an `SCM_RIGHTS` control message.
    pub fn send_line(
        &self,
        line: &[u8],
        fd: Option<BorrowedFd<'_>>,
    ) -> Result<(), ProcessError> {
        let mut stream = self.stream.lock().unwrap_or_else(|p| p.into_inner());
        let mut written = 0;
        if let Some(fd) = fd {
            let fds = [fd];
            let mut space =
                [MaybeUninit::<u8>::uninit(); rustix::cmsg_space!(ScmRights(1))];
            let mut control = SendAncillaryBuffer::new(&mut space);
            control.push(SendAncillaryMessage::ScmRights(&fds));
            written = rustix::net::sendmsg(
                stream.as_fd(),
                &[IoSlice::new(line)],
                &mut control,
                SendFlags::NOSIGNAL,
            )
            .map_err(|e| closed_or(e.into(), "sending a handle"))?;
        }
        // A long line takes several writes; the lock keeps them together.
        stream
            .write_all(&line[written..])
            .map_err(|e| closed_or(e, "writing to the IPC channel"))
    }

    /// Closes both directions (`disconnect()`): the other side reads end-of-file.
    pub fn disconnect(&self) {
        let stream = self.stream.lock().unwrap_or_else(|p| p.into_inner());
        let _ = stream.shutdown(std::net::Shutdown::Both);
    }
}

/// A broken pipe means the other side is gone: Node's `ERR_IPC_CHANNEL_CLOSED`.
fn closed_or(error: std::io::Error, doing: &'static str) -> ProcessError {
    match error.kind() {
        std::io::ErrorKind::BrokenPipe | std::io::ErrorKind::ConnectionReset => {
            ProcessError::ChannelClosed
        }
        _ => ProcessError::Io {
            doing,
            source: error,
        },
    }
}

/// The receiving half of a channel: reads,
/// decodes, and pairs descriptors with messages.
#[derive(Debug)]
pub struct Receiver {
    /// Our own handle on the socket, for reading.
    stream: UnixStream,
    /// The line splitter ([`LineDecoder::push`]).
    decoder: LineDecoder,
    /// Decoded messages not handed out yet.
    ready: VecDeque<Result<Value, IpcError>>,
    /// Descriptors received and not yet claimed
    /// by a `NODE_HANDLE` message, oldest first.
    fds: VecDeque<OwnedFd>,
    /// For the `NODE_HANDLE_ACK` a received handle needs.
    sender: Sender,
    /// True after end-of-file.
    eof: bool,
}

/// Both halves of a channel over `stream`.
pub fn channel(stream: UnixStream) -> Result<(Sender, Receiver), ProcessError> {
    let reader = stream
        .try_clone()
        .map_err(ProcessError::io("cloning the channel socket"))?;
    let sender = Sender {
        stream: Arc::new(Mutex::new(stream)),
    };
    let receiver = Receiver {
        stream: reader,
        decoder: LineDecoder::new(),
        ready: VecDeque::new(),
        fds: VecDeque::new(),
        sender: sender.clone(),
        eof: false,
    };
    Ok((sender, receiver))
}

impl Receiver {
    /// The next event, waiting at most `limit` (then `ProcessError::TimedOut`).
    ///
    /// Node's own messages are handled here: a `NODE_HANDLE` becomes
    /// [`Event::Handle`] (through [`handle::adopt`], which also acknowledges it);
    /// a `NODE_HANDLE_ACK` is consumed silently.
    pub fn recv(&mut self, limit: Duration) -> Result<Event, ProcessError> {
        let deadline = Instant::now() + limit;
        loop {
            while let Some(item) = self.ready.pop_front() {
                match item {
                    Err(error) => return Ok(Event::Error(error)),
                    Ok(message) => match cmd(&message) {
                        Some("NODE_HANDLE_ACK") => continue,
                        Some("NODE_HANDLE") => {
                            return Ok(handle::adopt(
                                message,
                                &mut self.fds,
                                &self.sender,
                            ));
                        }
                        _ => return Ok(Event::Message(message)),
                    },
                }
            }
            if self.eof {
                return Ok(Event::Disconnect);
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(ProcessError::TimedOut {
                    what: "a message on the IPC channel".to_owned(),
                });
            }
            self.read_some(deadline - now)?;
        }
    }

    /// One `recvmsg`: bytes into the decoder, descriptors into the queue.
    fn read_some(&mut self, limit: Duration) -> Result<(), ProcessError> {
        // SO_RCVTIMEO bounds recvmsg as it bounds read.
        self.stream
            .set_read_timeout(Some(limit.max(Duration::from_millis(1))))
            .map_err(ProcessError::io("setting the channel's read timeout"))?;
        let mut buffer = vec![0u8; 64 * 1024];
        let mut space =
            [MaybeUninit::<u8>::uninit(); rustix::cmsg_space!(ScmRights(8))];
        let mut control = RecvAncillaryBuffer::new(&mut space);
        let received = rustix::net::recvmsg(
            self.stream.as_fd(),
            &mut [IoSliceMut::new(&mut buffer)],
            &mut control,
            RecvFlags::CMSG_CLOEXEC,
        );
        for message in control.drain() {
            if let RecvAncillaryMessage::ScmRights(fds) = message {
                self.fds.extend(fds);
            }
        }
        match received {
            Ok(msg) if msg.bytes == 0 => {
                // A partial line at end-of-file is dropped, as Node drops it.
                self.eof = true;
                Ok(())
            }
            Ok(msg) => {
                let items = self.decoder.push(&buffer[..msg.bytes]);
                self.ready.extend(items);
                Ok(())
            }
            Err(rustix::io::Errno::AGAIN | rustix::io::Errno::INTR) => Ok(()),
            Err(rustix::io::Errno::CONNRESET) => {
                self.eof = true;
                Ok(())
            }
            Err(e) => Err(ProcessError::Io {
                doing: "reading the IPC channel",
                source: e.into(),
            }),
        }
    }

    /// The sender paired with this receiver.
    pub fn sender(&self) -> Sender {
        self.sender.clone()
    }
}
