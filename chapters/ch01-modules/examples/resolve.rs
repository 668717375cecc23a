//! `resolve`: what `require.resolve(REQUEST)` returns in a module that lives in DIR.
//!
//! ```text
//! cargo run -q -p ch01-modules-solution --example resolve -- [--node 10|20] --from DIR REQUEST
//! cargo run -q -p ch01-modules-solution --example resolve -- [--node 10|20] --paths DIR
//! cargo run -q -p ch01-modules-solution --example resolve -- [--node 10|20] [--from DIR] --paths-option P [--paths-option P2 …] REQUEST
//! cargo xtask run chapter-1 resolve -- --from . koa            (your own resolver)
//! ```
//!
//! Prints the absolute real path, or the core module's name as requested
//! (`fs`, `node:fs`). Where Node would throw, prints the error's code
//! (`MODULE_NOT_FOUND`, `ERR_PACKAGE_PATH_NOT_EXPORTED`…; the error's name,
//! such as `SyntaxError`, when it has no code) as the only line on stdout,
//! explains it on stderr, and exits 1. `--paths DIR` prints `module.paths`
//! for a module in DIR, one folder per line. `--paths-option P` (repeatable,
//! in order) resolves as `require.resolve(REQUEST, { paths: [P, …] })` does,
//! with the same output: relative entries are taken from the current folder
//! (Node's `process.cwd()`), and without `--from` the caller is a module in
//! the current folder. `--node` defaults to 20. Bad arguments print one line
//! on stderr and exit 2.
//! Book: book/src/ch01-modules/resolve.md

use std::path::PathBuf;
use std::process::ExitCode;

use ch01_modules::paths::node_modules_paths;
use ch01_modules::{Semantics, resolve, resolve_with_paths};

const USAGE: &str = "usage: resolve [--node 10|20] (--from DIR REQUEST | --paths DIR | [--from DIR] --paths-option P [--paths-option P2 …] REQUEST)";

enum Action {
    Resolve {
        from: PathBuf,
        request: String,
    },
    Paths(PathBuf),
    /// `require.resolve(request, { paths })`; `from` defaults to the current folder.
    PathsOption {
        from: Option<PathBuf>,
        paths: Vec<PathBuf>,
        request: String,
    },
}

fn parse_args(
    mut args: impl Iterator<Item = String>,
) -> Result<(Semantics, Action), String> {
    let (mut semantics, mut from, mut paths, mut request) =
        (Semantics::Node20, None, None, None);
    let mut option_paths: Vec<PathBuf> = Vec::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--node" => {
                let value = args.next().ok_or("--node needs a version: 10 or 20")?;
                let major = value.trim_start_matches('v').parse::<u32>().map_err(|_| {
                    format!("--node {value}: expected a major version such as 10 or 20")
                })?;
                semantics = Semantics::for_node(major).map_err(|e| e.to_string())?;
            }
            "--from" => from = Some(args.next().ok_or("--from needs a folder")?),
            "--paths" => paths = Some(args.next().ok_or("--paths needs a folder")?),
            "--paths-option" => option_paths.push(PathBuf::from(
                args.next().ok_or("--paths-option needs a folder")?,
            )),
            "-h" | "--help" => return Err(USAGE.to_owned()),
            // A request may itself start with `-` only after `--from DIR`.
            flag if flag.starts_with('-')
                && request.is_none()
                && from.is_none()
                && option_paths.is_empty() =>
            {
                return Err(format!("unknown flag {flag}\n{USAGE}"));
            }
            text if request.is_none() => request = Some(text.to_owned()),
            extra => return Err(format!("unexpected argument {extra}\n{USAGE}")),
        }
    }
    if !option_paths.is_empty() {
        return match (from, paths, request) {
            (from, None, Some(request)) => Ok((
                semantics,
                Action::PathsOption {
                    from: from.map(PathBuf::from),
                    paths: option_paths,
                    request,
                },
            )),
            (_, None, None) => Err(format!("missing the request\n{USAGE}")),
            _ => Err(format!(
                "--paths-option resolves a request; it does not combine with --paths\n{USAGE}"
            )),
        };
    }
    let action = match (from, paths, request) {
        (Some(from), None, Some(request)) => Action::Resolve {
            from: PathBuf::from(from),
            request,
        },
        (None, Some(dir), None) => Action::Paths(PathBuf::from(dir)),
        (Some(_), None, None) => return Err(format!("missing the request\n{USAGE}")),
        _ => return Err(USAGE.to_owned()),
    };
    Ok((semantics, action))
}

fn main() -> ExitCode {
    let (semantics, action) = match parse_args(std::env::args().skip(1)) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("resolve: {message}");
            return ExitCode::from(2);
        }
    };
    match action {
        Action::Paths(dir) => {
            // Node builds `module.paths` from the module's real folder.
            let dir = match std::fs::canonicalize(&dir) {
                Ok(dir) => dir,
                Err(error) => {
                    eprintln!("resolve: cannot use {}: {error}", dir.display());
                    return ExitCode::from(2);
                }
            };
            for folder in node_modules_paths(&dir) {
                println!("{}", folder.display());
            }
            ExitCode::SUCCESS
        }
        Action::Resolve { from, request } => {
            report(resolve(&request, &from, semantics))
        }
        Action::PathsOption {
            from,
            paths,
            request,
        } => {
            let cwd = match std::env::current_dir() {
                Ok(cwd) => cwd,
                Err(error) => {
                    eprintln!("resolve: cannot read the current folder: {error}");
                    return ExitCode::from(2);
                }
            };
            let from = from.unwrap_or_else(|| cwd.clone());
            report(resolve_with_paths(&request, &from, &paths, &cwd, semantics))
        }
    }
}

/// Prints the answer, or the error's code on stdout and its message on stderr (exit 1).
fn report(
    answer: Result<ch01_modules::Resolved, ch01_modules::ResolveError>,
) -> ExitCode {
    match answer {
        Ok(resolved) => {
            println!("{resolved}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            println!("{}", error.code());
            eprintln!("resolve: {error}");
            ExitCode::from(1)
        }
    }
}
