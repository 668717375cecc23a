//! Slab allocation (Buffer的内存分配): how Node
//! carves small buffers out of an 8 KiB pool.
//!
//! Allocating memory outside V8's heap costs a trip into C++, so Node keeps one
//! pre-allocated *pool* (`Buffer.poolSize`, 8192 bytes) and hands out small
//! buffers as windows onto it, each starting at an 8-byte-aligned offset. A
//! request that does not fit in what is left starts a new pool; the old one
//! lives on as long as any of its buffers do. Big requests get memory of their own.
//! Book: book/src/ch05-buffer/slab.md

use crate::buffer::{ArrayBuffer, Buffer};
use crate::encoding::{Encoding, byte_length};
use crate::error::BufferError;

/// `Buffer.poolSize`: the size of every pool.
pub const POOL_SIZE: usize = 8192;

/// Which Node's allocator to model; they differ in two places (see
/// [`SlabAllocator`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeLine {
    /// Node 10, the notes' era: pooling decided on the exact byte length; the
    /// loader's read of the main script already sits in the first pool.
    Node10,
    /// Node 20 (and 22): pooling decided on `4 × units`
    /// first; bootstrap leaves the pool at 8.
    Node20,
}

impl NodeLine {
    /// The line for a major version: 10 → Node 10; 11 and later → Node 20's rules.
    pub fn for_major(major: u32) -> Result<NodeLine, BufferError> {
        match major {
            10 => Ok(NodeLine::Node10),
            11.. => Ok(NodeLine::Node20),
            _ => Err(BufferError::OutOfRange {
                name: "node",
                value: major.to_string(),
                expected: ">= 10".to_owned(),
            }),
        }
    }
}

/// The three states the notes give a slab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoolState {
    /// Nothing handed out yet (`poolOffset == 0`).
    Empty,
    /// Some bytes handed out, some free.
    Partial,
    /// Every byte handed out.
    Full,
}

/// Node's pool bookkeeping (`allocPool`, `poolOffset` in `lib/buffer.js`).
#[derive(Debug, Clone)]
pub struct SlabAllocator {
    /// Which Node's rules to follow.
    pub node: NodeLine,
    /// The size of each pool (`Buffer.poolSize`).
    pub pool_size: usize,
    /// The current pool (`allocPool`).
    pub pool: ArrayBuffer,
    /// The first free byte of the current pool (`poolOffset`), kept 8-aligned.
    pub pool_offset: usize,
    /// Bytes left unused in pools that were abandoned for a new one: the waste the
    /// notes warn about.
    pub wasted: usize,
}

impl SlabAllocator {
    /// A fresh pool of `pool_size` bytes, offset 0, with `node`'s rules.
    pub fn new(node: NodeLine) -> Self {
        SlabAllocator {
            node,
            pool_size: POOL_SIZE,
            pool: ArrayBuffer::zeroed(POOL_SIZE),
            pool_offset: 0,
            wasted: 0,
        }
    }

    /// `createPool()`: abandon the current pool (its
    /// free tail is wasted) and start a new one.
    pub fn create_pool(&mut self) {
        self.wasted += self.pool_size - self.pool_offset;
        self.pool = ArrayBuffer::zeroed(self.pool_size);
        self.pool_offset = 0;
    }

    /// `alignPool()`: round the offset up to the next multiple of 8.
    pub fn align_pool(&mut self) {
        self.pool_offset = self.pool_offset.next_multiple_of(8);
    }

    /// A window of `length` bytes at the current offset (no bookkeeping).
    pub fn window(&self, length: usize) -> Buffer {
        Buffer {
            memory: self.pool.clone(),
            byte_offset: self.pool_offset,
            length,
        }
    }

    /// `Buffer.alloc(size)`: zeroed memory of its own, never pooled.
    pub fn alloc(&mut self, size: usize) -> Buffer {
        Buffer::alloc(size)
    }

