//! Katas of `handle.rs`: a socket's descriptor sent over the channel, to Rust and Node children.

#[cfg(not(kata_skip = "handle::send_handle"))]
mod send_handle {
    use std::collections::BTreeMap;
    use std::io::Read;
    use std::net::TcpListener;
    use std::os::unix::net::UnixStream;

    use ch07_processes::channel::{self, Event};
    use ch07_processes::fork::{ForkOptions, Forked, fork};
    use ch07_processes::handle::{HandleType, send_handle};
    use ch07_processes::http;
    use kata_support::bounded;
    use pretty_assertions::assert_eq;
    use serde_json::json;

    fn server_child(id: &str) -> Forked {
        let options = ForkOptions {
            env: vec![("CH07_ID".to_owned(), id.to_owned())],
            ..ForkOptions::default()
        };
        fork(&crate::child_program(), &["server"], &options).expect("forks")
    }

    fn listening(child: &mut Forked) {
        match child.receiver.recv(crate::LIMIT).expect("an event") {
            Event::Message(m) if m.get("listening").is_some() => {}
            other => panic!("expected listening, got {other:?}"),
        }
    }

    /// The exact line Node sends beside a `net.Server`: keys in Node's order.
    #[test]
    fn the_node_handle_line() {
        let got = bounded(|| {
            let (ours, mut theirs) = UnixStream::pair().expect("pair");
            let (sender, _receiver) = channel::channel(ours).expect("channel");
            let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
            send_handle(
                &sender,
                &json!({"srv": true}),
                HandleType::NetServer,
                &listener,
            )
            .expect("send");
            let mut line = vec![0u8; 200];
            let n = theirs.read(&mut line).expect("read");
            String::from_utf8_lossy(&line[..n]).into_owned()
        });
        assert_eq!(
            got,
            "{\"cmd\":\"NODE_HANDLE\",\"type\":\"net.Server\",\"msg\":{\"srv\":true}}\n"
        );
    }

    /// Real Node 20 (recorded, `tests/oracle/wire.js`) sends the same line, and its
    /// descriptor arrives with it.
    #[test]
    fn real_node_sends_the_same_line() {
        let script = crate::oracle_script("wire.js");
        let input = std::fs::read_to_string(&script).expect("wire.js");
        let env = [("CH07_CHILD", crate::child_program())];
        let node =
            crate::recorded_node("wire", &input, &[&script.to_string_lossy()], &env);
        let ours = bounded(|| {
            let (ours, mut theirs) = UnixStream::pair().expect("pair");
            let (sender, _receiver) = channel::channel(ours).expect("channel");
            let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
            send_handle(
                &sender,
                &json!({"srv": true}),
                HandleType::NetServer,
                &listener,
            )
            .expect("send");
            let mut line = vec![0u8; 200];
            let n = theirs.read(&mut line).expect("read");
            String::from_utf8_lossy(&line[..n]).trim_end().to_owned()
        });
        assert_eq!(node[4], format!("{ours}\t+fd"));
    }

    /// Two children accept on one port; the parent closes its copy and every request is answered.
    #[test]
    fn children_share_a_port() {
        bounded(|| {
            let mut a = server_child("a");
            let mut b = server_child("b");
            let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
            let addr = listener.local_addr().expect("addr");
            for child in [&a, &b] {
                send_handle(
                    &child.sender,
                    &json!("server"),
                    HandleType::NetServer,
                    &listener,
                )
                .expect("send");
            }
            listening(&mut a);
            listening(&mut b);
            drop(listener);
            let mut served = BTreeMap::new();
            for _ in 0..40 {
                let body = http::get(addr, "/", crate::LIMIT).expect("answered");
                *served.entry(body).or_insert(0) += 1;
            }
            assert_eq!(served.values().sum::<i32>(), 40);
            assert!(served.keys().all(|k| k == "a" || k == "b"), "{served:?}");
            let pids = [a.child.pid, b.child.pid];
            drop((a, b));
            crate::assert_reaped(&pids);
        });
    }

