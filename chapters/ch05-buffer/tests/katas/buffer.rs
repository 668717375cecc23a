//! Katas of `buffer.rs`: the Buffer type, its views and operations.

/// The provided accessors, on buffers built by hand (no kata involved).
mod given {
    use ch05_buffer::Buffer;
    use ch05_buffer::buffer::ArrayBuffer;
    use pretty_assertions::assert_eq;

    /// `get` reads inside the window only: negative and past-the-end indices are `None`.
    #[test]
    fn given_get_reads_inside_the_window() {
        let window = Buffer {
            memory: ArrayBuffer::from_vec(b"abcdef".to_vec()),
            byte_offset: 2,
            length: 2,
        };
        let read: Vec<Option<u8>> = (-1..=3).map(|i| window.get(i)).collect();
        assert_eq!(read, [None, Some(b'c'), Some(b'd'), None, None]);
    }
}

#[cfg(not(kata_skip = "buffer::from_string"))]
mod from_string {
    use ch05_buffer::{Buffer, BufferError};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    /// An unknown name is an error even for the empty string (Node 20 checks the name first).
    #[test]
    fn unknown_encoding_even_when_empty() {
        bounded(|| {
            let result = Buffer::from_string(&[], "bogus");
            assert!(
                matches!(&result, Err(BufferError::UnknownEncoding { name }) if name == "bogus"),
                "{result:?}"
            );
            assert_eq!(
                result.map(|b| b.len()).map_err(|e| e.code()),
                Err("ERR_UNKNOWN_ENCODING")
            );
        });
    }
}

#[cfg(not(kata_skip = "buffer::to_string"))]
mod to_string {
    use ch05_buffer::{Buffer, BufferError};
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    /// Node's range clamping decides whether anything is decoded at all: an empty
    /// range returns `''` before the name is looked at, so a bad name shows which
    /// ranges are empty without needing any codec (measured on Node 20, `'hello'`).
    fn clamps_the_range(start: Option<f64>, end: Option<f64>, empty: bool) {
        bounded(move || {
            let buf = Buffer::from_bytes(b"hello");
            let expected = if empty {
                Ok(vec![])
            } else {
                Err(BufferError::UnknownEncoding {
                    name: "bogus".to_owned(),
                })
            };
            assert_eq!(buf.to_string("bogus", start, end), expected);
        });
    }
    cases!(clamps_the_range {
        whole: (None, None, false),
        clamped: (Some(-1.0), Some(100.0), false),
        truncated: (Some(1.7), Some(3.2), false),
        nan_is_zero: (Some(f64::NAN), Some(f64::NAN), true),
        start_past_end: (Some(5.0), None, true),
        start_truncated_below_len: (Some(4.9), None, false),
        end_truncated_to_zero: (Some(-1.0), Some(0.5), true),
        end_truncated_to_one: (Some(0.9), Some(1.2), false),
        end_before_start: (Some(3.0), Some(1.0), true),
        end_equals_start: (Some(2.0), Some(2.0), true),
    });

    /// An empty range returns before the name is looked at; otherwise a bad name is an error.
    #[test]
    fn bad_name_only_matters_for_a_non_empty_range() {
        bounded(|| {
            let buf = Buffer::from_bytes(b"ab");
            assert_eq!(buf.to_string("bogus", Some(2.0), None), Ok(vec![]));
            assert_eq!(
                buf.to_string("bogus", None, None),
                Err(BufferError::UnknownEncoding {
                    name: "bogus".to_owned()
                })
            );
        });
    }
}

#[cfg(not(kata_skip = "buffer::subarray"))]
mod subarray {
    use ch05_buffer::Buffer;
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    /// A write through the slice is seen through the parent, and the other way round.
    #[test]
    fn shares_memory_with_its_parent() {
        bounded(|| {
            let parent = Buffer::from_bytes(b"abcdef");
            let slice = parent.subarray(2, Some(4));
            assert!(slice.memory.same_memory(&parent.memory));
            assert_eq!(
                named!(slice_byte_offset: slice.byte_offset, slice_len: slice.len()),
                named!(slice_byte_offset: 2, slice_len: 2)
            );
            slice.with_bytes(|b| b[0] = b'X');
            assert_eq!(parent.to_vec(), b"abXdef");
            parent.with_bytes(|b| b[3] = b'Y');
            assert_eq!(slice.to_vec(), b"XY");
        });
    }

