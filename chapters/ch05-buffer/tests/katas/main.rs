//! Chapter 5 katas: one test binary, one module per source file, in book order.
//!
//! A test's path starts with its kata's name (`utf8::decode::maximal_subparts`),
//! which is how `cargo xtask check chapter-5 utf8::decode` finds it. The same
//! file is compiled against the learner's crate (`chapters/ch05-buffer`) and
//! against the reference solution (`solutions/ch05-buffer`).
//!
//! Oracle tests send the `buffer` example's JSON requests to real Node
//! (`tests/oracle/buffer.js`, one process per test and version; its answers
//! are recorded in `recordings/ch05-buffer/`) and to
//! [`ch05_buffer::protocol::answer`], and compare the answers line by line.

// A learner's `cargo xtask check` compiles only the tests of katas begun and
// the first not begun: each kata's module is behind `#[cfg(not(kata_skip =
// "module::item"))]`. What only the others use is then unused, no fault of theirs.
#![cfg_attr(kata_skip, allow(unused))]

/// Names each value of one comparison, so a failing `assert_eq!` says which
/// field differs: `assert_eq!(named!(len: b.len()), named!(len: 3))`.
macro_rules! named {
    ($($name:ident: $value:expr),+ $(,)?) => {
        [$((stringify!($name), format!("{:?}", $value))),+]
    };
}

mod base64;
mod buffer;
mod decoder;
mod encoding;
mod garbled;
mod hex;
mod latin1;
mod slab;
mod utf16le;
mod utf8;

use std::io::Write;
use std::process::{Command, Stdio};

use kata_support::oracle::{self, NodeVersion};

/// The chapter's folder name, for snapshots and oracle scripts.
pub const CHAPTER: &str = "ch05-buffer";

