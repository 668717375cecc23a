//! StringDecoder (string_decoder): decode a byte
//! stream chunk by chunk without garbling it.
//!
//! A multi-byte character may be split between two chunks. The decoder keeps
//! the incomplete tail of each chunk (`pending`) and how many bytes it still
//! needs (`missing`), and finishes the character when the next chunk comes.
//! utf8 keeps up to 3 bytes, utf16le an odd byte or a high surrogate, base64 a
//! group of fewer than 3 bytes; hex and latin1 never need to wait.
//! Book: book/src/ch05-buffer/decoder.md

use crate::JsString;
use crate::encoding::Encoding;
use crate::error::BufferError;

/// Node's `StringDecoder`: decodes chunks,
/// carrying partial characters between writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringDecoder {
    /// The encoding of the incoming bytes.
    pub encoding: Encoding,
    /// The incomplete character held back from earlier chunks (Node's
    /// `kIncompleteCharactersStart`).
    pub pending: Vec<u8>,
    /// How many more bytes `pending` needs to be complete (Node's `kMissingBytes`).
    pub missing: usize,
}

impl StringDecoder {
    /// `new StringDecoder(encoding)`; an empty name
    /// means utf8, an unknown one is an error.
    pub fn new(encoding: &str) -> Result<StringDecoder, BufferError> {
        let encoding = if encoding.is_empty() {
            Encoding::Utf8
        } else {
            Encoding::parse(encoding)?
        };
        Ok(StringDecoder {
            encoding,
            pending: Vec::new(),
            missing: 0,
        })
    }

    /// Kata `decoder::write` — `decoder.write(chunk)`:
    /// the text that is complete so far.
    ///
    /// **Task.** `decoder.write(chunk)`: the text of every *complete* character so
    /// far, holding back the bytes of a character the chunk cut in two until the next
    /// write completes it — for utf8 (a lead byte and its continuation bytes),
    /// utf16le (an odd byte, or a high surrogate waiting for its low half) and base64
    /// (groups of 3 bytes); hex, latin1 and ascii hold nothing. A held utf8 character
    /// that the next chunk does not continue is decoded on its own (U+FFFD) and the
    /// chunk goes on from there.
    /// **Node does.** `StringDecoder::DecodeData` in `src/string_decoder.cc`.
    /// **Book.** book/src/ch05-buffer/decoder.md#write
    /// **Check.** `cargo xtask check chapter-5 decoder::write`
    // ANCHOR: write
    pub fn write(&mut self, chunk: &[u8]) -> JsString {
        todo!("kata decoder::write")
    }
    // ANCHOR_END: write

    /// Kata `decoder::end` — `decoder.end()`: flush what is held and start over.
    ///
    /// **Task.** utf16le first drops an odd held byte. Then decode whatever is still
    /// held on its own (utf8 turns it into U+FFFD, base64 into padded digits, utf16le
    /// into a lone surrogate), clear `pending` and `missing`, and return the text.
    /// **Node does.** `StringDecoder::FlushData` in `src/string_decoder.cc`.
    /// **Book.** book/src/ch05-buffer/decoder.md#end
    /// **Check.** `cargo xtask check chapter-5 decoder::end`
    // ANCHOR: end
    pub fn end(&mut self) -> JsString {
        todo!("kata decoder::end")
    }
    // ANCHOR_END: end
}
