//! Katas of `request.rs`: the request line, headers, head, framing and keep-alive,
//! each case measured against Node 20's `http` server (`tests/node/server.js`).

#[cfg(not(kata_skip = "request::parse_request_line"))]
mod parse_request_line {
    use ch06_networking::request::{
        ParseError, RequestLine, Version, parse_request_line,
    };
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    fn line(method: &str, target: &str, version: Version) -> RequestLine {
        RequestLine {
            method: method.to_owned(),
            target: target.to_owned(),
            version,
        }
    }

    /// Lines Node 20 serves.
    fn accepted(text: &'static str, expected: RequestLine) {
        bounded(move || {
            assert_eq!(parse_request_line(text.as_bytes()), Ok(expected))
        });
    }
    cases!(accepted {
        plain: ("GET / HTTP/1.1", line("GET", "/", Version::HTTP_11)),
        query: (
            "POST /a?b=c HTTP/1.0",
            line("POST", "/a?b=c", Version::HTTP_10)
        ),
        absolute: (
            "GET http://a/b HTTP/1.1",
            line("GET", "http://a/b", Version::HTTP_11)
        ),
        asterisk: ("OPTIONS * HTTP/1.1", line("OPTIONS", "*", Version::HTTP_11)),
        extra_spaces: ("GET  /  HTTP/1.1", line("GET", "/", Version::HTTP_11)),
        no_version_is_0_9: ("GET /", line("GET", "/", Version::HTTP_09)),
        http_2_0: (
            "GET / HTTP/2.0",
            line("GET", "/", Version { major: 2, minor: 0 })
        ),
        m_search: (
            "M-SEARCH * HTTP/1.1",
            line("M-SEARCH", "*", Version::HTTP_11)
        ),
    });

    /// Lines Node 20 answers with 400.
    fn refused(text: &'static str, expected: ParseError) {
        bounded(move || {
            assert_eq!(parse_request_line(text.as_bytes()), Err(expected))
        });
    }
    cases!(refused {
        unknown_method: ("FOO / HTTP/1.1", ParseError::InvalidMethod),
        lower_case_method: ("get / HTTP/1.1", ParseError::InvalidMethod),
        no_space: ("HELLO", ParseError::InvalidMethod),
        leading_space: (" GET / HTTP/1.1", ParseError::InvalidMethod),
        tab_separator: ("GET\t/ HTTP/1.1", ParseError::InvalidMethod),
        space_in_target: ("GET /a b HTTP/1.1", ParseError::InvalidVersion),
        control_in_target: ("GET /\u{1} HTTP/1.1", ParseError::InvalidTarget),
        del_in_target: ("GET /\u{7f} HTTP/1.1", ParseError::InvalidTarget),
        utf8_in_target: ("GET /café HTTP/1.1", ParseError::InvalidTarget),
        http_1_2: ("GET / HTTP/1.2", ParseError::InvalidVersion),
        http_3_0: ("GET / HTTP/3.0", ParseError::InvalidVersion),
        http_1_10: ("GET / HTTP/1.10", ParseError::InvalidVersion),
        lower_case_http: ("GET / http/1.1", ParseError::InvalidVersion),
        trailing_space: ("GET / HTTP/1.1 ", ParseError::InvalidVersion),
        space_then_nothing: ("GET / ", ParseError::InvalidVersion),
    });
}

#[cfg(not(kata_skip = "request::parse_header_line"))]
mod parse_header_line {
    use ch06_networking::request::{ParseError, parse_header_line};
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    /// Values are trimmed of spaces and tabs; tabs and Latin-1 bytes may stay inside.
    fn accepted(line: &'static [u8], name: &str, value: &str) {
        let expected = (name.to_owned(), value.to_owned());
        bounded(move || assert_eq!(parse_header_line(line), Ok(expected)));
    }
    cases!(accepted {
        plain: (b"Host: a", "Host", "a"),
        no_space: (b"Host:a", "Host", "a"),
        trimmed: (b"X:  \t v w \t", "X", "v w"),
        empty_value: (b"Host:", "Host", ""),
        tab_inside: (b"X: a\tb", "X", "a\tb"),
        latin1: (b"X: caf\xe9", "X", "caf\u{e9}"),
        colon_in_value: (b"Host: a:80", "Host", "a:80"),
    });

