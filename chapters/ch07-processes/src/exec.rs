//! `exec` and `execFile` (创建子进程): run a
//! command, buffer its output, call back once.
//!
//! Both start the child with `spawn`, collect stdout and stderr into strings,
//! and report once, when the child is gone: `(error, stdout, stderr)`.
//! Two guards kill the child on the caller's behalf: `timeout` (send
//! `killSignal`, default SIGTERM, after that many milliseconds) and `maxBuffer`
//! (more output than this on one stream kills it too). The difference between
//! the two is the shell: `exec(command)` runs `/bin/sh -c command`, so whatever the
//! string says — `;`, `$(…)`, `|` — the shell obeys; `execFile(file, args)` passes
//! each argument to the program as it is, and no shell ever reads it.
//! Book: book/src/ch07-processes/exec.md

use std::fmt;
use std::io::Read;
use std::time::{Duration, Instant};

use crate::error::ProcessError;
use crate::spawn::{self, ChildProcess, StdioMode};

/// Node's default `maxBuffer`: 1 MiB per stream since Node 12 (200 KiB before).
pub const DEFAULT_MAX_BUFFER: usize = 1024 * 1024;

/// How long output may keep arriving after the
/// child exited (a grandchild may hold the pipe).
pub const DRAIN_GRACE: Duration = Duration::from_millis(200);

/// The options `exec` and `execFile` share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecOptions {
    /// Kill the child with `kill_signal` after this long (`timeout`; `None` = never).
    pub timeout: Option<Duration>,
    /// Bytes allowed on stdout and on stderr, each (`maxBuffer`).
    pub max_buffer: usize,
    /// The signal `timeout` and `maxBuffer` send (`killSignal`).
    pub kill_signal: &'static str,
}

impl Default for ExecOptions {
    fn default() -> Self {
        ExecOptions {
            timeout: None,
            max_buffer: DEFAULT_MAX_BUFFER,
            kill_signal: "SIGTERM",
        }
    }
}

/// What the callback gets when the command succeeded (exit code 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecOutput {
    /// Everything the child wrote to stdout.
    pub stdout: String,
    /// Everything the child wrote to stderr.
    pub stderr: String,
}

/// What the callback's `error` says, one variant per way Node fails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExecError {
    /// The program could not start (`spawn nope ENOENT`; `code` is the errno name).
    Spawn {
        /// `error.cmd`: the command line.
        cmd: String,
        /// The errno name.
        code: &'static str,
    },
    /// The child ran and exited non-zero or was killed:
    /// `Command failed: <cmd>\n<stderr>`.
    Failed {
        /// `error.cmd`.
        cmd: String,
        /// `error.code`: the exit code, or `None` when a signal ended it.
        code: Option<i32>,
        /// `error.signal`: the signal's name, when one ended it.
        signal: Option<&'static str>,
        /// `error.killed`: true when *we* sent the signal (the timeout).
        killed: bool,
        /// What arrived on stdout before the end.
        stdout: String,
        /// What arrived on stderr before the end.
        stderr: String,
    },
    /// A stream went over `maxBuffer`; the child was killed
    /// (`ERR_CHILD_PROCESS_STDIO_MAXBUFFER`).
    MaxBuffer {
        /// `error.cmd`.
        cmd: String,
        /// `"stdout"` or `"stderr"`.
        stream: &'static str,
        /// stdout, cut at `maxBuffer` bytes.
        stdout: String,
        /// stderr, cut at `maxBuffer` bytes.
        stderr: String,
    },
}

impl ExecError {
    /// Node's `error.code` as a string: the exit code, the errno or the error's code.
    pub fn code(&self) -> Option<String> {
        match self {
            ExecError::Spawn { code, .. } => Some((*code).to_owned()),
            ExecError::Failed { code, .. } => code.map(|c| c.to_string()),
            ExecError::MaxBuffer { .. } => {
                Some("ERR_CHILD_PROCESS_STDIO_MAXBUFFER".to_owned())
            }
        }
    }
}