    /// Connected sockets dealt in turn: the parent accepts, each child answers exactly half.
    #[test]
    fn connections_dealt_by_hand() {
        bounded(|| {
            let children = [server_child("a"), server_child("b")];
            let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
            let addr = listener.local_addr().expect("addr");
            let client = std::thread::spawn(move || {
                (0..10)
                    .map(|_| http::get(addr, "/", crate::LIMIT).expect("answered"))
                    .collect::<Vec<_>>()
            });
            for i in 0..10 {
                let (stream, _) = listener.accept().expect("accept");
                send_handle(
                    &children[i % 2].sender,
                    &json!(i),
                    HandleType::NetSocket,
                    &stream,
                )
                .expect("send");
            }
            let bodies = client.join().expect("client");
            assert_eq!(bodies, ["a", "b", "a", "b", "a", "b", "a", "b", "a", "b"]);
        });
    }

    /// Interop: a real Node 20 child takes the listening socket and answers on it.
    #[test]
    fn to_a_real_node_child() {
        bounded(|| {
            let node = crate::node20().to_string_lossy().into_owned();
            let script = crate::oracle_script("server.js")
                .to_string_lossy()
                .into_owned();
            let mut child =
                fork(&node, &[&script], &ForkOptions::default()).expect("forks node");
            let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
            let addr = listener.local_addr().expect("addr");
            send_handle(
                &child.sender,
                &json!("server"),
                HandleType::NetServer,
                &listener,
            )
            .expect("send");
            match child.receiver.recv(crate::LIMIT).expect("an event") {
                Event::Message(m) => {
                    assert_eq!(m, json!({"listening": "server", "type": "Server"}))
                }
                other => panic!("{other:?}"),
            }
            drop(listener);
            assert_eq!(
                http::get(addr, "/", crate::LIMIT).expect("answered"),
                "node"
            );
        });
    }

    /// A cluster with shared accept: the primary sends its listening socket to each of
    /// three workers, which all accept on it; every request is answered, by whichever
    /// worker the kernel picked. (The round-robin primary is `cluster::next`'s.)
    #[test]
    fn a_cluster_shares_its_port() {
        use crate::cluster::{config, pids, serve};
        use ch07_processes::cluster::Strategy;
        use ch07_processes::primary::Primary;
        kata_support::bounded_for(std::time::Duration::from_secs(40), || {
            let primary =
                Primary::start(config(3, Strategy::Shared)).expect("starts");
            let served = serve(&primary, 30);
            assert_eq!(served.values().sum::<usize>(), 30, "{served:?}");
            let started = pids(&primary);
            primary.shutdown(crate::LIMIT).expect("graceful");
            crate::assert_reaped(&started);
        });
    }
}

#[cfg(not(kata_skip = "handle::adopt"))]
mod adopt {
    use std::collections::VecDeque;
    use std::io::Read;
    use std::net::TcpListener;
    use std::os::fd::OwnedFd;
    use std::os::unix::net::UnixStream;

    use ch07_processes::channel::{self, Event};
    use ch07_processes::handle::adopt;
    use kata_support::bounded;
    use pretty_assertions::assert_eq;
    use serde_json::{Value, json};

    /// One `NODE_HANDLE` line and a listener through `adopt`: the handle's kind,
    /// the inner message, whether the descriptor is the same listener, and the
    /// line sent back.
    fn adopt_one() -> (String, Value, bool, String) {
        bounded(|| {
            let (ours, mut theirs) = UnixStream::pair().expect("pair");
            let (sender, _receiver) = channel::channel(ours).expect("channel");
            let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
            let port = listener.local_addr().expect("addr").port();
            let mut fds: VecDeque<OwnedFd> =
                VecDeque::from([OwnedFd::from(listener)]);
            let line =
                json!({"cmd": "NODE_HANDLE", "type": "net.Server", "msg": {"n": 1}});
            let Event::Handle { message, kind, fd } = adopt(line, &mut fds, &sender)
            else {
                panic!("expected a handle");
            };
            let again = TcpListener::from(fd);
            let mut ack = vec![0u8; 100];
            let n = theirs.read(&mut ack).expect("read");
            (
                kind,
                message,
                again.local_addr().expect("addr").port() == port,
                String::from_utf8_lossy(&ack[..n]).into_owned(),
            )
        })
    }

