//! Terminal styling: a few ANSI colours, only where a person is watching.
//!
//! Colour goes to stdout only when it is a terminal and `NO_COLOR` is unset
//! (<https://no-color.org>); the same rule applies to stderr separately, so
//! `cargo xtask check … > log` still shows dimmed commands on the terminal.
//! The styling and ANSI stripping are the `console` crate's.
//!
//! While cargo builds, a [`Spinner`] turns on stderr, only when stderr is a
//! terminal; piped or redirected output stays free of it.

use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

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

/// True when text printed to stderr may be coloured.
pub fn stderr_colored() -> bool {
    streams().stderr
}

/// `text` in `style` when `enabled`, plain otherwise.
fn paint(style: console::Style, text: &str, enabled: bool) -> String {
    style.force_styling(enabled).apply_to(text).to_string()
}

/// Green, for passing katas and steps (stdout).
pub fn green(text: &str) -> String {
    paint(console::Style::new().green(), text, streams().stdout)
}

/// Red, for failing katas and steps (stdout).
pub fn red(text: &str) -> String {
    paint(console::Style::new().red(), text, streams().stdout)
}

/// Yellow, for katas not started or timed out (stdout).
pub fn yellow(text: &str) -> String {
    paint(console::Style::new().yellow(), text, streams().stdout)
}

/// Bold, for headings and the commands a learner should type next (stdout).
pub fn bold(text: &str) -> String {
    paint(console::Style::new().bold(), text, streams().stdout)
}

/// Dimmed, for secondary detail (stdout).
pub fn dim(text: &str) -> String {
    paint(console::Style::new().dim(), text, streams().stdout)
}

/// Whether `--verbose` asked to see every command xtask runs.
static VERBOSE: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

