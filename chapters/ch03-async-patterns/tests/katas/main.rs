//! Chapter 3 katas: one test binary, one module per source file, in book order.
//!
//! A test's path starts with its kata's name (`emitter::once_wrapper::fires_once`),
//! which is how `cargo xtask check chapter-3 emitter::once_wrapper` finds it. The
//! same file is compiled against the learner's crate (`chapters/ch03-async-patterns`)
//! and against the reference solution (`solutions/ch03-async-patterns`).

// A learner's `cargo xtask check` compiles only the tests of katas begun and
// the first not begun: each kata's module is behind `#[cfg(not(kata_skip =
// "module::item"))]`. What only the others use is then unused, no fault of theirs.
#![cfg_attr(kata_skip, allow(unused))]

/// Names each value of one comparison, so a failing `assert_eq!` says which
/// field differs: `assert_eq!(named!(len: b.len()), named!(len: 3))`.
macro_rules! named {
    ($($name:ident: $value:expr),+ $(,)?) => {
        [$((stringify!($name), format!("{:?}", $value))),+]
    };
}

mod async_await;
mod avalanche;
mod emitter;
mod generated;
mod promise;
mod script;
mod sentinel;

use std::cell::RefCell;
use std::rc::Rc;

use ch03_async_patterns::emitter::{Arg, Listener};

/// The chapter's folder name, for snapshots and oracle files.
pub const CHAPTER: &str = "ch03-async-patterns";

/// A shared list of lines that test listeners append to.
pub type Log = Rc<RefCell<Vec<String>>>;

/// A fresh, empty log.
pub fn log() -> Log {
    Rc::default()
}

/// A listener called `name` that appends `name` and its arguments to `log`.
pub fn logger(name: &str, log: &Log) -> Listener {
    let log = log.clone();
    let own = name.to_owned();
    Listener::new(name, move |_, args| {
        let shown: Vec<String> = std::iter::once(own.clone())
            .chain(args.iter().map(Arg::show))
            .collect();
        log.borrow_mut().push(shown.join(" "));
        Ok(())
    })
}

/// The lines in `log`, taken out.
pub fn lines(log: &Log) -> Vec<String> {
    log.borrow().clone()
}