    /// Negative indexes count from the end; out-of-range ones are clamped.
    fn adjusts_offsets(start: i64, end: Option<i64>, expected: &'static [u8]) {
        bounded(move || {
            assert_eq!(
                Buffer::from_bytes(b"abcdef").subarray(start, end).to_vec(),
                expected
            )
        });
    }
    cases!(adjusts_offsets {
        negative_start: (-2, None, b"ef".as_slice()),
        negative_both: (-4, Some(-1), b"cde".as_slice()),
        past_the_end: (4, Some(100), b"ef".as_slice()),
        end_before_start: (4, Some(2), b"".as_slice()),
        very_negative: (-100, Some(2), b"ab".as_slice()),
    });

    /// A slice of a slice still views the original memory, at the summed offset.
    #[test]
    fn slices_of_slices() {
        bounded(|| {
            let parent = Buffer::from_bytes(b"abcdef");
            let inner = parent.subarray(1, None).subarray(1, Some(3));
            assert_eq!(
                named!(inner_byte_offset: inner.byte_offset, inner_bytes: inner.to_vec()),
                named!(inner_byte_offset: 2, inner_bytes: b"cd".to_vec())
            );
        });
    }
}

#[cfg(not(kata_skip = "buffer::set"))]
mod set {
    use ch05_buffer::Buffer;
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    /// ToUint8, measured on Node 20: `b[0]=256; b[1]=-1; b[2]=3.7; b[3]=NaN` → `00 ff 03 00`.
    #[test]
    fn wraps_like_a_uint8array() {
        bounded(|| {
            let buf = Buffer::alloc(6);
            for (i, v) in [256.0, -1.0, 3.7, f64::NAN, 300.0, -257.0]
                .into_iter()
                .enumerate()
            {
                buf.set(i as i64, v);
            }
            assert_eq!(buf.to_vec(), [0x00, 0xff, 0x03, 0x00, 0x2c, 0xff]);
        });
    }

    /// Writes outside the window are ignored, including into the parent's bytes.
    #[test]
    fn ignores_out_of_range() {
        bounded(|| {
            let parent = Buffer::from_bytes(b"abcd");
            let slice = parent.subarray(1, Some(2));
            slice.set(1, 1.0);
            slice.set(-1, 1.0);
            slice.set(0, 0x7a as f64);
            assert_eq!(parent.to_vec(), b"azcd");
        });
    }
}

#[cfg(not(kata_skip = "buffer::write"))]
mod write {
    use ch05_buffer::{Buffer, BufferError, js};
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    /// Measured on Node 20 with a 5-byte zeroed buffer (`buf.write(text, offset, encoding)`).
    fn writes_what_fits(
        text: &[u16],
        offset: usize,
        encoding: &'static str,
        written: usize,
        expected: &'static [u8],
    ) {
        let text = text.to_vec();
        bounded(move || {
            let buf = Buffer::alloc(5);
            assert_eq!(buf.write(&text, offset, encoding), Ok(written));
            assert_eq!(buf.to_vec(), expected);
        });
    }
    cases!(writes_what_fits {
        whole_chars_only: (&js("€€"), 0, "utf8", 3, &[0xe2, 0x82, 0xac, 0, 0]),
        offset: (&js("abcdef"), 2, "utf8", 3, &[0, 0, 0x61, 0x62, 0x63]),
        hex_stops: (&js("aabbzz"), 1, "hex", 2, &[0, 0xaa, 0xbb, 0, 0]),
        utf16_whole_units: (&js("abc"), 0, "utf16le", 4, &[0x61, 0, 0x62, 0, 0]),
        lone_surrogate: (&[0xd800, 0x41], 0, "", 4, &[0xef, 0xbf, 0xbd, 0x41, 0]),
        exact_fit: (&js("ab€"), 0, "utf8", 5, &[0x61, 0x62, 0xe2, 0x82, 0xac]),
        char_too_big_for_the_room: (&js("€"), 3, "utf8", 0, &[0, 0, 0, 0, 0]),
        offset_at_the_end: (&js("a"), 5, "utf8", 0, &[0, 0, 0, 0, 0]),
        utf16_odd_room: (&js("abc"), 2, "utf16le", 2, &[0, 0, 0x61, 0, 0]),
        latin1_cut_at_the_end: (
            &js("abcdef"),
            3,
            "latin1",
            2,
            &[0, 0, 0, 0x61, 0x62]
        ),
    });

