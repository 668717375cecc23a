//! Request heads (请求报文): the request line
//! and headers, parsed by hand as llhttp does.
//!
//! Node hands every byte a client sends to llhttp, a state machine generated from a
//! description of HTTP/1.1. It is strict where leniency would let two servers read
//! one message differently (request smuggling), and it caps the head's size.
//! This file parses the same text, with the same refusals, measured on Node 20.
//! Book: book/src/ch06-networking/http.md

use std::fmt;

/// Node 20's `--max-http-header-size` default: 16 KiB.
///
/// llhttp's binding counts the bytes of the URL and of every header name and
/// value (not the method, the version, the colons or the line ends); a head
/// whose count reaches this many bytes is refused with 431.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// The methods Node 20 accepts (`http.METHODS`); any other method is a 400.
pub const METHODS: &[&str] = &[
    "ACL",
    "BIND",
    "CHECKOUT",
    "CONNECT",
    "COPY",
    "DELETE",
    "GET",
    "HEAD",
    "LINK",
    "LOCK",
    "M-SEARCH",
    "MERGE",
    "MKACTIVITY",
    "MKCALENDAR",
    "MKCOL",
    "MOVE",
    "NOTIFY",
    "OPTIONS",
    "PATCH",
    "POST",
    "PROPFIND",
    "PROPPATCH",
    "PURGE",
    "PUT",
    "QUERY",
    "REBIND",
    "REPORT",
    "SEARCH",
    "SOURCE",
    "SUBSCRIBE",
    "TRACE",
    "UNBIND",
    "UNLINK",
    "UNLOCK",
    "UNSUBSCRIBE",
];

/// An HTTP version as written in the request line (`HTTP/1.1` is `1.1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Version {
    /// The digit before the dot.
    pub major: u8,
    /// The digit after the dot.
    pub minor: u8,
}

impl Version {
    /// `HTTP/0.9`: a request line with no version at all (`GET /`).
    pub const HTTP_09: Version = Version { major: 0, minor: 9 };
    /// `HTTP/1.0`: one request per connection unless the client asks for keep-alive.
    pub const HTTP_10: Version = Version { major: 1, minor: 0 };
    /// `HTTP/1.1`: keep-alive by default, `Host` required.
    pub const HTTP_11: Version = Version { major: 1, minor: 1 };
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP/{}.{}", self.major, self.minor)
    }
}

/// The first line of a request: `GET /index.html HTTP/1.1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestLine {
    /// One of [`METHODS`], upper case.
    pub method: String,
    /// The request target exactly as sent (`/a?b`, `*`, `http://host/x`).
    pub target: String,
    /// The protocol version.
    pub version: Version,
}

/// A parsed request head: the request line and the headers in arrival order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestHead {
    /// One of [`METHODS`].
    pub method: String,
    /// The target as sent (`req.url` in Node).
    pub target: String,
    /// The protocol version.
    pub version: Version,
    /// `(name, value)` pairs; names as sent, values trimmed of spaces and tabs.
    /// Node's `req.rawHeaders` keeps the same order.
    pub headers: Vec<(String, String)>,
}

