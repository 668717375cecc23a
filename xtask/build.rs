//! Says, on the learner's terminal, that the first `cargo xtask` is a build.
//!
//! The `xtask` alias runs `cargo run --quiet`, so a warm run prints nothing
//! but xtask's own output. The price is a silent cold build (about 20 s on two
//! cores). Cargo runs this script early in that build, and a cargo warning
//! would be hidden by `--quiet`, so the note goes to the terminal itself; in
//! CI, with no terminal, there is nothing to say and nothing is written.

use std::io::Write as _;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    if let Ok(mut tty) = std::fs::OpenOptions::new().write(true).open("/dev/tty") {
        let _ = writeln!(
            tty,
            "Building the course's command line, xtask (once; about 20 s on 2 cores)…"
        );
    }
}
