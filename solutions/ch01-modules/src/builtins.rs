//! Core modules (核心模块): the first step of path analysis.
//!
//! A request that names a core module never touches the file system: `fs`
//! resolves to `fs` even when `node_modules/fs/` exists. Node 20 also accepts
//! the `node:` scheme (`node:fs`), and a few new modules exist only with it
//! (`node:test`). Node 10 knows no scheme: to it `node:fs` is a package name.
//! Book: book/src/ch01-modules/path-analysis.md

use crate::semantics::Semantics;

/// `require('module').builtinModules` on Node 10.24.1.
pub const NODE10_BUILTINS: &[&str] = &[
    "async_hooks",
    "assert",
    "buffer",
    "child_process",
    "console",
    "constants",
    "crypto",
    "cluster",
    "dgram",
    "dns",
    "domain",
    "events",
    "fs",
    "http",
    "http2",
    "_http_agent",
    "_http_client",
    "_http_common",
    "_http_incoming",
    "_http_outgoing",
    "_http_server",
    "https",
    "inspector",
    "module",
    "net",
    "os",
    "path",
    "perf_hooks",
    "process",
    "punycode",
    "querystring",
    "readline",
    "repl",
    "stream",
    "_stream_readable",
    "_stream_writable",
    "_stream_duplex",
    "_stream_transform",
    "_stream_passthrough",
    "_stream_wrap",
    "string_decoder",
    "sys",
    "timers",
    "tls",
    "_tls_common",
    "_tls_wrap",
    "trace_events",
    "tty",
    "url",
    "util",
    "v8",
    "vm",
    "zlib",
    "v8/tools/splaytree",
    "v8/tools/codemap",
    "v8/tools/consarray",
    "v8/tools/csvparser",
    "v8/tools/profile",
    "v8/tools/profile_view",
    "v8/tools/logreader",
    "v8/tools/arguments",
    "v8/tools/tickprocessor",
    "v8/tools/SourceMap",
    "v8/tools/tickprocessor-driver",
    "node-inspect/lib/_inspect",
    "node-inspect/lib/internal/inspect_client",
    "node-inspect/lib/internal/inspect_repl",
];

/// `require('module').builtinModules` on Node 20.20.
pub const NODE20_BUILTINS: &[&str] = &[
    "_http_agent",
    "_http_client",
    "_http_common",
    "_http_incoming",
    "_http_outgoing",
    "_http_server",
    "_stream_duplex",
    "_stream_passthrough",
    "_stream_readable",
    "_stream_transform",
    "_stream_wrap",
    "_stream_writable",
    "_tls_common",
    "_tls_wrap",
    "assert",
    "assert/strict",
    "async_hooks",
    "buffer",
    "child_process",
    "cluster",
    "console",
    "constants",
    "crypto",
    "dgram",
    "diagnostics_channel",
    "dns",
    "dns/promises",
    "domain",
    "events",
    "fs",
    "fs/promises",
    "http",
    "http2",
    "https",
    "inspector",
    "inspector/promises",
    "module",
    "net",
    "os",
    "path",
    "path/posix",
    "path/win32",
    "perf_hooks",
    "process",
    "punycode",
    "querystring",
    "readline",
    "readline/promises",
    "repl",
    "stream",
    "stream/consumers",
    "stream/promises",
    "stream/web",
    "string_decoder",
    "sys",
    "timers",
    "timers/promises",
    "tls",
    "trace_events",
    "tty",
    "url",
    "util",
    "util/types",
    "v8",
    "vm",
    "wasi",
    "worker_threads",
    "zlib",
];

/// Core modules Node 20 serves only with the `node:` scheme: `test` alone is a package name.
pub const NODE20_SCHEME_ONLY: &[&str] = &["sea", "test", "test/reporters"];

// ANCHOR: is_core
/// Kata `builtins::is_core` — does `request` name a core module under `semantics`?
///
/// **Task.** True when `request` is in `semantics.builtins()`. When the
/// semantics knows the `node:` scheme, `node:` followed by a builtin or by one
/// of [`NODE20_SCHEME_ONLY`] is core too; a bare scheme-only name is not.
/// **Node does.** `BuiltinModule.normalizeRequirableId` in
/// `lib/internal/bootstrap/realm.js` (Node 20); `NativeModule.nonInternalExists` (Node 10).
/// **Book.** book/src/ch01-modules/path-analysis.md#is-core
/// **Check.** `cargo xtask check chapter-1 builtins::is_core`
pub fn is_core(request: &str, semantics: Semantics) -> bool {
    // ANCHOR: solution
    if semantics.knows_node_scheme()
        && let Some(id) = request.strip_prefix("node:")
    {
        return semantics.builtins().contains(&id) || NODE20_SCHEME_ONLY.contains(&id);
    }
    semantics.builtins().contains(&request)
    // ANCHOR_END: solution
}
// ANCHOR_END: is_core
