//! The property test: thousands of generated malformed and truncated requests.
//! The parser never panics; the server always answers or closes cleanly, in bounded time.

use std::time::Duration;

use ch06_networking::{chunked, request};
use kata_support::bounded_for;

use super::super::{quick, start};
use crate::katas::{exchange, run};

/// A small deterministic generator (xorshift64*), the same cases on every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n as u64) as usize
    }
}

const TEMPLATES: &[&[u8]] = &[
    b"GET / HTTP/1.1\r\nHost: a\r\n\r\n",
    b"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc",
    b"POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
    b"POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nz",
    b"GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.0\r\n\r\n",
    b"HEAD / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
];

const JUNK: &[u8] = b"\r\n :\t\x00\x7f\x80\xffa0;,/-HTTP";

/// One generated request: a template cut short, with bytes replaced, inserted or repeated.
fn generate(rng: &mut Rng) -> Vec<u8> {
    let mut bytes = TEMPLATES[rng.below(TEMPLATES.len())].to_vec();
    for _ in 0..rng.below(4) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(4) {
            0 if at < bytes.len() => bytes[at] = JUNK[rng.below(JUNK.len())],
            1 => bytes.insert(at, JUNK[rng.below(JUNK.len())]),
            2 if at < bytes.len() => {
                bytes.remove(at);
            }
            _ => {
                let piece = bytes[at..].to_vec();
                bytes.extend_from_slice(&piece[..piece.len().min(40)]);
            }
        }
    }
    if rng.below(3) == 0 {
        let keep = rng.below(bytes.len() + 1);
        bytes.truncate(keep);
    }
    bytes
}

/// 5000 generated inputs through the parsers: never a panic, every prefix too.
#[test]
fn generated_inputs_never_panic_the_parser() {
    bounded_for(crate::katas::SOCKET_TEST_LIMIT, || {
        let mut rng = Rng(0x6b6174616e);
        for _ in 0..5000 {
            let bytes = generate(&mut rng);
            if let Ok(Some((head, used))) = request::parse_head(&bytes) {
                let _ = request::framing(&head);
                let _ = request::keep_alive(&head);
                let _ = chunked::decode(&bytes[used..]);
            }
            let _ = chunked::decode(&bytes);
        }
    });
}

/// 400 generated requests, each on its own connection followed by FIN: the server
/// answers with known statuses or closes, never hangs and never dies.
#[test]
fn generated_requests_answered_or_closed() {
    let problems = run(async {
        let server = start(quick(5_000, 2_000)).await;
        let addr = server.local_addr();
        let mut rng = Rng(0x736f636b);
        let mut problems = Vec::new();
        for _batch in 0..10 {
            let tasks: Vec<_> = (0..40)
                .map(|_| {
                    let bytes = generate(&mut rng);
                    tokio::spawn(async move {
                        let seen =
                            exchange(addr, &bytes, true, Duration::from_secs(3))
                                .await;
                        (bytes, seen)
                    })
                })
                .collect();
            for task in tasks {
                let (bytes, seen) = task.await.expect("a client task");
                let known = seen.statuses().iter().all(|s| {
                    ["100 ", "200 ", "400 ", "408 ", "413 ", "417 ", "431 "]
                        .iter()
                        .any(|code| s.starts_with(&format!("HTTP/1.1 {code}")))
                });
                if !seen.closed || !known {
                    problems.push(format!(
                        "{:?} -> {}",
                        String::from_utf8_lossy(&bytes),
                        seen.summary()
                    ));
                }
            }
        }
        // The server still serves after all that.
        let last = exchange(
            addr,
            b"GET / HTTP/1.1\r\nHost: a\r\n\r\n",
            true,
            Duration::from_secs(3),
        )
        .await;
        if last.summary() != "HTTP/1.1 200 OK => closed" {
            problems.push(format!("after the run: {}", last.summary()));
        }
        problems
    });
    assert!(
        problems.is_empty(),
        "{} problems, first ones:\n{}",
        problems.len(),
        problems[..problems.len().min(5)].join("\n")
    );
}
