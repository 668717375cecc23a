//! Which Node's resolver to model (provided scaffolding): Node 10 or Node 20.
//!
//! The CommonJS algorithm barely changed in ten years, but the edges did:
//! Node 12 added package `exports` and self-references, Node 14.18/16 the
//! `node:` scheme, Node 16 stopped sniffing package.json for `"main"`, and
//! Node 12 stopped accepting a non-string `main`. The resolver takes the
//! semantics as a value instead of copying itself.
//! Book: book/src/ch01-modules/index.md

use std::fmt;

/// The two resolver behaviours this chapter models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Semantics {
    /// Node 10.24.1, the Node the notes describe.
    Node10,
    /// Node 20, the current long-term line on these machines.
    Node20,
}

impl Semantics {
    /// The semantics of a Node major version; only 10 and 20 are modelled.
    pub fn for_node(major: u32) -> Result<Semantics, UnsupportedNode> {
        match major {
            10 => Ok(Semantics::Node10),
            20 => Ok(Semantics::Node20),
            _ => Err(UnsupportedNode(major)),
        }
    }

    /// The major version this semantics models.
    pub fn major(self) -> u32 {
        match self {
            Semantics::Node10 => 10,
            Semantics::Node20 => 20,
        }
    }

    /// The core modules a user may `require` without a scheme, as
    /// `require('module').builtinModules` lists them.
    pub fn builtins(self) -> &'static [&'static str] {
        match self {
            Semantics::Node10 => NODE10_BUILTINS,
            Semantics::Node20 => NODE20_BUILTINS,
        }
    }

    /// Core modules served only with the `node:`
    /// scheme (`node:test`); none on Node 10.
    pub fn scheme_only_builtins(self) -> &'static [&'static str] {
        match self {
            Semantics::Node10 => &[],
            Semantics::Node20 => NODE20_SCHEME_ONLY,
        }
    }

    /// Whether `node:fs` names the core module `fs` (Node ≥ 14.18).
    /// Node 10 treats `node:fs` as an ordinary package name.
    pub fn knows_node_scheme(self) -> bool {
        self == Semantics::Node20
    }

    /// Whether package.json `exports` and package
    /// self-references are honoured (Node ≥ 12).
    pub fn honours_exports(self) -> bool {
        self == Semantics::Node20
    }

    /// Whether a package.json is parsed only when its text contains `"main"`.
    ///
    /// Node 10's C++ reader (`internalModuleReadJSON`) returned nothing for a
    /// file without the bytes `"main"`, so a broken package.json without a
    /// `main` was never parsed and never an error. Node 20 parses every one.
    pub fn sniffs_for_main(self) -> bool {
        self == Semantics::Node10
    }
}

impl fmt::Display for Semantics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Node {}", self.major())
    }
}

/// A Node version this model does not cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnsupportedNode(pub u32);

impl fmt::Display for UnsupportedNode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "node {} is not modelled: use 10 (the notes' Node) or 20",
            self.0
        )
    }
}

impl std::error::Error for UnsupportedNode {}

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

/// Core modules Node 20 serves only with the
/// `node:` scheme: `test` alone is a package name.
pub const NODE20_SCHEME_ONLY: &[&str] = &["sea", "test", "test/reporters"];