impl RequestHead {
    /// Every value of header `name` (compared case-insensitively), in order.
    pub fn values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The first value of header `name`, if any.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Why a request was refused; [`ParseError::status`] is the status Node answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseError {
    /// The method is not one of [`METHODS`] (llhttp `HPE_INVALID_METHOD`).
    InvalidMethod,
    /// The target is empty or holds a byte outside `!`..`~` (`HPE_INVALID_URL`).
    InvalidTarget,
    /// The version is not `HTTP/0.9`, `1.0`, `1.1` or `2.0`, or is followed by junk
    /// (`HPE_INVALID_VERSION`).
    InvalidVersion,
    /// A line ends in a bare `\n` or a `\r` not followed by `\n` (`HPE_CR_EXPECTED`,
    /// `HPE_LF_EXPECTED`).
    InvalidLineEnd,
    /// A header name is empty or holds a byte that is not a token character, or a
    /// line has no colon (`HPE_INVALID_HEADER_TOKEN`).
    InvalidHeaderName,
    /// A header value holds a control character (`HPE_INVALID_HEADER_TOKEN`).
    InvalidHeaderValue,
    /// The head reached [`MAX_HEADER_BYTES`] (`HPE_HEADER_OVERFLOW`, 431).
    HeaderOverflow,
    /// `Content-Length` is not a plain decimal number, overflows, or appears twice
    /// (`HPE_INVALID_CONTENT_LENGTH`, `HPE_UNEXPECTED_CONTENT_LENGTH`).
    InvalidContentLength,
    /// Both `Transfer-Encoding` and `Content-Length`: the smuggling case
    /// (`HPE_INVALID_TRANSFER_ENCODING`).
    TransferEncodingWithContentLength,
    /// A `Transfer-Encoding` whose last coding is not `chunked`
    /// (`HPE_INVALID_TRANSFER_ENCODING`).
    InvalidTransferEncoding,
    /// A chunk size that is not hex, too large, or a chunk not followed by CRLF
    /// (`HPE_INVALID_CHUNK_SIZE`, `HPE_STRICT`).
    InvalidChunk,
}

impl ParseError {
    /// The status Node answers before closing: 431 for an oversized head, else 400.
    pub fn status(self) -> u16 {
        match self {
            ParseError::HeaderOverflow => 431,
            _ => 400,
        }
    }

    /// llhttp's error code for this refusal (what
    /// `err.code` says in Node's `clientError`).
    pub fn code(self) -> &'static str {
        match self {
            ParseError::InvalidMethod => "HPE_INVALID_METHOD",
            ParseError::InvalidTarget => "HPE_INVALID_URL",
            ParseError::InvalidVersion => "HPE_INVALID_VERSION",
            ParseError::InvalidLineEnd => "HPE_LF_EXPECTED",
            ParseError::InvalidHeaderName | ParseError::InvalidHeaderValue => {
                "HPE_INVALID_HEADER_TOKEN"
            }
            ParseError::HeaderOverflow => "HPE_HEADER_OVERFLOW",
            ParseError::InvalidContentLength => "HPE_INVALID_CONTENT_LENGTH",
            ParseError::TransferEncodingWithContentLength
            | ParseError::InvalidTransferEncoding => "HPE_INVALID_TRANSFER_ENCODING",
            ParseError::InvalidChunk => "HPE_INVALID_CHUNK_SIZE",
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self {
            ParseError::InvalidMethod => "invalid method",
            ParseError::InvalidTarget => "invalid request target",
            ParseError::InvalidVersion => "invalid HTTP version",
            ParseError::InvalidLineEnd => "a line must end in CRLF",
            ParseError::InvalidHeaderName => "invalid header name",
            ParseError::InvalidHeaderValue => "invalid character in a header value",
            ParseError::HeaderOverflow => "request head larger than 16 KiB",
            ParseError::InvalidContentLength => "invalid Content-Length",
            ParseError::TransferEncodingWithContentLength => {
                "Transfer-Encoding and Content-Length together"
            }
            ParseError::InvalidTransferEncoding => {
                "Transfer-Encoding must end in chunked"
            }
            ParseError::InvalidChunk => "invalid chunk",
        };
        write!(f, "{what} ({})", self.code())
    }
}

impl std::error::Error for ParseError {}

/// How the body of a request is delimited, decided from its head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// Exactly this many bytes follow the head (no `Content-Length` means 0).
    Length(u64),
    /// `Transfer-Encoding: chunked`: size-prefixed chunks up to a zero chunk.
    Chunked,
}

/// True for RFC 9110 token characters, the only
/// bytes allowed in a method or header name.
pub fn is_token(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte)
}

