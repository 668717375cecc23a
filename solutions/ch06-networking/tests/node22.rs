//! Verify-only checks that need Node other than the system's Node 20 (not katas:
//! `cargo test -p ch06-networking-solution --test node22`). Without the binary
//! they fail, saying how to install it (`cargo xtask node install 22`).
//!
//! - Node 22's built-in `WebSocket` client against the chapter's echo server.
//! - Node 10's and Node 22's `http.globalAgent` defaults, for the book's
//!   "agents keep sockets alive since Node 19" correction.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ch06_networking::websocket::{MAX_MESSAGE, WsServer};
use kata_support::oracle::{self, NodeVersion};

/// Runs `node` with `args`, killed after 10 s; returns stdout's lines.
fn run_node(node: &std::path::Path, args: &[String]) -> Vec<String> {
    let mut child = Command::new(node)
        .args(args)
        .env_remove("NODE_OPTIONS")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .expect("starting node");
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait().expect("polling node").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("node did not finish within 10 s");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let output = child.wait_with_output().expect("node's output");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

/// Node 22's `WebSocket` (no `ws` package needed) talks to our echo server.
#[test]
fn node22_websocket_client() {
    let node = oracle::require_node(NodeVersion::V22);
    let script =
        kata_support::chapter_file("ch06-networking", "tests/node/ws_client.js");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let server = runtime
        .block_on(WsServer::bind("127.0.0.1:0", MAX_MESSAGE))
        .expect("binding");
    let port = server.local_addr().port().to_string();
    let lines = run_node(&node, &[script.display().to_string(), port]);
    drop(server);
    runtime.shutdown_timeout(Duration::from_secs(1));
    assert_eq!(
        lines,
        [
            "open",
            "text hello",
            "binary 010203",
            "close 1000 clean=true"
        ]
    );
}

/// `http.globalAgent.keepAlive`: false on Node
/// 10 (what the notes knew), true on Node 22.
#[test]
fn global_agent_keep_alive_defaults() {
    let script = "const a = require('http').globalAgent; \
                  console.log(`keepAlive=${a.keepAlive} maxSockets=${a.maxSockets}`)";
    let mut seen = Vec::new();
    for version in [NodeVersion::V10, NodeVersion::V22] {
        let node = oracle::require_node(version);
        let lines = run_node(&node, &["-e".to_owned(), script.to_owned()]);
        seen.push(format!("{version}: {}", lines.join(" ")));
    }
    assert_eq!(
        seen,
        [
            format!("{}: keepAlive=false maxSockets=Infinity", NodeVersion::V10),
            format!("{}: keepAlive=true maxSockets=Infinity", NodeVersion::V22),
        ]
    );
}
