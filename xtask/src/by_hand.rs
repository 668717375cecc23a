//! What serde's and clap's derive macros would write, written with `macro_rules!`.
//!
//! The derive macros are proc macros built on syn, and syn with serde_derive and
//! clap_derive was the longest chain of a learner's first build: a fresh clone
//! compiled proc-macro2, quote, syn and both derives before xtask could start
//! (CONTRIBUTING.md, "Speed"). xtask needs little of them: JSON names for a few
//! enums, JSON objects for `--json`, and a handful of command-line options. The
//! macros here cover that; TOML and JSON are read through `toml::Table` and
//! `serde_json::Value` (`katas.rs`, `chapters.rs`, `state.rs`), and the command
//! line is built with clap's builder (`lib.rs` and each command's `…Args`).
//! `maintain/`, which a learner never builds, keeps the derives.

/// Gives a fieldless enum its snake_case names: `name()`, `from_name()`,
/// `Display` and `serde::Serialize` all say the same word (`not_started`), so
/// JSON, Markdown and JUnit reports agree.
///
/// ```
/// #[derive(Clone, Copy, Debug, PartialEq)]
/// enum Verdict { Passed, NotStarted }
/// xtask::named_variants!(Verdict { Passed => "passed", NotStarted => "not_started" });
///
/// assert_eq!(Verdict::NotStarted.to_string(), "not_started");
/// assert_eq!(Verdict::from_name("passed"), Some(Verdict::Passed));
/// assert_eq!(serde_json::to_string(&Verdict::Passed).unwrap(), r#""passed""#);
/// ```
#[macro_export]
macro_rules! named_variants {
    ($ty:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            /// The name JSON and reports use.
            pub fn name(self) -> &'static str {
                match self {
                    $($ty::$variant => $name,)+
                }
            }

            /// The variant `name` names.
            pub fn from_name(name: &str) -> Option<$ty> {
                match name {
                    $($name => Some($ty::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }

        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.name())
            }
        }
    };
}

/// `serde::Serialize` for a struct as a JSON object of the listed fields, in
/// that order (fields left out are not serialized).
///
/// ```
/// struct Leftover { pid: i32, command: String, note: String }
/// xtask::serialize_fields!(Leftover { pid, command });
///
/// let left = Leftover { pid: 7, command: "node".into(), note: "unsaid".into() };
/// let json = serde_json::to_string(&left).unwrap();
/// assert_eq!(json, r#"{"pid":7,"command":"node"}"#);
/// ```
#[macro_export]
macro_rules! serialize_fields {
    ($ty:ident { $($field:ident),+ $(,)? }) => {
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeStruct as _;
                let fields = [$(stringify!($field)),+].len();
                let mut object = serializer.serialize_struct(stringify!($ty), fields)?;
                $(object.serialize_field(stringify!($field), &self.$field)?;)+
                object.end()
            }
        }
    };
}

/// clap's `Args` and `FromArgMatches` for a command's options, from two
/// associated functions the type writes with clap's builder: `augment(Command)
/// -> Command` adds its arguments, `read(&ArgMatches) -> Self` takes them back.
/// Both binaries' command enums (one derived in `maintain`) then embed it like
/// a derived `Args`.
#[macro_export]
macro_rules! args_by_hand {
    ($ty:ty) => {
        impl ::clap::FromArgMatches for $ty {
            fn from_arg_matches(
                matches: &::clap::ArgMatches,
            ) -> Result<Self, ::clap::Error> {
                Ok(<$ty>::read(matches))
            }

            fn update_from_arg_matches(
                &mut self,
                matches: &::clap::ArgMatches,
            ) -> Result<(), ::clap::Error> {
                *self = <$ty>::read(matches);
                Ok(())
            }
        }

        impl ::clap::Args for $ty {
            fn augment_args(command: ::clap::Command) -> ::clap::Command {
                <$ty>::augment(command)
            }

            fn augment_args_for_update(command: ::clap::Command) -> ::clap::Command {
                <$ty>::augment(command)
            }
        }
    };
}

/// A `--flag` with its help text (`cargo xtask check --json`).
pub fn flag(long: &'static str, help: &'static str) -> clap::Arg {
    clap::Arg::new(long)
        .long(long)
        .help(help)
        .action(clap::ArgAction::SetTrue)
}

/// The chapter positional every learner command starts with.
pub fn chapter() -> clap::Arg {
    clap::Arg::new("chapter")
        .value_name("CHAPTER")
        .required(true)
        .help("The chapter: `chapter-2`, `2`, `ch02` or `async-io`")
}

