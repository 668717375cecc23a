//! The graders' interface: a real cluster on port 0, a client, one JSON line.
//!
//! `cargo run -q -p ch07-processes-solution --example cluster -- --workers N
//! --requests R --strategy round-robin|shared [--restart-all] [--crash-one]`
//!
//! The workers are this same executable started again with the argument `worker`
//! (an example cannot count on the package's binaries being built, and re-running
//! itself guarantees the workers link the same katas as the primary). The client
//! sends R requests, 8 at a time, each held 20 ms by the worker so some are always
//! in flight. After a quarter of them `--restart-all` rolls a restart through every
//! worker (the suicide signal: nothing may be lost) and `--crash-one` kills the first
//! worker still serving (worker 0 unless a restart replaced it) with SIGKILL: what it
//! held in flight is lost, and it is replaced.
//! Prints `{"strategy":…,"served":[per worker, fork order],"answered":A,"lost":L,
//! "restarts":K,"leftover_children":0}`.

use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ch07_processes::cluster::Strategy;
use ch07_processes::http;
use ch07_processes::primary::{ClusterConfig, ClusterEvent, Primary, WorkerState};

/// Concurrent client connections.
const CONCURRENCY: usize = 8;

/// The command line, parsed.
struct Args {
    workers: usize,
    requests: usize,
    strategy: Strategy,
    restart_all: bool,
    crash_one: bool,
}

fn parse() -> Result<Args, String> {
    let mut args = Args {
        workers: 2,
        requests: 100,
        strategy: Strategy::RoundRobin,
        restart_all: false,
        crash_one: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--workers" => {
                args.workers =
                    value()?.parse().map_err(|e| format!("--workers: {e}"))?
            }
            "--requests" => {
                args.requests =
                    value()?.parse().map_err(|e| format!("--requests: {e}"))?;
            }
            "--strategy" => {
                let name = value()?;
                args.strategy = Strategy::parse(&name).ok_or(format!(
                    "--strategy {name:?}: use round-robin or shared"
                ))?;
            }
            "--restart-all" => args.restart_all = true,
            "--crash-one" => args.crash_one = true,
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    if args.workers == 0 {
        return Err("--workers must be at least 1".to_owned());
    }
    Ok(args)
}

/// Children of this process still in /proc (running or zombie).
fn leftover_children() -> usize {
    let me = std::process::id().to_string();
    std::fs::read_dir("/proc")
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| std::fs::read_to_string(e.path().join("stat")).ok())
                .filter(|stat| {
                    stat.rsplit_once(')')
                        .and_then(|(_, rest)| {
                            rest.split_whitespace().nth(1).map(|p| p == me)
                        })
                        .unwrap_or(false)
                })
                .count()
        })
        .unwrap_or(0)
}

fn main() -> ExitCode {
    if std::env::args().nth(1).as_deref() == Some("worker") {
        return ExitCode::from(ch07_processes::child::main() as u8);
    }
    let args = match parse() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("cluster: {message}");
            return ExitCode::from(2);
        }
    };
    let program = match std::env::current_exe() {
        Ok(path) => path.to_string_lossy().into_owned(),
        Err(e) => {
            eprintln!("cluster: cannot find this executable: {e}");
            return ExitCode::FAILURE;
        }
    };
    let config = ClusterConfig {
        workers: args.workers,
        strategy: args.strategy,
        program,
        restart_limit: args.workers * 2 + 2,
        restart_window: Duration::from_secs(60),
    };
    let primary = match Primary::start(config) {
        Ok(primary) => primary,
        Err(e) => {
            eprintln!("cluster: {e}");
            return ExitCode::FAILURE;
        }
    };
    let addr = primary.addr();
    let next = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicUsize::new(0));
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let clients: Vec<_> = (0..CONCURRENCY)
        .map(|_| {
            let (next, done, bodies, total) =
                (next.clone(), done.clone(), bodies.clone(), args.requests);
            std::thread::spawn(move || {
                while next.fetch_add(1, Ordering::SeqCst) < total {
                    if let Ok(body) =
                        http::get(addr, "/?delay=20", Duration::from_secs(10))
                    {
                        bodies.lock().unwrap_or_else(|p| p.into_inner()).push(body);
                    }
                    done.fetch_add(1, Ordering::SeqCst);
                }
            })
        })
        .collect();
    if args.restart_all || args.crash_one {
        // Act once a quarter of the requests are through, while the rest are running.
        let quarter = args.requests / 4;
        while done.load(Ordering::SeqCst) < quarter {
            std::thread::sleep(Duration::from_millis(1));
        }
        if args.restart_all
            && let Err(e) = primary.restart_all(Duration::from_secs(10))
        {
            eprintln!("cluster: rolling restart: {e}");
        }
        if args.crash_one {
            // The first worker still serving (worker 0, unless a restart replaced it).
            let alive = (0..primary.forked())
                .find(|&id| primary.state(id) == Some(WorkerState::Listening));
            if let Some(id) = alive {
                let replacement = primary.forked();
                let _ = primary.kill(id, "SIGKILL");
                // The restart is counted when the replacement listens; wait for it
                // (bounded) so a short run still reports it.
                primary.wait_for_event(
                    Duration::from_secs(10),
                    &ClusterEvent::Listening(replacement),
                );
            }
        }
    }
    for client in clients {
        let _ = client.join();
    }
    let mut served = vec![0usize; primary.forked()];
    let bodies = bodies.lock().unwrap_or_else(|p| p.into_inner()).clone();
    for body in &bodies {
        if let Some(id) = body
            .strip_prefix("worker ")
            .and_then(|n| n.parse::<usize>().ok())
            && id < served.len()
        {
            served[id] += 1;
        }
    }
    let answered = bodies.len();
    let restarts = primary.restarts();
    if let Err(e) = primary.shutdown(Duration::from_secs(10)) {
        eprintln!("cluster: shutdown: {e}");
    }
    // Written by hand to keep the contract's key order (serde_json's maps sort keys).
    let served: Vec<String> = served.iter().map(usize::to_string).collect();
    let line = format!(
        r#"{{"strategy":"{}","served":[{}],"answered":{answered},"lost":{},"restarts":{restarts},"leftover_children":{}}}"#,
        args.strategy.name(),
        served.join(","),
        args.requests - answered,
        leftover_children(),
    );
    println!("{line}");
    ExitCode::SUCCESS
}
