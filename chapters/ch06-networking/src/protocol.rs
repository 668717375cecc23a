//! The `ws` example's JSON-lines protocol (provided):
//! one request per line, one answer each.
//!
//! `{"op":"accept","key":K}` → `{"accept":A}`;
//! `{"op":"encode","fin":…,"rsv":…,"opcode":…,"mask_hex":…|null,"payload_hex":…}` →
//! `{"frame_hex":…}`; `{"op":"decode","frame_hex":…}` → the frame's fields, or
//! `{"error":CODE}` with the codes of [`crate::frame::FrameError::code`], plus
//! `invalid_json`, `bad_request`, `unknown_op` and `bad_hex` for lines that are not
//! requests. Book: book/src/ch06-networking/websocket.md

use serde_json::Value;

use crate::frame::{self, Frame};
use crate::websocket;

/// The answer to one request line (never panics, whatever the line holds).
pub fn answer(line: &str) -> String {
    match answer_value(line) {
        Ok(answer) => answer,
        Err(code) => format!(r#"{{"error":"{code}"}}"#),
    }
}

fn answer_value(line: &str) -> Result<String, &'static str> {
    let request: Value = serde_json::from_str(line).map_err(|_| "invalid_json")?;
    let op = request
        .get("op")
        .and_then(Value::as_str)
        .ok_or("bad_request")?;
    match op {
        "accept" => {
            let key = request
                .get("key")
                .and_then(Value::as_str)
                .ok_or("bad_request")?;
            Ok(format!(
                r#"{{"accept":{}}}"#,
                Value::from(websocket::accept_key(key))
            ))
        }
        "encode" => {
            let fin = match request.get("fin") {
                None => true,
                Some(v) => v.as_bool().ok_or("bad_request")?,
            };
            let rsv = small_number(request.get("rsv").unwrap_or(&Value::from(0)))?;
            let opcode = small_number(request.get("opcode").ok_or("bad_request")?)?;
            let mask = match request.get("mask_hex") {
                None | Some(Value::Null) => None,
                Some(Value::String(text)) => {
                    let bytes = from_hex(text)?;
                    let key: [u8; 4] = bytes.try_into().map_err(|_| "bad_request")?;
                    Some(key)
                }
                Some(_) => return Err("bad_request"),
            };
            let payload = from_hex(
                request
                    .get("payload_hex")
                    .and_then(Value::as_str)
                    .ok_or("bad_request")?,
            )?;
            let frame = Frame {
                fin,
                rsv,
                opcode,
                mask,
                payload,
            };
            let bytes = frame::encode(&frame).map_err(|e| e.code())?;
            Ok(format!(r#"{{"frame_hex":"{}"}}"#, to_hex(&bytes)))
        }
        "decode" => {
            let bytes = from_hex(
                request
                    .get("frame_hex")
                    .and_then(Value::as_str)
                    .ok_or("bad_request")?,
            )?;
            let (frame, used) = frame::decode(&bytes, u64::MAX >> 1)
                .map_err(|e| e.code())?
                .ok_or(frame::FrameError::Truncated.code())?;
            if used != bytes.len() {
                return Err(frame::FrameError::TrailingBytes.code());
            }
            let mask = frame
                .mask
                .map_or("null".to_owned(), |key| format!("\"{}\"", to_hex(&key)));
            Ok(format!(
                r#"{{"fin":{},"rsv":{},"opcode":{},"mask_hex":{mask},"payload_hex":"{}"}}"#,
                frame.fin,
                frame.rsv,
                frame.opcode,
                to_hex(&frame.payload)
            ))
        }
        _ => Err("unknown_op"),
    }
}

/// A JSON integer 0–255; larger numbers are left for `frame::encode` to refuse.
fn small_number(value: &Value) -> Result<u8, &'static str> {
    let n = value.as_u64().ok_or("bad_request")?;
    // 255 is out of every range the frame accepts, so encode refuses it by name.
    Ok(u8::try_from(n).unwrap_or(u8::MAX))
}

/// Lowercase hex.
pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Hex in either case, even length; anything else is `bad_hex`.
pub fn from_hex(text: &str) -> Result<Vec<u8>, &'static str> {
    if text.len() % 2 != 0 {
        return Err("bad_hex");
    }
    text.as_bytes()
        .chunks_exact(2)
        .map(|pair| {
            let digits = std::str::from_utf8(pair).map_err(|_| "bad_hex")?;
            u8::from_str_radix(digits, 16).map_err(|_| "bad_hex")
        })
        .collect()
}
