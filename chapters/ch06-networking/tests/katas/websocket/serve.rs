//! Kata `websocket::serve`: the echo server, with a real Rust client
//! (`tokio-tungstenite`) and with raw frames for the protocol errors.

use std::time::Duration;

use ch06_networking::frame::{self, Frame};
use ch06_networking::websocket::{MAX_MESSAGE, WsServer};
use futures_util::{SinkExt, StreamExt};
use kata_support::cases;
use pretty_assertions::assert_eq;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

use crate::katas::{exchange, run};

const WAIT: Duration = Duration::from_secs(5);

/// tokio-tungstenite: text, binary, ping and the close handshake, all echoed.
#[test]
fn tungstenite_client_echo_ping_close() {
    let seen = run(async {
        let server = WsServer::bind("127.0.0.1:0", MAX_MESSAGE)
            .await
            .expect("binding");
        let stream = TcpStream::connect(server.local_addr())
            .await
            .expect("connecting");
        let url = format!("ws://{}/echo", server.local_addr());
        let (mut ws, _) = tokio_tungstenite::client_async(url, stream)
            .await
            .expect("handshake");
        let mut seen = Vec::new();
        let big = "x".repeat(70_000);
        for message in [
            Message::text("hello"),
            Message::binary(vec![0u8, 1, 2]),
            Message::Ping(b"p".to_vec().into()),
            Message::text(big.clone()),
        ] {
            ws.send(message).await.expect("sending");
            let reply = timeout(WAIT, ws.next()).await.expect("a reply in time");
            seen.push(match reply.expect("open").expect("a message") {
                Message::Text(t) if t.len() > 100 => {
                    format!("text of {} bytes", t.len())
                }
                other => format!("{other:?}"),
            });
        }
        ws.close(Some(CloseFrame {
            code: CloseCode::Normal,
            reason: "bye".into(),
        }))
        .await
        .expect("closing");
        let last = timeout(WAIT, ws.next()).await.expect("a close in time");
        seen.push(format!(
            "{:?}",
            last.map(|m| m.map(|m| match m {
                Message::Close(Some(f)) => format!("close {}", u16::from(f.code)),
                other => format!("{other:?}"),
            }))
        ));
        seen
    });
    assert_eq!(
        seen,
        [
            "Text(Utf8Bytes(b\"hello\"))",
            "Binary(b\"\\0\\x01\\x02\")",
            "Pong(b\"p\")",
            "text of 70000 bytes",
            "Some(Ok(\"close 1000\"))",
        ]
    );
}

/// A client's upgrade request, the RFC's example key.
const UPGRADE: &[u8] = b"GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\
    Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\
    Sec-WebSocket-Version: 13\r\n\r\n";

/// A client that leaves without a close frame (FIN right after the handshake):
/// the session ends and the server closes its side, instead of reading the end
/// of the stream for ever.
#[test]
fn fin_without_close_frame_ends_the_session() {
    let (answer, closed) = run(async {
        let server = WsServer::bind("127.0.0.1:0", MAX_MESSAGE)
            .await
            .expect("binding");
        let mut stream = TcpStream::connect(server.local_addr())
            .await
            .expect("connecting");
        stream.write_all(UPGRADE).await.expect("writing");
        stream.shutdown().await.expect("FIN");
        let mut got = Vec::new();
        let closed = timeout(WAIT, stream.read_to_end(&mut got)).await.is_ok();
        (String::from_utf8_lossy(&got).into_owned(), closed)
    });
    // The session began (a server that dies at once closes too).
    assert!(
        answer.starts_with("HTTP/1.1 101 Switching Protocols\r\n"),
        "no 101: {answer:?}"
    );
    assert!(
        closed,
        "the server kept the connection after the client's FIN"
    );
}

/// Sends a client handshake and `frames` raw, returns what came back after the 101.
async fn raw_session(max: usize, frames: &[u8]) -> Vec<u8> {
    let server = WsServer::bind("127.0.0.1:0", max).await.expect("binding");
    let mut stream = TcpStream::connect(server.local_addr())
        .await
        .expect("connecting");
    stream.write_all(UPGRADE).await.expect("writing");
    stream.write_all(frames).await.expect("writing frames");
    let mut got = Vec::new();
    let _ = timeout(WAIT, stream.read_to_end(&mut got)).await;
    let end = got
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(0, |i| i + 4);
    got.split_off(end)
}

fn masked(fin: bool, opcode: u8, payload: &[u8]) -> Vec<u8> {
    let f = Frame {
        fin,
        rsv: 0,
        opcode,
        mask: Some([9, 8, 7, 6]),
        payload: payload.to_vec(),
    };
    frame::encode(&f).expect("a valid frame")
}

/// Protocol errors end with a close frame carrying the right code.
fn protocol_errors_closed_with_code(frames: Vec<u8>, code: u16) {
    let got = run(async move { raw_session(100, &frames).await });
    let mut expected = vec![0x88, 0x02];
    expected.extend_from_slice(&code.to_be_bytes());
    assert_eq!(got, expected);
}
cases!(protocol_errors_closed_with_code {
    unmasked: (
        frame::encode(&Frame::new(frame::TEXT, b"a".to_vec())).expect("valid"),
        1002
    ),
    reserved_opcode: (vec![0x83, 0x80, 0, 0, 0, 0], 1002),
    invalid_utf8: (masked(true, frame::TEXT, b"\xc3\x28"), 1007),
    too_big: (masked(true, frame::BINARY, &[0; 200]), 1009),
    bad_close_code: (masked(true, frame::CLOSE, &[0x03, 0xed]), 1002),
});

/// Handshake refusals are HTTP answers, then close.
fn handshake_refused(bytes: &'static [u8], expected: &str) {
    let got = run(async move {
        let server = WsServer::bind("127.0.0.1:0", MAX_MESSAGE)
            .await
            .expect("binding");
        exchange(
            server.local_addr(),
            bytes,
            false,
            Duration::from_millis(500),
        )
        .await
        .summary()
    });
    assert_eq!(got, expected);
}
cases!(handshake_refused {
    missing_key: (b"GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n",
    "HTTP/1.1 400 Bad Request => closed"),
    wrong_version: (b"GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 12\r\n\r\n",
    "HTTP/1.1 400 Bad Request => closed"),
});
