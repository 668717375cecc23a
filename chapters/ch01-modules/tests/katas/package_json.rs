//! Katas of `package_json.rs`: what the resolver reads from a package.json.

#[cfg(not(kata_skip = "package_json::read_package"))]
mod read_package {
    use ch01_modules::json::Json;
    use ch01_modules::package_json::{PackageJson, read_package};
    use ch01_modules::{ResolveError, Semantics};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    use crate::katas::Tree;

    /// The three fields, with `main` kept as written and `exports` kept in key order.
    #[test]
    fn reads_name_main_and_exports() {
        bounded(|| {
            let tree = Tree::new(
                "p/package.json: {\"name\": \"p\", \"main\": 3, \"exports\": {\"require\": \"./r.js\", \"default\": \"./d.js\"}}",
            );
            let package = read_package(&tree.path("p"), Semantics::Node20)
                .expect("valid")
                .expect("present");
            let exports = Json::Object(vec![
                ("require".into(), Json::String("./r.js".into())),
                ("default".into(), Json::String("./d.js".into())),
            ]);
            assert_eq!(
                package,
                PackageJson {
                    path: tree.path("p/package.json"),
                    name: Some("p".into()),
                    main: Some(Json::Number(3.0)),
                    exports: Some(exports)
                }
            );
        });
    }

    /// No file, or (Node 10) no `"main"` in the text: nothing to read.
    #[test]
    fn absent_or_unsniffed_is_none() {
        bounded(|| {
            let tree = Tree::new("empty/\np/package.json: {\"name\": \"p\",");
            assert_eq!(
                read_package(&tree.path("empty"), Semantics::Node20),
                Ok(None)
            );
            assert_eq!(read_package(&tree.path("p"), Semantics::Node10), Ok(None));
        });
    }

    /// Malformed JSON is an error naming the file (Node 20 always; Node 10 when it mentions "main").
    #[test]
    fn malformed_names_the_file() {
        bounded(|| {
            let tree = Tree::new(
                "p/package.json: {\"name\": \"p\",\nq/package.json: {\"main\": oops}",
            );
            for (dir, semantics) in [
                ("p", Semantics::Node20),
                ("q", Semantics::Node10),
                ("q", Semantics::Node20),
            ] {
                let error =
                    read_package(&tree.path(dir), semantics).expect_err("malformed");
                let file = tree.path(&format!("{dir}/package.json"));
                assert!(
                    matches!(&error, ResolveError::MalformedPackageJson { path, .. } if *path == file),
                    "{error:?}"
                );
                assert!(
                    error.to_string().contains(&file.display().to_string()),
                    "{error}"
                );
                assert_eq!(error.code(), "SyntaxError");
            }
        });
    }

    /// A byte-order mark is allowed, as Node strips it.
    #[test]
    fn allows_a_bom() {
        bounded(|| {
            let tree = Tree::new("p/package.json: \u{feff}{\"main\": \"m.js\"}");
            let package = read_package(&tree.path("p"), Semantics::Node10)
                .expect("valid")
                .expect("present");
            assert_eq!(package.main, Some(Json::String("m.js".into())));
        });
    }
}
