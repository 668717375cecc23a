//! Strings vs Buffers, measured (Buffer与性能): not a test, a bench binary.
//!
//! ```text
//! cargo bench -p ch05-buffer-solution --bench string_vs_buffer
//! cargo bench -p ch05-buffer-solution --bench string_vs_buffer -- --size 65536 --runs 9
//! ```
//!
//! The notes say a Buffer "travels" at twice the speed of a string or more. The
//! mechanism behind that claim: a socket carries bytes, so a string must be
//! encoded to UTF-8 on every write, while a Buffer already *is* bytes and can be
//! encoded once and reused. This bench measures both halves of that, for three
//! bodies (the notes' poem repeated to `--size` bytes, ASCII text of `--size`
//! bytes, and the 11-byte "hello world"):
//!
//! 1. in memory, with this chapter's encoder (the reference solution's
//!    `utf8::encode`): encode the string and copy the bytes into an output
//!    buffer on every "send", vs encode once and only copy;
//! 2. an HTTP-like server on `127.0.0.1:0` (std::net, one keep-alive
//!    connection, `--requests` requests one at a time from a client thread)
//!    encoding the body per response vs writing prepared bytes;
//! 3. the same in real Node 20, and Node 10 when it is installed
//!    (benches/string_vs_buffer.js): `Buffer.from(str)` per send vs a reused
//!    Buffer, and `http` answering with `res.end(str)` vs `res.end(buf)`.
//!
//! Every figure is the median of `--runs` runs; times depend on the machine, the
//! ratios are the lesson. Book: book/src/ch05-buffer/index.md#performance

use std::fmt::Write as _;
use std::hint::black_box;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use ch05_buffer::garbled::POEM;
use ch05_buffer::{JsString, js, utf8};
use kata_support::bench::{
    NodeFigures, load_average, median, positive_arg, run_node_script,
};
use kata_support::oracle::{NodeVersion, find_node};

/// How long any socket operation may wait before the bench gives up.
const SOCKET_TIMEOUT: Duration = Duration::from_secs(10);

/// The request the client sends, the smallest an HTTP/1.1 server accepts.
const REQUEST: &[u8] = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

/// What the command line asked for.
struct Options {
    /// Bytes of the two large bodies.
    size: usize,
    /// In-memory sends timed per run.
    sends: usize,
    /// HTTP requests timed per run.
    requests: usize,
    /// Runs per figure; the median is reported.
    runs: usize,
}

fn parse_options() -> Result<Options, String> {
    let mut options = Options {
        size: 16384,
        sends: 2000,
        requests: 2000,
        runs: 7,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        // `cargo bench` passes `--bench` to every bench binary.
        if flag == "--bench" {
            continue;
        }
        let number = positive_arg(&flag, &mut args)?;
        match flag.as_str() {
            "--size" => options.size = number,
            "--sends" => options.sends = number,
            "--requests" => options.requests = number,
            "--runs" => options.runs = number,
            other => return Err(format!("unknown flag {other}")),
        }
    }
    Ok(options)
}

/// One response body, as the JavaScript string and as its UTF-8 bytes.
struct Body {
    /// Short name, shared with the Node script's output (`poem.encode`).
    name: &'static str,
    /// What the body is, for the table's heading.
    about: String,
    /// The string a server would hold: UTF-16 code units, as in V8.
    text: JsString,
    /// The same body encoded once, the way a prepared Buffer holds it.
    bytes: Vec<u8>,
}

impl Body {
    fn new(name: &'static str, about: &str, text: &str) -> Body {
        let text = js(text);
        let bytes = utf8::encode(&text);
        let about = format!(
            "{name}: {about}, {} bytes of UTF-8 ({} UTF-16 units)",
            bytes.len(),
            text.len()
        );
        Body {
            name,
            about,
            text,
            bytes,
        }
    }
}

/// The three bodies; benches/string_vs_buffer.js builds the same ones.
fn bodies(size: usize) -> Vec<Body> {
    let poem_bytes = POEM.len();
    let hello = "hello world\n";
    let ascii: String = hello
        .repeat(size.div_ceil(hello.len()))
        .chars()
        .take(size)
        .collect();
    vec![
        Body::new(
            "poem",
            "the notes' poem, 3 bytes a character",
            &POEM.repeat(size.div_ceil(poem_bytes)),
        ),
        Body::new("ascii", "ASCII text, 1 byte a character", &ascii),
        Body::new("tiny", "\"hello world\"", "hello world"),
    ]
}

