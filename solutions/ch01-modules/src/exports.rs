//! Package entry points (`exports`, Node ≥ 12):
//! the map that decides what a package exposes.
//!
//! When a package.json has `exports`, Node 20 resolves `pkg` and `pkg/sub`
//! through it and *only* through it: a subpath the map does not list is an
//! error (`ERR_PACKAGE_PATH_NOT_EXPORTED`), even if the file exists. CommonJS
//! matches the conditions `require`, `node`, `node-addons` and `default`.
//! Node 10 has no such thing; the resolver skips this module under Node 10.
//! Book: book/src/ch01-modules/exports.md

use std::path::{Path, PathBuf};

use crate::json::Json;

use crate::error::ResolveError;

/// The conditions `require()` matches in Node 20, besides `default`.
pub const CJS_CONDITIONS: [&str; 3] = ["require", "node", "node-addons"];

/// What one target of the map resolved to (Node's `resolvePackageTarget` results).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A file path inside the package (not yet checked on disk).
    Found(PathBuf),
    /// The map says `null`: deliberately not exported.
    Null,
    /// No condition matched (Node's `undefined`): try the next alternative.
    Unmatched,
}

/// Kata `exports::resolve_exports` — look `subpath` up in a package's `exports` map.
///
/// **Task.** Node 20's package `exports`: the target `subpath` (`.` or `./rest`) of
/// the package in `package_dir` maps to, or why it does not. The map may be a bare
/// target (a string, an array, an object of conditions) or an object of subpaths,
/// exact (`"./a"`) or with `*` patterns (`"./lib/*.js"`); mixing subpath and
/// condition keys is [`ResolveError::InvalidPackageConfig`]. Targets must stay inside
/// the package ([`ResolveError::InvalidPackageTarget`]); conditions are `default` and
/// [`CJS_CONDITIONS`], in the object's order; a subpath with no usable target is
/// [`ResolveError::PathNotExported`].
/// **Node does.** `packageExportsResolve` and
/// `resolvePackageTarget` in `lib/internal/modules/esm/resolve.js`,
/// called by `resolveExports` in the CJS loader.
/// **Book.** book/src/ch01-modules/exports.md#resolve-exports
/// **Check.** `cargo xtask check chapter-1 exports::resolve_exports`
// ANCHOR: resolve_exports
pub fn resolve_exports(
    package_dir: &Path,
    exports: &Json,
    subpath: &str,
) -> Result<PathBuf, ResolveError> {
    // ANCHOR: solution
    let package_json = package_dir.join("package.json");
    let not_exported = || ResolveError::PathNotExported {
        subpath: subpath.to_owned(),
        package_json: package_json.clone(),
    };
    // "Sugar": `"exports": "./x.js"` (or an array, or an object of
    // conditions) is shorthand for `{ ".": … }`. An object is one or the
    // other by its keys, never both: Node refuses a map it cannot classify.
    let sugar = match exports {
        Json::Object(map) => {
            let dotted = map.iter().filter(|(k, _)| k.starts_with('.')).count();
            if dotted != 0 && dotted != map.len() {
                return Err(ResolveError::InvalidPackageConfig {
                    package_json,
                    reason: concat!(
                        "\"exports\" cannot mix keys starting with '.' ",
                        "and keys that do not"
                    )
                    .into(),
                });
            }
            dotted == 0
        }
        _ => true,
    };
    // One lookup for both shapes, so the rest never asks which it was.
    let lookup = |key: &str| -> Option<&Json> {
        if sugar {
            (key == ".").then_some(exports)
        } else {
            exports.get(key)
        }
    };
    // An exact key wins over every pattern. A subpath with a `*` or a
    // trailing `/` can only match a pattern (Node's `ERR_PACKAGE_PATH_NOT_EXPORTED`
    // for `./lib/` even when the map lists `./lib/`: folder mappings are gone).
    let exact = !subpath.contains('*') && !subpath.ends_with('/');
    if exact && let Some(target) = lookup(subpath) {
        return match resolve_target(package_dir, target, "", subpath, false)? {
            Target::Found(path) => Ok(path),
            Target::Null | Target::Unmatched => Err(not_exported()),
        };
    }
    // Pattern keys (`./lib/*.js`): the longest
    // prefix before `*` wins, then the longest key.
    let keys: Vec<&String> = match (sugar, exports) {
        (false, Json::Object(map)) => map.iter().map(|(k, _)| k).collect(),
        _ => Vec::new(),
    };
    // The best pattern so far and the part of `subpath` its `*` matched.
    let mut best: Option<(&str, &str)> = None;
    for key in keys {
        // Only keys with exactly one `*` are patterns.
        let Some(star) = key.find('*') else { continue };
        if key.rfind('*') != Some(star) {
            continue;
        }
        let (prefix, suffix) = (&key[..star], &key[star + 1..]);
        // `subpath.len() >= key.len()` makes the `*` match at least one
        // character, and keeps prefix and suffix from overlapping.
        if subpath.len() >= key.len()
            && subpath.starts_with(prefix)
            && subpath.ends_with(suffix)
        {
            // Node's `patternKeyCompare`: the longer text before the `*`
            // is more specific; on a tie, the longer key. Map order never decides.
            let better = match best {
                None => true,
                Some((old, _)) => {
                    let old_base = old.find('*').map_or(old.len(), |i| i + 1);
                    star + 1 > old_base
                        || (star + 1 == old_base && key.len() > old.len())
                }
            };
            if better {
                best = Some((key, &subpath[star..subpath.len() - suffix.len()]));
            }
        }
    }
    let Some((key, matched)) = best else {
        return Err(not_exported());
    };
    let target = lookup(key).ok_or_else(not_exported)?;
    match resolve_target(package_dir, target, matched, key, true)? {
        Target::Found(path) => Ok(path),
        Target::Null | Target::Unmatched => Err(not_exported()),
    }
    // ANCHOR_END: solution
}

