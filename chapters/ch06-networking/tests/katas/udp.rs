//! Katas of `udp.rs`: datagrams with their sender, truncation, and the notes'
//! `dgram` example against real Node 20 on the other end.

use tokio::net::UdpSocket;

/// A UDP socket on a free loopback port.
pub async fn socket() -> UdpSocket {
    UdpSocket::bind("127.0.0.1:0").await.expect("binding")
}

/// The notes' message.
pub const MESSAGE: &str = "深入浅出Node.js";

#[cfg(not(kata_skip = "udp::receive"))]
mod receive {
    use ch06_networking::udp::{Message, receive};
    use pretty_assertions::assert_eq;

    use super::socket;
    use crate::katas::run;

    /// Each datagram arrives whole with its sender; one longer than the buffer
    /// keeps its front and says it was cut.
    #[test]
    fn sender_and_truncation() {
        let (got, client_addr) = run(async {
            let server = socket().await;
            let client = socket().await;
            let to = server.local_addr().expect("an address");
            for payload in [&b"hello"[..], &[1u8; 8], &[2u8; 20]] {
                client.send_to(payload, to).await.expect("sending");
            }
            let mut got = Vec::new();
            for _ in 0..3 {
                got.push(receive(&server, 8).await.expect("receiving"));
            }
            (got, client.local_addr().expect("an address"))
        });
        let message = |bytes: &[u8], truncated| Message {
            bytes: bytes.to_vec(),
            from: client_addr,
            truncated,
        };
        assert_eq!(
            got,
            [
                message(b"hello", false),
                message(&[1; 8], false),
                message(&[2; 8], true)
            ]
        );
    }
}

#[cfg(not(kata_skip = "udp::serve"))]
mod serve {
    use ch06_networking::udp::serve;
    use pretty_assertions::assert_eq;

    use super::{MESSAGE, socket};
    use crate::katas::node::NodeChild;
    use crate::katas::run;

    /// Our server and a Rust client: the server's lines, the reply the client
    /// got and the client's port.
    fn ours() -> (Vec<String>, String, u16) {
        run(async {
            let server = socket().await;
            let client = socket().await;
            client
                .send_to(MESSAGE.as_bytes(), server.local_addr().expect("an address"))
                .await
                .expect("sending");
            let lines = serve(&server, 1, 65_536).await.expect("serving");
            let mut buf = [0u8; 64];
            let (n, _) = client.recv_from(&mut buf).await.expect("the reply");
            let port = client.local_addr().expect("an address").port();
            (lines, String::from_utf8_lossy(&buf[..n]).into_owned(), port)
        })
    }

    /// The notes' line for a Rust client, and the reply sent back to its address.
    #[test]
    fn notes_line_and_reply() {
        let (lines, reply, port) = ours();
        assert_eq!(
            lines,
            [format!("server got: {MESSAGE} from 127.0.0.1:{port}")]
        );
        assert_eq!(reply, "got 19 bytes");
    }

    /// Real Node 20's `dgram` client (the notes' client.js) gets our reply.
    #[test]
    fn real_node_dgram_client() {
        let got = run(async {
            let server = socket().await;
            let port = server.local_addr().expect("an address").port();
            // Node runs beside `serve` and is waited for afterwards: when
            // `serve` panics (a stub's `todo!`), the child is dropped, which
            // kills it, instead of a blocking task waiting out Node's 6 s.
            let node = NodeChild::start("dgram_client.js", &[port.to_string()]);
            let lines = serve(&server, 1, 65_536).await.expect("serving");
            (lines, node)
        });
        let (lines, node) = got;
        let node_lines = node.finish(std::time::Duration::from_secs(6));
        let node_port = node_lines[0].trim_start_matches("port ");
        assert_eq!(
            lines,
            [format!("server got: {MESSAGE} from 127.0.0.1:{node_port}")]
        );
        assert_eq!(node_lines[1], "reply got 19 bytes");
    }

    /// Real Node 20's `dgram` server (the notes' server.js) prints the same line ours does.
    #[test]
    fn same_line_as_real_node_server() {
        // Ours first: on a stub it panics before Node is started for nothing.
        ours();
        let mut node = NodeChild::start("dgram_server.js", &[]);
        let port: u16 = node.line().parse().expect("a port");
        let (reply, client_port) = run(async move {
            let client = socket().await;
            client
                .send_to(MESSAGE.as_bytes(), ("127.0.0.1", port))
                .await
                .expect("sending");
            let mut buf = [0u8; 64];
            let (n, _) = client.recv_from(&mut buf).await.expect("the reply");
            let client_port = client.local_addr().expect("an address").port();
            (String::from_utf8_lossy(&buf[..n]).into_owned(), client_port)
        });
        let node_lines = node.finish(std::time::Duration::from_secs(5));
        let ours = run(async move {
            let server = socket().await;
            // The same client port, so both servers print the same sender.
            let client = tokio::net::UdpSocket::bind(("127.0.0.1", client_port))
                .await
                .expect("rebinding the client's port");
            client
                .send_to(MESSAGE.as_bytes(), server.local_addr().expect("an address"))
                .await
                .expect("sending");
            serve(&server, 1, 65_536).await.expect("serving")
        });
        assert_eq!(reply, "got 19 bytes");
        assert_eq!(node_lines, ours);
    }
}
