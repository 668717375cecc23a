//! Not a test: the chapter's HTTP server against Node 20's `http`, both serving
//! hello-world on loopback, measured by the same load generator (`wrk`) in one
//! run, with keep-alive on and off. Prints requests per second and p99 latency.
//!
//! `cargo bench -p ch06-networking-solution --bench http_vs_node`
//! (`WRK_SECONDS=10` for longer runs). Both servers share the machine's cores
//! with `wrk`, so compare the two columns, not the absolute numbers.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use ch06_networking::response::Response;
use ch06_networking::server::{Config, Server};

/// One wrk run's figures.
struct Figures {
    rps: f64,
    p99: String,
}

fn wrk(port: u16, keep_alive: bool, seconds: u32) -> Figures {
    let mut command = Command::new("wrk");
    command.args(["-t1", "-c32", &format!("-d{seconds}s"), "--latency"]);
    if !keep_alive {
        command.args(["-H", "Connection: close"]);
    }
    command.arg(format!("http://127.0.0.1:{port}/"));
    let output = command.output().expect("running wrk (apt-get install wrk)");
    let text = String::from_utf8_lossy(&output.stdout);
    let rps = text
        .lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0.0);
    let p99 = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("99%"))
        .map_or("?".to_owned(), |v| v.trim().to_owned());
    Figures { rps, p99 }
}

fn main() {
    if Command::new("wrk").arg("--version").output().is_err() {
        eprintln!("skipped: wrk not found (apt-get install wrk)");
        return;
    }
    let seconds: u32 = std::env::var("WRK_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let hello = Arc::new(|_| {
        Response::new(200, "Hello World\n").with_header("Content-Type", "text/plain")
    });
    let server = runtime
        .block_on(Server::bind("127.0.0.1:0", hello, Config::default()))
        .expect("binding");
    let ours = server.local_addr().port();

    let script = kata_support::chapter_file("ch06-networking", "benches/hello.js");
    let mut node = Command::new("node")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("starting node");
    let mut line = String::new();
    BufReader::new(node.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("node's port");
    let theirs: u16 = line.trim().parse().expect("a port");
    let version = Command::new("node")
        .arg("--version")
        .output()
        .expect("node --version");

    println!(
        "# hello-world, wrk -t1 -c32 -d{seconds}s, load {}",
        kata_support::bench::load_average()
    );
    println!("# node {}", String::from_utf8_lossy(&version.stdout).trim());
    println!("server\tkeep-alive\trequests/s\tp99");
    for keep_alive in [true, false] {
        // Warm both up briefly, then measure each in turn.
        for port in [ours, theirs] {
            let _ = wrk(port, keep_alive, 1);
        }
        for (name, port) in [("rust", ours), ("node20", theirs)] {
            let figures = wrk(port, keep_alive, seconds);
            let ka = if keep_alive { "on" } else { "off" };
            println!("{name}\t{ka}\t{:.0}\t{}", figures.rps, figures.p99);
            std::thread::sleep(Duration::from_millis(200));
        }
    }
    drop(node.stdin.take());
    let _ = node.wait();
    drop(server);
}
