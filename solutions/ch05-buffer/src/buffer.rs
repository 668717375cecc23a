//! The Buffer type (Buffer对象): a view of
//! bytes that live outside the JavaScript heap.
//!
//! A Node `Buffer` is a `Uint8Array`: a window (`byteOffset`, `length`) onto an
//! `ArrayBuffer`. Slicing makes a new window onto the *same* memory, so a
//! write through one view is seen through every other. [`ArrayBuffer`] is that
//! shared memory here (an `Arc<Mutex<Vec<u8>>>`), [`Buffer`] the window.
//! Book: book/src/ch05-buffer/buffer.md

use std::cmp::Ordering;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::encoding::Encoding;
use crate::error::BufferError;
use crate::{JsString, utf8};

/// The largest buffer Node 20 creates on 64-bit machines
/// (`buffer.constants.MAX_LENGTH`, 2³²).
pub const MAX_LENGTH: u64 = 1 << 32;

/// A block of bytes shared by every [`Buffer`]
/// that views it (JavaScript's `ArrayBuffer`).
///
/// Cloning an `ArrayBuffer` clones the *handle*, not the bytes.
#[derive(Clone, Default)]
pub struct ArrayBuffer {
    /// The bytes. Node keeps them outside V8's heap; here they sit behind a
    /// mutex so views on several threads stay sound.
    bytes: Arc<Mutex<Vec<u8>>>,
}

impl ArrayBuffer {
    /// `len` zero bytes.
    pub fn zeroed(len: usize) -> Self {
        Self::from_vec(vec![0; len])
    }

    /// Memory holding exactly `bytes`.
    pub fn from_vec(bytes: Vec<u8>) -> Self {
        ArrayBuffer {
            bytes: Arc::new(Mutex::new(bytes)),
        }
    }

    /// The size of the whole block (`arrayBuffer.byteLength`).
    pub fn byte_length(&self) -> usize {
        self.lock().len()
    }

    /// True when both handles are the same memory (JavaScript's `a === b`).
    pub fn same_memory(&self, other: &ArrayBuffer) -> bool {
        Arc::ptr_eq(&self.bytes, &other.bytes)
    }

    /// Locks the bytes; a panic in another view cannot make them unreadable.
    pub fn lock(&self) -> MutexGuard<'_, Vec<u8>> {
        self.bytes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl fmt::Debug for ArrayBuffer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ArrayBuffer {{ byteLength: {} }}", self.byte_length())
    }
}

/// A window onto an [`ArrayBuffer`]: Node's `Buffer` (a `Uint8Array`).
#[derive(Clone)]
pub struct Buffer {
    /// The memory this buffer views (`buf.buffer`).
    pub memory: ArrayBuffer,
    /// Where the window starts in `memory` (`buf.byteOffset`).
    pub byte_offset: usize,
    /// How many bytes the window covers (`buf.length`).
    pub length: usize,
}

/// What [`Buffer::fill`] writes: a number (one byte) or a string in an encoding.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FillValue<'a> {
    /// `buf.fill(257)`: the number is reduced to one byte (`value & 255`).
    Number(f64),
    /// `buf.fill('ab', 'utf8')`: the string's bytes, repeated.
    Text {
        /// The string.
        text: &'a [u16],
        /// Its encoding's name (empty means utf8).
        encoding: &'a str,
    },
}

impl Buffer {
    /// A buffer with memory of its own holding `bytes`.
    pub fn from_bytes(bytes: &[u8]) -> Buffer {
        Buffer {
            memory: ArrayBuffer::from_vec(bytes.to_vec()),
            byte_offset: 0,
            length: bytes.len(),
        }
    }

    /// `Buffer.alloc(len)`: `len` zero bytes in memory of their own.
    pub fn alloc(len: usize) -> Buffer {
        Buffer {
            memory: ArrayBuffer::zeroed(len),
            byte_offset: 0,
            length: len,
        }
    }

    /// `buf.length`.
    pub fn len(&self) -> usize {
        self.length
    }

    /// True for a zero-length buffer.
    pub fn is_empty(&self) -> bool {
        self.length == 0
    }

    /// A copy of the bytes in the window.
    pub fn to_vec(&self) -> Vec<u8> {
        self.memory.lock()[self.byte_offset..self.byte_offset + self.length].to_vec()
    }

    /// Runs `f` on the window's bytes, mutably
    /// (the memory is shared with other views).
    pub fn with_bytes<T>(&self, f: impl FnOnce(&mut [u8]) -> T) -> T {
        let mut memory = self.memory.lock();
        f(&mut memory[self.byte_offset..self.byte_offset + self.length])
    }

    /// `buf[index]`: the byte, or `None`
    /// (JavaScript's `undefined`) outside the window.
    pub fn get(&self, index: i64) -> Option<u8> {
        let index = usize::try_from(index).ok()?;
        (index < self.length).then(|| self.memory.lock()[self.byte_offset + index])
    }

