//! Processes a run left behind, found and stopped.
//!
//! A test that starts a server through a shell, or a learner's `fork` kata that
//! never waits for its workers, can leave a process running after the test
//! binary exits. Such a grandchild is re-parented when its parent dies: to
//! init, normally, where nothing sees it again (chapter 7's stubs once left two
//! `redis-server`s per run that way). [`adopt`] makes xtask a *child
//! subreaper* (Linux's `PR_SET_CHILD_SUBREAPER`), so those orphans become
//! xtask's children instead; after a run, [`stop_leftovers`] lists them, kills
//! them and reaps them. `check` tells the learner what their code left running;
//! `verify` fails the step that left something.
//!
//! On other systems there is no subreaper: [`adopt`] does nothing and nothing
//! is found.

use std::collections::BTreeSet;
use std::process::{Child, Command};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// The processes xtask started and still waits for, which a sweep must leave
/// alone (`watch` may start a run while the previous one finishes), and what
/// sweeps stopped since the last [`take_stopped`].
struct Registry {
    own: BTreeSet<u32>,
    stopped: Vec<Leftover>,
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
    own: BTreeSet::new(),
    stopped: Vec::new(),
});

fn registry() -> MutexGuard<'static, Registry> {
    REGISTRY.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Spawns `command` as one of xtask's own children: no sweep stops it until
/// [`forget`] says it was waited for. Spawning under the registry's lock
/// means a sweep never sees the child before it is registered.
pub fn spawn(command: &mut Command) -> std::io::Result<Child> {
    let mut registry = registry();
    let child = command.spawn()?;
    registry.own.insert(child.id());
    Ok(child)
}

/// `child` has been waited for.
pub fn forget(child: &Child) {
    registry().own.remove(&child.id());
}

/// What sweeps stopped since the last call, oldest first.
pub fn take_stopped() -> Vec<Leftover> {
    std::mem::take(&mut registry().stopped)
}

/// One process found running after a run, and stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leftover {
    /// Its process id.
    pub pid: i32,
    /// Its command line, as `ps` shows it (the name alone if that is gone).
    pub command: String,
}

crate::serialize_fields!(Leftover { pid, command });

impl std::fmt::Display for Leftover {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (pid {})", self.command, self.pid)
    }
}

/// Makes this process the reaper of its descendants' orphans. Call it once,
/// before the first child is started.
pub fn adopt() {
    #[cfg(target_os = "linux")]
    {
        let me = rustix::process::getpid();
        // Failure only costs the check below its findings, never a run.
        let _ = rustix::process::set_child_subreaper(Some(me));
    }
}

/// Kills and reaps every child of this process that xtask did not start
/// itself (see [`spawn`]), and returns them; [`take_stopped`] returns them
/// again later.
///
/// With [`adopt`], those children are orphans some run left behind. Killing
/// one orphans its own children in turn, so it looks again, a bounded number
/// of times.
pub fn stop_leftovers() -> Vec<Leftover> {
    let mut registry = registry();
    let mut stopped = Vec::new();
    #[cfg(target_os = "linux")]
    for _ in 0..8 {
        let children: Vec<linux::Child> = linux::children()
            .into_iter()
            .filter(|c| !registry.own.contains(&c.leftover.pid.unsigned_abs()))
            .collect();
        if children.is_empty() {
            break;
        }
        for child in children {
            linux::kill_and_reap(child.pid);
            // A zombie already ended by itself: reaping it is all it needed.
            if !child.zombie {
                stopped.push(child.leftover);
            }
        }
    }
    registry.stopped.extend(stopped.iter().cloned());
    stopped
}

#[cfg(target_os = "linux")]
mod linux {
    use rustix::process::{Pid, Signal, WaitOptions, getpid, kill_process, waitpid};

    use super::Leftover;

    /// A child of this process as `/proc` shows it.
    pub struct Child {
        pub pid: Pid,
        pub zombie: bool,
        pub leftover: Leftover,
    }

