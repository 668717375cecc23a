//! Katas of `semver.rs`: npm's versions and ranges, judged by npm's own `semver` package.
//!
//! The oracle is `semver` from the npm registry; its answers are recorded in
//! `recordings/ch01-modules/semver/`. Maintainers refreshing them install it
//! into the git-ignored cache with `npm install --prefix .cache/npm semver@7`.

use std::path::PathBuf;
use std::process::Command;

use kata_support::oracle::NodeVersion;

/// Versions the oracle pairs with every range: releases, prereleases, edge cases, invalid text.
pub const VERSIONS: &[&str] = &[
    "0.0.0",
    "0.0.1",
    "0.0.2",
    "0.1.0",
    "0.1.5",
    "0.2.0",
    "1.0.0",
    "1.0.0-alpha",
    "1.0.0-alpha.1",
    "1.0.0-beta",
    "1.0.0-0",
    "1.2.3",
    "1.2.3-beta.2",
    "1.2.4",
    "1.3.0",
    "1.3.0-rc.1",
    "1.9.9",
    "2.0.0",
    "2.0.0-0",
    "2.0.0-beta",
    "2.3.4",
    "2.4.0",
    "3.0.0",
    "10.0.0",
    "v1.2.3",
    " 1.2.3 ",
    "1.2.3+build.5",
    "1.0.0-alpha-1",
    "1.0.0-a$b",
    "1.2",
    "01.2.3",
    "1.2.3-01",
    "1.2.3-",
    "=1.2.3",
    "1.2.3.4",
    "x",
];

/// Ranges the oracle pairs with every version.
pub const RANGES: &[&str] = &[
    "^1.2.3",
    "^0.1.5",
    "^0.0.1",
    "^1.2",
    "^0.x",
    "^1.2.3-beta.1",
    "~1.2.3",
    "~1.2",
    "~1",
    "~>1.2.3",
    "~0.0.1",
    "1.x",
    "1.2.x",
    "*",
    "",
    "x",
    "1",
    "1.2",
    ">1.2",
    ">=1.2",
    "<1.2",
    "<=1.2",
    ">1",
    "<2",
    ">=1.2.3 <2.0.0",
    "1.2.3 - 2.3.4",
    "1.2 - 2",
    "1.2.3 - 2.3",
    "* - 2",
    "1.2.3 - *",
    "^1.0.0 || ^2.0.0",
    ">= 1.2.3",
    "=1.2.3",
    "1.2.3",
    "v1.2.3",
    ">=1.0.0-alpha",
    ">1.0.0-alpha <1.0.0",
    "<2.0.0-beta",
    ">*",
    "^1.2.3 ||",
    "1.0.0 - 1.0.0-beta",
    ">=2.0.0-0",
    "^ 1.2",
    "blah",
    ">>1.2",
    "1.2.3 foo",
];

/// Where `cargo xtask setup` puts npm's `semver` (`.cache/npm`, maintainers only).
fn semver_module() -> std::io::Result<PathBuf> {
    let module = kata_support::oracle::cache_root().join("npm/node_modules/semver");
    if module.join("package.json").is_file() {
        Ok(module)
    } else {
        Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "npm's semver not found in .cache/npm: run `npm install --prefix .cache/npm semver@7`",
        ))
    }
}

/// What `script` (which sees `semver`, `versions` and `ranges`) printed with
/// npm's semver 7 on Node 20, from the recording `semver/<case>`.
///
/// The first recorded line names the exact `semver` release, so a live run
/// with another release is a new outcome and fails until re-recorded.
pub fn oracle_lines(case: &str, script: &str) -> Vec<String> {
    let list = |items: &[&str]| serde_json::to_string(items).expect("JSON list");
    let prelude = format!(
        "const versions = {}; const ranges = {};\n",
        list(VERSIONS),
        list(RANGES)
    );
    let input = format!("semver@7\n{prelude}{script}");
    let observed = kata_support::oracle::recorded(
        crate::katas::CHAPTER,
        &format!("semver/{case}"),
        NodeVersion::V20,
        &input,
        1,
        |node| {
            let module =
                serde_json::Value::from(semver_module()?.display().to_string());
            let program = format!(
                "const semver = require({module});\n\
                 console.log('semver ' + require({module} + '/package.json').version);\n\
                 {prelude}{script}"
            );
            let output = Command::new(node)
                .args(["-e", &program])
                .env_remove("NODE_OPTIONS")
                .output()?;
            Ok(kata_support::oracle::Outcome {
                lines: String::from_utf8_lossy(&output.stdout)
                    .lines()
                    .map(str::to_owned)
                    .collect(),
                success: output.status.success(),
            })
        },
    );
    let outcome = observed
        .outcomes
        .into_keys()
        .next()
        .expect("at least one run");
    assert!(outcome.success, "npm's semver failed on `{case}`");
    let mut lines = outcome.lines;
    assert!(
        lines
            .first()
            .is_some_and(|line| line.starts_with("semver 7.")),
        "the recording of `semver/{case}` does not start with npm's semver 7 release"
    );
    lines.remove(0);
    lines
}

