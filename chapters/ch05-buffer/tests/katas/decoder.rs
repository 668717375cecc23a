//! Katas of `decoder.rs`: `StringDecoder.write` and `end`.

/// Runs `chunks` through a decoder: what each write returned, then what end returned.
fn run(encoding: &str, chunks: &[&[u8]]) -> (Vec<Vec<u16>>, Vec<u16>) {
    let mut decoder =
        ch05_buffer::StringDecoder::new(encoding).expect("a known encoding");
    let writes = chunks.iter().map(|c| decoder.write(c)).collect();
    (writes, decoder.end())
}

/// Hex digits to bytes (`"e4b8"` → `[0xe4, 0xb8]`).
fn bytes(hex: &str) -> Vec<u8> {
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("test hex"))
        .collect()
}

/// Space-separated hex code units to a string (`"fffd 41"`).
fn text(units: &str) -> Vec<u16> {
    units
        .split_whitespace()
        .map(|u| u16::from_str_radix(u, 16).expect("test unit"))
        .collect()
}

#[cfg(not(kata_skip = "decoder::write"))]
mod write {
    use kata_support::bounded;
    use kata_support::cases;
    use kata_support::oracle::NodeVersion;
    use pretty_assertions::assert_eq;

    use crate::katas::{Rng, hex, node_agrees, random_bytes};

    /// Measured on Node 20. Chunks are hex bytes split by `|`; writes are
    /// UTF-16 units in hex, one write per `|`-separated group.
    fn carries_partial_characters(
        encoding: &'static str,
        chunks: &'static str,
        writes: &'static str,
        end: &'static str,
    ) {
        bounded(move || {
            let chunks: Vec<Vec<u8>> = chunks.split('|').map(super::bytes).collect();
            let chunks: Vec<&[u8]> = chunks.iter().map(Vec::as_slice).collect();
            let expected: Vec<Vec<u16>> =
                writes.split('|').map(super::text).collect();
            assert_eq!(super::run(encoding, &chunks), (expected, super::text(end)));
        });
    }
    cases!(carries_partial_characters {
        utf8_split_cjk: ("utf8", "e4|b8|ad", "||4e2d", ""),
        utf8_cut_by_ascii: ("utf8", "e4|b8|41", "||fffd 41", ""),
        utf8_surrogate_completed: ("utf8", "eda0|80", "|fffd fffd fffd", ""),
        utf16_split_pair: ("utf16le", "3dd8|00de", "|d83d de00", ""),
        utf16_odd_byte: ("utf16le", "3dd800|de", "d83d|de00", ""),
        base64_groups: ("base64", "0102|03|04", "|41 51 49 44|", "42 41 3d 3d"),
        hex_never_waits: ("hex", "c1|ff", "63 31|66 66", ""),
        ascii_clears_high_bit: ("ascii", "c1ff", "41 7f", ""),
    });

    /// After each write, `missing` is what Node's `decoder.lastNeed` says:
    /// how many bytes the held character still needs, 0 when nothing is held
    /// (a whole base64 group leaves nothing to wait for). Measured on Node 10
    /// and 20. Chunks are hex bytes split by `|`.
    fn missing_is_nodes_last_need(
        encoding: &'static str,
        chunks: &'static str,
        missing: &'static [usize],
    ) {
        bounded(move || {
            let mut decoder =
                ch05_buffer::StringDecoder::new(encoding).expect("a known encoding");
            let after: Vec<usize> = chunks
                .split('|')
                .map(|chunk| {
                    decoder.write(&super::bytes(chunk));
                    decoder.missing
                })
                .collect();
            assert_eq!(after, missing, "lastNeed after each write of {chunks}");
        });
    }
    cases!(missing_is_nodes_last_need {
        base64: ("base64", "010203|01|02030405", &[0, 2, 1]),
        utf8: ("utf8", "61|e282|ac", &[0, 1, 0]),
        utf16le: ("utf16le", "6100|3d|d8", &[0, 1, 0]),
    });

    fn requests(names: &[&str]) -> Vec<String> {
        let mut rng = Rng::new(0xdec);
        (0..300)
            .map(|i| {
                let chunks: Vec<String> = (0..rng.below(5))
                    .map(|_| format!("\"{}\"", hex(&random_bytes(&mut rng, 4))))
                    .collect();
                format!(
                    r#"{{"op":"decode","encoding":"{}","chunks":[{}]}}"#,
                    names[i % names.len()],
                    chunks.join(",")
                )
            })
            .collect()
    }

