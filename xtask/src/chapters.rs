//! The curriculum (`curriculum.toml`) and how a learner names a chapter.
//!
//! `chapter-2`, `2`, `02`, `ch02`, `ch2`, `async-io` and `ch02-async-io` all
//! name chapter 2. The folder and package names derive from the number and
//! slug: `chapters/ch02-async-io` (package `ch02-async-io`) and
//! `solutions/ch02-async-io` (package `ch02-async-io-solution`). A chapter is
//! *written* once its `katas.toml` exists.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::UsageError;
use crate::by_hand::Fields;
use crate::katas::Katas;
use anyhow::{Context, Result};

/// One chapter of the curriculum, as `curriculum.toml` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chapter {
    /// 1-based position in the book.
    pub number: u32,
    /// Short kebab-case name, e.g. `async-io`.
    pub slug: String,
    /// English title, e.g. `Async I/O and the event loop`.
    pub title: String,
    /// The notes' Chinese title, shown beside the English one.
    pub chinese: String,
}

/// A chapter for unit tests, `ch09-sums` (nothing of it need exist on disk).
#[cfg(test)]
impl Chapter {
    /// `ch09-sums`.
    pub fn sums() -> Chapter {
        Chapter {
            number: 9,
            slug: "sums".to_owned(),
            title: "Sums".to_owned(),
            chinese: "加法".to_owned(),
        }
    }
}

impl Chapter {
    /// `ch02-async-io`: the folder name under `chapters/`, `solutions/`,
    /// `snapshots/` and `book/src/`, and the learner package's name.
    pub fn dir_name(&self) -> String {
        format!("ch{:02}-{}", self.number, self.slug)
    }

    /// The learner crate's package name.
    pub fn package(&self) -> String {
        self.dir_name()
    }

    /// The reference solution's package name.
    pub fn solution_package(&self) -> String {
        format!("{}-solution", self.dir_name())
    }

    /// The name xtask prints in commands it suggests: `chapter-2`.
    pub fn cli_name(&self) -> String {
        format!("chapter-{}", self.number)
    }

    /// `chapters/chNN-slug` under `root`.
    pub fn learner_dir(&self, root: &Path) -> PathBuf {
        root.join("chapters").join(self.dir_name())
    }

    /// `chapters/chNN-slug/katas.toml` under `root`.
    pub fn katas_toml(&self, root: &Path) -> PathBuf {
        self.learner_dir(root).join("katas.toml")
    }

    /// True once the chapter's `katas.toml` exists.
    pub fn is_written(&self, root: &Path) -> bool {
        self.katas_toml(root).is_file()
    }

    /// Every spelling a learner may use for this chapter, lowercase.
    fn aliases(&self) -> Vec<String> {
        let n = self.number;
        vec![
            format!("{n}"),
            format!("{n:02}"),
            format!("ch{n}"),
            format!("ch{n:02}"),
            format!("chapter{n}"),
            format!("chapter-{n}"),
            format!("chapter-{n:02}"),
            self.slug.clone(),
            self.dir_name(),
        ]
    }
}

/// The workspace as xtask sees it: its root and its chapters, in book order.
#[derive(Debug)]
pub struct Workspace {
    /// The folder holding the root `Cargo.toml` and `curriculum.toml`.
    pub root: PathBuf,
    /// Every chapter of the curriculum, written or not, in book order.
    pub chapters: Vec<Chapter>,
}

impl Workspace {
    /// Loads the workspace xtask was built in.
    pub fn load() -> Result<Workspace> {
        Workspace::load_from(project_root())
    }

    /// Loads the workspace at `root`.
    pub fn load_from(root: PathBuf) -> Result<Workspace> {
        let path = root.join("curriculum.toml");
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        let chapters = parse_curriculum(&text)
            .with_context(|| format!("malformed curriculum at {}", path.display()))?;
        Ok(Workspace { root, chapters })
    }

    /// The chapter `name` refers to, written or not.
    pub fn resolve(&self, name: &str) -> Result<&Chapter> {
        Ok(resolve(&self.chapters, name)?)
    }

    /// The chapter `name` refers to, with its katas; an error if it is not written yet.
    pub fn resolve_written(&self, name: &str) -> Result<(&Chapter, Katas)> {
        let chapter = self.resolve(name)?;
        if !chapter.is_written(&self.root) {
            let written: Vec<String> = self
                .written()
                .map(|c| format!("{} ({})", c.cli_name(), c.slug))
                .collect();
            let written = if written.is_empty() {
                "none yet".to_owned()
            } else {
                written.join(", ")
            };
            return Err(UsageError(format!(
                "{} ({}) is not written yet; written chapters: {written}",
                chapter.cli_name(),
                chapter.slug
            ))
            .into());
        }
        let katas = Katas::load(&chapter.katas_toml(&self.root))?;
        Ok((chapter, katas))
    }

