//! Katas of `exec.rs`: buffered output, timeout, maxBuffer, and the shell.
//!
//! Expected values are what real Node 20 gave for the same commands
//! (`child_process.exec`/`execFile`, recorded in the book's exec page);
//! `exec::exec::real_node_agrees` compares with Node 20's recorded answers.

#[cfg(not(kata_skip = "exec::buffered"))]
mod buffered {
    use std::time::{Duration, Instant};

    use ch07_processes::exec::{ExecError, ExecOptions, ExecOutput, buffered};
    use ch07_processes::spawn::{StdioMode, spawn};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    fn run(script: &str, options: ExecOptions) -> Result<ExecOutput, ExecError> {
        let child = spawn("sh", &["-c", script], StdioMode::Pipe).expect("sh");
        let pid = child.pid;
        let result = buffered(child, script, &options);
        crate::assert_reaped(&[pid]);
        result
    }

    /// Both streams, whole, after the child is gone.
    #[test]
    fn collects_both_streams() {
        let got = bounded(|| {
            run("echo out; echo err >&2; echo more", ExecOptions::default())
        });
        assert_eq!(
            got,
            Ok(ExecOutput {
                stdout: "out\nmore\n".into(),
                stderr: "err\n".into()
            })
        );
    }

    /// Done as soon as the child is reaped and both pipes are closed: the grace
    /// period is only for a grandchild holding a pipe, not a wait on every command.
    #[test]
    fn quick_commands_return_quickly() {
        let took = bounded(|| {
            let started = Instant::now();
            for _ in 0..20 {
                assert_eq!(
                    run("true", ExecOptions::default()),
                    Ok(ExecOutput {
                        stdout: String::new(),
                        stderr: String::new()
                    })
                );
            }
            started.elapsed()
        });
        assert!(
            took < ch07_processes::exec::DRAIN_GRACE * 10,
            "20 runs of `true` took {took:?}"
        );
    }

    /// Done means reaped *and* both pipes closed: what a grandchild writes after
    /// the child exited, while it still holds the pipe, is output too (the grace
    /// period bounds the wait, it does not replace it).
    #[test]
    fn output_after_the_exit_is_kept() {
        let got = bounded(|| {
            run(
                "(sleep 0.02; echo late) & echo early",
                ExecOptions::default(),
            )
        });
        assert_eq!(
            got,
            Ok(ExecOutput {
                stdout: "early\nlate\n".into(),
                stderr: String::new()
            }),
            "the shell exits at once; its background child writes `late` 20 ms later"
        );
    }

    /// More than a pipe's 64 KiB: both pipes are drained, or the child blocks forever.
    #[test]
    fn more_than_a_pipe_holds() {
        let got = bounded(|| {
            run(
                "head -c 300000 /dev/zero | tr '\\0' a; head -c 200000 /dev/zero | tr '\\0' b >&2",
                ExecOptions::default(),
            )
        })
        .expect("succeeds");
        assert_eq!((got.stdout.len(), got.stderr.len()), (300_000, 200_000));
    }

    /// How the "€"s (3 bytes each) came back: how many characters, how many U+FFFD.
    #[derive(Debug, PartialEq, Eq)]
    struct Decoded {
        characters: usize,
        replacement_characters: usize,
    }

    /// A read of a pipe can end inside a character: the output is decoded whole, so
    /// no character splits in two (Node 20: one "€" written in two halves comes back
    /// as "€"; 100 000 of them as 100 000 characters, none of them U+FFFD).
    fn whole_characters(script: &'static str, euros: usize) {
        let stdout = bounded(move || run(script, ExecOptions::default()))
            .expect("succeeds")
            .stdout;
        let got = Decoded {
            characters: stdout.chars().count(),
            replacement_characters: stdout.matches('\u{FFFD}').count(),
        };
        assert_eq!(
            got,
            Decoded {
                characters: euros,
                replacement_characters: 0
            },
            "`{script}` prints {euros} × \"€\" (3 bytes each) in pieces that can end \
             mid-character: decode the bytes once, at the end, not each chunk on its own"
        );
        assert!(
            stdout.chars().all(|c| c == '€'),
            "not only \"€\": {:?}…",
            stdout.chars().take(8).collect::<String>()
        );
    }
    kata_support::cases!(whole_characters {
        // The first read gets the first two bytes only: the third comes 100 ms later.
        one_written_in_two_halves: (
            "printf '\\342\\202'; sleep 0.1; printf '\\254'",
            1
        ),
        a_hundred_thousand: (
            "yes '€€€€€€€€€€' | head -n 10000 | tr -d '\\n'",
            100_000
        ),
    });

