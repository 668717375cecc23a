//! Which Node's resolver to model (provided scaffolding): Node 10 or Node 20.
//!
//! The CommonJS algorithm barely changed in ten years, but the edges did:
//! Node 12 added package `exports` and self-references, Node 14.18/16 the
//! `node:` scheme, Node 16 stopped sniffing package.json for `"main"`, and
//! Node 12 stopped accepting a non-string `main`. The resolver takes the
//! semantics as a value instead of copying itself.
//! Book: book/src/ch01-modules/index.md

use std::fmt;

use crate::builtins::{NODE10_BUILTINS, NODE20_BUILTINS};

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

    /// Whether `node:fs` names the core module `fs` (Node ≥ 14.18).
    /// Node 10 treats `node:fs` as an ordinary package name.
    pub fn knows_node_scheme(self) -> bool {
        self == Semantics::Node20
    }

    /// Whether package.json `exports` and package self-references are honoured (Node ≥ 12).
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
