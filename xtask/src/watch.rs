//! `cargo xtask watch <chapter> [kata]`: re-run a chapter's katas on every save.
//!
//! rustlings' watch mode for this workspace. One run at start, then one per
//! save of the learner's files (`chapters/chNN-slug/src/**`, via `notify`):
//! events are debounced ([`DEBOUNCE`] of quiet after the last one), so an
//! editor's write-rename-chmod burst is one run; a save during a run cancels
//! it (its cargo and test processes are killed) and starts afresh. Each
//! verdict clears the screen and shows what `check` shows: the katas, "N of
//! M", the first failure's diff, its hint command and book page; when all
//! pass, the `watch` command of the next chapter. With a kata named, each run
//! is `check CHAPTER KATA`: only that kata's tests are built and run, so the
//! verdict stays as quick late in a chapter as on its first kata.
//!
//! Runs use plain `cargo test` unless `--runner nextest`: one process for all
//! tests is what makes save → verdict well under a second.
//!
//! Keys, read one at a time without Enter when stdin is a terminal: `h` the
//! next hint of the first failing kata (progressive, like `hint`), `l` the
//! list of chapters (cached results), `r` or Enter re-run, `q`, Ctrl-C or
//! Ctrl-D quit. The terminal is put in non-canonical, no-echo mode with
//! signals off (so Ctrl-C arrives as a key and the running build is stopped
//! cleanly) and restored on every way out, panics included.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::{ArgMatches, Command, arg};
use notify::{EventKind, RecursiveMode, Watcher};

use crate::by_hand;
use crate::cargo::{Cancelled, Cargo, Runner};
use crate::chapters::{Chapter, Workspace};
use crate::check::{self, CheckOptions, Report, Verdict};
use crate::hint;
use crate::katas::{Kata, Katas};
use crate::list;
use crate::term;

/// Quiet time after the last file event before a run starts. An editor's save
/// (write, or write-rename-chmod) is one burst within a few milliseconds; a
/// later event cancels the run and starts another, so a longer wait buys
/// nothing but latency (80 ms had made `watch` slower than `check`).
pub const DEBOUNCE: Duration = Duration::from_millis(20);

/// Options of `watch`.
#[derive(Debug)]
#[allow(missing_docs)] // Each field's help is its argument's, below.
pub struct WatchArgs {
    pub chapter: String,
    pub kata: Option<String>,
    pub runner: Option<Runner>,
}

impl WatchArgs {
    fn augment(command: Command) -> Command {
        command.args([
            by_hand::chapter(),
            arg!([KATA] "Only this kata, as `check CHAPTER KATA` runs it: its tests \
                 alone are built, the quickest verdict late in a chapter"),
            by_hand::runner(
                "The test runner (default: cargo test, the fastest to a verdict)",
            ),
        ])
    }

    fn read(matches: &ArgMatches) -> WatchArgs {
        WatchArgs {
            chapter: by_hand::string(matches, "CHAPTER").unwrap_or_default(),
            kata: by_hand::string(matches, "KATA"),
            runner: by_hand::runner_of(matches),
        }
    }
}

crate::args_by_hand!(WatchArgs);

/// What the main loop reacts to.
#[derive(Debug)]
enum Event {
    /// A learner file changed.
    Changed,
    /// A key was pressed (a raw byte).
    Key(u8),
    /// Run number `.0` finished.
    Done(u64, Result<Report>),
}