impl fmt::Display for ExecError {
    /// Node's `error.message`, exactly.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExecError::Spawn { cmd, code } => write!(f, "spawn {cmd} {code}"),
            ExecError::Failed { cmd, stderr, .. } => {
                write!(f, "Command failed: {cmd}\n{stderr}")
            }
            ExecError::MaxBuffer { stream, .. } => {
                write!(f, "{stream} maxBuffer length exceeded")
            }
        }
    }
}

impl std::error::Error for ExecError {}

/// One piece of output, tagged with its stream, as the reader threads send it.
#[derive(Debug)]
pub enum Chunk {
    /// Bytes from stdout.
    Stdout(Vec<u8>),
    /// Bytes from stderr.
    Stderr(Vec<u8>),
    /// One of the two streams reached end-of-file.
    Closed,
}

/// Reads `stream` to its end on a thread, sending each piece through `sink`.
pub fn pump(
    mut stream: impl Read + Send + 'static,
    sink: std::sync::mpsc::Sender<Chunk>,
    wrap: fn(Vec<u8>) -> Chunk,
) {
    std::thread::spawn(move || {
        let mut buffer = vec![0u8; 64 * 1024];
        loop {
            match stream.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if sink.send(wrap(buffer[..n].to_vec())).is_err() {
                        return;
                    }
                }
            }
        }
        let _ = sink.send(Chunk::Closed);
    });
}

/// Kata `exec::buffered` — run a started child to its end, buffering its output.
///
/// **Task.** Collect `child`'s stdout and stderr until the child has exited and
/// both streams are closed (allow [`DRAIN_GRACE`] after the exit for a grandchild
/// that holds a pipe). Enforce `options.timeout` (send `kill_signal`; the error
/// says `killed: true`) and `options.max_buffer` (keep exactly `max_buffer` bytes,
/// kill the child, `ExecError::MaxBuffer`). A non-zero exit or a signal is
/// `ExecError::Failed` with what arrived. Output is UTF-8 (lossy), as with
/// `encoding: 'utf8'`. Use [`pump`] to read the two pipes without blocking each
/// other.
/// **Node does.** `execFile` in `lib/child_process.js`: `exithandler`, `kill()`,
/// the `timeout` timer and the `maxBuffer` check in the `data` listeners.
/// **Book.** book/src/ch07-processes/exec.md#buffered
/// **Check.** `cargo xtask check chapter-7 exec::buffered`
// ANCHOR: buffered
pub fn buffered(
    child: ChildProcess,
    cmd: &str,
    options: &ExecOptions,
) -> Result<ExecOutput, ExecError> {
    todo!("kata exec::buffered")
}
// ANCHOR_END: buffered

/// Kata `exec::exec_file` — `execFile(file, args, options, callback)`: no shell.
///
/// **Task.** Start `file` with `args` exactly as given (stdin ignored, stdout and
/// stderr piped) and buffer it to the end. The command line Node reports
/// (`error.cmd`) is `file` and the arguments joined by spaces. A program that
/// cannot start is `ExecError::Spawn`.
/// **Node does.** `execFile` in `lib/child_process.js`; `args` reach the program's
/// `argv` untouched, so `;` or `$(…)` in them is just text.
/// **Book.** book/src/ch07-processes/exec.md#exec-file
/// **Check.** `cargo xtask check chapter-7 exec::exec_file`
// ANCHOR: exec_file
pub fn exec_file(
    file: &str,
    args: &[&str],
    options: &ExecOptions,
) -> Result<ExecOutput, ExecError> {
    todo!("kata exec::exec_file")
}
// ANCHOR_END: exec_file

/// Kata `exec::exec` — `exec(command, options, callback)`: the same, through a
/// shell.
///
/// **Task.** Run `command` with `/bin/sh -c`, buffered like [`exec_file`]; the
/// reported command line is `command` itself.
/// **Node does.** `exec` in `lib/child_process.js` normalises its arguments to
/// `execFile('/bin/sh', ['-c', command], { shell: true })`.
/// **Book.** book/src/ch07-processes/exec.md#exec
/// **Check.** `cargo xtask check chapter-7 exec::exec`
// ANCHOR: exec
pub fn exec(command: &str, options: &ExecOptions) -> Result<ExecOutput, ExecError> {
    todo!("kata exec::exec")
}
// ANCHOR_END: exec
