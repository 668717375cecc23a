//! `fork` (创建子进程): a child with an IPC channel, Node's way.
//!
//! Node's `fork(modulePath)` is `spawn(process.execPath, [modulePath])` plus one
//! extra stdio entry, `'ipc'`: libuv makes a Unix socket pair, leaves one end open in
//! the child, and tells the child its number in the environment variable
//! `NODE_CHANNEL_FD` (with `NODE_CHANNEL_SERIALIZATION_MODE=json`). A Node child sees
//! the variable at start-up and gains `process.send` and `process.on('message')`. Any
//! program that speaks the wire format can sit on either end: a Rust parent can fork
//! a Node child, and a Node parent can fork a Rust child (`execPath`). Book:
//! book/src/ch07-processes/ipc.md

use std::os::unix::net::UnixStream;
use std::process::Command;

use crate::channel::{self, Receiver, Sender};
use crate::error::ProcessError;
use crate::spawn::{self, ChildProcess, StdioMode};
// ANCHOR: solution_only
use std::os::fd::{AsRawFd, OwnedFd};
// ANCHOR_END: solution_only

/// The environment variable naming the child's end of the channel.
pub const CHANNEL_FD_VAR: &str = "NODE_CHANNEL_FD";
/// The environment variable naming the serialization (`json` or `advanced`).
pub const SERIALIZATION_VAR: &str = "NODE_CHANNEL_SERIALIZATION_MODE";

/// A forked child and both halves of its channel.
#[derive(Debug)]
pub struct Forked {
    /// The child process (killed and reaped when dropped).
    pub child: ChildProcess,
    /// `subprocess.send(…)`.
    pub sender: Sender,
    /// `subprocess.on('message' | 'disconnect', …)`.
    pub receiver: Receiver,
}

/// Options for [`fork`].
#[derive(Debug, Clone)]
pub struct ForkOptions {
    /// Extra environment variables for the child.
    pub env: Vec<(String, String)>,
    /// stdin, stdout and stderr (Node's default for `fork` is `'inherit'`).
    pub stdio: StdioMode,
}

impl Default for ForkOptions {
    fn default() -> Self {
        ForkOptions {
            env: Vec::new(),
            stdio: StdioMode::Inherit,
        }
    }
}

/// Kata `fork::fork` — start `program` with a Node IPC channel.
///
/// **Task.** Make a Unix stream socket pair; start the program (through
/// [`spawn::start_inheriting`], which keeps exactly the child's end open in the
/// child and closes the parent's copy) with `NODE_CHANNEL_FD` set to that end's
/// descriptor number and `NODE_CHANNEL_SERIALIZATION_MODE=json`, plus
/// `options.env`; keep the other end as the channel ([`channel::channel`]).
/// **Node does.** `fork` in `lib/child_process.js` adds `'ipc'` to `stdio`;
/// `ChildProcess.prototype.spawn` in `lib/internal/child_process.js` pushes
/// `NODE_CHANNEL_FD=<fd>` onto the environment and calls `setupChannel`.
/// **Book.** book/src/ch07-processes/ipc.md#fork
/// **Check.** `cargo xtask check chapter-7 fork::fork`
// ANCHOR: fork
pub fn fork(
    program: &str,
    args: &[&str],
    options: &ForkOptions,
) -> Result<Forked, ProcessError> {
    // ANCHOR: solution
    let (ours, theirs) =
        UnixStream::pair().map_err(ProcessError::io("creating the socket pair"))?;
    let theirs = OwnedFd::from(theirs);
    let mut command = Command::new(program);
    command
        .args(args)
        .env(CHANNEL_FD_VAR, theirs.as_raw_fd().to_string())
        .env(SERIALIZATION_VAR, "json")
        .envs(options.env.iter().map(|(k, v)| (k, v)))
        .stdin(options.stdio.to_std())
        .stdout(options.stdio.to_std())
        .stderr(options.stdio.to_std());
    // The child keeps `theirs` under the same number; the parent's copy is closed
    // inside, so the child's death is end-of-file on `ours`.
    let child = spawn::start_inheriting(&mut command, program, theirs)?;
    let (sender, receiver) = channel::channel(ours)?;
    Ok(Forked {
        child: ChildProcess::new(child, program),
        sender,
        receiver,
    })
    // ANCHOR_END: solution
}
// ANCHOR_END: fork

/// In a forked child: the channel named by `NODE_CHANNEL_FD`.
pub fn channel_from_env() -> Result<(Sender, Receiver), ProcessError> {
    channel::channel(raw_channel_from_env()?)
}

/// In a forked child: the socket named by `NODE_CHANNEL_FD`, as a plain stream.
///
/// Safe Rust cannot turn a bare number into an owned descriptor, so the child asks
/// the kernel for a duplicate of its own descriptor `N` with `pidfd_getfd(2)`
/// (allowed on oneself, Linux 5.6+). The original stays open; `disconnect` shuts the
/// socket down, which both copies share.
pub fn raw_channel_from_env() -> Result<UnixStream, ProcessError> {
    let value =
        std::env::var(CHANNEL_FD_VAR).map_err(|_| ProcessError::NoChannel {
            reason: format!("{CHANNEL_FD_VAR} is not set"),
        })?;
    let number: i32 = value.trim().parse().map_err(|_| ProcessError::NoChannel {
        reason: format!("{CHANNEL_FD_VAR}={value:?} is not a descriptor number"),
    })?;
    let me = rustix::process::getpid();
    let pidfd = rustix::process::pidfd_open(me, rustix::process::PidfdFlags::empty())
        .map_err(|e| ProcessError::Io {
            doing: "opening a pidfd on this process",
            source: e.into(),
        })?;
    let fd = rustix::process::pidfd_getfd(
        &pidfd,
        number,
        rustix::process::PidfdGetfdFlags::empty(),
    )
    .map_err(|e| ProcessError::NoChannel {
        reason: format!("descriptor {number} from {CHANNEL_FD_VAR}: {e}"),
    })?;
    Ok(UnixStream::from(fd))
}
