//! JSON as JavaScript sees it (provided): `JSON.parse`
//! and `JSON.stringify`, small and exact.
//!
//! Emitter scripts are JSON lines, and the replayer prints listener arguments
//! the way Node's `JSON.stringify` does, so the two outputs can be compared
//! byte for byte. Three JavaScript habits matter and a general-purpose JSON
//! crate does not keep them: every number is an `f64` printed like
//! `Number.prototype.toString` (`1.0` prints `1`, `1e21` prints `1e+21`); an
//! object keeps its keys in insertion order, except that integer-like keys
//! (`"2"`, `"10"`) come first in ascending order; a repeated key keeps its
//! first position and its last value.
//! Book: book/src/ch03-async-patterns/emitter-script.md

use std::fmt;

/// A JSON value with JavaScript's semantics.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// Every JSON number becomes an `f64`, as in JavaScript.
    Number(f64),
    /// A string (lone surrogates are refused: Rust strings cannot hold them).
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object's properties in insertion order; [`Json::to_js_string`] applies
    /// JavaScript's key order.
    Object(Vec<(String, Json)>),
}

/// Why a text is not JSON, with the byte offset where reading stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// Byte offset into the text.
    pub offset: usize,
    /// What was expected or found there.
    pub message: String,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.message, self.offset)
    }
}

impl std::error::Error for JsonError {}

impl Json {
    /// Parses one JSON text (surrounding whitespace allowed), like `JSON.parse`.
    pub fn parse(text: &str) -> Result<Json, JsonError> {
        let mut parser = Parser {
            bytes: text.as_bytes(),
            text,
            at: 0,
            depth: 0,
        };
        let value = parser.value()?;
        parser.skip_whitespace();
        if parser.at != text.len() {
            return Err(parser.error("unexpected text after the value"));
        }
        Ok(value)
    }