/// Kata `request::parse_request_line` — read `METHOD SP target SP HTTP/x.y`.
///
/// **Task.** Parse one request line (without its CRLF). Refuse what Node 20
/// refuses: an unknown or lower-case method, a target with a space, a control
/// byte or a non-ASCII byte, a version other than `HTTP/0.9`, `1.0`, `1.1`,
/// `2.0`, anything after the version. Node accepts more than one space between
/// the parts, and a line with no version at all (`GET /`) as HTTP/0.9.
/// **Node does.** llhttp's `req_first_space_before_url` … `req_http_complete` states;
/// `deps/llhttp/src/llhttp.c`, called from `lib/_http_server.js`.
/// **Book.** book/src/ch06-networking/http.md#request-line
/// **Check.** `cargo xtask check chapter-6 request::parse_request_line`
// ANCHOR: parse_request_line
pub fn parse_request_line(line: &[u8]) -> Result<RequestLine, ParseError> {
    // ANCHOR: solution
    // The method ends at the first space; llhttp matches it byte by byte against
    // its table, so an unknown or lower-case method fails here.
    let space = line
        .iter()
        .position(|&b| b == b' ')
        .ok_or(ParseError::InvalidMethod)?;
    let method =
        std::str::from_utf8(&line[..space]).map_err(|_| ParseError::InvalidMethod)?;
    if !METHODS.contains(&method) {
        return Err(ParseError::InvalidMethod);
    }
    // Extra spaces before the target are skipped (measured: `GET  /` is served).
    let mut rest = &line[space..];
    while let [b' ', tail @ ..] = rest {
        rest = tail;
    }
    let end = rest.iter().position(|&b| b == b' ').unwrap_or(rest.len());
    let target = &rest[..end];
    // Visible ASCII only: a control byte, DEL or a UTF-8 byte in the URL is a 400.
    if target.is_empty() || !target.iter().all(|b| (0x21..=0x7e).contains(b)) {
        return Err(ParseError::InvalidTarget);
    }
    let target = String::from_utf8_lossy(target).into_owned();
    let mut rest = &rest[end..];
    if rest.is_empty() {
        // `GET /` with nothing after: llhttp's HTTP/0.9 request.
        return Ok(RequestLine {
            method: method.to_owned(),
            target,
            version: Version::HTTP_09,
        });
    }
    while let [b' ', tail @ ..] = rest {
        rest = tail;
    }
    let version = match rest {
        [b'H', b'T', b'T', b'P', b'/', major, b'.', minor]
            if major.is_ascii_digit() && minor.is_ascii_digit() =>
        {
            Version {
                major: major - b'0',
                minor: minor - b'0',
            }
        }
        _ => return Err(ParseError::InvalidVersion),
    };
    // The versions llhttp knows; `HTTP/1.2` and `HTTP/3.0` are refused.
    match (version.major, version.minor) {
        (0, 9) | (1, 0) | (1, 1) | (2, 0) => Ok(RequestLine {
            method: method.to_owned(),
            target,
            version,
        }),
        _ => Err(ParseError::InvalidVersion),
    }
    // ANCHOR_END: solution
}
// ANCHOR_END: parse_request_line

