//! Katas of `cycles.rs`: what a circular `require` sees.

#[cfg(not(kata_skip = "cycles::run"))]
mod run {
    use ch01_modules::cycles::{ModuleGraph, Step, UnknownModule, docs_example, run};
    use ch01_modules::json::Json;
    use kata_support::bounded;
    use kata_support::cases;
    use kata_support::oracle::{NodeVersion, recorded};
    use pretty_assertions::assert_eq;

    use crate::katas::CHAPTER;

    /// Node's docs' a.js/b.js/main.js: b sees a's partial exports `{"done":false}`.
    #[test]
    fn docs_example_trace() {
        let trace =
            bounded(|| run(&docs_example()).expect("a closed graph").join("\n"));
        let mut settings = kata_support::snapshot_settings(CHAPTER);
        settings.set_snapshot_suffix("docs_example");
        settings.bind(|| insta::assert_snapshot!("trace", trace));
    }

    fn three_cycle() -> ModuleGraph {
        let set = |k: &str, v: i32| Step::Set {
            key: k.into(),
            value: Json::Number(v.into()),
        };
        let req = |m: &str| Step::Require(m.into());
        ModuleGraph::default()
            .module("main", vec![req("a"), set("m", 1), req("c")])
            .module("a", vec![set("x", 1), req("b"), set("y", 2), set("x", 3)])
            .module("b", vec![req("c"), set("b", 1)])
            .module("c", vec![set("c", 1), req("a"), req("b"), set("c", 2)])
    }

    /// The model's trace equals what the generated files print in real Node 10 and 20.
    fn matches_real_node(version: NodeVersion, case: &'static str) {
        bounded(move || {
            let graph = if case == "docs" {
                docs_example()
            } else {
                three_cycle()
            };
            // The input is every generated file, by name, in the graph's order.
            let files: Vec<(String, String)> = graph
                .modules
                .iter()
                .map(|(name, _)| (format!("{name}.js"), graph.to_js(name)))
                .collect();
            let input: String = files
                .iter()
                .map(|(file, js)| format!("// {file}\n{js}\n"))
                .collect();
            let observed = recorded(
                CHAPTER,
                &format!("cycles/{case}"),
                version,
                &input,
                1,
                |node| {
                    let dir = tempfile::tempdir()?;
                    for (file, js) in &files {
                        std::fs::write(dir.path().join(file), js)?;
                    }
                    kata_support::oracle::run_once(node, &dir.path().join("main.js"))
                },
            );
            let real = observed.outcomes.keys().next().expect("at least one run");
            assert!(real.success, "{version} failed on the graph:\n{observed}");
            let model = run(&graph).expect("a closed graph");
            assert_eq!(model, real.lines);
        });
    }
    cases!(matches_real_node {
        docs_node10: (NodeVersion::V10, "docs"),
        docs_node20: (NodeVersion::V20, "docs"),
        three_cycle_node20: (NodeVersion::V20, "three"),
    });

    /// Requiring a module the graph lacks is an error naming both ends.
    #[test]
    fn unknown_module_is_an_error() {
        bounded(|| {
            let graph = ModuleGraph::default()
                .module("main", vec![Step::Require("ghost".into())]);
            assert_eq!(
                run(&graph),
                Err(UnknownModule {
                    from: "main".into(),
                    name: "ghost".into()
                })
            );
        });
    }
}