    /// `buf.equals(other)`: same length, same bytes.
    pub fn equals(&self, other: &Buffer) -> bool {
        self.compare(other) == Ordering::Equal
    }

    /// Kata `buffer::from_string` —
    /// `Buffer.from(text, encoding)` into memory of its own.
    ///
    /// **Task.** An empty encoding name means utf8; any other name goes through
    /// [`Encoding::parse`] — and an unknown name is an error *even for an empty
    /// string*. An empty string then gives an empty buffer; anything else, a buffer
    /// holding [`Encoding::encode`]'s bytes.
    /// **Node does.** `Buffer.from` → `fromString` in `lib/buffer.js` (the name
    /// is checked before the `string.length === 0` shortcut). Real Node carves
    /// small results from a shared pool: that is the [`slab`](crate::slab) kata.
    /// **Book.** book/src/ch05-buffer/encodings.md#from-string
    /// **Check.** `cargo xtask check chapter-5 buffer::from_string`
    // ANCHOR: from_string
    pub fn from_string(text: &[u16], encoding: &str) -> Result<Buffer, BufferError> {
        // ANCHOR: solution
        let encoding = if encoding.is_empty() {
            Encoding::Utf8
        } else {
            Encoding::parse(encoding)?
        };
        Ok(Buffer::from_bytes(&encoding.encode(text)))
        // ANCHOR_END: solution
    }
    // ANCHOR_END: from_string

    /// Kata `buffer::to_string` — `buf.toString(encoding, start, end)`.
    ///
    /// **Task.** Clamp the range as Node does, *before* looking at the encoding:
    /// - `start`: absent or NaN is 0, `<= 0` is 0, `>= len` returns an empty
    ///   string at once, otherwise it is truncated toward zero;
    /// - `end`: absent or `> len` is `len`, otherwise truncated (NaN is 0);
    /// - `end <= start` returns an empty string (so a bad name goes unnoticed).
    ///
    /// Then parse the name ([`BufferError::UnknownEncoding`] if unknown) and
    /// [`Encoding::decode`] the bytes in `start..end`.
    /// **Node does.** `Buffer.prototype.toString` in `lib/buffer.js`.
    /// **Book.** book/src/ch05-buffer/encodings.md#to-string
    /// **Check.** `cargo xtask check chapter-5 buffer::to_string`
    // ANCHOR: to_string
    pub fn to_string(
        &self,
        encoding: &str,
        start: Option<f64>,
        end: Option<f64>,
    ) -> Result<JsString, BufferError> {
        // ANCHOR: solution
        let len = self.length as f64;
        // `Math.trunc(x) || 0`: NaN (and an absent value) becomes 0.
        let trunc = |x: f64| if x.is_nan() { 0.0 } else { x.trunc() };
        let start = match start {
            Some(s) if s <= 0.0 => 0.0,
            Some(s) if s >= len => return Ok(JsString::new()),
            Some(s) => trunc(s),
            None => 0.0,
        };
        let end = match end {
            None => len,
            Some(e) if e > len => len,
            Some(e) => trunc(e),
        };
        if end <= start {
            return Ok(JsString::new());
        }
        let encoding = Encoding::parse(encoding)?;
        // Both are whole numbers in 0..=len now.
        let (start, end) = (start as usize, end as usize);
        let bytes = self.to_vec();
        Ok(encoding.decode(&bytes[start..end]))
        // ANCHOR_END: solution
    }
    // ANCHOR_END: to_string

    /// Kata `buffer::subarray` — `buf.subarray(start, end)`
    /// (and the deprecated `buf.slice`).
    ///
    /// **Task.** Return a view of the *same memory*, no copy. Each index is
    /// adjusted like Node's `adjustOffset`: negative counts from the end
    /// (clamped at 0), past the end is the end. `end` absent means the end; an
    /// `end` before `start` gives an empty view.
    /// **Node does.** `Buffer.prototype.subarray` →
    /// `new FastBuffer(this.buffer, this.byteOffset + start, length)`.
    /// **Book.** book/src/ch05-buffer/buffer.md#subarray
    /// **Check.** `cargo xtask check chapter-5 buffer::subarray`
    // ANCHOR: subarray
    pub fn subarray(&self, start: i64, end: Option<i64>) -> Buffer {
        // ANCHOR: solution
        let len = self.length as i64;
        let adjust = |offset: i64| {
            if offset < 0 {
                (offset + len).max(0)
            } else {
                offset.min(len)
            }
        };
        let start = adjust(start);
        let end = end.map_or(len, adjust);
        Buffer {
            memory: self.memory.clone(),
            byte_offset: self.byte_offset + start as usize,
            length: (end - start).max(0) as usize,
        }
        // ANCHOR_END: solution
    }
    // ANCHOR_END: subarray

