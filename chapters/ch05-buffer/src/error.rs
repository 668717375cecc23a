//! Errors (错误): what Node throws for bad Buffer arguments, as one typed enum.
//!
//! Node's errors carry a `code` (`ERR_UNKNOWN_ENCODING`…); [`BufferError::code`]
//! returns the same string, which is what the `buffer` example prints.
//! Book: book/src/ch05-buffer/buffer.md

use std::fmt;

/// Everything a Buffer operation in this chapter can refuse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BufferError {
    /// The encoding name is not one Node knows (`ERR_UNKNOWN_ENCODING`).
    UnknownEncoding {
        /// The name as given.
        name: String,
    },
    /// A number is outside the range Node accepts (`ERR_OUT_OF_RANGE`).
    OutOfRange {
        /// The argument's name, as in Node's message (`"length"`, `"offset"`).
        name: &'static str,
        /// The value given, as JavaScript would print it.
        value: String,
        /// What Node requires, e.g. `">= 0 && <= 4294967296"`.
        expected: String,
    },
    /// An argument has the wrong type (`ERR_INVALID_ARG_TYPE`).
    InvalidArgType {
        /// The argument's name (`"list[2]"`).
        name: String,
        /// What Node wanted there.
        expected: &'static str,
    },
    /// An argument has the right type but a value Node refuses
    /// (`ERR_INVALID_ARG_VALUE`).
    InvalidArgValue {
        /// The argument's name.
        name: &'static str,
        /// Why it is refused.
        reason: String,
    },
}

impl BufferError {
    /// Node's `error.code` for this error.
    pub fn code(&self) -> &'static str {
        match self {
            BufferError::UnknownEncoding { .. } => "ERR_UNKNOWN_ENCODING",
            BufferError::OutOfRange { .. } => "ERR_OUT_OF_RANGE",
            BufferError::InvalidArgType { .. } => "ERR_INVALID_ARG_TYPE",
            BufferError::InvalidArgValue { .. } => "ERR_INVALID_ARG_VALUE",
        }
    }

    /// A JavaScript-style rendering of a number for messages (`1.5`, `-1`, `NaN`).
    pub fn js_number(value: f64) -> String {
        if value.is_nan() {
            "NaN".to_owned()
        } else if value.fract() == 0.0 && value.abs() < 1e21 {
            format!("{value:.0}")
        } else {
            value.to_string()
        }
    }
}

impl fmt::Display for BufferError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BufferError::UnknownEncoding { name } => {
                write!(f, "unknown encoding: {name:?}")
            }
            BufferError::OutOfRange {
                name,
                value,
                expected,
            } => write!(
                f,
                "the value of {name:?} is out of range: it must be {expected}, received {value}"
            ),
            BufferError::InvalidArgType { name, expected } => {
                write!(f, "the {name:?} argument must be {expected}")
            }
            BufferError::InvalidArgValue { name, reason } => {
                write!(f, "the argument {name:?} is invalid: {reason}")
            }
        }
    }
}

impl std::error::Error for BufferError {}
