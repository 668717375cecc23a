//! Katas of `ipc.rs`: Node's newline-delimited JSON, byte for byte, and a real Node 20
//! parent talking to the Rust child, which speaks it with `encode` and `push`.

#[cfg(not(kata_skip = "ipc::encode"))]
mod encode {
    use ch07_processes::ipc::encode;
    use kata_support::bounded;
    use pretty_assertions::assert_eq;
    use serde_json::json;

    /// What Node 20 writes on the wire for `send({u: 'é', x: 1})` and `send('str')`
    /// (captured from a real Node parent; see the book's IPC page): compact JSON,
    /// raw UTF-8, one newline.
    #[test]
    fn like_node_on_the_wire() {
        let got =
            bounded(|| [encode(&json!({"u": "é", "x": 1})), encode(&json!("str"))]);
        assert_eq!(
            got.map(|b| String::from_utf8(b).expect("utf-8")),
            ["{\"u\":\"é\",\"x\":1}\n".to_owned(), "\"str\"\n".to_owned()]
        );
    }

    /// Real Node 20 (recorded): what a Node parent wrote, line by line, as the chapter's
    /// `dump` child read it (`tests/oracle/wire.js`). Compact JSON, raw UTF-8, one newline;
    /// the one difference is key order: Node keeps insertion order, `serde_json` sorts.
    #[test]
    fn real_node_writes_the_same() {
        let script = crate::oracle_script("wire.js");
        let input = std::fs::read_to_string(&script).expect("wire.js");
        let env = [("CH07_CHILD", crate::child_program())];
        let node =
            crate::recorded_node("wire", &input, &[&script.to_string_lossy()], &env);
        let ours = bounded(|| {
            [
                json!({"u": "é", "x": 1}),
                json!("str"),
                json!([1, "two\nlines", null, true, 1.5]),
            ]
            .map(|m| String::from_utf8(encode(&m)).expect("utf-8"))
        });
        assert_eq!(
            [&node[0], &node[2], &node[3]].map(|l| format!("{l}\n")),
            ours,
            "Node wrote:\n{}",
            node.join("\n")
        );
        assert_eq!(
            node[1], "{\"x\":1,\"u\":\"é\"}",
            "Node keeps insertion order"
        );
    }

    /// A newline inside a string is escaped, so one message is always one line.
    #[test]
    fn one_message_one_line() {
        let got = bounded(|| encode(&json!({"text": "two\nlines"})));
        assert_eq!(got, b"{\"text\":\"two\\nlines\"}\n".to_vec());
        assert_eq!(got.iter().filter(|&&b| b == b'\n').count(), 1);
    }
}

#[cfg(not(kata_skip = "ipc::push"))]
mod push {
    use ch07_processes::ipc::LineDecoder;
    use kata_support::bounded;
    use pretty_assertions::assert_eq;
    use serde_json::{Value, json};

    fn ok(items: Vec<Result<Value, ch07_processes::ipc::IpcError>>) -> Vec<Value> {
        items.into_iter().map(|r| r.expect("valid JSON")).collect()
    }

    /// Two messages in one read.
    #[test]
    fn several_in_one_read() {
        let got = bounded(|| ok(LineDecoder::new().push(b"{\"a\":1}\n\"b\"\n")));
        assert_eq!(got, vec![json!({"a": 1}), json!("b")]);
    }

    /// A message split over reads, even inside a UTF-8 character, comes out whole once.
    #[test]
    fn split_anywhere() {
        let line = "{\"poem\":\"床前明月光\"}\n".as_bytes().to_vec();
        let got = bounded(move || {
            let mut decoder = LineDecoder::new();
            let mut out = Vec::new();
            for byte in &line {
                out.extend(ok(decoder.push(std::slice::from_ref(byte))));
            }
            (out, decoder.pending.len())
        });
        assert_eq!(got, (vec![json!({"poem": "床前明月光"})], 0));
    }

    /// The unfinished tail waits for the next read.
    #[test]
    fn keeps_the_tail() {
        let got = bounded(|| {
            let mut decoder = LineDecoder::new();
            let first = ok(decoder.push(b"1\n{\"a\":"));
            let second = ok(decoder.push(b"2}\n"));
            (first, second)
        });
        assert_eq!(got, (vec![json!(1)], vec![json!({"a": 2})]));
    }

    /// A line that is not JSON is one error between its neighbours, which both arrive.
    #[test]
    fn bad_line_is_an_error_not_a_loss() {
        let got =
            bounded(|| LineDecoder::new().push(b"{\"a\":1}\nnot json\n{\"b\":2}\n"));
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[0], Ok(json!({"a": 1})));
        assert_eq!(got[2], Ok(json!({"b": 2})));
        let error = got[1].clone().unwrap_err();
        assert_eq!(error.line, "not json");
    }

    /// A megabyte in 64 KiB reads.
    #[test]
    fn a_megabyte_in_pieces() {
        let got = bounded(|| {
            let message = json!({"big": "x".repeat(1 << 20)});
            let mut bytes = serde_json::to_vec(&message).expect("json");
            bytes.push(b'\n');
            let mut decoder = LineDecoder::new();
            let mut out = Vec::new();
            for chunk in bytes.chunks(64 * 1024) {
                out.extend(ok(decoder.push(chunk)));
            }
            out == vec![message]
        });
        assert!(got);
    }

    /// Ours first: the child reads Node's lines with `push`, so a stub panics
    /// here, in the test, before Node is started for nothing.
    fn push_runs() {
        bounded(|| LineDecoder::new().push(b"1\n"));
    }

    /// Interop: a real Node 20 parent forks the Rust child (`execPath`); messages both ways.
    /// The child reads Node's lines with `push` and answers with `encode`.
    #[test]
    fn real_node_parent() {
        push_runs();
        bounded(|| {
            let (lines, stderr, code) = crate::node_parent_of_rust_child("messages");
            assert_eq!(code, Some(0), "{stderr}");
            let seen: Vec<Value> = lines
                .iter()
                .map(|l| serde_json::from_str(l).expect("json"))
                .collect();
            assert_eq!(seen.len(), 3, "{lines:?}");
            assert_eq!(
                seen[0]["message"]["echo"],
                json!({"hello": "from node", "list": [1, 2, 3]})
            );
            assert_eq!(seen[1]["message"]["echo"], json!("a string"));
            assert_eq!(seen[2], json!({"exit": [5, null]}));
        });
    }

    /// Where Node and this model differ: a line that is not JSON kills a Node 20 parent
    /// (an uncaught SyntaxError) and even the message after it is lost. The Rust child
    /// reads the order to send it with `push`.
    #[test]
    fn real_node_dies_on_garbage() {
        push_runs();
        bounded(|| {
            let (lines, stderr, code) = crate::node_parent_of_rust_child("garbage");
            assert_eq!(
                code,
                Some(1),
                "Node 20 exits 1 on the bad line; stderr:\n{stderr}"
            );
            assert!(stderr.contains("SyntaxError"), "{stderr}");
            assert!(lines.iter().all(|l| !l.contains("after")), "{lines:?}");
        });
    }
}
