//! `check` on the fixture course when the learner's code leaves something
//! behind. A process left running is named and stopped, and the verdict does
//! not wait for it (a `sleep` never waited for keeps the test's stdout open,
//! which used to hold `check` until the sleep ended). A file left in the
//! temporary folder goes with the run's own folder.

mod common;

use common::{GREET, fixture, one_at_a_time, output, scratch, solve, xtask};

/// Processes on this machine whose command line is exactly `line`.
fn running(line: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| {
            let bytes = std::fs::read(entry.path().join("cmdline")).ok()?;
            let text = String::from_utf8_lossy(&bytes).replace('\0', " ");
            (text.trim_end() == line)
                .then(|| entry.file_name().to_string_lossy().into())
        })
        .collect()
}

#[test]
#[cfg(target_os = "linux")]
fn check_names_and_stops_what_the_learner_s_code_left_running() {
    let _one = one_at_a_time();
    // Ten minutes: if `check` waited for it, nextest's deadline would end the test.
    const LEAK: &str = "sleep 599";
    let root = scratch("orphans-check");
    fixture(&root);
    solve(
        &root,
        "add",
        // Started and never waited for: when the test process ends, the
        // sleep is an orphan holding the test's stdout.
        "{ std::process::Command::new(\"sleep\").arg(\"599\").spawn().unwrap(); a + b }",
    );
    solve(&root, "greet", GREET);

    let out = output(xtask(&root).args(["check", "chapter-1"]));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("2 of 2 katas"), "{stdout}");
    // Three tests of `add` call it, once each.
    assert!(
        stdout.contains("the tests left 3 processes running; stopped now"),
        "{stdout}"
    );
    assert_eq!(
        stdout.matches(&format!("  {LEAK} (pid ")).count(),
        3,
        "{stdout}"
    );
    assert_eq!(running(LEAK), Vec::<String>::new());
}

#[test]
fn what_a_run_leaves_in_the_temporary_folder_is_removed() {
    let _one = one_at_a_time();
    let root = scratch("orphans-tmp");
    fixture(&root);
    // Written and never removed, as by a test that hangs or is killed.
    solve(
        &root,
        "add",
        "{ std::fs::write(std::env::temp_dir().join(\"left-by-add\"), \"\").unwrap(); a + b }",
    );
    solve(&root, "greet", GREET);
    let tmp = root.join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();

    let out = output(
        xtask(&root)
            .env("TMPDIR", &tmp)
            .args(["check", "chapter-1"]),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("2 of 2 katas"), "{stdout}");
    let left: Vec<_> = std::fs::read_dir(&tmp)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    assert_eq!(left, Vec::<std::path::PathBuf>::new());
}
