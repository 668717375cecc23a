//! Katas of `builtins.rs`: which requests name a core module.

#[cfg(not(kata_skip = "builtins::is_core"))]
mod is_core {
    use ch01_modules::Semantics;
    use ch01_modules::builtins::is_core;
    use kata_support::bounded;
    use kata_support::cases;

    /// Core names per Node version, with and without the `node:` scheme.
    fn names_core_modules(request: &'static str, semantics: Semantics, core: bool) {
        bounded(move || {
            assert_eq!(
                is_core(request, semantics),
                core,
                "{request} on {semantics}"
            )
        });
    }
    cases!(names_core_modules {
        fs_on_10: ("fs", Semantics::Node10, true),
        fs_on_20: ("fs", Semantics::Node20, true),
        scheme_on_20: ("node:fs", Semantics::Node20, true),
        scheme_unknown_on_10: ("node:fs", Semantics::Node10, false),
        subpath_module_on_20: ("fs/promises", Semantics::Node20, true),
        subpath_module_absent_on_10: ("fs/promises", Semantics::Node10, false),
        scheme_only_with_scheme: ("node:test", Semantics::Node20, true),
        scheme_only_without_scheme: ("test", Semantics::Node20, false),
        not_a_module: ("node:nope", Semantics::Node20, false),
        package_name: ("koa", Semantics::Node20, false),
        worker_threads_on_10: ("worker_threads", Semantics::Node10, false),
        v8_tools_on_10: ("v8/tools/codemap", Semantics::Node10, true),
    });
}
