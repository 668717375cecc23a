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
    todo!("kata utf8::encode")
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
    todo!("kata utf8::decode")
}
// ANCHOR_END: decode
