//! Circular requires (循环引用): what a module
//! sees when it requires one still loading.
//!
//! Node puts a module in the cache *before* running it. If `a` requires `b`
//! and `b` requires `a` back, `b` gets `a`'s `exports` as they are at that
//! moment — partly filled — and runs on; `a` finishes later. The model runs a
//! graph of tiny modules (set an export, require another) and prints the same
//! trace the generated JavaScript prints in real Node.
//! Book: book/src/ch01-modules/cycles.md

use std::collections::HashMap;
use std::fmt;

use crate::json::Json;

/// One statement of a model module.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// `exports.<key> = <value>` — printed as `<m> sets <key> = <value>`.
    Set {
        /// The export's name.
        key: String,
        /// Its new value.
        value: Json,
    },
    /// `require('./<name>.js')` — printed as `<m> requires <name>`, then
    /// (after anything the required module prints) `<m> got <name> = <exports>`.
    Require(String),
}

/// A program: module name → its statements. `main` is the entry point.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ModuleGraph {
    /// The modules, in the order they were added.
    pub modules: Vec<(String, Vec<Step>)>,
}

impl ModuleGraph {
    /// Adds (or replaces) a module.
    pub fn module(mut self, name: &str, steps: Vec<Step>) -> ModuleGraph {
        self.modules.retain(|(n, _)| n != name);
        self.modules.push((name.to_owned(), steps));
        self
    }

    /// The statements of `name`, if the graph has it.
    pub fn steps(&self, name: &str) -> Option<&[Step]> {
        self.modules
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, steps)| steps.as_slice())
    }

    /// Provided: `name`'s module as a real CommonJS file that prints the same trace.
    pub fn to_js(&self, name: &str) -> String {
        let mut js = format!("console.log('{name} starts');\n");
        for step in self.steps(name).unwrap_or_default() {
            match step {
                Step::Set { key, value } => js.push_str(&format!(
                    "exports.{key} = {value};\nconsole.log('{name} sets {key} = ' + JSON.stringify(exports.{key}));\n"
                )),
                Step::Require(dep) => js.push_str(&format!(
                    "console.log('{name} requires {dep}');\n{{\n  const m = require('./{dep}.js');\n  console.log('{name} got {dep} = ' + JSON.stringify(m));\n}}\n"
                )),
            }
        }
        js.push_str(&format!(
            "console.log('{name} finished ' + JSON.stringify(module.exports));\n"
        ));
        js
    }
}

/// Node's docs' example: `main` requires `a` and `b`; `a` and `b` require each other.
pub fn docs_example() -> ModuleGraph {
    let set = |key: &str, value: bool| Step::Set {
        key: key.to_owned(),
        value: Json::Bool(value),
    };
    let require = |name: &str| Step::Require(name.to_owned());
    ModuleGraph::default()
        .module("main", vec![require("a"), require("b")])
        .module(
            "a",
            vec![set("done", false), require("b"), set("done", true)],
        )
        .module(
            "b",
            vec![set("done", false), require("a"), set("done", true)],
        )
}

/// A graph that requires a module it does not define.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownModule {
    /// The module whose `require` failed.
    pub from: String,
    /// The missing module.
    pub name: String,
}

impl fmt::Display for UnknownModule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} requires {}, which the graph does not define",
            self.from, self.name
        )
    }
}

impl std::error::Error for UnknownModule {}

/// Provided: `exports` as `JSON.stringify`
/// prints it (keys in the order they were set).
pub fn exports_json(exports: &[(String, Json)]) -> String {
    Json::Object(exports.to_vec()).to_string()
}

/// Kata `cycles::run` — run the graph from `main` and return the lines it prints.
///
/// **Task.** Run `entry` of `graph` as CommonJS does and return what it prints (line
/// formats on [`Step`], `<exports>` by [`exports_json`]): each module runs once, the
/// first time it is required, between `<m> starts` and `<m> finished <exports>`. A
/// module required again — also while it is still running, in a cycle — runs nothing
/// and hands back its `exports` as they are at that moment, possibly half-filled. A
/// `require` of a name the graph lacks is an [`UnknownModule`] error.
/// **Node does.** `Module._load` caches `module` before `module.load()`; a
/// cycle hits the cache and returns the partial `module.exports`.
/// **Book.** book/src/ch01-modules/cycles.md#run
/// **Check.** `cargo xtask check chapter-1 cycles::run`
// ANCHOR: run
pub fn run(graph: &ModuleGraph) -> Result<Vec<String>, UnknownModule> {
    todo!("kata cycles::run")
}
// ANCHOR_END: run
