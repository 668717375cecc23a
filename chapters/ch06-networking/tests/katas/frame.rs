//! Katas of `frame.rs`: WebSocket frames to bytes and back (RFC 6455 §5.2).

/// A frame with every field given.
pub fn frame(
    fin: bool,
    opcode: u8,
    mask: Option<[u8; 4]>,
    payload: &[u8],
) -> ch06_networking::frame::Frame {
    ch06_networking::frame::Frame {
        fin,
        rsv: 0,
        opcode,
        mask,
        payload: payload.to_vec(),
    }
}

/// RFC 6455 §5.7's masked "Hello" from a client.
pub const MASKED_HELLO: &[u8] = &[
    0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58,
];

#[cfg(not(kata_skip = "frame::encode"))]
mod encode {
    use ch06_networking::frame::{self, FrameError, encode};
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    use super::{MASKED_HELLO, frame};

    /// The examples of RFC 6455 §5.7, byte for byte.
    fn rfc_examples(input: frame::Frame, expected: &[u8]) {
        let expected = expected.to_vec();
        bounded(move || assert_eq!(encode(&input), Ok(expected)));
    }
    cases!(rfc_examples {
        unmasked_hello: (
            frame(true, frame::TEXT, None, b"Hello"),
            &[0x81, 0x05, b'H', b'e', b'l', b'l', b'o']
        ),
        masked_hello: (
            frame(true, frame::TEXT, Some([0x37, 0xfa, 0x21, 0x3d]), b"Hello"),
            MASKED_HELLO
        ),
        first_fragment: (
            frame(false, frame::TEXT, None, b"Hel"),
            &[0x01, 0x03, b'H', b'e', b'l']
        ),
        last_fragment: (
            frame(true, frame::CONTINUATION, None, b"lo"),
            &[0x80, 0x02, b'l', b'o']
        ),
        ping: (
            frame(true, frame::PING, None, b"Hello"),
            &[0x89, 0x05, b'H', b'e', b'l', b'l', b'o']
        ),
        empty_close: (frame(true, frame::CLOSE, None, b""), &[0x88, 0x00]),
    });

    /// The header's length field: 7 bits to 125, then 16 bits, then 64 bits.
    fn length_forms(len: usize, header: Vec<u8>) {
        let got =
            bounded(move || encode(&frame(true, frame::BINARY, None, &vec![7; len])));
        let bytes = got.expect("a valid frame");
        assert_eq!(
            (bytes[..header.len()].to_vec(), bytes.len()),
            (header.clone(), header.len() + len)
        );
    }
    cases!(length_forms {
        len_125: (125, vec![0x82, 125]),
        len_126: (126, vec![0x82, 126, 0x00, 0x7e]),
        len_65535: (65_535, vec![0x82, 126, 0xff, 0xff]),
        len_65536: (65_536, vec![0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0]),
    });

    /// RSV bits land in bits 6–4 of the first byte; 7 (all three) is the largest.
    fn rsv_bits(rsv: u8, first: u8) {
        let mut f = frame(true, frame::TEXT, None, b"");
        f.rsv = rsv;
        assert_eq!(bounded(move || encode(&f)), Ok(vec![first, 0x00]));
    }
    cases!(rsv_bits {
        rsv_5: (5, 0xd1),
        rsv_7: (7, 0xf1),
    });

    /// A control frame may carry exactly 125 bytes.
    #[test]
    fn ping_of_125_bytes() {
        let got = bounded(|| encode(&frame(true, frame::PING, None, &[3; 125])));
        assert_eq!(got.map(|b| (b[0], b[1], b.len())), Ok((0x89, 125, 127)));
    }

    /// What RFC 6455 forbids is refused, not written.
    fn refused(input: frame::Frame, expected: FrameError) {
        bounded(move || assert_eq!(encode(&input), Err(expected)));
    }
    cases!(refused {
        reserved_opcode: (frame(true, 3, None, b""), FrameError::ReservedOpcode),
        opcode_over_15: (frame(true, 16, None, b""), FrameError::ReservedOpcode),
        long_ping: (
            frame(true, frame::PING, None, &[0; 126]),
            FrameError::ControlTooLong
        ),
        fragmented_close: (
            frame(false, frame::CLOSE, None, b""),
            FrameError::ControlFragmented
        ),
    });

    /// RSV above 7 does not fit in three bits.
    #[test]
    fn rsv_over_7_refused() {
        let mut f = frame(true, frame::TEXT, None, b"");
        f.rsv = 8;
        assert_eq!(bounded(move || encode(&f)), Err(FrameError::InvalidRsv));
    }
}

#[cfg(not(kata_skip = "frame::decode"))]
mod decode {
    use ch06_networking::frame::{self, FrameError, decode};
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    use super::{MASKED_HELLO, frame};

    const MAX: u64 = u64::MAX >> 1;

    /// RFC 6455's masked "Hello" decodes to its text, with the key reported.
    #[test]
    fn masked_hello() {
        let expected =
            frame(true, frame::TEXT, Some([0x37, 0xfa, 0x21, 0x3d]), b"Hello");
        assert_eq!(
            bounded(|| decode(MASKED_HELLO, MAX)),
            Ok(Some((expected, MASKED_HELLO.len())))
        );
    }