/// In memory, a string sent: encoded to UTF-8, then copied into `out` (the
/// socket's buffer). Returns the time per send.
fn sends_encoding(text: &[u16], out: &mut Vec<u8>, sends: usize) -> Duration {
    let start = Instant::now();
    for _ in 0..sends {
        let bytes = utf8::encode(black_box(text));
        out.clear();
        out.extend_from_slice(&bytes);
        black_box(&mut *out);
    }
    start.elapsed() / sends as u32
}

/// In memory, a Buffer sent: the bytes made once are only copied into `out`.
fn sends_prepared(bytes: &[u8], out: &mut Vec<u8>, sends: usize) -> Duration {
    let start = Instant::now();
    for _ in 0..sends {
        out.clear();
        out.extend_from_slice(black_box(bytes));
        black_box(&mut *out);
    }
    start.elapsed() / sends as u32
}

/// What the server writes as each response's body.
#[derive(Clone, Copy)]
enum Respond<'a> {
    /// `res.end(str)`: encode the string again for every response.
    EncodeEachTime(&'a [u16]),
    /// `res.end(buf)`: bytes encoded once, before the server started.
    Prepared(&'a [u8]),
}

/// Waits for the one client, polling, so a client that never connects cannot hang the bench.
fn accept_within(
    listener: &TcpListener,
    limit: Duration,
) -> std::io::Result<TcpStream> {
    listener.set_nonblocking(true)?;
    let deadline = Instant::now() + limit;
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                stream.set_nonblocking(false)?;
                return Ok(stream);
            }
            Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => {
                if Instant::now() > deadline {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::TimedOut,
                        "no client connected",
                    ));
                }
                std::thread::sleep(Duration::from_millis(1));
            }
            Err(error) => return Err(error),
        }
    }
}

/// Reads one request's head; `false` when the client has closed the connection.
fn read_request(
    reader: &mut impl BufRead,
    line: &mut String,
) -> std::io::Result<bool> {
    let mut first = true;
    loop {
        line.clear();
        if reader.read_line(line)? == 0 {
            return if first {
                Ok(false)
            } else {
                Err(std::io::Error::other("connection closed inside a request"))
            };
        }
        first = false;
        if line == "\r\n" {
            return Ok(true);
        }
    }
}

/// The server: one connection, one response per request, until the client closes.
///
/// Like Node, it writes head and body with TCP_NODELAY, and it puts both in one
/// write (Node corks the socket for `res.end`), so Nagle's algorithm never waits.
/// A real server would also parse the request; the client only ever sends `GET /`.
fn serve(listener: &TcpListener, send: Respond<'_>) -> std::io::Result<usize> {
    let stream = accept_within(listener, SOCKET_TIMEOUT)?;
    stream.set_nodelay(true)?;
    stream.set_read_timeout(Some(SOCKET_TIMEOUT))?;
    stream.set_write_timeout(Some(SOCKET_TIMEOUT))?;
    let mut reader = BufReader::new(&stream);
    let mut writer = &stream;
    let mut line = String::new();
    let mut response = Vec::new();
    let mut answered = 0;
    while read_request(&mut reader, &mut line)? {
        // The string's way: every response pays for encoding it again.
        let encoded;
        let body: &[u8] = match send {
            Respond::EncodeEachTime(text) => {
                encoded = utf8::encode(text);
                &encoded
            }
            Respond::Prepared(bytes) => bytes,
        };
        response.clear();
        write!(
            response,
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n\
             Content-Length: {}\r\nConnection: keep-alive\r\n\r\n",
            body.len()
        )?;
        response.extend_from_slice(body);
        writer.write_all(&response)?;
        answered += 1;
    }
    Ok(answered)
}

