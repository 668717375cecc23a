//! npm (包管理): semantic versions, ranges, and
//! the version `npm install pkg@range` picks.
//!
//! A package.json dependency such as `"koa": "^2.7.0"` is a *range*. npm
//! turns it into comparator sets (`>=2.7.0 <3.0.0-0`), keeps the published
//! versions that satisfy one set — a prerelease only if a comparator of that
//! set names the same `major.minor.patch` with a prerelease — and installs
//! the `latest` dist-tag if it satisfies the range, else the highest match.
//! The rules are npm's `semver` package (v7), which the tests use as the oracle.
//! Book: book/src/ch01-modules/npm.md

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;

/// One dot-separated prerelease identifier.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Identifier {
    /// All digits, no leading zero: compared as
    /// a number, lower than any alphanumeric.
    Numeric(u64),
    /// Anything else: compared as ASCII text.
    Alpha(String),
}

impl fmt::Display for Identifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Identifier::Numeric(n) => write!(f, "{n}"),
            Identifier::Alpha(text) => write!(f, "{text}"),
        }
    }
}

/// A version such as `1.2.3-beta.2+build.7`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Version {
    /// Incompatible API changes.
    pub major: u64,
    /// Backwards-compatible features.
    pub minor: u64,
    /// Backwards-compatible fixes.
    pub patch: u64,
    /// The prerelease identifiers (`beta.2`); empty for a release.
    pub pre: Vec<Identifier>,
    /// Build metadata (`build.7`): kept, but ignored by every comparison.
    pub build: Vec<String>,
}

impl fmt::Display for Version {
    /// `major.minor.patch[-pre]`, as npm's `version` property (no build metadata).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        for (i, id) in self.pre.iter().enumerate() {
            write!(f, "{}{id}", if i == 0 { '-' } else { '.' })?;
        }
        Ok(())
    }
}

/// A comparison operator of a comparator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// `=` (or none): exactly this version.
    Eq,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
}

/// `<op><version>`, e.g. `>=1.2.3`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Comparator {
    /// The operator.
    pub op: Op,
    /// The version compared against.
    pub version: Version,
}

/// A parsed range: comparator sets joined by `||`; an empty set matches any release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Range {
    /// The sets; a version satisfies the range if it satisfies one set.
    pub sets: Vec<Vec<Comparator>>,
}

impl fmt::Display for Range {
    /// npm's normalised form: `>=1.2.3 <2.0.0-0||>=3.0.0`, `*` for "anything".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sets: Vec<String> = self
            .sets
            .iter()
            .map(|set| {
                let comparators: Vec<String> = set
                    .iter()
                    .map(|c| {
                        let op = match c.op {
                            Op::Eq => "",
                            Op::Lt => "<",
                            Op::Le => "<=",
                            Op::Gt => ">",
                            Op::Ge => ">=",
                        };
                        format!("{op}{}", c.version)
                    })
                    .collect();
                if comparators.is_empty() {
                    "*".to_owned()
                } else {
                    comparators.join(" ")
                }
            })
            .collect();
        write!(f, "{}", sets.join("||"))
    }
}

/// What the published package offers `npm install`: its versions and dist-tags.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Packument {
    /// Every published version.
    pub versions: Vec<Version>,
    /// Tags such as `latest` → the version they point at.
    pub dist_tags: BTreeMap<String, Version>,
}

/// Bad versions and ranges, and specs no version satisfies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SemverError {
    /// Not a strict semantic version.
    InvalidVersion {
        /// The text as given.
        text: String,
    },
    /// Not a range npm accepts.
    InvalidRange {
        /// The text as given.
        text: String,
    },
    /// No published version satisfies the range (npm's `ETARGET`).
    NoMatchingVersion {
        /// The spec as given.
        spec: String,
    },
    /// The spec is a tag the package does not have (npm's `ETARGET`).
    UnknownTag {
        /// The tag as given.
        tag: String,
    },
}

impl fmt::Display for SemverError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SemverError::InvalidVersion { text } => {
                write!(f, "invalid version '{text}'")
            }
            SemverError::InvalidRange { text } => write!(f, "invalid range '{text}'"),
            SemverError::NoMatchingVersion { spec } => {
                write!(f, "no matching version found for '{spec}'")
            }
            SemverError::UnknownTag { tag } => {
                write!(f, "no version is tagged '{tag}'")
            }
        }
    }
}

