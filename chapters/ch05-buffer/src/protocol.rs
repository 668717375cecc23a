//! The `buffer` example's protocol (provided): one JSON request per line, one JSON
//! answer per line.
//!
//! Strings travel as arrays of UTF-16 code units (`"u16": [...]`) because JSON
//! text cannot carry a lone surrogate reliably; bytes travel as lowercase hex.
//! Every answer is computed by the chapter's katas, so running the example on
//! your crate (`cargo xtask run chapter-5 buffer`) shows your Buffer, and the
//! tests compare these answers with real Node's, line for line.
//! Arguments are read the way JavaScript would read them (a missing `start`
//! is `undefined`, `null` is 0, `"2"` is 2), so odd requests behave as in Node.
//! Any failure answers `{"error":"CODE"}` with Node's code, or
//! `ERR_INVALID_REQUEST` for a line that is not a request at all.
//! Book: book/src/ch05-buffer/index.md

use serde_json::{Map, Value};

use crate::JsString;
use crate::buffer::{ArrayBuffer, Buffer, MAX_LENGTH, concat};
use crate::decoder::StringDecoder;
use crate::encoding::byte_length;
use crate::slab::{NodeLine, SlabAllocator};

/// The code answered for a line that is not a well-formed request.
pub const INVALID_REQUEST: &str = "ERR_INVALID_REQUEST";

/// Answers one request line with one JSON line (no newline at the end).
pub fn answer(line: &str) -> String {
    match respond(line) {
        Ok(json) => json,
        Err(code) => format!("{{\"error\":\"{code}\"}}"),
    }
}

/// The answer, or the error code to report.
fn respond(line: &str) -> Result<String, &'static str> {
    let request: Value = serde_json::from_str(line).map_err(|_| INVALID_REQUEST)?;
    let request = request.as_object().ok_or(INVALID_REQUEST)?;
    let op = request
        .get("op")
        .and_then(Value::as_str)
        .ok_or(INVALID_REQUEST)?;
    match op {
        "from" => {
            let text = js_string(request.get("u16"))?;
            let buffer =
                Buffer::from_string(&text, &from_encoding(request.get("encoding")))
                    .map_err(|e| e.code())?;
            Ok(bytes_answer(&buffer.to_vec()))
        }
        "byteLength" => {
            let text = js_string(request.get("u16"))?;
            let length = byte_length(&text, &from_encoding(request.get("encoding")));
            Ok(format!("{{\"byteLength\":{length}}}"))
        }
        "toString" => {
            let bytes = transport_hex(request.get("hex"))?;
            let encoding = named_encoding(request.get("encoding"));
            let start = request.get("start").map(to_number);
            let end = request.get("end").map(to_number);
            let text = Buffer::from_bytes(&bytes)
                .to_string(&encoding, start, end)
                .map_err(|e| e.code())?;
            Ok(format!("{{\"u16\":{}}}", units(&text)))
        }
        "concat" => concat_answer(request),
        "decode" => {
            // `new StringDecoder(null)` is utf8, unlike `toString(null)`.
            let encoding = match request.get("encoding") {
                Some(Value::Null) => "utf8".to_owned(),
                other => named_encoding(other),
            };
            let mut decoder = StringDecoder::new(&encoding).map_err(|e| e.code())?;
            let chunks = request
                .get("chunks")
                .and_then(Value::as_array)
                .ok_or(INVALID_REQUEST)?;
            let mut writes = Vec::with_capacity(chunks.len());
            for chunk in chunks {
                if !chunk.is_string() {
                    return Err("ERR_INVALID_ARG_TYPE");
                }
                writes.push(units(&decoder.write(&transport_hex(Some(chunk))?)));
            }
            let end = units(&decoder.end());
            Ok(format!(
                "{{\"writes\":[{}],\"end\":{end}}}",
                writes.join(",")
            ))
        }
        "slab" => slab_answer(request),
        _ => Err(INVALID_REQUEST),
    }
}

/// `Buffer.concat(list, totalLength)`, checking arguments in Node's order.
fn concat_answer(request: &Map<String, Value>) -> Result<String, &'static str> {
    let list = request
        .get("list")
        .and_then(Value::as_array)
        .ok_or("ERR_INVALID_ARG_TYPE")?;
    let total = match request.get("totalLength") {
        None => None,
        Some(Value::Number(n)) => Some(n.as_f64().ok_or(INVALID_REQUEST)?),
        // Node's validateOffset wants a number (null is not undefined).
        Some(_) if !list.is_empty() => return Err("ERR_INVALID_ARG_TYPE"),
        Some(_) => None,
    };
    // The length is checked before the parts (an empty list skips both).
    if let Some(n) = total
        && !list.is_empty()
        && (n.fract() != 0.0 || !(0.0..=MAX_LENGTH as f64).contains(&n))
    {
        return Err("ERR_OUT_OF_RANGE");
    }
    let mut parts = Vec::with_capacity(list.len());
    for part in list {
        if !part.is_string() {
            return Err("ERR_INVALID_ARG_TYPE");
        }
        parts.push(Buffer::from_bytes(&transport_hex(Some(part))?));
    }
    let joined = concat(&parts, total).map_err(|e| e.code())?;
    Ok(bytes_answer(&joined.to_vec()))
}

