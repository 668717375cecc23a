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

use anyhow::Context as _;

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

/// The chapter positional every learner command starts with.
pub fn chapter() -> clap::Arg {
    clap::arg!(<CHAPTER> "The chapter: `chapter-2`, `2`, `ch02` or `async-io`")
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
        let table = text.parse()?;
        let what = what.to_owned();
        Ok(Fields { table, what })
    }

    /// Takes `key` out as a `T` (serde's own impls: strings, numbers, arrays).
    pub fn optional<T: serde::de::DeserializeOwned>(
        &mut self,
        key: &str,
    ) -> anyhow::Result<Option<T>> {
        let value = self.table.remove(key);
        let context = || format!("{}: field `{key}`", self.what);
        value
            .map(|v| v.try_into().with_context(context))
            .transpose()
    }

    /// Takes `key` out as a `T`; it must be there.
    pub fn required<T: serde::de::DeserializeOwned>(
        &mut self,
        key: &str,
    ) -> anyhow::Result<T> {
        let value = self.optional(key)?;
        value.ok_or_else(|| anyhow::anyhow!("{}: missing field `{key}`", self.what))
    }

    /// An array of tables (`[[kata]]`), each to be read in turn; empty when absent.
    pub fn tables(&mut self, key: &str) -> anyhow::Result<Vec<Fields>> {
        let tables: Vec<toml::Table> = self.optional(key)?.unwrap_or_default();
        let what = |index: usize| format!("{}: `{key}` #{}", self.what, index + 1);
        let fields = tables.into_iter().enumerate();
        Ok(fields
            .map(|(i, table)| Fields {
                table,
                what: what(i),
            })
            .collect())
    }

    /// Ends the reading: an error names the first field nobody took.
    pub fn finish(self) -> anyhow::Result<()> {
        match self.table.keys().next() {
            Some(key) => anyhow::bail!("{}: unknown field `{key}`", self.what),
            None => Ok(()),
        }
    }
}

/// `--runner nextest|cargo`, with the command's own help.
pub fn runner(help: &'static str) -> clap::Arg {
    clap::arg!(--runner <RUNNER>)
        .help(help)
        .value_parser(clap::builder::EnumValueParser::<crate::cargo::Runner>::new())
}

/// The `--runner` given, if any.
pub fn runner_of(matches: &clap::ArgMatches) -> Option<crate::cargo::Runner> {
    matches.get_one::<crate::cargo::Runner>("runner").copied()
}
