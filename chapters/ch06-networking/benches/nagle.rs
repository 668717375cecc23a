//! Not a test: what Nagle's algorithm costs a request written in two pieces.
//!
//! A client writes a 16-byte "head" and a 16-byte "body" as two writes, then
//! waits for a 1-byte answer; 200 rounds on one loopback connection, first with
//! Nagle on (the OS default), then with `TCP_NODELAY` (Node's `setNoDelay(true)`).
//! With Nagle on, the second small write waits until the first is acknowledged,
//! and the peer delays that acknowledgement.
//!
//! `cargo bench -p ch06-networking-solution --bench nagle`

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

const ROUNDS: usize = 200;

/// The server: read 32 bytes, answer one, until the client leaves.
fn serve(listener: TcpListener) {
    let (mut stream, _) = listener.accept().expect("accepting");
    let mut request = [0u8; 32];
    while stream.read_exact(&mut request).is_ok() {
        if stream.write_all(b"k").is_err() {
            break;
        }
    }
}

/// Median and total time per round with `nodelay` on the client's socket.
fn measure(nodelay: bool) -> (Duration, Duration) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("binding");
    let addr = listener.local_addr().expect("an address");
    let server = std::thread::spawn(move || serve(listener));
    let mut client = TcpStream::connect(addr).expect("connecting");
    client.set_nodelay(nodelay).expect("setting TCP_NODELAY");
    let mut times = Vec::with_capacity(ROUNDS);
    let mut answer = [0u8; 1];
    let started = Instant::now();
    for _ in 0..ROUNDS {
        let round = Instant::now();
        client.write_all(&[b'h'; 16]).expect("writing the head");
        client.write_all(&[b'b'; 16]).expect("writing the body");
        client.read_exact(&mut answer).expect("the answer");
        times.push(round.elapsed());
    }
    let total = started.elapsed();
    drop(client);
    let _ = server.join();
    (kata_support::bench::median(&times), total)
}

fn main() {
    println!(
        "# {ROUNDS} rounds of write(16) write(16) read(1), load {}",
        kata_support::bench::load_average()
    );
    println!("socket\tmedian round\ttotal");
    for (name, nodelay) in [("nagle on (default)", false), ("TCP_NODELAY", true)] {
        let (median, total) = measure(nodelay);
        println!("{name}\t{median:?}\t{total:?}");
    }
}
