//! Heap programs (堆程序): the `heap` example's JSON lines, run against your katas.
//!
//! One JSON object per line:
//!
//! ```text
//! {"op":"alloc","id":"a","size":64}    allocate (may trigger a collection)
//! {"op":"ref","from":"a","to":"b"}     store a reference, through the write barrier
//! {"op":"unref","from":"a","to":"b"}   drop one such reference
//! {"op":"root","id":"a"}               make `a` a root
//! {"op":"unroot","id":"a"}             stop rooting it
//! {"op":"scavenge"}                    collect new space
//! {"op":"full"}                        full collection (sweep or compact as the heap decides)
//! {"op":"live"}                        print {"new":[…],"old":[…],"large":[…]}
//! ```
//!
//! Every collection prints its `--trace-gc`-shaped line ([`crate::trace::line`]).
//! A bad line prints `{"error":"CODE","line":N}` (N counts from 1) and the
//! program goes on. Ids name objects only while they live: once collected,
//! an id is unknown again (and may be allocated afresh).
//! This file is provided; it only calls the katas.
//! Book: book/src/ch04-memory/trace.md

use serde_json::{Map, Value};

use crate::heap::Heap;
use crate::trace;

/// Objects larger than this are refused (`BAD_SIZE`): a toy heap has no use
/// for them and sums of sizes must not overflow.
pub const MAX_SIZE: u64 = 1 << 32;

/// Why a line was refused; [`LineError::code`] is what the example prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineError {
    /// Not JSON, or not a JSON object.
    BadJson,
    /// `op` missing or not one of the eight.
    UnknownOp,
    /// A field the op needs is missing or has the wrong type.
    BadField,
    /// `size` is not a whole number in `0..=MAX_SIZE`.
    BadSize,
    /// An id names no live object.
    UnknownId,
    /// `alloc` with an id that a live object already has.
    DuplicateId,
    /// `unref` of a reference that does not exist, or `unroot` of a non-root.
    NotFound,
}

impl LineError {
    /// The code printed in `{"error":"CODE","line":N}`.
    pub fn code(self) -> &'static str {
        match self {
            LineError::BadJson => "BAD_JSON",
            LineError::UnknownOp => "UNKNOWN_OP",
            LineError::BadField => "BAD_FIELD",
            LineError::BadSize => "BAD_SIZE",
            LineError::UnknownId => "UNKNOWN_ID",
            LineError::DuplicateId => "DUPLICATE_ID",
            LineError::NotFound => "NOT_FOUND",
        }
    }
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A heap and the program's position in its input.
#[derive(Debug, Clone)]
pub struct Runner {
    /// The heap the program runs on.
    pub heap: Heap,
    /// Lines read so far.
    pub line_number: usize,
}

impl Runner {
    /// A runner over an empty heap with semispaces of `semispace` bytes.
    pub fn new(semispace: usize) -> Runner {
        Runner {
            heap: Heap::new(semispace),
            line_number: 0,
        }
    }

    /// Runs one line; returns what to print (trace lines, a live line, or an error
    /// line). Blank lines are skipped silently but still counted.
    pub fn line(&mut self, text: &str) -> Vec<String> {
        self.line_number += 1;
        if text.trim().is_empty() {
            return Vec::new();
        }
        let first_new_event = self.heap.log.len();
        let result = self.execute(text);
        let mut out: Vec<String> = self.heap.log[first_new_event..]
            .iter()
            .map(trace::line)
            .collect();
        match result {
            Ok(Some(live)) => out.push(live),
            Ok(None) => {}
            Err(error) => out.push(error_line(error.code(), self.line_number)),
        }
        out
    }

    /// Runs a whole program; returns every printed line.
    pub fn run(&mut self, program: &str) -> Vec<String> {
        program.lines().flat_map(|l| self.line(l)).collect()
    }

    fn execute(&mut self, text: &str) -> Result<Option<String>, LineError> {
        let value: Value =
            serde_json::from_str(text).map_err(|_| LineError::BadJson)?;
        let fields = value.as_object().ok_or(LineError::BadJson)?;
        let op = fields
            .get("op")
            .and_then(Value::as_str)
            .ok_or(LineError::UnknownOp)?;
        match op {
            "alloc" => {
                let id = string(fields, "id")?;
                let size = fields
                    .get("size")
                    .ok_or(LineError::BadField)?
                    .as_u64()
                    .filter(|&s| s <= MAX_SIZE)
                    .ok_or(LineError::BadSize)?;
                if self.heap.find(id).is_some() {
                    return Err(LineError::DuplicateId);
                }
                self.heap.allocate(id, size as usize);
                Ok(None)
            }
            "ref" | "unref" => {
                let from = self.id(fields, "from")?;
                let to = self.id(fields, "to")?;
                let done = if op == "ref" {
                    self.heap.write_ref(from, to)
                } else {
                    self.heap.unlink(from, to)
                };
                if done {
                    Ok(None)
                } else {
                    Err(LineError::NotFound)
                }
            }
            "root" => {
                let addr = self.id(fields, "id")?;
                self.heap.add_root(addr);
                Ok(None)
            }
            "unroot" => {
                let addr = self.id(fields, "id")?;
                if self.heap.remove_root(addr) {
                    Ok(None)
                } else {
                    Err(LineError::NotFound)
                }
            }
            "scavenge" => {
                let event = self.heap.scavenge("requested");
                self.heap.record(event);
                Ok(None)
            }
            "full" => {
                let event = self.heap.collect("requested");
                self.heap.record(event);
                Ok(None)
            }
            "live" => Ok(Some(live_line(&self.heap))),
            _ => Err(LineError::UnknownOp),
        }
    }

    fn id(
        &self,
        fields: &Map<String, Value>,
        key: &str,
    ) -> Result<crate::heap::Addr, LineError> {
        let name = string(fields, key)?;
        self.heap.find(name).ok_or(LineError::UnknownId)
    }
}

fn string<'a>(
    fields: &'a Map<String, Value>,
    key: &str,
) -> Result<&'a str, LineError> {
    fields
        .get(key)
        .and_then(Value::as_str)
        .ok_or(LineError::BadField)
}

/// `{"error":"CODE","line":N}`.
pub fn error_line(code: &str, line: usize) -> String {
    format!("{{\"error\":{},\"line\":{line}}}", Value::from(code))
}

/// `{"new":[…],"old":[…],"large":[…]}` with each list sorted.
pub fn live_line(heap: &Heap) -> String {
    // Written by hand: serde_json's map would sort the keys, and the line's
    // order (new, old, large) is the generations' order.
    let live = heap.live();
    let list = |names: &[String]| Value::from(names.to_vec()).to_string();
    format!(
        "{{\"new\":{},\"old\":{},\"large\":{}}}",
        list(&live.new),
        list(&live.old),
        list(&live.large)
    )
}