    /// The value of property `key`, if this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(properties) => {
                properties.iter().find(|(k, _)| k == key).map(|(_, v)| v)
            }
            _ => None,
        }
    }

    /// The text `JSON.stringify` prints for this value.
    pub fn to_js_string(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => out.push_str(&js_number(*n)),
            Json::String(s) => write_string(s, out),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Json::Object(properties) => {
                out.push('{');
                for (i, (key, value)) in
                    js_key_order(properties).into_iter().enumerate()
                {
                    if i > 0 {
                        out.push(',');
                    }
                    write_string(key, out);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// True for the keys JavaScript treats as array
/// indices (`"0"`, `"42"`, not `"01"` or `"-1"`).
///
/// Property lists (`Object.keys`, `Reflect.ownKeys`, `JSON.stringify`) put
/// these first, in ascending numeric order, then every other key in insertion order.
pub fn is_array_index(key: &str) -> bool {
    let canonical = key == "0" || (!key.starts_with('0') && !key.is_empty());
    canonical
        && key.bytes().all(|b| b.is_ascii_digit())
        && key.parse::<u64>().is_ok_and(|n| n < u64::from(u32::MAX))
}

/// Orders `properties` the way JavaScript lists an object's keys.
pub fn js_key_order<T>(properties: &[(String, T)]) -> Vec<(&String, &T)> {
    let mut indices: Vec<(&String, &T)> = properties
        .iter()
        .filter(|(k, _)| is_array_index(k))
        .map(|(k, v)| (k, v))
        .collect();
    indices.sort_by_key(|(k, _)| k.parse::<u64>().unwrap_or(u64::MAX));
    indices.extend(
        properties
            .iter()
            .filter(|(k, _)| !is_array_index(k))
            .map(|(k, v)| (k, v)),
    );
    indices
}

/// `Number.prototype.toString()` for a finite `f64`;
/// non-finite numbers print `null` as in JSON.
pub fn js_number(n: f64) -> String {
    if !n.is_finite() {
        return "null".to_owned();
    }
    if n == 0.0 {
        // Both zeros print "0".
        return "0".to_owned();
    }
    // Rust's `{:e}` gives the shortest round-trip digits, as JavaScript does;
    // only the layout differs.
    let sci = format!("{:e}", n.abs());
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let k = digits.len() as i32;
    let point = exponent + 1;
    // ECMA-262 Number::toString: `point` is n, the decimal point's position.
    let body = if k <= point && point <= 21 {
        format!("{}{}", digits, "0".repeat((point - k) as usize))
    } else if 0 < point && point <= 21 {
        format!(
            "{}.{}",
            &digits[..point as usize],
            &digits[point as usize..]
        )
    } else if -6 < point && point <= 0 {
        format!("0.{}{}", "0".repeat((-point) as usize), digits)
    } else {
        let sign = if point - 1 < 0 { '-' } else { '+' };
        let magnitude = (point - 1).abs();
        if k == 1 {
            format!("{digits}e{sign}{magnitude}")
        } else {
            format!("{}.{}e{sign}{magnitude}", &digits[..1], &digits[1..])
        }
    };
    if n < 0.0 { format!("-{body}") } else { body }
}

fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Nesting deeper than this is refused rather than risking the stack.
const MAX_NESTING: usize = 128;

struct Parser<'a> {
    bytes: &'a [u8],
    text: &'a str,
    at: usize,
    depth: usize,
}

impl Parser<'_> {
    fn error(&self, message: &str) -> JsonError {
        JsonError {
            offset: self.at,
            message: message.to_owned(),
        }
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn eat(&mut self, literal: &str) -> bool {
        if self.text[self.at..].starts_with(literal) {
            self.at += literal.len();
            true
        } else {
            false
        }
    }

    fn value(&mut self) -> Result<Json, JsonError> {
        self.skip_whitespace();
        match self.bytes.get(self.at) {
            None => Err(self.error("expected a value, found the end")),
            Some(b'n') if self.eat("null") => Ok(Json::Null),
            Some(b't') if self.eat("true") => Ok(Json::Bool(true)),
            Some(b'f') if self.eat("false") => Ok(Json::Bool(false)),
            Some(b'"') => self.string().map(Json::String),
            Some(b'[') => self.nested(Self::array),
            Some(b'{') => self.nested(Self::object),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("expected a value")),
        }
    }

    fn nested(
        &mut self,
        read: fn(&mut Self) -> Result<Json, JsonError>,
    ) -> Result<Json, JsonError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(self.error("nested too deeply"));
        }
        let value = read(self);
        self.depth -= 1;
        value
    }

    fn array(&mut self) -> Result<Json, JsonError> {
        self.at += 1;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.eat("]") {
            return Ok(Json::Array(items));
        }
        loop {
            items.push(self.value()?);
            self.skip_whitespace();
            if self.eat("]") {
                return Ok(Json::Array(items));
            }
            if !self.eat(",") {
                return Err(self.error("expected ',' or ']'"));
            }
        }
    }

    fn object(&mut self) -> Result<Json, JsonError> {
        self.at += 1;
        let mut properties: Vec<(String, Json)> = Vec::new();
        self.skip_whitespace();
        if self.eat("}") {
            return Ok(Json::Object(properties));
        }
        loop {
            self.skip_whitespace();
            if self.bytes.get(self.at) != Some(&b'"') {
                return Err(self.error("expected a property name"));
            }
            let key = self.string()?;
            self.skip_whitespace();
            if !self.eat(":") {
                return Err(self.error("expected ':'"));
            }
            let value = self.value()?;
            // A repeated key keeps its first position and takes the last value.
            match properties.iter_mut().find(|(k, _)| *k == key) {
                Some((_, old)) => *old = value,
                None => properties.push((key, value)),
            }
            self.skip_whitespace();
            if self.eat("}") {
                return Ok(Json::Object(properties));
            }
            if !self.eat(",") {
                return Err(self.error("expected ',' or '}'"));
            }
        }
    }

    fn number(&mut self) -> Result<Json, JsonError> {
        let start = self.at;
        let digits = |p: &mut Self| {
            let from = p.at;
            while p.bytes.get(p.at).is_some_and(u8::is_ascii_digit) {
                p.at += 1;
            }
            p.at - from
        };
        self.eat("-");
        let int_start = self.at;
        let int_digits = digits(self);
        if int_digits == 0 || (int_digits > 1 && self.bytes[int_start] == b'0') {
            return Err(self.error("malformed number"));
        }
        if self.eat(".") && digits(self) == 0 {
            return Err(self.error("malformed number"));
        }
        if matches!(self.bytes.get(self.at), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.bytes.get(self.at), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if digits(self) == 0 {
                return Err(self.error("malformed number"));
            }
        }
        self.text[start..self.at]
            .parse()
            .map(Json::Number)
            .map_err(|_| self.error("malformed number"))
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.text[self.at..].chars().next() else {
                return Err(self.error("unterminated string"));
            };
            self.at += c.len_utf8();
            match c {
                '"' => return Ok(out),
                '\\' => out.push(self.escape()?),
                c if (c as u32) < 0x20 => {
                    return Err(self.error("control character in a string"));
                }
                c => out.push(c),
            }
        }
    }

    fn escape(&mut self) -> Result<char, JsonError> {
        let Some(&b) = self.bytes.get(self.at) else {
            return Err(self.error("unterminated escape"));
        };
        self.at += 1;
        Ok(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let high = self.hex4()?;
                if (0xD800..0xDC00).contains(&high) {
                    if !self.eat("\\u") {
                        return Err(self.error("lone surrogate in a string"));
                    }
                    let low = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return Err(self.error("lone surrogate in a string"));
                    }
                    let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                    char::from_u32(code)
                        .ok_or_else(|| self.error("bad surrogate pair"))?
                } else {
                    char::from_u32(high)
                        .ok_or_else(|| self.error("lone surrogate in a string"))?
                }
            }
            _ => return Err(self.error("unknown escape")),
        })
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let hex = self
            .text
            .get(self.at..self.at + 4)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.error("expected four hex digits"))?;
        self.at += 4;
        u32::from_str_radix(hex, 16)
            .map_err(|_| self.error("expected four hex digits"))
    }
}