/// The client: `requests + 1` requests one at a time on one keep-alive
/// connection; the first (connect, cold caches) is not timed. Returns the time
/// per request.
fn client(port: u16, requests: usize, expected: usize) -> std::io::Result<Duration> {
    let stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_nodelay(true)?;
    stream.set_read_timeout(Some(SOCKET_TIMEOUT))?;
    stream.set_write_timeout(Some(SOCKET_TIMEOUT))?;
    let mut reader = BufReader::new(&stream);
    let mut writer = &stream;
    let mut line = String::new();
    let mut body = Vec::with_capacity(expected);
    let mut start = Instant::now();
    for i in 0..=requests {
        if i == 1 {
            start = Instant::now();
        }
        writer.write_all(REQUEST)?;
        let mut length = None;
        loop {
            line.clear();
            if reader.read_line(&mut line)? == 0 {
                return Err(std::io::Error::other("server closed the connection"));
            }
            if line == "\r\n" {
                break;
            }
            match line.split_once(':') {
                Some((name, value))
                    if name.eq_ignore_ascii_case("content-length") =>
                {
                    length = value.trim().parse::<usize>().ok();
                }
                _ => {}
            }
        }
        let length =
            length.ok_or_else(|| std::io::Error::other("no Content-Length"))?;
        body.resize(length, 0);
        reader.read_exact(&mut body)?;
        if length != expected {
            return Err(std::io::Error::other(format!(
                "received {length} bytes, expected {expected}"
            )));
        }
    }
    Ok(start.elapsed() / requests as u32)
}

/// One server, one client thread, `requests` timed requests: the time per request.
fn http_run(
    send: Respond<'_>,
    requests: usize,
    expected: usize,
) -> std::io::Result<Duration> {
    let listener = TcpListener::bind(("127.0.0.1", 0))?;
    let port = listener.local_addr()?.port();
    std::thread::scope(|scope| {
        let server = scope.spawn(|| serve(&listener, send));
        let client = scope.spawn(move || client(port, requests, expected));
        // The client drops its connection when done (or failing), which ends the server.
        let per_request = client
            .join()
            .map_err(|_| std::io::Error::other("client thread panicked"))??;
        let answered = server
            .join()
            .map_err(|_| std::io::Error::other("server thread panicked"))??;
        if answered != requests + 1 {
            return Err(std::io::Error::other(format!(
                "server answered {answered} requests, expected {}",
                requests + 1
            )));
        }
        Ok(per_request)
    })
}

/// Every figure of one body, one value per run.
#[derive(Default)]
struct Samples {
    encode: Vec<Duration>,
    reuse: Vec<Duration>,
    http_string: Vec<Duration>,
    http_buffer: Vec<Duration>,
}

/// The median of some timings, in seconds.
fn median_secs(values: &[Duration]) -> f64 {
    median(values).as_secs_f64()
}

fn measure(options: &Options, bodies: &[Body]) -> std::io::Result<Vec<Samples>> {
    let mut samples: Vec<Samples> =
        bodies.iter().map(|_| Samples::default()).collect();
    let largest = bodies.iter().map(|b| b.bytes.len()).max().unwrap_or(0);
    let mut out = Vec::with_capacity(largest);
    // Run 0 warms caches and the allocator; its figures are dropped.
    for run in 0..=options.runs {
        for (body, samples) in bodies.iter().zip(&mut samples) {
            let encode = sends_encoding(&body.text, &mut out, options.sends);
            let reuse = sends_prepared(&body.bytes, &mut out, options.sends);
            let string = Respond::EncodeEachTime(&body.text);
            let buffer = Respond::Prepared(&body.bytes);
            let expected = body.bytes.len();
            // Alternate which way goes first, so a burst of load on the machine hits both.
            let (http_string, http_buffer) = if run % 2 == 0 {
                let s = http_run(string, options.requests, expected)?;
                (s, http_run(buffer, options.requests, expected)?)
            } else {
                let b = http_run(buffer, options.requests, expected)?;
                (http_run(string, options.requests, expected)?, b)
            };
            if run > 0 {
                samples.encode.push(encode);
                samples.reuse.push(reuse);
                samples.http_string.push(http_string);
                samples.http_buffer.push(http_buffer);
            }
        }
    }
    Ok(samples)
}

/// Runs benches/string_vs_buffer.js with `node`; `None` (after saying why) when it fails.
fn node_figures(node: &Path, dir: &Path, options: &Options) -> Option<NodeFigures> {
    run_node_script(
        node,
        dir,
        "string_vs_buffer.js",
        include_str!("string_vs_buffer.js"),
        &[options.size, options.sends, options.requests, options.runs]
            .map(|n| n.to_string()),
    )
}

/// A figure for the table: 1000 and more without decimals, smaller ones to one decimal.
fn cell(value: Option<f64>) -> String {
    match value {
        Some(v) if v >= 1000.0 => format!("{v:.0}"),
        Some(v) => format!("{v:.1}"),
        None => "-".to_owned(),
    }
}

