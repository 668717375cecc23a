//! Chapter 7 katas: one test binary, one module per source file, in book order.
//!
//! A test's path starts with its kata's name (`spawn::kill::…`), which is how
//! `cargo xtask check chapter-7 spawn::kill` finds it. The same file is compiled
//! against the learner's crate and against the reference solution.
//!
//! Every child is real. Each test notes the pids it started and proves at the end,
//! by reading `/proc`, that none of them is still a child of this process — neither
//! running nor a zombie. Under nextest (one process per test) it also proves that
//! the test process has no children at all.

// A learner's `cargo xtask check` compiles only the tests of katas begun and
// the first not begun: each kata's module is behind `#[cfg(not(kata_skip =
// "module::item"))]`. What only the others use is then unused, no fault of theirs.
#![cfg_attr(kata_skip, allow(unused))]
// Kata `spawn::spawn` is tested in `mod spawn` inside `spawn.rs`: the path is the kata's name.
#![allow(clippy::module_inception)]

mod cluster;
mod exec;
mod exit;
mod fork;
mod handle;
mod ipc;
mod redis;
mod spawn;
mod state;

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

/// The chapter's folder name.
pub const CHAPTER: &str = "ch07-processes";

/// How long any one wait in these tests may take.
pub const LIMIT: Duration = Duration::from_secs(10);

/// The chapter's child program, built by cargo for this test run (learner or solution).
pub fn child_program() -> String {
    option_env!("CARGO_BIN_EXE_ch07-child")
        .or(option_env!("CARGO_BIN_EXE_ch07-child-solution"))
        .expect("cargo builds the chapter's child binary for its tests")
        .to_owned()
}

/// A script in `tests/oracle/`.
pub fn oracle_script(name: &str) -> PathBuf {
    kata_support::chapter_file(CHAPTER, &format!("tests/oracle/{name}"))
}

/// Real Node 20, which the interop tests need as the peer. A missing Node is a failure.
pub fn node20() -> PathBuf {
    kata_support::oracle::find_node(kata_support::oracle::NodeVersion::V20)
        .expect("these interop tests need real Node 20 as `node` on PATH")
}

/// The children of this process right now: (pid, state letter from /proc/PID/stat).
pub fn children() -> Vec<(u32, char)> {
    let me = std::process::id();
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return found;
    };
    for entry in entries.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // `pid (comm) state ppid …`; comm may hold spaces and parentheses.
        let Some((_, rest)) = stat.rsplit_once(')') else {
            continue;
        };
        let mut fields = rest.split_whitespace();
        let state = fields.next().and_then(|s| s.chars().next()).unwrap_or('?');
        if fields.next().and_then(|s| s.parse::<u32>().ok()) == Some(me) {
            found.push((pid, state));
        }
    }
    found
}

/// Asserts that none of `pids` is a child of this process any more (running or zombie);
/// under nextest, that this process has no children at all.
#[track_caller]
pub fn assert_reaped(pids: &[u32]) {
    let left: Vec<(u32, char)> = children()
        .into_iter()
        .filter(|(pid, _)| pids.contains(pid))
        .collect();
    assert!(
        left.is_empty(),
        "children left behind (pid, state): {left:?}"
    );
    if std::env::var_os("NEXTEST_RUN_ID").is_some() {
        let all = children();
        assert!(
            all.is_empty(),
            "this test process still has children: {all:?}"
        );
    }
}

/// Real Node 20's recorded answer to `node ARGS` (`recordings/ch07-processes/<case>@node20.txt`).
///
/// Learners' runs read the recording and start no Node; `KATA_ORACLE=live` (verify)
/// runs Node 20 and fails if it prints something the recording lacks. `input` is what
/// Node is given, so an edited script makes the recording stale (`env` is not part of it:
/// it may name paths on this machine).
pub fn recorded_node(
    case: &str,
    input: &str,
    args: &[&str],
    env: &[(&str, String)],
) -> Vec<String> {
    use kata_support::oracle::{self, NodeVersion, Outcome};
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect();
    let observed =
        oracle::recorded(CHAPTER, case, NodeVersion::V20, input, 3, |node| {
            let mut command = Command::new(node);
            command
                .args(&args)
                .envs(env.iter().cloned())
                .env_remove("NODE_OPTIONS")
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::null());
            let child = ch07_processes::spawn::start(&mut command, "node")
                .map_err(|e| std::io::Error::other(e.to_string()))?;
            let output = child.wait_with_output()?;
            Ok(Outcome {
                lines: String::from_utf8_lossy(&output.stdout)
                    .lines()
                    .map(str::to_owned)
                    .collect(),
                success: output.status.success(),
            })
        });
    assert!(
        !observed.is_racy(),
        "oracle case {case} is racy:\n{observed}"
    );
    let (outcome, _) = observed.outcomes.into_iter().next().expect("one outcome");
    assert!(outcome.success, "node failed on oracle case {case}");
    outcome.lines
}

