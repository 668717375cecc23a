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
// ANCHOR: solution_only
use std::sync::mpsc;
// ANCHOR_END: solution_only

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
    // ANCHOR: solution
    let mut child = child;
    let (sink, chunks) = mpsc::channel();
    let mut open = 0;
    if let Some(stdout) = child.stdout.take() {
        pump(stdout, sink.clone(), Chunk::Stdout);
        open += 1;
    }
    if let Some(stderr) = child.stderr.take() {
        pump(stderr, sink.clone(), Chunk::Stderr);
        open += 1;
    }
    drop(sink);

    let started = Instant::now();
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let mut over: Option<&'static str> = None;
    let mut timed_out = false;
    let mut exited_at: Option<Instant> = None;
    loop {
        if exited_at.is_none() && child.poll_exit().is_some() {
            exited_at = Some(Instant::now());
        }
        // Done when the child is reaped and both pipes are closed, or when the
        // pipes stay open too long after the exit (a grandchild holds them).
        if let Some(at) = exited_at
            && (open == 0 || at.elapsed() >= DRAIN_GRACE)
        {
            break;
        }
        if let Some(limit) = options.timeout
            && !timed_out
            && exited_at.is_none()
            && started.elapsed() >= limit
        {
            timed_out = true;
            let _ = child.kill(options.kill_signal);
        }
        match chunks.recv_timeout(Duration::from_millis(2)) {
            Ok(Chunk::Closed) => open -= 1,
            // A stream over its limit keeps exactly `max_buffer` bytes (`take_within`
            // appends nothing more); the first stream to overflow names the error.
            Ok(Chunk::Stdout(bytes)) => {
                if take_within(&mut stdout, &bytes, options.max_buffer)
                    && over.is_none()
                {
                    over = Some("stdout");
                    let _ = child.kill(options.kill_signal);
                }
            }
            Ok(Chunk::Stderr(bytes)) => {
                if take_within(&mut stderr, &bytes, options.max_buffer)
                    && over.is_none()
                {
                    over = Some("stderr");
                    let _ = child.kill(options.kill_signal);
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => open = 0,
        }
    }
    let stdout = String::from_utf8_lossy(&stdout).into_owned();
    let stderr = String::from_utf8_lossy(&stderr).into_owned();
    let cmd = cmd.to_owned();
    if let Some(stream) = over {
        return Err(ExecError::MaxBuffer {
            cmd,
            stream,
            stdout,
            stderr,
        });
    }
    let exit = child
        .exit
        .expect("the loop ends only after the child is reaped");
    if exit.success() {
        return Ok(ExecOutput { stdout, stderr });
    }
    Err(ExecError::Failed {
        cmd,
        code: exit.code,
        signal: exit.signal,
        // `killed` is about who sent the signal: a child that killed itself
        // (`kill -9 $$`) has a signal but `killed: false`.
        killed: child.killed,
        stdout,
        stderr,
    })
    // ANCHOR_END: solution
}
// ANCHOR_END: buffered

// ANCHOR: solution_only
/// Appends what fits under `limit`; true when
/// `bytes` did not all fit (the limit is crossed).
fn take_within(buffer: &mut Vec<u8>, bytes: &[u8], limit: usize) -> bool {
    let room = limit.saturating_sub(buffer.len());
    if bytes.len() > room {
        buffer.extend_from_slice(&bytes[..room]);
        true
    } else {
        buffer.extend_from_slice(bytes);
        false
    }
}
// ANCHOR_END: solution_only

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
    // ANCHOR: solution
    let cmd = std::iter::once(file)
        .chain(args.iter().copied())
        .collect::<Vec<_>>()
        .join(" ");
    let mut command = std::process::Command::new(file);
    command
        .args(args)
        .stdin(StdioMode::Ignore.to_std())
        .stdout(StdioMode::Pipe.to_std())
        .stderr(StdioMode::Pipe.to_std());
    let child = match spawn::start(&mut command, file) {
        Ok(child) => ChildProcess::new(child, file),
        Err(ProcessError::Spawn { code, .. }) => {
            return Err(ExecError::Spawn { cmd, code });
        }
        Err(_) => return Err(ExecError::Spawn { cmd, code: "EIO" }),
    };
    buffered(child, &cmd, options)
    // ANCHOR_END: solution
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
    // ANCHOR: solution
    // Node's error.cmd for exec is the command string, not "/bin/sh -c …".
    match exec_file("/bin/sh", &["-c", command], options) {
        Err(ExecError::Failed {
            code,
            signal,
            killed,
            stdout,
            stderr,
            ..
        }) => Err(ExecError::Failed {
            cmd: command.to_owned(),
            code,
            signal,
            killed,
            stdout,
            stderr,
        }),
        Err(ExecError::MaxBuffer {
            stream,
            stdout,
            stderr,
            ..
        }) => Err(ExecError::MaxBuffer {
            cmd: command.to_owned(),
            stream,
            stdout,
            stderr,
        }),
        other => other,
    }
    // ANCHOR_END: solution
}
// ANCHOR_END: exec
