//! The chapter's child program (provided): what `bin/child.rs` runs, by role.
//!
//! The tests and the `cluster` example fork this program and pick its role with
//! the first argument — which is also where a Node parent's
//! `fork('echo', [], { execPath })` puts its module path, so a real Node parent
//! can fork it unchanged:
//!
//! - `echo`: answers every message with `{"echo": message, "pid": …}`; obeys a few
//!   commands (`{"cmd":"exit","code":N}`, `{"cmd":"big","bytes":N}`,
//!   `{"cmd":"die-mid-message"}`, `{"cmd":"say-garbage"}`); reports unparseable lines as `{"error": …}`.
//! - `server`: waits for a `net.Server` handle, reports `{"listening": pid}`, and
//!   answers HTTP on it until the channel closes.
//! - `worker`: a cluster worker ([`crate::cluster::worker_main`]).
//!
//! Book: book/src/ch07-processes/ipc.md

use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use serde_json::{Value, json};

use crate::error::ProcessError;
use crate::fork;
use crate::ipc::{Event, Sender};

/// How long a child waits for its parent before it gives up and exits.
pub const IDLE_LIMIT: Duration = Duration::from_secs(30);

/// Runs the role named by the first argument; returns the exit code.
pub fn main() -> i32 {
    let role = std::env::args().nth(1).unwrap_or_default();
    // A Node parent may pass a path (`fork('./echo')`): the last part names the role.
    let role = role.rsplit('/').next().unwrap_or_default().to_owned();
    let result = match role.as_str() {
        "echo" => echo(),
        "server" => server(),
        "worker" => crate::cluster::worker_main(),
        other => {
            eprintln!("ch07 child: unknown role {other:?} (echo, server, worker)");
            return 2;
        }
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("ch07 child ({role}): {error}");
            1
        }
    }
}

/// This process's id, as a JSON number.
fn pid() -> Value {
    json!(std::process::id())
}

/// The `echo` role.
fn echo() -> Result<i32, ProcessError> {
    let (sender, mut receiver) = fork::channel_from_env()?;
    loop {
        match receiver.recv(IDLE_LIMIT)? {
            Event::Message(message) => match message.get("cmd").and_then(Value::as_str) {
                Some("exit") => {
                    let code = message.get("code").and_then(Value::as_i64).unwrap_or(0);
                    return Ok(code as i32);
                }
                Some("big") => {
                    let bytes = message.get("bytes").and_then(Value::as_u64).unwrap_or(0);
                    sender.send(&json!({"big": "x".repeat(bytes as usize)}))?;
                }
                Some("die-mid-message") => die_mid_message(&sender),
                Some("say-garbage") => {
                    sender.send_line(b"this is not json\n", None)?;
                    sender.send(&json!({"after": "garbage"}))?;
                }
                _ => sender.send(&json!({"echo": message, "pid": pid()}))?,
            },
            Event::Error(error) => sender.send(&json!({"error": error.to_string()}))?,
            Event::Handle { message, kind, .. } => {
                sender.send(&json!({"echo": message, "handle": kind}))?;
            }
            Event::Disconnect => return Ok(0),
        }
    }
}

/// Sends one whole message, then half of the next, then kills itself with SIGKILL.
fn die_mid_message(sender: &Sender) -> ! {
    let _ = sender.send(&json!({"last": "whole"}));
    let _ = sender.send_line(br#"{"half": "never fini"#, None);
    let me = rustix::process::getpid();
    let _ = rustix::process::kill_process(me, rustix::process::Signal::KILL);
    // SIGKILL cannot be caught; this line is never reached.
    std::process::abort()
}

/// The `server` role: accept on a listening socket the parent sent.
fn server() -> Result<i32, ProcessError> {
    let (sender, mut receiver) = fork::channel_from_env()?;
    let id = std::env::var("CH07_ID").unwrap_or_else(|_| std::process::id().to_string());
    loop {
        match receiver.recv(IDLE_LIMIT)? {
            Event::Handle { kind, fd, .. } if kind == "net.Server" => {
                let listener = TcpListener::from(fd);
                let body = id.clone();
                std::thread::spawn(move || {
                    for stream in listener.incoming().flatten() {
                        let body = body.clone();
                        std::thread::spawn(move || crate::http::serve(stream, &body));
                    }
                });
                sender.send(&json!({"listening": pid()}))?;
            }
            Event::Handle { kind, fd, .. } if kind == "net.Socket" => {
                let _ = crate::http::serve(TcpStream::from(fd), &id);
            }
            Event::Disconnect => return Ok(0),
            _ => {}
        }
    }
}
