//! Katas of `builtins.rs`: which requests name a core module.

mod is_core {
    use ch01_modules::Semantics;
    use ch01_modules::builtins::is_core;
    use kata_support::bounded;
    use rstest::rstest;

    /// Core names per Node version, with and without the `node:` scheme.
    #[rstest]
    #[case::fs_on_10("fs", Semantics::Node10, true)]
    #[case::fs_on_20("fs", Semantics::Node20, true)]
    #[case::scheme_on_20("node:fs", Semantics::Node20, true)]
    #[case::scheme_unknown_on_10("node:fs", Semantics::Node10, false)]
    #[case::subpath_module_on_20("fs/promises", Semantics::Node20, true)]
    #[case::subpath_module_absent_on_10("fs/promises", Semantics::Node10, false)]
    #[case::scheme_only_with_scheme("node:test", Semantics::Node20, true)]
    #[case::scheme_only_without_scheme("test", Semantics::Node20, false)]
    #[case::not_a_module("node:nope", Semantics::Node20, false)]
    #[case::package_name("koa", Semantics::Node20, false)]
    #[case::worker_threads_on_10("worker_threads", Semantics::Node10, false)]
    #[case::v8_tools_on_10("v8/tools/codemap", Semantics::Node10, true)]
    fn names_core_modules(
        #[case] request: &'static str,
        #[case] semantics: Semantics,
        #[case] core: bool,
    ) {
        bounded(move || {
            assert_eq!(
                is_core(request, semantics),
                core,
                "{request} on {semantics}"
            )
        });
    }
}
