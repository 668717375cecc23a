//! Walking the workspace's folders: the one file walker every command shares.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Every file under `dir` (none when it does not exist), skipping `target`
/// folders and hidden entries (editor swap files, `.git`).
pub fn collect_files(dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in
            std::fs::read_dir(&folder).with_context(|| format!("listing {}", folder.display()))?
        {
            let entry = entry.with_context(|| format!("listing {}", folder.display()))?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') || name == "target" {
                continue;
            }
            let kind = entry
                .file_type()
                .with_context(|| format!("reading the type of {}", entry.path().display()))?;
            if kind.is_dir() {
                stack.push(entry.path());
            } else {
                files.push(entry.path());
            }
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
