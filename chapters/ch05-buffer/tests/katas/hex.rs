//! Katas of `hex.rs`: two digits per byte, stopping at the first bad pair.

#[cfg(not(kata_skip = "hex::encode"))]
mod encode {
    use ch05_buffer::{hex, js};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    /// Lowercase, high nibble first, two digits even for small bytes.
    #[test]
    fn lowercase_pairs() {
        bounded(|| {
            assert_eq!(hex::encode(&[0x00, 0x0f, 0xab, 0xff]), js("000fabff"))
        });
    }
}

#[cfg(not(kata_skip = "hex::decode"))]
mod decode {
    use ch05_buffer::{hex, js};
    use kata_support::bounded;
    use kata_support::cases;
    use kata_support::oracle::NodeVersion;
    use pretty_assertions::assert_eq;

    use crate::katas::{Rng, node_agrees, units};

    /// Measured on Node 20: stop at the first invalid pair, ignore an odd last digit, truncate wide units.
    fn like_node(text: &[u16], expected: &'static [u8]) {
        let text = text.to_vec();
        bounded(move || assert_eq!(hex::decode(&text), expected));
    }
    cases!(like_node {
        mixed_case: (&js("ABcd"), &[0xab, 0xcd]),
        odd_length: (&js("abc"), &[0xab]),
        stops_at_invalid_pair: (&js("12zz34"), &[0x12]),
        invalid_first_pair: (&js("1g23"), &[]),
        wide_units_truncated: (&[0x141, 0x142], &[0xab]),
    });

    /// 200 generated strings over hex digits and junk, on real Node 20 and 10.
    #[test]
    fn agrees_with_node() {
        const UNITS: &[u16] = &[
            0x30, 0x39, 0x61, 0x66, 0x41, 0x46, 0x67, 0x7a, 0x20, 0x141, 0x146,
            0x130, 0x4e2d,
        ];
        let mut rng = Rng::new(0x4e8);
        let requests: Vec<String> = (0..200)
            .map(|_| {
                let len = rng.below(11);
                let text: Vec<u16> = (0..len).map(|_| rng.pick(UNITS)).collect();
                format!(r#"{{"op":"from","u16":{},"encoding":"hex"}}"#, units(&text))
            })
            .collect();
        node_agrees("hex/decode/agrees_with_node", NodeVersion::V20, &requests);
        node_agrees("hex/decode/agrees_with_node", NodeVersion::V10, &requests);
    }
}
