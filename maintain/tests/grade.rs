//! `cargo xtask grade` against every cheat the issue lists, on a fixture
//! workspace: one grade run over a dozen clones, each trying one trick, with
//! a poisoned environment. Each clone must score what its *code* deserves,
//! every changed file must be reported as ignored, every smell flagged, and
//! the JUnit report must parse.

#[path = "../../xtask/tests/common/mod.rs"]
mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{ADD, GREET, copy_dir, fixture, output, scratch, solve, write, xtask};
use quick_xml::events::Event;
use serde_json::Value;

/// Tests that pass whatever the code does, named like the fixture's.
const FAKE_TESTS: &str = "mod sums {\n    mod add {\n        #[test]\n        fn small() {}\n        \
    #[test]\n        fn negative() {}\n        #[test]\n        fn env_is_clean() {}\n    }\n    \
    mod greet {\n        #[test]\n        fn world() {}\n        #[test]\n        fn node() {}\n    }\n}\n";

/// Writes [`FAKE_TESTS`] into the clone at `root` as `src/fake.rs`, and edits
/// its `lib.rs`, replacing `from` (which must be there) with `to`.
fn use_fake_tests(root: &Path, from: &str, to: &str) {
    write(root, "chapters/ch01-sums/src/fake.rs", FAKE_TESTS);
    let path = root.join("chapters/ch01-sums/src/lib.rs");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from:?} is not in lib.rs");
    std::fs::write(path, text.replace(from, to)).unwrap();
}

/// Makes clone `name` from the fixture at `grader`, then lets `cheat` edit it.
fn clone(
    grader: &Path,
    clones: &Path,
    name: &str,
    cheat: impl FnOnce(&Path),
) -> String {
    let dir = clones.join(name);
    copy_dir(grader, &dir);
    cheat(&dir);
    dir.display().to_string()
}

/// `chapters/ch01-sums/tests/katas/sums.rs` of `root`, edited.
fn edit_tests(root: &Path, from: &str, to: &str) {
    let path = root.join("chapters/ch01-sums/tests/katas/sums.rs");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(path, text.replace(from, to)).unwrap();
}

/// A kata's `(verdict, tests_passed, tests_total)` in a clone's JSON.
fn kata(clone: &Value, name: &str) -> (String, u64, u64) {
    let katas = clone["chapters"][0]["katas"].as_array().unwrap();
    let kata = katas.iter().find(|k| k["name"] == name).unwrap();
    (
        kata["verdict"].as_str().unwrap().to_owned(),
        kata["tests_passed"].as_u64().unwrap(),
        kata["tests_total"].as_u64().unwrap(),
    )
}

