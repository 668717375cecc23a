//! A chapter's `katas.toml`: its katas in book order, and which tests judge each.
//!
//! ```toml
//! [[kata]]
//! name = "call_stack::run_to_completion"                  # module::item
//! book = "ch02-async-io/call-stack.md#run-to-completion"  # relative to book/src
//! hints = ["first nudge", "the concept", "nearly the answer"]
//! ```
//!
//! A test belongs to kata `K` when its path starts with `K::` (the tests of
//! `emitter::once` live in `mod once` of `tests/katas/emitter.rs`). Tests with a
//! path segment starting `given_` check provided scaffolding and may pass on the
//! stubs; tests in modules no kata names (`script::…`) are scaffolding too.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result};

use crate::UsageError;
use crate::by_hand::Fields;

/// One kata: a stub the learner fills in, and the tests that judge it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kata {
    /// `module::item`, also the prefix of its tests' paths.
    pub name: String,
    /// The book page and heading that teach it, relative to `book/src`:
    /// `ch02-async-io/timers.md#due-timers`.
    pub book: String,
    /// Hints from a first nudge to nearly the answer, shown by `cargo xtask hint`.
    pub hints: Vec<String>,
}

impl Kata {
    /// The module part of the name: `timers` for `timers::due_timers`.
    pub fn module(&self) -> &str {
        self.name.split("::").next().unwrap_or(&self.name)
    }

    /// The book page, relative to `book/src`, without the `#anchor`.
    pub fn book_page(&self) -> &str {
        self.book
            .split_once('#')
            .map_or(&self.book, |(page, _)| page)
    }

    /// The heading id after `#`, if any.
    pub fn book_anchor(&self) -> Option<&str> {
        self.book.split_once('#').map(|(_, anchor)| anchor)
    }

    /// True when `test` (a path like `timers::due_timers::ties_keep_order`) is one of this kata's.
    fn owns(&self, test: &str) -> bool {
        test.strip_prefix(&self.name)
            .is_some_and(|rest| rest.starts_with("::"))
    }
}

/// What a test is for, which decides whether it counts toward a verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role<'a> {
    /// A test of this kata: it must fail on the stub and pass on the solution.
    Kata(&'a Kata),
    /// A `given_*` test: checks provided scaffolding and may pass on stubs.
    Given,
    /// A test outside every kata's module (e.g. the provided parser's).
    Scaffolding,
    /// Inside a kata's module but under no kata: most likely a typo in a
    /// `mod` name or in katas.toml. `verify` rejects it; `check` treats it
    /// as scaffolding.
    Orphan,
}

/// A chapter's katas, in book order.
#[derive(Debug, Clone)]
pub struct Katas {
    /// In the order the book teaches them; `check` reports in this order.
    pub list: Vec<Kata>,
    /// How many tests a learner's `check` runs at once (libtest's
    /// `--test-threads`), when more than one per core pays: in a chapter
    /// whose tests mostly wait on sockets and child processes. `None`: one
    /// per core, libtest's default, right for tests that compute.
    pub test_threads: Option<usize>,
}

