//! Errors (错误): why `require.resolve` fails, as one typed enum.
//!
//! Every step of the resolver can fail (a malformed package.json, an `exports`
//! map that hides the subpath, nothing found); they all return this one type,
//! and [`ResolveError::code`] is the `code` of the error Node throws.
//! It has a module of its own so that the leaves (`package_json`, `locate`,
//! `exports`) and the root that uses them (`resolve`) both depend on it, and
//! never on each other.
//! Book: book/src/ch01-modules/resolve.md

use std::fmt;
use std::path::PathBuf;

/// Why a request cannot be resolved;
/// [`ResolveError::code`] is what Node's error carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolveError {
    /// Nothing matched the request anywhere on its lookup list.
    NotFound {
        /// The request, or the missing file an `exports` target named.
        request: String,
    },
    /// Node 20: `main` names nothing and the folder has no `index.*` either.
    InvalidMain {
        /// The package.json whose `main` is wrong.
        package_json: PathBuf,
        /// Where `main` pointed.
        main: PathBuf,
    },
    /// A package.json that is not valid JSON (Node throws a `SyntaxError`).
    MalformedPackageJson {
        /// The file.
        path: PathBuf,
        /// The JSON parser's message, with line and column.
        message: String,
    },
    /// Node 10: `main` is neither a string nor falsy, and `path.resolve` rejects it.
    MainNotString {
        /// The package.json with the odd `main`.
        package_json: PathBuf,
        /// JavaScript's `typeof` of the value (`number`, `boolean`, `object`).
        found: String,
    },
    /// Node 20: the package's `exports` does not list this subpath.
    PathNotExported {
        /// The subpath asked for (`.` or `./lib/x`).
        subpath: String,
        /// The package.json with the `exports` map.
        package_json: PathBuf,
    },
    /// Node 20: an `exports` target that does not
    /// start with `./` or escapes the package.
    InvalidPackageTarget {
        /// The target as JSON text.
        target: String,
        /// The `exports` key it belongs to.
        key: String,
        /// The package.json with the `exports` map.
        package_json: PathBuf,
    },
    /// Node 20: an `exports` map that is malformed as a whole.
    InvalidPackageConfig {
        /// The package.json with the `exports` map.
        package_json: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// Node 20: the part a `*` pattern matched contains a `.` or `..` segment.
    InvalidSubpath {
        /// The matched part.
        subpath: String,
        /// The package.json with the `exports` map.
        package_json: PathBuf,
    },
    /// The folder to resolve from does not exist or is not a folder.
    FromDir {
        /// The folder as given.
        dir: PathBuf,
        /// Why it cannot be used.
        message: String,
    },
}

impl ResolveError {
    /// The `code` of the error Node throws, or its `name` where it has no code.
    pub fn code(&self) -> &'static str {
        match self {
            ResolveError::NotFound { .. } | ResolveError::InvalidMain { .. } => {
                "MODULE_NOT_FOUND"
            }
            ResolveError::MalformedPackageJson { .. } => "SyntaxError",
            ResolveError::MainNotString { .. } => "ERR_INVALID_ARG_TYPE",
            ResolveError::PathNotExported { .. } => "ERR_PACKAGE_PATH_NOT_EXPORTED",
            ResolveError::InvalidPackageTarget { .. } => "ERR_INVALID_PACKAGE_TARGET",
            ResolveError::InvalidPackageConfig { .. } => "ERR_INVALID_PACKAGE_CONFIG",
            ResolveError::InvalidSubpath { .. } => "ERR_INVALID_MODULE_SPECIFIER",
            ResolveError::FromDir { .. } => "ENOENT",
        }
    }
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResolveError::NotFound { request } => {
                write!(f, "cannot find module '{request}'")
            }
            ResolveError::InvalidMain { package_json, main } => write!(
                f,
                "cannot find module '{}': the \"main\" of {} names nothing and there is no index file",
                main.display(),
                package_json.display()
            ),
            ResolveError::MalformedPackageJson { path, message } => {
                write!(f, "malformed package.json at {}: {message}", path.display())
            }
            ResolveError::MainNotString {
                package_json,
                found,
            } => write!(
                f,
                "\"main\" in {} must be a string, found a {found}",
                package_json.display()
            ),
            ResolveError::PathNotExported {
                subpath,
                package_json,
            } => write!(
                f,
                "package subpath '{subpath}' is not defined by \"exports\" in {}",
                package_json.display()
            ),
            ResolveError::InvalidPackageTarget {
                target,
                key,
                package_json,
            } => write!(
                f,
                "invalid \"exports\" target {target} for '{key}' in {}: targets must start with \"./\"",
                package_json.display()
            ),
            ResolveError::InvalidPackageConfig {
                package_json,
                reason,
            } => write!(
                f,
                "invalid package config {}: {reason}",
                package_json.display()
            ),
            ResolveError::InvalidSubpath {
                subpath,
                package_json,
            } => write!(
                f,
                "invalid subpath '{subpath}' for the \"exports\" of {}",
                package_json.display()
            ),
            ResolveError::FromDir { dir, message } => {
                write!(f, "cannot resolve from {}: {message}", dir.display())
            }
        }
    }
}

impl std::error::Error for ResolveError {}
