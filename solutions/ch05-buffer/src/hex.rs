//! Hex (十六进制): two hex digits per byte.
//!
//! Decoding reads pairs from the start and stops at the first pair that is not
//! two hex digits; an odd last digit is ignored. Node looks only at the low
//! byte of each code unit, so `'\u0141'` counts as `'A'`.
//! Book: book/src/ch05-buffer/encodings.md

use crate::JsString;

/// Kata `hex::encode` — `buf.toString('hex')`.
///
/// **Task.** Two lowercase hex digits per byte, high nibble first.
/// **Node does.** `hexSlice` → `StringBytes::Encode(HEX)`.
/// **Book.** book/src/ch05-buffer/encodings.md#hex
/// **Check.** `cargo xtask check chapter-5 hex::encode`
// ANCHOR: encode
pub fn encode(bytes: &[u8]) -> JsString {
    // ANCHOR: solution
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    bytes
        .iter()
        .flat_map(|&b| [DIGITS[usize::from(b >> 4)], DIGITS[usize::from(b & 0xf)]])
        .map(u16::from)
        .collect()
    // ANCHOR_END: solution
}
// ANCHOR_END: encode

/// Kata `hex::decode` — the bytes of `Buffer.from(text, 'hex')`.
///
/// **Task.** Read the string two units at a time; each unit is judged by its
/// low byte only (`unit as u8`). Upper- and lower-case digits both count. Stop
/// at the first pair with a non-digit in it; a lone last unit is ignored.
/// **Node does.** `hex_decode` in `src/string_bytes.cc`
/// (`unhex` on the truncated unit).
/// **Book.** book/src/ch05-buffer/encodings.md#hex
/// **Check.** `cargo xtask check chapter-5 hex::decode`
// ANCHOR: decode
pub fn decode(text: &[u16]) -> Vec<u8> {
    // ANCHOR: solution
    fn digit(unit: u16) -> Option<u8> {
        // Node truncates the unit to a byte before looking it up.
        (unit as u8 as char).to_digit(16).map(|d| d as u8)
    }
    let mut bytes = Vec::with_capacity(text.len() / 2);
    for pair in text.chunks_exact(2) {
        match (digit(pair[0]), digit(pair[1])) {
            (Some(high), Some(low)) => bytes.push(high << 4 | low),
            _ => break,
        }
    }
    bytes
    // ANCHOR_END: solution
}
// ANCHOR_END: decode