    /// Node 20 refuses these with 400.
    fn refused(line: &'static [u8], expected: ParseError) {
        bounded(move || assert_eq!(parse_header_line(line), Err(expected)));
    }
    cases!(refused {
        space_before_colon: (b"Host : a", ParseError::InvalidHeaderName),
        folded: (b" continued", ParseError::InvalidHeaderName),
        no_colon: (b"XY", ParseError::InvalidHeaderName),
        empty_name: (b": x", ParseError::InvalidHeaderName),
        parenthesis: (b"X(y): 1", ParseError::InvalidHeaderName),
        control_in_value: (b"X: a\x01b", ParseError::InvalidHeaderValue),
        nul_in_value: (b"X: a\x00", ParseError::InvalidHeaderValue),
    });
}

#[cfg(not(kata_skip = "request::parse_head"))]
mod parse_head {
    use ch06_networking::request::{
        MAX_HEADER_BYTES, ParseError, RequestHead, Version, parse_head,
    };
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    fn parsed(
        buf: &'static [u8],
    ) -> Result<Option<(RequestHead, usize)>, ParseError> {
        bounded(move || parse_head(buf))
    }

    /// A whole head: request line, headers in order, and the bytes it used.
    #[test]
    fn complete_head_and_its_length() {
        let buf = b"POST /x HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n\r\nbody";
        let head = RequestHead {
            method: "POST".to_owned(),
            target: "/x".to_owned(),
            version: Version::HTTP_11,
            headers: vec![
                ("Host".to_owned(), "a".to_owned()),
                ("X-A".to_owned(), "1".to_owned()),
            ],
        };
        assert_eq!(parsed(buf), Ok(Some((head, buf.len() - 4))));
    }

    /// Blank lines before a request are skipped, as llhttp does between messages.
    #[test]
    fn leading_blank_lines_skipped() {
        let buf = b"\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n";
        let (head, used) = parsed(buf).expect("valid").expect("complete");
        assert_eq!((head.target.as_str(), used), ("/", buf.len()));
    }

    /// Only the first of two pipelined requests is consumed.
    #[test]
    fn pipelined_second_request_left() {
        let first = b"GET /1 HTTP/1.1\r\nHost: a\r\n\r\n";
        let (head, used) =
            parsed(b"GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\n")
                .expect("valid")
                .expect("complete");
        assert_eq!((head.target.as_str(), used), ("/1", first.len()));
    }

    /// Every proper prefix of a head is incomplete, never an error.
    #[test]
    fn every_prefix_is_incomplete() {
        let buf: &'static [u8] = b"GET /a HTTP/1.1\r\nHost: a\r\nX: y\r\n\r\n";
        bounded(move || {
            for end in 0..buf.len() {
                assert_eq!(
                    parse_head(&buf[..end]),
                    Ok(None),
                    "prefix of {end} bytes"
                );
            }
        });
    }

    /// A bad line is refused as soon as it is complete, without the blank line.
    fn refused_early(buf: &'static [u8], expected: ParseError) {
        assert_eq!(parsed(buf), Err(expected));
    }
    cases!(refused_early {
        bad_method: (b"HELLO / HTTP/1.1\r\n", ParseError::InvalidMethod),
        bad_header: (
            b"GET / HTTP/1.1\r\nHost : a\r\n",
            ParseError::InvalidHeaderName
        ),
        bare_lf: (b"GET / HTTP/1.1\nHost: a\n\n", ParseError::InvalidLineEnd),
        cr_alone: (
            b"GET / HTTP/1.1\rHost: a\r\n\r\n",
            ParseError::InvalidLineEnd
        ),
    });

    /// llhttp reads headers after an HTTP/0.9 request line too (measured on Node 20).
    #[test]
    fn http_0_9_has_headers() {
        let (head, _) = parsed(b"GET /\r\nHost: a\r\n\r\n")
            .expect("valid")
            .expect("complete");
        assert_eq!((head.version, head.headers.len()), (Version::HTTP_09, 1));
    }

    fn head_with_counted(bytes: usize) -> Vec<u8> {
        // Counted: "/" (1) + "Host" "a" (5) + "X" (1) + the value.
        let value = "v".repeat(bytes - 7);
        format!("GET / HTTP/1.1\r\nHost: a\r\nX: {value}\r\n\r\n").into_bytes()
    }

    /// Node 20 answers 431 once the target, names and values reach 16384 bytes
    /// (bisected on Node 20: 16383 is served, 16384 is refused).
    fn overflow_at_16_kib(counted: usize, served: bool) {
        let buf = head_with_counted(counted);
        let result = bounded(move || parse_head(&buf));
        if served {
            assert!(matches!(result, Ok(Some(_))), "{result:?}");
        } else {
            assert_eq!(result, Err(ParseError::HeaderOverflow));
        }
    }
    cases!(overflow_at_16_kib {
        just_under: (MAX_HEADER_BYTES - 1, true),
        at_the_limit: (MAX_HEADER_BYTES, false),
        far_over: (MAX_HEADER_BYTES * 2, false),
    });

