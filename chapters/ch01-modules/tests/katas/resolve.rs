//! Katas of `resolve.rs`: the whole `require.resolve`, with and without `{ paths }`,
//! judged by real Node 10 and 20.

// The kata `resolve::resolve` lives in `mod resolve` (and `resolve::resolve_with_paths`
// in `mod resolve_with_paths`) so test paths start with its name.
#![allow(clippy::module_inception)]

#[cfg(not(kata_skip = "resolve::resolve"))]
mod resolve {
    use ch01_modules::{ResolveError, Resolved, Semantics, resolve};
    use kata_support::bounded;
    use kata_support::cases;
    use kata_support::oracle::NodeVersion;
    use pretty_assertions::assert_eq;

    use crate::katas::{Tree, model_answer, node_answers};

    /// One oracle tree: its name, its spec, and (folder, request) queries.
    pub type OracleTree = (
        &'static str,
        &'static str,
        &'static [(&'static str, &'static str)],
    );

    /// The oracle bank: (name, tree spec, queries as (folder, request)).
    ///
    /// Every rule of path analysis and file location appears here at least
    /// once, and every difference between Node 10 and Node 20 we found.
    pub const TREES: &[OracleTree] = &[
        (
            "core_module",
            "app/x.js",
            &[
                ("app", "fs"),
                ("app", "path"),
                ("app", "http2"),
                ("app", "fs/promises"),
            ],
        ),
        (
            "core_beats_package",
            "app/node_modules/fs/index.js\napp/node_modules/events/package.json: {\"main\":\"e.js\"}\napp/node_modules/events/e.js",
            &[("app", "fs"), ("app", "events"), ("app", "fs/index.js")],
        ),
        (
            "node_scheme",
            "app/node_modules/node:fs/index.js",
            &[
                ("app", "node:fs"),
                ("app", "node:path"),
                ("app", "node:nope"),
                ("app", "node:test"),
                ("app", "test"),
            ],
        ),
        (
            "scheme_only_module",
            "app/node_modules/test/index.js",
            &[("app", "test"), ("app", "node:test"), ("app", "wasi")],
        ),
        (
            "relative_file",
            "app/a.js\napp/lib/b.js",
            &[
                ("app", "./a"),
                ("app", "./a.js"),
                ("app/lib", "../a"),
                ("app", "./lib/b"),
            ],
        ),
        (
            "absolute_request",
            "app/a.js\nlib/x.json: {}",
            &[
                ("app", "<abs>/lib/x"),
                ("app", "<abs>/app/a"),
                ("app", "<abs>/nope"),
            ],
        ),
        (
            "extension_order",
            "app/x.js\napp/x.json: {}\napp/x.node\napp/y.json: {}\napp/y.node\napp/z.node",
            &[("app", "./x"), ("app", "./y"), ("app", "./z")],
        ),
        (
            "appends_extension",
            "app/lib.min.js\napp/data.v1.json: {}",
            &[("app", "./lib.min"), ("app", "./data.v1"), ("app", "./lib")],
        ),
        (
            "exact_name_first",
            "app/x\napp/x.js",
            &[("app", "./x"), ("app", "./x.js")],
        ),
        (
            "file_beats_directory",
            "app/lib.js\napp/lib/index.js",
            &[("app", "./lib"), ("app", "./lib/"), ("app", "./lib/index")],
        ),
        (
            "directory_named_like_file",
            "app/dir.js/index.js\napp/dir/index.js",
            &[("app", "./dir"), ("app", "./dir.js")],
        ),
        (
            "index_order",
            "app/a/index.js\napp/a/index.json: {}\napp/b/index.json: {}\napp/b/index.node\napp/c/index.node",
            &[("app", "./a"), ("app", "./b"), ("app", "./c")],
        ),
        (
            "main_file",
            "app/node_modules/pkg/package.json: {\"main\": \"lib/start.js\"}\napp/node_modules/pkg/lib/start.js\napp/node_modules/pkg/index.js",
            &[("app", "pkg"), ("app", "pkg/")],
        ),
        (
            "main_without_extension",
            "app/node_modules/pkg/package.json: {\"main\": \"./start\"}\napp/node_modules/pkg/start.json: {}",
            &[("app", "pkg")],
        ),
        (
            "main_is_a_folder",
            "app/node_modules/pkg/package.json: {\"main\": \"lib\"}\napp/node_modules/pkg/lib/index.node\napp/node_modules/other/package.json: {\"main\": \"src/\"}\napp/node_modules/other/src/index.js",
            &[("app", "pkg"), ("app", "other")],
        ),
        (
            "main_missing_falls_back",
            "app/node_modules/pkg/package.json: {\"main\": \"gone.js\"}\napp/node_modules/pkg/index.js",
            &[("app", "pkg")],
        ),
        (
            "main_missing_no_index",
            "app/node_modules/pkg/package.json: {\"main\": \"gone.js\"}\nnode_modules/pkg/index.js",
            &[("app", "pkg"), ("", "pkg")],
        ),
        (
            "main_empty_or_null",
            "app/node_modules/a/package.json: {\"main\": \"\"}\napp/node_modules/a/index.js\napp/node_modules/b/package.json: {\"main\": null}\napp/node_modules/b/index.js\napp/node_modules/c/package.json: {\"main\": 0}\napp/node_modules/c/index.js",
            &[("app", "a"), ("app", "b"), ("app", "c")],
        ),
        (
            "main_not_a_string",
            "app/node_modules/n/package.json: {\"main\": 1}\napp/node_modules/n/index.js\napp/node_modules/t/package.json: {\"main\": true}\napp/node_modules/t/index.js\napp/node_modules/o/package.json: {\"main\": {\"x\": 1}}\napp/node_modules/o/index.js",
            &[("app", "n"), ("app", "t"), ("app", "o")],
        ),
        (
            "no_package_json",
            "app/node_modules/pkg/index.json: {}",
            &[("app", "pkg")],
        ),
        (
            "malformed_with_main",
            "app/node_modules/pkg/package.json: {\"main\": \"x.js\",\napp/node_modules/pkg/x.js",
            &[("app", "pkg"), ("app", "pkg/x")],
        ),
        (
            "malformed_without_main",
            "app/node_modules/pkg/package.json: {\"name\": \"pkg\",\napp/node_modules/pkg/index.js\napp/node_modules/pkg/lib/x.js",
            &[
                ("app", "pkg"),
                ("app", "pkg/lib/x"),
                ("app", "./node_modules/pkg/lib/x"),
            ],
        ),
        (
            "malformed_scope_of_requirer",
            "app/package.json: {oops\napp/x.js\napp/node_modules/y/index.js",
            &[("app", "./x"), ("app", "y"), ("app", "fs")],
        ),
        (
            "main_word_in_malformed",
            "app/node_modules/pkg/package.json: {\"description\": \"the \\\"main\\\" one\" oops\napp/node_modules/pkg/index.js",
            &[("app", "pkg")],
        ),
        (
            "bare_climbs_node_modules",
            "node_modules/top/index.js\na/node_modules/mid/index.js\na/b/c/x.js",
            &[("a/b/c", "top"), ("a/b/c", "mid"), ("a/b/c", "nope")],
        ),
        (
            "nearest_node_modules_wins",
            "node_modules/dup/index.js: // outer\na/node_modules/dup/index.js: // inner\na/b/x.js",
            &[("a/b", "dup"), ("", "dup")],
        ),
        (
            "inside_node_modules",
            "node_modules/a/node_modules/b/index.js\nnode_modules/c/index.js\nnode_modules/a/lib/x.js",
            &[
                ("node_modules/a/lib", "b"),
                ("node_modules/a/lib", "c"),
                ("node_modules/a", "b"),
            ],
        ),
        (
            "scoped_package",
            "app/node_modules/@s/p/package.json: {\"main\": \"lib\"}\napp/node_modules/@s/p/lib/index.js\napp/node_modules/@s/p/lib/x.json: {}",
            &[
                ("app", "@s/p"),
                ("app", "@s/p/lib/x"),
                ("app", "@s/q"),
                ("app", "@s"),
            ],
        ),
        (
            "deep_request",
            "app/node_modules/pkg/index.js\napp/node_modules/pkg/lib/x.js\napp/node_modules/pkg/lib/y/index.json: {}",
            &[
                ("app", "pkg/lib/x"),
                ("app", "pkg/lib/y"),
                ("app", "pkg/lib/z"),
                ("app", "pkg/package.json"),
            ],
        ),
        (
            "trailing_slash",
            "app/node_modules/pkg.js\napp/node_modules/pkg/index.js\napp/x.js\napp/x/index.js",
            &[
                ("app", "pkg"),
                ("app", "pkg/"),
                ("app", "./x/"),
                ("app", "./x"),
            ],
        ),
        (
            "dot_requests",
            "app/index.js\napp/sub/y.js",
            &[
                ("app", "."),
                ("app", "./"),
                ("app/sub", ".."),
                ("app/sub", "../"),
                ("app/sub", "./.."),
                ("app/sub", "."),
            ],
        ),
        (
            "dot_without_index",
            "app/sub/y.js",
            &[("app/sub", "."), ("app/sub", "..")],
        ),
        (
            "hidden_name_is_bare",
            "app/.hidden.js\napp/node_modules/.hidden/index.js",
            &[("app", ".hidden"), ("app", "./.hidden")],
        ),
        (
            "symlinked_package",
            "real/pkg/index.js\nreal/pkg/lib/x.js\napp/node_modules/link -> ../../real/pkg",
            &[("app", "link"), ("app", "link/lib/x")],
        ),
        (
            "symlinked_file",
            "real/target.js\napp/alias.js -> ../real/target.js",
            &[("app", "./alias"), ("app", "./alias.js")],
        ),
        (
            "symlinked_requirer",
            "real/app/x.js\nreal/app/node_modules/m/index.js\nlinks/app -> ../real/app",
            &[("links/app", "./x"), ("links/app", "m")],
        ),
        (
            "dangling_symlink",
            "app/gone.js -> nowhere.js\napp/gone/index.js",
            &[("app", "./gone")],
        ),
        (
            "exports_string",
            "app/node_modules/pkg/package.json: {\"exports\": \"./m.js\", \"main\": \"index.js\"}\napp/node_modules/pkg/m.js\napp/node_modules/pkg/index.js\napp/node_modules/pkg/x.js",
            &[
                ("app", "pkg"),
                ("app", "pkg/x"),
                ("app", "pkg/package.json"),
            ],
        ),
        (
            "exports_subpaths",
            "app/node_modules/pkg/package.json: {\"exports\": {\".\": \"./main.js\", \"./feature\": \"./src/feature.js\", \"./package.json\": \"./package.json\"}}\napp/node_modules/pkg/main.js\napp/node_modules/pkg/src/feature.js\napp/node_modules/pkg/src/hidden.js",
            &[
                ("app", "pkg"),
                ("app", "pkg/feature"),
                ("app", "pkg/src/hidden.js"),
                ("app", "pkg/package.json"),
            ],
        ),
        (
            "exports_conditions",
            "app/node_modules/pkg/package.json: {\"exports\": {\"import\": \"./m.mjs\", \"require\": \"./c.js\", \"default\": \"./d.js\"}}\napp/node_modules/pkg/m.mjs\napp/node_modules/pkg/c.js\napp/node_modules/pkg/d.js\napp/node_modules/imp/package.json: {\"exports\": {\"import\": \"./m.mjs\"}}\napp/node_modules/imp/m.mjs\napp/node_modules/imp/index.js",
            &[("app", "pkg"), ("app", "imp")],
        ),
        (
            "exports_condition_order",
            "app/node_modules/pkg/package.json: {\"exports\": {\"default\": \"./d.js\", \"require\": \"./r.js\"}}\napp/node_modules/pkg/d.js\napp/node_modules/pkg/r.js\napp/node_modules/nod/package.json: {\"exports\": {\".\": {\"node\": {\"import\": \"./i.mjs\"}, \"require\": \"./r.js\"}}}\napp/node_modules/nod/r.js",
            &[("app", "pkg"), ("app", "nod")],
        ),
        (
            "exports_patterns",
            "app/node_modules/pkg/package.json: {\"exports\": {\"./lib/*\": \"./src/*.js\", \"./lib/internal/*\": null, \"./data/*.json\": \"./data/*.json\"}}\napp/node_modules/pkg/src/a.js\napp/node_modules/pkg/src/internal/b.js\napp/node_modules/pkg/data/d.json: {}",
            &[
                ("app", "pkg/lib/a"),
                ("app", "pkg/lib/internal/b"),
                ("app", "pkg/data/d.json"),
                ("app", "pkg/lib/zzz"),
                ("app", "pkg"),
            ],
        ),
        (
            "exports_invalid",
            "app/node_modules/pkg/package.json: {\"exports\": {\"./a\": \"a.js\", \"./b\": \"./../b.js\", \"./c\": [\"bad\", \"./c.js\"], \"./d\": [\"./gone.js\", \"./d.js\"], \"./e\": \"./dir\"}}\napp/node_modules/pkg/a.js\napp/node_modules/pkg/c.js\napp/node_modules/pkg/d.js\napp/node_modules/pkg/dir/index.js",
            &[
                ("app", "pkg/a"),
                ("app", "pkg/b"),
                ("app", "pkg/c"),
                ("app", "pkg/d"),
                ("app", "pkg/e"),
            ],
        ),
        (
            "exports_mixed_keys",
            "app/node_modules/pkg/package.json: {\"exports\": {\".\": \"./a.js\", \"require\": \"./r.js\"}, \"main\": \"a.js\"}\napp/node_modules/pkg/a.js\napp/node_modules/pkg/r.js",
            &[("app", "pkg")],
        ),
        (
            "exports_null_main_used",
            "app/node_modules/pkg/package.json: {\"exports\": null, \"main\": \"m.js\"}\napp/node_modules/pkg/m.js\napp/node_modules/pkg/x.js",
            &[("app", "pkg"), ("app", "pkg/x")],
        ),
        (
            "exports_relative_ignored",
            "app/node_modules/pkg/package.json: {\"exports\": \"./m.js\"}\napp/node_modules/pkg/m.js\napp/node_modules/pkg/x.js",
            &[
                ("app", "./node_modules/pkg/x"),
                ("app", "./node_modules/pkg"),
            ],
        ),
        (
            "exports_nearest_only",
            "app/node_modules/pkg/package.json: {\"exports\": {\"./x\": \"./x.js\"}}\napp/node_modules/pkg/y.js\nnode_modules/pkg/y.js\nnode_modules/pkg/x.js",
            &[("app", "pkg/y"), ("", "pkg/y")],
        ),
        (
            "self_reference",
            "me/package.json: {\"name\": \"me\", \"exports\": {\".\": \"./main.js\", \"./util\": \"./util.js\"}}\nme/main.js\nme/util.js\nme/sub/a.js\nme/node_modules/me/index.js",
            &[
                ("me", "me"),
                ("me/sub", "me/util"),
                ("me", "me/sub/a"),
                ("me", "./main"),
            ],
        ),
        (
            "self_reference_without_exports",
            "me/package.json: {\"name\": \"me\", \"main\": \"main.js\"}\nme/main.js",
            &[("me", "me")],
        ),
        (
            "scoped_self_reference",
            "me/package.json: {\"name\": \"@org/me\", \"exports\": \"./main.js\"}\nme/main.js",
            &[("me", "@org/me"), ("me", "@org/me/main.js")],
        ),
        (
            "not_found",
            "app/x.js",
            &[
                ("app", "./nope"),
                ("app", "nope"),
                ("app", "../../../../../../../../nope"),
                ("app", "@scope/nope"),
            ],
        ),
    ];

