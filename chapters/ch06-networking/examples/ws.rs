//! `ws`: the chapter's WebSocket accept key and frame codec as JSON lines.
//!
//! `cargo run -q -p ch06-networking-solution --example ws` reads one JSON request
//! per line on stdin and prints one JSON answer per line (see `src/protocol.rs`):
//! `accept`, `encode` and `decode`. A bad line gets `{"error":CODE}`, never a panic.

use std::io::{BufRead, Write};

fn main() {
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout().lock();
    // Split on bytes, not `lines()`: a line that is not UTF-8 still gets its answer.
    for line in stdin.lock().split(b'\n') {
        let Ok(line) = line else { break };
        let answer = match std::str::from_utf8(&line) {
            Ok(text) if text.trim().is_empty() => continue,
            // A kata's todo!() must not end the session: report it as an error line.
            Ok(text) => {
                std::panic::catch_unwind(|| ch06_networking::protocol::answer(text))
                    .unwrap_or_else(|_| r#"{"error":"panic"}"#.to_owned())
            }
            Err(_) => r#"{"error":"invalid_json"}"#.to_owned(),
        };
        let _ = writeln!(stdout, "{answer}");
        let _ = stdout.flush();
    }
}