    /// 16- and 64-bit lengths; bytes after the frame are left alone.
    fn long_lengths(len: usize) {
        let mut bytes = if len < 65_536 {
            vec![0x82, 126, (len >> 8) as u8, len as u8]
        } else {
            let mut h = vec![0x82, 127];
            h.extend_from_slice(&(len as u64).to_be_bytes());
            h
        };
        let header = bytes.len();
        bytes.extend(std::iter::repeat_n(9u8, len));
        bytes.extend_from_slice(&[0x89, 0x00]);
        let got = bounded(move || decode(&bytes, MAX));
        let (f, used) = got.expect("valid").expect("complete");
        assert_eq!((f.payload.len(), used), (len, header + len));
    }
    cases!(long_lengths {
        len_126: (126),
        len_65536: (65_536),
    });

    /// Every proper prefix of a frame asks for more.
    #[test]
    fn every_prefix_is_incomplete() {
        bounded(|| {
            for end in 0..MASKED_HELLO.len() {
                assert_eq!(
                    decode(&MASKED_HELLO[..end], MAX),
                    Ok(None),
                    "prefix of {end}"
                );
            }
        });
    }

    /// Refusals are made from the header, before the payload arrives.
    fn refused(bytes: &'static [u8], expected: FrameError) {
        bounded(move || assert_eq!(decode(bytes, MAX), Err(expected)));
    }
    cases!(refused {
        reserved_opcode: (&[0x83], FrameError::ReservedOpcode),
        reserved_control_opcode: (&[0x8b, 0x00], FrameError::ReservedOpcode),
        fragmented_ping: (&[0x09, 0x00], FrameError::ControlFragmented),
        long_close: (&[0x88, 126, 0x00, 0x80], FrameError::ControlTooLong),
        non_minimal_16: (&[0x82, 126, 0x00, 0x05], FrameError::NonMinimalLength),
        non_minimal_64: (
            &[0x82, 127, 0, 0, 0, 0, 0, 0, 0xff, 0xff],
            FrameError::NonMinimalLength
        ),
        top_bit_set: (
            &[0x82, 127, 0x80, 0, 0, 0, 0, 0, 0, 0],
            FrameError::LengthOverflow
        ),
    });

    /// A first fragment: FIN clear on a data frame is fine.
    #[test]
    fn first_fragment() {
        let got = bounded(|| decode(&[0x01, 0x03, b'H', b'e', b'l'], MAX));
        assert_eq!(got, Ok(Some((frame(false, frame::TEXT, None, b"Hel"), 5))));
    }

    /// A control frame of exactly 125 bytes, and a payload of exactly the limit, are accepted.
    #[test]
    fn limits_are_inclusive() {
        let got = bounded(|| {
            let mut ping = vec![0x89, 125];
            ping.extend_from_slice(&[3; 125]);
            let ping =
                decode(&ping, MAX).map(|r| r.map(|(f, n)| (f.payload.len(), n)));
            let at_max = decode(&[0x82, 5, 1, 2, 3, 4, 5], 5)
                .map(|r| r.map(|(f, n)| (f.payload.len(), n)));
            (ping, at_max)
        });
        assert_eq!(got, (Ok(Some((125, 127))), Ok(Some((5, 7)))));
    }

    /// A length over the receiver's limit is refused from the header alone (close 1009).
    #[test]
    fn too_big_from_the_header() {
        let got = bounded(|| decode(&[0x82, 126, 0x10, 0x00], 1024));
        assert_eq!(got, Err(FrameError::TooBig));
    }

    /// RSV bits and an unmasked frame are reported, not refused: that is the connection's call.
    #[test]
    fn rsv_reported() {
        let got = bounded(|| decode(&[0xc1, 0x01, b'x'], MAX));
        let (f, _) = got.expect("valid").expect("complete");
        assert_eq!((f.rsv, f.mask), (4, None));
    }

    /// The `ws` example's `decode` answers, error codes included (what graders read).
    fn ws_example_answers(line: &'static str, expected: &str) {
        assert_eq!(
            bounded(move || ch06_networking::protocol::answer(line)),
            expected
        );
    }
    cases!(ws_example_answers {
        rfc_hello: (
            r#"{"op":"decode","frame_hex":"818537fa213d7f9f4d5158"}"#,
            r#"{"fin":true,"rsv":0,"opcode":1,"mask_hex":"37fa213d","payload_hex":"48656c6c6f"}"#
        ),
        unmasked_empty: (
            r#"{"op":"decode","frame_hex":"8a00"}"#,
            r#"{"fin":true,"rsv":0,"opcode":10,"mask_hex":null,"payload_hex":""}"#
        ),
        truncated: (
            r#"{"op":"decode","frame_hex":"8185"}"#,
            r#"{"error":"truncated"}"#
        ),
        trailing: (
            r#"{"op":"decode","frame_hex":"8a0000"}"#,
            r#"{"error":"trailing_bytes"}"#
        ),
        reserved: (
            r#"{"op":"decode","frame_hex":"8300"}"#,
            r#"{"error":"reserved_opcode"}"#
        ),
        fragmented_ping: (
            r#"{"op":"decode","frame_hex":"0900"}"#,
            r#"{"error":"control_fragmented"}"#
        ),
    });

    /// Provided scaffolding: lines that are not requests get an error, never a panic.
    fn given_ws_example_non_requests(line: &'static str, expected: &str) {
        assert_eq!(
            bounded(move || ch06_networking::protocol::answer(line)),
            expected
        );
    }
    cases!(given_ws_example_non_requests {
        bad_hex: (
            r#"{"op":"decode","frame_hex":"8g"}"#,
            r#"{"error":"bad_hex"}"#
        ),
        not_json: ("hello", r#"{"error":"invalid_json"}"#),
        unknown_op: (r#"{"op":"fly"}"#, r#"{"error":"unknown_op"}"#),
        no_key: (r#"{"op":"accept"}"#, r#"{"error":"bad_request"}"#),
    });
}
