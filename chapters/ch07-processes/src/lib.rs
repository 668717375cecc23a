//! Chapter 7 — Processes (进程): child processes,
//! Node's IPC channel, handle passing, cluster.
//!
//! One Node process runs JavaScript on one thread; to use every core, Node starts
//! more processes and coordinates them. The katas, in book order:
//!
//! 1. [`exit`], [`spawn`] — start a child, signal
//!    it, wait for it, as Node reports it.
//! 2. [`exec`] — `exec` and `execFile`: buffered
//!    output, `timeout`, `maxBuffer`, the shell.
//! 3. [`ipc`], [`fork`] — Node's wire format:
//!    newline-delimited JSON over a socket pair.
//! 4. [`handle`] — sending a socket's descriptor with `SCM_RIGHTS`.
//! 5. [`cluster`] — round-robin, restart limits, the suicide signal.
//! 6. [`state`], [`redis`] — shared state through the primary, or through Redis.
//!
//! Provided: [`error`], [`signals`], [`http`] (one request, one answer), [`child`]
//! (the program the tests fork, in `bin/child.rs`), [`channel`] (the two ends of
//! the channel [`ipc`] encodes for), [`primary`] (the cluster's primary, which runs
//! the policies of [`cluster`]).
//! Book: book/src/ch07-processes/index.md

// Kata bodies are `todo!()` until you solve them, so their parameters and
// the imports a solution needs look unused, and `todo!` is the point;
// `[lints]` cannot relax these per crate.
#![allow(unused_variables, unused_imports, dead_code, clippy::todo)]

pub mod channel;
pub mod child;
pub mod cluster;
pub mod error;
pub mod exec;
pub mod exit;
pub mod fork;
pub mod handle;
pub mod http;
pub mod ipc;
pub mod primary;
pub mod redis;
pub mod signals;
pub mod spawn;
pub mod state;

pub use error::ProcessError;
pub use exit::Exit;
