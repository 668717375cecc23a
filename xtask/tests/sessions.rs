//! Scripted terminal sessions, tried as a new learner would: `watch` sees a
//! fix land and answers `h` and `q`; `hint` twice; `reset` after a `y`;
//! `list`. Each runs the real xtask binary in a real terminal (tmux), types
//! with `send-keys` and reads the screen with `capture-pane`.
//!
//! Without tmux these tests print `skipped: tmux not installed` and pass,
//! unless `KATA_REQUIRE_TMUX=1` (which `cargo xtask verify` sets when it runs
//! them, in their own step, only when tmux is installed).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{ADD, GREET, fixture, one_at_a_time, scratch, shared_target, solve};

/// How long a screen may take to show what we wait for (the first build of
/// the fixture's dependencies is cold).
const PATIENCE: Duration = Duration::from_secs(240);

/// A tmux server of our own (`tmux -L NAME`), killed when dropped.
struct Tmux {
    socket: String,
}

impl Tmux {
    /// A server running `command` in a 120×40 window, or `None` without tmux.
    fn start(name: &str, command: &str) -> Option<Tmux> {
        let installed = Command::new("tmux")
            .arg("-V")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !installed {
            assert!(
                std::env::var_os("KATA_REQUIRE_TMUX").is_none_or(|v| v != "1"),
                "tmux is required (KATA_REQUIRE_TMUX=1) but not installed: apt-get install tmux"
            );
            eprintln!("skipped: tmux not installed (apt-get install tmux)");
            return None;
        }
        let tmux = Tmux {
            socket: format!("xtask-{name}-{}", std::process::id()),
        };
        let status = tmux
            .command()
            .args([
                "new-session",
                "-d",
                "-s",
                "main",
                "-x",
                "120",
                "-y",
                "40",
                command,
            ])
            .status()
            .expect("starting tmux");
        assert!(status.success(), "tmux new-session failed");
        Some(tmux)
    }

    fn command(&self) -> Command {
        let mut command = Command::new("tmux");
        command.args(["-L", &self.socket]);
        command
    }

    /// Types `keys` (tmux key names: `Enter`, `C-c`, or literal text).
    fn send(&self, keys: &[&str]) {
        let status = self
            .command()
            .args(["send-keys", "-t", "main"])
            .args(keys)
            .status()
            .expect("tmux send-keys");
        assert!(status.success());
    }

    /// The visible screen and its scrollback.
    fn screen(&self) -> String {
        let output = self
            .command()
            .args(["capture-pane", "-p", "-J", "-S", "-200", "-t", "main"])
            .output()
            .expect("tmux capture-pane");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Waits until the screen shows `text`; panics with the screen after [`PATIENCE`].
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "waited {PATIENCE:?} for {text:?}; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Clears the scrollback so the next `wait_for` sees only new output.
    fn clear(&self) {
        let _ = self
            .command()
            .args(["clear-history", "-t", "main"])
            .status();
        self.send(&["C-l"]);
    }
}

impl Drop for Tmux {
    /// Stops the server and waits until the pane's processes are gone: the
    /// shell and the `sleep` that keeps a finished pane readable. Killing the
    /// server only hangs their terminal up, and the signal lands a moment
    /// later, after the test has ended (a `verify` step saw `sleep 60` left
    /// running once). Each pane is its own process group (tmux's `setsid`).
    fn drop(&mut self) {
        let panes = self
            .command()
            .args(["list-panes", "-a", "-F", "#{pane_pid}"])
            .output()
            .map(|output| String::from_utf8_lossy(&output.stdout).into_owned())
            .unwrap_or_default();
        let _ = self
            .command()
            .arg("kill-server")
            .stderr(Stdio::null())
            .status();
        for group in panes.lines().filter_map(|pid| pid.trim().parse().ok()) {
            if let Some(pid) = rustix::process::Pid::from_raw(group) {
                let kill = rustix::process::Signal::KILL;
                let _ = rustix::process::kill_process_group(pid, kill);
            }
            let start = Instant::now();
            while alive_in_group(group) && start.elapsed() < Duration::from_secs(5) {
                std::thread::sleep(Duration::from_millis(10));
            }
        }
    }
}

/// Whether a process of group `group` still runs (a zombie has ended: only
/// its new parent's wait is left, which `verify` does).
fn alive_in_group(group: i32) -> bool {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return false;
    };
    entries.flatten().any(|entry| {
        let stat =
            std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
        // `pid (name) state ppid pgrp …`: the name may hold spaces.
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .map_or(Vec::new(), |(_, rest)| rest.split_whitespace().collect());
        fields.get(2) == Some(&group.to_string().as_str()) && fields[0] != "Z"
    })
}

/// The environment line that makes the xtask binary use the fixture at `root`.
fn env_line(root: &Path) -> String {
    format!(
        "env CARGO_MANIFEST_DIR={} CARGO_TARGET_DIR={} {}",
        root.join("xtask").display(),
        shared_target().display(),
        env!("CARGO_BIN_EXE_xtask")
    )
}

/// `watch ARGS` in a fresh fixture, in tmux (`None` without tmux), echoing
/// its exit code when it ends.
fn watch_session(name: &str, args: &str) -> Option<(PathBuf, Tmux)> {
    let root = scratch(name);
    fixture(&root);
    let command = format!(
        "cd {} && {} watch {args}; echo WATCH-EXITED-$?; sleep 60",
        root.display(),
        env_line(&root)
    );
    let tmux = Tmux::start(name, &command)?;
    Some((root, tmux))
}

