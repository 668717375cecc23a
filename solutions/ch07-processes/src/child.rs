//! The chapter's child program (provided): what `bin/child.rs` runs, by role.
//!
//! The tests and the `cluster` example fork this program and pick its role with
//! the first argument — which is also where a Node parent's
//! `fork('echo', [], { execPath })` puts its module path, so a real Node parent
//! can fork it unchanged:
//!
//! - `echo`: answers every message with `{"echo": message, "pid": …}`; obeys a few
//!   commands (`{"cmd":"exit","code":N}`, `{"cmd":"big","bytes":N}`,
//!   `{"cmd":"die-mid-message"}`, `{"cmd":"say-garbage"}`); reports unparseable lines
//!   as `{"error": …}`.
//! - `server`: waits for a `net.Server` handle, reports `{"listening": pid}`, and
//!   answers HTTP on it until the channel closes.
//! - `worker`: a cluster worker ([`crate::primary::worker_main`]).
//! - `state`: keeps a copy of the primary's shared state
//!   ([`crate::state`]); on `{"cmd":"please-set"}` proposes
//!   a change, on `{"cmd":"read"}` answers from its copy.
//! - `dump`: prints every line that arrives on the channel exactly as it arrived,
//!   marking the line a descriptor came with (`<TAB>+fd`); answers
//!   `NODE_HANDLE` with `NODE_HANDLE_ACK`; stops after the line `"bye"`.
//! - `redis MODE`: talks to the Redis at `REDIS_ADDR` ([`crate::redis`]): `incr N`
//!   increments `counter` N times; `subscribe` and `poll MS` report every new value
//!   of `config` to the parent, pushed or polled.
//!
//! Book: book/src/ch07-processes/ipc.md

use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use serde_json::{Value, json};

use crate::channel::{Event, Sender};
use crate::error::ProcessError;
use crate::fork;

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
        "worker" => crate::primary::worker_main(),
        "state" => state(),
        "dump" => dump(),
        "redis" => redis(),
        other => {
            eprintln!(
                "ch07 child: unknown role {other:?} (echo, server, worker, state, dump, redis)"
            );
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
            Event::Message(message) => {
                match message.get("cmd").and_then(Value::as_str) {
                    Some("exit") => {
                        let code =
                            message.get("code").and_then(Value::as_i64).unwrap_or(0);
                        return Ok(code as i32);
                    }
                    Some("big") => {
                        let bytes =
                            message.get("bytes").and_then(Value::as_u64).unwrap_or(0);
                        sender.send(&json!({"big": "x".repeat(bytes as usize)}))?;
                    }
                    Some("die-mid-message") => die_mid_message(&sender),
                    Some("say-garbage") => {
                        sender.send_line(b"this is not json\n", None)?;
                        sender.send(&json!({"after": "garbage"}))?;
                    }
                    _ => sender.send(&json!({"echo": message, "pid": pid()}))?,
                }
            }
            Event::Error(error) => {
                sender.send(&json!({"error": error.to_string()}))?
            }
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
    // SIGKILL cannot be caught or delayed: the process is gone before it wakes.
    loop {
        std::thread::sleep(Duration::from_secs(1));
    }
}