    /// This process's children: every `/proc/<pid>/stat` whose parent is us.
    pub fn children() -> Vec<Child> {
        let me = getpid().as_raw_nonzero().get();
        let Ok(entries) = std::fs::read_dir("/proc") else {
            return Vec::new();
        };
        entries
            .flatten()
            .filter_map(|entry| entry.file_name().to_str()?.parse::<i32>().ok())
            .filter_map(|pid| {
                let stat =
                    std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
                let (name, state, parent) = parse_stat(&stat)?;
                if parent != me {
                    return None;
                }
                Some(Child {
                    pid: Pid::from_raw(pid)?,
                    zombie: state == 'Z',
                    leftover: Leftover {
                        pid,
                        command: command_line(pid).unwrap_or_else(|| name.to_owned()),
                    },
                })
            })
            .collect()
    }

    /// `(name, state, parent pid)` from a `/proc/<pid>/stat` line:
    /// `1234 (redis-server) S 1 …`. The name may hold spaces and
    /// parentheses, so the fields after it are found from the last `)`.
    pub fn parse_stat(stat: &str) -> Option<(&str, char, i32)> {
        let open = stat.find('(')?;
        let close = stat.rfind(')')?;
        let name = stat.get(open + 1..close)?;
        let mut rest = stat.get(close + 1..)?.split_whitespace();
        let state = rest.next()?.chars().next()?;
        let parent = rest.next()?.parse().ok()?;
        Some((name, state, parent))
    }

    /// `/proc/<pid>/cmdline` with its NUL separators as spaces.
    fn command_line(pid: i32) -> Option<String> {
        let bytes = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
        let text = String::from_utf8_lossy(&bytes);
        let line = text.trim_end_matches('\0').replace('\0', " ");
        (!line.is_empty()).then_some(line)
    }

    /// SIGKILL, then wait for it so no zombie stays behind.
    pub fn kill_and_reap(pid: Pid) {
        let _ = kill_process(pid, Signal::KILL);
        let _ = waitpid(Some(pid), WaitOptions::empty());
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use std::process::Command;

    use super::*;

    /// Set in the copy of this test binary that plays the run (see below).
    const CHILD_ROLE: &str = "XTASK_ORPHANS_CHILD";

    /// A shell starts `sleep` in the background and exits: the sleep is an
    /// orphan. Adopted, it is found, named, stopped and reaped; after that this
    /// process has no child at all.
    ///
    /// A subreaper sees every orphan of the process, and other tests in this
    /// binary start processes of their own, so the test runs itself again as a
    /// child process holding this one test alone.
    #[test]
    fn an_orphan_is_adopted_named_and_stopped() {
        if std::env::var_os(CHILD_ROLE).is_some() {
            adopt();
            let status = Command::new("sh")
                .args(["-c", "sleep 37 & exit 0"])
                .status()
                .expect("sh runs");
            assert!(status.success());
            // The shell's fork may not have exec'd `sleep` yet: wait until it has.
            let exec_done = (0..1000).any(|_| {
                let named = linux::children()
                    .iter()
                    .any(|c| c.leftover.command == "sleep 37");
                if !named {
                    std::thread::sleep(std::time::Duration::from_millis(10));
                }
                named
            });
            assert!(exec_done, "no `sleep 37` among the children within 10 s");
            let stopped = stop_leftovers();
            assert_eq!(stopped.len(), 1, "{stopped:?}");
            assert_eq!(stopped[0].command, "sleep 37");
            assert!(linux::children().is_empty());
            assert_eq!(stop_leftovers(), []);
            return;
        }
        let output = Command::new(std::env::current_exe().expect("test binary"))
            .args([
                "--exact",
                "orphans::tests::an_orphan_is_adopted_named_and_stopped",
                "--test-threads=1",
            ])
            .env(CHILD_ROLE, "1")
            .output()
            .expect("the test binary runs again");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{stdout}");
        assert!(stdout.contains("1 passed"), "{stdout}");
    }

    #[test]
    fn a_stat_line_with_parentheses_in_the_name() {
        assert_eq!(
            linux::parse_stat("42 (a (b) c) S 7 42 42 0"),
            Some(("a (b) c", 'S', 7))
        );
        assert_eq!(linux::parse_stat("garbage"), None);
    }
}
