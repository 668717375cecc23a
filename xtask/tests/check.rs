//! `check` on the fixture course leaves out the tests of the katas still
//! untouched, all but the first, and runs a kata's tests again as soon as its
//! region differs from the stub.

mod common;

use serde_json::Value;

use common::{ADD, fixture, output, scratch, solve, xtask};

/// `check chapter-1 --json [EXTRA]`, parsed.
fn check_json(root: &std::path::Path, extra: &[&str]) -> Value {
    let out = output(
        xtask(root)
            .args(["check", "chapter-1", "--json"])
            .args(extra),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

/// The kata's verdict and the outcome of each of its tests, in name order.
fn kata(report: &Value, name: &str) -> (String, Vec<String>) {
    let kata = report["katas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["name"] == name)
        .unwrap_or_else(|| panic!("no {name} in {report}"));
    let mut outcomes: Vec<(String, String)> = kata["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let name = t["name"].as_str().unwrap().to_owned();
            (name, t["outcome"].as_str().unwrap().to_owned())
        })
        .collect();
    outcomes.sort();
    let verdict = kata["verdict"].as_str().unwrap().to_owned();
    (verdict, outcomes.into_iter().map(|(_, o)| o).collect())
}

#[test]
fn untouched_katas_after_the_first_are_not_run() {
    let root = scratch("check-untouched");
    fixture(&root);

    // Pristine: `add` runs (its todo! is what check shows), `greet` does not.
    let report = check_json(&root, &[]);
    assert_eq!(
        kata(&report, "sums::add"),
        ("not_started".to_owned(), vec!["failed".to_owned(); 3])
    );
    assert_eq!(
        kata(&report, "sums::greet"),
        ("not_started".to_owned(), vec!["untouched".to_owned(); 2])
    );
    // Unless every kata is asked for.
    let report = check_json(&root, &["--every-kata"]);
    assert_eq!(
        kata(&report, "sums::greet"),
        ("not_started".to_owned(), vec!["failed".to_owned(); 2])
    );

    // A line written above greet's todo! makes it begun: its tests run.
    solve(
        &root,
        "greet",
        "let _name = name;\n    todo!(\"kata sums::greet\")",
    );
    let report = check_json(&root, &[]);
    assert_eq!(
        kata(&report, "sums::greet"),
        ("not_started".to_owned(), vec!["failed".to_owned(); 2])
    );

    // With `add` solved and greet back to its stub, greet is the first
    // untouched kata: it runs.
    solve(&root, "add", ADD);
    let path = root.join("chapters/ch01-sums/src/sums.rs");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("let _name = name;\n    ", "")).unwrap();
    let report = check_json(&root, &[]);
    assert_eq!(kata(&report, "sums::add").0, "passed");
    assert_eq!(
        kata(&report, "sums::greet"),
        ("not_started".to_owned(), vec!["failed".to_owned(); 2])
    );
}