    /// Exit code 3: an error with the code and what was printed (Node: code 3, killed false).
    #[test]
    fn non_zero_exit_is_an_error() {
        let got = bounded(|| run("echo hi; exit 3", ExecOptions::default()));
        assert_eq!(
            got,
            Err(ExecError::Failed {
                cmd: "echo hi; exit 3".into(),
                code: Some(3),
                signal: None,
                killed: false,
                stdout: "hi\n".into(),
                stderr: String::new(),
            })
        );
    }

    /// `timeout`: SIGTERM after 100 ms; Node 20 says `code: null, signal: 'SIGTERM', killed: true`.
    #[test]
    fn timeout_kills_with_sigterm() {
        let (got, took) = bounded(|| {
            let started = Instant::now();
            let options = ExecOptions {
                timeout: Some(Duration::from_millis(100)),
                ..ExecOptions::default()
            };
            (run("exec sleep 5", options), started.elapsed())
        });
        assert_eq!(
            got,
            Err(ExecError::Failed {
                cmd: "exec sleep 5".into(),
                code: None,
                signal: Some("SIGTERM"),
                killed: true,
                stdout: String::new(),
                stderr: String::new(),
            })
        );
        assert!(
            took >= Duration::from_millis(100) && took < Duration::from_secs(3),
            "{took:?}"
        );
    }

    /// `killSignal` chooses the signal the timeout sends.
    #[test]
    fn kill_signal_option() {
        let got = bounded(|| {
            let options = ExecOptions {
                timeout: Some(Duration::from_millis(50)),
                kill_signal: "SIGKILL",
                ..ExecOptions::default()
            };
            run("exec sleep 5", options)
        });
        assert!(
            matches!(
                got,
                Err(ExecError::Failed {
                    signal: Some("SIGKILL"),
                    killed: true,
                    ..
                })
            ),
            "{got:?}"
        );
    }

    /// A child that kills itself has a signal but `killed: false` (Node 20: `kill -9 $$`).
    #[test]
    fn self_inflicted_signal_is_not_killed() {
        let got = bounded(|| run("kill -9 $$", ExecOptions::default()));
        assert!(
            matches!(
                got,
                Err(ExecError::Failed {
                    code: None,
                    signal: Some("SIGKILL"),
                    killed: false,
                    ..
                })
            ),
            "{got:?}"
        );
    }

    /// `maxBuffer: 1000` on 3000 bytes: exactly 1000 kept, the child killed,
    /// `ERR_CHILD_PROCESS_STDIO_MAXBUFFER` with Node's message.
    #[test]
    fn max_buffer_cuts_and_kills() {
        let got = bounded(|| {
            let options = ExecOptions {
                max_buffer: 1000,
                ..ExecOptions::default()
            };
            run("yes | head -c 3000", options)
        });
        let Err(error) = got else {
            panic!("maxBuffer must fail: {got:?}")
        };
        assert_eq!(error.to_string(), "stdout maxBuffer length exceeded");
        assert_eq!(
            error.code().as_deref(),
            Some("ERR_CHILD_PROCESS_STDIO_MAXBUFFER")
        );
        let ExecError::MaxBuffer { stdout, stream, .. } = error else {
            panic!("{error:?}")
        };
        assert_eq!((stream, stdout.len()), ("stdout", 1000));
        assert!(stdout.starts_with("y\ny\n"));
    }

