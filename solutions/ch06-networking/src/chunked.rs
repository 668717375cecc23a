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
    // ANCHOR: solution
    let mut body = Vec::new();
    let mut pos = 0;
    loop {
        let Some(size_line) = line(&buf[pos..])? else {
            return Ok(None);
        };
        pos += size_line.len() + 2;
        let digits = size_line.split(|&b| b == b';').next().unwrap_or_default();
        if digits.is_empty() {
            return Err(ParseError::InvalidChunk);
        }
        // Checked arithmetic: a size that overflows
        // 64 bits is refused, as llhttp does.
        let mut size = 0u64;
        for &d in digits {
            let digit = (d as char).to_digit(16).ok_or(ParseError::InvalidChunk)?;
            size = size
                .checked_mul(16)
                .and_then(|n| n.checked_add(u64::from(digit)))
                .ok_or(ParseError::InvalidChunk)?;
        }
        if size == 0 {
            // Trailers: header lines up to a blank one. We drop them, as a
            // handler that never reads `req.trailers` would.
            loop {
                let Some(trailer) = line(&buf[pos..])? else {
                    return Ok(None);
                };
                pos += trailer.len() + 2;
                if trailer.is_empty() {
                    return Ok(Some((body, pos)));
                }
            }
        }
        // A size larger than memory is valid HTTP that can never complete here:
        // saturate, and the data is simply never all there (Node waits too).
        let size = usize::try_from(size).unwrap_or(usize::MAX);
        let end = pos.saturating_add(size);
        if buf.len() < end.saturating_add(2) {
            // The CRLF after the data may already be wrong; check what we have.
            let have = &buf[end.min(buf.len())..];
            if !b"\r\n".starts_with(have) {
                return Err(ParseError::InvalidChunk);
            }
            return Ok(None);
        }
        if &buf[end..end + 2] != b"\r\n" {
            return Err(ParseError::InvalidChunk);
        }
        body.extend_from_slice(&buf[pos..end]);
        pos = end + 2;
    }
    // ANCHOR_END: solution
}
// ANCHOR_END: decode

// ANCHOR: solution_only
/// The first CRLF-terminated line of `buf`,
/// `None` if incomplete; a bare LF is refused.
fn line(buf: &[u8]) -> Result<Option<&[u8]>, ParseError> {
    match buf.iter().position(|&b| b == b'\n') {
        Some(i) if i > 0 && buf[i - 1] == b'\r' => Ok(Some(&buf[..i - 1])),
        Some(_) => Err(ParseError::InvalidChunk),
        None => Ok(None),
    }
}
// ANCHOR_END: solution_only

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
    // ANCHOR: solution
    let mut out = Vec::new();
    for chunk in chunks.iter().filter(|c| !c.is_empty()) {
        out.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        out.extend_from_slice(chunk);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
    // ANCHOR_END: solution
}
// ANCHOR_END: encode
