//! Signal names (信号): the numbers Linux uses and the names Node prints.
//!
//! Node reports a killed child as `exit` with `code === null` and `signal`
//! a name such as `'SIGTERM'`; `child.kill('SIGKILL')` takes a name too.
//! These are Linux's numbers on x86-64 and arm64 (other platforms differ).
//! Book: book/src/ch07-processes/spawn.md

/// Every signal name with its Linux number, in number order.
pub const SIGNALS: [(&str, i32); 31] = [
    ("SIGHUP", 1),
    ("SIGINT", 2),
    ("SIGQUIT", 3),
    ("SIGILL", 4),
    ("SIGTRAP", 5),
    ("SIGABRT", 6),
    ("SIGBUS", 7),
    ("SIGFPE", 8),
    ("SIGKILL", 9),
    ("SIGUSR1", 10),
    ("SIGSEGV", 11),
    ("SIGUSR2", 12),
    ("SIGPIPE", 13),
    ("SIGALRM", 14),
    ("SIGTERM", 15),
    ("SIGSTKFLT", 16),
    ("SIGCHLD", 17),
    ("SIGCONT", 18),
    ("SIGSTOP", 19),
    ("SIGTSTP", 20),
    ("SIGTTIN", 21),
    ("SIGTTOU", 22),
    ("SIGURG", 23),
    ("SIGXCPU", 24),
    ("SIGXFSZ", 25),
    ("SIGVTALRM", 26),
    ("SIGPROF", 27),
    ("SIGWINCH", 28),
    ("SIGIO", 29),
    ("SIGPWR", 30),
    ("SIGSYS", 31),
];

/// The name of signal `number` (`9` → `"SIGKILL"`),
/// or `None` for a number Linux does not name.
pub fn name(number: i32) -> Option<&'static str> {
    SIGNALS
        .iter()
        .find(|(_, n)| *n == number)
        .map(|(name, _)| *name)
}

/// The number of the signal called `name` (`"SIGTERM"` → `15`), or `None`.
pub fn number(name: &str) -> Option<i32> {
    SIGNALS.iter().find(|(n, _)| *n == name).map(|(_, n)| *n)
}
