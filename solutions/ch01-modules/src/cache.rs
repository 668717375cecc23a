//! The module cache (缓存): every `require` after the first is a lookup.
//!
//! Node caches twice. `relativeResolveCache` remembers which file a request
//! from a given folder resolved to, so a repeated `require('./x')` does not
//! touch the disk; `Module._cache` holds compiled modules keyed by their real
//! path, so one file reached through two paths (a symlink, `./x` and `./x.js`)
//! is one module. The notes' order — cache, then core modules, then files —
//! is this: the cache is consulted before anything is resolved or read.
//! Book: book/src/ch01-modules/cache.md

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::compile::{CompileError, Compiled, compile};
use crate::error::ResolveError;
use crate::resolve::{Resolved, resolve};
use crate::semantics::Semantics;

/// What one `require` call produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Required {
    /// A core module; never stored in the file cache.
    Core(String),
    /// A file module, by real path.
    File {
        /// The module's real path (its cache key and `__filename`).
        filename: PathBuf,
        /// True when this call was answered from the cache, without compiling.
        cached: bool,
    },
}

/// Why a `require` failed.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadError {
    /// The request did not resolve.
    Resolve(ResolveError),
    /// The file resolved but could not be read.
    Read {
        /// The file.
        path: PathBuf,
        /// The operating system's message.
        message: String,
    },
    /// The loader rejected the file (e.g. malformed JSON).
    Compile(CompileError),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Resolve(error) => write!(f, "{error}"),
            LoadError::Read { path, message } => {
                write!(f, "cannot read {}: {message}", path.display())
            }
            LoadError::Compile(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for LoadError {}

/// Node's two caches for one process.
#[derive(Debug, Clone)]
pub struct ModuleCache {
    /// Which Node's resolver to use.
    pub semantics: Semantics,
    /// `Module._cache`: real path → compiled module.
    pub modules: HashMap<PathBuf, Compiled>,
    /// `relativeResolveCache`: (requiring folder, request) → real path.
    pub resolved: HashMap<(PathBuf, String), PathBuf>,
    /// How many times a loader ran (one per file, however often it is required).
    pub compilations: usize,
}

impl ModuleCache {
    /// An empty cache.
    pub fn new(semantics: Semantics) -> ModuleCache {
        ModuleCache {
            semantics,
            modules: HashMap::new(),
            resolved: HashMap::new(),
            compilations: 0,
        }
    }

    /// Kata `cache::require` — `require(request)`
    /// from a module in `from_dir`, with both caches.
    ///
    /// **Task.** `require(request)` from `from_dir`, with Node's two caches: a
    /// request already resolved from that folder is answered from the caches without
    /// resolving or reading again (even if the file was deleted since); a new request
    /// is resolved, and a file already loaded under its real path is not read twice.
    /// Otherwise the file is read, [`compile`]d, counted in `compiled` and cached. A
    /// core module is [`Required::Core`].
    /// **Node does.** `Module._load`: `relativeResolveCache`,
    /// `Module._resolveFilename`, `Module._cache[filename]`, then
    /// `module.load(filename)`.
    /// **Book.** book/src/ch01-modules/cache.md#require
    /// **Check.** `cargo xtask check chapter-1 cache::require`
    // ANCHOR: require
    pub fn require(
        &mut self,
        request: &str,
        from_dir: &Path,
    ) -> Result<Required, LoadError> {
        // ANCHOR: solution
        let key = (from_dir.to_path_buf(), request.to_owned());
        if let Some(filename) = self.resolved.get(&key)
            && self.modules.contains_key(filename)
        {
            return Ok(Required::File {
                filename: filename.clone(),
                cached: true,
            });
        }
        let filename = match resolve(request, from_dir, self.semantics) {
            Ok(Resolved::Core(id)) => return Ok(Required::Core(id)),
            Ok(Resolved::File(filename)) => filename,
            Err(error) => return Err(LoadError::Resolve(error)),
        };
        self.resolved.insert(key, filename.clone());
        if self.modules.contains_key(&filename) {
            return Ok(Required::File {
                filename,
                cached: true,
            });
        }
        let text = std::fs::read(&filename).map_err(|error| LoadError::Read {
            path: filename.clone(),
            message: error.to_string(),
        })?;
        // Node decodes module text as UTF-8,
        // replacing invalid bytes; addons are binary.
        let text = String::from_utf8_lossy(&text);
        let compiled = compile(&filename, &text).map_err(LoadError::Compile)?;
        self.compilations += 1;
        self.modules.insert(filename.clone(), compiled);
        Ok(Required::File {
            filename,
            cached: false,
        })
        // ANCHOR_END: solution
    }
    // ANCHOR_END: require
}
