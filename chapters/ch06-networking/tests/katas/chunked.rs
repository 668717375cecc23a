//! Katas of `chunked.rs`: decoding chunked request bodies and encoding responses.

#[cfg(not(kata_skip = "chunked::decode"))]
mod decode {
    use ch06_networking::chunked::decode;
    use ch06_networking::request::ParseError;
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    /// Whole bodies: sizes in either case, extensions ignored, trailers dropped,
    /// bytes after the body not consumed.
    fn whole(buf: &'static [u8], body: &'static [u8], left: usize) {
        let expected = Some((body.to_vec(), buf.len() - left));
        bounded(move || assert_eq!(decode(buf), Ok(expected)));
    }
    cases!(whole {
        two_chunks: (b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n", b"abcde", 0),
        upper_hex: (b"A\r\n0123456789\r\n0\r\n\r\n", b"0123456789", 0),
        extension: (b"3;x=y\r\nabc\r\n0\r\n\r\n", b"abc", 0),
        trailers: (b"1\r\na\r\n0\r\nT: 1\r\nU: 2\r\n\r\n", b"a", 0),
        empty_body: (b"0\r\n\r\n", b"", 0),
        next_request_left: (b"1\r\na\r\n0\r\n\r\nGET /", b"a", 5),
        two_digits: (
            b"1a\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\n",
            b"abcdefghijklmnopqrstuvwxyz",
            0
        ),
        leading_zeros: (b"0000000000000000001\r\na\r\n0\r\n\r\n", b"a", 0),
    });

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
    fn refused(buf: &'static [u8]) {
        bounded(move || assert_eq!(decode(buf), Err(ParseError::InvalidChunk)));
    }
    cases!(refused {
        not_hex: (b"zz\r\n"),
        no_digits: (b";x\r\n"),
        space_after_size: (b"1 \r\na\r\n0\r\n\r\n"),
        data_longer_than_size: (b"1\r\nab\r\n0\r\n\r\n"),
        bare_lf: (b"1\na\r\n0\r\n\r\n"),
        size_too_big: (b"ffffffffffffffffff\r\n"),
        size_overflows_64_bits: (b"10000000000000000\r\n"),
    });
}

#[cfg(not(kata_skip = "chunked::encode"))]
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
