//! Base64 (Base64 编码): 4 characters for every 3 bytes, in two alphabets.
//!
//! Encoding writes `base64` with `+`, `/` and `=` padding, `base64url` with
//! `-`, `_` and no padding. Decoding is forgiving: either alphabet is accepted
//! in either encoding, characters outside them (whitespace, junk) are skipped,
//! and the first `=` ends the data. A single leftover character is dropped.
//! Book: book/src/ch05-buffer/encodings.md

use crate::JsString;

/// The standard alphabet; `base64url` swaps the last two for `-` and `_`.
pub const ALPHABET: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Kata `base64::encode` — `buf.toString('base64')`
/// (`url = false`) or `'base64url'` (`url = true`).
///
/// **Task.** Take the bytes three at a time as 24 bits and write four 6-bit digits. A
/// final group of 1 or 2 bytes writes 2 or 3 digits; `base64` pads them to 4 with
/// `=`, `base64url` does not pad. `base64url` uses `-` and `_` for 62 and 63.
/// **Node does.** `base64Slice`/`base64urlSlice` → `StringBytes::Encode`.
/// **Book.** book/src/ch05-buffer/encodings.md#base64
/// **Check.** `cargo xtask check chapter-5 base64::encode`
// ANCHOR: encode
pub fn encode(bytes: &[u8], url: bool) -> JsString {
    todo!("kata base64::encode")
}
// ANCHOR_END: encode

/// Kata `base64::decode` — the bytes of
/// `Buffer.from(text, 'base64')` (or `'base64url'`).
///
/// **Task.** Judge each code unit by its low byte. Letters, digits and all of
/// `+ / - _` are digits (both alphabets, whatever the encoding's name); `=`
/// stops decoding; anything else is skipped. Every 4 digits give 3 bytes; 2 or
/// 3 leftover digits give 1 or 2 more bytes; a single leftover digit gives none.
/// **Node does.** `base64_decode` in `src/base64-inl.h`: a fast path, and a slow
/// path that skips illegal characters and returns at `=`.
/// **Book.** book/src/ch05-buffer/encodings.md#base64
/// **Check.** `cargo xtask check chapter-5 base64::decode`
// ANCHOR: decode
pub fn decode(text: &[u16]) -> Vec<u8> {
    todo!("kata base64::decode")
}
// ANCHOR_END: decode