/// Runs a slab scenario on a fresh allocator and reports every buffer's placement.
fn slab_answer(request: &Map<String, Value>) -> Result<String, &'static str> {
    let major = match request.get("node") {
        None => 20,
        Some(v) => v.as_u64().ok_or(INVALID_REQUEST)?,
    };
    let node = u32::try_from(major)
        .ok()
        .and_then(|m| NodeLine::for_major(m).ok())
        .ok_or(INVALID_REQUEST)?;
    let script = match request.get("main_script_bytes") {
        None => 0,
        Some(v) => v.as_u64().ok_or(INVALID_REQUEST)?,
    };
    let steps = request
        .get("steps")
        .and_then(Value::as_array)
        .ok_or(INVALID_REQUEST)?;
    let mut slab = SlabAllocator::at_startup(
        node,
        usize::try_from(script).map_err(|_| INVALID_REQUEST)?,
    );
    // Pool 0 is the pool current when the script starts, even if no row uses it.
    let mut pools: Vec<ArrayBuffer> = vec![slab.pool.clone()];
    let mut rows = Vec::with_capacity(steps.len());
    for step in steps {
        let step = step.as_object().ok_or(INVALID_REQUEST)?;
        let kind = step
            .get("alloc")
            .and_then(Value::as_str)
            .ok_or(INVALID_REQUEST)?;
        let buffer = match kind {
            "from" => {
                let text = js_string(step.get("u16"))?;
                slab.from_string(&text, &from_encoding(step.get("encoding")))
                    .map_err(|e| e.code())?
            }
            "allocUnsafe" => slab.alloc_unsafe(size(step.get("length"))?),
            "alloc" => slab.alloc(size(step.get("length"))?),
            "allocUnsafeSlow" => slab.alloc_unsafe_slow(size(step.get("length"))?),
            _ => return Err(INVALID_REQUEST),
        };
        let pool = match pools.iter().position(|p| p.same_memory(&buffer.memory)) {
            Some(index) => index,
            None => {
                pools.push(buffer.memory.clone());
                pools.len() - 1
            }
        };
        rows.push(format!(
            "{{\"byteOffset\":{},\"length\":{},\"arrayBufferByteLength\":{},\"pool\":{pool}}}",
            buffer.byte_offset,
            buffer.length,
            buffer.memory.byte_length()
        ));
    }
    Ok(format!("{{\"rows\":[{}]}}", rows.join(",")))
}

/// A size argument as Node 20 validates it
/// (`validateNumber(size, 'size', 0, kMaxLength)`).
fn size(value: Option<&Value>) -> Result<usize, &'static str> {
    let n = value
        .and_then(Value::as_f64)
        .ok_or("ERR_INVALID_ARG_TYPE")?;
    if !(0.0..=MAX_LENGTH as f64).contains(&n) {
        return Err("ERR_OUT_OF_RANGE");
    }
    // A typed array's length is the whole part of the number.
    Ok(n.trunc() as usize)
}

/// A string argument: an array of code units. Anything else is not a string to Node.
fn js_string(value: Option<&Value>) -> Result<JsString, &'static str> {
    let units = value
        .and_then(Value::as_array)
        .ok_or("ERR_INVALID_ARG_TYPE")?;
    units
        .iter()
        .map(|u| {
            u.as_u64()
                .and_then(|u| u16::try_from(u).ok())
                .ok_or("ERR_INVALID_ARG_TYPE")
        })
        .collect()
}

/// The encoding for `Buffer.from`/`byteLength`: a non-string is ignored (utf8).
fn from_encoding(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(name)) => name.clone(),
        _ => String::new(),
    }
}

/// The encoding for `toString`: absent is utf8; any other non-string is
/// turned into text (`null` → `"null"`), which no encoding is called.
fn named_encoding(value: Option<&Value>) -> String {
    match value {
        None => "utf8".to_owned(),
        Some(Value::String(name)) => name.clone(),
        Some(other) => other.to_string(),
    }
}

/// JavaScript's `Number(value)` for a JSON value.
fn to_number(value: &Value) -> f64 {
    match value {
        Value::Null => 0.0,
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::Number(n) => n.as_f64().unwrap_or(f64::NAN),
        Value::String(s) if s.trim().is_empty() => 0.0,
        Value::String(s) => s.trim().parse().unwrap_or(f64::NAN),
        Value::Array(_) | Value::Object(_) => f64::NAN,
    }
}

/// Bytes sent as hex in a request (an even number
/// of hex digits), not Node's hex decoder.
fn transport_hex(value: Option<&Value>) -> Result<Vec<u8>, &'static str> {
    let text = value.and_then(Value::as_str).ok_or(INVALID_REQUEST)?;
    if text.len() % 2 != 0 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(INVALID_REQUEST);
    }
    // Not the `hex` kata: the transport must work before that kata is solved.
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).map_err(|_| INVALID_REQUEST))
        .collect()
}

/// `{"hex":"...","length":N}`.
fn bytes_answer(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        text.push_str(&format!("{b:02x}"));
    }
    format!("{{\"hex\":\"{text}\",\"length\":{}}}", bytes.len())
}

/// A JSON array of code units.
fn units(text: &[u16]) -> String {
    let items: Vec<String> = text.iter().map(u16::to_string).collect();
    format!("[{}]", items.join(","))
}
