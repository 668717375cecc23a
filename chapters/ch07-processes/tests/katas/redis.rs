//! Katas of `redis.rs`: RESP by hand, then workers sharing state through a real Redis.

#[cfg(not(kata_skip = "redis::encode"))]
mod encode {
    use ch07_processes::redis::encode;
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    /// An array of bulk strings; lengths in bytes.
    #[test]
    fn array_of_bulk_strings() {
        let got = bounded(|| encode(&[b"SET", b"k", "é\r\n".as_bytes()]));
        assert_eq!(
            got,
            b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$4\r\n\xc3\xa9\r\n\r\n".to_vec()
        );
    }

    /// No arguments is an empty array.
    #[test]
    fn empty() {
        assert_eq!(bounded(|| encode(&[])), b"*0\r\n".to_vec());
    }
}

#[cfg(not(kata_skip = "redis::parse"))]
mod parse {
    use ch07_processes::redis::{Reply, parse};
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    /// Each type, with the bytes it used.
    fn one_reply(input: &'static [u8], reply: Reply, used: usize) {
        assert_eq!(bounded(move || parse(input)), Ok(Some((reply, used))));
    }
    cases!(one_reply {
        simple: (b"+PONG\r\n", Reply::Simple("PONG".into()), 7),
        error: (b"-ERR wrong\r\n", Reply::Error("ERR wrong".into()), 12),
        integer: (b":-42\r\nrest", Reply::Integer(-42), 6),
        bulk_with_crlf_inside: (
            b"$4\r\na\r\nb\r\n",
            Reply::Bulk(b"a\r\nb".to_vec()),
            10
        ),
        nil: (b"$-1\r\n", Reply::Nil, 5),
        // `$0` is the empty string, not nil: only a negative length is nil.
        empty_bulk: (b"$0\r\n\r\n", Reply::Bulk(vec![]), 6),
        nil_array: (b"*-1\r\n", Reply::Nil, 5),
        empty_array: (b"*0\r\n", Reply::Array(vec![]), 4),
        nested: (
            b"*2\r\n*1\r\n:1\r\n$1\r\nx\r\n",
            Reply::Array(vec![
                Reply::Array(vec![Reply::Integer(1)]),
                Reply::Bulk(b"x".to_vec())
            ]),
            19
        ),
    });

    /// Every proper prefix of a reply is "not yet", never an error or a wrong reply.
    #[test]
    fn incomplete_is_none() {
        let whole = b"*3\r\n$7\r\nmessage\r\n$6\r\nconfig\r\n$4\r\nblue\r\n";
        let got = bounded(move || {
            (1..whole.len())
                .map(|n| parse(&whole[..n]))
                .collect::<Vec<_>>()
        });
        assert!(got.iter().all(|r| *r == Ok(None)), "{got:?}");
    }

    /// Ours first: the Rust side reads every reply with `parse`, so a stub
    /// panics here, in the test, before Redis and workers are started for
    /// nothing.
    fn parse_runs() {
        let _ = bounded(|| parse(b"+OK\r\n"));
    }

    /// Bytes that are not RESP are an error naming the offset.
    #[test]
    fn garbage_is_an_error() {
        let got = bounded(|| parse(b"hello\r\n"));
        assert!(matches!(got, Err(ref e) if e.offset == 0), "{got:?}");
    }

    /// A real Redis: two worker processes increment one counter 200 times each;
    /// the store, not the workers, keeps the state, so none is lost.
    #[test]
    fn workers_share_a_counter_in_redis() {
        use ch07_processes::channel::Event;
        use ch07_processes::fork::{ForkOptions, fork};
        use ch07_processes::redis::Client;
        parse_runs();
        bounded(|| {
            let redis = crate::RedisServer::start();
            let options = ForkOptions {
                env: vec![("REDIS_ADDR".to_owned(), redis.addr.to_string())],
                ..ForkOptions::default()
            };
            let mut workers: Vec<_> = (0..2)
                .map(|_| {
                    fork(&crate::child_program(), &["redis", "incr", "200"], &options)
                        .expect("fork")
                })
                .collect();
            for worker in workers.iter_mut() {
                assert!(matches!(
                    worker.receiver.recv(crate::LIMIT),
                    Ok(Event::Message(_))
                ));
                worker.child.wait_for(crate::LIMIT).expect("exits");
            }
            let mut client =
                Client::connect(redis.addr, crate::LIMIT).expect("connect");
            assert_eq!(
                client.command(&["GET", "counter"]).expect("GET"),
                Reply::Bulk(b"400".to_vec())
            );
            let mut pids: Vec<u32> = workers.iter().map(|w| w.child.pid).collect();
            pids.push(redis.pid());
            drop(workers);
            drop(redis);
            crate::assert_reaped(&pids);
        });
    }

    /// Polling and subscription both learn a new value: the subscriber without asking,
    /// the poller after some GETs (the bench `notify` measures how long each takes).
    #[test]
    fn poll_and_subscribe_both_notice() {
        use ch07_processes::channel::Event;
        use ch07_processes::fork::{ForkOptions, fork};
        use ch07_processes::redis::Client;
        use serde_json::json;
        parse_runs();
        bounded(|| {
            let redis = crate::RedisServer::start();
            let options = ForkOptions {
                env: vec![("REDIS_ADDR".to_owned(), redis.addr.to_string())],
                ..ForkOptions::default()
            };
            let program = crate::child_program();
            let mut subscriber =
                fork(&program, &["redis", "subscribe"], &options).expect("fork");
            let mut poller =
                fork(&program, &["redis", "poll", "20"], &options).expect("fork");
            for child in [&mut subscriber, &mut poller] {
                assert!(
                    matches!(child.receiver.recv(crate::LIMIT), Ok(Event::Message(m)) if m.get("ready").is_some())
                );
            }
            let mut client =
                Client::connect(redis.addr, crate::LIMIT).expect("connect");
            client.command(&["SET", "config", "blue"]).expect("SET");
            client
                .command(&["PUBLISH", "config", "blue"])
                .expect("PUBLISH");
            for child in [&mut subscriber, &mut poller] {
                match child.receiver.recv(crate::LIMIT).expect("notified") {
                    Event::Message(m) => assert_eq!(m["seen"], json!("blue")),
                    other => panic!("{other:?}"),
                }
            }
            let mut pids = vec![subscriber.child.pid, poller.child.pid, redis.pid()];
            pids.sort_unstable();
            drop((subscriber, poller));
            drop(redis);
            crate::assert_reaped(&pids);
        });
    }
}
