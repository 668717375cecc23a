//! Temp-tree builders for the tests of xtask and of `maintain` (which compiles
//! this file with `#[path]`): a tiny workspace shaped like the real one (one
//! chapter, `ch01-sums`, with two katas and an insta snapshot), and a way to
//! run the package's binary against it.
//!
//! The xtask binary finds its workspace through `CARGO_MANIFEST_DIR` at run
//! time, so pointing that at `<fixture>/xtask` makes the fixture the
//! workspace. Builds go to one target dir under `CARGO_TARGET_TMPDIR`, shared
//! by every test, so only the first build of insta is cold.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, MutexGuard};

/// The real workspace root (for `Cargo.lock` and `rust-toolchain.toml`).
pub fn real_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A scratch folder for this test, emptied first.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("xtask-tests")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// One fixture build at a time in a test binary: the fixtures share a target
/// dir, and cargo hashes workspace members by their path *inside* the
/// workspace, so two fixtures' `ch01-sums` would overwrite each other's test
/// binary. (Under nextest, whose processes share no lock, the test group
/// `fixture` in `.config/nextest.toml` does the same.)
pub fn one_at_a_time() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The target dir every fixture build shares.
pub fn shared_target() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("xtask-fixture-target")
}

/// The fixture's crate root, provided (no markers): the same in stub and
/// solution. Its tests are a module of the library, as in chapters 1–6.
pub const LIB: &str = "//! Sums: the fixture chapter of xtask's tests.\n\
    #![allow(unused_variables)]\n\nmod sums;\n\npub use sums::{add, greet};\n\n\
    #[cfg(test)]\nextern crate self as ch01_sums;\n\n\
    #[cfg(test)]\n#[path = \"../../../chapters/ch01-sums/tests/katas/main.rs\"]\nmod katas;\n";

/// The stub of the fixture's kata module, `src/sums.rs`.
pub const STUB: &str = r#"//! Sums: the fixture chapter's only kata module.

// ANCHOR: add
/// Kata `sums::add` — add two numbers.
pub fn add(a: i32, b: i32) -> i32 {
    todo!("kata sums::add")
}
// ANCHOR_END: add

// ANCHOR: greet
/// Kata `sums::greet` — greet someone.
pub fn greet(name: &str) -> String {
    todo!("kata sums::greet")
}
// ANCHOR_END: greet
"#;

/// The fixture's solution, marked the way `cargo xtask stubs` reads it:
/// its stub is exactly [`STUB`].
pub const SOLUTION: &str = r#"//! Sums: the fixture chapter's only kata module.

// ANCHOR: add
/// Kata `sums::add` — add two numbers.
pub fn add(a: i32, b: i32) -> i32 {
    // ANCHOR: solution
    a + b
    // ANCHOR_END: solution
}
// ANCHOR_END: add

// ANCHOR: greet
/// Kata `sums::greet` — greet someone.
pub fn greet(name: &str) -> String {
    // ANCHOR: solution
    format!("Hello, {name}!")
    // ANCHOR_END: solution
}
// ANCHOR_END: greet
"#;

/// The kata tests. `add::env_is_clean` fails if a variable grade strips
/// leaked into the test process, so an honest clone scoring 2/2 under a
/// poisoned environment proves the stripping.
pub const TESTS: &str = r#"//! The fixture's katas.

#[cfg(not(kata_skip = "sums::add"))]
mod add {
    use ch01_sums::add;

    #[test]
    fn small() {
        assert_eq!(kata_support::bounded(|| add(1, 2)), 3);
    }

    #[test]
    fn negative() {
        assert_eq!(kata_support::bounded(|| add(-2, 1)), -1);
    }

    #[test]
    fn env_is_clean() {
        for name in ["RUSTFLAGS", "NEXTEST_RETRIES", "CARGO_BUILD_RUSTFLAGS", "INSTA_OUTPUT"] {
            assert!(std::env::var_os(name).is_none(), "{name} leaked into the test");
        }
        assert_ne!(std::env::var("INSTA_FORCE_PASS").as_deref(), Ok("1"));
        assert_eq!(add(2, 2), 4);
    }
}

#[cfg(not(kata_skip = "sums::greet"))]
mod greet {
    use ch01_sums::greet;

    fn settings() -> insta::Settings {
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/../../snapshots/ch01-sums"));
        settings.set_prepend_module_to_snapshot(false);
        settings
    }

    #[test]
    fn world() {
        settings().bind(|| insta::assert_snapshot!("greet_world", greet("world")));
    }

    #[test]
    fn node() {
        assert_eq!(greet("node"), "Hello, node!");
    }
}
"#;

/// The correct body of `add`.
pub const ADD: &str = "a + b";
/// The correct body of `greet`.
pub const GREET: &str = "format!(\"Hello, {name}!\")";