impl Katas {
    /// Reads and validates `path`.
    pub fn load(path: &Path) -> Result<Katas> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading {}", path.display()))?;
        Katas::parse(&text)
            .with_context(|| format!("malformed katas file {}", path.display()))
    }

    /// Parses katas.toml text: names must be `module::item` and unique.
    pub fn parse(text: &str) -> Result<Katas> {
        // `test_threads = N` (see [`Katas::test_threads`]) and `[[kata]]` tables.
        let mut file = Fields::parse(text, "katas.toml")?;
        let test_threads: Option<usize> = file.optional("test_threads")?;
        let mut list = Vec::new();
        for mut kata in file.tables("kata")? {
            list.push(Kata {
                name: kata.required("name")?,
                book: kata.required("book")?,
                hints: kata.optional("hints")?.unwrap_or_default(),
            });
            kata.finish()?;
        }
        file.finish()?;
        for (index, kata) in list.iter().enumerate() {
            let parts: Vec<&str> = kata.name.split("::").collect();
            anyhow::ensure!(
                parts.len() >= 2 && parts.iter().all(|p| is_identifier(p)),
                "kata name `{}` is not of the form `module::item`",
                kata.name
            );
            anyhow::ensure!(
                !list[..index].iter().any(|k| k.name == kata.name),
                "kata `{}` is listed twice",
                kata.name
            );
        }
        anyhow::ensure!(test_threads != Some(0), "test_threads must be at least 1");
        Ok(Katas { list, test_threads })
    }

    /// The katas after the one named `name`, in book order (none if no kata has it).
    pub fn after<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Kata> + 'a {
        self.list.iter().skip_while(move |k| k.name != name).skip(1)
    }

    /// The kata `query` names: its full name, or an unambiguous item or module name.
    pub fn find(&self, query: &str) -> Result<&Kata, UsageError> {
        let query = query.trim();
        if let Some(kata) = self.list.iter().find(|k| k.name == query) {
            return Ok(kata);
        }
        // `due_timers` or `timers` alone is fine as long as only one kata fits.
        let fits: Vec<&Kata> = self
            .list
            .iter()
            .filter(|k| {
                k.name.ends_with(&format!("::{query}")) || k.module() == query
            })
            .collect();
        match fits.as_slice() {
            [kata] => Ok(kata),
            _ => {
                // An ambiguous name lists only the katas it fits; an
                // unknown one lists them all.
                let (mut message, listed): (String, Vec<&Kata>) = if fits.is_empty() {
                    (
                        format!("unknown kata `{query}`; this chapter's katas are:"),
                        self.list.iter().collect(),
                    )
                } else {
                    (format!("`{query}` could be any of these katas:"), fits)
                };
                for kata in listed {
                    let _ = write!(message, "\n  {}", kata.name);
                }
                Err(UsageError(message))
            }
        }
    }

    /// The name of the kata `test` judges, if it judges one.
    pub fn kata_of_test(&self, test: &str) -> Option<&str> {
        match self.role(test) {
            Role::Kata(kata) => Some(kata.name.as_str()),
            _ => None,
        }
    }

    /// What `test` is for: see [`Role`].
    pub fn role(&self, test: &str) -> Role<'_> {
        if test
            .split("::")
            .any(|segment| segment.starts_with("given_"))
        {
            return Role::Given;
        }
        // The longest name wins, should one kata's name prefix another's.
        if let Some(kata) = self
            .list
            .iter()
            .filter(|k| k.owns(test))
            .max_by_key(|k| k.name.len())
        {
            return Role::Kata(kata);
        }
        let module = test.split("::").next().unwrap_or(test);
        if self.list.iter().any(|k| k.module() == module) {
            Role::Orphan
        } else {
            Role::Scaffolding
        }
    }
}

