//! Given tests for the provided loopscript parser (they pass on the pristine stubs).

use ch02_async_io::script::{self, Callback, Pos, Stmt};
use ch02_async_io::semantics::{self, Semantics};
use kata_support::cases;
use pretty_assertions::assert_eq;

use crate::katas::CHAPTER;

/// The notes' script parses into its five top-level calls.
#[test]
fn given_the_notes_example_parses() {
    let source = include_str!("../scenarios/notes_example.js");
    let program = script::parse(source).expect("the notes' script is loopscript");
    assert_eq!(
        program.main.stmts().len(),
        5,
        "log, two setTimeouts, a promise, log"
    );
    assert!(matches!(
        &program.main.stmts()[1],
        Stmt::SetTimeout { delay: 0, .. }
    ));
}

/// Every form of callback parses to the same body.
fn given_callback_forms(source: &str) {
    let program = script::parse(source).expect("valid loopscript");
    let expected =
        Callback::new(vec![Stmt::SetImmediate(Callback::new(vec![Stmt::Log(
            "x".into(),
        )]))]);
    assert_eq!(program.main, expected);
}
cases!(given_callback_forms {
    arrow_block: ("setImmediate(() => { console.log('x') })"),
    arrow_expression: ("setImmediate(() => console.log('x'))"),
    arrow_one_param: ("setImmediate(x => { console.log('x'); })"),
    function_expression: ("setImmediate(function () { console.log('x') })"),
    named_function: ("setImmediate(function named(a, b) { console.log(\"x\") });"),
});

/// Anything outside the subset is an error at line:column, saying what went wrong.
fn given_errors_point_at_the_problem(
    source: &str,
    line: u32,
    column: u32,
    message: &str,
) {
    let error = script::parse(source).expect_err("not loopscript");
    assert_eq!(error.at, Pos { line, column }, "{error}");
    assert!(error.message.contains(message), "{error}");
}
cases!(given_errors_point_at_the_problem {
    unknown_api: (
        "console.log('a')\n  setInterval(() => {}, 5)",
        2,
        3,
        "`setInterval` is outside loopscript"
    ),
    fs_without_require: (
        "fs.readFile(__filename, () => {})",
        1,
        1,
        "fs is not defined"
    ),
    missing_paren: ("setTimeout(() => {}, 5", 1, 23, "expected `)`"),
    log_a_number: ("console.log(42)", 1, 13, "console.log takes one string"),
    template_literal: ("console.log(`a ${b}`)", 1, 13, "template literals"),
    two_on_one_line: (
        "console.log('a') console.log('b')",
        1,
        18,
        "expected `;` or a new line"
    ),
    unterminated_string: ("console.log('a)", 1, 13, "unterminated string"),
    returned_promise: (
        "setImmediate(() => Promise.resolve().then(() => {}))",
        1,
        20,
        "arrow returning a promise"
    ),
    fractional_delay: ("setTimeout(() => {}, 1.5)", 1, 22, "not a whole number"),
    unclosed_block: (
        "setImmediate(() => {\n console.log('a')",
        2,
        18,
        "missing `}`"
    ),
});

/// `queueMicrotask` does not exist in Node 10: the program is refused for it, with the position.
#[test]
fn given_queue_microtask_is_node11_only() {
    let program = script::parse(
        "const fs = require('fs')\nsetImmediate(() => {\n  queueMicrotask(() => {})\n})",
    )
    .expect("valid loopscript");
    let error = semantics::check_supported(&program, Semantics::Node10)
        .expect_err("Node 10 lacks it");
    assert_eq!(error.at, Pos { line: 3, column: 3 });
    assert_eq!(
        semantics::check_supported(&program, Semantics::Node11Plus),
        Ok(())
    );
}

/// Node versions map to the two semantics; older ones are refused.
#[test]
fn given_node_versions_map_to_semantics() {
    assert_eq!(Semantics::for_node(10), Ok(Semantics::Node10));
    assert_eq!(Semantics::for_node(20), Ok(Semantics::Node11Plus));
    assert_eq!(Semantics::for_node(22), Ok(Semantics::Node11Plus));
    assert!(Semantics::for_node(8).is_err());
}

/// The scenario bank and the oracle test list name the same files.
// It reads the list `event_loop::run` declares: left out with that kata.
#[cfg(not(kata_skip = "event_loop::run"))]
#[test]
fn given_every_scenario_is_listed() {
    let folder = kata_support::chapter_file(CHAPTER, "tests/scenarios");
    let mut on_disk: Vec<String> = std::fs::read_dir(&folder)
        .expect("the scenarios folder exists")
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".js").map(str::to_owned)
        })
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = crate::katas::event_loop::run::SCENARIOS
        .iter()
        .map(|s| s.to_string())
        .collect();
    listed.sort();
    assert_eq!(listed, on_disk);
}

/// Every scenario is loopscript.
// It reads the list `event_loop::run` declares: left out with that kata.
#[cfg(not(kata_skip = "event_loop::run"))]
#[test]
fn given_every_scenario_parses() {
    for name in crate::katas::event_loop::run::SCENARIOS {
        let path = kata_support::chapter_file(
            CHAPTER,
            &format!("tests/scenarios/{name}.js"),
        );
        let source = std::fs::read_to_string(&path).expect("scenario file");
        if let Err(error) = script::parse(&source) {
            panic!("{name}.js: {error}");
        }
    }
}
