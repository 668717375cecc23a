//! Says, on the learner's terminal, that the first `cargo xtask` is a build.
//!
//! The `xtask` alias runs `cargo run --quiet`, so a warm run prints nothing
//! but xtask's own output. The price is a silent cold build (about 20 s on two
//! cores). Cargo runs this script early in that build, and a cargo warning
//! would be hidden by `--quiet`, so the note goes to the terminal itself; in
//! CI, with no terminal, there is nothing to say and nothing is written.
//! `maintain/` uses this script too: `cargo xtask verify` (or `grade`, `book`…)
//! builds it quietly the first time.

use std::io::Write as _;

fn main() {
    // This file, named so from either package (a path that does not exist
    // would rebuild the package every time).
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    println!("cargo::rerun-if-changed={manifest}/../xtask/build.rs");
    if let Ok(mut tty) = std::fs::OpenOptions::new().write(true).open("/dev/tty") {
        let note = match std::env::var("CARGO_PKG_NAME").as_deref() {
            Ok("maintain") => {
                "the rest of xtask: book, grade, verify… (once; about 3 s)"
            }
            _ => "the course's command line, xtask (once; about 20 s on 2 cores)",
        };
        let _ = writeln!(tty, "Building {note}…");
    }
}
