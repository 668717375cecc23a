//! The differential test: a bank of odd and malformed requests sent to the
//! chapter's server and to real Node 20's `http.createServer` with the same
//! handler; status lines and "did it close" must agree case by case.

use std::collections::HashMap;

use ch06_networking::sha1::base64;
use kata_support::oracle::{self, NodeVersion};

use super::super::{quick, start};
use crate::katas::{CHAPTER, all_at_once, exchange_expecting, run};

/// `(name, bytes, half_close)`: half-closed cases send FIN after their bytes.
pub const BANK: &[(&str, &[u8], bool)] = &[
    ("get", b"GET / HTTP/1.1\r\nHost: a\r\n\r\n", false),
    ("no_host", b"GET / HTTP/1.1\r\n\r\n", false),
    ("empty_host", b"GET / HTTP/1.1\r\nHost:\r\n\r\n", false),
    ("duplicate_host", b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", false),
    ("http_1_0", b"GET / HTTP/1.0\r\n\r\n", false),
    ("http_1_0_keep_alive", b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", false),
    ("http_0_9", b"GET /\r\n\r\n", false),
    ("http_2_0", b"GET / HTTP/2.0\r\nHost: a\r\n\r\n", false),
    ("http_1_2", b"GET / HTTP/1.2\r\nHost: a\r\n\r\n", false),
    ("head", b"HEAD /h HTTP/1.1\r\nHost: a\r\n\r\n", false),
    ("garbage", b"HELLO\r\n\r\n", false),
    ("lower_case_method", b"get / HTTP/1.1\r\nHost: a\r\n\r\n", false),
    ("unknown_method", b"FOO / HTTP/1.1\r\nHost: a\r\n\r\n", false),
    ("query_method", b"QUERY / HTTP/1.1\r\nHost: a\r\n\r\n", false),
    ("double_spaces", b"GET  /  HTTP/1.1\r\nHost: a\r\n\r\n", false),
    ("trailing_space", b"GET / HTTP/1.1 \r\nHost: a\r\n\r\n", false),
    ("utf8_target", "GET /caf\u{e9} HTTP/1.1\r\nHost: a\r\n\r\n".as_bytes(), false),
    ("bare_lf", b"GET / HTTP/1.1\nHost: a\n\n", false),
    ("space_before_colon", b"GET / HTTP/1.1\r\nHost : a\r\n\r\n", false),
    ("obs_fold", b"GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n", false),
    ("control_in_value", b"GET / HTTP/1.1\r\nHost: a\r\nX: a\x01b\r\n\r\n", false),
    ("latin1_value", b"GET / HTTP/1.1\r\nHost: a\r\nX: caf\xe9\r\n\r\n", false),
    ("leading_crlf", b"\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", false),
    ("te_and_cl", b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", false),
    ("te_gzip", b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", false),
    ("te_gzip_chunked", b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", false),
    ("te_chunked_identity", b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, identity\r\n\r\n", false),
    ("cl_letters", b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\n", false),
    ("cl_plus", b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +3\r\n\r\nabc", false),
    ("cl_twice", b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nab", false),
    ("cl_huge", b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n", false),
    ("chunked", b"POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n2\r\nde\r\n0\r\nT: 1\r\n\r\n", false),
    ("chunk_bad_size", b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", false),
    ("chunk_overrun", b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n0\r\n\r\n", false),
    ("expect_continue", b"POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc", false),
    ("expect_unknown", b"POST / HTTP/1.1\r\nHost: a\r\nExpect: foo\r\nContent-Length: 3\r\n\r\nabc", false),
    ("expect_on_1_0", b"POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc", false),
    // Node looks for `100-continue` as a word (`/(?:^|\W)100-continue(?:$|\W)/i`).
    ("expect_word_in_a_list", b"POST / HTTP/1.1\r\nHost: a\r\nExpect: foo, 100-continue\r\nContent-Length: 3\r\n\r\nabc", false),
    ("expect_upper_case", b"POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-CONTINUE\r\nContent-Length: 3\r\n\r\nabc", false),
    ("expect_glued_before", b"POST / HTTP/1.1\r\nHost: a\r\nExpect: x100-continue\r\nContent-Length: 3\r\n\r\nabc", false),
    ("expect_glued_after", b"POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continuex\r\nContent-Length: 3\r\n\r\nabc", false),
    ("expect_underscore_before", b"POST / HTTP/1.1\r\nHost: a\r\nExpect: _100-continue\r\nContent-Length: 3\r\n\r\nabc", false),
    ("pipelined", b"GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n", false),
    ("pipelined_close", b"GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", false),
    ("pipelined_junk", b"GET /1 HTTP/1.1\r\nHost: a\r\n\r\nJUNK\r\n\r\n", false),
    ("data_after_close", b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", false),
    ("crlf_after_close", b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n\r\n", false),
    ("connection_list_close", b"GET / HTTP/1.1\r\nHost: a\r\nConnection: foo, close\r\n\r\n", false),
    ("upgrade_without_listener", b"GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n", false),
    ("connect_without_listener", b"CONNECT a:1 HTTP/1.1\r\nHost: a\r\n\r\n", false),
    ("get_then_connect", b"GET / HTTP/1.1\r\nHost: a\r\n\r\nCONNECT a:1 HTTP/1.1\r\nHost: a\r\n\r\n", false),
    ("truncated_head_fin", b"GET / HTTP/1.1\r\nHost: a\r\n", true),
    ("truncated_line_fin", b"GET / HTT", true),
    ("truncated_body_fin", b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc", true),
    ("truncated_chunk_fin", b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n", true),
    ("nothing_fin", b"", true),
    ("blank_lines_fin", b"\r\n\r\n", true),
    ("complete_fin", b"GET / HTTP/1.1\r\nHost: a\r\n\r\n", true),
    ("post_1_0_body_without_length", b"POST / HTTP/1.0\r\n\r\nabc", true),
];

/// Header-size cases are built, not written out: counted bytes around 16 KiB.
fn big_cases() -> Vec<(String, Vec<u8>, bool)> {
    [16_383usize, 16_384, 40_000]
        .iter()
        .map(|&counted| {
            let value = "v".repeat(counted - 7);
            let bytes = format!("GET / HTTP/1.1\r\nHost: a\r\nX: {value}\r\n\r\n")
                .into_bytes();
            (format!("header_bytes_{counted}"), bytes, false)
        })
        .collect()
}

fn all_cases() -> Vec<(String, Vec<u8>, bool)> {
    BANK.iter()
        .map(|(name, bytes, fin)| ((*name).to_owned(), bytes.to_vec(), *fin))
        .chain(big_cases())
        .collect()
}

/// The Node script: the shared handler, the cases, and the driver.
fn node_script(cases: &[(String, Vec<u8>, bool)]) -> String {
    let read = |file: &str| {
        std::fs::read_to_string(kata_support::chapter_file(CHAPTER, file))
            .unwrap_or_else(|e| panic!("reading {file}: {e}"))
    };
    let items: Vec<String> = cases
        .iter()
        .map(|(name, bytes, fin)| {
            format!(
                r#"{{"name":"{name}","input":"{}","half_close":{fin}}}"#,
                base64(bytes)
            )
        })
        .collect();
    format!(
        "{}\nconst CASES = [\n{}\n];\n{}",
        read("tests/node/handler.js"),
        items.join(",\n"),
        read("tests/node/differential.js")
    )
}

/// Every case of the bank, on the chapter's server and on real Node 20: the
/// status lines and whether the connection closed must be the same. Node's
/// answers are recorded in `recordings/ch06-networking/` (case `http_differential`).
#[test]
fn agrees_with_real_node() {
    let cases = all_cases();
    let script_text = node_script(&cases);
    let observed = oracle::recorded(
        CHAPTER,
        "http_differential",
        NodeVersion::V20,
        &script_text,
        1,
        |node| {
            // A fresh folder: the oracle runs a script from its folder.
            let dir = tempfile::tempdir()?;
            let script = dir.path().join("differential.js");
            std::fs::write(&script, &script_text)?;
            oracle::run_once(node, &script)
        },
    );
    let outcome = observed.outcomes.keys().next().expect("one outcome");
    assert!(outcome.success, "Node 20 failed: {:?}", outcome.lines);
    let expected: Vec<String> = outcome.lines.clone();

    // Node's answer to a case tells our client how long to listen
    // (`exchange_expecting`); a case Node has no line for gets the full wait.
    let answers: HashMap<String, String> = expected
        .iter()
        .filter_map(|line| line.split_once('\t'))
        .map(|(name, answer)| (name.to_owned(), answer.to_owned()))
        .collect();
    let ours = run(async move {
        let server = start(quick(5_000, 5_000)).await;
        let addr = server.local_addr();
        all_at_once(cases.into_iter().map(|(name, bytes, fin)| {
            let answer = answers.get(&name).cloned().unwrap_or_default();
            async move {
                let seen =
                    exchange_expecting(addr, &bytes, fin, super::QUIET, &answer)
                        .await;
                format!("{name}\t{}", seen.summary())
            }
        }))
        .await
    });
    let differences: Vec<String> = expected
        .iter()
        .zip(&ours)
        .filter(|(node, ours)| node != ours)
        .map(|(node, ours)| format!("  node 20: {node}\n  ours:    {ours}"))
        .collect();
    assert_eq!(expected.len(), ours.len(), "case counts differ");
    assert!(
        differences.is_empty(),
        "{} of {} cases differ from Node 20:\n{}",
        differences.len(),
        ours.len(),
        differences.join("\n")
    );
}