#[cfg(not(kata_skip = "semver::parse_version"))]
mod parse_version {
    use ch01_modules::semver::{Identifier, SemverError, Version};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    use super::{VERSIONS, oracle_lines};

    /// Every part, with a `v` and whitespace allowed around it.
    #[test]
    fn reads_every_part() {
        bounded(|| {
            let version = Version::parse(" v1.2.3-beta.2+build.7 ").expect("valid");
            let expected = Version {
                pre: vec![Identifier::Alpha("beta".into()), Identifier::Numeric(2)],
                build: vec!["build".into(), "7".into()],
                ..Version::new(1, 2, 3)
            };
            assert_eq!(version, expected);
            assert_eq!(
                Version::parse("1.2"),
                Err(SemverError::InvalidVersion { text: "1.2".into() })
            );
        });
    }

    /// npm refuses a version longer than 256 characters before reading it
    /// (`MAX_LENGTH`); 256 itself is fine (`semver.valid` in semver 7.8.6).
    #[test]
    fn at_most_256_characters() {
        bounded(|| {
            let longest = format!("1.0.0-{}", "a".repeat(250));
            let parsed = Version::parse(&longest).map(|v| v.to_string());
            assert_eq!(parsed.as_ref(), Ok(&longest), "256 characters");
            let longer = format!("{longest}a");
            assert_eq!(
                Version::parse(&longer),
                Err(SemverError::InvalidVersion {
                    text: longer.clone()
                }),
                "257 characters"
            );
        });
    }

    /// `semver.valid` accepts exactly the versions the model accepts, normalised alike.
    #[test]
    fn agrees_with_npm_valid() {
        bounded(|| {
            let ours: Vec<String> = VERSIONS
                .iter()
                .map(|text| {
                    Version::parse(text)
                        .map_or("invalid".to_owned(), |v| v.to_string())
                })
                .collect();
            let script =
                "for (const v of versions) console.log(semver.valid(v) ?? 'invalid')";
            let expected = oracle_lines("valid", script);
            assert_eq!(ours, expected, "semver.valid over {VERSIONS:?}");
        });
    }
}

#[cfg(not(kata_skip = "semver::compare"))]
mod compare {
    use ch01_modules::semver::{Version, compare};
    use kata_support::bounded;

    use super::{VERSIONS, oracle_lines};

    /// `semver.compare` over every pair of valid versions.
    #[test]
    fn agrees_with_npm_compare() {
        bounded(|| {
            let ok: Vec<Version> = VERSIONS
                .iter()
                .filter_map(|v| Version::parse(v).ok())
                .collect();
            let mut ours = Vec::new();
            for a in &ok {
                for b in &ok {
                    ours.push(format!("compare({a}, {b}) = {}", compare(a, b) as i8));
                }
            }
            let script = "const ok = versions.filter(v => semver.valid(v)); for (const a of ok) for (const b of ok) console.log(semver.compare(a, b))";
            let expected = oracle_lines("compare", script);
            let npm: Vec<String> = ours
                .iter()
                .zip(&expected)
                .map(|(line, answer)| {
                    format!("{} = {answer}", &line[..line.rfind(" = ").unwrap_or(0)])
                })
                .collect();
            assert_eq!(ours, npm);
        });
    }
}

#[cfg(not(kata_skip = "semver::parse_range"))]
mod parse_range {
    use ch01_modules::semver::{SemverError, parse_range};
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    use super::{RANGES, oracle_lines};