/// How many times longer the string's way took than the buffer's.
fn ratio(string: Option<f64>, buffer: Option<f64>) -> String {
    match (string, buffer) {
        (Some(s), Some(b)) if b > 0.0 => format!("{:.2}×", s / b),
        _ => "-".to_owned(),
    }
}

/// Prints one body's table: the Rust model's figures, then each Node's.
fn print_body(body: &Body, samples: &Samples, nodes: &[NodeFigures]) {
    println!("{}", body.about);
    let mut heading = format!("  {:<44} {:>14}", "way", "Rust model");
    for node in nodes {
        let _ = write!(heading, " {:>14}", format!("node {}", node.version));
    }
    println!("{heading}");
    let node_value = |node: &NodeFigures, metric: &str| {
        node.values.get(&format!("{}.{metric}", body.name)).copied()
    };
    let ns = |values: &[Duration]| Some(median_secs(values) * 1e9);
    let us = |values: &[Duration]| Some(median_secs(values) * 1e6);
    let rows: [(&str, Option<f64>, &str); 3] = [
        ("encode + copy per send (ns)", ns(&samples.encode), "encode"),
        (
            "encoded once, copy per send (ns)",
            ns(&samples.reuse),
            "reuse",
        ),
        ("out.write(str), no Buffer made (ns)", None, "write"),
    ];
    for (label, rust, metric) in rows {
        let mut line = format!("  {label:<44} {:>14}", cell(rust));
        for node in nodes {
            let _ = write!(line, " {:>14}", cell(node_value(node, metric)));
        }
        println!("{line}");
    }
    let mut line = format!(
        "  {:<44} {:>14}",
        "  string / buffer",
        ratio(ns(&samples.encode), ns(&samples.reuse))
    );
    for node in nodes {
        let _ = write!(
            line,
            " {:>14}",
            ratio(node_value(node, "encode"), node_value(node, "reuse"))
        );
    }
    println!("{line}");
    let rows: [(&str, Option<f64>, &str); 2] = [
        (
            "HTTP, string body (µs/request)",
            us(&samples.http_string),
            "http_string",
        ),
        (
            "HTTP, Buffer body (µs/request)",
            us(&samples.http_buffer),
            "http_buffer",
        ),
    ];
    for (label, rust, metric) in rows {
        let mut line = format!("  {label:<44} {:>14}", cell(rust));
        for node in nodes {
            let _ = write!(line, " {:>14}", cell(node_value(node, metric)));
        }
        println!("{line}");
    }
    let mut line = format!(
        "  {:<44} {:>14}",
        "  string / buffer",
        ratio(us(&samples.http_string), us(&samples.http_buffer))
    );
    for node in nodes {
        let _ = write!(
            line,
            " {:>14}",
            ratio(
                node_value(node, "http_string"),
                node_value(node, "http_buffer")
            )
        );
    }
    println!("{line}");
    println!();
}

fn run(options: &Options) -> std::io::Result<()> {
    let bodies = bodies(options.size);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "{} sends and {} HTTP requests per run, median of {} runs; {cores} cores, load average {} at start",
        options.sends,
        options.requests,
        options.runs,
        load_average()
    );
    println!();

    let samples = measure(options, &bodies)?;

    let dir = tempfile::tempdir()?;
    let mut nodes = Vec::new();
    for version in [NodeVersion::V20, NodeVersion::V10] {
        match find_node(version) {
            Some(node) => match node_figures(&node, dir.path(), options) {
                Some(figures) => nodes.push(figures),
                None => println!("  ({version} failed: no figures for it)"),
            },
            None => println!("  ({version} not found: no figures for it)"),
        }
    }
    // The script builds its bodies itself; make sure they are the same bytes.
    for node in &nodes {
        for body in &bodies {
            let bytes = node.values.get(&format!("{}.bytes", body.name)).copied();
            if bytes != Some(body.bytes.len() as f64) {
                return Err(std::io::Error::other(format!(
                    "node {} built a {} body of {bytes:?} bytes, expected {}",
                    node.version,
                    body.name,
                    body.bytes.len()
                )));
            }
        }
    }

    for (body, samples) in bodies.iter().zip(&samples) {
        print_body(body, samples, &nodes);
    }
    println!("load average {} at the end", load_average());
    Ok(())
}

fn main() -> ExitCode {
    let options = match parse_options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("string_vs_buffer: {message}");
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("string_vs_buffer: {error}");
            ExitCode::FAILURE
        }
    }
}
