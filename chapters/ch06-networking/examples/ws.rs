//! `ws`: the chapter's WebSocket accept key and frame codec as JSON lines.
//!
//! `cargo run -q -p ch06-networking-solution --example ws` reads one JSON request
//! per line on stdin and prints one JSON answer per line (see `src/protocol.rs`):
//! `accept`, `encode` and `decode`. A bad line gets `{"error":CODE}`, never a panic.

use std::io::{BufRead, Write};

fn main() {
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let Ok(line) = line else {
            // Not UTF-8: still one answer for the line.
            let _ = writeln!(stdout, r#"{{"error":"invalid_json"}}"#);
            continue;
        };
        if line.trim().is_empty() {
            continue;
        }
        // A kata's todo!() must not end the session: report it as an error line.
        let answer = std::panic::catch_unwind(|| ch06_networking::protocol::answer(&line))
            .unwrap_or_else(|_| r#"{"error":"panic"}"#.to_owned());
        let _ = writeln!(stdout, "{answer}");
        let _ = stdout.flush();
    }
}