    /// Exactly `maxBuffer` bytes is still fine (Node: `stdoutLen > maxBuffer` fails).
    #[test]
    fn exactly_max_buffer_is_fine() {
        let got = bounded(|| {
            let options = ExecOptions {
                max_buffer: 10,
                ..ExecOptions::default()
            };
            run("printf 0123456789", options)
        });
        assert_eq!(
            got,
            Ok(ExecOutput {
                stdout: "0123456789".into(),
                stderr: String::new()
            })
        );
    }

    /// What the other stream said before the overflow is kept.
    #[test]
    fn max_buffer_keeps_the_other_stream() {
        let got = bounded(|| {
            let options = ExecOptions {
                max_buffer: 1000,
                ..ExecOptions::default()
            };
            run("echo err >&2; sleep 0.1; exec yes", options)
        });
        assert!(
            matches!(&got, Err(ExecError::MaxBuffer { stream: "stdout", stdout, stderr, .. })
                if stdout.len() == 1000 && stderr == "err\n"),
            "{got:?}"
        );
    }

    /// maxBuffer kills a child that would never stop.
    #[test]
    fn max_buffer_stops_an_endless_writer() {
        let got = bounded(|| {
            let options = ExecOptions {
                max_buffer: 10_000,
                ..ExecOptions::default()
            };
            run("exec yes", options)
        });
        assert!(
            matches!(&got, Err(ExecError::MaxBuffer { stdout, .. }) if stdout.len() == 10_000),
            "{got:?}"
        );
    }

    /// stderr has its own limit.
    #[test]
    fn max_buffer_on_stderr() {
        let got = bounded(|| {
            let options = ExecOptions {
                max_buffer: 10,
                ..ExecOptions::default()
            };
            run("echo 0123456789abcdef >&2", options)
        });
        assert!(
            matches!(&got, Err(ExecError::MaxBuffer { stream: "stderr", stderr, .. }) if stderr == "0123456789"),
            "{got:?}"
        );
    }
}

#[cfg(not(kata_skip = "exec::exec_file"))]
mod exec_file {
    use ch07_processes::exec::{ExecError, ExecOptions, ExecOutput, exec_file};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    /// Arguments reach the program as they are: `;` is just a character (Node 20: `"hi; echo pwned\n"`).
    #[test]
    fn no_shell_reads_the_arguments() {
        let got = bounded(|| {
            exec_file(
                "echo",
                &["hi; echo pwned", "$(id)"],
                &ExecOptions::default(),
            )
        });
        assert_eq!(
            got,
            Ok(ExecOutput {
                stdout: "hi; echo pwned $(id)\n".into(),
                stderr: String::new()
            })
        );
    }

    /// A missing program: Node 20's `spawn nonexistent-xyz ENOENT`, code `ENOENT`.
    #[test]
    fn missing_program() {
        let got =
            bounded(|| exec_file("nonexistent-xyz", &[], &ExecOptions::default()));
        let Err(error) = got else {
            panic!("must fail: {got:?}")
        };
        assert_eq!(error.to_string(), "spawn nonexistent-xyz ENOENT");
        assert_eq!(error.code().as_deref(), Some("ENOENT"));
    }

    /// `error.cmd` is the file and its arguments joined by spaces.
    #[test]
    fn cmd_joins_file_and_args() {
        let got =
            bounded(|| exec_file("sh", &["-c", "exit 2"], &ExecOptions::default()));
        assert!(
            matches!(&got, Err(ExecError::Failed { cmd, code: Some(2), .. }) if cmd == "sh -c exit 2"),
            "{got:?}"
        );
    }
}

#[cfg(not(kata_skip = "exec::exec"))]
mod exec {
    use ch07_processes::exec::{ExecError, ExecOptions, ExecOutput, exec, exec_file};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    /// The shell obeys `;` (Node 20: `exec('echo hi; echo pwned')` prints two lines).
    #[test]
    fn the_shell_runs_the_string() {
        let got = bounded(|| exec("echo hi; echo pwned", &ExecOptions::default()));
        assert_eq!(
            got,
            Ok(ExecOutput {
                stdout: "hi\npwned\n".into(),
                stderr: String::new()
            })
        );
    }

