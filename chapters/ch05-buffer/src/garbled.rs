//! Garbled text (乱码): the notes' poem read
//! in 11-byte chunks, and two ways to fix it.
//!
//! `fs.createReadStream(path, { highWaterMark: 11 })` hands out 11-byte
//! buffers. Each CJK character is 3 bytes in UTF-8, so most chunk boundaries
//! cut a character in two; `data += chunk` decodes every chunk on its own and
//! turns both halves of each cut character into U+FFFD. Decoding with a
//! [`StringDecoder`], or joining the bytes first and decoding once, does not.
//! Book: book/src/ch05-buffer/garbled.md

use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::buffer::{Buffer, concat};
use crate::decoder::StringDecoder;
use crate::error::BufferError;
use crate::{JsString, utf8};

/// The notes' poem (李白《静夜思》), 24 characters, 72 bytes of UTF-8.
pub const POEM: &str = "床前明月光，疑是地上霜；举头望明月，低头思故乡。";

/// The chunk size the notes use (`highWaterMark: 11`).
pub const NOTES_CHUNK: usize = 11;

/// Why reading a file in chunks failed.
#[derive(Debug)]
pub enum StreamError {
    /// A chunk size of 0 would never make progress.
    ZeroChunkSize {
        /// The file that was to be read.
        path: PathBuf,
    },
    /// The file could not be opened or read.
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },
    /// The decoder refused the encoding.
    Buffer(BufferError),
}

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StreamError::ZeroChunkSize { path } => {
                write!(
                    f,
                    "chunk size 0 for {}: it must be at least 1",
                    path.display()
                )
            }
            StreamError::Io { path, source } => {
                write!(f, "reading {}: {source}", path.display())
            }
            StreamError::Buffer(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for StreamError {}

/// A file opened for chunked reading, like a read stream with a `highWaterMark`.
#[derive(Debug)]
pub struct ChunkReader {
    /// The file being read.
    path: PathBuf,
    /// The open file.
    file: File,
    /// How many bytes each chunk holds (the last may hold fewer).
    chunk_size: usize,
}

impl ChunkReader {
    /// Opens `path` for reading in `chunk_size`-byte chunks.
    pub fn open(path: &Path, chunk_size: usize) -> Result<ChunkReader, StreamError> {
        if chunk_size == 0 {
            return Err(StreamError::ZeroChunkSize {
                path: path.to_owned(),
            });
        }
        let file = File::open(path).map_err(|source| StreamError::Io {
            path: path.to_owned(),
            source,
        })?;
        Ok(ChunkReader {
            path: path.to_owned(),
            file,
            chunk_size,
        })
    }

    /// The next chunk (`chunk_size` bytes unless
    /// the file ends), or `None` at the end.
    pub fn next_chunk(&mut self) -> Result<Option<Buffer>, StreamError> {
        let mut bytes = Vec::with_capacity(self.chunk_size);
        // `take` + `read_to_end` keeps reading
        // until the chunk is full or the file ends.
        (&mut self.file)
            .take(self.chunk_size as u64)
            .read_to_end(&mut bytes)
            .map_err(|source| StreamError::Io {
                path: self.path.clone(),
                source,
            })?;
        Ok((!bytes.is_empty()).then(|| Buffer::from_bytes(&bytes)))
    }

    /// Every remaining chunk, in order.
    pub fn all_chunks(mut self) -> Result<Vec<Buffer>, StreamError> {
        let mut chunks = Vec::new();
        while let Some(chunk) = self.next_chunk()? {
            chunks.push(chunk);
        }
        Ok(chunks)
    }
}

/// Kata `garbled::join_as_strings` — the notes' bug: `data += chunk` for every chunk.
///
/// **Task.** Decode each chunk *on its own* as utf8 and join the strings.
/// **Node does.** `string + buffer` calls
/// `buffer.toString()`, which is utf8 by default.
/// **Book.** book/src/ch05-buffer/garbled.md#join-as-strings
/// **Check.** `cargo xtask check chapter-5 garbled::join_as_strings`
// ANCHOR: join_as_strings
pub fn join_as_strings(chunks: &[Buffer]) -> JsString {
    todo!("kata garbled::join_as_strings")
}
// ANCHOR_END: join_as_strings

/// Kata `garbled::concat_then_decode` — the first fix: keep the chunks, join the
/// bytes, decode once.
///
/// **Task.** [`concat`] the chunks and decode the result as utf8.
/// **Node does.** `chunks.push(chunk)` on `data`, then
/// `Buffer.concat(chunks).toString()` on `end`.
/// **Book.** book/src/ch05-buffer/garbled.md#concat-then-decode
/// **Check.** `cargo xtask check chapter-5 garbled::concat_then_decode`
// ANCHOR: concat_then_decode
pub fn concat_then_decode(chunks: &[Buffer]) -> JsString {
    todo!("kata garbled::concat_then_decode")
}
// ANCHOR_END: concat_then_decode

/// Kata `garbled::stream_decode` — the second fix, streaming: a decoder between the
/// file and the text.
///
/// **Task.** Open `path` with [`ChunkReader::open`], make a [`StringDecoder`] for
/// `encoding` (errors become [`StreamError::Buffer`]), write every chunk through it
/// as it is read, and finish with `end()`. Never hold the whole file's bytes.
/// **Node does.** `stream.setEncoding('utf8')`
/// puts a `StringDecoder` inside the stream.
/// **Book.** book/src/ch05-buffer/garbled.md#stream-decode
/// **Check.** `cargo xtask check chapter-5 garbled::stream_decode`
// ANCHOR: stream_decode
pub fn stream_decode(
    path: &Path,
    chunk_size: usize,
    encoding: &str,
) -> Result<JsString, StreamError> {
    todo!("kata garbled::stream_decode")
}
// ANCHOR_END: stream_decode