/// Kata `request::parse_header_line` — split `Name: value` into a pair.
///
/// **Task.** The name is everything before the first colon and must be one or
/// more token characters ([`is_token`]): no space before the colon, and a line
/// starting with a space (the obsolete line folding) is refused. The value is
/// the rest with leading and trailing spaces and tabs removed; it may hold tabs
/// and bytes `0x80`–`0xff` (read as Latin-1, as Node does), but no other
/// control character.
/// **Node does.** llhttp's `header_field` and `header_value` states; Node decodes
/// values as `latin1` in `src/node_http_parser.cc`.
/// **Book.** book/src/ch06-networking/http.md#headers
/// **Check.** `cargo xtask check chapter-6 request::parse_header_line`
// ANCHOR: parse_header_line
pub fn parse_header_line(line: &[u8]) -> Result<(String, String), ParseError> {
    // ANCHOR: solution
    let colon = line
        .iter()
        .position(|&b| b == b':')
        .ok_or(ParseError::InvalidHeaderName)?;
    let name = &line[..colon];
    // `Host : a` and ` folded` both fail here: a space is not a token character.
    if name.is_empty() || !name.iter().all(|&b| is_token(b)) {
        return Err(ParseError::InvalidHeaderName);
    }
    let is_space = |b: &u8| *b == b' ' || *b == b'\t';
    let value = &line[colon + 1..];
    let start = value
        .iter()
        .position(|b| !is_space(b))
        .unwrap_or(value.len());
    let end = value
        .iter()
        .rposition(|b| !is_space(b))
        .map_or(start, |i| i + 1);
    let value = &value[start..end];
    if value.iter().any(|&b| b != b'\t' && (b < 0x20 || b == 0x7f)) {
        return Err(ParseError::InvalidHeaderValue);
    }
    // Latin-1: every byte is the code point of the same number.
    let value = value.iter().map(|&b| char::from(b)).collect();
    Ok((String::from_utf8_lossy(name).into_owned(), value))
    // ANCHOR_END: solution
}
// ANCHOR_END: parse_header_line

/// Kata `request::parse_head` — find the end of
/// the head and parse it, or ask for more bytes.
///
/// **Task.** `buf` holds what the client sent so far. Return `Ok(None)` while the
/// head is incomplete, `Ok(Some((head, n)))` once it is complete (`n` = bytes up to
/// and including the blank line), or the refusal. Empty lines before the request
/// line are skipped. Refuse bad lines as soon as they are complete, not only at
/// the end: a bare `\n` or a `\r` not followed by `\n` is refused too. Count the
/// target's bytes plus every header name and value; reaching
/// [`MAX_HEADER_BYTES`] is [`ParseError::HeaderOverflow`], even before the head
/// is complete. (llhttp reads headers even after an HTTP/0.9 request line.)
/// **Node does.** llhttp runs over each chunk as it arrives; `node_http_parser.cc`
/// counts header bytes (`TrackHeader`) and reports overflow as 431.
/// **Book.** book/src/ch06-networking/http.md#head
/// **Check.** `cargo xtask check chapter-6 request::parse_head`
// ANCHOR: parse_head
pub fn parse_head(buf: &[u8]) -> Result<Option<(RequestHead, usize)>, ParseError> {
    // ANCHOR: solution
    let mut pos = 0;
    // llhttp skips CRLFs between messages (a client may send one after a body).
    while buf[pos..].starts_with(b"\r\n") {
        pos += 2;
    }
    let mut request_line = None;
    let mut headers = Vec::new();
    let mut counted = 0;
    loop {
        let Some(len) = line_len(&buf[pos..])? else {
            // Incomplete: the partial line already counts towards the limit, so a
            // client cannot hold the server's memory by never ending a header.
            if counted + (buf.len() - pos) >= MAX_HEADER_BYTES {
                return Err(ParseError::HeaderOverflow);
            }
            return Ok(None);
        };
        let line = &buf[pos..pos + len];
        pos += len + 2;
        let Some(RequestLine {
            method,
            target,
            version,
        }) = request_line.take()
        else {
            let parsed = parse_request_line(line)?;
            counted += parsed.target.len();
            if counted >= MAX_HEADER_BYTES {
                return Err(ParseError::HeaderOverflow);
            }
            request_line = Some(parsed);
            continue;
        };
        if line.is_empty() {
            let head = RequestHead {
                method,
                target,
                version,
                headers,
            };
            return Ok(Some((head, pos)));
        }
        let (name, value) = parse_header_line(line)?;
        counted += name.len() + value.len();
        if counted >= MAX_HEADER_BYTES {
            return Err(ParseError::HeaderOverflow);
        }
        headers.push((name, value));
        request_line = Some(RequestLine {
            method,
            target,
            version,
        });
    }
    // ANCHOR_END: solution
}
// ANCHOR_END: parse_head