    /// Replaces `<abs>` in a request with the tree's root (absolute requests need real paths).
    fn request_in(tree: &Tree, request: &str) -> String {
        request.replace("<abs>", &tree.root.display().to_string())
    }

    /// Every tree of the bank through real `version` and through `resolve`, compared answer by answer.
    fn agrees(version: NodeVersion, semantics: Semantics) {
        let mut mismatches = Vec::new();
        for (name, spec, queries) in TREES {
            let tree = Tree::new(spec);
            let requests: Vec<String> =
                queries.iter().map(|(_, r)| request_in(&tree, r)).collect();
            let models: Vec<String> = queries
                .iter()
                .zip(&requests)
                .map(|((dir, _), request)| {
                    model_answer(&tree, dir, request, semantics)
                })
                .collect();
            let probe: Vec<(&str, Option<&str>)> = queries
                .iter()
                .zip(&requests)
                .map(|((dir, _), request)| (*dir, Some(request.as_str())))
                .collect();
            let expected = node_answers(
                &format!("resolve/{name}"),
                version,
                spec,
                &tree,
                &probe,
            );
            for (((dir, raw), model), node) in
                queries.iter().zip(&models).zip(&expected)
            {
                if model != node {
                    mismatches.push(format!(
                        "{name}: require.resolve({raw:?}) from {dir:?}: {version} says {node}, the model says {model}"
                    ));
                }
            }
        }
        assert!(
            mismatches.is_empty(),
            "{} disagreement(s):\n{}",
            mismatches.len(),
            mismatches.join("\n")
        );
    }

