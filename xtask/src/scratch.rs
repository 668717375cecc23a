//! The temporary folder of one test run.
//!
//! Tests write scripts, module trees and copied files under the system's
//! temporary folder, and remove them when they end. A test that hangs, or that
//! a hang, a crash or `watch` stops, never gets there: each such run used to
//! leave a folder behind in `/tmp`. So every run of the tests gets `TMPDIR`
//! pointing at a folder of its own (`std::env::temp_dir`, the `tempfile`
//! crate and Node's `os.tmpdir()` all read it), which xtask removes when the
//! run ends, however it ended. If xtask itself is stopped (Ctrl-C), the next
//! run removes what a process no longer alive left.

use std::path::Path;

use anyhow::{Context, Result};

/// The start of a run folder's name; the pid of the xtask that made it follows.
const PREFIX: &str = "kata-run-";

/// A run's temporary folder, removed on drop.
pub struct Scratch(tempfile::TempDir);

impl Scratch {
    /// A new folder under the system's temporary folder, after removing the
    /// run folders whose xtask has gone.
    pub fn new() -> Result<Scratch> {
        let parent = std::env::temp_dir();
        remove_orphaned(&parent);
        let dir = tempfile::Builder::new()
            .prefix(&format!("{PREFIX}{}-", std::process::id()))
            .tempdir_in(&parent)
            .with_context(|| {
                format!("creating a temporary folder in {}", parent.display())
            })?;
        Ok(Scratch(dir))
    }

    /// The folder, for the run's `TMPDIR`.
    pub fn path(&self) -> &Path {
        self.0.path()
    }
}

/// Removes the run folders in `parent` whose xtask is no longer running.
/// Best effort: a folder that cannot be removed is left for the next run.
fn remove_orphaned(parent: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(owner) else {
            continue;
        };
        if !alive(pid) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// The pid in a run folder's name (`kata-run-1234-AbCd12`).
fn owner(name: &str) -> Option<i32> {
    let (pid, _random) = name.strip_prefix(PREFIX)?.split_once('-')?;
    pid.parse().ok()
}

/// Whether process `pid` exists (signal 0: nothing is sent). A process that
/// exists but is not ours to signal counts as alive.
fn alive(pid: i32) -> bool {
    let Some(pid) = rustix::process::Pid::from_raw(pid) else {
        return false;
    };
    !matches!(
        rustix::process::test_kill_process(pid),
        Err(rustix::io::Errno::SRCH)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_is_removed_when_its_run_ends() {
        let scratch = Scratch::new().unwrap();
        let path = scratch.path().to_path_buf();
        std::fs::write(path.join("left.js"), "").unwrap();
        assert!(path.is_dir());
        drop(scratch);
        assert!(!path.exists());
    }

    #[test]
    fn folders_of_gone_processes_are_swept_and_live_ones_kept() {
        let parent = tempfile::tempdir().unwrap();
        // A pid past Linux's maximum (2^22) is never a running process.
        let gone = parent.path().join(format!("{PREFIX}4194305-x1"));
        let live = parent
            .path()
            .join(format!("{PREFIX}{}-x2", std::process::id()));
        let other = parent.path().join("kata-runner-notes");
        for dir in [&gone, &live, &other] {
            std::fs::create_dir(dir).unwrap();
            std::fs::write(dir.join("f"), "").unwrap();
        }
        remove_orphaned(parent.path());
        assert!(!gone.exists());
        assert!(live.is_dir());
        assert!(other.is_dir());
    }

    #[test]
    fn the_owner_is_read_from_the_name() {
        assert_eq!(owner("kata-run-1234-AbCd12"), Some(1234));
        assert_eq!(owner("kata-run-x-AbCd12"), None);
        assert_eq!(owner("kata-run-1234"), None);
        assert_eq!(owner(".tmpAbCd12"), None);
    }
}
