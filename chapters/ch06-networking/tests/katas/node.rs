//! Running real Node 20 beside a test: a child that is killed if it outlives its time.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use kata_support::oracle::{self, NodeVersion};

use crate::katas::CHAPTER;

/// A running Node script; killed on drop, so it never outlives the test.
pub struct NodeChild {
    child: Child,
    stdout: BufReader<ChildStdout>,
    /// Kept open: the servers serve until their stdin closes.
    stdin: Option<ChildStdin>,
}

impl NodeChild {
    /// Starts `tests/node/<script>` with `args` on Node 20; panics, saying
    /// how to install it, when Node 20 is absent (a peer test never passes
    /// without its peer).
    pub fn start(script: &str, args: &[String]) -> NodeChild {
        Self::start_with(
            oracle::require_node(NodeVersion::V20),
            kata_support::chapter_file(CHAPTER, &format!("tests/node/{script}")),
            args,
        )
    }

    /// Starts `script` on the given `node` binary.
    pub fn start_with(node: PathBuf, script: PathBuf, args: &[String]) -> NodeChild {
        let mut child = Command::new(node)
            .arg(script)
            .args(args)
            .env_remove("NODE_OPTIONS")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("starting node");
        let stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        let stdin = child.stdin.take();
        NodeChild {
            child,
            stdout,
            stdin,
        }
    }

    /// The next line the script prints (blocking; the test's bound covers it).
    pub fn line(&mut self) -> String {
        let mut line = String::new();
        self.stdout
            .read_line(&mut line)
            .expect("reading node's output");
        line.trim_end_matches('\n').to_owned()
    }

    /// Every remaining line, after the script exits (killed after `limit`).
    pub fn finish(mut self, limit: Duration) -> Vec<String> {
        drop(self.stdin.take());
        let deadline = Instant::now() + limit;
        while self.child.try_wait().expect("polling node").is_none() {
            assert!(
                Instant::now() < deadline,
                "node did not exit within {limit:?}"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        let mut lines = Vec::new();
        loop {
            let line = self.line();
            if line.is_empty() {
                break;
            }
            lines.push(line);
        }
        lines
    }
}

impl Drop for NodeChild {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