/// Shows (or hides) the commands xtask runs (`$ cargo test …`); off by default.
pub fn set_verbose(on: bool) {
    VERBOSE.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// True when `--verbose` was given (or `verify` runs, whose log is CI's).
pub fn verbose() -> bool {
    VERBOSE.load(std::sync::atomic::Ordering::Relaxed)
}

/// Prints a line to stderr, dimmed: the commands xtask runs on the learner's behalf.
/// With a spinner turning, the line goes above it.
pub fn note(text: &str) {
    let line = paint(console::Style::new().dim(), text, streams().stderr);
    let active = ACTIVE.lock().ok().and_then(|guard| guard.clone());
    match active {
        Some(spinner) => spinner.print_above(&line),
        None => eprintln!("{line}"),
    }
}

/// True when stderr is a terminal (whatever `NO_COLOR` says): spinners may draw.
pub fn stderr_is_terminal() -> bool {
    static TERMINAL: OnceLock<bool> = OnceLock::new();
    *TERMINAL.get_or_init(|| std::io::stderr().is_terminal())
}

/// At most one spinner turns at a time; this is it, so [`note`] can print
/// above it.
static ACTIVE: Mutex<Option<Arc<Turning>>> = Mutex::new(None);

/// A spinner on stderr with a short message (`building ch02-async-io…`) and
/// the seconds it has turned, shown only when stderr is a terminal. It
/// disappears when dropped.
///
/// Written here rather than taken from indicatif: that crate and its atomics
/// were 1.9 s of the 31 s of CPU a fresh clone's first `check` spends on
/// xtask, for one line redrawn ten times a second.
#[derive(Debug)]
pub struct Spinner {
    /// `None` when stderr is not a terminal: every method is then a no-op.
    turning: Option<(Arc<Turning>, JoinHandle<()>)>,
}

/// What the drawing thread and the callers share.
#[derive(Debug)]
struct Turning {
    started: Instant,
    /// Held while anything writes to stderr, so that lines never interleave.
    state: Mutex<Shown>,
}

/// What the spinner's line says, and whether it is gone.
#[derive(Debug)]
struct Shown {
    message: String,
    stopped: bool,
}

/// The frames, one per tick.
const FRAMES: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/// How often the spinner is redrawn.
const TICK: Duration = Duration::from_millis(100);

impl Spinner {
    /// Starts a spinner saying `message`, or nothing when stderr is piped.
    pub fn start(message: impl Into<String>) -> Spinner {
        if !stderr_is_terminal() {
            return Spinner { turning: None };
        }
        let turning = Arc::new(Turning {
            started: Instant::now(),
            state: Mutex::new(Shown {
                message: message.into(),
                stopped: false,
            }),
        });
        let drawer = Arc::clone(&turning);
        let thread = std::thread::spawn(move || {
            let mut tick = 0;
            loop {
                let state = drawer.lock();
                if state.stopped {
                    break;
                }
                drawer.draw(&state.message, tick);
                drop(state);
                tick += 1;
                // Unparked by `drop`, so that the line goes at once.
                std::thread::park_timeout(TICK);
            }
        });
        if let Ok(mut active) = ACTIVE.lock() {
            *active = Some(Arc::clone(&turning));
        }
        Spinner {
            turning: Some((turning, thread)),
        }
    }

    /// Changes the message (`running 83 tests…`).
    pub fn set(&self, message: impl Into<String>) {
        if let Some((turning, _)) = &self.turning {
            turning.lock().message = message.into();
        }
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        let Some((turning, thread)) = self.turning.take() else {
            return;
        };
        if let Ok(mut active) = ACTIVE.lock() {
            *active = None;
        }
        turning.lock().stopped = true;
        thread.thread().unpark();
        let _ = thread.join();
        let mut stderr = std::io::stderr().lock();
        let _ = write!(stderr, "\r\x1b[2K");
        let _ = stderr.flush();
    }
}

impl Turning {
    fn lock(&self) -> MutexGuard<'_, Shown> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Redraws the spinner's line in place, cut to the terminal's width: a
    /// line that wrapped would leave its first half behind on every redraw.
    fn draw(&self, message: &str, tick: usize) {
        let line = spinner_line(message, tick, self.started.elapsed());
        let width = usize::from(console::Term::stderr().size().1);
        let line = console::truncate_str(&line, width.saturating_sub(1), "…");
        let mut stderr = std::io::stderr().lock();
        let _ = write!(stderr, "\r\x1b[2K{line}");
        let _ = stderr.flush();
    }

    /// Prints `line` where the spinner was, and the spinner again below it.
    fn print_above(&self, line: &str) {
        let state = self.lock();
        {
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(stderr, "\r\x1b[2K{line}");
        }
        if !state.stopped {
            self.draw(&state.message, 0);
        }
    }
}

/// One frame: `⠹ building ch02-async-io… 3s`, the time dimmed.
fn spinner_line(message: &str, tick: usize, elapsed: Duration) -> String {
    let seconds = elapsed.as_secs();
    let time = if seconds < 60 {
        format!("{seconds}s")
    } else {
        format!("{}m {}s", seconds / 60, seconds % 60)
    };
    let time = paint(console::Style::new().dim(), &time, streams().stderr);
    format!("{} {message} {time}", FRAMES[tick % FRAMES.len()])
}

/// Clears the terminal and moves the cursor home (for `watch`), or prints a
/// separator line when stdout is not a terminal, so a log stays readable.
pub fn clear_screen() {
    if std::io::stdout().is_terminal() {
        print!("\x1b[2J\x1b[3J\x1b[H");
    } else {
        println!("\n{}", "─".repeat(60));
    }
}

/// `error:` for stderr, red and bold on a terminal, as cargo prints it.
pub fn error_label() -> String {
    paint(
        console::Style::new().red().bold(),
        "error:",
        streams().stderr,
    )
}

/// Removes ANSI escape sequences, for output captured from tests that colour
/// their diffs (pretty_assertions always does) when we print to a file or pipe.
pub fn strip_ansi(text: &str) -> String {
    console::strip_ansi_codes(text).into_owned()
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
        assert_eq!(paint(console::Style::new().red(), "x", false), "x");
        assert_eq!(
            paint(console::Style::new().red(), "x", true),
            "\x1b[31mx\x1b[0m"
        );
    }

    #[test]
    fn a_spinner_line_turns_and_counts_minutes() {
        let plain = |tick, secs| {
            strip_ansi(&spinner_line(
                "building x…",
                tick,
                Duration::from_secs(secs),
            ))
        };
        assert_eq!(plain(0, 3), "⠋ building x… 3s");
        assert_eq!(plain(1, 3), "⠙ building x… 3s");
        assert_eq!(plain(10, 0), "⠋ building x… 0s");
        assert_eq!(plain(2, 125), "⠹ building x… 2m 5s");
    }
}
