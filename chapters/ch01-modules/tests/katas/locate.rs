//! Katas of `locate.rs`: extensions, folders, `main` and `index`.

#[cfg(not(kata_skip = "locate::try_extensions"))]
mod try_extensions {
    use ch01_modules::locate::try_extensions;
    use kata_support::bounded;
    use kata_support::cases;

    use crate::katas::{Tree, shown};

    /// `.js`, then `.json`, then `.node`, appended to the whole name.
    fn completes(base: &'static str, expected: Option<&'static str>) {
        bounded(move || {
            let tree = Tree::new(
                "x.js\nx.json: {}\ny.json: {}\ny.node\nz.node\nlib.min.js\ndir.js/index.js",
            );
            let found = try_extensions(&tree.path(base)).map(|p| shown(&tree, &p));
            assert_eq!(found.as_deref(), expected);
        });
    }
    cases!(completes {
        js_first: ("x", Some("<root>/x.js")),
        json_second: ("y", Some("<root>/y.json")),
        node_last: ("z", Some("<root>/z.node")),
        appends: ("lib.min", Some("<root>/lib.min.js")),
        folder_is_not_a_file: ("dir", None),
        nothing: ("nope", None),
    });

    /// The answer is a real path: a symlink resolves to its target.
    #[test]
    fn resolves_symlinks() {
        bounded(|| {
            let tree = Tree::new("real.js\nalias.js -> real.js");
            assert_eq!(
                try_extensions(&tree.path("alias")),
                Some(tree.path("real.js"))
            );
        });
    }
}

#[cfg(not(kata_skip = "locate::try_package"))]
mod try_package {
    use ch01_modules::locate::try_package;
    use ch01_modules::{ResolveError, Semantics};
    use kata_support::bounded;
    use kata_support::cases;
    use pretty_assertions::assert_eq;

    use crate::katas::{Tree, shown};

    const TREE: &str =
        "main/package.json: {\"main\": \"lib/start\"}\nmain/lib/start.js\nmain/index.js
        folder/package.json: {\"main\": \"lib\"}\nfolder/lib/index.json: {}
        fallback/package.json: {\"main\": \"gone.js\"}\nfallback/index.js
        broken/package.json: {\"main\": \"gone.js\"}
        plain/index.node
        number/package.json: {\"main\": 1}\nnumber/index.js
        empty/package.json: {\"main\": \"\"}\nempty/index.js\nempty.js";

    /// Where each folder leads, per Node. An empty `main` is no `main` at all:
    /// `index`, never the `empty.js` beside the folder (`require.resolve` on
    /// Node 10.24 and 20.20).
    fn finds(
        dir: &'static str,
        semantics: Semantics,
        expected: Option<&'static str>,
    ) {
        bounded(move || {
            let tree = Tree::new(TREE);
            let found = try_package(&tree.path(dir), semantics)
                .expect("no error")
                .map(|p| shown(&tree, &p));
            assert_eq!(found.as_deref(), expected);
        });
    }
    cases!(finds {
        main_with_extension: (
            "main",
            Semantics::Node20,
            Some("<root>/main/lib/start.js")
        ),
        main_names_a_folder: (
            "folder",
            Semantics::Node10,
            Some("<root>/folder/lib/index.json")
        ),
        missing_main_falls_back: (
            "fallback",
            Semantics::Node20,
            Some("<root>/fallback/index.js")
        ),
        no_package_json: (
            "plain",
            Semantics::Node10,
            Some("<root>/plain/index.node")
        ),
        broken_main_on_10: ("broken", Semantics::Node10, None),
        number_main_on_20: (
            "number",
            Semantics::Node20,
            Some("<root>/number/index.js")
        ),
        empty_main_is_no_main_on_10: (
            "empty",
            Semantics::Node10,
            Some("<root>/empty/index.js")
        ),
        empty_main_is_no_main_on_20: (
            "empty",
            Semantics::Node20,
            Some("<root>/empty/index.js")
        ),
    });

    /// Node 20 throws when `main` and `index` both miss; Node 10 rejects a non-string `main`.
    #[test]
    fn errors() {
        bounded(|| {
            let tree = Tree::new(TREE);
            let broken = try_package(&tree.path("broken"), Semantics::Node20);
            assert!(
                matches!(&broken, Err(ResolveError::InvalidMain { package_json, .. }) if *package_json == tree.path("broken/package.json")),
                "{broken:?}"
            );
            let number = try_package(&tree.path("number"), Semantics::Node10);
            assert_eq!(
                number,
                Err(ResolveError::MainNotString {
                    package_json: tree.path("number/package.json"),
                    found: "number".into()
                })
            );
        });
    }
}

#[cfg(not(kata_skip = "locate::find_in"))]
mod find_in {
    use ch01_modules::Semantics;
    use ch01_modules::locate::find_in;
    use kata_support::bounded;
    use kata_support::cases;

    use crate::katas::{Tree, shown};

    /// A file beats a same-named folder; a trailing slash goes straight to the folder.
    fn locates(base: &'static str, slash: bool, expected: Option<&'static str>) {
        bounded(move || {
            let tree = Tree::new("lib.js\nlib/index.js\nonly/index.json: {}");
            let found = find_in(&tree.path(base), slash, Semantics::Node20)
                .expect("no error")
                .map(|p| shown(&tree, &p));
            assert_eq!(found.as_deref(), expected);
        });
    }
    cases!(locates {
        file_first: ("lib", false, Some("<root>/lib.js")),
        slash_means_folder: ("lib", true, Some("<root>/lib/index.js")),
        exact_file: ("lib.js", false, Some("<root>/lib.js")),
        exact_file_with_slash: ("lib.js", true, None),
        folder: ("only", false, Some("<root>/only/index.json")),
        nothing: ("nope", false, None),
    });
}
