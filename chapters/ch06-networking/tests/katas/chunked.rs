//! Katas of `chunked.rs`: decoding chunked request bodies and encoding responses.

mod decode {
    use ch06_networking::chunked::decode;
    use ch06_networking::request::ParseError;
    use kata_support::bounded;
    use pretty_assertions::assert_eq;
    use rstest::rstest;

    /// Whole bodies: sizes in either case, extensions ignored, trailers dropped,
    /// bytes after the body not consumed.
    #[rstest]
    #[case::two_chunks(b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n", b"abcde", 0)]
    #[case::upper_hex(b"A\r\n0123456789\r\n0\r\n\r\n", b"0123456789", 0)]
    #[case::extension(b"3;x=y\r\nabc\r\n0\r\n\r\n", b"abc", 0)]
    #[case::trailers(b"1\r\na\r\n0\r\nT: 1\r\nU: 2\r\n\r\n", b"a", 0)]
    #[case::empty_body(b"0\r\n\r\n", b"", 0)]
    #[case::next_request_left(b"1\r\na\r\n0\r\n\r\nGET /", b"a", 5)]
    #[case::two_digits(
        b"1a\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\n",
        b"abcdefghijklmnopqrstuvwxyz",
        0
    )]
    #[case::leading_zeros(b"0000000000000000001\r\na\r\n0\r\n\r\n", b"a", 0)]
    fn whole(
        #[case] buf: &'static [u8],
        #[case] body: &'static [u8],
        #[case] left: usize,
    ) {
        let expected = Some((body.to_vec(), buf.len() - left));
        bounded(move || assert_eq!(decode(buf), Ok(expected)));
    }

    /// Every proper prefix of a valid body asks for more.
    #[test]
    fn every_prefix_is_incomplete() {
        let buf: &'static [u8] =
            b"3;e\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\nT: 1\r\n\r\n";
        bounded(move || {
            for end in 0..buf.len() {
                assert_eq!(decode(&buf[..end]), Ok(None), "prefix of {end} bytes");
            }
        });
    }

    /// The largest size that fits in 64 bits is accepted: Node 20 waits for its data.
    #[test]
    fn largest_size_waits_for_data() {
        assert_eq!(bounded(|| decode(b"ffffffffffffffff\r\nab")), Ok(None));
    }

    /// Node 20 answers 400 to each of these.
    #[rstest]
    #[case::not_hex(b"zz\r\n")]
    #[case::no_digits(b";x\r\n")]
    #[case::space_after_size(b"1 \r\na\r\n0\r\n\r\n")]
    #[case::data_longer_than_size(b"1\r\nab\r\n0\r\n\r\n")]
    #[case::bare_lf(b"1\na\r\n0\r\n\r\n")]
    #[case::size_too_big(b"ffffffffffffffffff\r\n")]
    #[case::size_overflows_64_bits(b"10000000000000000\r\n")]
    fn refused(#[case] buf: &'static [u8]) {
        bounded(move || assert_eq!(decode(buf), Err(ParseError::InvalidChunk)));
    }
}

mod encode {
    use ch06_networking::chunked::encode;
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    /// Hex sizes, lower case; empty chunks skipped; the zero chunk at the end.
    #[test]
    fn sizes_in_hex_then_zero_chunk() {
        let chunks = vec![b"hello".to_vec(), Vec::new(), vec![b'x'; 26]];
        let text =
            bounded(move || String::from_utf8(encode(&chunks)).expect("ASCII"));
        let expected = format!("5\r\nhello\r\n1a\r\n{}\r\n0\r\n\r\n", "x".repeat(26));
        assert_eq!(text, expected);
    }

    /// No chunks at all is the last chunk alone (what `res.end()` sends).
    #[test]
    fn no_chunks() {
        assert_eq!(bounded(|| encode(&[])), b"0\r\n\r\n".to_vec());
    }
}
