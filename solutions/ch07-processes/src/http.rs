//! A one-request HTTP/1.1 exchange (provided):
//! what the workers answer and the client asks.
//!
//! Chapter 6 builds HTTP properly; here a worker only needs to read one request,
//! answer `200 OK` with a short body naming itself, and close. The body is how the
//! tests count which worker served each connection.
//! Book: book/src/ch07-processes/handles.md

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// The most a request head may take before we give up on it.
pub const MAX_HEAD: usize = 16 * 1024;

/// Reads one request head from `stream`, waits `delay_ms` from `/?delay=N` if given,
/// and answers `200 OK` with `body`; the connection is closed after.
pub fn serve(mut stream: TcpStream, body: &str) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut head = Vec::new();
    let mut buffer = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < MAX_HEAD {
        let n = stream.read(&mut buffer)?;
        if n == 0 {
            return Ok(());
        }
        head.extend_from_slice(&buffer[..n]);
    }
    if let Some(ms) = delay_of(&head) {
        std::thread::sleep(Duration::from_millis(ms));
    }
    let response = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(response.as_bytes())?;
    stream.flush()
}

/// The `N` of `GET /?delay=N `, if the request line has one.
fn delay_of(head: &[u8]) -> Option<u64> {
    let line = head.split(|&b| b == b'\r').next()?;
    let line = std::str::from_utf8(line).ok()?;
    let query = line.split(' ').nth(1)?.split_once("delay=")?.1;
    query.split('&').next()?.parse().ok()
}

/// Sends `GET path` to `addr` and returns the response body, or an error (refused,
/// reset, closed without an answer, or no answer within `limit`).
pub fn get(addr: SocketAddr, path: &str, limit: Duration) -> std::io::Result<String> {
    let mut stream = TcpStream::connect_timeout(&addr, limit)?;
    stream.set_read_timeout(Some(limit))?;
    stream.set_write_timeout(Some(limit))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    let text = String::from_utf8_lossy(&response);
    match text.split_once("\r\n\r\n") {
        Some((head, body)) if head.starts_with("HTTP/1.1 200") => Ok(body.to_owned()),
        _ => Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "the connection closed without a complete answer",
        )),
    }
}
