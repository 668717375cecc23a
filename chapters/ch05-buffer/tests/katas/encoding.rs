//! Katas of `encoding.rs`: encoding names, and `Buffer.byteLength`.

mod parse {
    use ch05_buffer::{BufferError, Encoding};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;
    use rstest::rstest;

    /// Names are case-insensitive and have aliases (what Node 20 accepts).
    #[rstest]
    #[case::utf8("utf8", Encoding::Utf8)]
    #[case::utf_dash_8_upper("UTF-8", Encoding::Utf8)]
    #[case::ucs2("ucs2", Encoding::Utf16le)]
    #[case::ucs_dash_2_mixed("Ucs-2", Encoding::Utf16le)]
    #[case::utf16le_dash("utf-16le", Encoding::Utf16le)]
    #[case::binary("BINARY", Encoding::Latin1)]
    #[case::latin1("latin1", Encoding::Latin1)]
    #[case::ascii("Ascii", Encoding::Ascii)]
    #[case::base64("base64", Encoding::Base64)]
    #[case::base64url("Base64URL", Encoding::Base64url)]
    #[case::hex("HEX", Encoding::Hex)]
    fn knows_node_names(#[case] name: &'static str, #[case] expected: Encoding) {
        bounded(move || assert_eq!(Encoding::parse(name), Ok(expected)));
    }

    /// Unknown names, the empty one and near misses are errors that carry the name.
    #[rstest]
    #[case::bogus("bogus")]
    #[case::empty("")]
    #[case::utf16_without_le("utf16")]
    #[case::utf_32("utf-32")]
    #[case::spaced(" utf8")]
    fn unknown_names_are_errors(#[case] name: &'static str) {
        bounded(move || {
            assert_eq!(
                Encoding::parse(name),
                Err(BufferError::UnknownEncoding {
                    name: name.to_owned()
                })
            );
        });
    }
}

mod byte_length {
    use ch05_buffer::{byte_length, js};
    use kata_support::bounded;
    use kata_support::oracle::NodeVersion;
    use pretty_assertions::assert_eq;
    use rstest::rstest;

    use crate::{Rng, node_agrees, random_string, units};

    /// Values measured on Node 20, including the base64 estimate and the unknown-name fallback.
    #[rstest]
    #[case::ascii_utf8(&[0x61, 0x62, 0x63], "utf8", 3)]
    #[case::cjk_utf8(&[0x4e2d], "utf8", 3)]
    #[case::pair_utf8(&[0xd83d, 0xde00], "utf8", 4)]
    #[case::lone_surrogate_utf8(&[0xd800], "utf8", 3)]
    #[case::reversed_pair_utf8(&[0xdc00, 0xd800], "utf8", 6)]
    #[case::utf16le(&[0x61, 0x62, 0x63], "ucs2", 6)]
    #[case::hex_rounds_down(&[0x61, 0x62, 0x63], "hex", 1)]
    #[case::base64_padding(&[0x51, 0x55, 0x4a, 0x44, 0x3d, 0x3d], "base64", 3)]
    #[case::base64_junk_counts(&[0x51, 0x2a, 0x4a, 0x3d], "base64", 2)]
    #[case::base64url_padding(&[0x51, 0x51, 0x3d, 0x3d], "base64url", 1)]
    #[case::unknown_is_utf8(&[0x68, 0xe9], "bogus", 3)]
    #[case::empty_is_zero(&[], "bogus", 0)]
    fn matches_node(
        #[case] text: &'static [u16],
        #[case] encoding: &'static str,
        #[case] expected: usize,
    ) {
        bounded(move || assert_eq!(byte_length(text, encoding), expected));
    }

    /// The notes' sample string: 17 bytes in utf8.
    #[test]
    fn notes_sample() {
        bounded(|| assert_eq!(byte_length(&js("i love javaScript"), "utf-8"), 17));
    }

    fn requests(node10: bool) -> Vec<String> {
        let mut rng = Rng::new(0x5eed_b17e);
        let names: &[&str] = if node10 {
            &[
                "utf8", "ucs2", "latin1", "ascii", "base64", "hex", "bogus", "",
            ]
        } else {
            &[
                "utf8",
                "ucs2",
                "latin1",
                "ascii",
                "base64",
                "base64url",
                "hex",
                "bogus",
                "",
            ]
        };
        (0..240)
            .map(|i| {
                let text = random_string(&mut rng, 12);
                let name = names[i % names.len()];
                format!(
                    r#"{{"op":"byteLength","u16":{},"encoding":"{name}"}}"#,
                    units(&text)
                )
            })
            .collect()
    }

    /// 240 generated strings × every encoding, judged by real Node 20.
    #[test]
    fn agrees_with_node20() {
        node_agrees(
            "encoding/byte_length/agrees_with_node20",
            NodeVersion::V20,
            &requests(false),
        );
    }

    /// The same on Node 10, which has no base64url (it counts that name as utf8).
    #[test]
    fn agrees_with_node10() {
        node_agrees(
            "encoding/byte_length/agrees_with_node10",
            NodeVersion::V10,
            &requests(true),
        );
    }
}
