//! `cargo xtask stubs` and `reset` on the fixture course: the stubs are
//! generated from the marked solution, `--check` names a hand-edited line,
//! and `reset` restores one kata from the generator and nothing else.

mod common;

use common::{STUB, fixture, output, scratch, solve, xtask};

/// Runs xtask with `args` in `root`; returns (success, stdout).
fn run(root: &std::path::Path, args: &[&str]) -> (bool, String) {
    let out = output(xtask(root).args(args));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    (out.status.success(), format!("{stdout}{stderr}"))
}

#[test]
fn check_passes_on_generated_stubs_and_names_a_hand_edited_line() {
    let root = scratch("stubs-check");
    fixture(&root);
    let (ok, text) = run(&root, &["stubs", "--check"]);
    assert!(ok, "{text}");

    let stub = root.join("chapters/ch01-sums/src/sums.rs");
    let edited = STUB.replace("add two numbers", "add two integers");
    std::fs::write(&stub, edited).unwrap();
    let (ok, text) = run(&root, &["stubs", "--check"]);
    assert!(!ok, "a hand-edited stub must fail the check:\n{text}");
    assert!(
        text.contains("chapters/ch01-sums/src/sums.rs:4: differs"),
        "{text}"
    );

    // The generator writes the stub back, byte for byte.
    let (ok, text) = run(&root, &["stubs"]);
    assert!(ok, "{text}");
    assert_eq!(std::fs::read_to_string(&stub).unwrap(), STUB);
}

#[test]
fn check_reports_a_stub_file_with_no_solution() {
    let root = scratch("stubs-orphan");
    fixture(&root);
    common::write(&root, "chapters/ch01-sums/src/extra.rs", "//! Extra.\n");
    let (ok, text) = run(&root, &["stubs", "--check"]);
    assert!(!ok, "{text}");
    assert!(
        text.contains("chapters/ch01-sums/src/extra.rs: not generated"),
        "{text}"
    );
}

#[test]
fn reset_restores_one_kata_and_keeps_a_copy() {
    let root = scratch("stubs-reset");
    fixture(&root);
    solve(&root, "add", "a + b");
    // Four lines where the stub has one: reset counts what it replaces.
    solve(
        &root,
        "greet",
        "let hi = \"Hi\";\n    let who = name;\n    let line = format!(\"{hi}, {who}!\");\n    line",
    );
    let file = root.join("chapters/ch01-sums/src/sums.rs");
    let before = std::fs::read_to_string(&file).unwrap();

    let (ok, text) = run(&root, &["reset", "1", "greet", "--yes"]);
    assert!(ok, "{text}");
    assert!(
        text.contains("(the 7 lines between its ANCHOR markers)"),
        "{text}"
    );
    let after = std::fs::read_to_string(&file).unwrap();
    // greet is a stub again; add keeps the learner's body.
    assert_eq!(after, STUB.replace("todo!(\"kata sums::add\")", "a + b"));

    // The replaced file is kept under .kata-state/reset/, and reset says where.
    let backups = root.join(".kata-state/reset/ch01-sums");
    let kept: Vec<_> = std::fs::read_dir(&backups).unwrap().collect();
    assert_eq!(kept.len(), 1, "one copy kept");
    let kept = kept[0].as_ref().unwrap().path();
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), before);
    assert!(
        text.contains(".kata-state/reset/ch01-sums/sums.rs."),
        "{text}"
    );

    // A second reset finds nothing to do.
    let (ok, text) = run(&root, &["reset", "1", "greet", "--yes"]);
    assert!(ok && text.contains("already the stub"), "{text}");
}

#[test]
fn reset_recreates_a_deleted_file() {
    let root = scratch("stubs-reset-deleted");
    fixture(&root);
    let file = root.join("chapters/ch01-sums/src/sums.rs");
    std::fs::remove_file(&file).unwrap();
    let (ok, text) = run(&root, &["reset", "1", "add", "--yes"]);
    assert!(ok, "{text}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), STUB);
}

/// An endless loop in a kata costs one short deadline, not one per test:
/// the run stops at the first hang, the kata is reported timed out, the
/// katas the hang cut off are run again, and `check` answers in seconds.
#[test]
fn a_hang_costs_seconds_and_the_other_katas_still_get_verdicts() {
    let root = scratch("check-hang");
    fixture(&root);
    solve(&root, "add", "loop {}");
    solve(&root, "greet", "format!(\"Hello, {name}!\")");
    // Build first, so the timing below is the run's alone.
    let (_, text) = run(&root, &["check", "1", "greet"]);
    assert!(text.contains("sums::greet passes"), "{text}");

    let started = std::time::Instant::now();
    let (ok, text) = run(&root, &["check", "1"]);
    let took = started.elapsed();
    assert!(!ok, "{text}");
    assert!(text.contains("⏱ sums::add"), "{text}");
    assert!(text.contains("✓ sums::greet"), "{text}");
    assert!(text.contains("kata timed out after 2.0s"), "{text}");
    assert!(took.as_secs() < 10, "check took {took:?}:\n{text}");
}
