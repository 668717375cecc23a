//! Katas of `paths.rs`: request kinds and the `node_modules` climb.

#[cfg(not(kata_skip = "paths::classify"))]
mod classify {
    use ch01_modules::paths::{RequestKind, classify};
    use kata_support::bounded;
    use kata_support::cases;

    /// Node looks at the first two characters only.
    fn sorts_requests(request: &'static str, kind: RequestKind) {
        bounded(move || assert_eq!(classify(request), kind, "{request}"));
    }
    cases!(sorts_requests {
        dot_slash: ("./a", RequestKind::Relative),
        dot_dot: ("../a", RequestKind::Relative),
        dot: (".", RequestKind::Relative),
        dot_dot_alone: ("..", RequestKind::Relative),
        dot_dot_name: ("..a", RequestKind::Relative),
        hidden: (".hidden", RequestKind::Bare),
        absolute: ("/etc/x", RequestKind::Absolute),
        bare: ("koa", RequestKind::Bare),
        scoped: ("@s/p/lib", RequestKind::Bare),
    });
}

#[cfg(not(kata_skip = "paths::node_modules_paths"))]
mod node_modules_paths {
    use std::path::Path;

    use ch01_modules::paths::node_modules_paths;
    use kata_support::bounded;
    use kata_support::cases;
    use kata_support::oracle::NodeVersion;
    use pretty_assertions::assert_eq;

    use crate::katas::{CHAPTER, Tree, node_answers};

    fn lines(dir: &'static str) -> String {
        bounded(move || {
            node_modules_paths(Path::new(dir))
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join("\n")
        })
    }

    /// The notes' `require('koa')` from a project file: the lookup list, pinned.
    #[test]
    fn notes_koa_lookup_list() {
        let list = lines("/home/learner/project/src");
        let mut settings = kata_support::snapshot_settings(CHAPTER);
        settings.set_snapshot_suffix("koa");
        settings.bind(|| insta::assert_snapshot!("lookup_list", list));
    }

    /// Folders already named `node_modules` are not doubled; the root ends the list.
    fn skips_node_modules_folders(dir: &'static str, expected: &str) {
        assert_eq!(lines(dir), expected);
    }
    cases!(skips_node_modules_folders {
        root: ("/", "/node_modules"),
        one: ("/a", "/a/node_modules\n/node_modules"),
        inside_node_modules: (
            "/a/node_modules/b",
            "/a/node_modules/b/node_modules\n/a/node_modules\n/node_modules"
        ),
        nested_packages: (
            "/node_modules/a/node_modules/b/lib",
            "/node_modules/a/node_modules/b/lib/node_modules\n/node_modules/a/node_modules/b/node_modules\n/node_modules/a/node_modules\n/node_modules"
        ),
    });

    /// Node resolves the folder first (`path.resolve`), so `.` and `..` fold away
    /// and `..` at the root stays there (`Module._nodeModulePaths` on Node 10.24
    /// and 20.20).
    fn folds_dot_segments(dir: &'static str, expected: &str) {
        assert_eq!(lines(dir), expected);
    }
    cases!(folds_dot_segments {
        parent: (
            "/a/b/../c",
            "/a/c/node_modules\n/a/node_modules\n/node_modules"
        ),
        parent_of_the_root: ("/../a", "/a/node_modules\n/node_modules"),
        back_to_the_root: ("/a/..", "/node_modules"),
        current: (
            "/a/./b",
            "/a/b/node_modules\n/a/node_modules\n/node_modules"
        ),
    });

    /// `module.paths` of real Node 10 and 20 for folders of a temp tree.
    fn matches_module_paths(version: NodeVersion) {
        bounded(move || {
            let spec = "a/b/c/x.js\nnode_modules/p/node_modules/q/lib/y.js";
            let tree = Tree::new(spec);
            let dirs = [
                "",
                "a/b/c",
                "node_modules/p/node_modules/q/lib",
                "node_modules",
            ];
            let models: Vec<String> = dirs
                .iter()
                .map(|dir| {
                    let list: Vec<String> = node_modules_paths(&tree.path(dir))
                        .iter()
                        .map(|p| tree.relative(&p.display().to_string()))
                        .collect();
                    crate::katas::fold_above_root(&list.join("|"))
                })
                .collect();
            let queries: Vec<(&str, Option<&str>)> =
                dirs.iter().map(|d| (*d, None)).collect();
            // Folded as ours are (`fold_above_root`).
            let expected = node_answers(
                "module_paths/temp_tree",
                version,
                spec,
                &tree,
                &queries,
            );
            assert_eq!(models, expected, "module.paths of {dirs:?} on {version}");
        });
    }
    cases!(matches_module_paths {
        node10: (NodeVersion::V10),
        node20: (NodeVersion::V20),
    });
}