/// Runs `watch`.
pub fn run(args: &WatchArgs) -> Result<ExitCode> {
    let workspace = Workspace::load()?;
    let (chapter, katas) = workspace.resolve_written(&args.chapter)?;
    let chapter = chapter.clone();
    let only = args
        .kata
        .as_deref()
        .map(|k| katas.find(k))
        .transpose()?
        .cloned();
    // Plain `cargo test` by default: one process for all tests answers in a
    // third of the time nextest's process per test takes, and a hang is still
    // bounded by `kata_support::bounded`. `--runner nextest` for isolation.
    let runner = Cargo::new(&workspace.root)
        .pick_runner(Some(args.runner.unwrap_or(Runner::Cargo)))?;
    let src = chapter.learner_dir(&workspace.root).join("src");
    let (events, inbox) = mpsc::channel();

    let watcher_events = events.clone();
    let mut watcher =
        notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            if event.is_ok_and(|e| is_save(&e)) {
                let _ = watcher_events.send(Event::Changed);
            }
        })
        .context("starting the file watcher")?;
    watcher
        .watch(&src, RecursiveMode::Recursive)
        .with_context(|| format!("watching {}", src.display()))?;

    let keys = Keys::start(events.clone());
    let mut session = Session {
        workspace: &workspace,
        chapter: &chapter,
        katas: &katas,
        only,
        runner,
        events,
        generation: 0,
        cancel: Arc::new(AtomicBool::new(false)),
        last: None,
        interactive: keys.is_some(),
        src,
    };
    session.start_run();
    let mut pending: Option<Instant> = None;
    loop {
        let timeout = pending.map_or(Duration::from_secs(3600), |since| {
            DEBOUNCE.saturating_sub(since.elapsed())
        });
        match inbox.recv_timeout(timeout) {
            Ok(Event::Changed) => pending = Some(Instant::now()),
            Ok(Event::Key(b'q' | 3 | 4)) => break,
            Ok(Event::Key(b'h')) => session.show_hint(),
            Ok(Event::Key(b'l')) => session.show_list(),
            Ok(Event::Key(b'r' | b'\r' | b'\n')) => session.start_run(),
            Ok(Event::Key(_)) => {}
            Ok(Event::Done(generation, result))
                if generation == session.generation =>
            {
                session.show(result);
            }
            // A superseded run: its verdict is about code that changed since.
            Ok(Event::Done(..)) => {}
            Err(RecvTimeoutError::Timeout) => {
                if pending.is_some_and(|since| since.elapsed() >= DEBOUNCE) {
                    pending = None;
                    session.start_run();
                }
            }
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    session.cancel.store(true, Ordering::SeqCst);
    drop(keys);
    println!();
    println!("Stopped watching {}.", chapter.cli_name());
    Ok(ExitCode::SUCCESS)
}

/// True for an event that means a learner's source file was written,
/// created, renamed or removed (not merely read, and not an editor's swap file).
fn is_save(event: &notify::Event) -> bool {
    let kind = matches!(
        event.kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
    );
    kind && event.paths.iter().any(|path| is_source(path))
}

/// `*.rs`, not hidden (`.x.rs.swp`, `.#x.rs`) and not a backup (`x.rs~`).
fn is_source(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.ends_with(".rs") && !name.starts_with('.')
}

/// The state of one watch session.
struct Session<'a> {
    workspace: &'a Workspace,
    chapter: &'a Chapter,
    katas: &'a Katas,
    /// The one kata each run checks, when the learner named one.
    only: Option<Kata>,
    runner: Runner,
    events: Sender<Event>,
    /// The number of the latest run; older runs' results are dropped.
    generation: u64,
    /// The latest run's cancel flag.
    cancel: Arc<AtomicBool>,
    /// The latest verdict shown.
    last: Option<Report>,
    /// Keys work (stdin is a terminal).
    interactive: bool,
    /// The watched folder, for the footer.
    src: PathBuf,
}