    /// 300 generated chunkings over utf8, utf16le, base64(url), hex, latin1, ascii on real Node 20.
    #[test]
    fn agrees_with_node20() {
        node_agrees(
            "decoder/write/agrees_with_node20",
            NodeVersion::V20,
            &requests(&[
                "utf8",
                "utf16le",
                "base64",
                "base64url",
                "hex",
                "latin1",
                "ascii",
                "utf8",
            ]),
        );
    }

    /// Node 10 on the encodings where its decoder (an older version of the same
    /// C++ one) matches Node 20's: everything but base64url and *ill-formed* utf8. Node 10 replaces an
    /// interrupted utf8 prefix with one U+FFFD (`ed a0` then `7f` gives one, Node 20
    /// two), so its utf8 cases here split well-formed text at random points.
    #[test]
    fn agrees_with_node10() {
        let mut requests = requests(&["utf16le", "base64", "hex", "latin1", "ascii"]);
        let mut rng = Rng::new(0x10);
        for _ in 0..100 {
            let text = crate::katas::random_string(&mut rng, 8);
            let bytes = String::from_utf16_lossy(&text).into_bytes();
            let mut chunks = Vec::new();
            let mut at = 0;
            while at < bytes.len() {
                let next = (at + 1 + rng.below(4)).min(bytes.len());
                chunks.push(format!("\"{}\"", hex(&bytes[at..next])));
                at = next;
            }
            requests.push(format!(
                r#"{{"op":"decode","encoding":"utf8","chunks":[{}]}}"#,
                chunks.join(",")
            ));
        }
        node_agrees(
            "decoder/write/agrees_with_node10",
            NodeVersion::V10,
            &requests,
        );
    }
}

#[cfg(not(kata_skip = "decoder::end"))]
mod end {
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    const R: u16 = 0xfffd;

    /// A decoder holding `pending` with `missing` bytes to go, as `write` leaves it.
    /// (Built by hand: `end` comes first in the book, so its tests never call `write`.)
    fn holding(
        encoding: &str,
        pending: &[u8],
        missing: usize,
    ) -> ch05_buffer::StringDecoder {
        let mut decoder =
            ch05_buffer::StringDecoder::new(encoding).expect("a known encoding");
        decoder.pending = pending.to_vec();
        decoder.missing = missing;
        decoder
    }

    /// What `end()` flushes, measured on Node 20: each case holds what
    /// `write` keeps of the chunk in its name (`f0 9f`, `ed a0`, `3d d8`,
    /// the odd `41` of `3d d8 41`, `fb ff`).
    fn flushes_what_is_held(
        encoding: &'static str,
        pending: &'static [u8],
        missing: usize,
        end: &'static [u16],
    ) {
        bounded(move || assert_eq!(holding(encoding, pending, missing).end(), end));
    }
    cases!(flushes_what_is_held {
        utf8_truncated: ("utf8", &[0xf0, 0x9f], 2, &[R]),
        utf8_invalid_prefix: ("utf8", &[0xed, 0xa0], 1, &[R, R]),
        utf16_lone_high: ("utf16le", &[0x3d, 0xd8], 2, &[0xd83d]),
        utf16_odd_byte_dropped: ("utf16le", &[0x41], 1, &[]),
        base64url_unpadded: ("base64url", &[0xfb, 0xff], 1, &[0x2d, 0x5f, 0x38]),
        base64_padded: ("base64", &[0xfb], 2, &[0x2b, 0x77, 0x3d, 0x3d]),
        nothing_held: ("utf8", &[], 0, &[]),
    });

    /// After `end()` the decoder starts over: nothing held leaks into the next write.
    #[test]
    fn starts_over() {
        bounded(|| {
            let mut decoder = holding("utf8", &[0xe4, 0xb8], 1);
            assert_eq!(decoder.end(), [R]);
            assert_eq!(
                named!(pending_len: decoder.pending.len(), missing: decoder.missing),
                named!(pending_len: 0, missing: 0)
            );
        });
    }
}
