//! UTF-8 (UTF-8 编码): how Node turns UTF-16 strings into UTF-8 bytes and back.
//!
//! Encoding: a surrogate pair becomes one 4-byte character; a *lone* surrogate
//! cannot be encoded and becomes U+FFFD (`ef bf bd`). Decoding follows the
//! WHATWG Encoding Standard, which V8 implements: every *maximal subpart* of an
//! ill-formed sequence becomes exactly one U+FFFD.
//! Book: book/src/ch05-buffer/encodings.md

use crate::JsString;

/// U+FFFD REPLACEMENT CHARACTER, what broken input decodes to.
pub const REPLACEMENT: u16 = 0xfffd;

/// Kata `utf8::encode` — the UTF-8 bytes of a JavaScript string.
///
/// **Task.** Walk the code units. A high surrogate (`d800..=dbff`) followed by
/// a low one (`dc00..=dfff`) is one code point above U+FFFF: 4 bytes. Any other
/// surrogate is lone and becomes `ef bf bd`. Everything else is 1, 2 or 3 bytes.
/// **Node does.** V8's `String::WriteUtf8` with `REPLACE_INVALID_UTF8`.
/// **Book.** book/src/ch05-buffer/encodings.md#utf8
/// **Check.** `cargo xtask check chapter-5 utf8::encode`
// ANCHOR: encode
pub fn encode(text: &[u16]) -> Vec<u8> {
    // ANCHOR: solution
    let mut bytes = Vec::with_capacity(text.len());
    // `decode_utf16` pairs surrogates for us and reports lone ones as errors.
    for unit in char::decode_utf16(text.iter().copied()) {
        let ch = unit.unwrap_or(char::REPLACEMENT_CHARACTER);
        let mut buf = [0; 4];
        bytes.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
    }
    bytes
    // ANCHOR_END: solution
}
// ANCHOR_END: encode

/// Kata `utf8::decode` — the string `buf.toString('utf8')` returns.
///
/// **Task.** Decode well-formed characters as they are (code points above
/// U+FFFF become a surrogate pair). For ill-formed input emit one U+FFFD per
/// *maximal subpart*: a lead byte followed by as many bytes as are still valid
/// for it, stopping at the first byte that is not — which is then read again as
/// a new start. The valid second-byte ranges are narrower than `80..=bf` after
/// `e0` (`a0..`), `ed` (`..9f`, no surrogates), `f0` (`90..`) and `f4` (`..8f`,
/// nothing above U+10FFFF); `c0`, `c1` and `f5..=ff` are never valid.
/// **Node does.** V8's `Utf8Decoder` (the WHATWG algorithm) behind `buf.utf8Slice`.
/// **Book.** book/src/ch05-buffer/encodings.md#utf8
/// **Check.** `cargo xtask check chapter-5 utf8::decode`
// ANCHOR: decode
pub fn decode(bytes: &[u8]) -> JsString {
    // ANCHOR: solution
    let mut text = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let lead = bytes[i];
        i += 1;
        if lead < 0x80 {
            text.push(u16::from(lead));
            continue;
        }
        // How many continuation bytes follow, the range the first of them must
        // be in, and the lead's payload bits.
        let (needed, low, high, mut code) = match lead {
            0xc2..=0xdf => (1, 0x80, 0xbf, u32::from(lead & 0x1f)),
            0xe0 => (2, 0xa0, 0xbf, u32::from(lead & 0x0f)),
            0xe1..=0xec | 0xee..=0xef => (2, 0x80, 0xbf, u32::from(lead & 0x0f)),
            0xed => (2, 0x80, 0x9f, u32::from(lead & 0x0f)),
            0xf0 => (3, 0x90, 0xbf, u32::from(lead & 0x07)),
            0xf1..=0xf3 => (3, 0x80, 0xbf, u32::from(lead & 0x07)),
            0xf4 => (3, 0x80, 0x8f, u32::from(lead & 0x07)),
            _ => {
                text.push(REPLACEMENT);
                continue;
            }
        };
        let mut complete = true;
        for k in 0..needed {
            let (low, high) = if k == 0 { (low, high) } else { (0x80, 0xbf) };
            match bytes.get(i) {
                Some(&b) if (low..=high).contains(&b) => {
                    code = (code << 6) | u32::from(b & 0x3f);
                    i += 1;
                }
                // Do not consume the offending byte: it may start the next character.
                _ => {
                    complete = false;
                    break;
                }
            }
        }
        if !complete {
            text.push(REPLACEMENT);
        } else if let Some(ch) = char::from_u32(code) {
            let mut buf = [0; 2];
            text.extend_from_slice(ch.encode_utf16(&mut buf));
        } else {
            text.push(REPLACEMENT);
        }
    }
    text
    // ANCHOR_END: solution
}
// ANCHOR_END: decode
