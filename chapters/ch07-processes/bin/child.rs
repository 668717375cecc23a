//! The chapter's child program: `ch07-child <echo|server|worker>`.
//!
//! The tests and the `cluster` example fork it; a real Node parent can too
//! (`fork('echo', [], { execPath })`). The roles live in `src/child.rs`.

fn main() {
    std::process::exit(ch07_processes::child::main());
}
