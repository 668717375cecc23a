//! How a child ended (退出码与信号): Node's `exit` event arguments `(code, signal)`.
//!
//! A process that returns from `main` or calls `exit(3)` has an exit *code* and no
//! signal; a process killed by a signal has no code at all, only the signal.
//! Node keeps that distinction: `child.on('exit', (code, signal) => …)` gets
//! `(3, null)` or `(null, 'SIGKILL')`, never both.
//! Book: book/src/ch07-processes/spawn.md

use std::process::ExitStatus;

// ANCHOR: solution_only
use std::os::unix::process::ExitStatusExt;

use crate::signals;
// ANCHOR_END: solution_only

/// The arguments of Node's `exit` event: exactly one of the two is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exit {
    /// The exit code, when the child exited by itself (`null` in Node when killed).
    pub code: Option<i32>,
    /// The signal's name (`"SIGTERM"`), when a signal ended the child.
    pub signal: Option<&'static str>,
}

impl Exit {
    /// True for `(0, null)`: the only ending Node's `exec` does not call an error.
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }
}

/// Kata `exit::from_status` — what `waitpid` said, as Node's `(code, signal)`.
///
/// **Task.** Return the exit code when the child exited, or the signal's *name*
/// (`"SIGKILL"`, not `9`) when a signal killed it; the other field is `None`.
/// **Node does.** `lib/internal/child_process.js`, `onexit(exitCode, signalCode)`:
/// a signalled child leaves `exitCode` null and sets `signalCode`.
/// **Book.** book/src/ch07-processes/spawn.md#exit
/// **Check.** `cargo xtask check chapter-7 exit::from_status`
// ANCHOR: from_status
pub fn from_status(status: ExitStatus) -> Exit {
    // ANCHOR: solution
    // `code()` is `None` exactly when a signal ended the process, and
    // `signal()` is `Some` exactly then, so the two never both hold a value.
    Exit {
        code: status.code(),
        signal: status
            .signal()
            .map(|number| signals::name(number).unwrap_or("SIGUNKNOWN")),
    }
    // ANCHOR_END: solution
}
// ANCHOR_END: from_status
