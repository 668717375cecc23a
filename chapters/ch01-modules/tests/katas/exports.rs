//! Katas of `exports.rs`: Node 20's package entry points.

#[cfg(not(kata_skip = "exports::resolve_exports"))]
mod resolve_exports {
    use std::path::{Path, PathBuf};

    use ch01_modules::ResolveError;
    use ch01_modules::exports::resolve_exports;
    use ch01_modules::json::Json;
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    const PKG: &str = "/pkg";

    fn lookup(
        exports: &'static str,
        subpath: &'static str,
    ) -> Result<PathBuf, ResolveError> {
        bounded(move || {
            let exports = Json::parse(exports).expect("test JSON");
            resolve_exports(Path::new(PKG), &exports, subpath)
        })
    }

    /// Targets found through strings, subpaths, conditions, arrays and patterns
    /// (each case checked with `require.resolve` on Node 20.20).
    fn finds(exports: &'static str, subpath: &'static str, expected: &str) {
        assert_eq!(lookup(exports, subpath), Ok(PathBuf::from(expected)));
    }
    cases!(finds {
        string_sugar: (r#""./m.js""#, ".", "/pkg/m.js"),
        subpath: (
            r#"{".": "./m.js", "./f": "./src/f.js"}"#,
            "./f",
            "/pkg/src/f.js"
        ),
        conditions_in_order: (
            r#"{"import": "./i.mjs", "node": "./n.js", "default": "./d.js"}"#,
            ".",
            "/pkg/n.js"
        ),
        default_first_wins: (
            r#"{"default": "./d.js", "require": "./r.js"}"#,
            ".",
            "/pkg/d.js"
        ),
        nested_unmatched_moves_on: (
            r#"{".": {"node": {"import": "./i.mjs"}, "require": "./r.js"}}"#,
            ".",
            "/pkg/r.js"
        ),
        array_skips_invalid: (r#"{"./c": ["bad", "./c.js"]}"#, "./c", "/pkg/c.js"),
        pattern: (
            r#"{"./lib/*": "./src/*.js"}"#,
            "./lib/a/b",
            "/pkg/src/a/b.js"
        ),
        longest_pattern_prefix: (
            r#"{"./*": "./any/*.js", "./lib/*": "./src/*.js"}"#,
            "./lib/a",
            "/pkg/src/a.js"
        ),
        pattern_with_suffix: (
            r#"{"./lib/*.js": "./src/*.cjs"}"#,
            "./lib/a.js",
            "/pkg/src/a.cjs"
        ),
        star_replaced_everywhere: (
            r#"{"./x/*": "./*/dist/*.js"}"#,
            "./x/y",
            "/pkg/y/dist/y.js"
        ),
        exact_beats_pattern: (
            r#"{"./lib/*": "./src/*.js", "./lib/a": "./special.js"}"#,
            "./lib/a",
            "/pkg/special.js"
        ),
        longer_key_on_a_tie: (
            r#"{"./lib/*": "./a/*", "./lib/*.js": "./b/*.js"}"#,
            "./lib/x.js",
            "/pkg/b/x.js"
        ),
        longer_key_on_a_tie_listed_first: (
            r#"{"./lib/*.js": "./b/*.js", "./lib/*": "./a/*"}"#,
            "./lib/x.js",
            "/pkg/b/x.js"
        ),
        one_more_prefix_character_wins: (
            r#"{"./a/*.js": "./one/*.js", "./a/b*": "./two/*.js"}"#,
            "./a/bc.js",
            "/pkg/two/c.js.js"
        ),
        prefix_beats_a_longer_key: (
            r#"{"./lib/*": "./l/*", "./*/index.js": "./i/*.js"}"#,
            "./lib/index.js",
            "/pkg/l/index.js"
        ),
        longer_prefix_beats_order: (
            r#"{"./lib/*": "./src/*.js", "./*": "./any/*.js"}"#,
            "./lib/a",
            "/pkg/src/a.js"
        ),
        require_condition: (
            r#"{".": {"require": "./r.js", "default": "./d.js"}}"#,
            ".",
            "/pkg/r.js"
        ),
        node_addons_condition: (
            r#"{".": {"node-addons": "./n.js", "default": "./d.js"}}"#,
            ".",
            "/pkg/n.js"
        ),
        array_of_conditions: (
            r#"{".": [{"import": "./i.mjs"}, "./fallback.js"]}"#,
            ".",
            "/pkg/fallback.js"
        ),
        pattern_in_conditions: (
            r#"{"./f/*": {"require": "./r/*.js"}}"#,
            "./f/q",
            "/pkg/r/q.js"
        ),
        empty_segment_is_only_deprecated: (
            r#"{"./c": "./a//b.js"}"#,
            "./c",
            "/pkg/a/b.js"
        ),
    });

    /// What is not exported, and what is malformed, with Node's codes.
    fn refuses(exports: &'static str, subpath: &'static str, code: &str) {
        let error = lookup(exports, subpath).expect_err("must be refused");
        assert_eq!(error.code(), code, "{error}");
        assert!(
            error.to_string().contains("/pkg/package.json"),
            "the error names the package: {error}"
        );
    }
    cases!(refuses {
        unlisted: (r#""./m.js""#, "./x", "ERR_PACKAGE_PATH_NOT_EXPORTED"),
        null_target: (
            r#"{"./lib/*": "./src/*.js", "./lib/internal/*": null}"#,
            "./lib/internal/x",
            "ERR_PACKAGE_PATH_NOT_EXPORTED"
        ),
        import_only: (
            r#"{"import": "./i.mjs"}"#,
            ".",
            "ERR_PACKAGE_PATH_NOT_EXPORTED"
        ),
        no_dot_slash: (r#"{"./a": "a.js"}"#, "./a", "ERR_INVALID_PACKAGE_TARGET"),
        escapes: (
            r#"{"./a": "./../a.js"}"#,
            "./a",
            "ERR_INVALID_PACKAGE_TARGET"
        ),
        mixed_keys: (
            r#"{".": "./a.js", "require": "./r.js"}"#,
            ".",
            "ERR_INVALID_PACKAGE_CONFIG"
        ),
        star_matches_nothing: (
            r#"{"./lib/*.js": "./src/*.js"}"#,
            "./lib/.js",
            "ERR_PACKAGE_PATH_NOT_EXPORTED"
        ),
        suffix_mismatch: (
            r#"{"./lib/*.js": "./src/*.js"}"#,
            "./lib/a.cjs",
            "ERR_PACKAGE_PATH_NOT_EXPORTED"
        ),
        trailing_slash_subpath: (
            r#"{"./lib/": "./src/"}"#,
            "./lib/",
            "ERR_PACKAGE_PATH_NOT_EXPORTED"
        ),
        folder_mapping_gone: (
            r#"{"./lib/": "./src/"}"#,
            "./lib/x",
            "ERR_PACKAGE_PATH_NOT_EXPORTED"
        ),
        two_stars_not_a_pattern: (
            r#"{"./a/*/b/*": "./x/*"}"#,
            "./a/1/b/2",
            "ERR_PACKAGE_PATH_NOT_EXPORTED"
        ),
        dot_segment_in_match: (
            r#"{"./lib/*": "./src/*.js"}"#,
            "./lib/../x",
            "ERR_INVALID_MODULE_SPECIFIER"
        ),
        dot_segment_target: (
            r#"{"./c": "./a/./b.js"}"#,
            "./c",
            "ERR_INVALID_PACKAGE_TARGET"
        ),
        node_modules_any_case: (
            r#"{"./c": "./Node_Modules/b.js"}"#,
            "./c",
            "ERR_INVALID_PACKAGE_TARGET"
        ),
        node_modules_in_match: (
            r#"{"./lib/*": "./src/*.js"}"#,
            "./lib/node_modules/x",
            "ERR_INVALID_MODULE_SPECIFIER"
        ),
        node_modules_target: (
            r#"{"./a": "./node_modules/x.js"}"#,
            "./a",
            "ERR_INVALID_PACKAGE_TARGET"
        ),
        numeric_condition_key: (
            r#"{".": {"0": "./z.js"}}"#,
            ".",
            "ERR_INVALID_PACKAGE_CONFIG"
        ),
        array_all_invalid: (
            r#"{"./c": ["bad", "worse"]}"#,
            "./c",
            "ERR_INVALID_PACKAGE_TARGET"
        ),
        array_null_then_invalid: (
            r#"{"./c": [null, "bad"]}"#,
            "./c",
            "ERR_INVALID_PACKAGE_TARGET"
        ),
        bool_target: (r#"{"./c": true}"#, "./c", "ERR_INVALID_PACKAGE_TARGET"),
    });
}