    /// The chapters whose `katas.toml` exists, in book order.
    pub fn written(&self) -> impl Iterator<Item = &Chapter> {
        self.chapters.iter().filter(|c| c.is_written(&self.root))
    }
}

/// The workspace root: the parent of xtask's own manifest folder.
///
/// Read at run time first (`cargo run` sets it) so a copied or moved
/// workspace still finds itself; the compile-time value is the fallback.
pub fn project_root() -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// Parses `curriculum.toml` and checks the numbers run 1, 2, 3… without gaps.
fn parse_curriculum(text: &str) -> Result<Vec<Chapter>> {
    // `[[chapter]]` tables.
    let mut file = Fields::parse(text, "curriculum.toml")?;
    let mut chapters = Vec::new();
    for mut chapter in file.tables("chapter")? {
        chapters.push(Chapter {
            number: chapter.required("number")?,
            slug: chapter.required("slug")?,
            title: chapter.required("title")?,
            chinese: chapter.required("chinese")?,
        });
        chapter.finish()?;
    }
    file.finish()?;
    for (index, chapter) in chapters.iter().enumerate() {
        let expected = index as u32 + 1;
        anyhow::ensure!(
            chapter.number == expected,
            "chapter `{}` has number {}, expected {expected} (chapters are listed in book order)",
            chapter.slug,
            chapter.number
        );
    }
    Ok(chapters)
}

/// Finds the chapter `name` names (see the module docs for the spellings).
pub fn resolve<'a>(
    chapters: &'a [Chapter],
    name: &str,
) -> Result<&'a Chapter, UsageError> {
    let wanted = name.trim().to_lowercase();
    chapters
        .iter()
        .find(|c| c.aliases().contains(&wanted))
        .ok_or_else(|| {
            let mut message = format!("unknown chapter `{name}`; the chapters are:");
            for c in chapters {
                let _ = write!(
                    message,
                    "\n  {:<11} {:<16} {}",
                    c.cli_name(),
                    c.slug,
                    c.title
                );
            }
            message.push_str(
                "\n(`chapter-2`, `2`, `ch02` and `async-io` all name chapter 2)",
            );
            UsageError(message)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CURRICULUM: &str = r#"
        [[chapter]]
        number = 1
        slug = "modules"
        title = "Modules"
        chinese = "模块化"

        [[chapter]]
        number = 2
        slug = "async-io"
        title = "Async I/O and the event loop"
        chinese = "异步I/O"
    "#;

    fn chapters() -> Vec<Chapter> {
        parse_curriculum(CURRICULUM).unwrap()
    }

    #[test]
    fn every_spelling_names_chapter_two() {
        let chapters = chapters();
        for name in [
            "chapter-2",
            "2",
            "02",
            "ch02",
            "ch2",
            "async-io",
            "ch02-async-io",
            "Chapter-2",
            " ASYNC-IO ",
        ] {
            let chapter =
                resolve(&chapters, name).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(chapter.number, 2, "{name}");
        }
    }

    #[test]
    fn unknown_chapter_lists_the_valid_ones() {
        let chapters = chapters();
        let error = resolve(&chapters, "chapter-9").unwrap_err().to_string();
        assert!(error.starts_with("unknown chapter `chapter-9`"), "{error}");
        assert!(error.contains("chapter-1"), "{error}");
        assert!(error.contains("async-io"), "{error}");
    }

    #[test]
    fn names_derive_from_number_and_slug() {
        let chapters = chapters();
        let chapter = &chapters[1];
        assert_eq!(chapter.dir_name(), "ch02-async-io");
        assert_eq!(chapter.package(), "ch02-async-io");
        assert_eq!(chapter.solution_package(), "ch02-async-io-solution");
        assert_eq!(chapter.cli_name(), "chapter-2");
        assert_eq!(
            chapter.katas_toml(Path::new("/w")),
            Path::new("/w/chapters/ch02-async-io/katas.toml")
        );
    }

    #[test]
    fn curriculum_out_of_order_is_an_error() {
        let text = CURRICULUM.replace("number = 2", "number = 3");
        let error = parse_curriculum(&text).unwrap_err().to_string();
        assert!(error.contains("expected 2"), "{error}");
    }

    #[test]
    fn the_real_curriculum_parses() {
        let workspace = Workspace::load_from(project_root()).unwrap();
        assert_eq!(workspace.chapters.len(), 7);
        assert_eq!(workspace.chapters[1].dir_name(), "ch02-async-io");
    }
}