/// A positional or option's string value (clap has checked `required` ones).
pub fn string(matches: &clap::ArgMatches, id: &str) -> Option<String> {
    matches.get_one::<String>(id).cloned()
}

/// A TOML table read field by field, as a derived `Deserialize` with
/// `deny_unknown_fields` would: a missing or mistyped field, or one nobody
/// reads (a typo: `hint` for `hints`), is an error naming it and `what` holds it.
pub struct Fields {
    table: toml::Table,
    what: String,
}

impl Fields {
    /// Parses `text` as a TOML document (`what`: how errors name it).
    pub fn parse(text: &str, what: &str) -> anyhow::Result<Fields> {
        Ok(Fields {
            table: text.parse::<toml::Table>()?,
            what: what.to_owned(),
        })
    }

    /// The table `value` must be.
    fn of(value: toml::Value, what: String) -> anyhow::Result<Fields> {
        match value {
            toml::Value::Table(table) => Ok(Fields { table, what }),
            other => {
                anyhow::bail!("{what}: expected a table, found {}", other.type_str())
            }
        }
    }

    /// Takes `key` out, checking its type with `convert` (`None`: wrong type).
    fn take<T>(
        &mut self,
        key: &str,
        expected: &str,
        convert: impl FnOnce(toml::Value) -> Option<T>,
    ) -> anyhow::Result<Option<T>> {
        let Some(value) = self.table.remove(key) else {
            return Ok(None);
        };
        let found = value.type_str();
        match convert(value) {
            Some(value) => Ok(Some(value)),
            None => anyhow::bail!(
                "{}: invalid type for `{key}`: expected {expected}, found {found}",
                self.what
            ),
        }
    }

    /// A required string.
    pub fn string(&mut self, key: &str) -> anyhow::Result<String> {
        self.optional_string(key)?
            .ok_or_else(|| anyhow::anyhow!("{}: missing field `{key}`", self.what))
    }

    /// An optional string.
    pub fn optional_string(&mut self, key: &str) -> anyhow::Result<Option<String>> {
        self.take(key, "a string", |value| match value {
            toml::Value::String(text) => Some(text),
            _ => None,
        })
    }

    /// A required non-negative integer.
    pub fn integer(&mut self, key: &str) -> anyhow::Result<u64> {
        self.optional_integer(key)?
            .ok_or_else(|| anyhow::anyhow!("{}: missing field `{key}`", self.what))
    }

    /// An optional non-negative integer.
    pub fn optional_integer(&mut self, key: &str) -> anyhow::Result<Option<u64>> {
        self.take(key, "a non-negative integer", |value| {
            value.as_integer().and_then(|n| u64::try_from(n).ok())
        })
    }

    /// An array of strings; empty when absent.
    pub fn strings(&mut self, key: &str) -> anyhow::Result<Vec<String>> {
        let strings = self.take(key, "an array of strings", |value| match value {
            toml::Value::Array(items) => items
                .into_iter()
                .map(|item| match item {
                    toml::Value::String(text) => Some(text),
                    _ => None,
                })
                .collect(),
            _ => None,
        })?;
        Ok(strings.unwrap_or_default())
    }

    /// An array of tables (`[[kata]]`), each to be read in turn; empty when absent.
    pub fn tables(&mut self, key: &str) -> anyhow::Result<Vec<Fields>> {
        let what = format!("{}: `{key}`", self.what);
        let items = self.take(key, "an array of tables", |value| match value {
            toml::Value::Array(items) => Some(items),
            _ => None,
        })?;
        items
            .unwrap_or_default()
            .into_iter()
            .enumerate()
            .map(|(index, item)| Fields::of(item, format!("{what} #{}", index + 1)))
            .collect()
    }

    /// Ends the reading: an error names the first field nobody took.
    pub fn finish(self) -> anyhow::Result<()> {
        match self.table.keys().next() {
            Some(key) => anyhow::bail!("{}: unknown field `{key}`", self.what),
            None => Ok(()),
        }
    }
}

/// `--runner nextest|cargo` (its help is the command's).
pub fn runner() -> clap::Arg {
    clap::Arg::new("runner")
        .long("runner")
        .value_name("RUNNER")
        .value_parser(clap::builder::EnumValueParser::<crate::cargo::Runner>::new())
}

/// The `--runner` given, if any.
pub fn runner_of(matches: &clap::ArgMatches) -> Option<crate::cargo::Runner> {
    matches.get_one::<crate::cargo::Runner>("runner").copied()
}