/// Writes `text` to `root/relative`, creating folders.
pub fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Builds the fixture workspace at `root`.
pub fn fixture(root: &Path) {
    write(
        root,
        "Cargo.toml",
        "[workspace]\nresolver = \"3\"\nmembers = [\"chapters/*\"]\n\n\
         [workspace.dependencies]\ninsta = { version = \"1\", default-features = false }\n\n\
         [profile.dev]\ndebug = 0\n[profile.test]\ndebug = 0\n",
    );
    std::fs::copy(real_root().join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
    std::fs::copy(
        real_root().join("rust-toolchain.toml"),
        root.join("rust-toolchain.toml"),
    )
    .unwrap();
    write(
        root,
        "curriculum.toml",
        "[[chapter]]\nnumber = 1\nslug = \"sums\"\ntitle = \"Sums\"\nchinese = \"和\"\n\n\
         [[chapter]]\nnumber = 2\nslug = \"later\"\ntitle = \"Later\"\nchinese = \"后\"\n",
    );
    write(
        root,
        ".config/nextest.toml",
        "[profile.default]\nslow-timeout = { period = \"1s\", terminate-after = 2 }\n\n\
         [profile.kata]\nfail-fast = false\nslow-timeout = { period = \"1s\", terminate-after = 2 }\n\
         status-level = \"none\"\nfinal-status-level = \"none\"\nfailure-output = \"never\"\n\
         success-output = \"never\"\n\n[profile.kata.junit]\npath = \"junit.xml\"\n\
         store-success-output = false\nstore-failure-output = true\n",
    );
    write(
        root,
        ".cargo/config.toml",
        "[alias]\nxtask = \"run --package xtask --\"\n",
    );
    write(
        root,
        "xtask/README.md",
        "The fixture's stand-in for xtask's folder.\n",
    );
    write(
        root,
        "chapters/ch01-sums/Cargo.toml",
        // The real kata-support, for `bounded` and its hang protocol.
        &format!(
            "[package]\nname = \"ch01-sums\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\
             publish = false\nautotests = false\n\n[lib]\nname = \"ch01_sums\"\n\n\
             [dev-dependencies]\n\
             insta.workspace = true\n\
             kata-support = {{ path = {:?}, default-features = false }}\n\n\
             [lints.rust]\n\
             unexpected_cfgs = {{ level = \"warn\", check-cfg = [\"cfg(kata_skip)\", \"cfg(kata_skip, values(any()))\"] }}\n",
            real_root().join("crates/kata-support")
        ),
    );
    write(root, "chapters/ch01-sums/src/lib.rs", LIB);
    write(root, "chapters/ch01-sums/src/sums.rs", STUB);
    write(root, "solutions/ch01-sums/src/lib.rs", LIB);
    write(root, "solutions/ch01-sums/src/sums.rs", SOLUTION);
    write(
        root,
        "chapters/ch01-sums/tests/katas/main.rs",
        "//! The fixture's tests, a module of its library.\nmod sums;\n",
    );
    write(root, "chapters/ch01-sums/tests/katas/sums.rs", TESTS);
    write(
        root,
        "chapters/ch01-sums/katas.toml",
        "[[kata]]\nname = \"sums::add\"\nbook = \"ch01-sums/sums.md#add\"\n\
         hints = [\"Use the plus sign.\", \"Nearly: `a + b`.\"]\n\n\
         [[kata]]\nname = \"sums::greet\"\nbook = \"ch01-sums/sums.md#greet\"\n\
         hints = [\"Use format!.\", \"Say hello.\", \"Nearly: `Hello, NAME!`.\"]\n",
    );
    write(
        root,
        "snapshots/ch01-sums/greet_world.snap",
        "---\nsource: chapters/ch01-sums/tests/katas/sums.rs\nexpression: \"greet(\\\"world\\\")\"\n---\nHello, world!\n",
    );
}

/// Replaces the body `todo!("kata sums::NAME")` of the fixture's stub at `root`.
pub fn solve(root: &Path, kata: &str, body: &str) {
    let path = root.join("chapters/ch01-sums/src/sums.rs");
    let text = std::fs::read_to_string(&path).unwrap();
    let todo = format!("todo!(\"kata sums::{kata}\")");
    assert!(
        text.contains(&todo),
        "{kata} is not a stub in {}",
        path.display()
    );
    std::fs::write(&path, text.replace(&todo, body)).unwrap();
}

/// Copies the folder `from` to `to` (no `target`).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() == "target" {
            continue;
        }
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}

/// The binary of the package under test: `xtask`, or `maintain` (whose
/// commands `cargo xtask` hands over unchanged).
pub fn binary() -> &'static str {
    option_env!("CARGO_BIN_EXE_maintain")
        .or(option_env!("CARGO_BIN_EXE_xtask"))
        .expect("run by cargo test for xtask or maintain")
}

/// `xtask ARGS` with the fixture at `root` as its workspace.
pub fn xtask(root: &Path) -> Command {
    let mut command = Command::new(binary());
    command
        .current_dir(root)
        .env("CARGO_MANIFEST_DIR", root.join("xtask"))
        .env("CARGO_TARGET_DIR", shared_target())
        .env("NO_COLOR", "1")
        .env_remove("CARGO_TERM_COLOR");
    command
}

/// Runs `command`, returning its output; panics when it cannot start.
pub fn output(command: &mut Command) -> Output {
    command.output().expect("running xtask")
}
