//! Round-robin against shared accept, measured, beside real Node's cluster.
//!
//! `cargo bench -p ch07-processes-solution --bench distribution` runs this chapter's
//! cluster (4 workers, 400 requests, 8 at a time, each held 20 ms) three times per
//! strategy, then real Node 20's `cluster` the same way (`distribution.js`, with
//! `NODE_CLUSTER_SCHED_POLICY=rr|none`), and prints what each worker served.
//! Not a test: the shared-accept numbers change from run to run; that is the point.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ch07_processes::cluster::Strategy;
use ch07_processes::http;
use ch07_processes::primary::{ClusterConfig, Primary};

const WORKERS: usize = 4;
const REQUESTS: usize = 400;
const CONCURRENCY: usize = 8;
const RUNS: usize = 3;

fn child_program() -> String {
    option_env!("CARGO_BIN_EXE_ch07-child")
        .or(option_env!("CARGO_BIN_EXE_ch07-child-solution"))
        .expect("cargo builds the chapter's child binary for its benches")
        .to_owned()
}

/// One run of this chapter's cluster: requests served per worker.
fn ours(strategy: Strategy) -> Vec<usize> {
    let config = ClusterConfig {
        workers: WORKERS,
        strategy,
        program: child_program(),
        restart_limit: 0,
        restart_window: Duration::from_secs(60),
    };
    let primary = Primary::start(config).expect("the cluster starts");
    let addr = primary.addr();
    let next = Arc::new(AtomicUsize::new(0));
    let served = Arc::new(Mutex::new(vec![0usize; WORKERS]));
    let clients: Vec<_> = (0..CONCURRENCY)
        .map(|_| {
            let (next, served) = (next.clone(), served.clone());
            std::thread::spawn(move || {
                while next.fetch_add(1, Ordering::SeqCst) < REQUESTS {
                    let body = http::get(addr, "/?delay=20", Duration::from_secs(10))
                        .expect("every request is answered");
                    let id: usize =
                        body.trim_start_matches("worker ").parse().expect("an id");
                    served.lock().expect("lock")[id] += 1;
                }
            })
        })
        .collect();
    for client in clients {
        client.join().expect("client");
    }
    primary.shutdown(Duration::from_secs(10)).expect("graceful");
    served.lock().expect("lock").clone()
}

/// One run of real Node's cluster with `policy` (`rr` or `none`).
fn node(policy: &str) -> Option<Vec<usize>> {
    let node =
        kata_support::oracle::find_node(kata_support::oracle::NodeVersion::V20)?;
    let script =
        kata_support::chapter_file("ch07-processes", "benches/distribution.js");
    let mut command = std::process::Command::new(node);
    command
        .arg(script)
        .arg(policy)
        .stdout(std::process::Stdio::piped());
    let child = ch07_processes::spawn::start(&mut command, "node").ok()?;
    let output = child.wait_with_output().ok()?;
    let line: serde_json::Value = serde_json::from_slice(&output.stdout).ok()?;
    line["served"]
        .as_array()
        .map(|a| a.iter().map(|v| v.as_u64().unwrap_or(0) as usize).collect())
}

fn spread(served: &[usize]) -> String {
    let mean = served.iter().sum::<usize>() as f64 / served.len() as f64;
    let max = *served.iter().max().unwrap_or(&0) as f64;
    format!("{:+.0} %", (max / mean - 1.0) * 100.0)
}

fn main() {
    println!("| cluster | strategy | run | served per worker | busiest vs mean |");
    println!("| --- | --- | --- | --- | --- |");
    for strategy in [Strategy::RoundRobin, Strategy::Shared] {
        for run in 1..=RUNS {
            let served = ours(strategy);
            println!(
                "| this chapter | {} | {run} | {served:?} | {} |",
                strategy.name(),
                spread(&served)
            );
        }
    }
    for policy in ["rr", "none"] {
        for run in 1..=RUNS {
            match node(policy) {
                Some(served) => {
                    println!(
                        "| Node 20 | {policy} | {run} | {served:?} | {} |",
                        spread(&served)
                    );
                }
                None => {
                    println!("| Node 20 | {policy} | {run} | (node 20 not found) | |")
                }
            }
        }
    }
}
