//! Walking the workspace's folders: the one file walker every command shares
//! (walkdir underneath, the walker grade's copies use too).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Every file under `dir` (none when it does not exist), skipping `target`
/// folders and hidden entries (editor swap files, `.git`).
pub fn collect_files(dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    let walk = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|entry| {
            let name = entry.file_name().to_string_lossy();
            entry.depth() == 0 || !(name.starts_with('.') || name == "target")
        });
    for entry in walk {
        let entry = entry.with_context(|| format!("walking {}", dir.display()))?;
        if entry.file_type().is_file() {
            files.push(entry.into_path());
        }
    }
    Ok(())
}

/// Every file under `dir` whose extension is `extension`, sorted (see [`collect_files`]).
pub fn files_with_extension(dir: &Path, extension: &str) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    collect_files(dir, &mut files)?;
    files.retain(|path| path.extension().is_some_and(|e| e == extension));
    files.sort();
    Ok(files)
}
