//! `http-server`: the chapter's HTTP server on a port, for curl, graders and benchmarks.
//!
//! `cargo run -q -p ch06-networking-solution --example http-server -- --port 0`
//! prints the bound port alone on its first line, then serves until stdin
//! closes. Every request gets `200` and the body `METHOD URL BODYLENGTH\n`
//! (the same handler as `tests/node/server.js`), with Node 20's timeouts:
//! idle keep-alive connections are closed after 5 s.

use std::io::Write;
use std::process::ExitCode;

use ch06_networking::server::{Config, Server, echo_handler};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut port = 0u16;
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--port", Some(value)) => match value.parse() {
                Ok(value) => port = value,
                Err(_) => {
                    eprintln!("http-server: --port wants a number, got {value:?}");
                    return ExitCode::from(2);
                }
            },
            _ => {
                eprintln!("usage: http-server --port PORT");
                return ExitCode::from(2);
            }
        }
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("http-server: cannot start tokio: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let addr = format!("127.0.0.1:{port}");
        let server =
            match Server::bind(&addr, echo_handler(), Config::default()).await {
                Ok(server) => server,
                Err(e) => {
                    eprintln!("http-server: cannot listen on {addr}: {e}");
                    return ExitCode::FAILURE;
                }
            };
        let mut stdout = std::io::stdout();
        let _ = writeln!(stdout, "{}", server.local_addr().port());
        let _ = stdout.flush();
        // Serve until stdin reaches its end (the parent closed it or exited).
        // A plain thread reads it, so tokio needs no `io-std` feature.
        let (done, stdin_closed) = tokio::sync::oneshot::channel::<()>();
        std::thread::spawn(move || {
            let _ = std::io::copy(&mut std::io::stdin(), &mut std::io::sink());
            let _ = done.send(());
        });
        let _ = stdin_closed.await;
        server.close().await;
        ExitCode::SUCCESS
    })
}
