//! Builds that leave the tests of katas not begun out of the compile.
//!
//! After a save, rustc spends most of its time on the tests, not on the
//! learner's code: in chapter 1, two thirds of it. A learner's whole-chapter
//! `check` runs the tests of the katas begun and of the first one not begun
//! (`check::untouched_in_order`), so the others need not be compiled either;
//! `check CHAPTER KATA` compiles that kata's tests alone.
//! Each kata's test module is behind `#[cfg(not(kata_skip = "module::item"))]`,
//! and `cargo rustc` hands the `--cfg`s to the chapter's crate alone
//! (`RUSTFLAGS` would rebuild every dependency as well).
//!
//! Cargo builds each set of `--cfg`s as an executable of its own (5.6 MB in
//! chapter 1, 14 MB in chapter 6), though into the same incremental cache
//! (`-C metadata` leaves `cargo rustc`'s arguments out), which rustc starts
//! afresh when the set changes: the first save after a kata is begun
//! rebuilds the crate (0.4–1.3 s by chapter), the saves after it are
//! incremental again. The set changes each time a kata is begun (and
//! between a kata's run and the chapter's), so the executable of the set
//! before is deleted then: `target/debug/.kata-left-out/<package>` names it.

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

/// Deletes the executable of the previous left-out build of `package`
/// unless it is `executable` (the same set again), and remembers
/// `executable` in its place when this build `left_out` katas.
///
/// This only saves disk space: a failure is reported and costs nothing else.
pub fn keep_only(package: &str, executable: &Path, left_out: bool) -> Result<()> {
    let Some(profile_dir) = executable.parent().and_then(Path::parent) else {
        return Ok(());
    };
    let record = profile_dir.join(".kata-left-out").join(package);
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
        keep_only("ch01-modules", &first, true).unwrap();
        // The same set again: nothing goes.
        keep_only("ch01-modules", &first, true).unwrap();
        assert!(first.exists());

        let second = executable(root.path(), "bbb");
        keep_only("ch01-modules", &second, true).unwrap();
        assert!(!first.exists(), "the old executable is deleted");
        assert!(!Path::new(&format!("{}.d", first.display())).exists());
        assert!(second.exists());
        assert!(
            unrecorded.exists(),
            "an unrecorded file is not ours to delete"
        );

        // A build that leaves nothing out deletes the last set and the record.
        let whole = executable(root.path(), "ccc");
        keep_only("ch01-modules", &whole, false).unwrap();
        assert!(!second.exists());
        assert!(whole.exists());
        let record = root.path().join("debug").join(".kata-left-out");
        assert!(!record.join("ch01-modules").exists());
    }
}
