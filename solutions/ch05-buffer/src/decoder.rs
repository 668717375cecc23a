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
        // ANCHOR: solution
        // How many bytes at the end of `data` start an incomplete character, and how
        // many more that character needs (`(held, missing)`).
        fn incomplete_tail(encoding: Encoding, data: &[u8]) -> (usize, usize) {
            let len = data.len();
            match encoding {
                Encoding::Utf8 if data[len - 1] & 0x80 != 0 => {
                    let mut held = 0;
                    for i in (0..len).rev() {
                        held += 1;
                        let b = data[i];
                        if b & 0xc0 == 0x80 {
                            if held >= 4 || i == 0 {
                                return (0, 0);
                            }
                            continue;
                        }
                        let wanted = match b {
                            _ if b & 0xe0 == 0xc0 => 2,
                            _ if b & 0xf0 == 0xe0 => 3,
                            _ if b & 0xf8 == 0xf0 => 4,
                            _ => return (0, 0),
                        };
                        return if held >= wanted {
                            (0, 0)
                        } else {
                            (held, wanted - held)
                        };
                    }
                    (0, 0)
                }
                Encoding::Utf16le if len % 2 == 1 => (1, 1),
                Encoding::Utf16le if data[len - 1] & 0xfc == 0xd8 => (2, 2),
                Encoding::Base64 | Encoding::Base64url if len % 3 != 0 => {
                    (len % 3, 3 - len % 3)
                }
                _ => (0, 0),
            }
        }

        let mut text = JsString::new();
        let mut data = chunk;
        if self.missing > 0 {
            if self.encoding == Encoding::Utf8 {
                // A byte that cannot continue the character ends it early; V8
                // then turns the incomplete bytes into U+FFFD.
                let limit = data.len().min(self.missing);
                if let Some(stop) =
                    data[..limit].iter().position(|b| b & 0xc0 != 0x80)
                {
                    self.pending.extend_from_slice(&data[..stop]);
                    data = &data[stop..];
                    self.missing = 0;
                }
            }
            let found = data.len().min(self.missing);
            self.pending.extend_from_slice(&data[..found]);
            data = &data[found..];
            self.missing -= found;
            if self.missing == 0 {
                text.extend(self.encoding.decode(&self.pending));
                self.pending.clear();
            }
        }
        if data.is_empty() {
            return text;
        }
        let (held, missing) = incomplete_tail(self.encoding, data);
        let body = &data[..data.len() - held];
        text.extend(self.encoding.decode(body));
        self.pending.extend_from_slice(&data[data.len() - held..]);
        self.missing = missing;
        text
        // ANCHOR_END: solution
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
        // ANCHOR: solution
        if self.encoding == Encoding::Utf16le && self.pending.len() % 2 == 1 {
            self.pending.pop();
        }
        let text = self.encoding.decode(&self.pending);
        self.pending.clear();
        self.missing = 0;
        text
        // ANCHOR_END: solution
    }
    // ANCHOR_END: end
}
