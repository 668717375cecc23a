//! Polling against subscription, measured: how soon does a worker see a new value in Redis?
//!
//! `cargo bench -p ch07-processes-solution --bench notify` starts a real `redis-server`,
//! one subscriber worker (`SUBSCRIBE config`) and two pollers (`GET config` every 10 ms
//! and every 100 ms), then changes the value 30 times at random moments (`SET` +
//! `PUBLISH`). Each worker reports over its IPC channel when it saw each value; the
//! table shows the delay and how many GETs each poller spent. Not a test: numbers vary.

use std::time::{Duration, Instant};

use ch07_processes::channel::Event;
use ch07_processes::fork::{ForkOptions, Forked, fork};
use ch07_processes::redis::{Client, Reply};
use ch07_processes::spawn::{ChildProcess, start};

const ROUNDS: usize = 30;

fn child_program() -> &'static str {
    option_env!("CARGO_BIN_EXE_ch07-child")
        .or(option_env!("CARGO_BIN_EXE_ch07-child-solution"))
        .expect("cargo builds the chapter's child binary for its benches")
}

fn main() {
    let program = "/usr/bin/redis-server";
    assert!(
        std::path::Path::new(program).exists(),
        "redis-server is not installed (apt-get install redis-server)"
    );
    let dir =
        std::env::temp_dir().join(format!("ch07-notify-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let mut command = std::process::Command::new(program);
    command
        .args([
            "--port",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
        ])
        .args(["--appendonly", "no", "--dir", &dir.to_string_lossy()])
        .stdout(std::process::Stdio::null());
    let server =
        ChildProcess::new(start(&mut command, program).expect("redis"), program);
    let addr: std::net::SocketAddr = ([127, 0, 0, 1], port).into();
    let mut client = loop {
        if let Ok(mut c) = Client::connect(addr, Duration::from_secs(1))
            && c.command(&["PING"]).is_ok()
        {
            break c;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let options = ForkOptions {
        env: vec![("REDIS_ADDR".to_owned(), addr.to_string())],
        ..ForkOptions::default()
    };
    let mut workers: Vec<(&str, Forked)> = [
        ("subscribe", vec!["redis", "subscribe"]),
        ("poll 10 ms", vec!["redis", "poll", "10"]),
        ("poll 100 ms", vec!["redis", "poll", "100"]),
    ]
    .into_iter()
    .map(|(name, args)| (name, fork(child_program(), &args, &options).expect("fork")))
    .collect();
    for (_, worker) in workers.iter_mut() {
        let _ = worker.receiver.recv(Duration::from_secs(10));
    }
    let mut delays: Vec<Vec<Duration>> = vec![Vec::new(); workers.len()];
    let mut gets = vec![0u64; workers.len()];
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let started = Instant::now();
    for round in 0..ROUNDS {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        // Uniform over the slowest poller's period: the next change lands at a random
        // point of its cycle (we resume right after it saw the last one).
        std::thread::sleep(Duration::from_millis(seed % 100));
        let value = format!("v{round}");
        let at = Instant::now();
        assert!(matches!(
            client.command(&["SET", "config", &value]),
            Ok(Reply::Simple(_))
        ));
        client
            .command(&["PUBLISH", "config", &value])
            .expect("PUBLISH");
        for (i, (_, worker)) in workers.iter_mut().enumerate() {
            loop {
                match worker.receiver.recv(Duration::from_secs(5)) {
                    Ok(Event::Message(m)) if m["seen"] == value.as_str() => {
                        delays[i].push(at.elapsed());
                        gets[i] = m["gets"].as_u64().unwrap_or(0);
                        break;
                    }
                    Ok(_) => {}
                    Err(e) => panic!("worker stopped reporting: {e}"),
                }
            }
        }
    }
    let elapsed = started.elapsed();
    println!(
        "{ROUNDS} changes in {:.1} s; delay until the worker saw each one:",
        elapsed.as_secs_f64()
    );
    println!("| worker | median | max | GETs sent |");
    println!("| --- | --- | --- | --- |");
    for (i, (name, _)) in workers.iter().enumerate() {
        let mut d = delays[i].clone();
        d.sort();
        let ms = |x: Duration| format!("{:.2} ms", x.as_secs_f64() * 1e3);
        println!(
            "| {name} | {} | {} | {} |",
            ms(d[d.len() / 2]),
            ms(d[d.len() - 1]),
            gets[i]
        );
    }
    drop(workers);
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