    /// Kata `buffer::set` — `buf[index] = value`.
    ///
    /// **Task.** Outside the window nothing happens (a typed array ignores it).
    /// Inside, store `value` the way a `Uint8Array` does (ToUint8): NaN and
    /// ±Infinity are 0, anything else is truncated toward zero and taken modulo
    /// 256, so 256 → 0, -1 → 255, 3.7 → 3, 300 → 44.
    /// **Node does.** V8's typed-array element store (ECMAScript `ToUint8`).
    /// **Book.** book/src/ch05-buffer/buffer.md#set
    /// **Check.** `cargo xtask check chapter-5 buffer::set`
    // ANCHOR: set
    pub fn set(&self, index: i64, value: f64) {
        // ANCHOR: solution
        let Ok(index) = usize::try_from(index) else {
            return;
        };
        if index < self.length {
            self.with_bytes(|bytes| bytes[index] = to_uint8(value));
        }
        // ANCHOR_END: solution
    }
    // ANCHOR_END: set

    /// Kata `buffer::write` — `buf.write(text, offset, encoding)`;
    /// returns the bytes written.
    ///
    /// **Task.** `offset > len` is [`BufferError::OutOfRange`] (name `"offset"`);
    /// an empty encoding name means utf8, an unknown one is an error. Write as
    /// much of the encoded text as fits in `len - offset` bytes, but never part
    /// of a character: utf8 stops before a character that does not fit whole,
    /// utf16le writes whole code units only. Other encodings just stop at the end.
    /// **Node does.** `Buffer.prototype.write` → `utf8Write`/`ucs2Write`… (V8's
    /// `WriteUtf8` with a capacity writes whole characters only).
    /// **Book.** book/src/ch05-buffer/buffer.md#write
    /// **Check.** `cargo xtask check chapter-5 buffer::write`
    // ANCHOR: write
    pub fn write(
        &self,
        text: &[u16],
        offset: usize,
        encoding: &str,
    ) -> Result<usize, BufferError> {
        // ANCHOR: solution
        if offset > self.length {
            return Err(BufferError::OutOfRange {
                name: "offset",
                value: offset.to_string(),
                expected: format!(">= 0 && <= {}", self.length),
            });
        }
        let encoding = if encoding.is_empty() {
            Encoding::Utf8
        } else {
            Encoding::parse(encoding)?
        };
        let room = self.length - offset;
        let bytes = match encoding {
            Encoding::Utf8 => {
                // Encode character by character and stop
                // before the first that does not fit.
                let mut bytes = Vec::new();
                for ch in char::decode_utf16(text.iter().copied()) {
                    let mut units = [0; 2];
                    let units = ch
                        .unwrap_or(char::REPLACEMENT_CHARACTER)
                        .encode_utf16(&mut units);
                    let encoded = utf8::encode(units);
                    if bytes.len() + encoded.len() > room {
                        break;
                    }
                    bytes.extend(encoded);
                }
                bytes
            }
            Encoding::Utf16le => {
                let mut bytes = encoding.encode(text);
                bytes.truncate(room / 2 * 2);
                bytes
            }
            other => {
                let mut bytes = other.encode(text);
                bytes.truncate(room);
                bytes
            }
        };
        self.with_bytes(|window| {
            window[offset..offset + bytes.len()].copy_from_slice(&bytes)
        });
        Ok(bytes.len())
        // ANCHOR_END: solution
    }
    // ANCHOR_END: write

    /// Kata `buffer::fill` — `buf.fill(value, start, end)`.
    ///
    /// **Task.** `start > len` or `end > len` is [`BufferError::OutOfRange`];
    /// `start >= end` fills nothing. A number fills with `value & 255` (the
    /// same ToUint8 as [`Buffer::set`]). A string is encoded (empty name = utf8)
    /// and its bytes repeated from `start` to `end`, cut wherever `end` falls —
    /// even inside a character. An empty string fills with zeros; a non-empty
    /// string that encodes to no bytes (`'zz'` as hex) is
    /// [`BufferError::InvalidArgValue`] (name `"value"`).
    /// **Node does.** `_fill` in `lib/buffer.js` and `Fill` in `src/node_buffer.cc`.
    /// **Book.** book/src/ch05-buffer/buffer.md#fill
    /// **Check.** `cargo xtask check chapter-5 buffer::fill`
    // ANCHOR: fill
    pub fn fill(
        &self,
        value: FillValue<'_>,
        start: usize,
        end: usize,
    ) -> Result<(), BufferError> {
        // ANCHOR: solution
        for (name, index) in [("offset", start), ("end", end)] {
            if index > self.length {
                return Err(BufferError::OutOfRange {
                    name,
                    value: index.to_string(),
                    expected: format!(">= 0 && <= {}", self.length),
                });
            }
        }
        let pattern = match value {
            FillValue::Number(n) => vec![to_uint8(n)],
            FillValue::Text { text, encoding } => {
                let encoding = if encoding.is_empty() {
                    Encoding::Utf8
                } else {
                    Encoding::parse(encoding)?
                };
                if text.is_empty() {
                    vec![0]
                } else {
                    let bytes = encoding.encode(text);
                    if bytes.is_empty() {
                        return Err(BufferError::InvalidArgValue {
                            name: "value",
                            reason: format!(
                                "{:?} encodes to no bytes in {}",
                                crate::lossy(text),
                                encoding.name()
                            ),
                        });
                    }
                    bytes
                }
            }
        };
        if start >= end {
            return Ok(());
        }
        self.with_bytes(|bytes| {
            for (slot, b) in bytes[start..end].iter_mut().zip(pattern.iter().cycle())
            {
                *slot = *b;
            }
        });
        Ok(())
        // ANCHOR_END: solution
    }
    // ANCHOR_END: fill

