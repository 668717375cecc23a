//! Kata isolation: each kata's tests compile without the other katas' tests.
//!
//! A learner's `check` leaves the tests of katas not begun out of the build
//! (xtask's `left_out.rs`): each kata's test module carries
//! `#[cfg(not(kata_skip = "module::item"))]`. Two things can break that, and
//! `verify` proves neither happened:
//!
//! - **A missing or wrong attribute.** A module without one is only compiled
//!   in vain, but one naming another kata vanishes with that kata, and its
//!   own tests with it. Read from the test files: every kata's module carries
//!   its own name, and every `kata_skip` names a kata.
//! - **A test that names another kata's module** (a helper defined in one
//!   kata's tests and used in another's): the build fails when only the other
//!   is left out. Every set of katas cannot be built (2^30 in chapter 5), but
//!   kata K's tests can only fail to compile without kata J's module if they
//!   name it. So it is enough that for every pair K, J one build has K in and
//!   J out. Number the katas: for each bit of the numbers, one build keeps
//!   the katas whose bit is 0 and one the katas whose bit is 1. Two katas
//!   differ in some bit, so 2 × ⌈log₂ n⌉ builds cover every pair: 10 for 30
//!   katas. Each is a `cargo check` of the learner's crate and its tests.

use std::path::Path;

use anyhow::{Context, Result};

use crate::cargo::Cargo;
use crate::chapters::Chapter;
use crate::files::files_with_extension;
use crate::katas::Katas;
use crate::left_out;

/// The attribute line that leaves `kata`'s tests out, as it is written.
fn attribute(kata: &str) -> String {
    format!("#[cfg(not({} = \"{kata}\"))]", left_out::CFG)
}

/// What is wrong with the `kata_skip` attributes of `chapter`'s tests.
pub fn attribute_problems(
    root: &Path,
    chapter: &Chapter,
    katas: &Katas,
) -> Result<Vec<String>> {
    let tests = chapter.learner_dir(root).join("tests").join("katas");
    let mut problems = Vec::new();
    for kata in &katas.list {
        let file = tests.join(format!("{}.rs", kata.module()));
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("reading {}", file.display()))?;
        let item = kata.name.rsplit("::").next().unwrap_or(&kata.name);
        if !carries(&text, &attribute(&kata.name), item) {
            problems.push(format!(
                "{}: `mod {item}` does not carry `{}` on the line before it",
                display(root, &file),
                attribute(&kata.name)
            ));
        }
    }
    let needle = format!("{} = \"", left_out::CFG);
    for file in files_with_extension(&tests, "rs")? {
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("reading {}", file.display()))?;
        for (number, line) in text.lines().enumerate() {
            let Some((_, rest)) = line.split_once(&needle) else {
                continue;
            };
            let named = rest.split('"').next().unwrap_or_default();
            if !katas.list.iter().any(|k| k.name == named) {
                problems.push(format!(
                    "{}:{}: `{named}` is no kata of {}",
                    display(root, &file),
                    number + 1,
                    chapter.dir_name()
                ));
            }
        }
    }
    Ok(problems)
}

/// True when `attribute` stands on the line before `mod item` (`{` or `;`).
fn carries(text: &str, attribute: &str, item: &str) -> bool {
    let lines: Vec<&str> = text.lines().collect();
    lines.windows(2).any(|pair| {
        let declaration = pair[1].trim_start_matches("pub ");
        pair[0] == attribute
            && (declaration == format!("mod {item} {{")
                || declaration == format!("mod {item};"))
    })
}

fn display(root: &Path, file: &Path) -> String {
    file.strip_prefix(root)
        .unwrap_or(file)
        .display()
        .to_string()
}

/// The sets of katas each build leaves out (see the module's comment).
pub fn left_out_sets(katas: &[String]) -> Vec<Vec<String>> {
    let bits = usize::BITS - katas.len().saturating_sub(1).leading_zeros();
    let mut sets = Vec::new();
    for bit in 0..bits {
        for kept in [0, 1] {
            sets.push(
                katas
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| (i >> bit) & 1 != kept)
                    .map(|(_, kata)| kata.clone())
                    .collect(),
            );
        }
    }
    sets
}

/// Checks `chapter`'s learner crate with its tests once per set of
/// [`left_out_sets`]; a build that fails is a problem, named by what it left out.
pub fn build_problems(
    cargo: &Cargo,
    chapter: &Chapter,
    katas: &Katas,
) -> Result<(usize, Vec<String>)> {
    let names: Vec<String> = katas.list.iter().map(|k| k.name.clone()).collect();
    let package = chapter.package();
    let sets = left_out_sets(&names);
    let mut problems = Vec::new();
    for set in &sets {
        let mut command = cargo.command([
            "rustc",
            "--profile",
            "check",
            "--tests",
            "--package",
            &package,
            "--message-format=json",
            "--",
        ]);
        command.args(left_out::rustc_args(set));
        crate::cargo::echo(&command);
        let output = cargo.output(&mut command)?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        if !output.status.success() {
            let errors = crate::cargo::rendered_diagnostics(&stdout);
            problems.push(format!(
                "without the tests of {}:\n{}",
                set.join(", "),
                errors.trim_end()
            ));
        }
        // Each set is an artifact of its own: none is wanted after this.
        left_out::remove_built(&stdout)?;
    }
    Ok((sets.len(), problems))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pair_is_split_by_some_build() {
        for n in [1, 2, 3, 5, 16, 17, 30] {
            let katas: Vec<String> = (0..n).map(|i| format!("k::k{i}")).collect();
            let sets = left_out_sets(&katas);
            assert!(sets.len() <= 10, "{n} katas: {} builds", sets.len());
            for kept in &katas {
                for out in katas.iter().filter(|k| *k != kept) {
                    assert!(
                        sets.iter().any(|s| !s.contains(kept) && s.contains(out)),
                        "{n} katas: no build keeps {kept} without {out}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_attribute_must_stand_right_before_its_module() {
        let attribute = attribute("paths::classify");
        let good = format!("/// Docs.\n{attribute}\nmod classify {{\n}}\n");
        assert!(carries(&good, &attribute, "classify"));
        let file_module = format!("{attribute}\npub mod classify;\n");
        assert!(carries(&file_module, &attribute, "classify"));
        let other = format!("{attribute}\nmod node_modules_paths {{\n");
        assert!(!carries(&other, &attribute, "classify"));
        let apart = format!("{attribute}\n\nmod classify {{\n");
        assert!(!carries(&apart, &attribute, "classify"));
    }
}
