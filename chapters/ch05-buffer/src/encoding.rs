//! Encodings (Buffer的转换): the names Node
//! accepts, and how long a string is in each.
//!
//! `Buffer.from(string, encoding)`, `buf.toString(encoding)` and
//! `Buffer.byteLength(string, encoding)` all start by turning the encoding's
//! name into one of seven codecs (`getEncodingOps` in `lib/buffer.js`); names
//! are case-insensitive and have aliases (`binary` is latin1, `ucs2` is utf16le).
//! Book: book/src/ch05-buffer/encodings.md

use crate::error::BufferError;
use crate::{JsString, base64, hex, latin1, utf8, utf16le};

/// One of the codecs Node's Buffer knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// `utf8`, `utf-8`: 1–4 bytes per character; a lone surrogate becomes `ef bf bd`.
    Utf8,
    /// `utf16le`, `utf-16le`, `ucs2`, `ucs-2`: each
    /// code unit as two bytes, low byte first.
    Utf16le,
    /// `latin1`, `binary`: one byte per code unit, its low 8 bits.
    Latin1,
    /// `ascii`: encodes like latin1; decoding clears each byte's high bit.
    Ascii,
    /// `base64`: 4 characters per 3 bytes, `+` `/` and `=` padding.
    Base64,
    /// `base64url` (Node ≥ 14.18/15.7): `-` `_`, no padding.
    Base64url,
    /// `hex`: two lowercase hex digits per byte.
    Hex,
}

impl Encoding {
    /// Every encoding, in the order of the book's table.
    pub const ALL: [Encoding; 7] = [
        Encoding::Utf8,
        Encoding::Utf16le,
        Encoding::Latin1,
        Encoding::Ascii,
        Encoding::Base64,
        Encoding::Base64url,
        Encoding::Hex,
    ];

    /// Kata `encoding::parse` — the encoding a name stands for, as Node reads it.
    ///
    /// **Task.** Match `name` ignoring ASCII case against Node's names and aliases:
    /// `utf8`/`utf-8`, `utf16le`/`utf-16le`/`ucs2`/`ucs-2`, `latin1`/`binary`,
    /// `ascii`, `base64`, `base64url`, `hex`. Anything else (the empty name too) is
    /// [`BufferError::UnknownEncoding`] carrying the name.
    /// **Node does.** `getEncodingOps` in `lib/buffer.js`
    /// (switch on the length, then lower-case).
    /// **Book.** book/src/ch05-buffer/encodings.md#parse
    /// **Check.** `cargo xtask check chapter-5 encoding::parse`
    // ANCHOR: parse
    pub fn parse(name: &str) -> Result<Encoding, BufferError> {
        todo!("kata encoding::parse")
    }
    // ANCHOR_END: parse

    /// Node's canonical name for the encoding (`utf16le`, not `ucs2`).
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf8",
            Encoding::Utf16le => "utf16le",
            Encoding::Latin1 => "latin1",
            Encoding::Ascii => "ascii",
            Encoding::Base64 => "base64",
            Encoding::Base64url => "base64url",
            Encoding::Hex => "hex",
        }
    }

    // ANCHOR: dispatch
    /// The bytes `Buffer.from(text, self)` holds: one arm per codec kata.
    pub fn encode(self, text: &[u16]) -> Vec<u8> {
        match self {
            Encoding::Utf8 => utf8::encode(text),
            Encoding::Utf16le => utf16le::encode(text),
            // Node writes `ascii` exactly like `latin1`: the low byte of each unit.
            Encoding::Latin1 | Encoding::Ascii => latin1::encode(text),
            Encoding::Base64 | Encoding::Base64url => base64::decode(text),
            Encoding::Hex => hex::decode(text),
        }
    }

    /// The string `buf.toString(self)` returns for `bytes`.
    pub fn decode(self, bytes: &[u8]) -> JsString {
        match self {
            Encoding::Utf8 => utf8::decode(bytes),
            Encoding::Utf16le => utf16le::decode(bytes),
            Encoding::Latin1 => latin1::decode(bytes),
            Encoding::Ascii => latin1::decode_ascii(bytes),
            Encoding::Base64 => base64::encode(bytes, false),
            Encoding::Base64url => base64::encode(bytes, true),
            Encoding::Hex => hex::encode(bytes),
        }
    }
    // ANCHOR_END: dispatch
}

/// Kata `encoding::byte_length` — `Buffer.byteLength(text, encoding)`, Node's way.
///
/// **Task.** Return how many bytes Node *says* `text` takes in `encoding`:
/// - the empty string is 0, whatever the encoding, and so is any name check;
/// - an empty or unknown name does not throw: it
///   counts as `utf8` (Node has a TODO about it);
/// - `utf8` counts 1–4 bytes per character, 3 for a lone surrogate;
/// - `utf16le` is 2 per code unit, `latin1`/`ascii` 1 per code unit, `hex` half the
///   units (rounded down);
/// - `base64`/`base64url` is an *estimate*: drop up to two
///   trailing `=`, then `units * 3 / 4` (junk characters count,
///   so it may be more than `Buffer.from` really writes).
///
/// **Node does.** `byteLength` and `base64ByteLength` in `lib/buffer.js`.
/// **Book.** book/src/ch05-buffer/encodings.md#byte-length
/// **Check.** `cargo xtask check chapter-5 encoding::byte_length`
// ANCHOR: byte_length
pub fn byte_length(text: &[u16], encoding: &str) -> usize {
    todo!("kata encoding::byte_length")
}
// ANCHOR_END: byte_length