    /// The injection: a "file name" from a user runs a command through `exec`, never through `execFile`.
    #[test]
    fn injection_through_exec_not_exec_file() {
        bounded(|| {
            let dir = tempfile::tempdir().expect("temp dir");
            let marker = dir.path().join("pwned");
            let user_input = format!("report.txt; touch {}", marker.display());
            exec_file("echo", &[&user_input], &ExecOptions::default()).expect("echo");
            assert!(
                !marker.exists(),
                "execFile must not run the injected command"
            );
            exec(&format!("echo {user_input}"), &ExecOptions::default()).expect("sh");
            assert!(marker.exists(), "exec runs whatever the shell reads");
        });
    }

    /// Not found through the shell is exit 127 with the shell's message (Node 20, dash).
    #[test]
    fn not_found_is_127() {
        let got = bounded(|| exec("nonexistent-xyz", &ExecOptions::default()));
        let Err(error) = got else {
            panic!("must fail: {got:?}")
        };
        assert_eq!(
            error.to_string(),
            "Command failed: nonexistent-xyz\n/bin/sh: 1: nonexistent-xyz: not found\n"
        );
        assert!(matches!(
            error,
            ExecError::Failed {
                code: Some(127),
                ..
            }
        ));
    }

    /// Real Node 20 (recorded) gives the same code, signal, killed and output for the same commands.
    #[test]
    fn real_node_agrees() {
        use std::time::Duration;
        let script = r#"
const cp = require('child_process');
const cases = [['echo hi; exit 3', {}], ['kill -9 $$', {}], ['exec sleep 5', {timeout: 100}],
  ['yes | head -c 3000', {maxBuffer: 1000}], ['echo hi; echo pwned', {}]];
(async () => { for (const [cmd, opts] of cases) {
  const line = await new Promise((done) => cp.exec(cmd, opts, (err, stdout) => done(JSON.stringify(
    [cmd, err ? String(err.code) : null, err ? err.signal || null : null, err ? err.killed === true : false, stdout.length]))));
  console.log(line);
}})();"#;
        let lines = crate::recorded_node(
            "exec/real_node_agrees",
            script,
            &["-e", script],
            &[],
        );
        let ours: Vec<String> = bounded(|| {
            let cases: [(&str, ExecOptions); 5] = [
                ("echo hi; exit 3", ExecOptions::default()),
                ("kill -9 $$", ExecOptions::default()),
                (
                    "exec sleep 5",
                    ExecOptions {
                        timeout: Some(Duration::from_millis(100)),
                        ..ExecOptions::default()
                    },
                ),
                (
                    "yes | head -c 3000",
                    ExecOptions {
                        max_buffer: 1000,
                        ..ExecOptions::default()
                    },
                ),
                ("echo hi; echo pwned", ExecOptions::default()),
            ];
            cases
                .iter()
                .map(|(cmd, options)| {
                    let (code, signal, killed, len) = match exec(cmd, options) {
                        Ok(out) => (None, None, false, out.stdout.len()),
                        Err(e @ ExecError::MaxBuffer { .. }) => {
                            let ExecError::MaxBuffer { stdout, .. } = &e else {
                                unreachable!()
                            };
                            (e.code(), None, false, stdout.len())
                        }
                        Err(ExecError::Failed {
                            code,
                            signal,
                            killed,
                            stdout,
                            ..
                        }) => (
                            Some(code.map_or("null".to_owned(), |c| c.to_string())),
                            signal,
                            killed,
                            stdout.len(),
                        ),
                        Err(e) => (e.code(), None, false, 0),
                    };
                    serde_json::json!([cmd, code, signal, killed, len]).to_string()
                })
                .collect()
        });
        assert_eq!(ours, lines);
    }
}
