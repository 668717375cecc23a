//! Builds that leave the tests of katas not begun out of the compile.
//!
//! After a save, rustc spends most of its time on the tests, not on the
//! learner's code: in chapter 1, two thirds of it. A learner's whole-chapter
//! `check` runs the tests of the katas begun and of the first one not begun
//! (`check::untouched_in_order`), so the others need not be compiled either
//! (but for the first one's block: `check::BLOCK`); `check CHAPTER KATA`
//! compiles that kata's tests alone.
//! Each kata's test module is behind `#[cfg(not(kata_skip = "module::item"))]`,
//! and `cargo rustc` hands the `--cfg`s to the chapter's crate alone
//! (`RUSTFLAGS` would rebuild every dependency as well).
//!
//! Cargo builds each set of `--cfg`s as an executable of its own (5.6 MB in
//! chapter 1, 14 MB in chapter 6), though into the same incremental cache
//! (`-C metadata` leaves `cargo rustc`'s arguments out), which rustc starts
//! afresh when the set changes: the first save after a kata is begun
//! rebuilds the crate (0.4–1.3 s by chapter), the saves after it are
//! incremental again. The set changes when a kata of the next block is
//! begun, so the executable of the set before is deleted then:
//! `target/debug/.kata-left-out/<package>` names it.
//!
//! A run of one kata (`check CHAPTER KATA`) leaves out every other kata, so
//! its set is never the chapter's. With one cache for both, each switch
//! between them rebuilt the crate afresh: chapter 3, half solved, 3.1 s for
//! the chapter and 1.4 s for `promise::then` at each switch, against 0.75
//! and 0.45 s for a save that stays with one. So the two are [`Slot`]s, each
//! with its own incremental cache and its own executable kept.

use std::path::Path;

use anyhow::{Context, Result};

/// The name `#[cfg(not(kata_skip = "…"))]` tests; alone, `kata_skip` says that
/// some katas are left out, which allows what only they use to go unused.
pub const CFG: &str = "kata_skip";

/// rustc's arguments that leave `katas`' test modules out.
pub fn rustc_args(katas: &[String]) -> Vec<String> {
    let mut args = vec!["--cfg".to_owned(), CFG.to_owned()];
    for kata in katas {
        args.push("--cfg".to_owned());
        args.push(format!("{CFG}=\"{kata}\""));
    }
    args
}

/// Which of a package's two incremental caches a build uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// A run of the chapter, and every build that leaves nothing out:
    /// cargo's own cache.
    Chapter,
    /// A run of one kata: `target/debug/kata-incremental/`.
    Kata,
}

/// rustc's arguments that put a build of `slot` in its own incremental
/// cache under `target_dir`. They come after cargo's own `-C incremental`,
/// and rustc takes the last.
pub fn cache_args(slot: Slot, target_dir: &Path) -> Vec<String> {
    match slot {
        Slot::Chapter => Vec::new(),
        Slot::Kata => {
            let cache = target_dir.join("debug").join("kata-incremental");
            vec!["-C".to_owned(), format!("incremental={}", cache.display())]
        }
    }
}

/// Deletes the executable of the previous left-out build of `package` in
/// `slot` unless it is `executable` (the same set again), and remembers
/// `executable` in its place when this build `left_out` katas.
///
/// This only saves disk space: a failure is reported and costs nothing else.
pub fn keep_only(
    package: &str,
    slot: Slot,
    executable: &Path,
    left_out: bool,
) -> Result<()> {
    let Some(profile_dir) = executable.parent().and_then(Path::parent) else {
        return Ok(());
    };
    let name = match slot {
        Slot::Chapter => package.to_owned(),
        Slot::Kata => format!("{package}.kata"),
    };
    let record = profile_dir.join(".kata-left-out").join(name);
    let previous = std::fs::read_to_string(&record).unwrap_or_default();
    let previous = previous.trim_end();
    if !previous.is_empty() && Path::new(previous) != executable {
        remove(Path::new(previous))?;
        remove(Path::new(&format!("{previous}.d")))?;
    }
    if !left_out {
        return remove(&record);
    }
    std::fs::create_dir_all(record.parent().unwrap_or(profile_dir))
        .with_context(|| format!("creating the folder of {}", record.display()))?;
    std::fs::write(&record, format!("{}\n", executable.display()))
        .with_context(|| format!("writing {}", record.display()))
}

