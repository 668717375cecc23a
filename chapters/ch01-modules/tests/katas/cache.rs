//! Katas of `cache.rs`: the module cache, consulted before anything else.

#[cfg(not(kata_skip = "cache::require"))]
mod require {
    use ch01_modules::Semantics;
    use ch01_modules::cache::{LoadError, ModuleCache, Required};
    use kata_support::bounded;
    use pretty_assertions::assert_eq;

    use crate::katas::Tree;

    /// The second `require` of a request is a cache hit, even after the file is gone.
    #[test]
    fn cache_comes_first() {
        bounded(|| {
            let tree = Tree::new("app/a.js: exports.a = 1");
            let mut cache = ModuleCache::new(Semantics::Node20);
            let first = cache.require("./a", &tree.path("app")).expect("loads");
            assert_eq!(
                first,
                Required::File {
                    filename: tree.path("app/a.js"),
                    cached: false
                }
            );
            std::fs::remove_file(tree.path("app/a.js")).expect("removing");
            let second = cache.require("./a", &tree.path("app")).expect("cached");
            assert_eq!(
                second,
                Required::File {
                    filename: tree.path("app/a.js"),
                    cached: true
                }
            );
            assert_eq!(cache.compilations, 1);
        });
    }

    /// One file reached by three paths (with and without extension, through a symlink) is one module.
    #[test]
    fn keyed_by_real_path() {
        bounded(|| {
            let tree = Tree::new("real/m.js\napp/link.js -> ../real/m.js");
            let mut cache = ModuleCache::new(Semantics::Node10);
            for request in ["../real/m", "../real/m.js", "./link"] {
                cache.require(request, &tree.path("app")).expect("loads");
            }
            assert_eq!(cache.compilations, 1);
            assert_eq!(
                cache.modules.keys().cloned().collect::<Vec<_>>(),
                [tree.path("real/m.js")]
            );
        });
    }

    /// Core modules never touch the file cache; errors say what failed.
    #[test]
    fn core_and_errors() {
        bounded(|| {
            let tree = Tree::new("app/node_modules/fs/index.js\napp/bad.json: {oops");
            let mut cache = ModuleCache::new(Semantics::Node20);
            assert_eq!(
                cache.require("fs", &tree.path("app")),
                Ok(Required::Core("fs".into()))
            );
            assert!(cache.modules.is_empty());
            let bad = cache.require("./bad.json", &tree.path("app"));
            assert!(
                matches!(&bad, Err(LoadError::Compile(e)) if e.path == tree.path("app/bad.json")),
                "{bad:?}"
            );
            assert!(matches!(
                cache.require("./nope", &tree.path("app")),
                Err(LoadError::Resolve(_))
            ));
        });
    }
}