impl std::error::Error for SemverError {}

/// The largest integer JavaScript represents exactly (`Number.MAX_SAFE_INTEGER`).
pub const MAX_SAFE_INTEGER: u64 = 9_007_199_254_740_991;

impl Version {
    /// Provided: a release version with no prerelease or build.
    pub fn new(major: u64, minor: u64, patch: u64) -> Version {
        Version {
            major,
            minor,
            patch,
            pre: Vec::new(),
            build: Vec::new(),
        }
    }

    /// Kata `semver::parse_version` — parse a
    /// version the way `semver.valid` accepts it.
    ///
    /// **Task.** Trim whitespace and allow one leading `v`. Then
    /// `MAJOR.MINOR.PATCH`, each all digits with no leading zero (`0` itself is
    /// fine) and at most [`MAX_SAFE_INTEGER`]; optionally `-` and dot-separated
    /// prerelease identifiers (non-empty, `[0-9A-Za-z-]`; an all-digit one must
    /// not have a leading zero); optionally `+` and dot-separated build
    /// identifiers (non-empty, `[0-9A-Za-z-]`). Anything else, or more than 256
    /// characters, is [`SemverError::InvalidVersion`].
    /// **Node does.** `new SemVer(v)` in npm's
    /// `semver/classes/semver.js` (regex `FULL`).
    /// **Book.** book/src/ch01-modules/npm.md#parse-version
    /// **Check.** `cargo xtask check chapter-1 semver::parse_version`
    // ANCHOR: parse_version
    pub fn parse(text: &str) -> Result<Version, SemverError> {
        todo!("kata semver::parse_version")
    }
    // ANCHOR_END: parse_version
}

/// Kata `semver::compare` — npm's version order (`semver.compare`).
///
/// **Task.** Compare major, minor, patch numerically. Then a release is
/// greater than any prerelease of the same triple; two prereleases compare
/// identifier by identifier (numeric < alphanumeric; numbers by value, text
/// by ASCII), and when one runs out first it is the smaller. Ignore build metadata.
/// **Node does.** `SemVer.prototype.compareMain` and `comparePre`.
/// **Book.** book/src/ch01-modules/npm.md#compare
/// **Check.** `cargo xtask check chapter-1 semver::compare`
// ANCHOR: compare
pub fn compare(a: &Version, b: &Version) -> Ordering {
    todo!("kata semver::compare")
}
// ANCHOR_END: compare

/// One partial version inside a range: `1`, `1.2`, `1.x`, `*`, `1.2.3-beta`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partial {
    /// The numbers given, in order; `None` marks an
    /// `x`, `X` or `*` (and everything after it).
    pub parts: [Option<u64>; 3],
    /// Prerelease identifiers (only with all three numbers).
    pub pre: Vec<Identifier>,
}

impl Partial {
    /// Provided: parse `[v=]*M[.m[.p[-pre][+build]]]`,
    /// where each number may be `x`, `X` or `*`.
    pub fn parse(text: &str) -> Option<Partial> {
        let text = text.trim_start_matches(['v', '=']);
        let (text, _build) = text.split_once('+').unwrap_or((text, ""));
        let (core, pre) = match text.split_once('-') {
            Some((core, pre)) => (core, Some(pre)),
            None => (text, None),
        };
        let pieces: Vec<&str> = core.split('.').collect();
        if pieces.is_empty()
            || pieces.len() > 3
            || (pre.is_some() && pieces.len() != 3)
        {
            return None;
        }
        let mut parts = [None; 3];
        let mut wild = false;
        for (slot, piece) in parts.iter_mut().zip(&pieces) {
            if matches!(*piece, "x" | "X" | "*") {
                wild = true;
                continue;
            }
            let number = Version::parse(&format!("{piece}.0.0")).ok()?.major;
            // Once a part is wild, everything after
            // it is wild too (`1.x.3` means `1.x`).
            *slot = (!wild).then_some(number);
        }
        let pre = match pre {
            Some(pre) => Version::parse(&format!("0.0.0-{pre}")).ok()?.pre,
            None => Vec::new(),
        };
        Some(Partial { parts, pre })
    }
}

