//! Katas of `websocket.rs`: the accept key, the upgrade handshake, the session
//! rules and an echo server, judged by `tokio-tungstenite` and raw frames.

/// Provided scaffolding: SHA-1 and base64 match their published test vectors.
#[test]
fn given_sha1_and_base64_vectors() {
    use ch06_networking::sha1::{base64, sha1};
    let hex = |d: [u8; 20]| d.iter().map(|b| format!("{b:02x}")).collect::<String>();
    assert_eq!(
        hex(sha1(b"abc")),
        "a9993e364706816aba3e25717850c26c9cd0d89d"
    );
    assert_eq!(hex(sha1(b"")), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    assert_eq!(
        hex(sha1(&[b'a'; 1_000])),
        "291e9a6c66994949b57ba5e650361e98fc36b1ba"
    );
    assert_eq!(
        [
            base64(b""),
            base64(b"f"),
            base64(b"fo"),
            base64(b"foo"),
            base64(b"foob")
        ],
        ["", "Zg==", "Zm8=", "Zm9v", "Zm9vYg=="]
    );
}

#[cfg(not(kata_skip = "websocket::accept_key"))]
mod accept_key {
    use ch06_networking::websocket::accept_key;
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    /// RFC 6455 §1.3's example key and answer.
    #[test]
    fn rfc_example() {
        assert_eq!(
            bounded(|| accept_key("dGhlIHNhbXBsZSBub25jZQ==")),
            "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
        );
    }

    /// The `ws` example's `accept` answer, for the key exactly as given.
    #[test]
    fn ws_example_accept() {
        let got = bounded(|| {
            ch06_networking::protocol::answer(
                r#"{"op":"accept","key":"dGhlIHNhbXBsZSBub25jZQ=="}"#,
            )
        });
        assert_eq!(got, r#"{"accept":"s3pPLMBiTxaQ9kYGzzhZRbK+xOo="}"#);
    }

    /// The key is hashed exactly as given: a space changes the answer.
    #[test]
    fn not_trimmed() {
        let (plain, spaced) = bounded(|| {
            (
                accept_key("x3JJHMbDL1EzLkh9GBhXDw=="),
                accept_key(" x3JJHMbDL1EzLkh9GBhXDw=="),
            )
        });
        assert_eq!(plain, "HSmrc0sMlYUkAGmm5OPpG2HaGWk=");
        assert_ne!(plain, spaced);
    }
}

#[cfg(not(kata_skip = "websocket::handshake"))]
mod handshake {
    use ch06_networking::request::{RequestHead, Version};
    use ch06_networking::websocket::{HandshakeError, handshake};
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    fn head(
        method: &str,
        version: Version,
        skip: &str,
        replace: (&str, &str),
    ) -> RequestHead {
        let mut headers = vec![
            ("Host", "a"),
            ("Upgrade", "websocket"),
            ("Connection", "keep-alive, Upgrade"),
            ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="),
            ("Sec-WebSocket-Version", "13"),
        ];
        headers.retain(|(n, _)| *n != skip);
        for (n, v) in &mut headers {
            if *n == replace.0 {
                *v = replace.1;
            }
        }
        RequestHead {
            method: method.to_owned(),
            target: "/".to_owned(),
            version,
            headers: headers
                .into_iter()
                .map(|(n, v)| (n.to_owned(), v.to_owned()))
                .collect(),
        }
    }

    /// A good upgrade gets 101 with the accept key.
    #[test]
    fn switching_protocols() {
        let request = head("GET", Version::HTTP_11, "", ("", ""));
        let answer = bounded(move || handshake(&request)).expect("accepted");
        assert_eq!(
            String::from_utf8(answer).expect("ASCII"),
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
             Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n"
        );
    }

    /// What the kata refuses, with its status. With no parser in front of it,
    /// it judges the whole head by RFC 6455: an HTTP/1.1 `GET`, `Upgrade:
    /// websocket`, `upgrade` among the `Connection` tokens, version 13 and a
    /// 16-byte key. That is stricter than the `ws` package (8.x,
    /// `handleUpgrade`), which refuses `post` (405), `other_protocol`,
    /// `no_version`, `no_key` and `short_key` (400) too, but accepts `http_1_0`
    /// and `version_8` (it takes versions 13 and 8) and never reads
    /// `Connection`. Node's parser raises `'upgrade'` only with `Upgrade` and the
    /// `upgrade` token, so `no_upgrade` and `no_connection_token` go to the
    /// `'request'` handler as ordinary requests and never reach `ws`.
    fn refused(request: RequestHead, expected: HandshakeError) {
        bounded(move || assert_eq!(handshake(&request), Err(expected)));
    }
    cases!(refused {
        post: (
            head("POST", Version::HTTP_11, "", ("", "")),
            HandshakeError::NotGet
        ),
        http_1_0: (
            head("GET", Version::HTTP_10, "", ("", "")),
            HandshakeError::NotUpgrade
        ),
        no_upgrade: (
            head("GET", Version::HTTP_11, "Upgrade", ("", "")),
            HandshakeError::NotUpgrade
        ),
        other_protocol: (
            head("GET", Version::HTTP_11, "", ("Upgrade", "h2c")),
            HandshakeError::NotUpgrade
        ),
        no_connection_token: (
            head("GET", Version::HTTP_11, "", ("Connection", "keep-alive")),
            HandshakeError::NotUpgrade
        ),
        no_version: (
            head("GET", Version::HTTP_11, "Sec-WebSocket-Version", ("", "")),
            HandshakeError::BadVersion
        ),
        version_8: (
            head("GET", Version::HTTP_11, "", ("Sec-WebSocket-Version", "8")),
            HandshakeError::BadVersion
        ),
        no_key: (
            head("GET", Version::HTTP_11, "Sec-WebSocket-Key", ("", "")),
            HandshakeError::BadKey
        ),
        short_key: (
            head("GET", Version::HTTP_11, "", ("Sec-WebSocket-Key", "abc==")),
            HandshakeError::BadKey
        ),
    });

    /// The key's alphabet is base64's, `+` and `/` included (the `ws` package's
    /// `/^[+/0-9A-Za-z]{22}==$/`); base64url's `-` and `_` are not in it.
    #[test]
    fn key_alphabet_is_base64s() {
        let got = bounded(|| {
            ["+/AAAAAAAAAAAAAAAAAAAA==", "-_AAAAAAAAAAAAAAAAAAAA=="].map(|key| {
                let request =
                    head("GET", Version::HTTP_11, "", ("Sec-WebSocket-Key", key));
                handshake(&request).map(|_| "101")
            })
        });
        assert_eq!(got, [Ok("101"), Err(HandshakeError::BadKey)]);
    }

    /// Statuses: 405 for a method, 400 for the rest.
    #[test]
    fn given_statuses() {
        assert_eq!(
            [
                HandshakeError::NotGet.status(),
                HandshakeError::BadKey.status()
            ],
            [405, 400]
        );
    }
}

#[cfg(not(kata_skip = "websocket::receive"))]
mod receive {
    use ch06_networking::frame::{self, Frame};
    use ch06_networking::websocket::{Event, Session};
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    use crate::katas::frame::frame;

    const KEY: Option<[u8; 4]> = Some([1, 2, 3, 4]);

    fn feed(frames: Vec<Frame>) -> Vec<Result<Option<Event>, u16>> {
        bounded(move || {
            let mut session = Session::new(16);
            frames.into_iter().map(|f| session.receive(f)).collect()
        })
    }

    /// Fragments are joined; a ping between them is handed up at once.
    #[test]
    fn fragments_joined_around_a_ping() {
        let got = feed(vec![
            frame(false, frame::TEXT, KEY, b"Hel"),
            frame(true, frame::PING, KEY, b"p"),
            frame(true, frame::CONTINUATION, KEY, b"lo"),
        ]);
        assert_eq!(
            got,
            vec![
                Ok(None),
                Ok(Some(Event::Ping(b"p".to_vec()))),
                Ok(Some(Event::Text("Hello".to_owned())))
            ]
        );
    }

    /// Close frames: code and reason, or none.
    fn close(payload: &[u8], expected: Result<Option<Event>, u16>) {
        assert_eq!(
            feed(vec![frame(true, frame::CLOSE, KEY, payload)]),
            vec![expected]
        );
    }
    cases!(close {
        empty: (
            b"",
            Ok(Some(Event::Close {
                code: None,
                reason: String::new()
            }))
        ),
        normal: (
            b"\x03\xe8bye",
            Ok(Some(Event::Close {
                code: Some(1000),
                reason: "bye".to_owned()
            }))
        ),
        one_byte: (b"\x03", Err(1002)),
        reserved_1005: (b"\x03\xed", Err(1002)),
        code_999: (b"\x03\xe7", Err(1002)),
        bad_utf8_reason: (b"\x03\xe8\xff", Err(1007)),
    });

    /// The rules a server enforces, each with its close code.
    fn protocol_errors(frames: Vec<Frame>, code: u16) {
        let got = feed(frames);
        assert_eq!(got.last(), Some(&Err(code)), "{got:?}");
    }
    cases!(protocol_errors {
        unmasked: (vec![frame(true, frame::TEXT, None, b"a")], 1002),
        rsv_without_extension: (
            vec![Frame {
                rsv: 4,
                ..frame(true, frame::TEXT, KEY, b"a")
            }],
            1002
        ),
        continuation_first: (vec![frame(true, frame::CONTINUATION, KEY, b"a")], 1002),
        new_message_mid_fragment: (
            vec![
                frame(false, frame::TEXT, KEY, b"a"),
                frame(true, frame::BINARY, KEY, b"b")
            ],
            1002
        ),
        invalid_utf8: (vec![frame(true, frame::TEXT, KEY, b"\xff")], 1007),
        split_utf8_is_fine_until_the_end: (
            vec![
                frame(false, frame::TEXT, KEY, b"\xe4\xb8"),
                frame(true, frame::CONTINUATION, KEY, b"")
            ],
            1007
        ),
        too_big: (
            vec![
                frame(false, frame::BINARY, KEY, &[0; 10]),
                frame(true, frame::CONTINUATION, KEY, &[0; 7])
            ],
            1009
        ),
    });

    /// A pong is handed up as it is; a message of exactly the limit (16 here) is
    /// fine, one frame over it is 1009.
    #[test]
    fn pong_and_the_size_limit() {
        let got = feed(vec![
            frame(true, frame::PONG, KEY, b"p"),
            frame(true, frame::TEXT, KEY, &[b'a'; 16]),
            frame(true, frame::BINARY, KEY, &[0; 17]),
        ]);
        assert_eq!(
            got,
            vec![
                Ok(Some(Event::Pong(b"p".to_vec()))),
                Ok(Some(Event::Text("a".repeat(16)))),
                Err(1009)
            ]
        );
    }

    /// A character split across fragments is whole once joined.
    #[test]
    fn utf8_split_across_fragments() {
        let got = feed(vec![
            frame(false, frame::TEXT, KEY, b"\xe4\xb8"),
            frame(true, frame::CONTINUATION, KEY, b"\xad"),
        ]);
        assert_eq!(got, vec![Ok(None), Ok(Some(Event::Text("中".to_owned())))]);
    }
}

#[cfg(not(kata_skip = "websocket::serve"))]
mod serve;