// ANCHOR: solution_only
/// Node's `resolvePackageTarget`: one target of the map, recursively.
fn resolve_target(
    package_dir: &Path,
    target: &Json,
    matched: &str,
    key: &str,
    pattern: bool,
) -> Result<Target, ResolveError> {
    let invalid = |target: &Json| ResolveError::InvalidPackageTarget {
        target: target.to_string(),
        key: key.to_owned(),
        package_json: package_dir.join("package.json"),
    };
    match target {
        Json::String(text) => {
            // A target must stay inside the package: `./` first, and no
            // segment that could climb out or reach into `node_modules`.
            // An empty segment (`./a//b.js`) is only deprecated (DEP0166).
            let rest = text.strip_prefix("./").ok_or_else(|| invalid(target))?;
            let bad_segment = |s: &str| {
                s == "." || s == ".." || s.eq_ignore_ascii_case("node_modules")
            };
            if rest.split('/').any(bad_segment) {
                return Err(invalid(target));
            }
            // The text a `*` matched obeys the same rule.
            if pattern && matched.split('/').any(bad_segment) {
                return Err(ResolveError::InvalidSubpath {
                    subpath: matched.to_owned(),
                    package_json: package_dir.join("package.json"),
                });
            }
            // Every `*` of the target takes the matched text, not only the first.
            let resolved = if pattern {
                rest.replace('*', matched)
            } else {
                rest.to_owned()
            };
            Ok(Target::Found(package_dir.join(resolved)))
        }
        // `null` blocks a subpath on purpose; the caller reports it as not exported.
        Json::Null => Ok(Target::Null),
        Json::Array(alternatives) => {
            // Invalid targets are skipped; the last such
            // error is reported if nothing else works.
            let mut last: Result<Target, ResolveError> = Ok(Target::Unmatched);
            for alternative in alternatives {
                match resolve_target(package_dir, alternative, matched, key, pattern)
                {
                    Ok(Target::Found(path)) => return Ok(Target::Found(path)),
                    Ok(Target::Null) => last = Ok(Target::Null),
                    Ok(Target::Unmatched) => {}
                    Err(error @ ResolveError::InvalidPackageTarget { .. }) => {
                        last = Err(error)
                    }
                    Err(error) => return Err(error),
                }
            }
            last
        }
        Json::Object(conditions) => {
            if conditions.iter().any(|(k, _)| k.parse::<u64>().is_ok()) {
                return Err(ResolveError::InvalidPackageConfig {
                    package_json: package_dir.join("package.json"),
                    reason: "\"exports\" cannot contain numeric property keys".into(),
                });
            }
            // The object's order decides, not the order of our conditions:
            // `{"import": …, "default": …}` picks `default` for `require`. A
            // branch that matches nothing falls through to the next key.
            for (condition, next) in conditions {
                if condition == "default"
                    || CJS_CONDITIONS.contains(&condition.as_str())
                {
                    match resolve_target(package_dir, next, matched, key, pattern)? {
                        Target::Unmatched => continue,
                        found => return Ok(found),
                    }
                }
            }
            Ok(Target::Unmatched)
        }
        Json::Bool(_) | Json::Number(_) => Err(invalid(target)),
    }
}
// ANCHOR_END: solution_only
// ANCHOR_END: resolve_exports
