//! Katas of `fork.rs`: a real child with Node's IPC channel, a Rust or a Node 20 child.
//! (A Node 20 parent forking the Rust child needs no `fork` of ours: `ipc::push` has it.)

#[cfg(not(kata_skip = "fork::fork"))]
mod fork {
    use std::time::Duration;

    use ch07_processes::Exit;
    use ch07_processes::channel::Event;
    use ch07_processes::exec::{ExecOptions, exec};
    use ch07_processes::fork::{ForkOptions, Forked, fork};
    use ch07_processes::spawn::{StdioMode, spawn};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;
    use serde_json::{Value, json};

    fn echo_child() -> Forked {
        fork(&crate::child_program(), &["echo"], &ForkOptions::default())
            .expect("forks")
    }

    fn message(forked: &mut Forked) -> Value {
        match forked.receiver.recv(crate::LIMIT).expect("an event") {
            Event::Message(value) => value,
            other => panic!("expected a message, got {other:?}"),
        }
    }

    /// A message there and back through a Rust child.
    #[test]
    fn round_trip() {
        bounded(|| {
            let mut child = echo_child();
            child
                .sender
                .send(&json!({"hello": [1, 2, 3]}))
                .expect("send");
            let pid = child.child.pid;
            assert_eq!(
                message(&mut child),
                json!({"echo": {"hello": [1, 2, 3]}, "pid": pid})
            );
            child
                .sender
                .send(&json!({"cmd": "exit", "code": 3}))
                .expect("send");
            assert!(matches!(
                child.receiver.recv(crate::LIMIT),
                Ok(Event::Disconnect)
            ));
            let exit = child.child.wait_for(crate::LIMIT).expect("exits");
            assert_eq!(
                exit,
                Exit {
                    code: Some(3),
                    signal: None
                }
            );
            drop(child);
            crate::assert_reaped(&[pid]);
        });
    }

    /// The child sees Node's two variables, and the descriptor is open in it.
    #[test]
    fn sets_node_channel_fd() {
        bounded(|| {
            let options = ForkOptions {
                stdio: StdioMode::Pipe,
                ..ForkOptions::default()
            };
            let script = "echo $NODE_CHANNEL_SERIALIZATION_MODE; test -S /proc/self/fd/$NODE_CHANNEL_FD && echo socket";
            let mut child = fork("sh", &["-c", script], &options).expect("forks");
            let Some(mut stdout) = child.child.stdout.take() else {
                panic!(
                    "fork(\"sh\", …, ForkOptions {{ stdio: StdioMode::Pipe, .. }}) gave no \
                     stdout to read: the child's three streams are set up as \
                     `options.stdio` says (Node's `fork(…, {{ stdio: 'pipe' }})`), and \
                     `ChildProcess::new` takes the piped ones"
                )
            };
            let mut text = String::new();
            std::io::Read::read_to_string(&mut stdout, &mut text).expect("read");
            assert_eq!(text, "json\nsocket\n");
            assert!(matches!(
                child.receiver.recv(crate::LIMIT),
                Ok(Event::Disconnect)
            ));
        });
    }

    /// Messages larger than a socket buffer, both ways.
    #[test]
    fn a_megabyte_each_way() {
        bounded(|| {
            let mut child = echo_child();
            child
                .sender
                .send(&json!({"cmd": "big", "bytes": 1 << 20}))
                .expect("send");
            let big = message(&mut child);
            assert_eq!(big["big"].as_str().map(str::len), Some(1 << 20));
            let payload = "y".repeat(1 << 20);
            child
                .sender
                .send(&json!({"payload": payload}))
                .expect("send");
            let back = message(&mut child);
            assert_eq!(
                back["echo"]["payload"].as_str().map(str::len),
                Some(1 << 20)
            );
        });
    }

    /// A child killed mid-message: the whole message before it arrives, the half line is
    /// dropped, then `disconnect`, then `exit` with `(null, 'SIGKILL')`.
    #[test]
    fn child_dies_mid_message() {
        bounded(|| {
            let mut child = echo_child();
            child
                .sender
                .send(&json!({"cmd": "die-mid-message"}))
                .expect("send");
            assert_eq!(message(&mut child), json!({"last": "whole"}));
            assert!(matches!(
                child.receiver.recv(crate::LIMIT),
                Ok(Event::Disconnect)
            ));
            let exit = child.child.wait_for(crate::LIMIT).expect("exits");
            assert_eq!(
                exit,
                Exit {
                    code: None,
                    signal: Some("SIGKILL")
                }
            );
            assert!(
                child.sender.send(&json!("anyone?")).is_err(),
                "the channel is closed"
            );
        });
    }