/// The `server` role: accept on a listening socket the parent sent.
fn server() -> Result<i32, ProcessError> {
    let (sender, mut receiver) = fork::channel_from_env()?;
    let id =
        std::env::var("CH07_ID").unwrap_or_else(|_| std::process::id().to_string());
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

/// The `state` role: a worker's copy of the state the primary mediates.
fn state() -> Result<i32, ProcessError> {
    let (sender, mut receiver) = fork::channel_from_env()?;
    let mut values = serde_json::Map::new();
    let mut version = 0;
    // A worker that starts late asks for everything so far.
    sender.send(&json!({"cmd": "snapshot"}))?;
    loop {
        let Event::Message(message) = receiver.recv(IDLE_LIMIT)? else {
            return Ok(0);
        };
        let field = |name: &str| message.get(name).cloned().unwrap_or(Value::Null);
        let number = message.get("version").and_then(Value::as_u64).unwrap_or(0);
        match message.get("cmd").and_then(Value::as_str) {
            Some("state") if number > version => {
                if let Some(key) = message.get("key").and_then(Value::as_str) {
                    values.insert(key.to_owned(), field("value"));
                }
                version = number;
            }
            Some("snapshot") if number >= version => {
                values = message
                    .get("values")
                    .and_then(Value::as_object)
                    .cloned()
                    .unwrap_or_default();
                version = number;
            }
            Some("please-set") => sender.send(&json!({
                "cmd": "set", "key": field("key"), "value": field("value"),
            }))?,
            Some("read") => {
                let key = message
                    .get("key")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let value = values.get(key).cloned().unwrap_or(Value::Null);
                sender.send(
                    &json!({"read": key, "value": value, "version": version}),
                )?;
            }
            _ => {}
        }
    }
}

/// The `redis` role: share state through a real Redis.
fn redis() -> Result<i32, ProcessError> {
    use crate::redis::{Client, Reply};
    let (sender, mut receiver) = fork::channel_from_env()?;
    let addr = std::env::var("REDIS_ADDR")
        .ok()
        .and_then(|a| a.parse().ok())
        .ok_or_else(|| ProcessError::NoChannel {
            reason: "REDIS_ADDR is not an address".to_owned(),
        })?;
    let io = ProcessError::io("talking to redis");
    let io2 = ProcessError::io("cloning the redis connection");
    let mut client = Client::connect(addr, Duration::from_secs(10)).map_err(io)?;
    let mode = std::env::args().nth(2).unwrap_or_default();
    let arg: u64 = std::env::args()
        .nth(3)
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    match mode.as_str() {
        "incr" => {
            for _ in 0..arg {
                client
                    .command(&["INCR", "counter"])
                    .map_err(ProcessError::io("INCR"))?;
            }
            sender.send(&json!({"done": arg}))?;
            Ok(0)
        }
        "subscribe" => {
            client
                .command(&["SUBSCRIBE", "config"])
                .map_err(ProcessError::io("SUBSCRIBE"))?;
            sender.send(&json!({"ready": "subscribe"}))?;
            // This loop blocks on Redis, not on the channel: a watcher closes the
            // Redis connection when the parent goes, so no subscriber outlives it.
            let parent_gone =
                std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
            let (gone, connection) =
                (parent_gone.clone(), client.connection().map_err(io2)?);
            std::thread::spawn(move || {
                loop {
                    if let Ok(Event::Disconnect) | Err(_) = receiver.recv(IDLE_LIMIT)
                    {
                        gone.store(true, std::sync::atomic::Ordering::SeqCst);
                        let _ = connection.shutdown(std::net::Shutdown::Both);
                        return;
                    }
                }
            });
            // Each PUBLISH arrives as ["message", channel, payload]: no asking.
            loop {
                match client.read_reply() {
                    Ok(Reply::Array(parts)) => {
                        if let Some(Reply::Bulk(payload)) = parts.get(2) {
                            let value = String::from_utf8_lossy(payload).into_owned();
                            sender.send(&json!({"seen": value, "gets": 0}))?;
                        }
                    }
                    Ok(_) => {}
                    Err(e)
                        if e.kind() == std::io::ErrorKind::WouldBlock
                            || e.kind() == std::io::ErrorKind::TimedOut => {}
                    Err(_)
                        if parent_gone.load(std::sync::atomic::Ordering::SeqCst) =>
                    {
                        return Ok(0);
                    }
                    Err(e) => {
                        return Err(ProcessError::io("reading a pushed message")(e));
                    }
                }
            }
        }
        "poll" => {
            let interval = Duration::from_millis(arg.max(1));
            let mut last: Option<Vec<u8>> = None;
            let mut gets = 0u64;
            sender.send(&json!({"ready": "poll"}))?;
            loop {
                // Waiting on the channel is the sleep between polls; a closed
                // channel ends the loop.
                match receiver.recv(interval) {
                    Ok(Event::Disconnect) => return Ok(0),
                    Ok(_) | Err(ProcessError::TimedOut { .. }) => {}
                    Err(e) => return Err(e),
                }
                gets += 1;
                let reply = client
                    .command(&["GET", "config"])
                    .map_err(ProcessError::io("GET"))?;
                if let Reply::Bulk(value) = reply
                    && last.as_ref() != Some(&value)
                {
                    let text = String::from_utf8_lossy(&value).into_owned();
                    last = Some(value);
                    sender.send(&json!({"seen": text, "gets": gets}))?;
                }
            }
        }
        other => Err(ProcessError::NoChannel {
            reason: format!("unknown redis mode {other:?} (incr, subscribe, poll)"),
        }),
    }
}

/// The `dump` role: what a Node parent really
/// writes, byte for byte, one line per line.
fn dump() -> Result<i32, ProcessError> {
    use std::io::{IoSliceMut, Write};
    use std::mem::MaybeUninit;
    use std::os::fd::AsFd;

    use rustix::net::{RecvAncillaryBuffer, RecvAncillaryMessage, RecvFlags};

    let stream = fork::raw_channel_from_env()?;
    stream
        .set_read_timeout(Some(IDLE_LIMIT))
        .map_err(ProcessError::io("setting a read timeout"))?;
    let mut writer = &stream;
    let mut out = std::io::stdout().lock();
    // Bytes of the unfinished line.
    let mut line = Vec::new();
    loop {
        let mut buffer = [0u8; 64 * 1024];
        let mut space =
            [MaybeUninit::<u8>::uninit(); rustix::cmsg_space!(ScmRights(4))];
        let mut control = RecvAncillaryBuffer::new(&mut space);
        let received = rustix::net::recvmsg(
            stream.as_fd(),
            &mut [IoSliceMut::new(&mut buffer)],
            &mut control,
            RecvFlags::CMSG_CLOEXEC,
        )
        .map_err(|e| ProcessError::io("reading the channel")(e.into()))?;
        let fds = control
            .drain()
            .filter(|m| matches!(m, RecvAncillaryMessage::ScmRights(_)))
            .count();
        if received.bytes == 0 {
            return Ok(0);
        }
        // Linux hands a descriptor out with the read that ends with the bytes sent
        // beside it (it never merges data past them), so it belongs to the last line
        // this read completes — Node's `parseChannelMessages` pairs it the same way.
        let chunk = &buffer[..received.bytes];
        let last_end = chunk.iter().rposition(|&b| b == b'\n');
        for (at, &byte) in chunk.iter().enumerate() {
            if byte != b'\n' {
                line.push(byte);
                continue;
            }
            let text = String::from_utf8_lossy(&line).into_owned();
            let mark = if fds > 0 && Some(at) == last_end {
                "\t+fd"
            } else {
                ""
            };
            let _ = writeln!(out, "{text}{mark}");
            let _ = out.flush();
            if text.contains("\"NODE_HANDLE\"") {
                let _ = writer.write_all(b"{\"cmd\":\"NODE_HANDLE_ACK\"}\n");
            }
            if text == "\"bye\"" {
                return Ok(0);
            }
            line.clear();
        }
    }
}
