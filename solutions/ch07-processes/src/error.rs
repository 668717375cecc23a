//! Errors (错误): what can go wrong starting, talking to and waiting for a child.
//!
//! Node reports these as `error` events or thrown errors with a `code` (`ENOENT`,
//! `ERR_IPC_CHANNEL_CLOSED`…); [`ProcessError::code`] returns the same string. Book:
//! book/src/ch07-processes/spawn.md

use std::fmt;
use std::io;

/// Everything this chapter's process and channel functions can refuse.
#[derive(Debug)]
pub enum ProcessError {
    /// The program could not be started (Node:
    /// `spawn <file> ENOENT`, an `error` event).
    Spawn {
        /// The program as given (`spawnfile`).
        file: String,
        /// The errno name Node prints (`ENOENT`, `EACCES`).
        code: &'static str,
    },
    /// A signal name Node does not know (`ERR_UNKNOWN_SIGNAL`).
    UnknownSignal {
        /// The name as given.
        name: String,
    },
    /// A bounded wait ran out before the child exited.
    TimedOut {
        /// What we were waiting for.
        what: String,
    },
    /// The IPC channel is closed (`ERR_IPC_CHANNEL_CLOSED`).
    ChannelClosed,
    /// This process has no IPC channel: `NODE_CHANNEL_FD` is missing or not a number.
    NoChannel {
        /// Why, naming the variable's value.
        reason: String,
    },
    /// Any other operating-system error, with what we were doing.
    Io {
        /// What failed (`"creating the socket pair"`).
        doing: &'static str,
        /// The error itself.
        source: io::Error,
    },
}

impl ProcessError {
    /// Node's `error.code` for this error.
    pub fn code(&self) -> &'static str {
        match self {
            ProcessError::Spawn { code, .. } => code,
            ProcessError::UnknownSignal { .. } => "ERR_UNKNOWN_SIGNAL",
            ProcessError::TimedOut { .. } => "ETIMEDOUT",
            ProcessError::ChannelClosed => "ERR_IPC_CHANNEL_CLOSED",
            ProcessError::NoChannel { .. } => "ERR_IPC_NO_CHANNEL",
            ProcessError::Io { .. } => "EIO",
        }
    }

    /// An [`ProcessError::Io`] naming what failed.
    pub fn io(doing: &'static str) -> impl FnOnce(io::Error) -> ProcessError {
        move |source| ProcessError::Io { doing, source }
    }
}

impl fmt::Display for ProcessError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProcessError::Spawn { file, code } => write!(f, "spawn {file} {code}"),
            ProcessError::UnknownSignal { name } => {
                write!(f, "unknown signal: {name}")
            }
            ProcessError::TimedOut { what } => {
                write!(f, "timed out waiting for {what}")
            }
            ProcessError::ChannelClosed => write!(f, "channel closed"),
            ProcessError::NoChannel { reason } => {
                write!(f, "no IPC channel: {reason}")
            }
            ProcessError::Io { doing, source } => write!(f, "{doing}: {source}"),
        }
    }
}

impl std::error::Error for ProcessError {}