/// Kata `semver::parse_range` — desugar a range into comparator sets.
///
/// **Task.** Split on `||`; in each part merge an operator standing alone with the
/// token after it (`>= 1.2` is `>=1.2`), recognise `A - B` (hyphen), and desugar
/// every token with [`Partial::parse`] (`M`/`m`/`p` below are its parts): `^M.m.p` →
/// `>=M.m.p <(M+1).0.0-0` (for `0.m.p`: `<0.(m+1).0-0`; `0.0.p`: `<0.0.(p+1)-0`;
/// missing parts count from the first given one), `~M.m.p` → `>=M.m.p <M.(m+1).0-0`
/// (`~M` → `<(M+1).0.0-0`), `1.x`/`1` → `>=1.0.0 <2.0.0-0`, `*`/`x`/empty → any,
/// `>1.2` → `>=1.3.0`, `<=1.2` → `<1.3.0-0`, `<1.2` → `<1.2.0-0`, `>=1.2` →
/// `>=1.2.0`, `>*`/`<*` → `<0.0.0-0` (nothing), `A - B` → `>=A <=B` with a partial
/// `B` becoming `<` its next minor/major `-0`. A full version with no operator is
/// `=`. Any other text is [`SemverError::InvalidRange`].
/// **Node does.** `Range.prototype.parseRange`: `hyphenReplace`, `replaceCarets`,
/// `replaceTildes`, `replaceXRanges`, `replaceStars` in npm's
/// `semver/classes/range.js`.
/// **Book.** book/src/ch01-modules/npm.md#parse-range
/// **Check.** `cargo xtask check chapter-1 semver::parse_range`
// ANCHOR: parse_range
pub fn parse_range(text: &str) -> Result<Range, SemverError> {
    todo!("kata semver::parse_range")
}
// ANCHOR_END: parse_range

impl Comparator {
    /// Provided: whether `version` passes this one comparator (no prerelease rule).
    pub fn test(&self, version: &Version) -> bool {
        let order = compare(version, &self.version);
        match self.op {
            Op::Eq => order == Ordering::Equal,
            Op::Lt => order == Ordering::Less,
            Op::Le => order != Ordering::Greater,
            Op::Gt => order == Ordering::Greater,
            Op::Ge => order != Ordering::Less,
        }
    }
}

impl Range {
    /// Kata `semver::satisfies` — does `version` satisfy this range?
    ///
    /// **Task.** True if some set has every comparator pass ([`Comparator::test`]),
    /// *and*, when `version` is a prerelease, that set has a comparator whose
    /// own version is a prerelease with the same `major.minor.patch`. (So
    /// `1.2.3-beta` satisfies `>=1.2.3-alpha` but not `>=1.0.0`, and an empty
    /// "any" set admits no prerelease.)
    /// **Node does.** `Range.prototype.test` → `testSet` in npm's
    /// `semver/classes/range.js`.
    /// **Book.** book/src/ch01-modules/npm.md#satisfies
    /// **Check.** `cargo xtask check chapter-1 semver::satisfies`
    // ANCHOR: satisfies
    pub fn satisfies(&self, version: &Version) -> bool {
        todo!("kata semver::satisfies")
    }
    // ANCHOR_END: satisfies
}

/// Kata `semver::pick` — the version `npm install pkg@spec` installs.
///
/// **Task.** An empty spec means `*`. If the spec parses as a range: when
/// the `latest` tag exists and (the spec is `*` or `latest`'s version
/// satisfies the range), pick `latest`; otherwise the highest satisfying
/// version ([`compare`]), or [`SemverError::NoMatchingVersion`]. If the spec
/// is not a range it is a tag: its version, or [`SemverError::UnknownTag`].
/// **Node does.** npm's `npm-pick-manifest`
/// (without deprecation and engines preferences).
/// **Book.** book/src/ch01-modules/npm.md#pick
/// **Check.** `cargo xtask check chapter-1 semver::pick`
// ANCHOR: pick
pub fn pick(spec: &str, packument: &Packument) -> Result<Version, SemverError> {
    todo!("kata semver::pick")
}
// ANCHOR_END: pick