    /// A head that never ends is refused once it is too big, not buffered for ever.
    #[test]
    fn endless_head_refused() {
        let mut buf = b"GET / HTTP/1.1\r\nHost: a\r\nX: ".to_vec();
        buf.extend(std::iter::repeat_n(b'v', MAX_HEADER_BYTES));
        assert_eq!(
            bounded(move || parse_head(&buf)),
            Err(ParseError::HeaderOverflow)
        );
    }
}

#[cfg(not(kata_skip = "request::framing"))]
mod framing {
    use ch06_networking::request::{
        Framing, ParseError, RequestHead, Version, framing,
    };
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    fn head(headers: &[(&str, &str)]) -> RequestHead {
        RequestHead {
            method: "POST".to_owned(),
            target: "/".to_owned(),
            version: Version::HTTP_11,
            headers: headers
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
        }
    }

    /// Each row was sent to Node 20; its answer decides the expected framing.
    fn like_node(headers: &[(&str, &str)], expected: Result<Framing, ParseError>) {
        let head = head(headers);
        bounded(move || assert_eq!(framing(&head), expected));
    }
    cases!(like_node {
        none: (&[], Ok(Framing::Length(0))),
        length: (&[("Content-Length", "3")], Ok(Framing::Length(3))),
        length_any_case: (&[("content-length", "12")], Ok(Framing::Length(12))),
        chunked: (&[("Transfer-Encoding", "chunked")], Ok(Framing::Chunked)),
        chunked_upper: (&[("Transfer-Encoding", "Chunked")], Ok(Framing::Chunked)),
        gzip_then_chunked: (
            &[("Transfer-Encoding", "gzip, chunked")],
            Ok(Framing::Chunked)
        ),
        two_headers: (
            &[
                ("Transfer-Encoding", "gzip"),
                ("Transfer-Encoding", "chunked")
            ],
            Ok(Framing::Chunked)
        ),
        smuggling: (
            &[("Content-Length", "3"), ("Transfer-Encoding", "chunked")],
            Err(ParseError::TransferEncodingWithContentLength)
        ),
        gzip_only: (
            &[("Transfer-Encoding", "gzip")],
            Err(ParseError::InvalidTransferEncoding)
        ),
        chunked_not_last: (
            &[("Transfer-Encoding", "chunked, identity")],
            Err(ParseError::InvalidTransferEncoding)
        ),
        chunked_twice: (
            &[("Transfer-Encoding", "chunked, chunked")],
            Err(ParseError::InvalidTransferEncoding)
        ),
        not_a_number: (
            &[("Content-Length", "abc")],
            Err(ParseError::InvalidContentLength)
        ),
        plus_sign: (
            &[("Content-Length", "+3")],
            Err(ParseError::InvalidContentLength)
        ),
        empty: (
            &[("Content-Length", "")],
            Err(ParseError::InvalidContentLength)
        ),
        overflow: (
            &[("Content-Length", "99999999999999999999999")],
            Err(ParseError::InvalidContentLength)
        ),
        twice_equal: (
            &[("Content-Length", "2"), ("Content-Length", "2")],
            Err(ParseError::InvalidContentLength)
        ),
    });
}

#[cfg(not(kata_skip = "request::keep_alive"))]
mod keep_alive {
    use ch06_networking::request::{RequestHead, Version, keep_alive};
    use kata_support::bounded;
    use kata_support::cases;

    /// Measured on Node 20: whether the connection stayed open after the answer.
    fn like_node(version: Version, connection: Option<&str>, expected: bool) {
        let head = RequestHead {
            method: "GET".to_owned(),
            target: "/".to_owned(),
            version,
            headers: connection
                .map(|c| vec![("Connection".to_owned(), c.to_owned())])
                .unwrap_or_default(),
        };
        bounded(move || assert_eq!(keep_alive(&head), expected));
    }
    cases!(like_node {
        http_1_1: (Version::HTTP_11, None, true),
        http_1_1_close: (Version::HTTP_11, Some("close"), false),
        close_any_case: (Version::HTTP_11, Some("CLOSE"), false),
        close_in_list: (Version::HTTP_11, Some("foo, close"), false),
        http_1_0: (Version::HTTP_10, None, false),
        http_1_0_keep_alive: (Version::HTTP_10, Some("Keep-Alive"), true),
        http_0_9: (Version::HTTP_09, None, false),
        http_2_0: (Version { major: 2, minor: 0 }, None, false),
    });
}
