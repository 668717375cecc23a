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
    // ANCHOR: solution
    let digit = |six: u32| -> u16 {
        let c = ALPHABET[(six & 0x3f) as usize];
        u16::from(match (url, c) {
            (true, b'+') => b'-',
            (true, b'/') => b'_',
            _ => c,
        })
    };
    let mut text = Vec::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        let bits = group
            .iter()
            .enumerate()
            .fold(0u32, |acc, (k, &b)| acc | u32::from(b) << (16 - 8 * k));
        // 1 byte → 2 digits, 2 → 3, 3 → 4.
        let digits = group.len() + 1;
        for k in 0..digits {
            text.push(digit(bits >> (18 - 6 * k)));
        }
        if !url {
            text.extend(std::iter::repeat_n(u16::from(b'='), 4 - digits));
        }
    }
    text
    // ANCHOR_END: solution
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
    // ANCHOR: solution
    fn value(c: u8) -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some(u32::from(c - b'A')),
            b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
            b'+' | b'-' => Some(62),
            b'/' | b'_' => Some(63),
            _ => None,
        }
    }
    let mut bytes = Vec::with_capacity(text.len() * 3 / 4);
    let (mut bits, mut count) = (0u32, 0u32);
    for &unit in text {
        // Node truncates the unit to a byte before looking it up.
        let c = unit as u8;
        match value(c) {
            Some(six) => {
                bits = bits << 6 | six;
                count += 1;
                if count == 4 {
                    bytes.extend_from_slice(&bits.to_be_bytes()[1..]);
                    (bits, count) = (0, 0);
                }
            }
            None if c == b'=' => break,
            None => {}
        }
    }
    // A partial group: 2 digits carry 1 byte, 3
    // digits carry 2; 1 digit carries nothing whole.
    match count {
        2 => bytes.push((bits >> 4) as u8),
        3 => bytes.extend_from_slice(&((bits >> 2) as u16).to_be_bytes()),
        _ => {}
    }
    bytes
    // ANCHOR_END: solution
}
// ANCHOR_END: decode
