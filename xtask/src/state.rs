//! The learner's own state in `.kata-state/` (git-ignored): which hints were
//! shown, and each chapter's last results keyed by a hash of its sources.
//!
//! - `.kata-state/hints.json`: `{"ch02-async-io/timers::insert": 2, …}`, how
//!   many hints of each kata `hint` has shown, so the next call shows one more.
//! - `.kata-state/results/<chapter>.json`: the verdicts of the last full
//!   learner run (`check`, `watch`, `list`, `hint`), with the [`source_hash`]
//!   they were computed from. `list` reuses them while the hash still matches,
//!   which is what makes it instant when nothing changed.
//!
//! The state is a convenience: a missing or unreadable file means "nothing
//! remembered", never an error.

use crate::files::collect_files;
use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;
use serde_json::Value;

use crate::chapters::Chapter;
use crate::check::{Report, Verdict};

/// Bumped whenever the cached shape or the hashed inputs change.
const CACHE_VERSION: &str = "kata-state/1";

/// The folder holding the state, under the workspace root.
pub fn dir(root: &Path) -> PathBuf {
    root.join(".kata-state")
}

/// How many hints of each kata were shown, by `chapter/kata`.
#[derive(Debug, Default)]
pub struct Hints {
    /// `ch02-async-io/timers::insert` → hints shown so far.
    pub shown: BTreeMap<String, usize>,
}

crate::serialize_fields!(Hints { shown });

impl Hints {
    /// Reads the hint state, or an empty one.
    pub fn load(root: &Path) -> Hints {
        let path = dir(root).join("hints.json");
        // A missing or damaged file is a fresh start, not an error.
        let json = read_json(&path);
        let shown = json["shown"].as_object().into_iter().flatten();
        Hints {
            shown: shown
                .filter_map(|(key, count)| {
                    Some((key.clone(), count.as_u64()? as usize))
                })
                .collect(),
        }
    }

    /// Writes the hint state.
    pub fn save(&self, root: &Path) -> Result<()> {
        write_json(&dir(root).join("hints.json"), self)
    }

    /// The key of `kata` in `chapter`.
    pub fn key(chapter: &Chapter, kata: &str) -> String {
        format!("{}/{kata}", chapter.dir_name())
    }
}

/// One kata's cached verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedKata {
    /// `module::item`.
    pub name: String,
    /// Its verdict in the run that was cached.
    pub verdict: Verdict,
}

crate::serialize_fields!(CachedKata { name, verdict });

/// A chapter's last full learner run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedResults {
    /// [`source_hash`] of the chapter when the run started.
    pub hash: String,
    /// False when the learner's crate did not compile.
    pub compiled: bool,
    /// One entry per kata, in book order.
    pub katas: Vec<CachedKata>,
}

crate::serialize_fields!(CachedResults {
    hash,
    compiled,
    katas
});

impl CachedResults {
    /// Katas that passed.
    pub fn passed(&self) -> usize {
        self.katas
            .iter()
            .filter(|k| k.verdict == Verdict::Passed)
            .count()
    }

    /// The first kata (book order) that does not pass.
    pub fn next(&self) -> Option<&CachedKata> {
        self.katas.iter().find(|k| k.verdict != Verdict::Passed)
    }

    /// Reads what [`save_results`] wrote; `None` for anything else.
    fn from_json(json: &Value) -> Option<CachedResults> {
        let katas = json["katas"].as_array()?.iter().map(|kata| {
            Some(CachedKata {
                name: kata["name"].as_str()?.to_owned(),
                verdict: Verdict::from_name(kata["verdict"].as_str()?)?,
            })
        });
        Some(CachedResults {
            hash: json["hash"].as_str()?.to_owned(),
            compiled: json["compiled"].as_bool()?,
            katas: katas.collect::<Option<_>>()?,
        })
    }

    /// The cacheable part of a full `check` report.
    pub fn from_report(hash: String, report: &Report) -> CachedResults {
        CachedResults {
            hash,
            compiled: report.compiled,
            katas: report
                .katas
                .iter()
                .map(|k| CachedKata {
                    name: k.name.clone(),
                    verdict: k.verdict,
                })
                .collect(),
        }
    }
}

/// The cache file of `chapter`.
fn results_path(root: &Path, chapter: &Chapter) -> PathBuf {
    dir(root)
        .join("results")
        .join(format!("{}.json", chapter.dir_name()))
}

/// The cached results of `chapter`, if they were computed from `hash`.
pub fn cached_results(
    root: &Path,
    chapter: &Chapter,
    hash: &str,
) -> Option<CachedResults> {
    let cached = CachedResults::from_json(&read_json(&results_path(root, chapter)))?;
    (cached.hash == hash).then_some(cached)
}

