//! Katas of `encoding.rs`: encoding names, and `Buffer.byteLength`.

#[cfg(not(kata_skip = "encoding::parse"))]
mod parse {
    use ch05_buffer::{BufferError, Encoding};
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    /// Names are case-insensitive and have aliases (what Node 20 accepts).
    fn knows_node_names(name: &'static str, expected: Encoding) {
        bounded(move || assert_eq!(Encoding::parse(name), Ok(expected)));
    }
    cases!(knows_node_names {
        utf8: ("utf8", Encoding::Utf8),
        utf_dash_8_upper: ("UTF-8", Encoding::Utf8),
        ucs2: ("ucs2", Encoding::Utf16le),
        ucs_dash_2_mixed: ("Ucs-2", Encoding::Utf16le),
        utf16le_dash: ("utf-16le", Encoding::Utf16le),
        binary: ("BINARY", Encoding::Latin1),
        latin1: ("latin1", Encoding::Latin1),
        ascii: ("Ascii", Encoding::Ascii),
        base64: ("base64", Encoding::Base64),
        base64url: ("Base64URL", Encoding::Base64url),
        hex: ("HEX", Encoding::Hex),
    });

    /// Unknown names, the empty one and near misses are errors that carry the name.
    fn unknown_names_are_errors(name: &'static str) {
        bounded(move || {
            assert_eq!(
                Encoding::parse(name),
                Err(BufferError::UnknownEncoding {
                    name: name.to_owned()
                })
            );
        });
    }
    cases!(unknown_names_are_errors {
        bogus: ("bogus"),
        empty: (""),
        utf16_without_le: ("utf16"),
        utf_32: ("utf-32"),
        spaced: (" utf8"),
    });
}

#[cfg(not(kata_skip = "encoding::byte_length"))]
mod byte_length {
    use ch05_buffer::{byte_length, js};
    use kata_support::bounded;
    use kata_support::cases;
    use kata_support::oracle::NodeVersion;
    use pretty_assertions::assert_eq;

    use crate::katas::{Rng, node_agrees, random_string, units};

    /// Values measured on Node 20, including the base64 estimate and the unknown-name fallback.
    fn matches_node(text: &'static [u16], encoding: &'static str, expected: usize) {
        bounded(move || assert_eq!(byte_length(text, encoding), expected));
    }
    cases!(matches_node {
        ascii_utf8: (&[0x61, 0x62, 0x63], "utf8", 3),
        cjk_utf8: (&[0x4e2d], "utf8", 3),
        pair_utf8: (&[0xd83d, 0xde00], "utf8", 4),
        lone_surrogate_utf8: (&[0xd800], "utf8", 3),
        reversed_pair_utf8: (&[0xdc00, 0xd800], "utf8", 6),
        utf16le: (&[0x61, 0x62, 0x63], "ucs2", 6),
        hex_rounds_down: (&[0x61, 0x62, 0x63], "hex", 1),
        base64_padding: (&[0x51, 0x55, 0x4a, 0x44, 0x3d, 0x3d], "base64", 3),
        base64_junk_counts: (&[0x51, 0x2a, 0x4a, 0x3d], "base64", 2),
        base64url_padding: (&[0x51, 0x51, 0x3d, 0x3d], "base64url", 1),
        unknown_is_utf8: (&[0x68, 0xe9], "bogus", 3),
        empty_is_zero: (&[], "bogus", 0),
    });

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
