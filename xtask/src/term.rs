//! Terminal styling: a few ANSI colours, only where a person is watching.
//!
//! Colour goes to stdout only when it is a terminal and `NO_COLOR` is unset
//! (<https://no-color.org>); the same rule applies to stderr separately, so
//! `cargo xtask check … > log` still shows dimmed commands on the terminal.
//! Hand-rolled on purpose: a colour crate would cost more build time than
//! these dozen lines.

use std::io::IsTerminal;
use std::sync::OnceLock;

/// Which of the two output streams may carry ANSI escapes.
#[derive(Debug, Clone, Copy)]
struct Streams {
    /// stdout is a terminal and `NO_COLOR` is unset.
    stdout: bool,
    /// stderr is a terminal and `NO_COLOR` is unset.
    stderr: bool,
}

/// Decided once per process: the streams do not change mid-run.
fn streams() -> Streams {
    static STREAMS: OnceLock<Streams> = OnceLock::new();
    *STREAMS.get_or_init(|| {
        let allowed = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        Streams {
            stdout: allowed && std::io::stdout().is_terminal(),
            stderr: allowed && std::io::stderr().is_terminal(),
        }
    })
}

/// True when text printed to stdout may be coloured.
pub fn stdout_colored() -> bool {
    streams().stdout
}

/// Wraps `text` in the SGR `code` when `enabled`.
fn paint(code: &str, text: &str, enabled: bool) -> String {
    if enabled {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_owned()
    }
}

/// Green, for passing katas and steps (stdout).
pub fn green(text: &str) -> String {
    paint("32", text, streams().stdout)
}

/// Red, for failing katas and steps (stdout).
pub fn red(text: &str) -> String {
    paint("31", text, streams().stdout)
}

/// Yellow, for katas not started or timed out (stdout).
pub fn yellow(text: &str) -> String {
    paint("33", text, streams().stdout)
}

/// Bold, for headings and the commands a learner should type next (stdout).
pub fn bold(text: &str) -> String {
    paint("1", text, streams().stdout)
}

/// Dimmed, for secondary detail (stdout).
pub fn dim(text: &str) -> String {
    paint("2", text, streams().stdout)
}

/// Prints a line to stderr, dimmed: the commands xtask runs on the learner's behalf.
pub fn note(text: &str) {
    eprintln!("{}", paint("2", text, streams().stderr));
}

/// `error:` for stderr, red and bold on a terminal, as cargo prints it.
pub fn error_label() -> String {
    paint("1;31", "error:", streams().stderr)
}

/// Removes ANSI escape sequences, for output captured from tests that colour
/// their diffs (pretty_assertions always does) when we print to a file or pipe.
pub fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\x1b' {
            out.push(c);
            continue;
        }
        // CSI sequences: ESC [ parameters… final byte in @..~ .
        if chars.peek() == Some(&'[') {
            chars.next();
            for c in chars.by_ref() {
                if ('@'..='~').contains(&c) {
                    break;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_ansi_removes_sgr_and_keeps_text() {
        let coloured = "\x1b[31m<left\x1b[0m \x1b[1;32m>right\x1b[0m";
        assert_eq!(strip_ansi(coloured), "<left >right");
    }

    #[test]
    fn paint_is_plain_when_disabled() {
        assert_eq!(paint("31", "x", false), "x");
        assert_eq!(paint("31", "x", true), "\x1b[31mx\x1b[0m");
    }
}
