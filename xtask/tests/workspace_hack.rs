//! `crates/workspace-hack` keeps the learner's two first builds (`cargo run -p
//! xtask`, then a chapter's tests) on the same features of the crates both
//! compile, so the second build reuses the first's units. Nothing fails when
//! that drifts, a first `check` just gets slower; this test notices instead.

mod common;

use std::process::Command;

use common::real_root;

/// The crates both builds compile; chapter 7 adds rustix's `net` and is left out.
const SHARED: [&str; 3] = ["rustix", "console", "linux-raw-sys"];

/// `name vX.Y.Z feature,feature` for each shared crate in `cargo tree` of `package`.
fn features(package: &str, edges: &str) -> Vec<String> {
    let output = Command::new(env!("CARGO"))
        .current_dir(real_root())
        .args(["tree", "--offline", "--package", package, "--edges", edges])
        .args(["--prefix", "none", "--format", "{p} {f}"])
        .output()
        .expect("cargo tree runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut lines: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| line.trim_end_matches(" (*)").to_owned())
        .filter(|line| {
            SHARED
                .iter()
                .any(|name| line.starts_with(&format!("{name} ")))
        })
        .collect();
    lines.sort();
    lines.dedup();
    lines
}

#[test]
fn xtask_and_every_chapter_s_tests_share_features() {
    let xtask = features("xtask", "normal");
    assert_eq!(xtask.len(), SHARED.len(), "{xtask:?}");
    for chapter in [
        "ch01-modules",
        "ch02-async-io",
        "ch03-async-patterns",
        "ch04-memory",
        "ch05-buffer",
        "ch06-networking",
    ] {
        assert_eq!(
            features(chapter, "normal,dev"),
            xtask,
            "{chapter}'s test build and xtask's enable different features: add the \
             difference to crates/workspace-hack/Cargo.toml"
        );
    }
}
