//! Katas of `client.rs`: `http.request` on one connection and a pooling agent,
//! against the chapter's server and against real Node 20's `http` server.

use std::time::Duration;

use ch06_networking::server::{Config, Server, echo_handler};

/// The echo server with Node's settings.
pub async fn server() -> Server {
    let config = Config {
        keep_alive_timeout: Duration::from_secs(5),
        ..Config::default()
    };
    Server::bind("127.0.0.1:0", echo_handler(), config)
        .await
        .expect("binding")
}

#[cfg(not(kata_skip = "client::request"))]
mod request {
    use std::time::Duration;

    use ch06_networking::client::{ClientResponse, request};
    use ch06_networking::server::Conn;
    use pretty_assertions::assert_eq;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::{TcpListener, TcpStream};

    use super::server;
    use crate::katas::node::NodeChild;
    use crate::katas::run;

    /// A response on one line: status, body and whether the connection stays.
    fn shown(response: &ClientResponse) -> String {
        format!(
            "{} {:?} keep_alive={}",
            response.status,
            String::from_utf8_lossy(&response.body),
            response.keep_alive
        )
    }

    /// Our client against the chapter's server: three requests on one
    /// connection, each response as [`shown`] puts it.
    fn ours() -> Vec<String> {
        run(async {
            let server = server().await;
            let stream = TcpStream::connect(server.local_addr())
                .await
                .expect("connecting");
            let mut conn = Conn::new(stream);
            let mut got = Vec::new();
            for (method, path, body) in [
                ("POST", "/a", &b"abc"[..]),
                ("HEAD", "/h", b""),
                ("GET", "/b", b""),
            ] {
                let response = request(&mut conn, method, "a", path, body)
                    .await
                    .expect("a response");
                got.push(shown(&response));
            }
            got
        })
    }

    /// Three requests on one connection: bodies, HEAD, keep-alive, then close.
    #[test]
    fn three_on_one_connection() {
        assert_eq!(
            ours(),
            [
                "200 \"POST /a 3\\n\" keep_alive=true",
                "200 \"\" keep_alive=true",
                "200 \"GET /b 0\\n\" keep_alive=true",
            ]
        );
    }

    /// Answers that arrive in pieces, as a slow server sends them: the client reads
    /// on until each body is whole, by `Content-Length`, by chunks, or by the close;
    /// a `304` has no body whatever its `Content-Length` says.
    #[test]
    fn bodies_in_pieces() {
        const ANSWERS: [(&str, &[&[u8]]); 4] = [
            (
                "/length",
                &[
                    b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello",
                    b"world",
                ],
            ),
            (
                "/chunked",
                &[
                    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\
                      5\r\nhello\r\n",
                    b"5\r\nworld\r\n0\r\n\r\n",
                ],
            ),
            (
                "/cached",
                &[b"HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n"],
            ),
            (
                "/close",
                &[
                    b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nhel",
                    b"lo",
                    b"world",
                ],
            ),
        ];
        let got = run(async {
            let listener = TcpListener::bind("127.0.0.1:0").await.expect("binding");
            let addr = listener.local_addr().expect("an address");
            let server = tokio::spawn(async move {
                let (mut stream, _) = listener.accept().await.expect("accepting");
                for (_, pieces) in ANSWERS {
                    // Each request is a GET: its head is all there is to read.
                    let mut head = Vec::new();
                    while !head.ends_with(b"\r\n\r\n") {
                        let mut byte = [0u8; 1];
                        if stream.read(&mut byte).await.expect("reading") == 0 {
                            return;
                        }
                        head.push(byte[0]);
                    }
                    for piece in pieces {
                        stream.write_all(piece).await.expect("writing");
                        tokio::time::sleep(Duration::from_millis(20)).await;
                    }
                }
            });
            let stream = TcpStream::connect(addr).await.expect("connecting");
            let mut conn = Conn::new(stream);
            let mut got = Vec::new();
            for (path, _) in ANSWERS {
                let response = request(&mut conn, "GET", "a", path, b"")
                    .await
                    .expect("a response");
                got.push(shown(&response));
            }
            let _ = server.await;
            got
        });
        assert_eq!(
            got,
            [
                "200 \"helloworld\" keep_alive=true",
                "200 \"helloworld\" keep_alive=true",
                "304 \"\" keep_alive=true",
                "200 \"helloworld\" keep_alive=false",
            ]
        );
    }