/// A small deterministic generator (xorshift64*), so generated cases are the same on every run.
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed` (any value but 0 works; 0 is replaced).
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    /// The next raw value.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A value in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// One item of `items`.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// Code units chosen to hit Node's edge cases: ASCII, latin1, wide, CJK,
/// surrogate pairs, lone surrogates, base64 and hex alphabets, padding, junk.
const INTERESTING_UNITS: &[&[u16]] = &[
    &[0x41],
    &[0x7a],
    &[0x30],
    &[0x39],
    &[0x2b],
    &[0x2f],
    &[0x2d],
    &[0x5f],
    &[0x3d],
    &[0x20],
    &[0x0a],
    &[0x2a],
    &[0x00],
    &[0x7f],
    &[0x80],
    &[0xe9],
    &[0xff],
    &[0x141],
    &[0x4e2d],
    &[0xfffd],
    &[0xffff],
    &[0xd83d, 0xde00],
    &[0xd800],
    &[0xdc00],
    &[0xdbff],
    &[0x61, 0x62],
    &[0x66, 0x46],
];

/// A random JavaScript string of up to `max` pieces from [`INTERESTING_UNITS`].
pub fn random_string(rng: &mut Rng, max: usize) -> Vec<u16> {
    let pieces = rng.below(max + 1);
    (0..pieces)
        .flat_map(|_| rng.pick(INTERESTING_UNITS).to_vec())
        .collect()
}

/// Random bytes biased toward UTF-8 structure: leads, continuations, invalid bytes.
pub fn random_bytes(rng: &mut Rng, max: usize) -> Vec<u8> {
    const BYTES: &[u8] = &[
        0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0,
        0xe1, 0xe4, 0xb8, 0xad, 0xed, 0xef, 0xf0, 0xf1, 0xf4, 0xf5, 0xff, 0x3d, 0xd8,
        0x3d, 0x00,
    ];
    let len = rng.below(max + 1);
    (0..len).map(|_| rng.pick(BYTES)).collect()
}

/// Lowercase hex for request lines.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A JSON array of code units.
pub fn units(text: &[u16]) -> String {
    let items: Vec<String> = text.iter().map(u16::to_string).collect();
    format!("[{}]", items.join(","))
}

/// What `script` (its text `text`) printed on real `version` with `stdin`,
/// from the recording `case` (`recordings/ch05-buffer/<case>@node<N>.txt`).
fn run_node(
    case: &str,
    version: NodeVersion,
    script: &std::path::Path,
    text: &str,
    stdin: &str,
) -> Vec<String> {
    let input = format!("{text}\n--- stdin\n{stdin}");
    let observed = oracle::recorded(CHAPTER, case, version, &input, 1, |node| {
        let mut child = Command::new(node)
            .arg(script)
            .env_remove("NODE_OPTIONS")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let mut pipe = child.stdin.take().expect("piped stdin");
        let stdin = stdin.to_owned();
        // Write from another thread so a full stdout pipe cannot deadlock us.
        let writer = std::thread::spawn(move || pipe.write_all(stdin.as_bytes()));
        let output = child.wait_with_output()?;
        writer.join().expect("stdin writer")?;
        Ok(oracle::Outcome {
            lines: String::from_utf8_lossy(&output.stdout)
                .lines()
                .map(str::to_owned)
                .collect(),
            success: output.status.success(),
        })
    });
    assert!(
        !observed.is_racy(),
        "{version} varied on `{case}`:\n{observed}"
    );
    let outcome = observed
        .outcomes
        .into_keys()
        .next()
        .expect("at least one run");
    assert!(
        outcome.success,
        "{version} failed on `{case}` ({})",
        script.display()
    );
    outcome.lines
}

/// Real Node's answers to `requests` (the `buffer` protocol), from the recording `case`.
pub fn node_answers(
    case: &str,
    version: NodeVersion,
    requests: &[String],
) -> Vec<String> {
    let script = kata_support::chapter_file(CHAPTER, "tests/oracle/buffer.js");
    let text = std::fs::read_to_string(&script)
        .unwrap_or_else(|e| panic!("reading {}: {e}", script.display()));
    let mut input = requests.join("\n");
    input.push('\n');
    let answers = run_node(case, version, &script, &text, &input);
    assert_eq!(
        answers.len(),
        requests.len(),
        "{version} answered a different number of lines"
    );
    answers
}

/// Sends `requests` to the model and checks every answer against real
/// `version`'s, recorded as `case`.
#[track_caller]
pub fn node_agrees(case: &str, version: NodeVersion, requests: &[String]) {
    let expected = node_answers(case, version, requests);
    let lines = requests.to_vec();
    let actual = kata_support::bounded(move || {
        lines
            .iter()
            .map(|line| ch05_buffer::protocol::answer(line))
            .collect::<Vec<_>>()
    });
    let mut wrong = Vec::new();
    for ((request, want), got) in requests.iter().zip(&expected).zip(&actual) {
        if want != got {
            wrong.push(format!(
                "request {request}\n  {version}: {want}\n  model:   {got}"
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} answers differ from {version}; the first ones:\n{}",
        wrong.len(),
        requests.len(),
        wrong.iter().take(5).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// Real Node's `slab` answer for `steps` (a JSON array) run as a main script of
/// at least `min_script_bytes` bytes, recorded as `slab/<name>`; returns the
/// answer and the script's exact size.
pub fn node_slab(
    name: &str,
    version: NodeVersion,
    steps: &str,
    min_script_bytes: usize,
) -> (String, usize) {
    let template = std::fs::read_to_string(kata_support::chapter_file(
        CHAPTER,
        "tests/oracle/slab.js",
    ))
    .expect("reading tests/oracle/slab.js");
    let mut script = format!("const STEPS = {steps};\n{template}");
    if script.len() + 3 < min_script_bytes {
        // A comment pads the file: Node 10's loader reads exactly this many bytes.
        let pad = min_script_bytes - script.len() - 3;
        script.push_str(&format!("//{}\n", "x".repeat(pad)));
    }
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("slab.js");
    std::fs::write(&path, &script).expect("writing the slab script");
    let answers = run_node(&format!("slab/{name}"), version, &path, &script, "");
    (answers.concat(), script.len())
}
