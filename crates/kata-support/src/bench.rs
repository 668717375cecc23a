//! Helpers for the chapters' bench binaries (never for tests): medians, the
//! machine's load, and running a companion Node script side by side.
//!
//! A bench that compares the model with real Node writes its `.js` companion
//! to a temp folder, runs it with [`run_node_script`], and reads back the
//! `key value` lines the script prints.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// The median of some timings (the upper one of the middle two); zero when empty.
pub fn median(values: &[Duration]) -> Duration {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    sorted.get(sorted.len() / 2).copied().unwrap_or_default()
}

/// The value after `flag` on a bench's command line, a whole number of at
/// least 1, or a message naming the flag.
pub fn positive_arg(
    flag: &str,
    args: &mut impl Iterator<Item = String>,
) -> Result<usize, String> {
    let value = args
        .next()
        .ok_or_else(|| format!("{flag} needs a number"))?;
    value
        .parse::<usize>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("{flag} {value}: must be a number of at least 1"))
}

/// The machine's load average over the last minute, from /proc (Linux only).
///
/// Benches print it beside their figures: two cores shared with a compiler
/// move timings by a factor of two.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "unknown".to_owned())
}

/// What a companion Node script printed: its Node version and its `key value` figures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NodeFigures {
    /// `node --version`, e.g. `v20.20.2`.
    pub version: String,
    /// Every `key value` line the script printed whose value is a number.
    pub values: HashMap<String, f64>,
}

/// Writes `source` to `dir/name` and runs it with `node` and `args`.
///
/// Returns `None`, after saying why on stderr, when Node cannot start or
/// exits unsuccessfully, so a bench can still print its own figures.
pub fn run_node_script(
    node: &Path,
    dir: &Path,
    name: &str,
    source: &str,
    args: &[String],
) -> Option<NodeFigures> {
    let script = dir.join(name);
    if let Err(error) = std::fs::write(&script, source) {
        eprintln!("cannot write {}: {error}", script.display());
        return None;
    }
    let version = Command::new(node)
        .arg("--version")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
        .unwrap_or_default();
    eprintln!("running node {version} ({})…", node.display());
    let output = match Command::new(node)
        .arg(&script)
        .args(args)
        .env_remove("NODE_OPTIONS")
        .output()
    {
        Ok(output) => output,
        Err(error) => {
            eprintln!("cannot start {}: {error}", node.display());
            return None;
        }
    };
    if !output.status.success() {
        eprintln!(
            "node {version} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
        return None;
    }
    let values = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| {
            let (key, value) = line.split_once(' ')?;
            Some((key.to_owned(), value.parse().ok()?))
        })
        .collect();
    Some(NodeFigures { version, values })
}