    /// An unparseable line reaches the child as an error event; the child carries on.
    #[test]
    fn garbage_is_an_error_event() {
        bounded(|| {
            let mut child = echo_child();
            child.sender.send_line(b"{oops\n", None).expect("send");
            child.sender.send(&json!("still here")).expect("send");
            let error = message(&mut child);
            assert!(
                error["error"].as_str().is_some_and(|e| e.contains("{oops")),
                "{error}"
            );
            assert_eq!(message(&mut child)["echo"], json!("still here"));
        });
    }

    /// Interop: a Rust parent forks a real Node 20 child; `process.send` and `on('message')` work.
    #[test]
    fn real_node_child() {
        bounded(|| {
            let node = crate::node20();
            let script = crate::oracle_script("echo.js");
            let node = node.to_string_lossy().into_owned();
            let script = script.to_string_lossy().into_owned();
            let mut child =
                fork(&node, &[&script], &ForkOptions::default()).expect("forks node");
            child
                .sender
                .send(&json!({"from": "rust", "n": 1}))
                .expect("send");
            let reply = message(&mut child);
            assert_eq!(reply["echo"], json!({"from": "rust", "n": 1}));
            assert_eq!(reply["pid"], json!(child.child.pid));
            assert!(
                reply["node"]
                    .as_str()
                    .is_some_and(|v| v.starts_with("v20.")),
                "{reply}"
            );
            child.sender.disconnect();
            let exit = child.child.wait_for(crate::LIMIT).expect("node exits");
            assert_eq!(
                exit,
                Exit {
                    code: Some(0),
                    signal: None
                }
            );
            let pid = child.child.pid;
            drop(child);
            crate::assert_reaped(&[pid]);
        });
    }

    /// Node 20 (recorded) on the notes' old names and on the `advanced` serialization.
    #[test]
    fn given_node20_names_and_serialization() {
        let script = crate::oracle_script("notes.js");
        let input = std::fs::read_to_string(&script).expect("notes.js");
        let lines =
            crate::recorded_node("notes", &input, &[&script.to_string_lossy()], &[]);
        let seen: Vec<Value> = lines
            .iter()
            .map(|l| serde_json::from_str(l).expect("json"))
            .collect();
        assert_eq!(
            seen,
            vec![
                json!({"isPrimary": true, "isMaster": true, "setupPrimary": "function",
                       "setupMasterIsAlias": true, "schedulingPolicyIsRR": true}),
                json!({"serialization": "json", "received": {"type": "[object Object]", "entries": {}}}),
                json!({"serialization": "advanced", "received": {"type": "[object Map]", "entries": [["a", 1]]}}),
            ]
        );
    }

    /// The notes' table of the four functions, as observed on real children:
    /// callback (buffered result)? timeout? runs what? IPC channel?
    #[test]
    fn comparison_table() {
        bounded(|| {
            // The fork row's child, started first: on a stub it panics here, before
            // the exec rows' timeouts are waited out for nothing.
            let mut child = echo_child();
            // spawn: no callback, returns at once with streams. (Node's spawn and fork
            // have a `timeout` option since 15.13 and 14.18, which Node 10 lacked; this
            // chapter's `spawn` and `fork` have none.)
            let started = std::time::Instant::now();
            let spawned = spawn("sleep", &["1"], StdioMode::Pipe).expect("spawn");
            assert!(
                started.elapsed() < Duration::from_millis(500)
                    && spawned.stdout.is_some()
            );
            drop(spawned);
            // exec: a command line through a shell, buffered, with a timeout.
            let timed = ExecOptions {
                timeout: Some(Duration::from_millis(50)),
                ..ExecOptions::default()
            };
            assert!(
                exec("echo $((1+1))", &ExecOptions::default())
                    .is_ok_and(|o| o.stdout == "2\n")
            );
            assert!(exec("exec sleep 5", &timed).is_err());
            // execFile: an executable file, no shell, buffered, with a timeout.
            let file = ch07_processes::exec::exec_file(
                "echo",
                &["$((1+1))"],
                &ExecOptions::default(),
            );
            assert!(file.is_ok_and(|o| o.stdout == "$((1+1))\n"));
            assert!(
                ch07_processes::exec::exec_file("sleep", &["5"], &timed).is_err()
            );
            // fork: a program with an IPC channel, no callback.
            child.sender.send(&json!("ping")).expect("send");
            assert_eq!(message(&mut child)["echo"], json!("ping"));
        });
    }
}
