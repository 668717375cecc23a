//! `check` on the fixture course leaves out the tests of the katas still
//! untouched, all but the first, and runs a kata's tests again as soon as its
//! region differs from the stub; and an endless loop costs seconds even in a
//! kata whose tests ask for a long deadline; a learner's own unit tests are
//! not `check`'s.

mod common;

use std::time::{Duration, Instant};

use serde_json::Value;

use common::{
    ADD, GREET, fixture, one_at_a_time, output, scratch, solve, write, xtask,
};

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

/// Adds `#[test] fn NAME() { BODY }` to the fixture's `greet` tests (whose
/// module imports `greet` and `std::time::Duration`).
fn add_greet_test(root: &std::path::Path, name: &str, body: &str) {
    let relative = "chapters/ch01-sums/tests/katas/sums.rs";
    let text = std::fs::read_to_string(root.join(relative)).unwrap();
    let head = "mod greet {\n    use ch01_sums::greet;\n";
    assert!(text.contains(head), "the fixture's greet tests moved");
    let body: String = body
        .lines()
        .map(|line| format!("        {line}\n"))
        .collect();
    let test = format!(
        "{head}    use std::time::Duration;\n\n    #[test]\n    fn {name}() {{\n{body}    }}\n"
    );
    write(root, relative, &text.replacen(head, &test, 1));
}

#[test]
fn untouched_katas_after_the_first_are_not_run() {
    let _one = one_at_a_time();
    let root = scratch("check-untouched");
    fixture(&root);

    // Pristine: one test of `add` runs, the first by name (its todo! is what
    // check shows); `greet`'s, in the same block of katas (`check::BLOCK`),
    // are compiled but not run, and listed as untouched.
    let report = check_json(&root, &[]);
    let first_only = ["failed", "untouched", "untouched"].map(str::to_owned);
    assert_eq!(
        kata(&report, "sums::add"),
        ("not_started".to_owned(), first_only.to_vec())
    );
    assert_eq!(
        kata(&report, "sums::greet"),
        ("not_started".to_owned(), vec!["untouched".to_owned(); 2])
    );
    // Asked for by name before it is begun, `add` runs the same one test,
    // and `greet`'s are not even compiled (`kata_skip`).
    let alone = check_json(&root, &["sums::add"]);
    assert_eq!(
        kata(&alone, "sums::add"),
        ("not_started".to_owned(), first_only.to_vec())
    );
    let left_out = "kata_skip=\"sums::greet\"";
    let built = |args: &[&str]| {
        let out = output(xtask(&root).arg("--verbose").args(args));
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let stderr = built(&["check", "chapter-1", "sums::add"]);
    assert!(stderr.contains(left_out), "{stderr}");
    let stderr = built(&["check", "chapter-1"]);
    assert!(!stderr.contains(left_out), "{stderr}");
    // Under nextest, which builds its own binary, they are compiled and
    // skipped at run time too.
    let report = check_json(&root, &["--runner", "nextest"]);
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
    let alone = check_json(&root, &["sums::greet"]);
    assert_eq!(
        kata(&alone, "sums::greet"),
        ("not_started".to_owned(), vec!["failed".to_owned(); 2])
    );

    // With `add` solved and greet back to its stub, greet is the first
    // untouched kata: its first test runs.
    solve(&root, "add", ADD);
    let path = root.join("chapters/ch01-sums/src/sums.rs");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("let _name = name;\n    ", "")).unwrap();
    let report = check_json(&root, &[]);
    assert_eq!(kata(&report, "sums::add").0, "passed");
    assert_eq!(
        kata(&report, "sums::greet"),
        ("not_started".to_owned(), first_only[..2].to_vec())
    );
}

#[test]
fn a_learners_own_unit_tests_are_not_checked() {
    let _one = one_at_a_time();
    let root = scratch("check-own-tests");
    fixture(&root);
    solve(&root, "add", ADD);
    // A unit test of the learner's own beside the katas: the tests are a
    // module of the same crate, so its path (`sums::tests::mine`) looks like
    // one of add's neighbours.
    let path = root.join("chapters/ch01-sums/src/sums.rs");
    let text = std::fs::read_to_string(&path).unwrap();
    let own = "\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn mine() {\n        \
               panic!(\"the learner's own\");\n    }\n}\n";
    std::fs::write(&path, format!("{text}{own}")).unwrap();
    let report = check_json(&root, &["--every-kata"]);
    assert_eq!(
        kata(&report, "sums::add"),
        ("passed".to_owned(), vec!["passed".to_owned(); 3])
    );
    assert_eq!(
        report["scaffolding_failures"],
        serde_json::json!([]),
        "{report}"
    );
    assert!(!report.to_string().contains("mine"), "{report}");
}

#[test]
fn a_long_deadline_is_capped_in_check() {
    let _one = one_at_a_time();
    let root = scratch("check-deadline-cap");
    fixture(&root);
    // A socket-style test that asks for a minute, calling a kata that never returns.
    add_greet_test(
        &root,
        "patient",
        "let hi = kata_support::bounded_for(Duration::from_secs(60), || greet(\"x\"));\n\
         assert_eq!(hi, \"Hello, x!\");",
    );
    solve(&root, "add", ADD);
    solve(&root, "greet", "loop {}");
    let started = Instant::now();
    let report = check_json(&root, &[]);
    let took = started.elapsed();
    assert_eq!(kata(&report, "sums::greet").0, "timed_out");
    // The cap (5 s) plus the build, far below the test's own minute.
    assert!(took < Duration::from_secs(30), "check took {took:?}");
    let messages: Vec<&str> = report["katas"][1]["tests"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["output"].as_str())
        .collect();
    assert!(
        messages.iter().any(|m| m.contains("timed out after 5.0s")),
        "{messages:?}"
    );
}

/// A later kata whose test calls the hung one, asking a socket test's long
/// deadline, does not wait it out: that test is cut short, and the kata is
/// reported as waiting for the hung one.
#[test]
fn a_kata_that_calls_a_hung_one_waits_for_it() {
    let _one = one_at_a_time();
    let root = scratch("check-hang-caller");
    fixture(&root);
    add_greet_test(
        &root,
        "a_sum",
        "let limit = Duration::from_secs(15);\n\
         let sum = kata_support::bounded_for(limit, || ch01_sums::add(1, 1));\n\
         assert_eq!(greet(&sum.to_string()), \"Hello, 2!\");",
    );
    solve(&root, "add", ADD);
    solve(&root, "greet", GREET);
    // Built and passing first, so that the timing below is mostly the run's.
    assert_eq!(kata(&check_json(&root, &[]), "sums::greet").0, "passed");
    let stub = root.join("chapters/ch01-sums/src/sums.rs");
    let text = std::fs::read_to_string(&stub).unwrap();
    std::fs::write(&stub, text.replace(ADD, "loop {}")).unwrap();

    let started = Instant::now();
    let report = check_json(&root, &[]);
    let took = started.elapsed();
    assert_eq!(kata(&report, "sums::add").0, "timed_out", "{report}");
    assert_eq!(kata(&report, "sums::greet").0, "not_run", "{report}");
    assert_eq!(report["katas"][1]["needs"], "sums::add", "{report}");
    // add's 2 s then a_sum's own 5 s (its 15 s, capped) would be 7 s at least.
    assert!(
        took < Duration::from_secs(7),
        "check took {took:?}: {report}"
    );
}