    /// The oracle bank against real Node 20.
    #[test]
    fn agrees_with_node20() {
        bounded(|| agrees(NodeVersion::V20, Semantics::Node20));
    }

    /// The oracle bank against real Node 10, the notes' Node.
    #[test]
    fn agrees_with_node10() {
        bounded(|| agrees(NodeVersion::V10, Semantics::Node10));
    }

    /// Without any Node: core modules come back as requested, files as real paths.
    fn answers(request: &'static str, expected: &str) {
        let expected = expected.to_owned();
        bounded(move || {
            let tree = Tree::new(
                "app/a.js\napp/node_modules/pkg/index.js\napp/node_modules/pkg/lib/x.json: {}",
            );
            assert_eq!(
                model_answer(&tree, "app", request, Semantics::Node20),
                expected
            );
        });
    }
    cases!(answers {
        core: ("fs", "fs"),
        relative: ("./a", "<root>/app/a.js"),
        bare: ("pkg", "<root>/app/node_modules/pkg/index.js"),
        deep: ("pkg/lib/x", "<root>/app/node_modules/pkg/lib/x.json"),
    });

    /// Node 10 and 20 differ on `node:` and on a malformed package.json without "main".
    #[test]
    fn semantics_is_a_value() {
        bounded(|| {
            let tree = Tree::new(
                "app/node_modules/pkg/package.json: {\"name\": \"pkg\",\napp/node_modules/pkg/index.js",
            );
            let from = tree.path("app");
            assert_eq!(
                resolve("node:fs", &from, Semantics::Node20),
                Ok(Resolved::Core("node:fs".into()))
            );
            assert!(matches!(
                resolve("node:fs", &from, Semantics::Node10),
                Err(ResolveError::NotFound { .. })
            ));
            assert_eq!(
                resolve("pkg", &from, Semantics::Node10),
                Ok(Resolved::File(tree.path("app/node_modules/pkg/index.js")))
            );
            let error = resolve("pkg", &from, Semantics::Node20)
                .expect_err("malformed package.json");
            assert!(
                matches!(&error, ResolveError::MalformedPackageJson { path, .. } if path == &tree.path("app/node_modules/pkg/package.json")),
                "{error:?}"
            );
            assert!(error.to_string().contains("package.json"), "{error}");
        });
    }