/// Runs real Node 20 with `args` live (an interop peer), bounded; returns stdout's lines, stderr, and the exit code.
pub fn run_node(args: &[&str]) -> (Vec<String>, String, Option<i32>) {
    let node = node20();
    let mut command = Command::new(&node);
    command
        .args(args)
        .env_remove("NODE_OPTIONS")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let child =
        ch07_processes::spawn::start(&mut command, "node").expect("starting node");
    let pid = child.id();
    let mut child = ch07_processes::spawn::ChildProcess::new(child, "node");
    let (stdout, stderr) = (child.stdout.take(), child.stderr.take());
    let out = std::thread::spawn(move || read_all(stdout));
    let err = std::thread::spawn(move || read_all(stderr));
    // Not the kata's wait_for: these helpers must work before any kata is solved.
    let deadline = std::time::Instant::now() + LIMIT;
    let status = loop {
        if let Some(status) = child.child.try_wait().expect("try_wait") {
            break status;
        }
        assert!(std::time::Instant::now() < deadline, "node did not finish");
        std::thread::sleep(Duration::from_millis(5));
    };
    child.exit = Some(ch07_processes::Exit {
        code: status.code(),
        signal: None,
    });
    let stdout = out.join().expect("stdout reader");
    let stderr = err.join().expect("stderr reader");
    drop(child);
    assert_reaped(&[pid]);
    (
        stdout.lines().map(str::to_owned).collect(),
        stderr,
        status.code(),
    )
}

/// A real Node 20 parent (`tests/oracle/fork_rust.js`) forking the chapter's Rust
/// child, which runs `echo MODE`: Node's stdout lines, its stderr and its exit code.
/// A panic in the Rust child (a kata's `todo!()`, most often) fails the test with the
/// child's own message, not with whatever Node made of its death.
pub fn node_parent_of_rust_child(mode: &str) -> (Vec<String>, String, Option<i32>) {
    let script = oracle_script("fork_rust.js");
    let (lines, stderr, code) =
        run_node(&[&script.to_string_lossy(), &child_program(), "echo", mode]);
    assert_child_did_not_panic(&stderr);
    (lines, stderr, code)
}

/// Fails, showing the child's own panic, when a Rust child that a Node parent ran
/// (the chapter's child binary, its stderr passed through to Node's) panicked: a
/// `todo!()` or a bug in a kata it calls is then the cause, not what Node saw after.
#[track_caller]
fn assert_child_did_not_panic(stderr: &str) {
    assert!(
        !stderr.contains("panicked at"),
        "the Rust child (the chapter's child binary) panicked:\n{stderr}"
    );
}

fn read_all(stream: Option<impl std::io::Read>) -> String {
    let mut text = String::new();
    if let Some(mut stream) = stream {
        let _ = stream.read_to_string(&mut text);
    }
    text
}

/// A real `redis-server` on a loopback port, stopped and reaped when dropped.
pub struct RedisServer {
    /// Where it listens.
    pub addr: std::net::SocketAddr,
    /// The server process.
    process: ch07_processes::spawn::ChildProcess,
    /// Its working directory (no files are written: persistence is off).
    _dir: tempfile::TempDir,
}

impl RedisServer {
    /// Starts Debian's `redis-server`; fails (never skips) when it is not installed.
    pub fn start() -> RedisServer {
        let program = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"]
            .into_iter()
            .find(|p| std::path::Path::new(p).exists())
            .expect(
                "redis-server is not installed: `apt-get install redis-server` (Debian's \
                 package; .ci/run installs it). The shared-state tests need a real Redis \
                 and do not skip",
            );
        let dir = tempfile::tempdir().expect("a temp dir");
        // Port 0 is not an option for redis-server: take a free port from the kernel.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let port_text = port.to_string();
        let dir_text = dir.path().to_string_lossy().into_owned();
        // redis-server runs under a small shell that stops it when our end of its stdin
        // closes: when this server is dropped, or when the test process dies without
        // running any destructor (a killed hang), so no Redis outlives its test.
        let script = r#""$0" "$@" </dev/null >/dev/null 2>&1 & pid=$!; read _; kill $pid; wait $pid"#;
        let mut command = Command::new("/bin/sh");
        command
            .args(["-c", script, program])
            .args([
                "--port",
                &port_text,
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .args(["--dir", &dir_text, "--daemonize", "no"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        let child = ch07_processes::spawn::start(&mut command, "/bin/sh")
            .expect("redis-server starts");
        // The guard exists before the first PING: the client below runs the
        // learner's `redis` katas, and a panic there must stop the server through
        // `Drop` (stdin closed, the shell kills it). Dropping the bare process
        // instead would SIGKILL the shell and leave redis-server running.
        let server = RedisServer {
            addr: ([127, 0, 0, 1], port).into(),
            process: ch07_processes::spawn::ChildProcess::new(child, "redis-server"),
            _dir: dir,
        };
        let deadline = std::time::Instant::now() + LIMIT;
        loop {
            let pong = ch07_processes::redis::Client::connect(
                server.addr,
                Duration::from_secs(1),
            )
            .and_then(|mut c| c.command(&["PING"]));
            if let Ok(ch07_processes::redis::Reply::Simple(p)) = pong
                && p == "PONG"
            {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "redis-server did not answer PING"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        server
    }

    /// The pid of the shell that runs the server (our child; the server is its child).
    pub fn pid(&self) -> u32 {
        self.process.pid
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        // Closing stdin tells the shell to stop the server; then reap the shell.
        // std's `try_wait`, not `poll_exit`: this runs while a failing test
        // unwinds, and a panic here (a `todo!` in the learner's
        // `exit::from_status`) would abort the whole test binary.
        drop(self.process.stdin.take());
        let deadline = std::time::Instant::now() + LIMIT;
        while matches!(self.process.child.try_wait(), Ok(None))
            && std::time::Instant::now() < deadline
        {
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}
