//! WebSocket frames (数据帧): the two-to-fourteen-byte
//! header in front of every payload.
//!
//! ```text
//! byte 0: FIN RSV1 RSV2 RSV3 opcode(4)   byte 1: MASK len(7)
//! len 126 → 16-bit length follows; 127 → 64-bit length follows (top bit 0)
//! then the 4-byte masking key if MASK, then the payload (XOR-ed with the key)
//! ```
//! Node's `ws` package (and Node 22's built-in client, undici) read and write
//! exactly this; RFC 6455 §5.2.
//! Book: book/src/ch06-networking/websocket.md

use std::fmt;

/// Opcode 0: a continuation of a fragmented message.
pub const CONTINUATION: u8 = 0x0;
/// Opcode 1: a text message (UTF-8).
pub const TEXT: u8 = 0x1;
/// Opcode 2: a binary message.
pub const BINARY: u8 = 0x2;
/// Opcode 8: close, with an optional 2-byte status code and a UTF-8 reason.
pub const CLOSE: u8 = 0x8;
/// Opcode 9: ping; the peer answers with a pong carrying the same payload.
pub const PING: u8 = 0x9;
/// Opcode 10: pong.
pub const PONG: u8 = 0xA;

/// One frame, payload already unmasked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// Last fragment of its message.
    pub fin: bool,
    /// The three reserved bits as a number 0–7 (RSV1 is 4); extensions use them.
    pub rsv: u8,
    /// One of the opcode constants.
    pub opcode: u8,
    /// The masking key: clients must send one, servers must not.
    pub mask: Option<[u8; 4]>,
    /// The application data, unmasked.
    pub payload: Vec<u8>,
}

impl Frame {
    /// A final, unmasked frame (what a server sends).
    pub fn new(opcode: u8, payload: impl Into<Vec<u8>>) -> Frame {
        Frame {
            fin: true,
            rsv: 0,
            opcode,
            mask: None,
            payload: payload.into(),
        }
    }

    /// True for close, ping and pong (opcodes 8 and up).
    pub fn is_control(&self) -> bool {
        self.opcode & 0x8 != 0
    }
}

/// A frame that cannot be written or read;
/// [`FrameError::code`] names it in the `ws` example.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameError {
    /// The bytes end before the frame does (`truncated`).
    Truncated,
    /// Opcode 3–7 or 11–15, or a number above 15 (`reserved_opcode`).
    ReservedOpcode,
    /// RSV above 7 (`invalid_rsv`; only when encoding).
    InvalidRsv,
    /// A control frame with more than 125 bytes of payload (`control_too_long`).
    ControlTooLong,
    /// A control frame without FIN (`control_fragmented`).
    ControlFragmented,
    /// A 64-bit length with its top bit set (`length_overflow`).
    LengthOverflow,
    /// A length written in more bytes than needed (`non_minimal_length`): RFC 6455
    /// says the minimal form MUST be used.
    NonMinimalLength,
    /// A payload larger than the receiver allows (`too_big`, close code 1009).
    TooBig,
    /// Bytes left after one whole frame (`trailing_bytes`; only in the `ws` example).
    TrailingBytes,
}

impl FrameError {
    /// The stable name the `ws` example prints.
    pub fn code(self) -> &'static str {
        match self {
            FrameError::Truncated => "truncated",
            FrameError::ReservedOpcode => "reserved_opcode",
            FrameError::InvalidRsv => "invalid_rsv",
            FrameError::ControlTooLong => "control_too_long",
            FrameError::ControlFragmented => "control_fragmented",
            FrameError::LengthOverflow => "length_overflow",
            FrameError::NonMinimalLength => "non_minimal_length",
            FrameError::TooBig => "too_big",
            FrameError::TrailingBytes => "trailing_bytes",
        }
    }

    /// The close code a peer sends for this error:
    /// 1009 for a message too big, else 1002.
    pub fn close_code(self) -> u16 {
        match self {
            FrameError::TooBig => 1009,
            _ => 1002,
        }
    }
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid WebSocket frame: {}", self.code())
    }
}

impl std::error::Error for FrameError {}

/// True for the six opcodes RFC 6455 defines.
pub fn is_known_opcode(opcode: u8) -> bool {
    matches!(opcode, CONTINUATION | TEXT | BINARY | CLOSE | PING | PONG)
}

/// Kata `frame::encode` — the bytes of one frame.
///
/// **Task.** Refuse what RFC 6455 forbids ([`FrameError`]: unknown opcode, RSV
/// above 7, a control frame over 125 bytes or without FIN). Write FIN, RSV and
/// the opcode, then the MASK bit and the length in the shortest form (7 bits up
/// to 125, then 126 + 16 bits, then 127 + 64 bits, big-endian), then the key
/// and the payload XOR-ed with it (byte `i` with `key[i % 4]`), or the plain
/// payload when there is no key.
/// **Node does.** `Sender.frame` in the `ws` package (`lib/sender.js`).
/// **Book.** book/src/ch06-networking/websocket.md#encode
/// **Check.** `cargo xtask check chapter-6 frame::encode`
// ANCHOR: encode
pub fn encode(frame: &Frame) -> Result<Vec<u8>, FrameError> {
    todo!("kata frame::encode")
}
// ANCHOR_END: encode

/// Kata `frame::decode` — read one frame from the front of `buf`.
///
/// **Task.** `Ok(None)` while `buf` holds less than a whole frame;
/// `Ok(Some((frame, n)))` with the payload unmasked and `n` the frame's size.
/// Refuse, as soon as the header shows it: an unknown opcode, a control frame
/// without FIN or longer than 125, a 64-bit length with the top bit set, a
/// length not in its shortest form, a payload longer than `max_payload`
/// ([`FrameError::TooBig`]). RSV bits and the mask are reported, not judged:
/// which are allowed depends on the connection.
/// **Node does.** `Receiver.getInfo`, `getPayloadLength16/64` and `getMask`
/// in the `ws` package (`lib/receiver.js`).
/// **Book.** book/src/ch06-networking/websocket.md#decode
/// **Check.** `cargo xtask check chapter-6 frame::decode`
// ANCHOR: decode
pub fn decode(
    buf: &[u8],
    max_payload: u64,
) -> Result<Option<(Frame, usize)>, FrameError> {
    todo!("kata frame::decode")
}
// ANCHOR_END: decode