/// A Rust identifier as used in module and item names (ASCII is enough here).
fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    const KATAS: &str = r#"
        [[kata]]
        name = "call_stack::run_to_completion"
        book = "ch02-async-io/call-stack.md#run-to-completion"
        hints = ["first nudge", "the concept", "nearly the answer"]

        [[kata]]
        name = "event_loop::run"
        book = "ch02-async-io/event-loop.md"
        hints = ["a", "b"]

        [[kata]]
        name = "event_loop::run_all"
        book = "ch02-async-io/event-loop.md#all-orders"
    "#;

    fn katas() -> Katas {
        Katas::parse(KATAS).unwrap()
    }

    #[test]
    fn parses_in_book_order() {
        let katas = katas();
        let names: Vec<&str> = katas.list.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "call_stack::run_to_completion",
                "event_loop::run",
                "event_loop::run_all"
            ]
        );
        assert_eq!(katas.list[0].hints.len(), 3);
        assert!(katas.list[2].hints.is_empty());
        assert_eq!(katas.list[0].book_page(), "ch02-async-io/call-stack.md");
        assert_eq!(katas.list[0].book_anchor(), Some("run-to-completion"));
        assert_eq!(katas.list[1].book_anchor(), None);
    }

    #[test]
    fn test_threads_is_optional_and_positive() {
        assert_eq!(katas().test_threads, None);
        let file = "test_threads = 8\n[[kata]]\nname = \"a::b\"\nbook = \"x.md#b\"\n";
        assert_eq!(Katas::parse(file).unwrap().test_threads, Some(8));
        let zero = file.replace("= 8", "= 0");
        assert!(Katas::parse(&zero).is_err());
    }

    #[test]
    fn rejects_malformed_files() {
        let twice = format!(
            "{KATAS}\n[[kata]]\nname = \"event_loop::run\"\nbook = \"x.md\"\n"
        );
        let error = format!("{:#}", Katas::parse(&twice).unwrap_err());
        assert!(error.contains("listed twice"), "{error}");

        let flat = "[[kata]]\nname = \"run\"\nbook = \"x.md\"\n";
        let error = format!("{:#}", Katas::parse(flat).unwrap_err());
        assert!(error.contains("module::item"), "{error}");

        let typo = "[[kata]]\nname = \"a::b\"\nbook = \"x.md\"\nhint = \"one\"\n";
        let error = format!("{:#}", Katas::parse(typo).unwrap_err());
        assert!(error.contains("unknown field `hint`"), "{error}");
    }

    #[test]
    fn after_lists_the_later_katas_in_book_order() {
        let katas = katas();
        let after = |name| -> Vec<&str> {
            katas.after(name).map(|k| k.name.as_str()).collect()
        };
        assert_eq!(
            after("call_stack::run_to_completion"),
            ["event_loop::run", "event_loop::run_all"]
        );
        assert!(after("event_loop::run_all").is_empty());
        assert!(after("no::such").is_empty());
    }

    #[test]
    fn finds_by_full_item_or_module_name() {
        let katas = katas();
        assert_eq!(
            katas.find("event_loop::run").unwrap().name,
            "event_loop::run"
        );
        assert_eq!(katas.find("run_all").unwrap().name, "event_loop::run_all");
        assert_eq!(
            katas.find("call_stack").unwrap().name,
            "call_stack::run_to_completion"
        );
    }

    #[test]
    fn unknown_or_ambiguous_kata_lists_the_valid_ones() {
        let katas = katas();
        let error = katas.find("timers::due").unwrap_err().to_string();
        assert!(error.starts_with("unknown kata `timers::due`"), "{error}");
        assert!(error.contains("\n  event_loop::run_all"), "{error}");
        // `event_loop` is the module of two katas.
        let error = katas.find("event_loop").unwrap_err().to_string();
        assert!(error.contains("could be any of these"), "{error}");
        // Only the katas that fit are listed.
        let listed: Vec<&str> = error.lines().skip(1).map(str::trim).collect();
        assert!(
            listed.iter().all(|k| k.starts_with("event_loop::")),
            "{error}"
        );
        assert_eq!(listed.len(), 2, "{error}");
    }

    #[test]
    fn tests_belong_to_the_kata_their_path_starts_with() {
        let katas = katas();
        let kata = |name: &str| Role::Kata(katas.find(name).unwrap());
        assert_eq!(
            katas.role("call_stack::run_to_completion::logs_in_order"),
            kata("call_stack::run_to_completion")
        );
        assert_eq!(
            katas.role("event_loop::run::matches_node20::nested_ticks"),
            kata("event_loop::run")
        );
        // `run_all` must not be mistaken for a test of `run`.
        assert_eq!(
            katas.role("event_loop::run_all::every_order"),
            kata("event_loop::run_all")
        );
    }

    #[test]
    fn given_scaffolding_and_orphan_tests() {
        let katas = katas();
        assert_eq!(
            katas.role("event_loop::run::given_parser_reads_labels"),
            Role::Given
        );
        assert_eq!(katas.role("script::given_parses"), Role::Given);
        assert_eq!(
            katas.role("script::parses_nested_bodies"),
            Role::Scaffolding
        );
        assert_eq!(katas.role("event_loop::runn::typo"), Role::Orphan);
    }
}