impl Session<'_> {
    /// Cancels the run in progress, if any, and starts a new one on a thread.
    fn start_run(&mut self) {
        self.cancel.store(true, Ordering::SeqCst);
        self.cancel = Arc::new(AtomicBool::new(false));
        self.generation += 1;
        let generation = self.generation;
        let cargo = Cargo::new(&self.workspace.root).with_cancel(self.cancel.clone());
        let chapter = self.chapter.clone();
        let katas = self.katas.clone();
        let only = self.only.clone();
        let options = CheckOptions {
            solution: false,
            runner: self.runner,
            quiet: false,
            color: term::stdout_colored(),
            skip_untouched: true,
        };
        let events = self.events.clone();
        std::thread::spawn(move || {
            let result = match &only {
                // What `check CHAPTER KATA` runs; the chapter's cached results
                // (`list`) are left to whole-chapter runs.
                Some(kata) => check::check_chapter(
                    &cargo,
                    &chapter,
                    &katas,
                    Some(kata),
                    &options,
                ),
                None => check::learner_run(&cargo, &chapter, &katas, &options),
            };
            let _ = events.send(Event::Done(generation, result));
        });
    }

    /// Clears the screen and shows a verdict (or the error that prevented one).
    fn show(&mut self, result: Result<Report>) {
        match result {
            Err(error) if error.is::<Cancelled>() => return,
            Err(error) => {
                term::clear_screen();
                println!("{} {error:#}", term::red("could not run the katas:"));
            }
            Ok(report) => {
                term::clear_screen();
                check::print_report(
                    &report,
                    self.workspace,
                    self.chapter,
                    self.katas,
                    "watch",
                );
                if let Some(kata) = self.only.as_ref().filter(|_| report.all_pass()) {
                    self.print_next(kata);
                }
                if self.only.is_none() {
                    print_alone(self.chapter, &report);
                }
                self.last = Some(report);
            }
        }
        self.footer();
    }

    /// After the one kata watched passes: the command for the next one in book
    /// order, and for the whole chapter, which also runs the katas before it.
    fn print_next(&self, kata: &Kata) {
        let chapter = self.chapter.cli_name();
        if let Some(next) = self.katas.after(&kata.name).next() {
            println!(
                "next kata: {}",
                term::bold(&format!("cargo xtask watch {chapter} {}", next.name))
            );
        }
        println!(
            "the whole chapter: {}",
            term::bold(&format!("cargo xtask watch {chapter}"))
        );
    }

    /// The line under every screen: what is watched and which keys work.
    fn footer(&self) {
        let shown = self
            .src
            .strip_prefix(&self.workspace.root)
            .unwrap_or(&self.src)
            .display()
            .to_string();
        let keys = if self.interactive {
            " · h hint · l list · r re-run · q quit"
        } else {
            " · Ctrl-C to stop"
        };
        let focus = self
            .only
            .as_ref()
            .map(|kata| format!(" ({} only)", kata.name))
            .unwrap_or_default();
        println!();
        println!("{}", term::dim(&format!("watching {shown}{focus}{keys}")));
        let _ = std::io::stdout().flush();
    }

    /// The next hint of the first kata that does not pass.
    fn show_hint(&self) {
        let kata = self
            .last
            .as_ref()
            .and_then(|r| r.katas.iter().find(|k| k.verdict != Verdict::Passed))
            .and_then(|k| self.katas.find(&k.name).ok())
            .or(self.only.as_ref())
            .or_else(|| self.katas.list.first());
        match kata {
            Some(kata) => {
                match hint::next_hint(self.workspace, self.chapter, kata, false) {
                    Ok(text) => {
                        println!();
                        print!("{text}");
                    }
                    Err(error) => println!("{} {error:#}", term::red("no hint:")),
                }
            }
            None => println!("No katas in this chapter."),
        }
        let _ = std::io::stdout().flush();
    }

    /// Every chapter's progress, from the cache (nothing is run).
    fn show_list(&self) {
        let cargo = Cargo::new(&self.workspace.root);
        println!();
        match list::rows(self.workspace, &cargo, true) {
            Ok(rows) => list::print_rows(&rows),
            Err(error) => println!("{} {error:#}", term::red("no list:")),
        }
        let _ = std::io::stdout().flush();
    }
}

