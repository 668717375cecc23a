//! The command line's manners: a reader that leaves early (`… | head`, `less`
//! quit) ends xtask quietly, as SIGPIPE ends a Unix tool, instead of a panic;
//! and the commands of `maintain/` are handed over with the command line as
//! typed, their exit status coming back.

mod common;

use std::process::Stdio;

use common::{fixture, scratch, write, xtask};

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

#[test]
fn maintainers_commands_are_handed_over_whole() {
    let root = scratch("cli-forward");
    fixture(&root);
    // A stand-in for cargo (xtask runs the `CARGO` that runs it) that says
    // how it was called and fails with a status of its own.
    let log = root.join("cargo-args.txt");
    let fake = root.join("fake-cargo");
    write(
        &root,
        "fake-cargo",
        &format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\nexit 3\n",
            log.display()
        ),
    );
    std::fs::set_permissions(
        &fake,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let output = xtask(&root)
        .args(["-v", "verify", "--fast", "--help", "--chapter", "1"])
        .env("CARGO", &fake)
        .output()
        .expect("running xtask");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    let args = std::fs::read_to_string(&log).expect("the stand-in ran");
    assert_eq!(
        args.lines().collect::<Vec<_>>(),
        [
            "run",
            "--quiet",
            "--package",
            "maintain",
            "--",
            "-v",
            "verify",
            "--fast",
            "--help",
            "--chapter",
            "1"
        ]
    );
}
