//! Responses (响应报文): the status line, headers and body a server writes back.
//!
//! Node's `ServerResponse` adds headers the handler did not set: `Date`,
//! `Connection`, `Keep-Alive`, and either `Content-Length` (when `res.end(data)`
//! knows the whole body) or `Transfer-Encoding: chunked` (when it does not).
//! Book: book/src/ch06-networking/http.md

use std::time::{SystemTime, UNIX_EPOCH};

use crate::chunked;

/// What a handler answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The status code (`200`).
    pub status: u16,
    /// Headers the handler set, written first and in this order.
    pub headers: Vec<(String, String)>,
    /// The body, whole or in chunks.
    pub body: Body,
}

/// A response body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Known in full: framed by `Content-Length` (Node's `res.end(data)`).
    Full(Vec<u8>),
    /// Written piece by piece: framed with the chunked coding (Node's
    /// `res.write()`s).
    Chunked(Vec<Vec<u8>>),
}

impl Response {
    /// A response with `status`, no headers and a whole `body`.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body: Body::Full(body.into()),
        }
    }

    /// Adds a header (builder style).
    pub fn with_header(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }
}

/// What the connection knows that the handler does not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    /// The request was `HEAD`: write the headers a `GET` would get, but no body.
    pub head_request: bool,
    /// The connection stays open after this response.
    pub keep_alive: bool,
    /// Seconds an idle kept-alive connection stays
    /// open (`server.keepAliveTimeout`, 5 s).
    pub keep_alive_timeout: u64,
    /// The `Date` header's value ([`http_date`]); empty leaves it out.
    pub date: String,
}

/// The reason phrase Node writes for `status` (`http.STATUS_CODES`), for the ones
/// this chapter uses.
pub fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        101 => "Switching Protocols",
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        304 => "Not Modified",
        400 => "Bad Request",
        404 => "Not Found",
        408 => "Request Timeout",
        413 => "Payload Too Large",
        417 => "Expectation Failed",
        426 => "Upgrade Required",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        _ => "Unknown",
    }
}

/// The exact bytes Node writes before destroying a connection it refuses:
/// `socketOnError` in `lib/_http_server.js` (no `Date`, no body).
pub fn refusal(status: u16) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status} {}\r\nConnection: close\r\n\r\n",
        reason(status)
    )
    .into_bytes()
}

/// An IMF-fixdate (`Fri, 04 Dec 2026 16:35:30 GMT`),
/// the format of Node's `Date` header.
pub fn http_date(time: SystemTime) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
        "Dec",
    ];
    let secs = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let days = secs / 86_400;
    let (h, m, s) = (secs % 86_400 / 3600, secs % 3600 / 60, secs % 60);
    // Howard Hinnant's civil_from_days, for days since 1970-01-01.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{}, {day:02} {} {year} {h:02}:{m:02}:{s:02} GMT",
        DAYS[(days % 7) as usize],
        MONTHS[(month - 1) as usize]
    )
}

/// Kata `response::serialize` — the bytes of a
/// response, as Node's `ServerResponse` writes them.
///
/// **Task.** `HTTP/1.1 STATUS REASON`, then the handler's headers in order, then
/// the ones Node adds unless the handler set them (names compared without case):
/// `Content-Length` for a whole body or `Transfer-Encoding: chunked` for a
/// chunked one (neither for 1xx, 204 and 304, which have no body), `Date` (when
/// `meta.date` is not empty), `Connection: keep-alive` plus
/// `Keep-Alive: timeout=N`, or `Connection: close`. A blank line, then the body,
/// except after `HEAD` or for a status with no body.
/// **Node does.** `_storeHeader` in `lib/_http_outgoing.js`; `res.end(data)` sets
/// `Content-Length` when no header has been sent yet.
/// **Book.** book/src/ch06-networking/http.md#response
/// **Check.** `cargo xtask check chapter-6 response::serialize`
// ANCHOR: serialize
pub fn serialize(response: &Response, meta: &Meta) -> Vec<u8> {
    todo!("kata response::serialize")
}
// ANCHOR_END: serialize
