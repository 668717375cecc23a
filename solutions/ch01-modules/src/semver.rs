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
        // ANCHOR: solution
        let invalid = || SemverError::InvalidVersion {
            text: text.to_owned(),
        };
        // npm refuses anything longer than `MAX_LENGTH` (256) before looking at it.
        if text.len() > 256 {
            return Err(invalid());
        }
        let trimmed = text.trim();
        let body = trimmed.strip_prefix('v').unwrap_or(trimmed);
        // Build metadata comes last and may itself contain `-`, so split it off
        // first; the first `-` after that starts the prerelease.
        let (body, build) = match body.split_once('+') {
            Some((body, build)) => (body, Some(build)),
            None => (body, None),
        };
        let (core, pre) = match body.split_once('-') {
            Some((core, pre)) => (core, Some(pre)),
            None => (body, None),
        };
        // A number is digits only, without a leading zero (`01` is not a
        // version), and small enough to be exact in a JavaScript double.
        let number = |part: &str| -> Option<u64> {
            let digits = !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
            let leading_zero = part.len() > 1 && part.starts_with('0');
            (digits && !leading_zero)
                .then(|| part.parse().ok())
                .flatten()
                .filter(|n| *n <= MAX_SAFE_INTEGER)
        };
        let parts: Vec<&str> = core.split('.').collect();
        let [major, minor, patch] = parts[..] else {
            return Err(invalid());
        };
        let mut version = Version::new(
            number(major).ok_or_else(invalid)?,
            number(minor).ok_or_else(invalid)?,
            number(patch).ok_or_else(invalid)?,
        );
        let word = |s: &str| {
            !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        };
        if let Some(pre) = pre {
            for id in pre.split('.') {
                if !word(id) {
                    return Err(invalid());
                }
                // All digits makes an identifier numeric, and numeric ones
                // compare by value, so they obey the leading-zero rule too.
                version.pre.push(if id.bytes().all(|b| b.is_ascii_digit()) {
                    Identifier::Numeric(number(id).ok_or_else(invalid)?)
                } else {
                    Identifier::Alpha(id.to_owned())
                });
            }
        }
        if let Some(build) = build {
            for id in build.split('.') {
                if !word(id) {
                    return Err(invalid());
                }
                version.build.push(id.to_owned());
            }
        }
        Ok(version)
        // ANCHOR_END: solution
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
    // ANCHOR: solution
    let main = (a.major, a.minor, a.patch).cmp(&(b.major, b.minor, b.patch));
    if main != Ordering::Equal {
        return main;
    }
    // A release outranks its own prereleases: `1.0.0-rc.1 < 1.0.0`.
    match (a.pre.is_empty(), b.pre.is_empty()) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Greater,
        (false, true) => return Ordering::Less,
        (false, false) => {}
    }
    // Identifier by identifier; numbers sort below words, so `alpha.1 <
    // alpha.beta`. Build metadata never takes part.
    for (x, y) in a.pre.iter().zip(&b.pre) {
        let order = match (x, y) {
            (Identifier::Numeric(x), Identifier::Numeric(y)) => x.cmp(y),
            (Identifier::Numeric(_), Identifier::Alpha(_)) => Ordering::Less,
            (Identifier::Alpha(_), Identifier::Numeric(_)) => Ordering::Greater,
            (Identifier::Alpha(x), Identifier::Alpha(y)) => x.cmp(y),
        };
        if order != Ordering::Equal {
            return order;
        }
    }
    // Equal as far as both go: the one with more identifiers is newer.
    a.pre.len().cmp(&b.pre.len())
    // ANCHOR_END: solution
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
    // ANCHOR: solution
    let invalid = || SemverError::InvalidRange {
        text: text.to_owned(),
    };
    let at = |major: u64, minor: u64, patch: u64, pre: &[Identifier]| Version {
        pre: pre.to_vec(),
        ..Version::new(major, minor, patch)
    };
    // `X.Y.Z-0`: the lowest version with that
    // triple, used for exclusive upper bounds.
    let floor = |major: u64, minor: u64, patch: u64| Version {
        pre: vec![Identifier::Numeric(0)],
        ..Version::new(major, minor, patch)
    };
    let cmp = |op: Op, version: Version| Comparator { op, version };
    // `<0.0.0-0` admits no version at all: what `>*` and `<*` mean.
    let nothing = || vec![cmp(Op::Lt, floor(0, 0, 0))];
    // A full version after an operator: strict,
    // with at most one `v` (npm's `Comparator`).
    let exact = |token: &str| Version::parse(token.trim_start_matches('=')).ok();
    let desugar = |token: &str| -> Option<Vec<Comparator>> {
        // Caret: changes that do not touch the first non-zero part are
        // compatible, so the upper bound bumps that part (`^0.2.3` stays below
        // `0.3.0`). Missing parts count from the first given one.
        if let Some(rest) = token.strip_prefix('^') {
            let p = Partial::parse(rest)?;
            return Some(match p.parts {
                [None, _, _] => Vec::new(),
                [Some(ma), None, _] => vec![
                    cmp(Op::Ge, at(ma, 0, 0, &[])),
                    cmp(Op::Lt, floor(ma + 1, 0, 0)),
                ],
                [Some(0), Some(mi), None] => vec![
                    cmp(Op::Ge, at(0, mi, 0, &[])),
                    cmp(Op::Lt, floor(0, mi + 1, 0)),
                ],
                [Some(ma), Some(mi), None] => vec![
                    cmp(Op::Ge, at(ma, mi, 0, &[])),
                    cmp(Op::Lt, floor(ma + 1, 0, 0)),
                ],
                [Some(0), Some(0), Some(pa)] => vec![
                    cmp(Op::Ge, at(0, 0, pa, &p.pre)),
                    cmp(Op::Lt, floor(0, 0, pa + 1)),
                ],
                [Some(0), Some(mi), Some(pa)] => vec![
                    cmp(Op::Ge, at(0, mi, pa, &p.pre)),
                    cmp(Op::Lt, floor(0, mi + 1, 0)),
                ],
                [Some(ma), Some(mi), Some(pa)] => vec![
                    cmp(Op::Ge, at(ma, mi, pa, &p.pre)),
                    cmp(Op::Lt, floor(ma + 1, 0, 0)),
                ],
            });
        }
        // Tilde: patch-level changes, or minor-level when only a major is given.
        if let Some(rest) =
            token.strip_prefix("~>").or_else(|| token.strip_prefix('~'))
        {
            let p = Partial::parse(rest)?;
            return Some(match p.parts {
                [None, _, _] => Vec::new(),
                [Some(ma), None, _] => vec![
                    cmp(Op::Ge, at(ma, 0, 0, &[])),
                    cmp(Op::Lt, floor(ma + 1, 0, 0)),
                ],
                [Some(ma), Some(mi), None] => vec![
                    cmp(Op::Ge, at(ma, mi, 0, &[])),
                    cmp(Op::Lt, floor(ma, mi + 1, 0)),
                ],
                [Some(ma), Some(mi), Some(pa)] => vec![
                    cmp(Op::Ge, at(ma, mi, pa, &p.pre)),
                    cmp(Op::Lt, floor(ma, mi + 1, 0)),
                ],
            });
        }
        let (op, rest) = [
            (">=", Op::Ge),
            ("<=", Op::Le),
            (">", Op::Gt),
            ("<", Op::Lt),
            ("=", Op::Eq),
        ]
        .iter()
        .find_map(|(sign, op)| token.strip_prefix(sign).map(|rest| (*op, rest)))
        .unwrap_or((Op::Eq, token));
        let p = Partial::parse(rest)?;
        let wild = p.parts.iter().any(Option::is_none);
        if !wild {
            // No x anywhere: npm keeps the comparator as
            // written, so it must be a strict version.
            return Some(vec![cmp(op, exact(rest)?)]);
        }
        // An x-range after an operator moves the bound to the edge of the
        // range the x covers: `>1.2` is `>=1.3.0`, `<=1.2` is `<1.3.0-0`.
        Some(match (op, p.parts) {
            (Op::Gt | Op::Lt, [None, _, _]) => nothing(),
            (_, [None, _, _]) => Vec::new(),
            (Op::Gt, [Some(ma), None, _]) => vec![cmp(Op::Ge, at(ma + 1, 0, 0, &[]))],
            (Op::Gt, [Some(ma), Some(mi), _]) => {
                vec![cmp(Op::Ge, at(ma, mi + 1, 0, &[]))]
            }
            (Op::Le, [Some(ma), None, _]) => vec![cmp(Op::Lt, floor(ma + 1, 0, 0))],
            (Op::Le, [Some(ma), Some(mi), _]) => {
                vec![cmp(Op::Lt, floor(ma, mi + 1, 0))]
            }
            (Op::Lt, [Some(ma), mi, _]) => {
                vec![cmp(Op::Lt, floor(ma, mi.unwrap_or(0), 0))]
            }
            (Op::Ge, [Some(ma), mi, _]) => {
                vec![cmp(Op::Ge, at(ma, mi.unwrap_or(0), 0, &[]))]
            }
            (_, [Some(ma), None, _]) => vec![
                cmp(Op::Ge, at(ma, 0, 0, &[])),
                cmp(Op::Lt, floor(ma + 1, 0, 0)),
            ],
            (_, [Some(ma), Some(mi), _]) => vec![
                cmp(Op::Ge, at(ma, mi, 0, &[])),
                cmp(Op::Lt, floor(ma, mi + 1, 0)),
            ],
        })
    };
    // `A - B` is inclusive at both ends; a partial `B` includes everything
    // it covers (`1 - 2` admits `2.9.9`), hence `<` of the next one.
    let hyphen = |from: &str, to: &str| -> Option<Vec<Comparator>> {
        let (f, t) = (Partial::parse(from)?, Partial::parse(to)?);
        let mut set = Vec::new();
        match f.parts {
            [None, _, _] => {}
            [Some(ma), mi, None] => {
                set.push(cmp(Op::Ge, at(ma, mi.unwrap_or(0), 0, &[])))
            }
            _ => set.push(cmp(Op::Ge, exact(from)?)),
        }
        match t.parts {
            [None, _, _] => {}
            [Some(ma), None, _] => set.push(cmp(Op::Lt, floor(ma + 1, 0, 0))),
            [Some(ma), Some(mi), None] => set.push(cmp(Op::Lt, floor(ma, mi + 1, 0))),
            _ => set.push(cmp(Op::Le, exact(to)?)),
        }
        Some(set)
    };
    // `||` separates alternatives; inside one, every comparator must hold.
    let mut sets = Vec::new();
    for part in text.split("||") {
        let words: Vec<&str> = part.split_whitespace().collect();
        if let [from, "-", to] = words[..]
            && !from.starts_with(['<', '>', '^', '~'])
            && !to.starts_with(['<', '>', '^', '~'])
        {
            sets.push(hyphen(from, to).ok_or_else(invalid)?);
            continue;
        }
        // Glue an operator written apart from its version (`>= 1.2.3`, `^ 1.2`).
        let mut tokens: Vec<String> = Vec::new();
        let mut pending = String::new();
        for word in words {
            if matches!(word, "<" | ">" | "<=" | ">=" | "=" | "~" | "~>" | "^") {
                pending.push_str(word);
            } else {
                tokens.push(format!("{pending}{word}"));
                pending.clear();
            }
        }
        if !pending.is_empty() {
            return Err(invalid());
        }
        let mut set = Vec::new();
        for token in &tokens {
            set.extend(desugar(token).ok_or_else(invalid)?);
        }
        sets.push(set);
    }
    Ok(Range { sets })
    // ANCHOR_END: solution
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
        // ANCHOR: solution
        // A prerelease may only satisfy a set that opts in to its exact
        // triple: `^1.2.3-beta.1` admits `1.2.3-beta.2` but never `1.3.0-rc`,
        // so nobody gets a prerelease they did not name.
        self.sets.iter().any(|set| {
            set.iter().all(|c| c.test(version))
                && (version.pre.is_empty()
                    || set.iter().any(|c| {
                        let v = &c.version;
                        !v.pre.is_empty()
                            && (v.major, v.minor, v.patch)
                                == (version.major, version.minor, version.patch)
                    }))
        })
        // ANCHOR_END: solution
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
    // ANCHOR: solution
    let spec = spec.trim();
    let wanted = if spec.is_empty() { "*" } else { spec };
    // Not a range: then it names a dist-tag (`latest`, `next`).
    let Ok(range) = parse_range(wanted) else {
        return packument.dist_tags.get(wanted).cloned().ok_or_else(|| {
            SemverError::UnknownTag {
                tag: wanted.to_owned(),
            }
        });
    };
    // npm prefers the `latest` tag to a higher version whenever the range
    // allows it: publishing `2.0.0-beta` as `next` never moves `*` users.
    if let Some(latest) = packument.dist_tags.get("latest")
        && (wanted == "*" || range.satisfies(latest))
    {
        return Ok(latest.clone());
    }
    packument
        .versions
        .iter()
        .filter(|v| range.satisfies(v))
        .max_by(|a, b| compare(a, b))
        .cloned()
        .ok_or_else(|| SemverError::NoMatchingVersion {
            spec: wanted.to_owned(),
        })
    // ANCHOR_END: solution
}
// ANCHOR_END: pick