    /// `Buffer.allocUnsafeSlow(size)`: memory of its own, never pooled.
    pub fn alloc_unsafe_slow(&mut self, size: usize) -> Buffer {
        Buffer::alloc(size)
    }

    /// Kata `slab::at_startup` — the pool as a user script first sees it.
    ///
    /// **Task.** Start from [`SlabAllocator::new`]. Node 20 has used 8 bytes of
    /// the first pool during bootstrap, so its offset is 8, whatever the script.
    /// Node 10 read the main script with `fs.readFileSync`, which took
    /// `allocUnsafe(main_script_bytes)`: when that is pooled (more than 0 and
    /// less than half the pool) the offset is `main_script_bytes` rounded up to 8.
    /// **Node does.** Measured with `Buffer.allocUnsafe(1).byteOffset` as a
    /// script's first line: 8 on Node 20 and 22, `align8(size)` on Node 10.
    /// **Book.** book/src/ch05-buffer/slab.md#at-startup
    /// **Check.** `cargo xtask check chapter-5 slab::at_startup`
    // ANCHOR: at_startup
    pub fn at_startup(node: NodeLine, main_script_bytes: usize) -> Self {
        todo!("kata slab::at_startup")
    }
    // ANCHOR_END: at_startup

    /// Kata `slab::alloc_unsafe` — `Buffer.allocUnsafe(size)`.
    ///
    /// **Task.** `Buffer.allocUnsafe(size)`: small buffers (under half
    /// the pool) are windows carved one after another out of the shared
    /// pool, each starting at an 8-byte-aligned offset, and a new pool
    /// is started when the rest does not fit; zero bytes and larger
    /// sizes get memory of their own, leaving the pool as it was.
    /// **Node does.** `allocate(size)` in `lib/buffer.js`.
    /// **Book.** book/src/ch05-buffer/slab.md#alloc-unsafe
    /// **Check.** `cargo xtask check chapter-5 slab::alloc_unsafe`
    // ANCHOR: alloc_unsafe
    pub fn alloc_unsafe(&mut self, size: usize) -> Buffer {
        todo!("kata slab::alloc_unsafe")
    }
    // ANCHOR_END: alloc_unsafe

    /// Kata `slab::from_string` — where `Buffer.from(text, encoding)` puts its bytes.
    ///
    /// **Task.** `Buffer.from(text, encoding)` as Node 10 or 20 allocates
    /// it: the same bytes as [`Buffer::from_string`], carved from the pool
    /// when Node would pool them and in memory of their own otherwise. Node
    /// decides from a *planned* length before encoding — the exact
    /// [`byte_length`] on Node 10, an estimate on Node 20 — and advances the
    /// pool by the bytes really written. The planned length is what the pool
    /// state shows; an empty name means utf8, an unknown one is an error.
    /// **Node does.** `fromStringFast` and `createFromString` (`lib/buffer.js`,
    /// `src/node_buffer.cc`).
    /// **Book.** book/src/ch05-buffer/slab.md#from-string
    /// **Check.** `cargo xtask check chapter-5 slab::from_string`
    // ANCHOR: from_string
    pub fn from_string(
        &mut self,
        text: &[u16],
        encoding: &str,
    ) -> Result<Buffer, BufferError> {
        todo!("kata slab::from_string")
    }
    // ANCHOR_END: from_string

    /// Kata `slab::state` — which of the notes' three states the current pool is in.
    ///
    /// **Task.** Offset 0 is [`PoolState::Empty`], an offset at the pool's size
    /// [`PoolState::Full`], anything between [`PoolState::Partial`].
    /// **Node does.** Node does not name the states;
    /// the notes do (full / partial / empty).
    /// **Book.** book/src/ch05-buffer/slab.md#state
    /// **Check.** `cargo xtask check chapter-5 slab::state`
    // ANCHOR: state
    pub fn state(&self) -> PoolState {
        todo!("kata slab::state")
    }
    // ANCHOR_END: state
}
