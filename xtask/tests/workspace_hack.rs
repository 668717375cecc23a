//! `crates/workspace-hack` keeps the learner's two first builds (`cargo run -p
//! xtask`, then a chapter's tests) on the same features of the crates both
//! compile, so the second build reuses the first's units; and xtask's build
//! compiles no proc macro (src/by_hand.rs). Nothing fails when either drifts,
//! a first `check` just gets slower; these tests notice instead.

mod common;

use std::process::Command;

use common::real_root;

/// The crates both builds compile; chapter 7 adds rustix's `net` and is left out.
const SHARED: [&str; 3] = ["rustix", "console", "linux-raw-sys"];

/// `cargo tree` of `package` along `edges`, a `{p} {f}` line per crate.
fn tree(package: &str, edges: &str) -> String {
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
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `name vX.Y.Z feature,feature` for each shared crate in `cargo tree` of `package`.
fn features(package: &str, edges: &str) -> Vec<String> {
    let mut lines: Vec<String> = tree(package, edges)
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

/// syn and the derive macros on it were the longest chain of a fresh clone's
/// first build; xtask writes what they would (src/by_hand.rs) and keeps it so.
#[test]
fn xtask_builds_no_proc_macro() {
    let tree = tree("xtask", "normal,build");
    let macros: Vec<&str> = tree
        .lines()
        .filter(|l| l.contains("(proc-macro)"))
        .collect();
    assert!(
        macros.is_empty(),
        "a learner's first build would compile these proc macros (and syn): {macros:?}; \
         write what they derive by hand (xtask/src/by_hand.rs) or move the code to maintain"
    );
    assert!(!tree.lines().any(|l| l.starts_with("syn ")), "{tree}");
}
