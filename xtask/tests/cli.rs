//! The command line's manners: a reader that leaves early (`… | head`, `less`
//! quit) ends xtask quietly, as SIGPIPE ends a Unix tool, instead of a panic.

mod common;

use std::process::Stdio;

use common::{fixture, scratch, xtask};

#[test]
fn a_closed_stdout_ends_quietly_with_status_141() {
    let root = scratch("cli-closed-stdout");
    fixture(&root);
    let mut child = xtask(&root)
        .args(["list", "--no-run", "--json"])
        .env("RUST_BACKTRACE", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting xtask");
    // The reader leaves before xtask has printed a byte.
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("waiting for xtask");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(141), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
