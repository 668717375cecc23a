//! Creating a child process (创建子进程): `spawn`, `kill` and a bounded wait.
//!
//! `child_process.spawn(file, args)` starts a program and hands back its three
//! standard streams at once; nothing is buffered and there is no callback:
//! the caller reads the streams and listens for `exit`. A program that does not
//! exist is not a thrown exception but an `error` event (`spawn nope ENOENT`).
//! `exec`, `execFile` and `fork` are all built on this one function.
//! Book: book/src/ch07-processes/spawn.md

use std::os::fd::OwnedFd;
use std::process::{Child, ChildStderr, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::error::ProcessError;
use crate::exit::{self, Exit};
// ANCHOR: solution_only
use crate::signals;
// ANCHOR_END: solution_only

/// Held while a descriptor is deliberately inheritable (see [`start_inheriting`]).
///
/// Every child this crate starts goes through [`start`] or [`start_inheriting`],
/// which take this lock, so a child started on another thread at the same moment
/// cannot inherit a channel meant for somebody else.
static SPAWN_LOCK: Mutex<()> = Mutex::new(());

/// Starts `command` (whose program is `file`), mapping a failure to Node's error.
pub fn start(command: &mut Command, file: &str) -> Result<Child, ProcessError> {
    let _guard = SPAWN_LOCK.lock().unwrap_or_else(|p| p.into_inner());
    command.spawn().map_err(|e| spawn_error(file, &e))
}

/// Starts `command` with `inherited` open in the child under
/// the same number, then closes the parent's copy. This is
/// how `fork` hands the child its end of the IPC channel.
///
/// Rust opens every descriptor close-on-exec; clearing that flag on one descriptor,
/// spawning, and closing it again happens under `SPAWN_LOCK`, so no other child
/// of this process can slip in and inherit it.
pub fn start_inheriting(
    command: &mut Command,
    file: &str,
    inherited: OwnedFd,
) -> Result<Child, ProcessError> {
    let _guard = SPAWN_LOCK.lock().unwrap_or_else(|p| p.into_inner());
    rustix::io::fcntl_setfd(&inherited, rustix::io::FdFlags::empty()).map_err(
        |e| ProcessError::Io {
            doing: "making the channel inheritable",
            source: e.into(),
        },
    )?;
    let child = command.spawn().map_err(|e| spawn_error(file, &e));
    // The child has its copy now (or never will): the parent's must go, or the
    // parent would never see end-of-file when the child dies.
    drop(inherited);
    child
}

/// Node's error for a failed spawn: the errno's name (`ENOENT`, `EACCES`).
fn spawn_error(file: &str, error: &std::io::Error) -> ProcessError {
    let code = match error.kind() {
        std::io::ErrorKind::NotFound => "ENOENT",
        std::io::ErrorKind::PermissionDenied => "EACCES",
        _ => "EIO",
    };
    ProcessError::Spawn {
        file: file.to_owned(),
        code,
    }
}

/// A running (or finished) child, like Node's `ChildProcess` object.
///
/// Dropping it kills the child with SIGKILL if it still runs and reaps it,
/// so a test that panics halfway leaves no orphan and no zombie behind.
#[derive(Debug)]
pub struct ChildProcess {
    /// The child's process id.
    pub pid: u32,
    /// The program as given (`child.spawnfile`).
    pub spawnfile: String,
    /// The write end of the child's stdin, if it was piped.
    pub stdin: Option<ChildStdin>,
    /// The read end of the child's stdout, if it was piped.
    pub stdout: Option<ChildStdout>,
    /// The read end of the child's stderr, if it was piped.
    pub stderr: Option<ChildStderr>,
    /// True once [`ChildProcess::kill`] delivered a signal (`child.killed`).
    pub killed: bool,
    /// How it ended, once reaped.
    pub exit: Option<Exit>,
    /// The std handle, kept for `try_wait`.
    pub child: Child,
}

impl ChildProcess {
    /// Wraps a started std child, taking its piped streams.
    pub fn new(mut child: Child, spawnfile: &str) -> ChildProcess {
        ChildProcess {
            pid: child.id(),
            spawnfile: spawnfile.to_owned(),
            stdin: child.stdin.take(),
            stdout: child.stdout.take(),
            stderr: child.stderr.take(),
            killed: false,
            exit: None,
            child,
        }
    }

    /// Reaps the child if it has exited, without blocking; returns how it ended.
    pub fn poll_exit(&mut self) -> Option<Exit> {
        if self.exit.is_none()
            && let Ok(Some(status)) = self.child.try_wait()
        {
            self.exit = Some(exit::from_status(status));
        }
        self.exit
    }

    /// Kata `spawn::kill` — send the named signal, as `child.kill(signal)` does.
    ///
    /// **Task.** Deliver `signal` (a name such as `"SIGTERM"`) to the child and
    /// return `Ok(true)`, setting `killed`; return `Ok(false)` when the child has
    /// already exited (Node does not throw then); refuse an unknown name.
    /// **Node does.** `ChildProcess.prototype.kill` in
    /// `lib/internal/child_process.js`: `ESRCH` means "already dead" and returns
    /// `false`; an unknown name throws `ERR_UNKNOWN_SIGNAL`.
    /// **Book.** book/src/ch07-processes/spawn.md#kill
    /// **Check.** `cargo xtask check chapter-7 spawn::kill`
    // ANCHOR: kill
    pub fn kill(&mut self, signal: &str) -> Result<bool, ProcessError> {
        // ANCHOR: solution
        let number =
            signals::number(signal).ok_or_else(|| ProcessError::UnknownSignal {
                name: signal.to_owned(),
            })?;
        // A reaped child's pid may already belong to another process: never
        // signal it. An exited but unreaped child (a zombie) still owns its pid,
        // so asking the kernel first is safe.
        if self.poll_exit().is_some() {
            return Ok(false);
        }
        let (Some(pid), Some(sig)) = (
            rustix::process::Pid::from_raw(self.pid as i32),
            rustix::process::Signal::from_named_raw(number),
        ) else {
            return Err(ProcessError::UnknownSignal {
                name: signal.to_owned(),
            });
        };
        match rustix::process::kill_process(pid, sig) {
            Ok(()) => {
                self.killed = true;
                Ok(true)
            }
            Err(rustix::io::Errno::SRCH) => Ok(false),
            Err(e) => Err(ProcessError::Io {
                doing: "sending a signal",
                source: e.into(),
            }),
        }
        // ANCHOR_END: solution
    }
    // ANCHOR_END: kill

    /// Kata `spawn::wait_for` — wait for the `exit` event, but never longer than
    /// `limit`.
    ///
    /// **Task.** Reap the child and return its [`Exit`] (remember it in `exit`, so
    /// a second call answers at once). If it is still running after `limit`, return
    /// [`ProcessError::TimedOut`] and leave it running: the caller decides.
    /// **Node does.** Node never blocks: libuv's SIGCHLD handler reaps children and
    /// queues `exit`. A test cannot wait forever, so ours is bounded.
    /// **Book.** book/src/ch07-processes/spawn.md#wait-for
    /// **Check.** `cargo xtask check chapter-7 spawn::wait_for`
    // ANCHOR: wait_for
    pub fn wait_for(&mut self, limit: Duration) -> Result<Exit, ProcessError> {
        // ANCHOR: solution
        let deadline = Instant::now() + limit;
        // std has no waitpid with a timeout; polling `try_wait` with a short,
        // growing sleep keeps the latency low and the CPU idle.
        let mut pause = Duration::from_micros(200);
        loop {
            if let Some(exit) = self.poll_exit() {
                return Ok(exit);
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(ProcessError::TimedOut {
                    what: format!("{} (pid {}) to exit", self.spawnfile, self.pid),
                });
            }
            std::thread::sleep(pause.min(deadline - now));
            pause = (pause * 2).min(Duration::from_millis(10));
        }
        // ANCHOR_END: solution
    }
    // ANCHOR_END: wait_for
}

impl Drop for ChildProcess {
    fn drop(&mut self) {
        // Whatever happened to the test, the child must not outlive its handle:
        // kill it if needed, then reap it so no zombie is left in /proc.
        if self.exit.is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// How the child's three standard streams are set up (`options.stdio`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StdioMode {
    /// `'pipe'`: the parent gets a stream for each (the default).
    Pipe,
    /// `'inherit'`: the child writes to the parent's own terminal.
    Inherit,
    /// `'ignore'`: connected to `/dev/null`.
    Ignore,
}

impl StdioMode {
    /// The std value for one stream.
    pub fn to_std(self) -> Stdio {
        match self {
            StdioMode::Pipe => Stdio::piped(),
            StdioMode::Inherit => Stdio::inherit(),
            StdioMode::Ignore => Stdio::null(),
        }
    }
}

/// Kata `spawn::spawn` — start `file` with `args`, no shell, and return at once.
///
/// **Task.** Start the program with all three streams set up as `stdio` says and
/// return a [`ChildProcess`] without waiting for anything. A program that cannot
/// start is `Err(ProcessError::Spawn { code: "ENOENT", .. })`, as Node's `error`
/// event. Start it through [`start`], which every child of this crate goes through.
/// **Node does.** `child_process.spawn` in `lib/child_process.js` →
/// `ChildProcess.prototype.spawn` in `lib/internal/child_process.js`.
/// **Book.** book/src/ch07-processes/spawn.md#spawn
/// **Check.** `cargo xtask check chapter-7 spawn::spawn`
// ANCHOR: spawn
pub fn spawn(
    file: &str,
    args: &[&str],
    stdio: StdioMode,
) -> Result<ChildProcess, ProcessError> {
    // ANCHOR: solution
    let mut command = Command::new(file);
    command
        .args(args)
        .stdin(stdio.to_std())
        .stdout(stdio.to_std())
        .stderr(stdio.to_std());
    let child = start(&mut command, file)?;
    Ok(ChildProcess::new(child, file))
    // ANCHOR_END: solution
}
// ANCHOR_END: spawn
