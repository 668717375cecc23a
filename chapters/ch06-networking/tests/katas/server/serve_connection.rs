//! Kata `server::serve_connection`: the connection loop, seen from real clients.

mod differential;
mod generated;
mod interop;

use std::time::Duration;

use kata_support::cases;
use pretty_assertions::assert_eq;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::{Instant, timeout};

use ch06_networking::server::Config;

use super::{quick, start};
use crate::katas::{Exchange, all_at_once, exchange, exchange_expecting, run};

/// How long a client waits for more after the server's last byte before it
/// calls the connection open; generous, because the machine may be busy. A
/// client that knows Node's answer waits it out only while it is still short
/// of that answer ([`exchange_expecting`]).
const QUIET: Duration = Duration::from_millis(1000);

/// What Node 20 answered the same bytes: its status lines, then whether it
/// closed the connection. A connection is known open only after a spell of
/// silence, so the cases run at once, each against a fresh server; a
/// difference names its case.
#[test]
fn like_node() {
    const CASES: [(&str, &[u8], &str); 12] = [
        ("get", b"GET / HTTP/1.1\r\nHost: a\r\n\r\n", "HTTP/1.1 200 OK => open"),
        ("pipelined",
         b"GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
         "HTTP/1.1 200 OK | HTTP/1.1 200 OK => closed"),
        ("http_1_0", b"GET / HTTP/1.0\r\n\r\n", "HTTP/1.1 200 OK => closed"),
        ("http_1_0_keep_alive", b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
         "HTTP/1.1 200 OK => open"),
        ("no_host", b"GET / HTTP/1.1\r\n\r\n", "HTTP/1.1 400 Bad Request => closed"),
        ("garbage", b"HELLO\r\n\r\n", "HTTP/1.1 400 Bad Request => closed"),
        ("smuggling",
         b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
         "HTTP/1.1 400 Bad Request => closed"),
        ("unknown_expect",
         b"POST / HTTP/1.1\r\nHost: a\r\nExpect: foo\r\nContent-Length: 3\r\n\r\nabc",
         "HTTP/1.1 417 Expectation Failed => open"),
        ("continue_first",
         b"POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc",
         "HTTP/1.1 100 Continue | HTTP/1.1 200 OK => open"),
        ("expect_ignored_on_1_0",
         b"POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc",
         "HTTP/1.1 200 OK => closed"),
        ("bad_pipelined_second", b"GET /1 HTTP/1.1\r\nHost: a\r\n\r\nJUNK\r\n\r\n",
         "HTTP/1.1 400 Bad Request => closed"),
        ("data_after_close",
         b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
         "HTTP/1.1 400 Bad Request => closed"),
    ];
    let got = run(all_at_once(CASES.iter().map(
        |&(name, bytes, answer)| async move {
            let server = start(quick(5_000, 5_000)).await;
            let seen =
                exchange_expecting(server.local_addr(), bytes, false, QUIET, answer)
                    .await;
            format!("{name}: {}", seen.summary())
        },
    )));
    let expected: Vec<String> = CASES
        .iter()
        .map(|(name, _, answer)| format!("{name}: {answer}"))
        .collect();
    assert_eq!(got, expected);
}

/// Node 20 destroys a CONNECT without a word (no `'connect'` listener), even one
/// pipelined behind a GET, and goes on serving other connections.
#[test]
fn connect_closed_silently_server_lives() {
    const CLOSED_SILENTLY: &str = " => closed";
    const SERVED: &str = "HTTP/1.1 200 OK => open";
    let got = run(async {
        let server = start(quick(5_000, 5_000)).await;
        let addr = server.local_addr();
        let mut got = Vec::new();
        for (bytes, answer) in [
            (&b"CONNECT a:1 HTTP/1.1\r\nHost: a\r\n\r\n"[..], CLOSED_SILENTLY),
            (
                b"GET / HTTP/1.1\r\nHost: a\r\n\r\nCONNECT a:1 HTTP/1.1\r\nHost: a\r\n\r\n",
                CLOSED_SILENTLY,
            ),
            (b"GET /after HTTP/1.1\r\nHost: a\r\n\r\n", SERVED),
        ] {
            let seen = exchange_expecting(addr, bytes, false, QUIET, answer).await;
            got.push(seen.summary());
        }
        got
    });
    assert_eq!(got, [CLOSED_SILENTLY, CLOSED_SILENTLY, SERVED]);
}

/// Bodies reach the handler whole: Content-Length, chunked in, HEAD without a body.
/// (The client's FIN after the request ends the connection once it is
/// answered, so no quiet period is waited out.)
fn bodies(bytes: &'static [u8], body: &str) {
    let text = run(async move {
        let server = start(quick(5_000, 5_000)).await;
        exchange(server.local_addr(), bytes, true, QUIET).await.text
    });
    let (_, got) = text.split_once("\r\n\r\n").expect("a head and a body");
    assert_eq!(got, body);
}
cases!(bodies {
    length: (b"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc",
    "POST /x 3\n"),
    chunked: (b"POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
    "POST /c 5\n"),
    head: (b"HEAD /h HTTP/1.1\r\nHost: a\r\n\r\n", ""),
});

