//! Katas of `locate.rs`: extensions, folders, `main` and `index`.

mod try_extensions {
    use ch01_modules::locate::try_extensions;
    use kata_support::bounded;
    use rstest::rstest;

    use crate::{Tree, shown};

    /// `.js`, then `.json`, then `.node`, appended to the whole name.
    #[rstest]
    #[case::js_first("x", Some("<root>/x.js"))]
    #[case::json_second("y", Some("<root>/y.json"))]
    #[case::node_last("z", Some("<root>/z.node"))]
    #[case::appends("lib.min", Some("<root>/lib.min.js"))]
    #[case::folder_is_not_a_file("dir", None)]
    #[case::nothing("nope", None)]
    fn completes(#[case] base: &'static str, #[case] expected: Option<&'static str>) {
        bounded(move || {
            let tree = Tree::new(
                "x.js\nx.json: {}\ny.json: {}\ny.node\nz.node\nlib.min.js\ndir.js/index.js",
            );
            let found = try_extensions(&tree.path(base)).map(|p| shown(&tree, &p));
            assert_eq!(found.as_deref(), expected);
        });
    }

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

mod try_package {
    use ch01_modules::locate::try_package;
    use ch01_modules::{ResolveError, Semantics};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;
    use rstest::rstest;

    use crate::{Tree, shown};

    const TREE: &str =
        "main/package.json: {\"main\": \"lib/start\"}\nmain/lib/start.js\nmain/index.js
        folder/package.json: {\"main\": \"lib\"}\nfolder/lib/index.json: {}
        fallback/package.json: {\"main\": \"gone.js\"}\nfallback/index.js
        broken/package.json: {\"main\": \"gone.js\"}
        plain/index.node
        number/package.json: {\"main\": 1}\nnumber/index.js";

    /// Where each folder leads, per Node.
    #[rstest]
    #[case::main_with_extension(
        "main",
        Semantics::Node20,
        Some("<root>/main/lib/start.js")
    )]
    #[case::main_names_a_folder(
        "folder",
        Semantics::Node10,
        Some("<root>/folder/lib/index.json")
    )]
    #[case::missing_main_falls_back(
        "fallback",
        Semantics::Node20,
        Some("<root>/fallback/index.js")
    )]
    #[case::no_package_json(
        "plain",
        Semantics::Node10,
        Some("<root>/plain/index.node")
    )]
    #[case::broken_main_on_10("broken", Semantics::Node10, None)]
    #[case::number_main_on_20(
        "number",
        Semantics::Node20,
        Some("<root>/number/index.js")
    )]
    fn finds(
        #[case] dir: &'static str,
        #[case] semantics: Semantics,
        #[case] expected: Option<&'static str>,
    ) {
        bounded(move || {
            let tree = Tree::new(TREE);
            let found = try_package(&tree.path(dir), semantics)
                .expect("no error")
                .map(|p| shown(&tree, &p));
            assert_eq!(found.as_deref(), expected);
        });
    }

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

mod find_in {
    use ch01_modules::Semantics;
    use ch01_modules::locate::find_in;
    use kata_support::bounded;
    use rstest::rstest;

    use crate::{Tree, shown};

    /// A file beats a same-named folder; a trailing slash goes straight to the folder.
    #[rstest]
    #[case::file_first("lib", false, Some("<root>/lib.js"))]
    #[case::slash_means_folder("lib", true, Some("<root>/lib/index.js"))]
    #[case::exact_file("lib.js", false, Some("<root>/lib.js"))]
    #[case::exact_file_with_slash("lib.js", true, None)]
    #[case::folder("only", false, Some("<root>/only/index.json"))]
    #[case::nothing("nope", false, None)]
    fn locates(
        #[case] base: &'static str,
        #[case] slash: bool,
        #[case] expected: Option<&'static str>,
    ) {
        bounded(move || {
            let tree = Tree::new("lib.js\nlib/index.js\nonly/index.json: {}");
            let found = find_in(&tree.path(base), slash, Semantics::Node20)
                .expect("no error")
                .map(|p| shown(&tree, &p));
            assert_eq!(found.as_deref(), expected);
        });
    }
}