    /// An offset past the end is `ERR_OUT_OF_RANGE`; an unknown encoding is refused.
    #[test]
    fn bad_arguments() {
        bounded(|| {
            let buf = Buffer::alloc(3);
            let past = buf.write(&js("a"), 5, "utf8");
            assert!(
                matches!(past, Err(BufferError::OutOfRange { name: "offset", .. })),
                "{past:?}"
            );
            assert_eq!(
                buf.write(&js("a"), 0, "nope"),
                Err(BufferError::UnknownEncoding {
                    name: "nope".into()
                })
            );
        });
    }
}

#[cfg(not(kata_skip = "buffer::fill"))]
mod fill {
    use ch05_buffer::buffer::FillValue;
    use ch05_buffer::{Buffer, BufferError, js};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    /// Measured on Node 20: repeated strings, cut anywhere; numbers reduced to a byte.
    #[test]
    fn like_node() {
        bounded(|| {
            let ab = js("ab");
            let euro = js("€");
            let abz = js("abz");
            let cases: [(FillValue<'_>, usize, usize, &[u8]); 5] = [
                (
                    FillValue::Text {
                        text: &ab,
                        encoding: "",
                    },
                    0,
                    5,
                    b"ababa",
                ),
                (
                    FillValue::Text {
                        text: &ab,
                        encoding: "utf8",
                    },
                    1,
                    4,
                    b"\0aba\0",
                ),
                (FillValue::Number(257.0), 0, 5, &[1; 5]),
                (
                    FillValue::Text {
                        text: &euro,
                        encoding: "utf8",
                    },
                    0,
                    5,
                    &[0xe2, 0x82, 0xac, 0xe2, 0x82],
                ),
                (
                    FillValue::Text {
                        text: &abz,
                        encoding: "hex",
                    },
                    0,
                    5,
                    &[0xab; 5],
                ),
            ];
            for (value, start, end, expected) in cases {
                let buf = Buffer::alloc(5);
                assert_eq!(buf.fill(value, start, end), Ok(()), "{value:?}");
                assert_eq!(buf.to_vec(), expected, "{value:?}");
            }
        });
    }

    /// `fill('zz', 'hex')` encodes to nothing: `ERR_INVALID_ARG_VALUE`; `fill('')` writes zeros.
    #[test]
    fn empty_patterns() {
        bounded(|| {
            let zz = js("zz");
            let buf = Buffer::from_bytes(b"abc");
            let bad = buf.fill(
                FillValue::Text {
                    text: &zz,
                    encoding: "hex",
                },
                0,
                3,
            );
            assert_eq!(bad.map_err(|e| e.code()), Err("ERR_INVALID_ARG_VALUE"));
            assert_eq!(
                buf.fill(
                    FillValue::Text {
                        text: &[],
                        encoding: ""
                    },
                    0,
                    3
                ),
                Ok(())
            );
            assert_eq!(buf.to_vec(), [0, 0, 0]);
            let past = buf.fill(FillValue::Number(1.0), 0, 4);
            assert!(
                matches!(past, Err(BufferError::OutOfRange { .. })),
                "{past:?}"
            );
        });
    }
}

#[cfg(not(kata_skip = "buffer::compare"))]
mod compare {
    use std::cmp::Ordering;

    use ch05_buffer::Buffer;
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    /// First difference decides; a prefix is less. Measured: `compare('ab','abc') = -1`, `'b' vs 'abc' = 1`.
    fn bytewise(a: &'static [u8], b: &'static [u8], expected: Ordering) {
        bounded(move || {
            let (a, b) = (Buffer::from_bytes(a), Buffer::from_bytes(b));
            assert_eq!(a.compare(&b), expected);
            assert_eq!(a.equals(&b), expected == Ordering::Equal);
        });
    }
    cases!(bytewise {
        prefix_is_less: (b"ab".as_slice(), b"abc".as_slice(), Ordering::Less),
        first_byte_decides: (b"b".as_slice(), b"abc".as_slice(), Ordering::Greater),
        equal: (b"xyz".as_slice(), b"xyz".as_slice(), Ordering::Equal),
        unsigned_bytes: (&[0x80], &[0x7f], Ordering::Greater),
        empty: (b"".as_slice(), b"".as_slice(), Ordering::Equal),
    });