    /// Real Node 20's `http` server answers our client the same way.
    #[test]
    fn real_node_server() {
        // Ours first: on a stub it panics before Node is started for nothing.
        ours();
        let handler = std::fs::read_to_string(kata_support::chapter_file(
            crate::katas::CHAPTER,
            "tests/node/handler.js",
        ))
        .expect("handler.js");
        let server = std::fs::read_to_string(kata_support::chapter_file(
            crate::katas::CHAPTER,
            "tests/node/server.js",
        ))
        .expect("server.js");
        // Removed when dropped, also when a request below panics.
        let dir = tempfile::tempdir().expect("a temp dir");
        let script = dir.path().join("server.js");
        std::fs::write(&script, format!("{handler}\n{server}"))
            .expect("writing the script");
        let node = kata_support::oracle::require_node(
            kata_support::oracle::NodeVersion::V20,
        );
        let mut child = NodeChild::start_with(node, script, &[]);
        let port: u16 = child.line().parse().expect("a port");
        let got = run(async move {
            let stream = TcpStream::connect(("127.0.0.1", port))
                .await
                .expect("connecting");
            let mut conn = Conn::new(stream);
            let first = request(&mut conn, "POST", "a", "/n", b"hello")
                .await
                .expect("a response");
            let second = request(&mut conn, "GET", "a", "/m", b"")
                .await
                .expect("a response");
            [first, second].map(|r| {
                format!(
                    "{} {:?} keep_alive={} {}",
                    r.status,
                    String::from_utf8_lossy(&r.body),
                    r.keep_alive,
                    r.header("keep-alive").unwrap_or("-")
                )
            })
        });
        drop(child);
        assert_eq!(
            got,
            [
                "200 \"POST /n 5\\n\" keep_alive=true timeout=5",
                "200 \"GET /m 0\\n\" keep_alive=true timeout=5",
            ]
        );
    }
}

#[cfg(not(kata_skip = "client::agent_request"))]
mod agent_request {
    use std::sync::Arc;
    use std::sync::atomic::Ordering;

    use ch06_networking::client::Agent;
    use pretty_assertions::assert_eq;

    use super::server;
    use crate::katas::run;

    /// Five requests one after another reuse one kept-alive connection.
    #[test]
    fn sequential_requests_reuse_one_socket() {
        let (reused, created) = run(async {
            let server = server().await;
            let agent = Agent::new(server.local_addr(), 4);
            let mut reused = Vec::new();
            for i in 0..5 {
                let (response, was_reused) = agent
                    .request("GET", &format!("/{i}"), b"")
                    .await
                    .expect("a response");
                assert_eq!(response.body, format!("GET /{i} 0\n").into_bytes());
                reused.push(was_reused);
            }
            (reused, agent.created.load(Ordering::SeqCst))
        });
        assert_eq!((reused, created), (vec![false, true, true, true, true], 1));
    }

    /// Twenty concurrent requests through `maxSockets = 2`: never more than two
    /// connections, every answer right.
    #[test]
    fn max_sockets_limits_connections() {
        let (answers, created) = run(async {
            let server = server().await;
            let agent = Arc::new(Agent::new(server.local_addr(), 2));
            let tasks: Vec<_> = (0..20)
                .map(|i| {
                    let agent = agent.clone();
                    tokio::spawn(async move {
                        let (response, _) = agent
                            .request("POST", &format!("/{i}"), &vec![b'x'; i])
                            .await
                            .expect("a response");
                        response.body == format!("POST /{i} {i}\n").into_bytes()
                    })
                })
                .collect();
            let mut answers = 0;
            for task in tasks {
                answers += usize::from(task.await.expect("a request task"));
            }
            (answers, agent.created.load(Ordering::SeqCst))
        });
        assert_eq!(answers, 20);
        assert!((1..=2).contains(&created), "opened {created} connections");
    }

    /// A server that closes after each answer: nothing is pooled, each request connects anew.
    #[test]
    fn closed_connections_not_pooled() {
        let created = run(async {
            let server = server().await;
            let agent = Agent::new(server.local_addr(), 4);
            for _ in 0..3 {
                // A target with a space is refused with 400 and the connection closed.
                let result = agent
                    .request("GET", "/bad path", b"")
                    .await
                    .expect("a response");
                assert_eq!(
                    (result.0.status, result.0.keep_alive, result.1),
                    (400, false, false)
                );
            }
            agent.created.load(Ordering::SeqCst)
        });
        assert_eq!(created, 3);
    }
}