    /// Kata `buffer::compare` — `buf.compare(other)` / `Buffer.compare(a, b)`.
    ///
    /// **Task.** Compare byte by byte; the first difference decides. If one is
    /// a prefix of the other, the shorter is less. Node returns -1/0/1; here an
    /// [`Ordering`].
    /// **Node does.** `compare` in `src/node_buffer.cc` (`memcmp`, then the lengths).
    /// **Book.** book/src/ch05-buffer/buffer.md#compare
    /// **Check.** `cargo xtask check chapter-5 buffer::compare`
    // ANCHOR: compare
    pub fn compare(&self, other: &Buffer) -> Ordering {
        // ANCHOR: solution
        // Copy first: `self` and `other` may share one mutex-protected block.
        self.to_vec().cmp(&other.to_vec())
        // ANCHOR_END: solution
    }
    // ANCHOR_END: compare
}

/// ECMAScript ToUint8: what a `Uint8Array` stores
/// for a number (also `value & 255` in `fill`).
pub fn to_uint8(value: f64) -> u8 {
    if !value.is_finite() {
        return 0;
    }
    value.trunc().rem_euclid(256.0) as u8
}

/// Kata `buffer::concat` — `Buffer.concat(list, totalLength)`.
///
/// **Task.** An empty list gives an empty buffer at once (even with a bad
/// `total_length`). Without `total_length`, the result is as long as all the parts
/// together. With it, the value must be a whole number in `0..=MAX_LENGTH`, else
/// [`BufferError::OutOfRange`] (name `"length"`; NaN and 1.5 are not whole). Copy the
/// parts in order into a new buffer of that length: a shorter total cuts the last
/// parts off, a longer one is filled with zeros.
/// **Node does.** `Buffer.concat` in `lib/buffer.js` (`validateOffset`, then
/// `_copyActual` per part, then `fill(0)` of the tail).
/// **Book.** book/src/ch05-buffer/buffer.md#concat
/// **Check.** `cargo xtask check chapter-5 buffer::concat`
// ANCHOR: concat
pub fn concat(
    list: &[Buffer],
    total_length: Option<f64>,
) -> Result<Buffer, BufferError> {
    // ANCHOR: solution
    if list.is_empty() {
        return Ok(Buffer::alloc(0));
    }
    let length = match total_length {
        None => list.iter().map(Buffer::len).sum(),
        Some(n) if n.is_nan() || n.fract() != 0.0 => {
            return Err(BufferError::OutOfRange {
                name: "length",
                value: BufferError::js_number(n),
                expected: "an integer".to_owned(),
            });
        }
        Some(n) if n < 0.0 || n > MAX_LENGTH as f64 => {
            return Err(BufferError::OutOfRange {
                name: "length",
                value: BufferError::js_number(n),
                expected: format!(">= 0 && <= {MAX_LENGTH}"),
            });
        }
        Some(n) => n as usize,
    };
    let mut bytes = Vec::with_capacity(length);
    for part in list {
        let room = length - bytes.len();
        let part = part.to_vec();
        bytes.extend_from_slice(&part[..part.len().min(room)]);
    }
    // A longer total is zero-filled, never left with old pool contents.
    bytes.resize(length, 0);
    Ok(Buffer::from_bytes(&bytes))
    // ANCHOR_END: solution
}
// ANCHOR_END: concat

impl fmt::Debug for Buffer {
    /// Prints like Node's `util.inspect`: `<Buffer 61 62 63>`, at most 50 bytes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bytes = self.to_vec();
        write!(f, "<Buffer")?;
        for b in bytes.iter().take(50) {
            write!(f, " {b:02x}")?;
        }
        if bytes.len() > 50 {
            write!(f, " ... {} more bytes", bytes.len() - 50)?;
        }
        write!(f, ">")
    }
}