    /// Views are compared by their own bytes, not their memory.
    #[test]
    fn views_of_one_block() {
        bounded(|| {
            let whole = Buffer::from_bytes(b"abab");
            assert!(whole.subarray(0, Some(2)).equals(&whole.subarray(2, None)));
        });
    }
}

#[cfg(not(kata_skip = "buffer::concat"))]
mod concat {
    use ch05_buffer::{Buffer, BufferError, concat};
    use kata_support::bounded;
    use kata_support::cases;
    use kata_support::oracle::NodeVersion;
    use pretty_assertions::assert_eq;

    use crate::katas::{Rng, hex, node_agrees, random_bytes};

    fn parts() -> Vec<Buffer> {
        vec![Buffer::from_bytes(b"abc"), Buffer::from_bytes(b"def")]
    }

    /// Shorter totals truncate, longer ones zero-fill (Node 20).
    fn total_length(total: Option<f64>, expected: &'static [u8]) {
        bounded(move || {
            let joined = concat(&parts(), total).expect("valid total");
            assert_eq!(joined.to_vec(), expected);
        });
    }
    cases!(total_length {
        natural: (None, b"abcdef".as_slice()),
        shorter: (Some(4.0), b"abcd".as_slice()),
        longer: (Some(8.0), b"abcdef\0\0".as_slice()),
        zero: (Some(0.0), b"".as_slice()),
        inside_the_first_part: (Some(2.0), b"ab".as_slice()),
        at_a_part_boundary: (Some(3.0), b"abc".as_slice()),
        exact: (Some(6.0), b"abcdef".as_slice()),
    });

    /// Node 20: negative, fractional and NaN totals are `ERR_OUT_OF_RANGE`; an empty list is never an error.
    fn bad_totals(total: f64) {
        bounded(move || {
            let result = concat(&parts(), Some(total));
            assert!(
                matches!(
                    &result,
                    Err(BufferError::OutOfRange { name: "length", .. })
                ),
                "{result:?}"
            );
            assert_eq!(concat(&[], Some(total)).map(|b| b.len()), Ok(0));
        });
    }
    cases!(bad_totals {
        negative: (-1.0),
        fractional: (1.5),
        nan: (f64::NAN),
        too_big: (2f64.powi(33)),
    });

    /// The result is a copy: changing a part later does not change it.
    #[test]
    fn copies() {
        bounded(|| {
            let list = parts();
            let joined = concat(&list, None).expect("no total");
            list[0].set(0, 0x7a as f64);
            assert_eq!(joined.to_vec(), b"abcdef");
        });
    }

    /// 150 generated lists and totals (and bad arguments) on real Node 20; the valid ones on Node 10.
    #[test]
    fn agrees_with_node() {
        let mut rng = Rng::new(0xc0ca7);
        let totals = [
            "",
            r#","totalLength":0"#,
            r#","totalLength":3"#,
            r#","totalLength":12"#,
        ];
        let bad = [
            r#","totalLength":-1"#,
            r#","totalLength":1.5"#,
            r#","totalLength":"2""#,
            r#","totalLength":null"#,
        ];
        let mut valid = Vec::new();
        let mut all = Vec::new();
        for i in 0..150 {
            let list: Vec<String> = (0..rng.below(4))
                .map(|_| format!("\"{}\"", hex(&random_bytes(&mut rng, 5))))
                .collect();
            let list = list.join(",");
            if i % 5 == 4 {
                all.push(format!(
                    r#"{{"op":"concat","list":[{list}]{}}}"#,
                    bad[rng.below(bad.len())]
                ));
            } else {
                let line = format!(
                    r#"{{"op":"concat","list":[{list}]{}}}"#,
                    totals[rng.below(totals.len())]
                );
                valid.push(line.clone());
                all.push(line);
            }
        }
        all.push(r#"{"op":"concat","list":"abc"}"#.to_owned());
        all.push(r#"{"op":"concat","list":[5]}"#.to_owned());
        node_agrees("buffer/concat/agrees_with_node", NodeVersion::V20, &all);
        node_agrees("buffer/concat/agrees_with_node", NodeVersion::V10, &valid);
    }
}