    /// The desugared form of the common operators.
    fn desugars(range: &'static str, expected: &str) {
        assert_eq!(
            bounded(move || parse_range(range).map(|r| r.to_string())),
            Ok(expected.to_owned())
        );
    }
    cases!(desugars {
        caret: ("^1.2.3", ">=1.2.3 <2.0.0-0"),
        caret_zero: ("^0.2.3", ">=0.2.3 <0.3.0-0"),
        caret_zero_zero: ("^0.0.3", ">=0.0.3 <0.0.4-0"),
        tilde: ("~1.2.3", ">=1.2.3 <1.3.0-0"),
        x_range: ("1.x", ">=1.0.0 <2.0.0-0"),
        hyphen: ("1.2 - 2.3", ">=1.2.0 <2.4.0-0"),
        any: ("*", "*"),
        greater_partial: (">1.2", ">=1.3.0"),
    });

    /// Text npm rejects is an error naming it; npm's `validRange` agrees on which.
    #[test]
    fn rejects_what_npm_rejects() {
        bounded(|| {
            assert_eq!(
                parse_range("blah"),
                Err(SemverError::InvalidRange {
                    text: "blah".into()
                })
            );
            let ours: Vec<&str> = RANGES
                .iter()
                .map(|range| {
                    if parse_range(range).is_ok() {
                        "valid"
                    } else {
                        "invalid"
                    }
                })
                .collect();
            let script = "for (const r of ranges) console.log(semver.validRange(r) === null ? 'invalid' : 'valid')";
            let expected = oracle_lines("valid_range", script);
            for ((range, ours), npm) in RANGES.iter().zip(ours).zip(expected) {
                assert_eq!(ours, npm, "semver.validRange({range:?})");
            }
        });
    }
}

#[cfg(not(kata_skip = "semver::satisfies"))]
mod satisfies {
    use ch01_modules::semver::{Version, parse_range};
    use kata_support::bounded;

    use super::{RANGES, VERSIONS, oracle_lines};

    /// `semver.satisfies` over every (version, range) pair of the bank.
    #[test]
    fn agrees_with_npm_satisfies() {
        bounded(|| {
            let mut ours = Vec::new();
            for version in VERSIONS {
                for range in RANGES {
                    let answer = match (Version::parse(version), parse_range(range)) {
                        (Ok(v), Ok(r)) => r.satisfies(&v),
                        _ => false,
                    };
                    ours.push((version, range, answer.to_string()));
                }
            }
            let script = "for (const v of versions) for (const r of ranges) console.log(semver.satisfies(v, r))";
            let expected = oracle_lines("satisfies", script);
            assert_eq!(expected.len(), ours.len());
            let wrong: Vec<String> = ours
                .iter()
                .zip(&expected)
                .filter(|((_, _, ours), npm)| ours != *npm)
                .map(|((v, r, ours), npm)| {
                    format!("satisfies({v:?}, {r:?}): npm {npm}, model {ours}")
                })
                .collect();
            assert!(
                wrong.is_empty(),
                "{} of {} pairs differ:\n{}",
                wrong.len(),
                ours.len(),
                wrong.join("\n")
            );
        });
    }
}

#[cfg(not(kata_skip = "semver::pick"))]
mod pick {
    use std::collections::BTreeMap;

    use ch01_modules::semver::{Packument, SemverError, Version, pick};
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    fn packument() -> Packument {
        let v = |t: &str| Version::parse(t).expect("test version");
        Packument {
            versions: ["1.0.0", "1.2.0", "1.5.2", "2.0.0", "2.1.0", "3.0.0-beta.1"]
                .map(v)
                .to_vec(),
            dist_tags: BTreeMap::from([
                ("latest".into(), v("2.0.0")),
                ("next".into(), v("3.0.0-beta.1")),
            ]),
        }
    }

    /// What `npm install pkg@spec` installs: `latest` when it fits, else the highest match.
    fn picks(spec: &'static str, expected: &str) {
        let picked = bounded(move || pick(spec, &packument()).map(|v| v.to_string()));
        assert_eq!(picked, Ok(expected.to_owned()));
    }
    cases!(picks {
        bare: ("", "2.0.0"),
        latest_tag: ("latest", "2.0.0"),
        other_tag: ("next", "3.0.0-beta.1"),
        latest_fits: ("^2.0.0", "2.0.0"),
        highest_match: ("^1.0", "1.5.2"),
        notes_version: ("1.0", "1.0.0"),
        star: ("*", "2.0.0"),
    });

    /// No match and unknown tags are errors naming the spec.
    #[test]
    fn errors() {
        bounded(|| {
            assert_eq!(
                pick("^4", &packument()),
                Err(SemverError::NoMatchingVersion { spec: "^4".into() })
            );
            assert_eq!(
                pick("beta", &packument()),
                Err(SemverError::UnknownTag { tag: "beta".into() })
            );
        });
    }
}
