//! Latin-1 and ASCII (单字节编码): one byte per code unit.
//!
//! `latin1` (alias `binary`) keeps the low 8 bits of each code unit when
//! encoding and maps byte `b` to U+00`b` when decoding. Node encodes `ascii`
//! the same way as latin1; only decoding differs: it clears the high bit.
//! Book: book/src/ch05-buffer/encodings.md

use crate::JsString;

/// Kata `latin1::encode` — the bytes of
/// `Buffer.from(text, 'latin1')` (and `'ascii'`).
///
/// **Task.** One byte per code unit: its low 8 bits (`'Ł'`, U+0141, becomes `41`).
/// **Node does.** V8's `String::WriteOneByte`, which truncates each unit.
/// **Book.** book/src/ch05-buffer/encodings.md#latin1
/// **Check.** `cargo xtask check chapter-5 latin1::encode`
// ANCHOR: encode
pub fn encode(text: &[u16]) -> Vec<u8> {
    todo!("kata latin1::encode")
}
// ANCHOR_END: encode

/// Kata `latin1::decode` — `buf.toString('latin1')`.
///
/// **Task.** Byte `b` becomes code unit `b` (U+0000..U+00FF).
/// **Node does.** `latin1Slice` → a one-byte V8 string.
/// **Book.** book/src/ch05-buffer/encodings.md#latin1
/// **Check.** `cargo xtask check chapter-5 latin1::decode`
// ANCHOR: decode
pub fn decode(bytes: &[u8]) -> JsString {
    todo!("kata latin1::decode")
}
// ANCHOR_END: decode

/// Kata `latin1::decode_ascii` — `buf.toString('ascii')`.
///
/// **Task.** Like latin1, but the high bit is cleared first: `ff` becomes U+007F,
/// `80` becomes U+0000.
/// **Node does.** `asciiSlice` → `StringBytes::Encode(ASCII)`,
/// which masks each byte with `0x7f`.
/// **Book.** book/src/ch05-buffer/encodings.md#latin1
/// **Check.** `cargo xtask check chapter-5 latin1::decode_ascii`
// ANCHOR: decode_ascii
pub fn decode_ascii(bytes: &[u8]) -> JsString {
    todo!("kata latin1::decode_ascii")
}
// ANCHOR_END: decode_ascii
