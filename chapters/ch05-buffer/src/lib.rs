//! Chapter 5 — Buffer (Buffer对象): Node's byte arrays, their encodings, the slab
//! pool, garbled text.
//!
//! JavaScript strings are sequences of UTF-16 code units and may hold lone
//! surrogates, so the string type of this chapter is [`JsString`], not `str`.
//! The katas, in book order:
//!
//! 1. [`encoding`], [`utf8`], [`utf16le`], [`latin1`], [`hex`], [`base64`] —
//!    every encoding Node knows, byte for byte.
//! 2. [`buffer`] — the `Buffer` type: shared-memory
//!    slices, write, fill, compare, concat.
//! 3. [`slab`] — the 8 KiB pool small buffers are carved from (Node 10 and Node 20).
//! 4. [`decoder`] and [`garbled`] — the garbled
//!    poem and the `StringDecoder` that fixes it.
//!
//! [`protocol`] (provided) answers the `buffer` example's JSON lines with your katas.
//! Book: book/src/ch05-buffer/index.md

// Kata bodies are `todo!()` until you solve them, so their parameters and
// the imports a solution needs look unused, and `todo!` is the point;
// `[lints]` cannot relax these per crate.
#![allow(unused_variables, unused_imports, dead_code, clippy::todo)]

pub mod base64;
pub mod buffer;
pub mod decoder;
pub mod encoding;
pub mod error;
pub mod garbled;
pub mod hex;
pub mod latin1;
pub mod protocol;
pub mod slab;
pub mod utf16le;
pub mod utf8;

pub use buffer::{ArrayBuffer, Buffer, concat};
pub use decoder::StringDecoder;
pub use encoding::{Encoding, byte_length};
pub use error::BufferError;
pub use slab::{NodeLine, PoolState, SlabAllocator};

/// A JavaScript string: UTF-16 code units, lone surrogates allowed.
///
/// Rust's `str` must be valid UTF-8 and cannot hold `'\uD800'` on its own,
/// but a JavaScript string can, and Node's encoders have rules for it.
pub type JsString = Vec<u16>;

/// The JavaScript string for a Rust string (always well-formed UTF-16).
pub fn js(text: &str) -> JsString {
    text.encode_utf16().collect()
}

/// A Rust string for display: lone surrogates become U+FFFD.
pub fn lossy(text: &[u16]) -> String {
    String::from_utf16_lossy(text)
}

// The tests name this crate `ch05_buffer`, as code outside it would.
#[cfg(test)]
extern crate self as ch05_buffer;

// The chapter's tests (tests/katas/) are a module of this crate under `cargo
// test`, so a save rebuilds one crate instead of this one and a test binary.
// The path climbs to the workspace root and back down so that the solution
// crate, one folder over, can say the same. Keep these lines: without them
// `cargo xtask check` finds no test to run.
#[cfg(test)]
#[path = "../../../chapters/ch05-buffer/tests/katas/main.rs"]
mod katas;