/// The terminal in key-at-a-time mode, and the thread reading keys.
/// Dropping it stops the thread and restores the terminal.
struct Keys {
    /// The settings to restore.
    original: rustix::termios::Termios,
    /// Tells the reading thread to stop.
    stop: Arc<AtomicBool>,
    /// The reading thread.
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Keys {
    /// Starts reading keys, or `None` when stdin is not a terminal.
    fn start(events: Sender<Event>) -> Option<Keys> {
        use rustix::termios::{
            LocalModes, OptionalActions, SpecialCodeIndex, tcgetattr, tcsetattr,
        };

        let stdin = std::io::stdin();
        if !stdin.is_terminal() {
            return None;
        }
        let original = tcgetattr(&stdin).ok()?;
        let mut raw = original.clone();
        // No line buffering, no echo, and Ctrl-C as a byte rather than SIGINT,
        // so quitting can stop the build and restore the terminal.
        raw.local_modes
            .remove(LocalModes::ICANON | LocalModes::ECHO | LocalModes::ISIG);
        raw.special_codes[SpecialCodeIndex::VMIN] = 1;
        raw.special_codes[SpecialCodeIndex::VTIME] = 0;
        tcsetattr(&stdin, OptionalActions::Now, &raw).ok()?;
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        let thread = std::thread::spawn(move || read_keys(&events, &stopped));
        Some(Keys {
            original,
            stop,
            thread: Some(thread),
        })
    }
}

impl Drop for Keys {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        let _ = rustix::termios::tcsetattr(
            std::io::stdin(),
            rustix::termios::OptionalActions::Now,
            &self.original,
        );
    }
}

/// Sends each byte typed on stdin as a key, until `stop` (checked every 100 ms).
fn read_keys(events: &Sender<Event>, stop: &AtomicBool) {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};

    let stdin = std::io::stdin();
    let timeout = Timespec {
        tv_sec: 0,
        tv_nsec: 100_000_000,
    };
    let mut buffer = [0u8; 16];
    while !stop.load(Ordering::SeqCst) {
        let mut fds = [PollFd::new(&stdin, PollFlags::IN)];
        match poll(&mut fds, Some(&timeout)) {
            Ok(0) => continue,
            Ok(_) => {}
            Err(rustix::io::Errno::INTR) => continue,
            Err(_) => return,
        }
        match rustix::io::read(&stdin, &mut buffer) {
            Ok(0) => {
                // End of input: treat like Ctrl-D.
                let _ = events.send(Event::Key(4));
                return;
            }
            Ok(count) => {
                for &byte in &buffer[..count] {
                    if events.send(Event::Key(byte)).is_err() {
                        return;
                    }
                }
            }
            Err(rustix::io::Errno::INTR | rustix::io::Errno::AGAIN) => {}
            Err(_) => return,
        }
    }
}

/// Once a kata of the chapter passes, the `watch` of the kata shown alone.
///
/// A whole-chapter run builds and runs the tests of every kata begun, so its
/// saves slow down as the learner gets on (CONTRIBUTING.md, "Speed": 0.3 s on
/// the stubs, 0.5-1.2 s with most of a chapter solved); the kata alone stays
/// near its first figure. The katas before it still need the whole chapter's
/// run at the end, which the line after a pass says.
fn print_alone(chapter: &Chapter, report: &Report) {
    if report.passed == 0 || report.katas.len() < 2 {
        return;
    }
    if let Some(shown) = check::kata_to_show(report) {
        let command =
            format!("cargo xtask watch {} {}", chapter.cli_name(), shown.name);
        println!(
            "{} {}",
            term::dim("quicker, this kata alone:"),
            term::bold(&command)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_source_files_count_as_saves() {
        assert!(is_source(Path::new("/w/chapters/ch02/src/timers.rs")));
        assert!(!is_source(Path::new("/w/chapters/ch02/src/.timers.rs.swp")));
        assert!(!is_source(Path::new("/w/chapters/ch02/src/timers.rs~")));
        assert!(!is_source(Path::new("/w/chapters/ch02/src/4913")));
    }

    #[test]
    fn reads_and_opens_are_not_saves() {
        let event =
            |kind| notify::Event::new(kind).add_path(PathBuf::from("/w/src/a.rs"));
        assert!(is_save(&event(EventKind::Modify(
            notify::event::ModifyKind::Any
        ))));
        assert!(!is_save(&event(EventKind::Access(
            notify::event::AccessKind::Any
        ))));
    }
}