    /// The descriptor comes out with the inner message, and the ACK goes back.
    #[test]
    fn pairs_and_acknowledges() {
        let (kind, message, same_port, ack) = adopt_one();
        assert_eq!(kind, "net.Server");
        assert_eq!(message, json!({"n": 1}));
        assert!(same_port);
        assert_eq!(ack, "{\"cmd\":\"NODE_HANDLE_ACK\"}\n");
    }

    /// Which of two listeners, `"first"` (sent first) or `"second"`, went where.
    #[derive(Debug, PartialEq, Eq)]
    struct Descriptors {
        taken: &'static str,
        still_queued: Vec<&'static str>,
    }

    /// Two descriptors waiting (two `NODE_HANDLE`s read in one go): the oldest is
    /// this message's, and the newer one stays queued for the next.
    #[test]
    fn takes_the_oldest_descriptor() {
        let got = bounded(|| {
            let (ours, _theirs) = UnixStream::pair().expect("pair");
            let (sender, _receiver) = channel::channel(ours).expect("channel");
            let first = TcpListener::bind("127.0.0.1:0").expect("bind");
            let second = TcpListener::bind("127.0.0.1:0").expect("bind");
            let port = |l: &TcpListener| l.local_addr().expect("addr").port();
            let ports = [port(&first), port(&second)];
            let mut fds: VecDeque<OwnedFd> =
                VecDeque::from([OwnedFd::from(first), OwnedFd::from(second)]);
            let line =
                json!({"cmd": "NODE_HANDLE", "type": "net.Server", "msg": {"n": 1}});
            let Event::Handle { fd, .. } = adopt(line, &mut fds, &sender) else {
                panic!("expected a handle");
            };
            let which = |fd: OwnedFd| {
                let got = port(&TcpListener::from(fd));
                if got == ports[0] {
                    "first"
                } else if got == ports[1] {
                    "second"
                } else {
                    "another"
                }
            };
            Descriptors {
                taken: which(fd),
                still_queued: fds.into_iter().map(which).collect(),
            }
        });
        assert_eq!(
            got,
            Descriptors {
                taken: "first",
                still_queued: vec!["second"]
            },
            "descriptors arrive in the order their NODE_HANDLE lines were sent: \
             a message takes the oldest waiting (the front of `fds`), not the newest"
        );
    }

    /// A NODE_HANDLE with no descriptor is an error event.
    #[test]
    fn no_descriptor_is_an_error() {
        let got = bounded(|| {
            let (ours, _theirs) = UnixStream::pair().expect("pair");
            let (sender, _receiver) = channel::channel(ours).expect("channel");
            let line = json!({"cmd": "NODE_HANDLE", "type": "net.Socket", "msg": 1});
            matches!(adopt(line, &mut VecDeque::new(), &sender), Event::Error(_))
        });
        assert!(got);
    }

    /// Interop: a real Node 20 parent sends two servers; the second leaves Node only
    /// after the Rust child's NODE_HANDLE_ACK for the first.
    #[test]
    fn from_a_real_node_parent() {
        // Ours first: on a stub it panics before Node is started for nothing.
        adopt_one();
        bounded(|| {
            let (lines, stderr, code) = crate::node_parent_of_rust_child("handles");
            assert_eq!(code, Some(0), "{stderr}");
            let seen: Vec<Value> = lines
                .iter()
                .map(|l| serde_json::from_str(l).expect("json"))
                .collect();
            assert_eq!(
                seen,
                vec![
                    json!({"message": {"echo": {"n": 1}, "handle": "net.Server"}, "handle": null}),
                    json!({"message": {"echo": {"n": 2}, "handle": "net.Server"}, "handle": null}),
                    json!({"exit": [5, null]}),
                ],
                "what the Node parent saw; stderr:\n{stderr}"
            );
        });
    }
}
