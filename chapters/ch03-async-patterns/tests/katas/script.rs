//! Tests of the provided scaffolding (`json.rs`, `script.rs`): they pass on the stubs too.

use ch03_async_patterns::json::{Json, js_number};
use ch03_async_patterns::script::{self, AddMethod, Op, ScriptError};
use kata_support::bounded;
use kata_support::cases;
use pretty_assertions::assert_eq;

use crate::katas::generated;

/// Numbers print as JavaScript's `Number.prototype.toString` does.
fn given_js_number_format(n: f64, expected: &str) {
    assert_eq!(js_number(n), expected);
}
cases!(given_js_number_format {
    integer: (1.0, "1"),
    negative_fraction: (-2.25, "-2.25"),
    big_integer: (1e20, "100000000000000000000"),
    exponent_from_21: (1e21, "1e+21"),
    small: (1e-7, "1e-7"),
    small_fixed: (0.000001, "0.000001"),
    tiny: (5e-324, "5e-324"),
    largest: (f64::MAX, "1.7976931348623157e+308"),
    third: (1.0 / 3.0, "0.3333333333333333"),
    negative_zero: (-0.0, "0"),
});

/// `JSON.parse` then `JSON.stringify`: index keys first, a repeated key keeps its first place.
fn given_json_round_trip(text: &str, expected: &str) {
    let value = Json::parse(text).expect("valid JSON");
    assert_eq!(value.to_js_string(), expected);
}
cases!(given_json_round_trip {
    key_order: (
        r#"{"b":1,"a":2,"10":3,"2":4}"#,
        r#"{"2":4,"10":3,"b":1,"a":2}"#
    ),
    repeated_key: (r#"{"b":1,"a":2,"b":3}"#, r#"{"b":3,"a":2}"#),
    escapes: (r#""\u0001\n\/\ud83d\ude00""#, "\"\\u0001\\n/\u{1F600}\""),
    whitespace: (" [ 1 , 2.50 , true , null ] ", "[1,2.5,true,null]"),
});

/// Malformed JSON is an error naming where reading stopped.
fn given_bad_json_is_an_error(text: &str, offset: usize) {
    let error = Json::parse(text).expect_err("not JSON");
    assert_eq!(error.offset, offset, "{error}");
}
cases!(given_bad_json_is_an_error {
    trailing_comma: ("[1,]", 3),
    leading_zero: ("01", 2),
    lone_surrogate: (r#""\ud800""#, 7),
    unterminated: (r#""abc"#, 4),
    extra_text: ("1 2", 2),
});

/// A script line becomes an operation; bad lines name their line number.
#[test]
fn given_script_parsing() {
    let ops = script::parse(
        "{\"op\":\"once\",\"event\":\"x\",\"listener\":\"a\"}\n\n{\"op\":\"emit\",\"event\":\"x\",\"args\":[1]}\n",
    )
    .expect("a valid script");
    assert_eq!(
        ops,
        [
            Op::Add {
                method: AddMethod::Once,
                event: "x".to_owned(),
                listener: "a".to_owned()
            },
            Op::Emit {
                event: "x".to_owned(),
                args: vec![Json::Number(1.0)]
            }
        ]
    );
    assert!(matches!(
        script::parse("{\"op\":\"eventNames\"}\n{\"op\":\"fly\"}"),
        Err(ScriptError::Op { line: 2, .. })
    ));
    assert!(matches!(
        script::parse("{\"op\":\"setMaxListeners\",\"n\":-1}"),
        Err(ScriptError::Op { line: 1, .. })
    ));
    assert!(matches!(
        script::parse("{\"op\":"),
        Err(ScriptError::Json { line: 1, .. })
    ));
}

/// Every generated oracle script is a valid script (the generator is test scaffolding).
#[test]
fn given_generated_scripts_parse() {
    bounded(|| {
        for seed in 0..240 {
            let text = generated::script(seed);
            script::parse(&text)
                .unwrap_or_else(|error| panic!("seed {seed}: {error}\n{text}"));
        }
    });
}
