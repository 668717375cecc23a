//! Katas of `garbled.rs`: the notes' poem, garbled and fixed, from a real file.

use std::path::PathBuf;

use ch05_buffer::garbled::POEM;

/// Writes the poem to a fresh temp file; the guard keeps the folder alive.
pub fn poem_file() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("poem.txt");
    std::fs::write(&path, POEM).expect("writing the poem");
    (dir, path)
}

#[cfg(not(kata_skip = "garbled::join_as_strings"))]
mod join_as_strings {
    use ch05_buffer::garbled::{self, ChunkReader, NOTES_CHUNK};
    use ch05_buffer::lossy;
    use kata_support::bounded;

    use crate::katas::CHAPTER;

    /// Renders the lesson: the garbled line, how many U+FFFD, and each chunk's bytes.
    fn render(path: &std::path::Path) -> String {
        let chunks = ChunkReader::open(path, NOTES_CHUNK)
            .expect("open")
            .all_chunks()
            .expect("read");
        let joined = garbled::join_as_strings(&chunks);
        let mut out = format!(
            "read in {NOTES_CHUNK}-byte chunks, joined as strings:\n{}\nU+FFFD count: {}\n\n",
            lossy(&joined),
            joined.iter().filter(|&&u| u == 0xfffd).count()
        );
        for (i, chunk) in chunks.iter().enumerate() {
            let bytes: Vec<String> =
                chunk.to_vec().iter().map(|b| format!("{b:02x}")).collect();
            let text = garbled::join_as_strings(std::slice::from_ref(chunk));
            out.push_str(&format!(
                "chunk {:>2}: {:<32} {}\n",
                i + 1,
                bytes.join(" "),
                lossy(&text)
            ));
        }
        out
    }

    /// The notes' bug, pinned: 10 U+FFFD exactly where Node 20 and 10 print them.
    #[test]
    fn notes_poem_in_11_byte_chunks() {
        let rendered = bounded(|| {
            let (_dir, path) = super::poem_file();
            render(&path)
        });
        let settings = kata_support::snapshot_settings(CHAPTER);
        settings.bind(|| insta::assert_snapshot!("notes_poem", rendered));
    }

    /// Chunks that end on character boundaries (multiples of 3) do not garble.
    #[test]
    fn aligned_chunks_are_fine() {
        bounded(|| {
            let (_dir, path) = super::poem_file();
            let chunks = ChunkReader::open(&path, 12)
                .expect("open")
                .all_chunks()
                .expect("read");
            assert_eq!(
                lossy(&garbled::join_as_strings(&chunks)),
                ch05_buffer::garbled::POEM
            );
        });
    }
}

#[cfg(not(kata_skip = "garbled::concat_then_decode"))]
mod concat_then_decode {
    use ch05_buffer::garbled::{self, ChunkReader, POEM};
    use ch05_buffer::js;
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    /// Joining the bytes first and decoding once gives the poem back, for 11-byte chunks and others.
    #[test]
    fn restores_the_poem() {
        bounded(|| {
            let (_dir, path) = super::poem_file();
            for size in [1, 2, 5, 11, 16, 100] {
                let chunks = ChunkReader::open(&path, size)
                    .expect("open")
                    .all_chunks()
                    .expect("read");
                assert_eq!(
                    garbled::concat_then_decode(&chunks),
                    js(POEM),
                    "chunk size {size}"
                );
            }
        });
    }
}

#[cfg(not(kata_skip = "garbled::stream_decode"))]
mod stream_decode {
    use ch05_buffer::garbled::{self, POEM, StreamError};
    use ch05_buffer::{Encoding, js};
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    /// For every chunk size 1..=16, a file in each encoding streams back to the same text
    /// as decoding it whole (the poem plus an emoji and a lone-surrogate-free tail).
    fn every_chunk_size(encoding: &'static str) {
        bounded(move || {
            let text = js(&format!("{POEM} 😀 end"));
            let codec = Encoding::parse(encoding).expect("known");
            // The file holds bytes that decode to `expected` in this encoding.
            let bytes = match codec {
                Encoding::Utf8 | Encoding::Utf16le => codec.encode(&text),
                _ => ch05_buffer::utf8::encode(&text),
            };
            let expected = codec.decode(&bytes);
            let dir = tempfile::tempdir().expect("a temp dir");
            let path = dir.path().join("input.bin");
            std::fs::write(&path, &bytes).expect("writing");
            for size in 1..=16 {
                let streamed =
                    garbled::stream_decode(&path, size, encoding).expect("readable");
                assert_eq!(streamed, expected, "{encoding}, chunk size {size}");
            }
        });
    }
    cases!(every_chunk_size {
        utf8: ("utf8"),
        utf16le: ("utf16le"),
        base64: ("base64"),
        hex: ("hex"),
        latin1: ("latin1"),
    });

    /// A missing file, a zero chunk size and an unknown encoding are clear errors.
    #[test]
    fn errors_name_the_input() {
        bounded(|| {
            let (_dir, path) = super::poem_file();
            let missing = path.with_file_name("nope.txt");
            let not_found = garbled::stream_decode(&missing, 11, "utf8");
            assert!(
                matches!(&not_found, Err(StreamError::Io { path, .. }) if path == &missing),
                "{not_found:?}"
            );
            assert!(matches!(
                garbled::stream_decode(&path, 0, "utf8"),
                Err(StreamError::ZeroChunkSize { .. })
            ));
            let bad = garbled::stream_decode(&path, 11, "klingon");
            assert!(
                matches!(bad, Err(StreamError::Buffer(ref e)) if e.code() == "ERR_UNKNOWN_ENCODING"),
                "{bad:?}"
            );
        });
    }
}