/// Deletes the files of the test crate that the build whose JSON messages
/// are `stdout` made: for sets of katas no one builds again (`verify`'s).
pub fn remove_built(stdout: &str) -> Result<()> {
    for message in stdout.lines().filter(|l| l.starts_with('{')) {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(message) else {
            continue;
        };
        if message["reason"] != "compiler-artifact"
            || message["profile"]["test"] != true
        {
            continue;
        }
        let files = message["filenames"].as_array().into_iter().flatten();
        for file in files.filter_map(|f| f.as_str()) {
            remove(Path::new(file))?;
        }
    }
    Ok(())
}

/// Removes a file; gone already is fine.
fn remove(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
            Err(error).with_context(|| format!("removing {}", path.display()))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    #[test]
    fn each_kata_is_a_cfg_value() {
        let args = rustc_args(&["paths::classify".to_owned()]);
        assert_eq!(
            args,
            [
                "--cfg",
                "kata_skip",
                "--cfg",
                "kata_skip=\"paths::classify\""
            ]
        );
    }

    /// A fake executable (and its dep-info) in `root/debug/deps`.
    fn executable(root: &Path, hash: &str) -> PathBuf {
        let deps = root.join("debug").join("deps");
        std::fs::create_dir_all(&deps).unwrap();
        let executable = deps.join(format!("ch01_modules-{hash}"));
        std::fs::write(&executable, "").unwrap();
        std::fs::write(format!("{}.d", executable.display()), "").unwrap();
        executable
    }

    #[test]
    fn a_new_set_deletes_the_one_before_and_nothing_else() {
        let root = tempfile::tempdir().unwrap();
        let unrecorded = executable(root.path(), "solution");
        let first = executable(root.path(), "aaa");
        keep_only("ch01-modules", Slot::Chapter, &first, true).unwrap();
        // The same set again: nothing goes.
        keep_only("ch01-modules", Slot::Chapter, &first, true).unwrap();
        assert!(first.exists());

        let second = executable(root.path(), "bbb");
        keep_only("ch01-modules", Slot::Chapter, &second, true).unwrap();
        assert!(!first.exists(), "the old executable is deleted");
        assert!(!Path::new(&format!("{}.d", first.display())).exists());
        assert!(second.exists());
        assert!(
            unrecorded.exists(),
            "an unrecorded file is not ours to delete"
        );

        // A build that leaves nothing out deletes the last set and the record.
        let whole = executable(root.path(), "ccc");
        keep_only("ch01-modules", Slot::Chapter, &whole, false).unwrap();
        assert!(!second.exists());
        assert!(whole.exists());
        let record = root.path().join("debug").join(".kata-left-out");
        assert!(!record.join("ch01-modules").exists());
    }

    #[test]
    fn a_kata_s_run_and_the_chapter_s_keep_their_own_executables() {
        let root = tempfile::tempdir().unwrap();
        let chapter = executable(root.path(), "aaa");
        keep_only("ch01-modules", Slot::Chapter, &chapter, true).unwrap();
        let kata = executable(root.path(), "bbb");
        keep_only("ch01-modules", Slot::Kata, &kata, true).unwrap();
        assert!(chapter.exists(), "a kata's run keeps the chapter's");
        keep_only("ch01-modules", Slot::Chapter, &chapter, true).unwrap();
        assert!(kata.exists(), "the chapter's run keeps the kata's");

        // Another kata replaces the first in its slot only.
        let other = executable(root.path(), "ccc");
        keep_only("ch01-modules", Slot::Kata, &other, true).unwrap();
        assert!(!kata.exists());
        assert!(chapter.exists());
    }

    #[test]
    fn a_kata_s_run_has_a_cache_of_its_own() {
        let target = Path::new("/w/target");
        assert_eq!(cache_args(Slot::Chapter, target), Vec::<String>::new());
        assert_eq!(
            cache_args(Slot::Kata, target),
            ["-C", "incremental=/w/target/debug/kata-incremental"]
        );
    }
}