#[test]
fn session_watch_sees_a_fix_and_answers_keys() {
    let _serial = one_at_a_time();
    let Some((root, tmux)) = watch_session("session-watch", "chapter-1") else {
        return;
    };
    let screen = tmux.wait_for("0 of 2 katas");
    assert!(screen.contains("… sums::add"), "{screen}");
    // Nothing passes yet: the whole chapter is as quick as one kata.
    assert!(!screen.contains("this kata alone"), "{screen}");
    assert!(
        screen.contains("h hint · l list · r re-run · q quit"),
        "{screen}"
    );

    // Saving a correct body is one new verdict, with no key pressed.
    solve(&root, "add", ADD);
    let screen = tmux.wait_for("1 of 2 katas");
    assert!(screen.contains("✓ sums::add"), "{screen}");
    assert!(
        screen.contains("hint: cargo xtask hint chapter-1 sums::greet"),
        "{screen}"
    );
    // With a kata passed, the quicker loop of the one that fails is named.
    assert!(
        screen.contains("this kata alone: cargo xtask watch chapter-1 sums::greet"),
        "{screen}"
    );

    // `h` shows the first hint of the first failing kata, `l` the list.
    tmux.send(&["h"]);
    tmux.wait_for("sums::greet  (hint 1 of 3)");
    tmux.send(&["l"]);
    tmux.wait_for("1 of 2 katas");

    // All pass: it says so and points past the last written chapter.
    solve(&root, "greet", GREET);
    let screen = tmux.wait_for("Every kata of chapter-1 passes.");
    assert!(
        screen.contains("That was the last chapter written so far"),
        "{screen}"
    );

    tmux.send(&["q"]);
    let screen = tmux.wait_for("WATCH-EXITED-0");
    assert!(screen.contains("Stopped watching chapter-1."), "{screen}");
}

#[test]
fn session_watch_of_one_kata_runs_it_alone() {
    let _serial = one_at_a_time();
    let Some((root, tmux)) = watch_session("session-watch-kata", "chapter-1 add")
    else {
        return;
    };
    // Only the kata named (a suffix is enough), and the footer says so.
    let screen = tmux.wait_for("0 of 1 katas");
    assert!(screen.contains("sums::add"), "{screen}");
    assert!(!screen.contains("sums::greet"), "{screen}");
    assert!(screen.contains("(sums::add only)"), "{screen}");

    // Solved: it says so and names the next kata's watch, and the chapter's.
    solve(&root, "add", ADD);
    let screen = tmux.wait_for("sums::add passes.");
    assert!(
        screen.contains("next kata: cargo xtask watch chapter-1 sums::greet"),
        "{screen}"
    );
    assert!(
        screen.contains("the whole chapter: cargo xtask watch chapter-1"),
        "{screen}"
    );

    tmux.send(&["q"]);
    tmux.wait_for("WATCH-EXITED-0");
}

#[test]
fn session_watch_stops_cleanly_on_ctrl_c() {
    let _serial = one_at_a_time();
    let root = scratch("session-ctrl-c");
    fixture(&root);
    let command = format!(
        "cd {} && {} watch 1; echo WATCH-EXITED-$?; stty -a | grep -o ' -\\?icanon'; sleep 60",
        root.display(),
        env_line(&root)
    );
    let Some(tmux) = Tmux::start("ctrl-c", &command) else {
        return;
    };
    tmux.wait_for("0 of 2 katas");
    tmux.send(&["C-c"]);
    tmux.wait_for("WATCH-EXITED-0");
    // The terminal is back in canonical mode. Wait for stty's own line: the
    // exit line can reach the screen before it.
    let screen = tmux.wait_for("icanon");
    assert!(
        screen.contains(" icanon") && !screen.contains("-icanon"),
        "{screen}"
    );
}

#[test]
fn session_hint_twice_reset_and_list() {
    let _serial = one_at_a_time();
    let root = scratch("session-hint");
    fixture(&root);
    let xtask = env_line(&root);
    let command = format!("cd {} && exec bash --norc --noprofile", root.display());
    let Some(tmux) = Tmux::start("hint", &command) else {
        return;
    };
    tmux.send(&["PS1='$ '", "Enter"]);

    // Two calls, two levels: the second shows one hint more.
    tmux.send(&[&format!("{xtask} hint 1"), "Enter"]);
    let screen = tmux.wait_for("(hint 1 of 2)");
    assert!(screen.contains("1. Use the plus sign."), "{screen}");
    tmux.send(&[&format!("{xtask} hint 1"), "Enter"]);
    let screen = tmux.wait_for("That was the last hint");
    assert!(screen.contains("sums::add  (hint 2 of 2)"), "{screen}");
    assert!(screen.contains("2. Nearly: `a + b`."), "{screen}");

    // Reset asks, then restores only that kata.
    solve(&root, "add", ADD);
    solve(&root, "greet", GREET);
    tmux.clear();
    tmux.send(&[&format!("{xtask} reset 1 add"), "Enter"]);
    tmux.wait_for("Start this kata over? [y/N]");
    tmux.send(&["y", "Enter"]);
    tmux.wait_for("sums::add is a stub again");
    let source =
        std::fs::read_to_string(root.join("chapters/ch01-sums/src/sums.rs")).unwrap();
    assert!(source.contains("todo!(\"kata sums::add\")"), "{source}");
    assert!(source.contains(GREET), "{source}");

    // The list runs the changed chapter and shows the next kata.
    tmux.clear();
    tmux.send(&[&format!("{xtask} list"), "Enter"]);
    let screen = tmux.wait_for("next: cargo xtask check chapter-1 sums::add");
    assert!(screen.contains("1 of 2 katas"), "{screen}");
    assert!(screen.contains("chapter-2  later"), "{screen}");
}
