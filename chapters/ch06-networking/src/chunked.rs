//! Chunked transfer coding (分块传输): bodies whose length is not known up front.
//!
//! A chunked body is a run of `SIZE-IN-HEX CRLF DATA CRLF`, ended by a zero-size
//! chunk, optional trailer headers and a blank line. Node's `res.write()` without
//! a `Content-Length` sends exactly this; llhttp decodes it on the way in.
//! Book: book/src/ch06-networking/http.md

use crate::request::ParseError;

/// The largest chunk size accepted: llhttp refuses only a size that does not
/// fit in 64 bits; leading zeros are fine (`0000000000000000001` is 1).
pub const MAX_CHUNK_SIZE: u64 = u64::MAX;

/// Kata `chunked::decode` — the body of a chunked message, once it has all arrived.
///
/// **Task.** `buf` starts right after the head. Return `Ok(None)` while the body
/// is incomplete, `Ok(Some((body, n)))` when the zero chunk and the blank line
/// after the trailers are in (`n` = bytes consumed). The size is hex (either
/// case, leading zeros allowed) and may be followed by `;extensions`, which are
/// ignored; a space after the digits, no digits, or a size over
/// [`MAX_CHUNK_SIZE`] is [`ParseError::InvalidChunk`], and so is data not
/// followed by CRLF. Trailer
/// lines are read and dropped.
/// **Node does.** llhttp's `chunk_size*` and `chunk_data_almost_done` states.
/// **Book.** book/src/ch06-networking/http.md#chunked
/// **Check.** `cargo xtask check chapter-6 chunked::decode`
// ANCHOR: decode
pub fn decode(buf: &[u8]) -> Result<Option<(Vec<u8>, usize)>, ParseError> {
    todo!("kata chunked::decode")
}
// ANCHOR_END: decode

/// Kata `chunked::encode` — write `chunks` as a chunked body.
///
/// **Task.** Each non-empty chunk becomes its size in lower-case hex, CRLF, the
/// bytes, CRLF; empty chunks are skipped (a zero size would end the body early);
/// the body ends with `0` CRLF CRLF.
/// **Node does.** `OutgoingMessage.prototype._send` with `chunkedEncoding` in
/// `lib/_http_outgoing.js`; `res.end()` writes the last chunk.
/// **Book.** book/src/ch06-networking/http.md#chunked
/// **Check.** `cargo xtask check chapter-6 chunked::encode`
// ANCHOR: encode
pub fn encode(chunks: &[Vec<u8>]) -> Vec<u8> {
    todo!("kata chunked::encode")
}
// ANCHOR_END: encode