    /// A folder that does not exist is a clear error naming it, not a panic.
    #[test]
    fn missing_from_dir_is_an_error() {
        bounded(|| {
            let tree = Tree::new("app/x.js");
            let error = resolve("./x", &tree.path("nope"), Semantics::Node20)
                .expect_err("no such folder");
            assert!(
                matches!(&error, ResolveError::FromDir { dir, .. } if dir == &tree.path("nope")),
                "{error:?}"
            );
        });
    }
}

#[cfg(not(kata_skip = "resolve::resolve_with_paths"))]
mod resolve_with_paths {
    use std::path::PathBuf;

    use ch01_modules::{ResolveError, Resolved, Semantics, resolve_with_paths};
    use kata_support::bounded;
    use kata_support::cases;
    use kata_support::oracle::NodeVersion;
    use pretty_assertions::assert_eq;

    use crate::katas::{
        PathsQuery, Tree, model_answer_with_paths, node_answers_with_paths,
    };

    /// One oracle tree: its name, its spec, and (caller's folder, `paths`, request) queries.
    ///
    /// In `paths` and requests, `<abs>` is the tree's root; an entry without it
    /// is relative to the root, which is Node's working folder here.
    pub type OracleTree =
        (&'static str, &'static str, &'static [PathsQuery<'static>]);

    /// The `{ paths }` oracle bank: every place Node 10 and Node 20 part ways.
    pub const TREES: &[OracleTree] = &[
        (
            "bare_in_the_folder_itself",
            "app/x.js\ndir/x.js\ndir/sub/index.js\ndir/node_modules/nm/index.js\nnode_modules/top/index.js\napp/node_modules/inapp/index.js",
            &[
                ("app", &["<abs>/dir"], "x"),
                ("app", &["<abs>/dir"], "sub"),
                ("app", &["<abs>/dir"], "nm"),
                ("app", &["<abs>/dir"], "top"),
                ("app", &["<abs>/dir"], "inapp"),
                ("app", &["<abs>/dir"], "fs"),
            ],
        ),
        (
            "relative_in_each_folder",
            "a/x.js\nb/x.js\nb/y.js\nb/sub/z.json: {}\nc/index.js",
            &[
                ("c", &["<abs>/a", "<abs>/b"], "./x"),
                ("c", &["<abs>/a", "<abs>/b"], "./y"),
                ("c", &["<abs>/a", "<abs>/b"], "./sub/z"),
                ("c", &["<abs>/b/sub"], "../y"),
                ("c", &["<abs>/a"], "./index"),
            ],
        ),
        (
            "relative_falls_back_to_cwd",
            "rootfile.js\nnode_modules/top/index.js\nempty/\napp/x.js",
            &[
                ("app", &["<abs>/empty"], "./rootfile"),
                ("app", &["<abs>/empty"], "./top"),
                ("app", &["<abs>/empty"], "./node_modules/top"),
                ("app", &["<abs>/empty"], "./x"),
            ],
        ),
        (
            "dot_requests",
            "index.js\nempty/\ndir/index.js\ndir/sub/y.js",
            &[
                ("dir", &["<abs>/empty"], "."),
                ("dir", &["<abs>/empty"], "./"),
                ("dir", &["<abs>/empty"], ".."),
                ("dir", &["<abs>/dir"], "."),
                ("dir", &["<abs>/dir/sub"], "."),
                ("dir", &["<abs>/dir/sub"], ".."),
                ("dir", &["<abs>/dir/sub"], "../"),
            ],
        ),
        (
            "dot_dot_name",
            "..x.js\ndir/sub/..y.js",
            &[
                ("dir", &["<abs>/dir/sub"], "..x"),
                ("dir", &["<abs>/dir/sub"], "..y"),
                ("dir", &["<abs>/dir/sub"], "./..y"),
            ],
        ),
        (
            "missing_folder",
            "rootfile.js\nnode_modules/top/index.js\nnode_modules/x/index.js\nmissing.js",
            &[
                ("", &["<abs>/missing/sub"], "../../rootfile"),
                ("", &["<abs>/missing/sub"], "./a/../../../rootfile"),
                ("", &["<abs>/missing/sub"], "../rootfile"),
                ("", &["<abs>/missing/sub"], "./x"),
                ("", &["<abs>/missing/sub"], "top"),
                ("", &["<abs>/missing.js"], "../rootfile"),
            ],
        ),
        (
            "symlinked_folder",
            "real/app/node_modules/m/index.js\nreal/node_modules/up/index.js\nlinks/app -> ../real/app\nfrom/",
            &[
                ("from", &["<abs>/links/app"], "m"),
                ("from", &["<abs>/links/app"], "up"),
                ("from", &["<abs>/real/app"], "up"),
            ],
        ),
        (
            "order_of_folders",
            "a/\nb/x.js\nb/node_modules/y/index.js\nnode_modules/x/index.js\nc/",
            &[
                ("c", &["<abs>/a", "<abs>/b"], "x"),
                ("c", &["<abs>/b", "<abs>/a"], "x"),
                ("c", &["<abs>/a", "<abs>/b"], "y"),
                ("c", &["<abs>/a", "<abs>/b"], "./x"),
            ],
        ),
        (
            "relative_entries",
            "dir/x.js\ndir/node_modules/nm/index.js\nother/y.js\napp/",
            &[
                ("app", &["dir", "other"], "x"),
                ("app", &["dir", "other"], "./y"),
                ("app", &["./dir/../other"], "./y"),
                ("app", &["dir"], "nm"),
            ],
        ),
        (
            "node_modules_entry",
            "dir/node_modules/nm/index.js\ndir/node_modules/nm/y.js\napp/",
            &[
                ("app", &["<abs>/dir/node_modules"], "nm"),
                ("app", &["<abs>/dir/node_modules"], "nm/y"),
            ],
        ),
        (
            "no_folders",
            "app/x.js\nnode_modules/top/index.js",
            &[
                ("app", &[], "./x"),
                ("app", &[], "top"),
                ("app", &[], "<abs>/app/x"),
                ("app", &[], "path"),
            ],
        ),
        (
            "self_reference_from_the_caller",
            "me/package.json: {\"name\": \"me\", \"exports\": {\".\": \"./main.js\", \"./util\": \"./util.js\"}}\nme/main.js\nme/util.js\ndir/node_modules/me/index.js\ndir/node_modules/me/util.js\nother/",
            &[
                ("me", &["<abs>/dir"], "me"),
                ("me", &["<abs>/dir"], "me/util"),
                ("other", &["<abs>/dir"], "me"),
                ("me", &["<abs>/other"], "me"),
            ],
        ),
        (
            "exports_in_folders",
            "dir/node_modules/pkg/package.json: {\"exports\": {\".\": \"./main.js\"}, \"main\": \"index.js\"}\ndir/node_modules/pkg/main.js\ndir/node_modules/pkg/index.js\ndir/node_modules/pkg/hidden.js\ndir/own/package.json: {\"exports\": \"./e.js\", \"main\": \"m.js\"}\ndir/own/e.js\ndir/own/m.js\napp/",
            &[
                ("app", &["<abs>/dir"], "pkg"),
                ("app", &["<abs>/dir"], "pkg/hidden"),
                ("app", &["<abs>/dir"], "own"),
                ("app", &["<abs>/dir"], "./own"),
            ],
        ),
        (
            "malformed_caller_scope",
            "bad/package.json: {oops\nbad/sub/\ndir/x.js\ndir/node_modules/nm/index.js",
            &[
                ("bad/sub", &["<abs>/dir"], "./x"),
                ("bad/sub", &["<abs>/dir"], "nm"),
                ("bad/sub", &["<abs>/dir"], "fs"),
            ],
        ),
    ];

    /// Every tree of the bank through real `version` and through `resolve_with_paths`.
    fn agrees(version: NodeVersion, semantics: Semantics) {
        let mut mismatches = Vec::new();
        for (name, spec, queries) in TREES {
            let tree = Tree::new(spec);
            let models: Vec<String> = queries
                .iter()
                .map(|query| model_answer_with_paths(&tree, *query, semantics))
                .collect();
            let case = format!("resolve_with_paths/{name}");
            let expected =
                node_answers_with_paths(&case, version, spec, &tree, queries);
            for (((dir, paths, request), model), node) in
                queries.iter().zip(&models).zip(&expected)
            {
                if model != node {
                    mismatches.push(format!(
                        "{name}: require.resolve({request:?}, {{ paths: {paths:?} }}) from {dir:?}: {version} says {node}, the model says {model}"
                    ));
                }
            }
        }
        assert!(
            mismatches.is_empty(),
            "{} disagreement(s):\n{}",
            mismatches.len(),
            mismatches.join("\n")
        );
    }

    /// The `{ paths }` bank against real Node 20.
    #[test]
    fn agrees_with_node20() {
        bounded(|| agrees(NodeVersion::V20, Semantics::Node20));
    }

    /// The `{ paths }` bank against real Node 10, the notes' Node.
    #[test]
    fn agrees_with_node10() {
        bounded(|| agrees(NodeVersion::V10, Semantics::Node10));
    }

    /// Without any Node: the sentence, "Node 10 also looks in `dir` itself".
    fn looks_in_the_folder_itself(
        semantics: Semantics,
        request: &'static str,
        expected: &str,
    ) {
        let expected = expected.to_owned();
        bounded(move || {
            let tree = Tree::new(
                "app/\ndir/x.js\ndir/sub/index.js\ndir/node_modules/nm/index.js",
            );
            assert_eq!(
                model_answer_with_paths(
                    &tree,
                    ("app", &["<abs>/dir"], request),
                    semantics
                ),
                expected
            );
        });
    }
    cases!(looks_in_the_folder_itself {
        node10_file: (Semantics::Node10, "x", "<root>/dir/x.js"),
        node20_file: (Semantics::Node20, "x", "MODULE_NOT_FOUND"),
        node10_folder: (Semantics::Node10, "sub", "<root>/dir/sub/index.js"),
        node20_folder: (Semantics::Node20, "sub", "MODULE_NOT_FOUND"),
        node10_node_modules: (
            Semantics::Node10,
            "nm",
            "<root>/dir/node_modules/nm/index.js"
        ),
        node20_node_modules: (
            Semantics::Node20,
            "nm",
            "<root>/dir/node_modules/nm/index.js"
        ),
        node20_relative: (Semantics::Node20, "./x", "<root>/dir/x.js"),
        core: (Semantics::Node20, "fs", "fs"),
    });

    /// Without any Node: Node 10 lets `./x` fall back to the working folder; Node 20 does not.
    #[test]
    fn node10_falls_back_to_the_working_folder() {
        bounded(|| {
            let tree = Tree::new("cwd/x.js\nempty/\napp/");
            let (from, paths, cwd) =
                (tree.path("app"), [tree.path("empty")], tree.path("cwd"));
            assert_eq!(
                resolve_with_paths("./x", &from, &paths, &cwd, Semantics::Node10),
                Ok(Resolved::File(tree.path("cwd/x.js")))
            );
            assert_eq!(
                resolve_with_paths("./x", &from, &paths, &cwd, Semantics::Node20),
                Err(ResolveError::NotFound {
                    request: "./x".into()
                })
            );
        });
    }

    /// Relative entries of `paths` are relative to the working folder, not to the caller.
    #[test]
    fn relative_entries_use_the_working_folder() {
        bounded(|| {
            let tree = Tree::new("cwd/lib/x.js\napp/lib/y.js");
            let found = resolve_with_paths(
                "./x",
                &tree.path("app"),
                &[PathBuf::from("lib")],
                &tree.path("cwd"),
                Semantics::Node20,
            );
            assert_eq!(found, Ok(Resolved::File(tree.path("cwd/lib/x.js"))));
        });
    }

    /// A caller folder that does not exist is a clear error naming it, not a panic.
    #[test]
    fn missing_from_dir_is_an_error() {
        bounded(|| {
            let tree = Tree::new("dir/x.js");
            let error = resolve_with_paths(
                "./x",
                &tree.path("nope"),
                &[tree.path("dir")],
                &tree.root,
                Semantics::Node10,
            )
            .expect_err("no such folder");
            assert!(
                matches!(&error, ResolveError::FromDir { dir, .. } if dir == &tree.path("nope")),
                "{error:?}"
            );
        });
    }
}