/// `(path, change)` of every reported change.
fn changes(clone: &Value) -> Vec<(String, String)> {
    clone["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["path"].as_str().unwrap().to_owned(),
                c["change"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Every flag's kind.
fn flags(clone: &Value) -> Vec<String> {
    clone["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn every_cheat_scores_what_the_code_deserves() {
    let base = scratch("grade-cheats");
    let grader = base.join("grader");
    fixture(&grader);
    let clones = base.join("clones");
    let wrong_greet = "String::from(\"Hi, world\")";

    let paths = vec![
        clone(&grader, &clones, "honest", |c| {
            solve(c, "add", ADD);
            solve(c, "greet", GREET);
        }),
        clone(&grader, &clones, "untouched", |_| {}),
        // Rewrites the add tests so the stub would pass them.
        clone(&grader, &clones, "edits-a-test", |c| {
            edit_tests(
                c,
                "assert_eq!(kata_support::bounded(|| add(1, 2)), 3);",
                "let _ = 3;",
            );
            edit_tests(
                c,
                "assert_eq!(kata_support::bounded(|| add(-2, 1)), -1);",
                "let _ = -1;",
            );
        }),
        // A wrong greeting; INSTA_FORCE_PASS=1 is in the grade's environment.
        clone(&grader, &clones, "insta-force-pass-env", |c| {
            solve(c, "greet", wrong_greet)
        }),
        clone(&grader, &clones, "cargo-config-env", |c| {
            solve(c, "greet", wrong_greet);
            write(
                c,
                ".cargo/config.toml",
                "[env]\nINSTA_FORCE_PASS = \"1\"\nINSTA_UPDATE = \"always\"\n",
            );
        }),
        clone(&grader, &clones, "nextest-default-filter", |c| {
            let path = c.join(".config/nextest.toml");
            let text = std::fs::read_to_string(&path).unwrap();
            let text = text.replace(
                "[profile.kata]\n",
                "[profile.kata]\ndefault-filter = \"not test(add)\"\n",
            );
            std::fs::write(path, text).unwrap();
        }),
        clone(&grader, &clones, "insta-yaml-force-pass", |c| {
            solve(c, "greet", wrong_greet);
            write(c, ".config/insta.yaml", "behavior:\n  force_pass: true\n");
            write(c, "insta.yaml", "behavior:\n  force_pass: true\n");
        }),
        clone(&grader, &clones, "ignores-tests", |c| {
            edit_tests(
                c,
                "    #[test]\n    fn small()",
                "    #[test]\n    #[ignore]\n    fn small()",
            );
            edit_tests(
                c,
                "    #[test]\n    fn negative()",
                "    #[test]\n    #[ignore]\n    fn negative()",
            );
            edit_tests(
                c,
                "    #[test]\n    fn env_is_clean()",
                "    #[test]\n    #[ignore]\n    fn env_is_clean()",
            );
            solve(
                c,
                "greet",
                "#[ignore = \"x\"] fn _f() {} todo!(\"kata sums::greet\")",
            );
        }),
        clone(&grader, &clones, "deletes-a-snapshot", |c| {
            solve(c, "add", ADD);
            solve(c, "greet", wrong_greet);
            std::fs::remove_file(c.join("snapshots/ch01-sums/greet_world.snap"))
                .unwrap();
        }),
        // Hard-codes the snapshot's answer for its one input.
        clone(&grader, &clones, "hard-codes-one-input", |c| {
            solve(
                c,
                "greet",
                "if name == \"world\" { \"Hello, world!\".to_owned() } else { String::new() }",
            );
        }),
        // Passes only if RUSTFLAGS=--cfg cheat (set on the grade) leaks into the build.
        clone(&grader, &clones, "rustflags-env", |c| {
            solve(
                c,
                "greet",
                "#[cfg(cheat)]\n    return format!(\"Hello, {name}!\");\n    todo!(\"kata sums::greet\")",
            );
        }),
        clone(&grader, &clones, "build-script-proc-macro-include", |c| {
            write(c, "chapters/ch01-sums/build.rs", "fn main() {}\n");
            let manifest = c.join("chapters/ch01-sums/Cargo.toml");
            let text = std::fs::read_to_string(&manifest).unwrap();
            std::fs::write(
                &manifest,
                text.replace("[lib]\n", "[lib]\nproc-macro = true\n"),
            )
            .unwrap();
            solve(
                c,
                "add",
                "include!(\"../../../solutions/ch01-sums/src/add.rs\")",
            );
            solve(
                c,
                "greet",
                "let _expected = include_str!(\"../../../snapshots/ch01-sums/greet_world.snap\");\n    todo!(\"kata sums::greet\")",
            );
        }),
        // The tests are a module of the learner's library: point it at tests
        // of the clone's own that pass, in two ways.
        clone(&grader, &clones, "redirects-the-tests", |c| {
            use_fake_tests(
                c,
                "../../../chapters/ch01-sums/tests/katas/main.rs",
                "fake.rs",
            )
        }),
        // Of two `#[path]`s on one module, rustc takes the first.
        clone(&grader, &clones, "shadows-the-tests", |c| {
            use_fake_tests(
                c,
                "#[cfg(test)]\n#[path",
                "#[path = \"fake.rs\"]\n#[cfg(test)]\n#[path",
            )
        }),
        clone(&grader, &clones, "hangs", |c| {
            solve(c, "add", "loop { std::hint::spin_loop() }");
            solve(c, "greet", GREET);
        }),
    ];

    let out = base.join("out");
    let work = common::shared_target()
        .parent()
        .unwrap()
        .join("xtask-grade-work");
    let result = output(
        xtask(&grader)
            .args(["grade", "--format", "json", "--out"])
            .arg(&out)
            .arg("--work-dir")
            .arg(&work)
            .args(&paths)
            .env("INSTA_FORCE_PASS", "1")
            .env("INSTA_UPDATE", "always")
            .env("INSTA_OUTPUT", "none")
            .env("RUSTFLAGS", "--cfg cheat")
            .env("CARGO_BUILD_RUSTFLAGS", "--cfg cheat")
            .env("NEXTEST_RETRIES", "5"),
    );
    let stdout = String::from_utf8_lossy(&result.stdout);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(
        result.status.code(),
        Some(0),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["schema"], "kata-grade/1");
    let by_name: BTreeMap<String, &Value> = report["clones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap().to_owned(), c))
        .collect();
    let score = |name: &str| {
        let clone = by_name[name];
        assert_eq!(clone["status"], "graded", "{name}: {}", clone["error"]);
        (
            clone["score"]["passed"].as_u64().unwrap(),
            clone["score"]["total"].as_u64().unwrap(),
        )
    };

    // The honest clone passes everything, under a poisoned environment too.
    assert_eq!(score("honest"), (2, 2));
    assert!(changes(by_name["honest"]).is_empty());
    assert!(flags(by_name["honest"]).is_empty());

    assert_eq!(score("untouched"), (0, 2));
    assert_eq!(kata(by_name["untouched"], "sums::add").0, "not_started");

    // An edited test is reported and not run: the grader's test judges the stub.
    assert_eq!(score("edits-a-test"), (0, 2));
    assert_eq!(
        changes(by_name["edits-a-test"]),
        [(
            "chapters/ch01-sums/tests/katas/sums.rs".to_owned(),
            "modified".to_owned()
        )]
    );
    assert_eq!(by_name["edits-a-test"]["changes"][0]["kind"], "test");

    // Environment and configuration cheats change nothing.
    assert_eq!(score("insta-force-pass-env"), (0, 2));
    assert_eq!(
        kata(by_name["insta-force-pass-env"], "sums::greet").0,
        "failed"
    );
    assert_eq!(score("cargo-config-env"), (0, 2));
    assert_eq!(
        changes(by_name["cargo-config-env"]),
        [(".cargo/config.toml".to_owned(), "modified".to_owned())]
    );
    assert_eq!(score("nextest-default-filter"), (0, 2));
    assert_eq!(
        kata(by_name["nextest-default-filter"], "sums::add"),
        ("not_started".to_owned(), 0, 3)
    );
    assert_eq!(
        changes(by_name["nextest-default-filter"]),
        [(".config/nextest.toml".to_owned(), "modified".to_owned())]
    );
    assert_eq!(score("insta-yaml-force-pass"), (0, 2));
    assert_eq!(
        changes(by_name["insta-yaml-force-pass"]),
        [
            (".config/insta.yaml".to_owned(), "added".to_owned()),
            ("insta.yaml".to_owned(), "added".to_owned())
        ]
    );

    // #[ignore] in the tests is a changed test (not run); in src, a flag.
    assert_eq!(score("ignores-tests"), (0, 2));
    assert_eq!(
        kata(by_name["ignores-tests"], "sums::add"),
        ("not_started".to_owned(), 0, 3)
    );
    assert_eq!(changes(by_name["ignores-tests"]).len(), 1);
    assert_eq!(flags(by_name["ignores-tests"]), ["ignore"]);

    // A deleted snapshot is reported; the grader's snapshot judges.
    assert_eq!(score("deletes-a-snapshot"), (1, 2));
    assert_eq!(
        changes(by_name["deletes-a-snapshot"]),
        [(
            "snapshots/ch01-sums/greet_world.snap".to_owned(),
            "deleted".to_owned()
        )]
    );
    assert_eq!(
        kata(by_name["deletes-a-snapshot"], "sums::greet").0,
        "failed"
    );

    // Hard-coding one input passes that test only: the kata fails.
    assert_eq!(score("hard-codes-one-input"), (0, 2));
    assert_eq!(
        kata(by_name["hard-codes-one-input"], "sums::greet"),
        ("failed".to_owned(), 1, 2)
    );

    assert_eq!(score("rustflags-env"), (0, 2));
    assert_eq!(
        kata(by_name["rustflags-env"], "sums::greet").0,
        "not_started"
    );

    // build.rs, proc-macro, include! outside src: flagged, and the build
    // (the grader's manifest, no solutions/ in the tree) does not compile.
    let smelly = by_name["build-script-proc-macro-include"];
    assert_eq!(score("build-script-proc-macro-include"), (0, 2));
    assert_eq!(smelly["chapters"][0]["compiled"], false);
    let smells = flags(smelly);
    for kind in [
        "build_script",
        "proc_macro",
        "include_outside_src",
        "reads_test_files",
    ] {
        assert!(smells.iter().any(|k| k == kind), "{kind} not in {smells:?}");
    }
    assert!(
        changes(smelly).contains(&(
            "chapters/ch01-sums/build.rs".to_owned(),
            "added".to_owned()
        ))
    );

    // The grader's tests run whatever lib.rs says: a redirected module is
    // flagged, and the grader's beside it does not compile; a second `#[path]`
    // above the grader's lines attaches to nothing that matters.
    assert_eq!(score("redirects-the-tests"), (0, 2));
    assert_eq!(
        by_name["redirects-the-tests"]["chapters"][0]["compiled"],
        false
    );
    assert_eq!(
        flags(by_name["redirects-the-tests"]),
        ["tests_module", "reads_test_files"]
    );
    assert_eq!(score("shadows-the-tests"), (0, 2));
    assert_eq!(
        kata(by_name["shadows-the-tests"], "sums::add"),
        ("not_started".to_owned(), 0, 3)
    );

    // A hang is a timed-out kata, not a stuck grade.
    assert_eq!(score("hangs"), (1, 2));
    assert_eq!(kata(by_name["hangs"], "sums::add").0, "timed_out");

    // The files: the same JSON, a Markdown table, and JUnit that parses with
    // one testcase per kata and failures that match the scores.
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("grade.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json, report);
    let markdown = std::fs::read_to_string(out.join("grade.md")).unwrap();
    assert!(markdown.starts_with("## Kata grades\n"), "{markdown}");
    assert!(
        markdown.contains("| honest | **2/2** (100%) | 2/2 | 0 | 0 |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| ch01-sums | `sums::greet` | ❌ failed | 1/2 |"),
        "{markdown}"
    );
    let junit = std::fs::read_to_string(out.join("junit.xml")).unwrap();
    let (cases, failures) = parse_junit(&junit);
    assert_eq!(cases, paths.len() * 2);
    let lost: u64 = by_name
        .values()
        .map(|c| 2 - c["score"]["passed"].as_u64().unwrap())
        .sum();
    assert_eq!(failures as u64, lost);
}

/// Counts `<testcase>`s and `<failure>`s, failing on malformed XML or on
/// totals that disagree with the root's attributes.
fn parse_junit(xml: &str) -> (usize, usize) {
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut cases, mut failures) = (0, 0);
    let mut declared = (0, 0);
    let mut depth = 0;
    loop {
        match reader.read_event().expect("well-formed JUnit XML") {
            Event::Start(e) | Event::Empty(e)
                if e.name().as_ref() == b"testsuites" =>
            {
                let attr = |key: &[u8]| -> usize {
                    let attr = e.try_get_attribute(key).unwrap().unwrap();
                    String::from_utf8_lossy(&attr.value).parse().unwrap()
                };
                declared = (attr(b"tests"), attr(b"failures"));
                depth += 1;
            }
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"testcase" => {
                assert!(depth > 0, "testcase outside testsuites");
                assert!(e.try_get_attribute("classname").unwrap().is_some());
                cases += 1;
            }
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"failure" => {
                failures += 1
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(declared, (cases, failures), "the root's totals");
    (cases, failures)
}

#[test]
fn a_clone_that_is_not_a_workspace_is_a_grading_error() {
    let base = scratch("grade-error");
    let grader = base.join("grader");
    fixture(&grader);
    std::fs::create_dir_all(base.join("empty")).unwrap();
    let work = common::shared_target()
        .parent()
        .unwrap()
        .join("xtask-grade-work-error");
    let result = output(
        xtask(&grader)
            .args(["grade", "--format", "junit", "--work-dir"])
            .arg(&work)
            .arg(base.join("empty"))
            .arg(base.join("missing")),
    );
    assert_eq!(result.status.code(), Some(2));
    let junit = String::from_utf8_lossy(&result.stdout);
    assert_eq!(junit.matches("<error ").count(), 2, "{junit}");
    assert!(junit.contains("has no chapters/ folder"), "{junit}");
}