/// The `100-continue` handshake as curl does it for a big upload: the head
/// alone, and the body only once `100 Continue` has come back.
#[test]
fn body_sent_after_100_continue() {
    let (interim, rest) = run(async {
        let server = start(quick(5_000, 5_000)).await;
        let mut client = TcpStream::connect(server.local_addr())
            .await
            .expect("connecting");
        client
            .write_all(
                b"POST /up HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\
                  Content-Length: 3\r\nConnection: close\r\n\r\n",
            )
            .await
            .expect("writing the head");
        let mut interim = [0u8; 25];
        timeout(Duration::from_secs(3), client.read_exact(&mut interim))
            .await
            .expect("an answer to the head alone")
            .expect("reading");
        client.write_all(b"abc").await.expect("writing the body");
        let mut rest = Vec::new();
        let _ = timeout(Duration::from_secs(3), client.read_to_end(&mut rest)).await;
        (
            String::from_utf8_lossy(&interim).into_owned(),
            String::from_utf8_lossy(&rest).into_owned(),
        )
    });
    assert_eq!(interim, "HTTP/1.1 100 Continue\r\n\r\n");
    assert!(
        rest.starts_with("HTTP/1.1 200 OK\r\n")
            && rest.ends_with("\r\n\r\nPOST /up 3\n"),
        "after the body: {rest:?}"
    );
}

/// An idle kept-alive connection is closed after `keep_alive_timeout` (5 s in Node).
#[test]
fn idle_keep_alive_closed() {
    let (exchanged, waited) = run(async {
        let server = start(quick(300, 5_000)).await;
        let started = Instant::now();
        let exchanged = exchange(
            server.local_addr(),
            b"GET / HTTP/1.1\r\nHost: a\r\n\r\n",
            false,
            Duration::from_secs(3),
        )
        .await;
        (exchanged, started.elapsed())
    });
    assert_eq!(exchanged.summary(), "HTTP/1.1 200 OK => closed");
    assert!(
        waited >= Duration::from_millis(300),
        "closed after {waited:?}"
    );
}

/// A slowloris client gets 408 and is closed, while another client is served at once.
#[test]
fn slow_client_timed_out_others_served() {
    let (slow, fast, fast_first) = run(async {
        // Any headers timeout shows it; a short one keeps the test short.
        let server = start(quick(5_000, 400)).await;
        let addr = server.local_addr();
        // The slow client connects and writes first, so a server that serves
        // one connection at a time is busy with it when the fast one comes.
        let mut slow = TcpStream::connect(addr).await.expect("connecting");
        slow.write_all(b"GET / HTTP/1.1\r\nHost: a\r\nX-Slow:")
            .await
            .expect("writing");
        let slow = tokio::spawn(async move {
            let mut answer = Vec::new();
            let read = timeout(Duration::from_secs(3), slow.read_to_end(&mut answer));
            // An end or a reset is a close, as `exchange` counts it.
            let closed = read.await.is_ok();
            let text = answer.iter().map(|&b| char::from(b)).collect();
            (Exchange { text, closed }, Instant::now())
        });
        let fast = exchange(
            addr,
            b"GET /fast HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
            false,
            QUIET,
        )
        .await;
        let fast_done = Instant::now();
        let (slow, slow_done) = slow.await.expect("slow client");
        (slow, fast, fast_done < slow_done)
    });
    assert_eq!(
        (slow.summary(), fast.summary()),
        (
            "HTTP/1.1 408 Request Timeout => closed".to_owned(),
            "HTTP/1.1 200 OK => closed".to_owned()
        )
    );
    assert!(
        fast_first,
        "the fast client was answered only after the slow one timed out: are \
         connections served one at a time?"
    );
}

/// The whole byte stream of one pipelined conversation, as a learner reads it
/// (`\r\n` shown, `Date` switched off): a 100 Continue, a chunked POST, a HEAD,
/// and a closing GET. Node 20 writes the same lines plus a `Date` header.
#[test]
fn pipelined_conversation_bytes() {
    let text = run(async {
        let config = Config {
            send_date: false,
            ..quick(5_000, 5_000)
        };
        let server = start(config).await;
        let bytes = b"POST /up HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nhi\
                      POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n\
                      HEAD /h HTTP/1.1\r\nHost: a\r\n\r\n\
                      GET /bye HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
        exchange(server.local_addr(), bytes, false, QUIET).await
    });
    let shown = text.text.replace("\r\n", "\\r\\n\n");
    let mut settings = kata_support::snapshot_settings(crate::katas::CHAPTER);
    settings.set_description("the server's bytes for four pipelined requests");
    settings.bind(|| {
        insta::assert_snapshot!(
            "pipelined_conversation",
            format!("{shown}\n[closed: {}]", text.closed)
        )
    });
}
