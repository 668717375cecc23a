//! UTF-16LE (`utf16le`/`ucs2`): a JavaScript string's own code units, two bytes each.
//!
//! Encoding copies each code unit low byte first — lone surrogates included,
//! since nothing needs replacing. Decoding pairs bytes; an odd last byte has no
//! partner and is dropped.
//! Book: book/src/ch05-buffer/encodings.md

use crate::JsString;

/// Kata `utf16le::encode` — the bytes of `Buffer.from(text, 'utf16le')`.
///
/// **Task.** Two bytes per code unit, the low byte first.
/// **Node does.** V8's `String::Write` into
/// the buffer (x86 is little-endian already).
/// **Book.** book/src/ch05-buffer/encodings.md#utf16le
/// **Check.** `cargo xtask check chapter-5 utf16le::encode`
// ANCHOR: encode
pub fn encode(text: &[u16]) -> Vec<u8> {
    // ANCHOR: solution
    text.iter().flat_map(|unit| unit.to_le_bytes()).collect()
    // ANCHOR_END: solution
}
// ANCHOR_END: encode

/// Kata `utf16le::decode` — `buf.toString('utf16le')`.
///
/// **Task.** Each pair of bytes, low byte first,
/// is one code unit; an odd final byte is dropped.
/// **Node does.** `ucs2Slice` → `StringBytes::Encode(UCS2)`,
/// which uses `buflen / 2` units.
/// **Book.** book/src/ch05-buffer/encodings.md#utf16le
/// **Check.** `cargo xtask check chapter-5 utf16le::decode`
// ANCHOR: decode
pub fn decode(bytes: &[u8]) -> JsString {
    // ANCHOR: solution
    bytes
        .chunks_exact(2)
        .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
        .collect()
    // ANCHOR_END: solution
}
// ANCHOR_END: decode
