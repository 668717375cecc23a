//! Katas of `exit.rs`: Node's `(code, signal)` from a real child's wait status.

#[cfg(not(kata_skip = "exit::from_status"))]
mod from_status {
    use ch07_processes::Exit;
    use ch07_processes::exit::from_status;
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    /// Runs `sh -c script` to its end and returns the raw wait status.
    fn status_of(script: &str) -> std::process::ExitStatus {
        let mut command = std::process::Command::new("/bin/sh");
        command.args(["-c", script]);
        let mut child =
            ch07_processes::spawn::start(&mut command, "/bin/sh").expect("sh starts");
        let pid = child.id();
        let status = child.wait().expect("wait");
        crate::assert_reaped(&[pid]);
        status
    }

    /// An exit code and no signal, or a signal's name and no code — as Node 20's `exit` event.
    fn like_node(script: &'static str, expected: Exit) {
        let got = bounded(move || from_status(status_of(script)));
        assert_eq!(got, expected);
    }
    cases!(like_node {
        exit_zero: (
            "exit 0",
            Exit {
                code: Some(0),
                signal: None
            }
        ),
        exit_three: (
            "exit 3",
            Exit {
                code: Some(3),
                signal: None
            }
        ),
        killed: (
            "kill -9 $$",
            Exit {
                code: None,
                signal: Some("SIGKILL")
            }
        ),
        terminated: (
            "kill -TERM $$",
            Exit {
                code: None,
                signal: Some("SIGTERM")
            }
        ),
        user_signal: (
            "kill -USR1 $$",
            Exit {
                code: None,
                signal: Some("SIGUSR1")
            }
        ),
    });

    /// A shell that dies of a signal is not the same as one exiting 128+n.
    #[test]
    fn exit_137_is_a_code_not_a_signal() {
        let got = bounded(|| from_status(status_of("exit 137")));
        assert_eq!(
            got,
            Exit {
                code: Some(137),
                signal: None
            }
        );
    }
}