// ANCHOR: solution_only
/// The length of the first line of `buf` (without its CRLF), `None` if it has
/// not ended yet, or an error for a bare LF or a CR not followed by LF.
fn line_len(buf: &[u8]) -> Result<Option<usize>, ParseError> {
    for (i, &b) in buf.iter().enumerate() {
        match b {
            b'\n' => return Err(ParseError::InvalidLineEnd),
            b'\r' => {
                return match buf.get(i + 1) {
                    Some(b'\n') => Ok(Some(i)),
                    Some(_) => Err(ParseError::InvalidLineEnd),
                    None => Ok(None),
                };
            }
            _ => {}
        }
    }
    Ok(None)
}
// ANCHOR_END: solution_only

/// Kata `request::framing` — how long is the body?
///
/// **Task.** Decide the body's framing from the headers. Both
/// `Transfer-Encoding` and `Content-Length` is refused (two servers could
/// disagree on where the body ends: request smuggling). `Transfer-Encoding`
/// (all its headers, comma-joined) must have `chunked` (any case) as its last
/// coding and nowhere else. `Content-Length` must appear once and be decimal
/// digits that fit in a `u64`; Node refuses even two equal copies. No framing
/// header means an empty body.
/// **Node does.** llhttp's `on_headers_complete` checks (`F_CONTENT_LENGTH`,
/// `F_TRANSFER_ENCODING`, `F_CHUNKED`) with Node's lenient flags all off.
/// **Book.** book/src/ch06-networking/http.md#framing
/// **Check.** `cargo xtask check chapter-6 request::framing`
// ANCHOR: framing
pub fn framing(head: &RequestHead) -> Result<Framing, ParseError> {
    // ANCHOR: solution
    let lengths: Vec<&str> = head.values("content-length").collect();
    let codings: Vec<&str> = head
        .values("transfer-encoding")
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    if !codings.is_empty() {
        if !lengths.is_empty() {
            return Err(ParseError::TransferEncodingWithContentLength);
        }
        // `chunked` must be the final coding, exactly once: a body that is
        // chunked and then gzipped has no end a server can find.
        let chunked = codings
            .iter()
            .filter(|c| c.eq_ignore_ascii_case("chunked"))
            .count();
        let last_is_chunked = codings
            .last()
            .is_some_and(|c| c.eq_ignore_ascii_case("chunked"));
        return if chunked == 1 && last_is_chunked {
            Ok(Framing::Chunked)
        } else {
            Err(ParseError::InvalidTransferEncoding)
        };
    }
    match lengths.as_slice() {
        [] => Ok(Framing::Length(0)),
        [value] if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
            value
                .parse()
                .map(Framing::Length)
                .map_err(|_| ParseError::InvalidContentLength)
        }
        _ => Err(ParseError::InvalidContentLength),
    }
    // ANCHOR_END: solution
}
// ANCHOR_END: framing

/// Kata `request::keep_alive` — may the connection
/// carry another request after this one?
///
/// **Task.** `Connection` holds comma-separated tokens, compared without case.
/// `close` ends the connection. HTTP/1.1 keeps it open otherwise; HTTP/1.0 only
/// when the client sent `keep-alive`; any other version (0.9, 2.0) never.
/// **Node does.** llhttp's `llhttp_should_keep_alive`, read by `parserOnIncoming`
/// in `lib/_http_server.js` (`req.shouldKeepAlive`).
/// **Book.** book/src/ch06-networking/http.md#keep-alive
/// **Check.** `cargo xtask check chapter-6 request::keep_alive`
// ANCHOR: keep_alive
pub fn keep_alive(head: &RequestHead) -> bool {
    // ANCHOR: solution
    let has = |token: &str| {
        head.values("connection")
            .flat_map(|v| v.split(','))
            .any(|t| t.trim().eq_ignore_ascii_case(token))
    };
    if has("close") {
        return false;
    }
    match head.version {
        Version::HTTP_11 => true,
        Version::HTTP_10 => has("keep-alive"),
        _ => false,
    }
    // ANCHOR_END: solution
}
// ANCHOR_END: keep_alive