/// Remembers `results` for `chapter`.
pub fn save_results(
    root: &Path,
    chapter: &Chapter,
    results: &CachedResults,
) -> Result<()> {
    write_json(&results_path(root, chapter), results)
}

/// A hash of everything a chapter's learner run depends on: the chapter's
/// folder (stubs, tests, manifest, katas.toml), its snapshots, the support
/// crates, and the workspace files that shape a build or a test run.
///
/// std's SipHash with fixed keys is enough: this detects change, it does not
/// defend against anyone. A toolchain update that changes the hasher only
/// costs one fresh run.
pub fn source_hash(root: &Path, chapter: &Chapter) -> Result<String> {
    let mut hasher = DefaultHasher::new();
    hasher.write(CACHE_VERSION.as_bytes());
    let mut files = Vec::new();
    for folder in [
        chapter.learner_dir(root),
        root.join("snapshots").join(chapter.dir_name()),
        root.join("crates"),
    ] {
        collect_files(&folder, &mut files)?;
    }
    for file in [
        "Cargo.toml",
        "Cargo.lock",
        "rust-toolchain.toml",
        ".cargo/config.toml",
        ".config/nextest.toml",
    ] {
        let path = root.join(file);
        if path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    for file in files {
        let bytes = std::fs::read(&file)
            .with_context(|| format!("reading {}", file.display()))?;
        let name = file.strip_prefix(root).unwrap_or(&file);
        hasher.write(name.to_string_lossy().as_bytes());
        hasher.write_u8(0);
        hasher.write_usize(bytes.len());
        hasher.write(&bytes);
    }
    Ok(format!("{:016x}", hasher.finish()))
}

/// The JSON at `path`; `null` when it is missing or not JSON (a cache).
fn read_json(path: &Path) -> Value {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Writes `value` as pretty JSON to `path`, creating its folder.
fn write_json(path: &Path, value: &impl Serialize) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    let text = serde_json::to_string_pretty(value)
        .with_context(|| format!("serialising {}", path.display()))?;
    std::fs::write(path, text + "\n")
        .with_context(|| format!("writing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chapter() -> Chapter {
        Chapter {
            number: 1,
            slug: "sums".to_owned(),
            title: "Sums".to_owned(),
            chinese: "和".to_owned(),
        }
    }

    #[test]
    fn hash_changes_with_a_stub_and_ignores_target_and_swap_files() {
        let temp = tempfile::tempdir().unwrap();
        let root = temp.path().to_path_buf();
        let src = root.join("chapters/ch01-sums/src");
        std::fs::create_dir_all(&src).unwrap();
        std::fs::create_dir_all(root.join("chapters/ch01-sums/target")).unwrap();
        std::fs::write(src.join("lib.rs"), "todo!()").unwrap();
        let first = source_hash(&root, &chapter()).unwrap();
        std::fs::write(root.join("chapters/ch01-sums/target/x"), "junk").unwrap();
        std::fs::write(src.join(".lib.rs.swp"), "junk").unwrap();
        assert_eq!(source_hash(&root, &chapter()).unwrap(), first);
        std::fs::write(src.join("lib.rs"), "42").unwrap();
        assert_ne!(source_hash(&root, &chapter()).unwrap(), first);
    }

    #[test]
    fn results_are_used_only_for_their_hash() {
        let temp = tempfile::tempdir().unwrap();
        let root = temp.path().to_path_buf();
        let results = CachedResults {
            hash: "abc".to_owned(),
            compiled: true,
            katas: vec![
                CachedKata {
                    name: "sums::add".to_owned(),
                    verdict: Verdict::Passed,
                },
                CachedKata {
                    name: "sums::mul".to_owned(),
                    verdict: Verdict::NotStarted,
                },
            ],
        };
        save_results(&root, &chapter(), &results).unwrap();
        assert_eq!(cached_results(&root, &chapter(), "abc"), Some(results));
        assert_eq!(cached_results(&root, &chapter(), "abd"), None);
        let cached = cached_results(&root, &chapter(), "abc").unwrap();
        assert_eq!(cached.passed(), 1);
        assert_eq!(cached.next().unwrap().name, "sums::mul");
    }

    #[test]
    fn hints_round_trip() {
        let temp = tempfile::tempdir().unwrap();
        let root = temp.path().to_path_buf();
        assert!(Hints::load(&root).shown.is_empty());
        let mut hints = Hints::default();
        hints.shown.insert(Hints::key(&chapter(), "sums::add"), 2);
        hints.save(&root).unwrap();
        assert_eq!(Hints::load(&root).shown["ch01-sums/sums::add"], 2);
    }
}
