//! Katas of `spawn.rs`: start, signal and wait for real children.

#[cfg(not(kata_skip = "spawn::spawn"))]
mod spawn {
    use std::io::Read;
    use std::time::{Duration, Instant};

    use ch07_processes::ProcessError;
    use ch07_processes::spawn::{StdioMode, spawn};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    /// stdout is a stream the parent reads; no shell is involved.
    #[test]
    fn pipes_stdout() {
        bounded(|| {
            let mut child =
                spawn("echo", &["hello", "$HOME"], StdioMode::Pipe).expect("echo");
            let pid = child.pid;
            let mut text = String::new();
            child
                .stdout
                .take()
                .expect("piped")
                .read_to_string(&mut text)
                .expect("read");
            assert_eq!(text, "hello $HOME\n");
            drop(child);
            crate::assert_reaped(&[pid]);
        });
    }

    /// spawn returns at once: it does not wait for the child (there is no callback).
    #[test]
    fn returns_before_the_child_ends() {
        bounded(|| {
            let started = Instant::now();
            let child = spawn("sleep", &["5"], StdioMode::Ignore).expect("sleep");
            assert!(
                started.elapsed() < Duration::from_secs(2),
                "spawn waited for the child"
            );
            assert!(child.stdout.is_none(), "'ignore' gives no stream");
            let pid = child.pid;
            drop(child);
            crate::assert_reaped(&[pid]);
        });
    }

    /// A missing program is Node's `spawn <file> ENOENT`, not a panic.
    #[test]
    fn missing_program_is_enoent() {
        let error = bounded(|| {
            spawn("no-such-program-ch07", &[], StdioMode::Pipe).unwrap_err()
        });
        assert!(
            matches!(&error, ProcessError::Spawn { file, code: "ENOENT" } if file == "no-such-program-ch07"),
            "{error:?}"
        );
        assert_eq!(error.to_string(), "spawn no-such-program-ch07 ENOENT");
    }
}

#[cfg(not(kata_skip = "spawn::kill"))]
mod kill {
    use std::time::{Duration, Instant};

    use ch07_processes::spawn::{StdioMode, spawn};
    use ch07_processes::{Exit, ProcessError};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    fn reap(child: &mut ch07_processes::spawn::ChildProcess) -> Exit {
        let status = child.child.wait().expect("wait");
        let exit = ch07_processes::exit::from_status(status);
        child.exit = Some(exit);
        exit
    }

    /// `kill('SIGTERM')` returns true, sets `killed`, and the exit names the signal.
    #[test]
    fn sends_the_named_signal() {
        bounded(|| {
            let mut child = spawn("sleep", &["5"], StdioMode::Ignore).expect("sleep");
            assert_eq!(child.kill("SIGTERM").expect("kill"), true);
            assert!(child.killed);
            assert_eq!(
                reap(&mut child),
                Exit {
                    code: None,
                    signal: Some("SIGTERM")
                }
            );
            let pid = child.pid;
            drop(child);
            crate::assert_reaped(&[pid]);
        });
    }

    /// SIGUSR2 is not SIGTERM: the name chooses the signal.
    #[test]
    fn another_name_another_signal() {
        bounded(|| {
            let mut child = spawn("sleep", &["5"], StdioMode::Ignore).expect("sleep");
            assert!(child.kill("SIGUSR2").expect("kill"));
            assert_eq!(
                reap(&mut child),
                Exit {
                    code: None,
                    signal: Some("SIGUSR2")
                }
            );
        });
    }

    /// A child that already exited: `false`, and `killed` stays false (Node's ESRCH case).
    #[test]
    fn already_exited_is_false() {
        bounded(|| {
            let mut child = spawn("true", &[], StdioMode::Ignore).expect("true");
            // Until it has exited, unreaped (a zombie): kill must still say false.
            // Watched, not slept on: a busy machine may take longer than any guess.
            let zombie = (child.pid, 'Z');
            let deadline = Instant::now() + crate::LIMIT;
            while !crate::children().contains(&zombie) {
                assert!(Instant::now() < deadline, "`true` did not exit");
                std::thread::sleep(Duration::from_millis(1));
            }
            assert_eq!(child.kill("SIGTERM").expect("kill"), false);
            assert!(!child.killed);
            assert_eq!(
                child.exit,
                Some(Exit {
                    code: Some(0),
                    signal: None
                })
            );
        });
    }

    /// An unknown name is refused before anything is sent.
    #[test]
    fn unknown_signal_is_refused() {
        bounded(|| {
            let mut child = spawn("sleep", &["5"], StdioMode::Ignore).expect("sleep");
            let error = child.kill("SIGNOPE").unwrap_err();
            assert!(
                matches!(&error, ProcessError::UnknownSignal { name } if name == "SIGNOPE")
            );
            assert_eq!(error.code(), "ERR_UNKNOWN_SIGNAL");
            assert!(child.poll_exit().is_none(), "the child must still run");
        });
    }
}

#[cfg(not(kata_skip = "spawn::wait_for"))]
mod wait_for {
    use std::io::{Read, Write};
    use std::time::{Duration, Instant};

    use ch07_processes::spawn::{StdioMode, spawn};
    use ch07_processes::{Exit, ProcessError};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    /// The exit code arrives, and a second call answers the same at once.
    #[test]
    fn reports_the_exit() {
        bounded(|| {
            let mut child =
                spawn("sh", &["-c", "exit 7"], StdioMode::Ignore).expect("sh");
            let exit = child.wait_for(crate::LIMIT).expect("exits");
            assert_eq!(
                exit,
                Exit {
                    code: Some(7),
                    signal: None
                }
            );
            assert_eq!(child.wait_for(Duration::ZERO).expect("remembered"), exit);
            crate::assert_reaped(&[child.pid]);
        });
    }

    /// A child still running after the limit: a timeout, on time, and the child left
    /// alone. It proves it by answering on its pipe afterwards and exiting on its own:
    /// a child killed at the deadline has closed its stdout and answers nothing.
    #[test]
    fn bounded_by_the_limit() {
        bounded(|| {
            // `read` waits for a line on stdin: the child runs until it gets one.
            let script = r#"read line; echo "still running: $line""#;
            let mut child =
                spawn("sh", &["-c", script], StdioMode::Pipe).expect("sh");
            let started = Instant::now();
            let error = child.wait_for(Duration::from_millis(100)).unwrap_err();
            let took = started.elapsed();
            assert!(matches!(error, ProcessError::TimedOut { .. }), "{error:?}");
            assert!(
                took >= Duration::from_millis(100),
                "gave up early: {took:?}"
            );
            assert!(took < Duration::from_secs(2), "waited too long: {took:?}");
            // A dead child's stdin may refuse the line (EPIPE): what it answers decides.
            let mut stdin = child.stdin.take().expect("piped stdin");
            let _ = stdin.write_all(b"go\n");
            drop(stdin);
            let mut answer = String::new();
            child
                .stdout
                .take()
                .expect("piped stdout")
                .read_to_string(&mut answer)
                .expect("read");
            assert_eq!(
                answer, "still running: go\n",
                "after wait_for's timeout the child must still run (the Task: leave it \
                 running, the caller decides), but it did not answer on its pipe: \
                 was it killed at the deadline?"
            );
            let exit = child.wait_for(crate::LIMIT).expect("exits on its own");
            assert_eq!(
                exit,
                Exit {
                    code: Some(0),
                    signal: None
                }
            );
            crate::assert_reaped(&[child.pid]);
        });
    }
}
